"""schemathesis over the whole schema, against the live server, authenticated as a lead with a
token: no answer is a server error, and every answer (its status, content type, headers and
body) is what the schema says. Bounded: a few examples per operation, about a minute in all."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import make_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def lead_secret(personas, world, auditing, planning, settings):
    settings.API_RATE_LIMIT = "100000/hour"
    return make_token(personas.lead, ["write"]).secret


# schemathesis' lazy pytest loader (`from_fixture`) does not run under pytest 9 (it reads the
# node's private `_nodeid`): the test walks the schema's operations itself, one Hypothesis run
# each, and reports every operation that fails.
@pytest.mark.django_db(transaction=True)
def test_the_api_answers_as_its_schema_says(live_server, lead_secret):
    # The schema is built on request: on a busy CI machine that took more than schemathesis's
    # default 10 s once. How fast it comes is not what this test measures.
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/", timeout=60)
    headers = {"Authorization": f"Bearer {lead_secret}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as error:
            failures.append(f"{operation.label}: {_summary(error)}")
    assert operations == 46  # every operation of the schema, each tried
    assert not failures, "\n\n".join(failures)


def _summary(error: Exception) -> str:
    """The first lines of each sub-failure: enough to see what broke, not pages of it."""
    found = getattr(error, "exceptions", None) or [error]
    return " | ".join(" ".join(str(e).split("\n")[:8])[:600] for e in found)

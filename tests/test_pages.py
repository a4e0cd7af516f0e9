"""Every page of the foundation: who may see it, and a query count that does not grow with data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.templatetags.static import static as static_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.demo import build_organisation
from tests.conftest import PERSONA_NAMES

# Pages every persona that logs in may open, with the most queries each may take. For a team
# member, the navigation asks once whether an audit is theirs (the Audits item).
PAGES = {
    "home": 33,  # a team member's home runs every reminder provider for their tasks
    "profile": 12,
    "channels_registry:index": 16,
    "channels_registry:platforms": 12,
    "governance:index": 18,  # its badges and list ask three reminder providers (My tasks')
    "governance:matrix": 17,
    "governance:offboardings": 14,
    "policies:index": 16,
}
# Every persona that may log in sees these pages; the deactivated one cannot log in.
EXPECTED = {name: 200 for name in PERSONA_NAMES} | {"deactivated": 302, "anonymous": 302}

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("persona", [*PERSONA_NAMES, "anonymous"])
def test_page_answers_each_persona_as_designed(client, personas, url_name, persona):
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))
    response = client.get(reverse(url_name))
    assert response.status_code == EXPECTED[persona]
    if response.status_code == 302:
        assert response.url.startswith(reverse("account_login"))


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", PAGES)
def test_query_count_does_not_grow_with_the_organisation(client, personas, url_name):
    url = reverse(url_name)
    client.force_login(personas.owner)
    build_organisation("demo", password="unused-pass-1")
    client.get(url)  # the first request of a session records it (allauth usersessions)
    small = _queries(client, url)
    from accounts.demo import SIZES, Size

    SIZES["bigger"] = Size("bigger", people=400, channels=0, grants=0)
    try:
        build_organisation("bigger", password="unused-pass-1")
    finally:
        del SIZES["bigger"]
    large = _queries(client, url)
    assert small == large, f"{url_name}: {small} queries with 40 people, {large} with 400"
    assert large <= PAGES[url_name], f"{url_name}: {large} queries"


def test_what_a_signed_in_person_is_shown_is_kept_out_of_every_cache(settings, personas):
    settings.WHITENOISE_USE_FINDERS = True  # static files served from the source, as in DEBUG
    client = Client()
    client.force_login(personas.lead)
    governed = [reverse(name) for name in PAGES] + [reverse("channels_registry:export")]
    for url in governed:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url
    # Static files are the same for everyone: WhiteNoise answers them, cacheable.
    static = client.get(static_url("css/gouvernail.css"))
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")
    # Health checks say no-store themselves; nothing else changes for them.
    client.logout()
    assert "no-store" in client.get(reverse("healthz"))["Cache-Control"]

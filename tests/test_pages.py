"""Every page of the foundation: a query count that does not grow with data, and no page kept in
a cache. Who may see each page: tests/test_authorization_matrix.py."""

from __future__ import annotations

import pytest
from django.templatetags.static import static as static_url
from django.test import Client
from django.urls import reverse

from accounts.demo import build_organisation
from tests.support.queries import pinned_queries

# Pages every persona that logs in may open; their query counts are pinned in
# tests/query_counts.json (tests/support/queries.py). For a team member, the navigation asks once
# whether an audit is theirs (the Audits item).
PAGES = (
    "home",  # a team member's home runs every reminder provider for their tasks
    "profile",
    "channels_registry:index",
    "channels_registry:platforms",
    "governance:index",  # its badges and list ask three reminder providers (My tasks')
    "governance:matrix",
    "governance:offboardings",
    "policies:index",
    "api_docs",  # the API's documentation: the page only; its scripts read the schema after
    "api_redoc",
)
pytestmark = pytest.mark.django_db


def _pinned(client, url_name: str) -> None:
    with pinned_queries(f"pages/{url_name}"):
        assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("url_name", PAGES)
def test_query_count_does_not_grow_with_the_organisation(client, personas, url_name):
    url = reverse(url_name)
    client.force_login(personas.owner)
    build_organisation("demo", password="unused-pass-1")
    client.get(url)  # the first request of a session records it (allauth usersessions)
    _pinned(client, url_name)  # 40 people
    from accounts.demo import SIZES, Size

    SIZES["bigger"] = Size("bigger", people=400, channels=0, grants=0)
    try:
        build_organisation("bigger", password="unused-pass-1")
    finally:
        del SIZES["bigger"]
    _pinned(client, url_name)  # 400: the same count


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

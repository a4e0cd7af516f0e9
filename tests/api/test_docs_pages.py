"""The API's documentation pages without a browser: signed in only, every script and style from
our static files, and a CSP that only Redoc's page widens, by its nonce, two hashes and a blob:
worker (tests/browser/test_api_docs.py runs them in Chromium)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.fixture
def member(personas) -> Client:
    client = Client()
    client.force_login(personas.member)
    return client


def test_signed_out_the_pages_send_you_to_the_login_page(client):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")


def test_swagger_ui_runs_from_our_files_its_start_script_by_nonce(member):
    answer = member.get("/api/v1/docs/")
    html = answer.content.decode()
    policy = _policy(answer)
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert f'<script nonce="{nonce}">' in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert not re.search(r"(src|href)=\"https?://", html)  # no CDN
    assert policy["style-src"] == "'self'" and "worker-src" not in policy


def test_redoc_gives_its_nonce_to_its_styles_on_its_page_alone(member):
    answer = member.get("/api/v1/redoc/")
    html = answer.content.decode()
    policy = _policy(answer)
    nonce = re.search(r"'nonce-([^']+)'", policy["style-src"]).group(1)
    assert f'"nonce": "{nonce}"' in html  # Redoc's options, for styled-components
    assert policy["worker-src"] == "'self' blob:"
    assert "<script>" not in html and "/static/js/api-redoc.js" in html
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert not re.search(r"(src|href)=\"https?://", html)
    elsewhere = _policy(member.get("/profile/api-tokens/"))
    assert elsewhere["style-src"] == "'self'" and "worker-src" not in elsewhere


def test_the_tokens_page_links_to_the_documentation(member):
    html = member.get("/profile/api-tokens/").content.decode()
    assert 'href="/api/v1/docs/"' in html and 'href="/api/v1/redoc/"' in html

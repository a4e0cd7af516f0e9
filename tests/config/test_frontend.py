"""Assets come from packages; pages carry a CSP and no inline script or style."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


def test_bootstrap_and_htmx_come_from_packages():
    bootstrap = finders.find("bootstrap/css/bootstrap.min.css")
    assert bootstrap and "site-packages" in bootstrap
    assert finders.find("bootstrap/js/bootstrap.bundle.min.js")
    assert finders.find("django_htmx/htmx-2.min.js")


@pytest.mark.parametrize(
    "name", ["home", "profile", "account_login", "mfa_index", "usersessions_list"]
)
def test_pages_send_a_csp_and_contain_no_inline_script(client, personas, name):
    if name != "account_login":
        client.force_login(personas.member)
    response = client.get(reverse(name))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert ' style="' not in html
    assert 'src="/static/bootstrap/js/bootstrap.bundle.min.js"' in html
    assert "django_htmx/htmx-2.min.js" in html

"""The test identity providers the SSO tests sign in through are real and answer as one should.

Each test drives a provider with plain HTTP, as a relying party (or service provider) and a
browser would: the OpenID provider through discovery, the code flow with PKCE, a signed ID token
and userinfo; the SAML identity provider through its metadata and a signed response that
python3-saml, the library allauth's SAML provider uses, accepts.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

pytestmark = pytest.mark.real_clock

CALLBACK = "http://localhost:8765/accounts/oidc/acme/login/callback/"


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _form_fields(page: str) -> dict[str, str]:
    """The hidden inputs of a page's form (name → value)."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return fields


def _authorize(session, discovery, client_id, params) -> requests.Response:
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": CALLBACK,
        "scope": "openid profile email",
        "state": "the-state",
        "nonce": "the-nonce",
        **params,
    }
    return session.get(discovery["authorization_endpoint"], params=query, allow_redirects=False)


def _sign_in_for_code(provider, session, discovery, challenge, email, password) -> str:
    """Ask for a code, sign in through the form as a browser would, and return the code."""
    answer = _authorize(
        session,
        discovery,
        provider.client_id,
        {"code_challenge": challenge, "code_challenge_method": "S256"},
    )
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/login/?next=")
    form_page = session.get(provider.base_url + answer.headers["Location"])
    assert 'name="email"' in form_page.text
    assert 'name="password"' in form_page.text
    answer = session.post(
        provider.login_url,
        data={**_form_fields(form_page.text), "email": email, "password": password},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text
    answer = session.get(provider.base_url + answer.headers["Location"], allow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    query = parse_qs(back.query)
    assert query["state"] == ["the-state"]
    return query["code"][0]


def test_the_openid_provider_signs_in_with_code_pkce_and_a_signed_id_token(oidc_provider):
    oidc_provider.add_redirect_uri(CALLBACK)
    oidc_provider.add_user(
        "ada@example.org",
        "correct horse",
        "Ada",
        "Lovelace",
        groups=["gouvernail-leads", "marketing"],
        amr=["pwd", "mfa"],
        acr="urn:example:mfa",
    )
    session = requests.Session()
    discovery = session.get(oidc_provider.discovery_url).json()
    assert discovery["issuer"] == oidc_provider.issuer
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert {"groups", "amr", "acr", "email"} <= set(discovery["claims_supported"])

    verifier, challenge = _pkce()
    code = _sign_in_for_code(
        oidc_provider, session, discovery, challenge, "ada@example.org", "correct horse"
    )
    tokens = requests.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "code_verifier": verifier,
        },
        auth=(oidc_provider.client_id, oidc_provider.client_secret),
    ).json()

    key = jwt.PyJWKClient(discovery["jwks_uri"]).get_signing_key_from_jwt(tokens["id_token"])
    claims = jwt.decode(
        tokens["id_token"],
        key,
        algorithms=["RS256"],
        audience=oidc_provider.client_id,
        issuer=oidc_provider.issuer,
    )
    expected = {
        "email": "ada@example.org",
        "email_verified": True,
        "given_name": "Ada",
        "family_name": "Lovelace",
        "name": "Ada Lovelace",
        "groups": ["gouvernail-leads", "marketing"],
        "amr": ["pwd", "mfa"],
        "acr": "urn:example:mfa",
        "nonce": "the-nonce",
    }
    assert {name: claims.get(name) for name in expected} == expected
    userinfo = requests.get(
        discovery["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    ).json()
    assert userinfo["sub"] == claims["sub"]
    assert userinfo["groups"] == ["gouvernail-leads", "marketing"]
    assert userinfo["amr"] == ["pwd", "mfa"]


def test_the_openid_provider_refuses_a_code_request_without_s256_pkce(oidc_provider):
    oidc_provider.add_redirect_uri(CALLBACK)
    oidc_provider.add_user("cy@example.org", "pw")
    discovery = requests.get(oidc_provider.discovery_url).json()
    session = requests.Session()
    form_page = session.get(oidc_provider.login_url)
    session.post(
        oidc_provider.login_url,
        data={**_form_fields(form_page.text), "email": "cy@example.org", "password": "pw"},
    )
    for pkce in ({}, {"code_challenge": "x" * 43, "code_challenge_method": "plain"}):
        answer = _authorize(session, discovery, oidc_provider.client_id, pkce)
        assert answer.status_code == 302
        assert answer.headers["Location"].startswith(CALLBACK + "?error=invalid_request"), pkce


def test_a_user_changed_at_the_openid_provider_has_the_new_claims(oidc_provider):
    oidc_provider.add_redirect_uri(CALLBACK)
    oidc_provider.add_user("bo@example.org", "one", "Bo", "Ek", groups=["a"], amr=["pwd", "mfa"])
    sub = oidc_provider.add_user("bo@example.org", "two", "Bo", "Ek", groups=[])
    session = requests.Session()
    discovery = session.get(oidc_provider.discovery_url).json()
    verifier, challenge = _pkce()
    code = _sign_in_for_code(oidc_provider, session, discovery, challenge, "bo@example.org", "two")
    tokens = requests.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "code_verifier": verifier,
            "client_id": oidc_provider.client_id,
            "client_secret": oidc_provider.client_secret,
        },
    ).json()
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert (claims["sub"], claims["groups"], claims["amr"]) == (sub, [], ["pwd"])
    assert "acr" not in claims

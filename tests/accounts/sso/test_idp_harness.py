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


SP = "http://localhost:8765/accounts/saml/acme"


def _saml_settings(idp: dict) -> dict:
    """python3-saml's settings for an SP as allauth builds them (strict, signatures wanted)."""
    return {
        "strict": True,
        "sp": {
            "entityId": f"{SP}/metadata/",
            "assertionConsumerService": {
                "url": f"{SP}/acs/",
                "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
            },
        },
        "idp": idp,
        "security": {
            "wantAssertionsSigned": True,
            "wantMessagesSigned": True,
            "rejectDeprecatedAlgorithm": True,
            "allowSingleLabelDomains": True,
        },
    }


def _acs_request(post_data: dict) -> dict:
    return {
        "https": "off",
        "http_host": "localhost:8765",
        "script_name": "",
        "path_info": "/accounts/saml/acme/acs/",
        "get_data": {},
        "post_data": post_data,
    }


def _sign_in_at_idp(session, sign_in_page, email, password) -> dict:
    """Fill the IdP's sign-in form; the fields of the form it answers with (to post to the ACS)."""
    assert sign_in_page.status_code == 200, sign_in_page.text
    assert 'name="email"' in sign_in_page.text
    answer = session.post(
        re.sub(r"/sso/.*$", "/login", sign_in_page.url),
        data={**_form_fields(sign_in_page.text), "email": email, "password": password},
    )
    assert answer.status_code == 200, answer.text
    assert 'action="http://localhost:8765/accounts/saml/acme/acs/"' in answer.text
    return _form_fields(answer.text)


def _parsed_metadata(saml_idp, binding: str) -> dict:
    """The IdP's settings as python3-saml parses its metadata for `binding` (both are offered;
    the SP picks one), checked against what the IdP is."""
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    parsed = OneLogin_Saml2_IdPMetadataParser.parse(
        saml_idp.metadata(),
        required_sso_binding=f"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-{binding}",
    )["idp"]
    assert parsed["entityId"] == saml_idp.entity_id
    sso_url = saml_idp.sso_url if binding == "Redirect" else saml_idp.sso_post_url
    assert parsed["singleSignOnService"]["url"] == sso_url
    assert parsed["x509cert"] == saml_idp.x509cert
    remote = OneLogin_Saml2_IdPMetadataParser.parse_remote(
        saml_idp.metadata_url, entity_id=saml_idp.entity_id
    )
    assert remote["idp"]["x509cert"] == saml_idp.x509cert  # as allauth reads "metadata_url"
    return parsed


def _send_authn_request(saml_idp, session, sp, binding: str):
    """Send the SP's AuthnRequest with `binding`; the IdP's sign-in page and the request's ID."""
    from onelogin.saml2.authn_request import OneLogin_Saml2_Authn_Request

    if binding == "Redirect":
        saml_idp.register_sp(f"{SP}/metadata/", f"{SP}/acs/")
        return session.get(sp.login(return_to="/after/")), sp.get_last_request_id()
    # HTTP-POST: the SP's own metadata, as allauth serves it, and an AuthnRequest base64-encoded
    # in a form instead of deflated.
    saml_idp.register_sp_metadata(sp.get_settings().get_sp_metadata())
    request = OneLogin_Saml2_Authn_Request(sp.get_settings())
    page = session.post(
        saml_idp.sso_post_url,
        data={"SAMLRequest": request.get_request(deflate=False), "RelayState": "/after/"},
    )
    return page, request.get_id()


@pytest.mark.parametrize("binding", ["Redirect", "POST"])
def test_the_saml_idp_answers_an_authn_request_with_a_signed_response(saml_idp, binding):
    from onelogin.saml2.auth import OneLogin_Saml2_Auth

    saml_idp.add_user(
        "ada@example.org",
        "correct horse",
        "Ada",
        "Lovelace",
        groups=["gouvernail-leads", "marketing"],
        authn_context=saml_idp.MFA,
    )
    settings = _saml_settings(_parsed_metadata(saml_idp, binding))
    sp = OneLogin_Saml2_Auth(_acs_request({}), settings)
    session = requests.Session()
    page, request_id = _send_authn_request(saml_idp, session, sp, binding)
    fields = _sign_in_at_idp(session, page, "ada@example.org", "correct horse")
    assert fields["RelayState"] == "/after/"

    acs = OneLogin_Saml2_Auth(_acs_request(fields), settings)
    acs.process_response(request_id=request_id)
    assert acs.get_errors() == [], acs.get_last_error_reason()
    assert acs.is_authenticated()
    assert acs.get_nameid() == "ada@example.org"
    assert acs.get_nameid_format() == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    attributes = acs.get_attributes()
    assert attributes["groups"] == ["gouvernail-leads", "marketing"]
    assert (attributes["email"], attributes["givenName"], attributes["sn"]) == (
        ["ada@example.org"],
        ["Ada"],
        ["Lovelace"],
    )
    assert attributes["urn:oid:0.9.2342.19200300.100.1.3"] == ["ada@example.org"]
    assert acs.get_last_authn_contexts() == ["https://refeds.org/profile/mfa"]


def test_the_saml_idp_signs_response_and_assertion_and_refuses_a_wrong_password(saml_idp):
    from onelogin.saml2.auth import OneLogin_Saml2_Auth

    saml_idp.register_sp(f"{SP}/metadata/", f"{SP}/acs/")
    saml_idp.add_user("bo@example.org", "right")
    settings = _saml_settings(
        {
            "entityId": saml_idp.entity_id,
            "singleSignOnService": {"url": saml_idp.sso_url},
            "x509cert": saml_idp.x509cert,
        }
    )
    sp = OneLogin_Saml2_Auth(_acs_request({}), settings)
    session = requests.Session()
    page = session.get(sp.login())
    wrong = session.post(
        f"{saml_idp.base_url}/login",
        data={**_form_fields(page.text), "email": "bo@example.org", "password": "wrong"},
    )
    assert "Wrong e-mail or password." in wrong.text
    fields = _sign_in_at_idp(session, wrong, "bo@example.org", "right")
    response = base64.b64decode(fields["SAMLResponse"]).decode()
    # Two signatures: the response's, and the assertion's inside it.
    assert len(re.findall(r"<(?:\w+:)?Signature[ >]", response)) == 2
    assert "rsa-sha256" in response and "xmlenc#sha256" in response

    forged = response.replace("bo@example.org</", "eve@example.org</")
    tampered = OneLogin_Saml2_Auth(
        _acs_request({**fields, "SAMLResponse": base64.b64encode(forged.encode()).decode()}),
        settings,
    )
    tampered.process_response(request_id=sp.get_last_request_id())
    assert tampered.get_errors() and not tampered.is_authenticated()

    acs = OneLogin_Saml2_Auth(_acs_request(fields), settings)
    acs.process_response(request_id=sp.get_last_request_id())
    assert acs.get_errors() == [], acs.get_last_error_reason()
    assert "groups" not in acs.get_attributes()
    assert acs.get_last_authn_contexts() == [saml_idp.PASSWORD]

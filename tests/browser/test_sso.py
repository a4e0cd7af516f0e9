"""Single sign-on end to end in Chromium, against real identity providers that the test starts:
django-oauth-toolkit's OpenID provider (discovery, the code flow with PKCE, signed ID tokens) and
a pysaml2 SAML identity provider (signed response and assertion). The person presses the
provider's button on Gouvernail's login page with the keyboard, signs in at the provider, and
comes back signed in: created just in time, with the role their groups give, and sent to set up
Gouvernail's own second factor only when the provider asserted none."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts import roles
from accounts.models import GroupMapping, User
from accounts.sso import services
from accounts.sso.claims import AUTHN_CONTEXTS_KEY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.real_clock,
    pytest.mark.django_db(transaction=True),
]

SHOTS = Path("/tmp/shots-sso")


@pytest.fixture(autouse=True)
def _organisation(settings):
    settings.ORGANISATION_EMAIL_DOMAINS = ["example.org"]
    settings.MFA_REQUIRED = True


def _watch(page: Page, live_server) -> list[str]:
    """CSP violations (a blocked form redirect shows here) and script errors, and failed
    answers of Gouvernail (the test providers' own pages, without a favicon, are not judged)."""
    errors: list[str] = []

    def console(message) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def response(answer) -> None:
        if answer.status >= 400 and answer.url.startswith(live_server.url):
            errors.append(f"{answer.status} {answer.url}")

    page.on("console", console)
    page.on("response", response)
    return errors


def _press(page: Page, name: str) -> None:
    """Press a button from the keyboard, as someone without a mouse does."""
    button = page.get_by_role("button", name=name)
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")


def _sign_in_at_provider(page: Page, email: str, password: str) -> None:
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def _expect_sent_to_set_up_totp(page: Page, live_server) -> None:
    """Sent straight to set up TOTP: having just signed in at the provider, the person is not
    asked to prove who they are again (accounts/adapters.py)."""
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    expect(page.get_by_text("Set up two-factor authentication before you continue")).to_be_visible()


def _oidc(live_server, oidc_provider, slug="entra"):
    oidc_provider.add_redirect_uri(f"{live_server.url}/accounts/oidc/{slug}/login/callback/")
    provider = services.sign_in_provider_create(
        actor=None,
        name="Entra ID",
        slug=slug,
        protocol="openid_connect",
        client_id=oidc_provider.client_id,
        secret=oidc_provider.client_secret,
        settings={"server_url": oidc_provider.server_url},
    )
    GroupMapping.objects.create(
        provider=provider, group="gouvernail-leads", role=roles.GOVERNANCE_LEAD
    )
    return provider


def test_oidc_sign_in_creates_a_lead_and_honours_the_providers_mfa(
    live_server, page: Page, oidc_provider
):
    _oidc(live_server, oidc_provider)
    oidc_provider.add_user(
        "ada@example.org", "pw-ada", "Ada", "Lovelace",
        groups=["gouvernail-leads"], amr=["pwd", "mfa"],
    )  # fmt: skip
    errors = _watch(page, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    _press(page, "Sign in with Entra ID")
    _sign_in_at_provider(page, "ada@example.org", "pw-ada")

    expect(page.get_by_role("heading", name="Welcome, Ada")).to_be_visible()
    assert page.url == f"{live_server.url}/"  # not sent to set up TOTP: the provider's MFA counts
    user = User.objects.get(email="ada@example.org")
    assert roles.is_governance_lead(user)
    assert not user.has_usable_password()
    assert user.person.full_name == "Ada Lovelace"
    account = user.socialaccount_set.get()
    assert account.provider == "entra"
    assert "mfa" in account.extra_data["id_token"]["amr"]
    assert not errors, errors


def test_oidc_sign_in_without_mfa_sends_a_lead_to_set_up_totp(
    live_server, page: Page, oidc_provider
):
    _oidc(live_server, oidc_provider)
    oidc_provider.add_user(
        "bob@example.org", "pw-bob", "Bob", "Stone", groups=["gouvernail-leads"], amr=["pwd"]
    )
    errors = _watch(page, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    _press(page, "Sign in with Entra ID")
    _sign_in_at_provider(page, "bob@example.org", "pw-bob")

    _expect_sent_to_set_up_totp(page, live_server)
    assert roles.is_governance_lead(User.objects.get(email="bob@example.org"))

    # The lead leaves the group at the provider: at the next sign-in the role is gone.
    oidc_provider.add_user("bob@example.org", "pw-bob", "Bob", "Stone", groups=[], amr=["pwd"])
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    _press(page, "Sign in with Entra ID")
    _sign_in_at_provider(page, "bob@example.org", "pw-bob")
    expect(page.get_by_role("heading", name="Welcome, Bob")).to_be_visible()
    assert not roles.is_governance_lead(User.objects.get(email="bob@example.org"))
    assert not errors, errors


def test_saml_sign_in_with_signed_assertions_groups_and_authn_context(
    live_server, page: Page, saml_idp
):
    slug = "workspace"
    sp = f"{live_server.url}/accounts/saml/{slug}"
    saml_idp.register_sp(f"{sp}/metadata/", f"{sp}/acs/")
    provider = services.sign_in_provider_create(
        actor=None,
        name="Google Workspace",
        slug=slug,
        protocol="saml",
        client_id=saml_idp.entity_id,
        # The IdP's directory alone assigns its addresses: the admin says so (SAML has no
        # standard claim that an address is verified).
        settings=saml_idp.allauth_settings(verified_email=True),
        groups_claim="groups",
    )
    GroupMapping.objects.create(
        provider=provider, group="gouvernail-leads", role=roles.GOVERNANCE_LEAD
    )
    GroupMapping.objects.create(provider=provider, group="gouvernail-audit", role=roles.AUDITOR)
    saml_idp.add_user(
        "carl@example.org", "pw-carl", "Carl", "Diaz",
        groups=["gouvernail-leads", "gouvernail-audit"], authn_context=saml_idp.MFA,
    )  # fmt: skip
    errors = _watch(page, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    _press(page, "Sign in with Google Workspace")
    _sign_in_at_provider(page, "carl@example.org", "pw-carl")

    expect(page.get_by_role("heading", name="Welcome, Carl")).to_be_visible()
    assert page.url == f"{live_server.url}/"
    user = User.objects.get(email="carl@example.org")
    assert roles.is_governance_lead(user) and roles.is_auditor(user)
    assert user.person.full_name == "Carl Diaz"
    account = user.socialaccount_set.get()
    assert account.extra_data[AUTHN_CONTEXTS_KEY] == [saml_idp.MFA]
    assert not errors, errors

    # A password-only sign-in at the IdP: the lead must set up Gouvernail's TOTP.
    saml_idp.add_user(
        "carl@example.org", "pw-carl", "Carl", "Diaz",
        groups=["gouvernail-leads"], authn_context=saml_idp.PASSWORD,
    )  # fmt: skip
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    _press(page, "Sign in with Google Workspace")
    _sign_in_at_provider(page, "carl@example.org", "pw-carl")
    _expect_sent_to_set_up_totp(page, live_server)
    assert not roles.is_auditor(User.objects.get(pk=user.pk))  # its group is gone


def test_a_refused_address_sees_why(live_server, page: Page, oidc_provider):
    _oidc(live_server, oidc_provider)
    oidc_provider.add_user("eve@elsewhere.test", "pw-eve", "Eve", "Out")
    page.goto(f"{live_server.url}/accounts/login/")
    _press(page, "Sign in with Entra ID")
    _sign_in_at_provider(page, "eve@elsewhere.test", "pw-eve")
    expect(page.get_by_role("heading", name="Sign-in refused")).to_be_visible()
    expect(page.get_by_text("elsewhere.test", exact=False).first).to_be_visible()
    assert not User.objects.filter(email="eve@elsewhere.test").exists()


def test_an_address_the_provider_calls_unverified_does_not_take_over_an_account(
    live_server, page: Page, oidc_provider
):
    _oidc(live_server, oidc_provider)
    owner = User.objects.create_user(email="ann@example.org", password="pw-owner")
    oidc_provider.add_user("ann@example.org", "pw-eve", "Eve", "Out", email_verified=False)
    errors = _watch(page, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    _press(page, "Sign in with Entra ID")
    _sign_in_at_provider(page, "ann@example.org", "pw-eve")
    expect(page.get_by_role("heading", name="Sign-in refused")).to_be_visible()
    expect(page.get_by_text("does not say that this address is verified")).to_be_visible()
    assert not owner.socialaccount_set.exists()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")  # not signed in
    assert [e for e in errors if "403" not in e] == []


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_login_page_buttons_screenshots(live_server, browser: Browser, language, width):
    services.sign_in_provider_create(
        actor=None,
        name="Microsoft Entra ID",
        slug="entra",
        protocol="openid_connect",
        client_id="gouvernail",
        settings={"server_url": "https://login.microsoftonline.com/tenant/v2.0"},
    )
    services.sign_in_provider_create(
        actor=None, name="Agency Google Workspace", slug="agency", protocol="saml"
    )
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="fr-FR" if language == "fr" else "en-GB",
        reduced_motion="reduce",  # Bootstrap's transitions off: the focus is shown as it ends
    )
    page = context.new_page()
    errors = _watch(page, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    # From the address bar, Tab reaches the providers' buttons before the password form.
    page.keyboard.press("Tab")  # the skip link
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip().endswith("Entra ID"):
            break
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"login-{language}-{width}.png", full_page=True)
    assert not errors, errors
    context.close()

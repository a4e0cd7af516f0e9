"""Second-factor secrets have their own key: SECRET_KEY may change, keys rotate, nothing is lost."""

import base64
import hashlib
import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts import encryption, roles
from accounts.models import ObjectChange
from tests.factories import PASSWORD, UserFactory, give_totp
from tests.support.totp import fresh_code

pytestmark = pytest.mark.django_db

OLD_KEY = "b2xkLWZpZWxkLWVuY3J5cHRpb24ta2V5LW9sZC1vbGQ="
NEW_KEY = "bmV3LWZpZWxkLWVuY3J5cHRpb24ta2V5LW5ldy1uZXc="


def _stored_secret(user) -> str:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]


def _under(key: str, value: str) -> bool:
    """Whether `value` was encrypted under `key`."""
    try:
        Fernet(key).decrypt(value.removeprefix(encryption.PREFIX).encode())
    except InvalidToken:
        return False
    return True


def _log_in_with_totp(client, user, secret) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": fresh_code(secret)})
    assert response.status_code == 302, response.content[:500]
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_new_secret_key_locks_nobody_with_a_second_factor_out(client, settings):
    lead = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    secret = give_totp(lead)
    settings.SECRET_KEY = "a-brand-new-secret-key-after-a-leak-a-brand-new-secret-key"
    settings.SECRET_KEY_FALLBACKS = []
    _log_in_with_totp(client, lead, secret)
    assert _under(settings.FIELD_ENCRYPTION_KEY, _stored_secret(lead))


def test_a_value_under_a_previous_key_is_read_while_that_key_is_a_fallback(client, settings):
    lead = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    secret = give_totp(lead)

    settings.FIELD_ENCRYPTION_KEY = NEW_KEY
    settings.FIELD_ENCRYPTION_KEY_FALLBACKS = [OLD_KEY]
    assert encryption.decrypt(_stored_secret(lead)) == secret
    _log_in_with_totp(client, lead, secret)

    settings.FIELD_ENCRYPTION_KEY_FALLBACKS = []
    with pytest.raises(ValueError, match="FIELD_ENCRYPTION_KEY_FALLBACKS"):
        encryption.decrypt(_stored_secret(lead))


def test_rotation_writes_every_secret_under_the_new_key(settings):
    lead = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    secret = give_totp(lead)
    codes = RecoveryCodes.activate(lead).generate_codes()
    settings.FIELD_ENCRYPTION_KEY = NEW_KEY
    settings.FIELD_ENCRYPTION_KEY_FALLBACKS = [OLD_KEY]

    call_command("rotate_encryption_keys", stdout=(out := io.StringIO()))
    assert out.getvalue().startswith("2 second factor(s)")

    # The old key is dropped, SECRET_KEY changes: everything still reads, under the new key.
    settings.FIELD_ENCRYPTION_KEY_FALLBACKS = []
    settings.SECRET_KEY = "another-secret-key-another-secret-key-another-secret-key"
    assert _under(NEW_KEY, _stored_secret(lead)) and not _under(OLD_KEY, _stored_secret(lead))
    assert encryption.decrypt(_stored_secret(lead)) == secret
    recovery = Authenticator.objects.get(user=lead, type=Authenticator.Type.RECOVERY_CODES)
    assert _under(NEW_KEY, recovery.data["seed"])
    assert RecoveryCodes(recovery).generate_codes() == codes
    change = ObjectChange.objects.for_object(lead).latest("pk")
    assert (change.actor_label, change.message) == (
        "system",
        "Second factor encrypted again under the current key",
    )

    # A second run finds nothing to do.
    before = ObjectChange.objects.count()
    call_command("rotate_encryption_keys", stdout=(out := io.StringIO()))
    assert out.getvalue().startswith("0 second factor(s)")
    assert ObjectChange.objects.count() == before


def test_rotation_refuses_the_development_key_written_in_the_repository(settings):
    lead = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    give_totp(lead)
    before = _stored_secret(lead)
    settings.FIELD_ENCRYPTION_KEY = NEW_KEY
    settings.FIELD_ENCRYPTION_KEY_FALLBACKS = [OLD_KEY]
    settings.FIELD_ENCRYPTION_KEY_IS_PUBLIC = True  # as when local settings' default is used
    with pytest.raises(CommandError, match="development key"):
        call_command("rotate_encryption_keys")
    assert _stored_secret(lead) == before
    call_command("rotate_encryption_keys", "--with-public-key", stdout=io.StringIO())
    assert _under(NEW_KEY, _stored_secret(lead))


def test_secrets_from_before_their_own_key_are_read_then_rotated(client, settings):
    """Until FIELD_ENCRYPTION_KEY, the key was derived from SECRET_KEY; an upgrade loses nothing."""
    lead = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    secret = give_totp(lead)
    digest = hashlib.sha256(f"gouvernail-mfa:{settings.SECRET_KEY}".encode()).digest()
    legacy = Fernet(base64.urlsafe_b64encode(digest))
    totp = Authenticator.objects.get(user=lead, type=Authenticator.Type.TOTP)
    totp.data = {"secret": "fernet:" + legacy.encrypt(secret.encode()).decode()}
    totp.save()
    # A recovery seed stored before encryption at all, in the clear.
    RecoveryCodes.activate(lead)
    recovery = Authenticator.objects.get(user=lead, type=Authenticator.Type.RECOVERY_CODES)
    seed = encryption.decrypt(recovery.data["seed"])
    recovery.data = {**recovery.data, "seed": seed}
    recovery.save()

    _log_in_with_totp(client, lead, secret)

    call_command("rotate_encryption_keys", stdout=io.StringIO())
    settings.SECRET_KEY = "another-secret-key-another-secret-key-another-secret-key"
    assert encryption.decrypt(_stored_secret(lead)) == secret
    recovery.refresh_from_db()
    assert _under(settings.FIELD_ENCRYPTION_KEY, recovery.data["seed"])
    assert encryption.decrypt(recovery.data["seed"]) == seed


def test_rotation_stops_at_a_secret_no_key_reads_and_writes_nothing(settings):
    lead = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    member = UserFactory(email="member@example.org", roles=[roles.TEAM_MEMBER])
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    give_totp(lead)
    give_totp(member)
    lost = Authenticator.objects.get(user=member)
    lost.data = {"secret": "fernet:" + Fernet(Fernet.generate_key()).encrypt(b"x").decode()}
    lost.save()
    settings.FIELD_ENCRYPTION_KEY = NEW_KEY
    settings.FIELD_ENCRYPTION_KEY_FALLBACKS = [OLD_KEY]
    before = _stored_secret(lead)

    with pytest.raises(CommandError, match="FIELD_ENCRYPTION_KEY") as error:
        call_command("rotate_encryption_keys")
    assert f"authenticator {lost.pk}" in str(error.value)
    assert _stored_secret(lead) == before
    assert not ObjectChange.objects.filter(message__startswith="Second factor").exists()


def test_a_secret_under_a_previous_secret_key_is_read_while_it_is_a_fallback(settings):
    """A secret key was changed before the upgrade, the old one kept in the fallbacks."""
    old_secret_key = settings.SECRET_KEY
    digest = hashlib.sha256(f"gouvernail-mfa:{old_secret_key}".encode()).digest()
    value = "fernet:" + Fernet(base64.urlsafe_b64encode(digest)).encrypt(b"JBSWY3DP").decode()
    settings.SECRET_KEY = "another-secret-key-another-secret-key-another-secret-key"
    settings.SECRET_KEY_FALLBACKS = [old_secret_key]
    assert encryption.decrypt(value) == "JBSWY3DP"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError, match="FIELD_ENCRYPTION_KEY"):
        encryption.decrypt(value)


def test_rotation_writes_the_other_secrets_under_the_new_key_too(settings):
    """Every registered encrypted field (accounts.encryption.encrypted_fields) is rotated: the
    sign-in providers' client secrets and the webhook endpoints' signing secrets."""
    from accounts.models import SignInProvider
    from accounts.sso.services import sign_in_provider_create
    from webhooks.models import WebhookEndpoint
    from webhooks.services import webhook_endpoint_create

    admin = UserFactory(email="admin@example.org", is_staff=True)
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    provider = sign_in_provider_create(
        actor=admin,
        name="Entra ID",
        slug="entra",
        protocol="openid_connect",
        client_id="abc",
        secret="client-secret-value",
    )
    endpoint = webhook_endpoint_create(
        actor=admin,
        name="SIEM",
        url="http://127.0.0.1:9/hook",
        event_types=["grant.created"],
        allow_private_network=True,
    )
    signing = endpoint.new_secret
    settings.FIELD_ENCRYPTION_KEY = NEW_KEY
    settings.FIELD_ENCRYPTION_KEY_FALLBACKS = [OLD_KEY]

    call_command("rotate_encryption_keys", stdout=(out := io.StringIO()))
    assert "1 sign-in provider secret(s)" in out.getvalue()
    assert "1 webhook signing secret(s)" in out.getvalue()

    settings.FIELD_ENCRYPTION_KEY_FALLBACKS = []
    stored = SignInProvider.objects.get(pk=provider.pk).secret
    assert _under(NEW_KEY, stored) and encryption.decrypt(stored) == "client-secret-value"
    stored = WebhookEndpoint.objects.get(pk=endpoint.pk).secret
    assert _under(NEW_KEY, stored) and encryption.decrypt(stored) == signing
    change = ObjectChange.objects.for_object(endpoint).latest("pk")
    assert change.message == "Secret encrypted again under the current key"

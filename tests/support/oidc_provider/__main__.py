"""Start the test OpenID provider: `python -m tests.support.oidc_provider`.

Reads IDP_DIRECTORY, IDP_PORT, IDP_BASE_URL, IDP_SECRET_KEY, IDP_HARNESS_TOKEN, IDP_CLIENT_ID and
IDP_CLIENT_SECRET (fixture.py sets them); generates the RSA key that signs ID tokens, creates the
database and the confidential client, then serves on 127.0.0.1 until it is signalled.
"""

import os
from pathlib import Path

import django
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def write_signing_key(directory: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (directory / "signing-key.pem").write_bytes(pem)


def create_client() -> None:
    from oauth2_provider.models import get_application_model

    application = get_application_model()
    application.objects.create(
        name="Gouvernail",
        client_id=os.environ["IDP_CLIENT_ID"],
        client_secret=os.environ["IDP_CLIENT_SECRET"],
        client_type=application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=application.GRANT_AUTHORIZATION_CODE,
        algorithm=application.RS256_ALGORITHM,
        redirect_uris="",
        skip_authorization=True,
    )


def main() -> None:
    write_signing_key(Path(os.environ["IDP_DIRECTORY"]))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.support.oidc_provider.settings"
    django.setup()

    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.core.servers.basehttp import run

    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    create_client()
    run("127.0.0.1", int(os.environ["IDP_PORT"]), WSGIHandler(), threading=True)


if __name__ == "__main__":
    main()

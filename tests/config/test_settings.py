"""Production settings: a clear stop on a missing or bad value (tests/config/test_deploy.py: a clean
`check --deploy` after `manage.py deploy`)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

BASE_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x9$Kq2!vLm7#Rt4@Wz8&Yp3^Hs6*Nd1%Gf5(Jb0)Ce-Ua_Io+Qe8=Ty3",
    "DJANGO_ALLOWED_HOSTS": "gouvernail.example.org",
    "FIELD_ENCRYPTION_KEY": "UJZQEnq5okstLK9ZTlcuhdgOjRjV3r_3X95ljLN7jSI=",
}


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**BASE_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _check_without(name: str) -> subprocess.CompletedProcess:
    """`manage.py check` with production settings and every required variable but `name`."""
    env = {k: v for k, v in BASE_ENV.items() if k != name}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("DJANGO_SECRET_KEY", ["DJANGO_SECRET_KEY"]),
        ("DJANGO_ALLOWED_HOSTS", ["DJANGO_ALLOWED_HOSTS"]),
        (
            "FIELD_ENCRYPTION_KEY",
            ["Set the FIELD_ENCRYPTION_KEY environment variable", "Fernet.generate_key()"],
        ),
    ],
)
def test_a_missing_required_variable_stops_with_its_name(name, said):
    result = _check_without(name)
    assert result.returncode != 0
    for words in said:
        assert words in result.stderr


def test_invalid_field_encryption_keys_stop_with_their_name():
    result = _manage("check", FIELD_ENCRYPTION_KEY="my-secret-password")
    assert result.returncode != 0
    assert "The FIELD_ENCRYPTION_KEY environment variable is not a valid key" in result.stderr
    result = _manage(
        "check", FIELD_ENCRYPTION_KEY_FALLBACKS=f"{BASE_ENV['FIELD_ENCRYPTION_KEY']},old-password"
    )
    assert result.returncode != 0
    assert "The FIELD_ENCRYPTION_KEY_FALLBACKS environment variable is not a valid key" in (
        result.stderr
    )


def test_invalid_value_stops_with_its_name():
    result = _manage("check", DJANGO_SECURE_HSTS_SECONDS="a year")
    assert result.returncode != 0
    assert "DJANGO_SECURE_HSTS_SECONDS" in result.stderr
    result = _manage("check", DJANGO_SESSION_COOKIE_SECURE="maybe")
    assert result.returncode != 0
    assert "DJANGO_SESSION_COOKIE_SECURE" in result.stderr


def test_database_url_picks_the_engine():
    from config.settings.env import env_db

    os.environ["GOUVERNAIL_TEST_DB"] = "postgres://u@127.0.0.1:5432/x"
    try:
        assert (
            env_db("GOUVERNAIL_TEST_DB", default="sqlite:///x")["ENGINE"]
            == "django.db.backends.postgresql"
        )
    finally:
        del os.environ["GOUVERNAIL_TEST_DB"]
    assert (
        env_db("GOUVERNAIL_TEST_DB", default="sqlite:///x")["ENGINE"]
        == "django.db.backends.sqlite3"
    )


def test_an_unknown_currency_stops_at_start_with_its_name():
    result = _manage("check", CURRENCY="euros")
    assert result.returncode != 0
    assert "The CURRENCY environment variable is invalid" in result.stderr
    assert "ISO 4217" in result.stderr

"""The compose file validates with docker-compose (v1 syntax), asks for what has no safe default,
has production's HTTPS settings unless .env says otherwise, and hands every variable of .env to
the containers."""

import os
import subprocess

import pytest
import yaml
from django.conf import settings

from tests.services import require_tool

REQUIRED = {
    "DJANGO_SECRET_KEY": "Zx9-Lm7_Rt4Wz8Yp3Hs6Nd1Gf5Jb0Ce" + "q" * 20,
    "FIELD_ENCRYPTION_KEY": "UJZQEnq5okstLK9ZTlcuhdgOjRjV3r_3X95ljLN7jSI=",
    "SITE_URL": "https://gouvernail.example.org",
}


def _config(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    tool = require_tool("docker-compose")
    # The variables given here only, not those of a developer's .env file.
    no_env_file = tmp_path / "empty.env"
    no_env_file.touch()
    return subprocess.run(
        [tool, "--env-file", str(no_env_file), "-f", "docker-compose.yml", "config", *args],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), "GOUVERNAIL_ENV_FILE": str(no_env_file), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_file_validates(tmp_path):
    result = _config(tmp_path, "--quiet", **REQUIRED)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_compose_asks_for_what_has_no_safe_default(tmp_path, name):
    result = _config(tmp_path, "--quiet", **{k: v for k, v in REQUIRED.items() if k != name})
    assert result.returncode != 0
    assert f"Set {name} in .env (copy .env.example)" in result.stderr


def test_every_variable_of_the_env_file_reaches_the_containers(tmp_path):
    env_file = tmp_path / "gouvernail.env"
    env_file.write_text("DJANGO_SECRET_KEY_FALLBACKS=an-earlier-key\nREMINDER_DIGEST_HOUR=7\n")
    result = _config(tmp_path, **REQUIRED, GOUVERNAIL_ENV_FILE=str(env_file))
    for service in ("web", "worker", "beat"):
        environment = yaml.safe_load(result.stdout)["services"][service]["environment"]
        assert environment["DJANGO_SECRET_KEY_FALLBACKS"] == "an-earlier-key"
        assert environment["REMINDER_DIGEST_HOUR"] == "7"


def test_compose_has_the_https_settings_unless_told_otherwise(tmp_path):
    web = yaml.safe_load(_config(tmp_path, **REQUIRED).stdout)["services"]["web"]["environment"]
    assert web["DJANGO_SECURE_SSL_REDIRECT"] == "true"
    assert web["DJANGO_SESSION_COOKIE_SECURE"] == web["DJANGO_CSRF_COOKIE_SECURE"] == "true"
    assert int(web["DJANGO_SECURE_HSTS_SECONDS"]) > 0
    assert web["SITE_URL"] == REQUIRED["SITE_URL"]
    trial = yaml.safe_load(
        _config(tmp_path, **REQUIRED, DJANGO_SECURE_SSL_REDIRECT="false").stdout
    )["services"]["web"]["environment"]
    assert trial["DJANGO_SECURE_SSL_REDIRECT"] == "false"

"""The compose file validates with docker-compose (v1 syntax)."""

import os
import subprocess

from django.conf import settings

from tests.services import require_tool

KEY = "UJZQEnq5okstLK9ZTlcuhdgOjRjV3r_3X95ljLN7jSI="


def _config(tmp_path, **env: str) -> subprocess.CompletedProcess:
    tool = require_tool("docker-compose")
    # The variables given here only, not those of a developer's .env file.
    no_env_file = tmp_path / "empty.env"
    no_env_file.touch()
    return subprocess.run(
        [tool, "--env-file", str(no_env_file), "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_file_validates(tmp_path):
    result = _config(tmp_path, FIELD_ENCRYPTION_KEY=KEY)
    assert result.returncode == 0, result.stderr


def test_compose_asks_for_the_field_encryption_key(tmp_path):
    result = _config(tmp_path)
    assert result.returncode != 0
    assert "Set FIELD_ENCRYPTION_KEY in .env" in result.stderr

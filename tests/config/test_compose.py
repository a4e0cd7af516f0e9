"""The compose file validates with docker-compose (v1 syntax)."""

import subprocess

from django.conf import settings

from tests.services import require_tool


def test_compose_file_validates():
    tool = require_tool("docker-compose")
    result = subprocess.run(
        [tool, "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr

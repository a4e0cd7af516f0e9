"""The benchmark command runs on a generated organisation and prints its figures."""

import os
import subprocess
import sys

from django.conf import settings


def test_benchmark_prints_median_p95_and_queries():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark", "--size", "demo", "--repeat", "3"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "median ms" in result.stdout
    assert "home" in result.stdout

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


def test_the_scim_benchmark_provisions_lists_and_deactivates():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark_scim", "--users", "5", "--repeat", "3"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Provisioned 5 users over SCIM" in result.stdout
    assert "PATCH active false (off-boarding)" in result.stdout

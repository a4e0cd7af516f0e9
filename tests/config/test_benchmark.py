"""The benchmark command runs on a generated organisation and prints its figures."""

import os
import subprocess
import sys

import pytest
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
    # Beside the admin's page of the same rows and the page's own SQL: both times, both ratios.
    [header] = [line for line in result.stdout.splitlines() if line.startswith("page ")]
    assert header.split() == (
        [
            "page",
            "median",
            "ms",
            "p95",
            "ms",
            "queries",
            "admin",
            "ms",
            "x",
            "admin",
            "SQL",
            "ms",
            "x",
            "SQL",
            "cold",
            "ms",
        ]
    )
    [channels] = [line for line in result.stdout.splitlines() if line.startswith("channel list ")]
    cells = map(float, channels.split()[-8:])
    median, _p95, _queries, admin_ms, x_admin, sql_ms, x_sql, cold_ms = cells
    assert median / admin_ms == pytest.approx(x_admin, abs=0.02)
    assert sql_ms > 0 and x_sql > 0 and cold_ms > 0


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

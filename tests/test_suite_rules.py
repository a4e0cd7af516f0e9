"""Rules the test suite keeps, checked by reading its source, so that a broken one cannot return.

- A test that lacks a service skips only through tests/services.py, which fails instead when
  REQUIRE_SERVICES=1: a run that must exercise everything cannot pass by skipping.
- A test never stops, restarts or shuts down a server it did not start: fault tests start their
  own (tests/support/servers.py) and stop them through their own process.
- A test waits for a condition (tests/support/waiting.py), never for a fixed time.

The patterns are written so that they do not match their own source.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent

SKIP = re.compile(r"pytest\.skip\(|skipif\(|mark\.skip\b|importorskip\(|skipTest\(|SkipTest\(")
SKIP_ALLOWED = {"services.py": "the one rule: skip, or fail when REQUIRE_SERVICES=1"}

SERVER_CONTROL = re.compile(
    r"redis-cl[i]|pg_ct[l]|systemct[l]|\bservice\s+\S+\s+(?:stop|restart|start)"
    r"|\.shutdown\(|[\"']shutdown\b",
    re.IGNORECASE,
)

SERVER_CONTROL_ALLOWED = {
    "support/webhook_receiver.py": "stops the HTTP receiver it started itself, in this process",
}

SLEEP = re.compile(r"\bsleep\(|wait_for_timeout\(")
SLEEP_ALLOWED = {
    "support/waiting.py": "wait_until itself, between two looks at its condition",
    "support/mail.py": "the slow mail server a test asks for (MAIL_DELAY)",
    "support/totp.py": "the next TOTP period, when the current one is about to end",
}


def _offending(pattern: re.Pattern, allowed: dict[str, str]) -> list[str]:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        name = path.relative_to(TESTS).as_posix()
        if name in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"tests/{name}:{number}: {line.strip()}")
    return found


def test_tests_skip_only_through_the_services_rule():
    offending = _offending(SKIP, SKIP_ALLOWED)
    assert not offending, (
        "Skip through tests/services.py (require, require_postgresql, redis_url, require_tool…), "
        "which fails instead of skipping when REQUIRE_SERVICES=1:\n" + "\n".join(offending)
    )


def test_tests_control_only_the_servers_they_started():
    offending = _offending(SERVER_CONTROL, SERVER_CONTROL_ALLOWED)
    assert not offending, (
        "Stop or restart only a server the test started (tests/support/servers.py fixtures "
        "redis_server, postgres_server), never the machine's:\n" + "\n".join(offending)
    )


def test_tests_wait_for_a_condition_not_a_fixed_time():
    offending = _offending(SLEEP, SLEEP_ALLOWED)
    assert not offending, (
        "Wait with tests.support.waiting.wait_until(condition, timeout), which says what "
        "'finished' means:\n" + "\n".join(offending)
    )

"""The lock files hold what pyproject.toml asks for, and the suite runs on what they pin.

`make lock` rewrites them; a dependency added to pyproject.toml without it fails here.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from django.conf import settings
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(settings.BASE_DIR)
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)


def _pins(name: str) -> dict[str, tuple[str, str | None]]:
    """{package: (version, marker)} of a lock file, each checked to carry its hashes."""
    lines = (ROOT / "requirements" / name).read_text().splitlines()
    pins = {}
    for number, line in enumerate(lines):
        match = PIN.match(line)
        if match is None:
            continue
        assert lines[number + 1].strip().startswith("--hash=sha256:"), f"{name}: {line} has no hash"
        pins[canonicalize_name(match["name"])] = (match["version"], match["marker"])
    assert pins, f"{name} pins nothing"
    return pins


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _assert_pinned(requirements: list[str], pins: dict, lock: str) -> None:
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, (
            f"{requirement.name} is in pyproject.toml but not in {lock}: run make lock"
        )
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {requirement.name}=={version}, pyproject.toml asks {requirement.specifier}:"
            " run make lock"
        )


def test_the_production_lock_pins_every_dependency():
    _assert_pinned(_project()["dependencies"], _pins("base.lock"), "base.lock")


def test_the_dev_lock_pins_every_dependency_and_the_dev_extra():
    project = _project()
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    _assert_pinned(requirements, _pins("dev.lock"), "dev.lock")


def test_both_locks_agree():
    dev = _pins("dev.lock")
    for name, (version, _) in _pins("base.lock").items():
        assert dev.get(name, (None,))[0] == version, f"{name}: base.lock and dev.lock differ"


def test_the_suite_runs_on_what_the_lock_pins():
    for name, (version, marker) in _pins("dev.lock").items():
        if marker and not Marker(marker).evaluate():
            continue
        installed = metadata.version(name)
        assert installed == version, (
            f"{name} {installed} is installed, the lock says {version}: run make venv"
        )

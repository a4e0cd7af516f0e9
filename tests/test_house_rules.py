"""Rules the project's code keeps, checked by reading its source (the tests and migrations
excepted), so that a module or a function too long to read cannot return unnoticed.

- No module over MODULE_LINES lines: a longer one holds more than one subject; split it.
- No function over FUNCTION_LINES lines (its decorators excepted, its docstring included): give
  its steps well-named helpers. A demo builder (`build_*` in a `demo.py`) is exempt: it writes a
  whole sample organisation, one step after another.

ruff keeps the third (pyproject.toml: C901, at most 12 branches a function, demo.py exempt).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_LINES = 500
FUNCTION_LINES = 60


def _modules() -> Iterator[tuple[str, str]]:
    """(path from the root, source) of every Python module of the project."""
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0].startswith(".") or parts[0] in ("tests", "templates") or "migrations" in parts:
            # .venv and the other hidden folders, the tests, the migrations; and the templates,
            # where makemessages (a translation test, in another worker) writes and removes
            # a `<template>.py` of each while this reads.
            continue
        yield "/".join(parts), path.read_text(encoding="utf-8")


def _exempt(name: str, function: str) -> bool:
    return name.rsplit("/", 1)[-1] == "demo.py" and function.startswith("build_")


def test_the_rules_read_the_project():
    names = [name for name, _ in _modules()]
    assert "manage.py" in names
    assert "governance/actions/services.py" in names
    assert not [name for name in names if name.startswith((".venv/", "tests/"))]
    assert not [name for name in names if "/migrations/" in name]


def test_no_module_is_over_500_lines():
    offending = [
        f"{name}: {count} lines"
        for name, source in _modules()
        if (count := len(source.splitlines())) > MODULE_LINES
    ]
    assert not offending, (
        f"A module holds at most {MODULE_LINES} lines: split it by subject.\n"
        + "\n".join(offending)
    )


def test_no_function_is_over_60_lines():
    offending = []
    for name, source in _modules():
        for node in ast.walk(ast.parse(source, filename=name)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            count = node.end_lineno - node.lineno + 1
            if count > FUNCTION_LINES and not _exempt(name, node.name):
                offending.append(f"{name}:{node.lineno}: {node.name}, {count} lines")
    assert not offending, (
        f"A function holds at most {FUNCTION_LINES} lines (a demo builder excepted): give its "
        "steps well-named helpers.\n" + "\n".join(offending)
    )

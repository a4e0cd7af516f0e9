"""A function that takes `now` or `today` reads the clock through it alone.

A service given `now=` that still calls `timezone.now()` or `timezone.localdate()`, or calls a
function of its module that takes the time without handing it on, mixes two days:
a test that travels through `now` passes only while the real day agrees (the policy and reminder
tests started failing on a given date that way). The one accepted call is the default,
`now = now or timezone.now()`.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "channels_registry", "governance", "audits", "roadmap", "config")
CLOCK = {"now", "localdate", "localtime"}
TIME_ARGUMENTS = {"now", "today"}


def _clock_call(node: ast.AST) -> bool:
    """`timezone.now()`, `timezone.localdate()` or `timezone.localtime()` without an argument."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "timezone"
        and not node.args
    )


def _defaults(function: ast.FunctionDef) -> set[int]:
    """The clock calls that only stand in for a missing argument: `now or timezone.now()`."""
    allowed = set()
    for node in ast.walk(function):
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            first = node.values[0]
            if isinstance(first, ast.Name) and first.id in TIME_ARGUMENTS:
                allowed.update(id(v) for v in node.values[1:] if _clock_call(v))
    return allowed


def _arguments(function) -> set[str]:
    return {a.arg for a in (*function.args.args, *function.args.kwonlyargs)}


def _reads_the_clock(function) -> bool:
    allowed = _defaults(function)
    return any(_clock_call(node) and id(node) not in allowed for node in ast.walk(function))


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    functions = [f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)]
    # The module's functions that take the time (they must be handed it), and those that read
    # the clock themselves (a function given the time must not call them).
    takers = {f.name: _arguments(f) & TIME_ARGUMENTS for f in functions}
    readers = {f.name for f in functions if _reads_the_clock(f)}
    where = path.relative_to(ROOT)
    found = []
    for function in functions:
        if not _arguments(function) & TIME_ARGUMENTS:
            continue
        allowed = _defaults(function)
        for node in ast.walk(function):
            if _clock_call(node) and id(node) not in allowed:
                found.append(f"{where}:{node.lineno} {function.name}() reads the clock")
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            name = node.func.id
            handed = {k.arg for k in node.keywords} | {
                a.id for a in node.args if isinstance(a, ast.Name)
            }
            if takers.get(name) and not handed & TIME_ARGUMENTS:
                found.append(
                    f"{where}:{node.lineno} {function.name}() calls {name}() without the time"
                )
            elif name in readers and not takers.get(name):
                found.append(
                    f"{where}:{node.lineno} {function.name}() calls {name}(), which reads the clock"
                )
    return found


def test_functions_given_the_time_use_it_throughout():
    violations = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                violations += _violations(path)
    assert not violations, "\n".join(violations)

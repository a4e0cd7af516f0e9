"""The difference between two versions' texts: lines added and removed, words within a line."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

CONTEXT = 3
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass
class DiffLine:
    op: str  # "equal", "delete", "insert" or "skip" (unchanged lines left out)
    old_number: int | None
    new_number: int | None
    # (text, changed) pieces: a changed piece is what this line removes or adds.
    pieces: list[tuple[str, bool]] = field(default_factory=list)
    skipped: int = 0


def _word_pieces(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    removed: list[tuple[str, bool]] = []
    added: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            removed.append(("".join(a[i1:i2]), False))
            added.append(("".join(b[j1:j2]), False))
            continue
        if i2 > i1:
            removed.append(("".join(a[i1:i2]), True))
        if j2 > j1:
            added.append(("".join(b[j1:j2]), True))
    return removed, added


def text_diff(old: str, new: str) -> list[DiffLine]:
    """Lines of `new` against `old`, with three lines of context around each change."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    if a == b:
        return []
    lines: list[DiffLine] = []
    done = 0  # old lines shown or skipped so far
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(CONTEXT):
        if group[0][1] > done:
            lines.append(DiffLine("skip", None, None, skipped=group[0][1] - done))
        for tag, i1, i2, j1, j2 in group:
            lines.extend(_lines(tag, a, b, i1, i2, j1, j2))
        done = group[-1][2]
    if done < len(a):
        lines.append(DiffLine("skip", None, None, skipped=len(a) - done))
    return lines


def _lines(tag: str, a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int):
    if tag == "equal":
        return [
            DiffLine("equal", i + 1, j + 1, [(a[i], False)])
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
        ]
    if tag == "replace" and i2 - i1 == j2 - j1:
        # Same number of lines: show the words that changed within each line.
        pairs = [_word_pieces(a[i1 + k], b[j1 + k]) for k in range(i2 - i1)]
        return [DiffLine("delete", i1 + k + 1, None, old) for k, (old, _) in enumerate(pairs)] + [
            DiffLine("insert", None, j1 + k + 1, new) for k, (_, new) in enumerate(pairs)
        ]
    return [DiffLine("delete", i + 1, None, [(a[i], True)]) for i in range(i1, i2)] + [
        DiffLine("insert", None, j + 1, [(b[j], True)]) for j in range(j1, j2)
    ]

"""The French catalogue as the tests read it: its entries, the English words that only its
msgids hold, and French typography (a no-break space before « : ; ! ? » and inside « »).

`python -m tests.support.catalogue` puts the no-break spaces where they belong in every msgstr
of config/locale/fr/LC_MESSAGES/django.po and prints how many it changed; the .po must then be
compiled (`manage.py compilemessages -l fr`). tests/config/test_french_catalogue.py fails while
a msgstr still breaks the rule."""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "config/locale/fr/LC_MESSAGES/django.po"

NBSP = "\u00a0"  # before ":" and inside « »
NNBSP = "\u202f"  # narrow, before ";", "!" and "?"
SPACES = NBSP + NNBSP

# A mark of high punctuation in prose: after a word (or a space) and before a space, the end,
# or a closing mark; "https://", "10:30" and "?page=1" are no prose.
_HIGH = re.compile(r"(?P<before>[^\s])?(?P<space>[ \u00a0\u202f]?)(?P<mark>[:;!?])(?=$|[\s»)\"<])")
_OPENING = re.compile(r"«(?P<space>[ \u00a0\u202f]?)")
_CLOSING = re.compile(r"(?P<space>[ \u00a0\u202f]?)»")


@dataclass
class Entry:
    msgid: str
    msgstrs: list[str]
    msgctxt: str = ""
    msgid_plural: str = ""
    flags: set[str] = field(default_factory=set)


def entries(path: Path = CATALOGUE) -> list[Entry]:
    """The catalogue's entries, its header left out."""
    found: list[Entry] = []
    fields: dict[str, str] = {}
    flags: set[str] = set()
    key = ""

    def close() -> None:
        if fields.get("msgid"):
            strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            found.append(
                Entry(
                    fields["msgid"],
                    strs,
                    fields.get("msgctxt", ""),
                    fields.get("msgid_plural", ""),
                    set(flags),
                )
            )
        fields.clear()
        flags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            if "msgid" in fields:
                close()
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#") or not line.strip():
            if "msgid" in fields and key.startswith("msgstr"):
                close()
        elif line.startswith('"'):
            fields[key] += ast.literal_eval(line)
        else:
            key, _, rest = line.partition(" ")
            starts = key == "msgctxt" or (key == "msgid" and "msgstr" in "".join(fields))
            if starts and "msgid" in fields:
                close()
            fields[key] = ast.literal_eval(rest)
    close()
    return found


_WORD = re.compile(r"[^\W\d_]{3,}")
# Placeholders, tags, addresses, e-mails, and a word cut short ("per…").
_NOT_PROSE = re.compile(r"%\(\w+\)[sdif]|%[sd]|\{[^}]*\}|<[^>]*>|&\w+;|https?://\S+|\S+@\S+|\w+…")


def words(text: str) -> set[str]:
    """The words of a text, lower case, three letters or more, its placeholders and tags left
    out."""
    return {w.lower() for w in _WORD.findall(_NOT_PROSE.sub(" ", text))}


def english_only_words(path: Path = CATALOGUE) -> set[str]:
    """The words the catalogue's msgids use that none of its msgstrs does: on a French page,
    each one is English left untranslated."""
    english: set[str] = set()
    french: set[str] = set()
    for entry in entries(path):
        english |= words(entry.msgid) | words(entry.msgid_plural)
        for msgstr in entry.msgstrs:
            french |= words(msgstr)
    return english - french


def _not_prose(match: re.Match) -> bool:
    """The text starts with the mark, or the mark follows a quoted key (JSON in a help text)."""
    return (match["before"] is None and not match["space"]) or match["before"] == '"'


def typography_faults(text: str) -> list[str]:
    """Where a French text misses a no-break space: before a high mark, inside guillemets."""
    faults = []
    for match in _HIGH.finditer(text):
        if _not_prose(match):
            continue
        if not match["space"] or match["space"] not in SPACES:
            faults.append(f"{match['mark']!r} after {match['space'] or 'no space'!r}")
    for pattern in (_OPENING, _CLOSING):
        for match in pattern.finditer(text):
            if not match["space"] or match["space"] not in SPACES:
                faults.append(f"« » with {match['space'] or 'no space'!r}")
    return faults


def typeset(text: str) -> str:
    """The text with a no-break space wherever `typography_faults` would find one missing."""

    def high(match: re.Match) -> str:
        before, space, mark = match["before"] or "", match["space"], match["mark"]
        if _not_prose(match):
            return match[0]
        if space and space in SPACES:
            return before + space + mark
        return before + (NBSP if mark == ":" else NNBSP) + mark

    text = _HIGH.sub(high, text)
    text = _OPENING.sub("«" + NBSP, text)
    return _CLOSING.sub(NBSP + "»", text)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _typeset_file(path: Path = CATALOGUE) -> int:
    """Typeset every msgstr of the file in place; the number of msgstrs changed. A changed one
    is written on one line (`makemessages` wraps it again)."""
    changed = 0
    lines = path.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        if not line.startswith("msgstr"):
            out.append(line)
            continue
        header = out[-1] == 'msgid ""'  # the header's fields are no prose
        key, _, rest = line.partition(" ")
        block = [rest]
        while number < len(lines) and lines[number].startswith('"'):
            block.append(lines[number])
            number += 1
        value = "".join(ast.literal_eval(part) for part in block)
        new = value if header else typeset(value)
        if new == value:
            out.append(line)
            out.extend(block[1:])
            continue
        changed += 1
        out.append(f"{key} {_quoted(new)}")
    path.write_text("\n".join(out), encoding="utf-8")
    return changed


if __name__ == "__main__":
    print(f"{_typeset_file(Path(sys.argv[1]) if len(sys.argv) > 1 else CATALOGUE)} msgstrs typeset")

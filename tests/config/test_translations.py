"""The French catalogue is complete, compiled, and current with the source."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests.services import require_tool

LOCALE = Path(settings.BASE_DIR) / "config" / "locale" / "fr" / "LC_MESSAGES"
PO, MO = LOCALE / "django.po", LOCALE / "django.mo"
ENTRY = re.compile(r'^msgid "(.*)"$', re.M)


def _msgids(text: str) -> set[str]:
    entries = set()
    for block in text.split("\n\n"):
        if "#~" in block or "msgid" not in block:
            continue
        msgid = re.search(r'(?:^|\n)msgid ((?:".*"\n?)+)', block)
        plural = re.search(r'\nmsgid_plural ((?:".*"\n?)+)', block)
        context = re.search(r'(?:^|\n)msgctxt ((?:".*"\n?)+)', block)
        joined = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        if joined:
            entries.add(
                (context.group(1) if context else "", joined, plural.group(1) if plural else "")
            )
    return entries


def test_every_message_is_translated():
    text = PO.read_text(encoding="utf-8")
    untranslated = []
    for block in text.split("\n\n")[1:]:
        if block.startswith("#~"):
            continue
        if "#, fuzzy" in block:
            untranslated.append(block)
            continue
        strs = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', block)
        if not strs or any(not "".join(re.findall(r'"(.*)"', s)) for s in strs):
            untranslated.append(block)
    assert not untranslated, "Untranslated or fuzzy:\n\n" + "\n\n".join(untranslated)


def test_catalogue_is_current_with_the_source(tmp_path):
    require_tool("xgettext")
    original = PO.read_bytes()
    try:
        call_command(
            "makemessages",
            locale=["fr"],
            no_obsolete=True,
            no_location=True,
            ignore_patterns=[".venv", "staticfiles", "tests"],
            verbosity=0,
        )
        regenerated = PO.read_text(encoding="utf-8")
    finally:
        PO.write_bytes(original)
    missing = _msgids(regenerated) - _msgids(original.decode("utf-8"))
    assert not missing, (
        f"Run `make messages`: new strings are missing from the catalogue: {sorted(missing)}"
    )


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    msgfmt = require_tool("msgfmt")
    compiled = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == MO.read_bytes(), "Run `make messages`: django.mo is stale."
    assert shutil.which("msgfmt")


@pytest.mark.django_db
def test_language_switch_turns_pages_french(client, personas):
    client.force_login(personas.member)
    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("home")})
    assert response.status_code == 302
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert 'lang="fr"' in page.content.decode()
    assert "Bienvenue" in page.content.decode()


@override_settings(LANGUAGE_CODE="fr")
@pytest.mark.django_db
def test_login_page_in_french(client):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Se connecter" in page.content.decode()

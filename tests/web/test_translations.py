"""The Arabic catalog: every message translated, and the committed django.mo up to date with
django.po (the site runs without gettext installed, from the .mo)."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import depeches

MESSAGES = Path(depeches.__file__).parent / "locale" / "ar" / "LC_MESSAGES"


def po_entries(text: str) -> list[tuple[str, str | None]]:
    """(msgid, msgid_plural) of each entry but the header."""
    entries = []
    for block in text.strip().split("\n\n")[1:]:
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            match = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line)
            if match:
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
        entries.append((fields["msgid"], fields.get("msgid_plural")))
    return entries


def test_every_message_has_an_arabic_translation_in_the_compiled_catalog():
    with (MESSAGES / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    entries = po_entries((MESSAGES / "django.po").read_text(encoding="utf-8"))
    assert len(entries) > 150
    for msgid, plural in entries:
        if plural is None:
            assert catalog.gettext(msgid) != msgid, msgid
        else:
            # One number for each of Arabic's six plural forms.
            forms = {catalog.ngettext(msgid, plural, n) for n in (0, 1, 2, 3, 11, 100)}
            assert "" not in forms and not forms & {msgid, plural}, msgid


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
def test_the_committed_mo_is_compiled_from_the_po(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(MESSAGES / "django.po")], check=True)
    assert messages_of(fresh) == messages_of(MESSAGES / "django.mo")


def messages_of(path: Path) -> dict:
    # The messages, not the bytes: another gettext version may lay the file out differently.
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog

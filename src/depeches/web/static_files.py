"""Collecting static files only when they changed.

whitenoise's compressed, fingerprinted storage re-compresses every file at each
collectstatic (about 800 of them, mostly the admin's): seconds at every `depeches web`
start. A fingerprint of the sources (path, size, mtime) kept beside the collected files
tells when nothing changed, and the collection is skipped.
"""

from __future__ import annotations

import hashlib
import os

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

STAMP = ".sources-fingerprint"


def sources_fingerprint() -> str:
    digest = hashlib.sha256()
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            full = storage.path(path)
            info = os.stat(full)
            entries.append(f"{full}\0{info.st_size}\0{info.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def collect_static_if_changed() -> bool:
    """Run collectstatic when the sources changed since the last run; True if it ran."""
    stamp = settings.STATIC_ROOT / STAMP
    fingerprint = sources_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True

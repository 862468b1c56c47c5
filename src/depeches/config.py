"""Where depeches keeps its data, and the values read from the environment.

Kept apart from settings.py so that the CLI can resolve the data directory and the
database before Django starts (to print one clear line instead of a traceback).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def data_dir() -> Path:
    """The data directory: $DEPECHES_DATA, else ./var (created on first use)."""
    path = Path(os.environ.get("DEPECHES_DATA") or "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(directory: Path) -> str:
    """$DEPECHES_SECRET_KEY, else a key generated once into the data directory."""
    from_env = os.environ.get("DEPECHES_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    key_file = directory / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must not end up with two keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def cache_backend(spec: str, directory: Path) -> dict:
    """Django's CACHES["default"] for DEPECHES_CACHE: "locmem", "file:<dir>" or "db".

    locmem (the default) is per process: pages are keyed by the content version read from
    the database, so the web workers agree without sharing a cache. file and db share one
    cache between processes (and survive restarts) at the cost of a read per page.
    """
    spec = spec.strip() or "locmem"
    if spec == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "depeches",
            # A page is a few tens of KB: about 50 MB per process at most.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    if spec.startswith("file:"):
        location = Path(spec.removeprefix("file:") or directory / "cache")
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(location if location.is_absolute() else directory / location),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if spec == "db":
        # The table is made by `depeches web` (createcachetable) before serving.
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "depeches_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    raise ValueError(f"DEPECHES_CACHE={spec!r}: expected locmem, file:<directory> or db")

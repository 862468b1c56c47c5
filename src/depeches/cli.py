"""The `depeches` command: a thin front for Django's management commands.

`depeches run`, `depeches crawl`, `depeches migrate`, ... are the management commands of
the project's apps and of Django itself. Before handing over to Django this module sets the
settings module, gives `demo` its own data directory, and checks that a configured
PostgreSQL server answers, so that a wrong DATABASE_URL costs one clear line, not a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Commands that never touch the database: no connection check before them.
NO_DATABASE_COMMANDS = {"help", "version", "--help", "-h", "--version", "standin", "extract"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "depeches"
    command = argv[1] if len(argv) > 1 else "help"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "depeches.settings")
    if command == "demo":
        use_demo_data_directory()
    if command not in NO_DATABASE_COMMANDS and not command.startswith("-"):
        problem = database_problem()
        if problem:
            print(f"depeches: {problem}", file=sys.stderr)
            return 2

    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(argv)
    except (OperationalError, ProgrammingError) as error:
        if not looks_unmigrated(error):
            raise
        print(
            "depeches: the database has no depeches tables yet: run `depeches migrate` "
            "(`depeches run` does it by itself)",
            file=sys.stderr,
        )
        return 2
    return 0


def looks_unmigrated(error: Exception) -> bool:
    """SQLite says "no such table", PostgreSQL "relation ... does not exist"."""
    text = str(error)
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def use_demo_data_directory() -> None:
    """The demo keeps its database apart (./var/demo) so it never mixes with real outlets."""
    if os.environ.get("DATABASE_URL"):
        return
    base = Path(os.environ.get("DEPECHES_DATA") or "var")
    os.environ["DEPECHES_DATA"] = str(base / "demo")


def database_problem() -> str | None:
    """One line saying why the configured database cannot be used, or None."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    import django
    from django.db import connection
    from django.db.utils import Error

    try:
        django.setup()
        connection.ensure_connection()
    except Error as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return f"cannot use the database at {redacted(url)}: {first_line}"
    except Exception as error:  # a malformed URL raises before any connection
        return f"cannot use DATABASE_URL={redacted(url)}: {error}"
    return None


def redacted(url: str) -> str:
    """The URL without its password, for error messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url

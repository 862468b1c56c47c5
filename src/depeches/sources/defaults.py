"""The Moroccan outlets depeches knows, and offering them when nothing is followed yet.

`data/morocco-outlets.csv` was built from ../shared/corpus/sources/morocco-outlets.csv:
the same 170 rows (159 outlets, fr/ar/en/zgh, national and regional, plus 11 section feeds
that join their outlet), without its `seen_in_public_code` column, and with `notes` cut
down to what helps an operator (reported 403s, robots.txt rules, other feed URLs seen).
Its URLs were gathered from public code and pages, not checked live. Rows of kind `home`
have no known feed: those outlets are created without one, for `sources add <home>` or
`sources import --defaults --discover` to find it.
"""

from __future__ import annotations

from importlib import resources
from typing import TextIO

from depeches.sources.models import Outlet
from depeches.sources.outlet_lists import OutletList, read_outlets_csv
from depeches.sources.registry import ImportReport, import_outlets

DEFAULTS_FILE = "data/morocco-outlets.csv"
YES = {"y", "yes", "o", "oui", "نعم"}
IMPORT_COMMAND = "depeches sources import --defaults"


def default_outlets() -> OutletList:
    text = resources.files("depeches.sources").joinpath(DEFAULTS_FILE).read_text("utf-8")
    return read_outlets_csv(text)


def import_default_outlets() -> ImportReport:
    listed = default_outlets()
    report = import_outlets(listed.outlets)
    report.skipped[:0] = listed.skipped
    return report


def offer_default_outlets(stdin: TextIO, stdout: TextIO) -> bool:
    """With no outlet followed yet, offer the default list; True when it was imported.

    The question is asked only when someone is at a terminal (stdin and stdout both TTYs):
    under a service manager, in a pipe or in tests, one line says how to import and
    `depeches run` goes on.
    """
    if Outlet.objects.exists():
        return False
    count = len(default_outlets().outlets)
    if not (is_terminal(stdin) and is_terminal(stdout)):
        say(
            stdout,
            f"No outlet is followed yet: `{IMPORT_COMMAND}` follows the {count} Moroccan "
            "outlets depeches knows.\n",
        )
        return False
    say(stdout, f"Follow the {count} Moroccan outlets depeches knows? [y/N] ")
    if stdin.readline().strip().lower() not in YES:
        say(stdout, f"No outlet followed: `{IMPORT_COMMAND}` or `depeches sources add URL`.\n")
        return False
    report = import_default_outlets()
    say(stdout, f"Following the default outlets: {report.summary()}.\n")
    return True


def say(stdout: TextIO, text: str) -> None:
    # Flushed at once: the crawl worker and the web server write to the same terminal next.
    stdout.write(text)
    stdout.flush()


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())

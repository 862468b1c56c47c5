"""`depeches run` offers the default outlets when nothing is followed yet."""

from __future__ import annotations

import io

import pytest

from depeches.sources.defaults import import_default_outlets, offer_default_outlets
from depeches.sources.models import Feed, Outlet

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_without_a_terminal_one_line_says_how():
    out = io.StringIO()
    assert offer_default_outlets(Terminal("y\n"), out) is False
    assert out.getvalue() == (
        "No outlet is followed yet: `depeches sources import --defaults` follows the 159 "
        "Moroccan outlets depeches knows.\n"
    )
    assert not Outlet.objects.exists()


def test_yes_at_a_terminal_follows_them():
    out = Terminal()
    assert offer_default_outlets(Terminal("o\n"), out) is True
    assert out.getvalue().startswith("Follow the 159 Moroccan outlets depeches knows? [y/N] ")
    assert Outlet.objects.count() == 159 and Feed.objects.count() == 120
    # Asked once: now that outlets exist, nothing more is said.
    again = Terminal()
    assert offer_default_outlets(Terminal("y\n"), again) is False and again.getvalue() == ""


@pytest.mark.parametrize("answer", ["\n", "n\n", "", "non\n"])
def test_anything_but_yes_follows_nothing(answer):
    out = Terminal()
    assert offer_default_outlets(Terminal(answer), out) is False
    assert "depeches sources import --defaults" in out.getvalue().splitlines()[-1]
    assert not Outlet.objects.exists()


def test_importing_the_defaults_twice_changes_nothing():
    first = import_default_outlets()
    assert (len(first.outlets_added), len(first.feeds_added), first.skipped) == (159, 120, [])
    second = import_default_outlets()
    assert (second.outlets_added, second.outlets_updated, second.feeds_added) == ([], [], [])
    assert (len(second.outlets_unchanged), len(second.feeds_unchanged)) == (159, 120)
    assert Outlet.objects.count() == 159
    hespress = Outlet.objects.get(slug="hespress-fr")
    assert (hespress.language, hespress.region, hespress.feeds.count()) == ("fr", "national", 7)
    goud = Outlet.objects.get(home_url="https://www.goud.ma/")
    assert goud.slug == "goud" and goud.language == "ar"
    nador = Outlet.objects.get(slug="nador-city")
    assert (nador.region, nador.city) == ("Nador", "Nador")

"""Lists of outlets (CSV files, OPML files) as plain values, ready to be registered.

A list is read into rows, one per line or outline; rows that describe one outlet are then
grouped: by the slug depeches wrote into its own exports, else by home page and language.
So a section feed (Hespress FR - Économie, home https://fr.hespress.com/) joins its outlet,
while MAP News' French, Arabic and English editions, one home page, stay three outlets.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from depeches.sources.addresses import home_key, host_label, is_web_url, site_root

# The codes of depeches.sources.models.LANGUAGES, without importing Django models here.
LANGUAGE_CODES = {"fr", "ar", "en", "zgh"}
NATIONAL = "national"
# Region names of the default list that are wider than one city (the others are cities).
WIDER_THAN_A_CITY = {"souss", "tanger-tétouan", "rif", "oriental", "sahara", "gharb"}
# CSV kinds that name a feed; "home", "html" and "html_list" name a page with no feed.
FEED_KINDS = {"rss": "", "atom": "atom", "json": "json", "feed": "", "sitemap": "sitemap"}
PAGE_KINDS = {"home", "html", "html_list", "page"}
CSV_ALIASES = {
    "language": "lang",
    "title": "name",
    "xmlurl": "url",
    "feed": "url",
    "feed_url": "url",
    "htmlurl": "home",
    "home_url": "home",
    "site": "home",
    "format": "kind",
    "type": "kind",
}
SECTION_SEPARATORS = (" - ", " – ", " — ", ": ")
# The lengths of Outlet.home_url and Feed.url.
MAX_HOME_URL, MAX_FEED_URL = 500, 1000


@dataclass(frozen=True)
class Skipped:
    where: str  # "line 12", "outline line 40"
    reason: str


@dataclass
class SourceRow:
    """One line of a list: an outlet, and maybe one of its feeds."""

    where: str
    name: str
    language: str
    home_url: str
    feed_url: str = ""
    feed_format: str = ""
    feed_title: str = ""
    region: str = ""
    slug: str = ""


@dataclass(frozen=True)
class ListedFeed:
    url: str
    format: str = ""
    title: str = ""


@dataclass
class ListedOutlet:
    """One outlet as a list describes it, with its feeds (main one first)."""

    name: str
    language: str
    home_url: str
    region: str = ""
    city: str = ""
    slug: str = ""
    feeds: list[ListedFeed] = field(default_factory=list)


@dataclass
class OutletList:
    outlets: list[ListedOutlet]
    skipped: list[Skipped] = field(default_factory=list)
    rows: int = 0


# --------------------------------------------------------------------------- CSV


def read_outlets_csv(text: str, default_language: str = "") -> OutletList:
    """Rows of a CSV file with the columns of morocco-outlets.csv (name, lang, kind, url,
    home, region; others ignored), or close names (language, title, xmlUrl, htmlUrl…)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    rows: list[SourceRow] = []
    skipped: list[Skipped] = []
    for number, raw in enumerate(reader, start=2):  # line 1 is the header
        values = {canonical_column(key): (value or "").strip() for key, value in raw.items() if key}
        row = csv_row(values, f"line {number}", default_language)
        if isinstance(row, Skipped):
            skipped.append(row)
        else:
            rows.append(row)
    return group_rows(rows, skipped)


def canonical_column(name: str) -> str:
    key = name.strip().lower()
    return CSV_ALIASES.get(key, key)


def csv_row(values: dict[str, str], where: str, default_language: str) -> SourceRow | Skipped:
    kind = values.get("kind", "").lower()
    url, home = values.get("url", ""), values.get("home", "")
    if not url and not home:
        return Skipped(where, "no URL")
    is_feed = kind in FEED_KINDS or (not kind and bool(url) and url != home)
    if kind and kind not in FEED_KINDS and kind not in PAGE_KINDS:
        return Skipped(where, f"unknown kind {kind!r} (rss, atom, json, sitemap or home)")
    return make_row(
        where,
        name=values.get("name", ""),
        language=values.get("lang", "") or default_language,
        home_url=home or (url if not is_feed else ""),
        feed_url=url if is_feed else "",
        feed_format=FEED_KINDS.get(kind, ""),
        region=values.get("region", ""),
        slug=values.get("slug", ""),
    )


# --------------------------------------------------------------------------- rows


def make_row(where: str, **values: str) -> SourceRow | Skipped:
    """A checked row: web URLs, a known language, a name (the host's when none is given)."""
    row = SourceRow(where, **values)
    for url, limit in ((row.feed_url, MAX_FEED_URL), (row.home_url, MAX_HOME_URL)):
        if url and not is_web_url(url):
            return Skipped(where, f"not an http(s) URL: {url[:100]}")
        if len(url) > limit:
            return Skipped(where, f"URL longer than {limit} characters: {url[:100]}…")
    row.home_url = row.home_url or site_root(row.feed_url)
    language = normalise_language(row.language)
    if row.language and language not in LANGUAGE_CODES:
        return Skipped(where, f"unknown language {row.language!r} (fr, ar, en or zgh)")
    row.language = language
    row.name = " ".join(row.name.split())[:200] or host_label(row.home_url)
    return row


def normalise_language(value: str) -> str:
    """fr-FR -> fr, AR -> ar; "" stays "" (the caller's default applies)."""
    return value.strip().lower().replace("_", "-").split("-")[0]


def place_of(region: str) -> tuple[str, str]:
    """(region, city) from a list's region: a city name is also the outlet's city."""
    region = " ".join(region.split())
    if not region or region.lower() == NATIONAL:
        return region, ""
    wider = region.lower() in WIDER_THAN_A_CITY or "/" in region
    return region, "" if wider else region


def group_rows(rows: list[SourceRow], skipped: list[Skipped] | None = None) -> OutletList:
    groups: dict[tuple[str, ...], list[SourceRow]] = {}
    for row in rows:
        key = ("slug", row.slug) if row.slug else ("home", home_key(row.home_url), row.language)
        groups.setdefault(key, []).append(row)
    outlets = [outlet_of(group) for group in groups.values()]
    return OutletList(outlets, list(skipped or []), rows=len(rows) + len(skipped or []))


def outlet_of(rows: list[SourceRow]) -> ListedOutlet:
    main = main_row(rows)
    region, city = place_of(main.region)
    feeds = {}
    for row in [main, *rows]:
        if row.feed_url and row.feed_url not in feeds:
            title = row.feed_title or row.name
            feeds[row.feed_url] = ListedFeed(row.feed_url, row.feed_format, title)
    return ListedOutlet(
        name=main.name,
        language=main.language,
        home_url=main.home_url,
        region=region,
        city=city,
        slug=main.slug,
        feeds=list(feeds.values()),
    )


def main_row(rows: list[SourceRow]) -> SourceRow:
    """The row naming the outlet: the first that is not "<another row's name> - <section>"."""
    names = {row.name for row in rows}
    for row in rows:
        if not any(
            row.name.startswith(name + separator)
            for name in names
            for separator in SECTION_SEPARATORS
        ):
            return row
    return rows[0]

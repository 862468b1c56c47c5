"""Registering outlets and their feeds: one place for `sources add`, imports and the demo.

Registering is idempotent: an outlet is found again by its slug, else by its home page
(compared with `home_key`: http/https and `www.` do not matter) and language; a feed by its
URL. Importing a list twice changes nothing the second time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from depeches.sources.addresses import home_key, host_label
from depeches.sources.models import Feed, Outlet
from depeches.sources.outlet_lists import ListedFeed, ListedOutlet, Skipped

SLUG_LENGTH = 70
NAME_LENGTH = 200  # Outlet.name
DEFAULT_LANGUAGE = "fr"
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def unique_slug(name: str, url: str = "") -> str:
    slug, counter = slug_base(name, url), 2
    base = slug
    while Outlet.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def slug_base(name: str, url: str) -> str:
    """From the Latin-script parts of the name: "زنقة 20 (Rue20)" -> rue20, "Souss24 (سوس 24)"
    -> souss24, "MAP News (FR)" -> map-news-fr; a name all in Arabic script -> the host."""
    latin_parts = [part for part in re.split(r"[()]", name) if LATIN_LETTER.search(part)]
    base = slugify(" ".join(latin_parts))[:SLUG_LENGTH].strip("-")
    return base or slugify(host_label(url).replace(".", "-"))[:SLUG_LENGTH] or "outlet"


def find_outlet(home_url: str, language: str = "") -> Outlet | None:
    """The outlet with this home page, in this language when one is given.

    One home page may carry several editions (MAP News in French, Arabic and English).
    """
    key = home_key(home_url)
    if not key:
        return None
    host = key.split("/")[0].split(":")[0]
    same_home = [
        outlet
        for outlet in Outlet.objects.filter(home_url__icontains=host).order_by("pk")
        if home_key(outlet.home_url) == key
    ]
    if language:
        return next((outlet for outlet in same_home if outlet.language == language), None)
    return same_home[0] if same_home else None


@transaction.atomic
def register_outlet(
    *, name: str, home_url: str, language: str, feed_urls: list[str], slug: str = "", **fields
) -> Outlet:
    """Create or update an outlet (by slug, else by home page) and attach its feeds."""
    outlet = Outlet.objects.filter(slug=slug).first() if slug else find_outlet(home_url)
    if outlet is None:
        outlet = Outlet(slug=slug or unique_slug(name, home_url))
    outlet.name, outlet.home_url, outlet.language = name, home_url, language
    for key, value in fields.items():
        setattr(outlet, key, value)
    outlet.save()
    for url in feed_urls:
        Feed.objects.update_or_create(url=url, defaults={"outlet": outlet})
    return outlet


# --------------------------------------------------------------------------- imports


@dataclass
class ImportReport:
    outlets_added: list[str] = field(default_factory=list)  # slugs
    outlets_updated: list[str] = field(default_factory=list)
    outlets_unchanged: list[str] = field(default_factory=list)
    feeds_added: list[str] = field(default_factory=list)  # URLs
    feeds_unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def outlets(self) -> int:
        return len(self.outlets_added) + len(self.outlets_updated) + len(self.outlets_unchanged)

    def summary(self) -> str:
        return (
            f"{self.outlets} outlets ({len(self.outlets_added)} added, "
            f"{len(self.outlets_updated)} updated, {len(self.outlets_unchanged)} unchanged), "
            f"{len(self.feeds_added) + len(self.feeds_unchanged)} feeds "
            f"({len(self.feeds_added)} added, {len(self.feeds_unchanged)} already followed), "
            f"{len(self.skipped)} skipped"
        )


@transaction.atomic
def import_outlets(
    listed: Sequence[ListedOutlet], *, update: bool = True, default_language: str = ""
) -> ImportReport:
    """Register every listed outlet and feed; `update=False` leaves known outlets as they are
    (`sources add` on an outlet already followed only adds feeds)."""
    report = ImportReport()
    for entry in listed:
        outlet = save_outlet(entry, report, update, default_language or DEFAULT_LANGUAGE)
        for feed in entry.feeds:
            attach_feed(outlet, feed, report)
    return report


def save_outlet(
    entry: ListedOutlet, report: ImportReport, update: bool, default_language: str
) -> Outlet:
    language = entry.language or default_language
    outlet = Outlet.objects.filter(slug=entry.slug).first() if entry.slug else None
    # A feed already followed names its outlet too, when the home pages differ in form.
    outlet = outlet or find_outlet(entry.home_url, language) or outlet_of_feeds(entry.feeds)
    if outlet is None:
        outlet = Outlet.objects.create(
            slug=entry.slug or unique_slug(entry.name, entry.home_url),
            **outlet_fields(entry, language),
        )
        report.outlets_added.append(outlet.slug)
        return outlet
    changed = {
        name: value
        for name, value in outlet_fields(entry, language).items()
        if value and getattr(outlet, name) != value
    }
    if update and changed:
        Outlet.objects.filter(pk=outlet.pk).update(**changed)
        report.outlets_updated.append(outlet.slug)
    elif outlet.slug not in report.outlets_added:
        report.outlets_unchanged.append(outlet.slug)
    return outlet


def outlet_of_feeds(feeds: Sequence[ListedFeed]) -> Outlet | None:
    urls = [feed.url for feed in feeds]
    return Outlet.objects.filter(feeds__url__in=urls).order_by("pk").first() if urls else None


def outlet_fields(entry: ListedOutlet, language: str) -> dict[str, str]:
    return {
        "name": entry.name[:NAME_LENGTH],
        "home_url": entry.home_url,
        "language": language,
        "region": entry.region,
        "city": entry.city,
    }


def attach_feed(outlet: Outlet, listed: ListedFeed, report: ImportReport) -> None:
    feed = Feed.objects.filter(url=listed.url).select_related("outlet").first()
    if feed is None:
        Feed.objects.create(
            outlet=outlet, url=listed.url, format=listed.format, title=listed.title[:300]
        )
        report.feeds_added.append(listed.url)
    elif feed.outlet_id == outlet.pk:
        report.feeds_unchanged.append(listed.url)
    else:
        # A feed belongs to one outlet: moving it silently would move its articles' origin.
        reason = f"feed {listed.url} already belongs to {feed.outlet.slug}"
        report.skipped.append(Skipped(outlet.slug, reason))


# --------------------------------------------------------------------------- exports


def listed_outlets() -> list[ListedOutlet]:
    """Every outlet and feed as plain values (what `sources export` writes)."""
    outlets = Outlet.objects.prefetch_related("feeds").order_by("language", "name", "slug")
    return [
        ListedOutlet(
            name=outlet.name,
            language=outlet.language,
            home_url=outlet.home_url,
            region=outlet.region,
            city=outlet.city,
            slug=outlet.slug,
            feeds=[
                ListedFeed(feed.url, feed.format, feed.title)
                for feed in sorted(outlet.feeds.all(), key=lambda feed: feed.pk)
            ],
        )
        for outlet in outlets
    ]

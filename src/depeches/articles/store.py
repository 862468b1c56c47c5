"""Storing an article: one row per article, idempotent, updated in place when it changes.

An article is recognised by its canonical URL or, within its outlet, by its feed GUID, so
a re-polled feed, a URL variant or an edited entry never adds a second copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from depeches.articles.canonical import canonical_url, without_tracking
from depeches.articles.language import detect_language
from depeches.articles.models import Article, Rubrique
from depeches.articles.rubriques import rubrique_for
from depeches.articles.sanitize import clean_html, paragraphs_to_html
from depeches.sources.models import Feed, Outlet


@dataclass
class ArticleData:
    """Everything known about one article, from its feed entry and its page."""

    url: str
    title: str
    guid: str = ""
    lead: str = ""
    text: str = ""
    author: str = ""
    published: datetime | None = None
    categories: list[str] = field(default_factory=list)
    language: str = ""
    # Sanitised article HTML from its page; built from `text` when empty.
    html: str = ""
    # The page's own canonical URL (<link rel="canonical">), when it has one.
    canonical: str = ""
    extracted: bool = False
    extraction_error: str = ""
    extraction_attempts: int = 0
    # Pictures to download: (source URL, caption, is_lead), the lead first.
    images: list[tuple[str, str, bool]] = field(default_factory=list)


def find_existing(outlet: Outlet, url: str, guid: str = "", canonical: str = "") -> Article | None:
    """The stored article this one is: same canonical URL (of its link or of the page's
    own rel=canonical), or same GUID in the same outlet."""
    match = Q(canonical_url=canonical_url(url))
    if canonical:
        match |= Q(canonical_url=canonical_url(canonical))
    if guid:
        match |= Q(outlet=outlet, guid=guid)
    return Article.objects.filter(match).order_by("id").first()


def fingerprint(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


def store_article(outlet: Outlet, feed: Feed | None, data: ArticleData) -> tuple[Article, str]:
    """Insert or update; returns the article and what happened: created/updated/unchanged."""
    now = timezone.now()
    with transaction.atomic():
        article = find_existing(outlet, data.url, data.guid, data.canonical)
        created = article is None
        if created:
            article = Article(outlet=outlet, feed=feed, fetched_at=now)
        elif article.fingerprint == fingerprint(data.title, data.text) and (
            article.extraction == Article.Extraction.DONE or not data.extracted
        ):
            return article, "unchanged"
        fill(article, outlet, data, now)
        article.save()
    return article, "created" if created else "updated"


def fill(article: Article, outlet: Outlet, data: ArticleData, now: datetime) -> None:
    article.url = without_tracking(data.url)
    article.canonical_url = canonical_url(same_site_canonical(data.url, data.canonical))
    article.guid = data.guid[:1000] or article.guid
    article.title = data.title[:1000]
    article.lead = data.lead
    article.text = data.text or data.lead
    article.html = clean_html(data.html) if data.html else paragraphs_to_html(article.text)
    article.author = data.author[:300]
    article.language = data.language or detect_language(
        f"{data.title}\n{data.text or data.lead}", default=outlet.language
    )
    # Never in the future: a wrong clock or time zone at the source must not pin it on top.
    published = data.published or article.published_at or now
    article.published_at = min(published, now)
    article.updated_at = now
    article.fingerprint = fingerprint(data.title, data.text)
    slug = rubrique_for(data.categories, urlsplit(data.url).path)
    if slug:
        article.rubrique = Rubrique.objects.filter(slug=slug).first()
    article.extraction = Article.Extraction.DONE if data.extracted else Article.Extraction.FEED_ONLY
    article.extraction_error = data.extraction_error
    article.extraction_attempts += data.extraction_attempts


def same_site_canonical(url: str, canonical: str) -> str:
    """The page's rel=canonical when it stays on the outlet's own site, else the link.

    A canonical pointing to another site (a syndication partner, a CDN) would merge
    two outlets' copies of an agency dispatch into one article."""
    if canonical and urlsplit(canonical).hostname == urlsplit(url).hostname:
        return canonical
    return url

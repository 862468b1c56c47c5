"""Small factories for the reader's pages: outlets, articles, rubriques, stories, pictures.

Rows are made directly (not through the crawler), so each test says exactly what it shows.
Every test starts with an empty page cache and a time-independent page state
(DEPECHES_PAGE_FRESHNESS=0), so two requests in one test never fall in two freshness
periods.
"""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from PIL import Image as PillowImage

from depeches.articles.models import Article, Rubrique
from depeches.articles.sanitize import paragraphs_to_html
from depeches.demo.pictures import draw_picture
from depeches.images.download import DownloadedImage, check_image
from depeches.images.models import ArticleImage, Image
from depeches.images.storage import store_image
from depeches.sources.models import Outlet
from depeches.stories.models import Story

numbers = itertools.count(1)


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_outlet(
    name: str = "Le Quotidien d'Essai", *, language: str = "fr", display_mode: str = "full", **extra
) -> Outlet:
    slug = extra.pop("slug", f"outlet-{next(numbers)}")
    return Outlet.objects.create(
        slug=slug, name=name, language=language, display_mode=display_mode, **extra
    )


def make_article(
    outlet: Outlet,
    title: str = "",
    *,
    published_at: datetime | None = None,
    text: str = "Premier paragraphe.\n\nDeuxième paragraphe.",
    html: str | None = None,
    language: str = "",
    **extra,
) -> Article:
    number = next(numbers)
    url = extra.pop("url", f"https://{outlet.slug}.example/articles/{number}")
    return Article.objects.create(
        outlet=outlet,
        url=url,
        canonical_url=url,
        title=title or f"Article numéro {number}",
        text=text,
        html=paragraphs_to_html(text) if html is None else html,
        language=language or outlet.language,
        published_at=published_at or timezone.now(),
        **extra,
    )


def rubrique(slug: str) -> Rubrique:
    """One of the rubriques the migrations made."""
    return Rubrique.objects.get(slug=slug)


def make_story(*articles: Article) -> Story:
    story = Story.objects.create(
        title=articles[0].title,
        first_published_at=min(article.published_at for article in articles),
        last_published_at=max(article.published_at for article in articles),
        article_count=len(articles),
        outlet_count=len({article.outlet_id for article in articles}),
    )
    Article.objects.filter(pk__in=[article.pk for article in articles]).update(story=story)
    return story


def jpeg(size: tuple[int, int] = (800, 450), colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    output = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(output, format="JPEG")
    return output.getvalue()


def make_picture(
    article: Article,
    *,
    is_lead: bool = True,
    caption: str = "",
    position: int = 0,
    status: str = Image.Status.VISIBLE,
    size: tuple[int, int] = (800, 450),
) -> ArticleImage:
    """A stored picture (files under MEDIA_ROOT: use the media_root fixture) used by
    `article`."""
    # A drawn picture of its own: plain colours would all share one perceptual hash, and a
    # blocked one would block every other as a look-alike.
    number = next(numbers)
    downloaded = check_image(
        f"https://pictures.example/{number}.jpg",
        draw_picture(f"picture-{number}", size),
        max_bytes=10**7,
        max_pixels=10**8,
    )
    assert isinstance(downloaded, DownloadedImage)
    image = store_image(downloaded, downloaded.url)
    if image.status != status:
        image.status = status
        image.save()
    return ArticleImage.objects.create(
        article=article, image=image, is_lead=is_lead, caption=caption, position=position
    )


def minutes_ago(minutes: float) -> datetime:
    return timezone.now() - timedelta(minutes=minutes)


def casablanca(*parts: int) -> datetime:
    """A moment given in Casablanca time (UTC+1 outside Ramadan)."""
    from zoneinfo import ZoneInfo

    return datetime(*parts, tzinfo=ZoneInfo("Africa/Casablanca")).astimezone(UTC)


# --- reading pages -------------------------------------------------------------------


def get(client, url: str, language: str = "fr", **headers):
    """GET as a reader whose browser asks for `language` (Accept-Language)."""
    return client.get(url, headers={"accept-language": language, **headers})


def html_of(response) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(response.content.decode())


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def one(document, css: str):
    found = document.cssselect(css)
    assert len(found) == 1, f"{css}: {len(found)} elements"
    return found[0]


def language_cookie(client, language: str) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language

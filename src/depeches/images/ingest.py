"""An article's pictures: download them, store them once, attach them, point its HTML at them.

The crawler calls `attach_images` once the article is stored, then `rewrite_image_sources` on
the article's sanitised HTML with the `served` map it returned. To keep network requests out of
a database transaction, it may call the two halves itself: `download_candidates` (network
only) before the transaction, `attach_downloaded` (files and rows only) inside it.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from html import escape
from typing import NamedTuple
from urllib.parse import urljoin

import lxml.html
from django.conf import settings

from depeches.articles.models import Article
from depeches.articles.sanitize import html_to_text
from depeches.images.download import DownloadedImage, Get, ImageProblem, download_image
from depeches.images.links import original_url
from depeches.images.models import ArticleImage, Image
from depeches.images.storage import store_image

log = logging.getLogger("depeches.images")

CAPTION_MAX_LENGTH = ArticleImage._meta.get_field("caption").max_length


class ImageCandidate(NamedTuple):
    """A picture an article shows, as the extractor found it (a plain tuple works too)."""

    url: str
    caption: str = ""
    is_lead: bool = False


class AttachedImages(list[ArticleImage]):
    """The article's image uses in order, plus what the crawler needs next.

    `problems`: the pictures not kept, with their reason codes (for the crawler's counts);
    `served`: source URL → depeches' URL, for `rewrite_image_sources`. Blocked pictures are
    attached (moderators see where they were used) but not served, so the rewrite drops them.
    """

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[ImageProblem] = []
        self.served: dict[str, str] = {}


Candidates = Sequence[ImageCandidate | tuple[str, str, bool]]
Downloads = dict[str, DownloadedImage | ImageProblem]


def attach_images(article: Article, candidates: Candidates, get: Get) -> AttachedImages:
    """Download, store and attach the article's pictures; running it again adds nothing."""
    downloads = download_candidates(candidates, get, known=known_sources(article))
    return attach_downloaded(article, candidates, downloads)


def choose_candidates(candidates: Candidates) -> list[ImageCandidate]:
    """The lead picture first, each URL once, at most DEPECHES_IMAGE_MAX_PER_ARTICLE."""
    unique: dict[str, ImageCandidate] = {}
    for candidate in map(ImageCandidate._make, candidates):
        if candidate.url and candidate.url not in unique:
            unique[candidate.url] = candidate
    # sorted() is stable: apart from the lead, pictures keep their order in the article.
    ordered = sorted(unique.values(), key=lambda candidate: not candidate.is_lead)
    return ordered[: settings.DEPECHES_IMAGE_MAX_PER_ARTICLE]


def known_sources(article: Article) -> dict[str, Image]:
    """The article's pictures already stored, by the URL they were first stored from."""
    uses = ArticleImage.objects.filter(article=article).select_related("image")
    return {use.image.source_url: use.image for use in uses}


def download_candidates(
    candidates: Candidates, get: Get, *, known: Collection[str] = ()
) -> Downloads:
    """Network only: each chosen picture's bytes (or why not), except those in `known`."""
    return {
        candidate.url: download_image(get, candidate.url)
        for candidate in choose_candidates(candidates)
        if candidate.url not in known
    }


def attach_downloaded(
    article: Article, candidates: Candidates, downloads: Downloads
) -> AttachedImages:
    """Files and database only: store the downloaded pictures and attach them in order."""
    attached = AttachedImages()
    known = known_sources(article)
    for position, candidate in enumerate(choose_candidates(candidates)):
        image = known.get(candidate.url) or stored(downloads.get(candidate.url), attached)
        if image is None:
            continue
        use = attach(article, image, position, candidate)
        if use not in attached:
            attached.append(use)
        if image.status != Image.Status.BLOCKED:
            attached.served[candidate.url] = original_url(image)
    for problem in attached.problems:
        log.info("article %s: image not kept: %s", article.pk, problem)
    return attached


def stored(
    download: DownloadedImage | ImageProblem | None, attached: AttachedImages
) -> Image | None:
    if isinstance(download, DownloadedImage):
        return store_image(download, download.url)
    if isinstance(download, ImageProblem):
        attached.problems.append(download)
    return None


def attach(
    article: Article, image: Image, position: int, candidate: ImageCandidate
) -> ArticleImage:
    use, _created = ArticleImage.objects.get_or_create(
        article=article,
        image=image,
        defaults={
            "position": position,
            "is_lead": candidate.is_lead and position == 0,
            "caption": html_to_text(candidate.caption)[:CAPTION_MAX_LENGTH],
        },
    )
    return use


def rewrite_image_sources(html: str, served: dict[str, str], *, base_url: str = "") -> str:
    """The article's HTML with every <img> pointing at depeches, or removed.

    An <img> whose source (resolved against `base_url`, the article's URL) is not in `served`
    is dropped, with a <figure> it leaves empty: a reader's browser never loads a picture from
    the outlet. srcset and the like are removed, since they would name the outlet's files.
    """
    if "<img" not in html.lower():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for img in list(root.iter("img")):
        source = urljoin(base_url, (img.get("src") or "").strip())
        if source in served:
            keep_only_served_source(img, served[source])
        else:
            drop_picture(img)
    return inner_html(root)


def keep_only_served_source(img: lxml.html.HtmlElement, served_url: str) -> None:
    img.set("src", served_url)
    for attribute in list(img.attrib):
        if attribute not in {"src", "alt", "width", "height", "title"}:
            del img.attrib[attribute]


def drop_picture(img: lxml.html.HtmlElement) -> None:
    figure = next((parent for parent in img.iterancestors("figure")), None)
    img.drop_tree()  # keeps the text that followed the <img>
    if figure is not None and not figure.xpath(".//img") and is_only_caption(figure):
        figure.drop_tree()


def is_only_caption(figure: lxml.html.HtmlElement) -> bool:
    """Nothing left in the <figure> but its caption and blank space."""
    content = [child for child in figure if child.tag != "figcaption"]
    text = (figure.text or "") + "".join(child.tail or "" for child in figure)
    return not content and not text.strip()


def inner_html(root: lxml.html.HtmlElement) -> str:
    # The wrapper's own text comes back unescaped from lxml: escape it again, or "&lt;script&gt;"
    # in the article would come out as markup.
    children = "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return escape(root.text or "", quote=False) + children

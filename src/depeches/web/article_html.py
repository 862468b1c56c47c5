"""An article's stored HTML made ready for its page.

The crawler stored sanitised HTML whose pictures point at depeches (/images/<id>/). Before
showing it: pictures blocked since then become a placeholder, the lead picture (shown on
top) is not shown twice, every picture is wrapped in an element carrying data-image-id with
its report control, and gets loading="lazy" and its size, so the text does not jump as it
loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import lxml.html
from django.urls import Resolver404, resolve

from depeches.images.models import Image

PICTURE_VIEWS = {"images:original", "images:thumbnail"}


def image_id(src: str) -> int | None:
    """The id of a picture depeches serves at `src`, or None for any other address."""
    try:
        match = resolve((src or "").strip())
    except Resolver404:
        return None
    return match.kwargs.get("pk") if match.view_name in PICTURE_VIEWS else None


def image_ids(html: str) -> set[int]:
    if "<img" not in html.lower():
        return set()
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return {pk for img in root.iter("img") if (pk := image_id(img.get("src"))) is not None}


@dataclass(frozen=True)
class PictureControls:
    """What the page adds around pictures: the report control, the blocked placeholder."""

    report_link: Callable[[int], str]  # HTML of the control for an image id
    blocked_label: str


def prepare_article_html(
    html: str,
    *,
    pictures: dict[int, Image],
    hidden: set[int],
    default_alt: str,
    controls: PictureControls,
) -> str:
    """`pictures`: the Image rows by id; `hidden`: ids not to show here (the lead picture,
    already on top). Blocked pictures become placeholders."""
    if "<img" not in html.lower():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for img in list(root.iter("img")):
        pk = image_id(img.get("src"))
        image = pictures.get(pk) if pk is not None and pk not in hidden else None
        if image is None:
            drop_picture(img)
        elif image.status == Image.Status.BLOCKED:
            replace_by_placeholder(img, image, controls.blocked_label)
        else:
            present(img, image, default_alt)
            holder(img).append(lxml.html.fragment_fromstring(controls.report_link(image.pk)))
    return inner_html(root)


def present(img: lxml.html.HtmlElement, image: Image, default_alt: str) -> None:
    figure = next(img.iterancestors("figure"), None)
    if not img.get("alt"):
        caption = figure.find(".//figcaption") if figure is not None else None
        text = caption.text_content().strip() if caption is not None else ""
        img.set("alt", text or default_alt)
    if image.width and image.height:
        img.set("width", str(image.width))
        img.set("height", str(image.height))
    img.set("loading", "lazy")
    img.set("decoding", "async")
    wrap(img, image, "picture")


def replace_by_placeholder(img: lxml.html.HtmlElement, image: Image, label: str) -> None:
    placeholder = lxml.html.Element("span")
    placeholder.set("class", "blocked-label")
    placeholder.text = label
    img.addprevious(placeholder)
    placeholder.tail, img.tail = img.tail, None
    img.getparent().remove(img)
    wrap(placeholder, image, "picture blocked")


def wrap(element: lxml.html.HtmlElement, image: Image, classes: str) -> None:
    """The element's figure, or a new span around it, marked with the image's id."""
    figure = next(element.iterancestors("figure"), None)
    if figure is not None:
        wrapper = figure
    else:
        # lxml moves an element with the text that follows it: keep that text outside.
        following, element.tail = element.tail, None
        wrapper = lxml.html.Element("span")
        element.addprevious(wrapper)
        wrapper.append(element)
        wrapper.tail = following
    wrapper.set("class", " ".join(filter(None, [wrapper.get("class"), classes])))
    wrapper.set("data-image-id", str(image.pk))


def holder(img: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return next(element for element in img.iterancestors() if element.get("data-image-id"))


def drop_picture(img: lxml.html.HtmlElement) -> None:
    figure = next(img.iterancestors("figure"), None)
    img.drop_tree()  # keeps the text that followed the <img>
    if figure is not None and not figure.xpath(".//img"):
        figure.drop_tree()


def inner_html(root: lxml.html.HtmlElement) -> str:
    # lxml returns the wrapper's own text unescaped: escape it again, or "&lt;b&gt;" in the
    # article would come out as markup.
    children = "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return escape(root.text or "", quote=False) + children

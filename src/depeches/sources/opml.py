"""OPML 1.0 / 2.0 subscription lists, read leniently and written as OPML 2.0.

Real exports are often not well-formed: a raw `&` in an xmlUrl attribute is the classic
(plenaryapp's France.opml has one). Raw ampersands are escaped before parsing, which keeps
the URL whole where lxml's recovering parser would drop the `&` and the name after it;
anything else broken is left to the recovering parser.

Written lists group outlets by language; each feed is an `<outline type="rss">` with
xmlUrl, htmlUrl, language and category="/Maroc/<region>", an outlet without a feed is an
`<outline type="link">`, and `depeches:slug` lets an export be imported back as the same
outlets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from depeches.sources.outlet_lists import (
    ListedOutlet,
    OutletList,
    Skipped,
    SourceRow,
    group_rows,
    make_row,
)

DEPECHES_NS = "urn:depeches:opml"  # a name, not an address: nothing to fetch
SLUG = f"{{{DEPECHES_NS}}}slug"
CATEGORY_ROOT = "/Maroc/"
STRAY_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z][\w.-]*|#\d+|#x[0-9A-Fa-f]+);)")
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية", "en": "English", "zgh": "ⵜⴰⵎⴰⵣⵉⵖⵜ"}


class NotOpml(ValueError):
    pass


# --------------------------------------------------------------------------- reading


def read_opml(content: bytes, default_language: str = "") -> OutletList:
    """The outlets of an OPML file; raises NotOpml when it is not one."""
    root = parse_leniently(content)
    if root is None or local_name(root) != "opml":
        raise NotOpml("not an OPML file (no <opml> root element)")
    body = next((child for child in root if local_name(child) == "body"), None)
    if body is None:
        raise NotOpml("an OPML file without <body>")
    rows: list[SourceRow] = []
    skipped: list[Skipped] = []
    for outline, inherited in outlines(body, {"language": default_language, "category": ""}):
        row = outline_row(outline, inherited)
        if isinstance(row, Skipped):
            skipped.append(row)
        elif row is not None:
            rows.append(row)
    return group_rows(rows, skipped)


def parse_leniently(content: bytes) -> etree._Element | None:
    content = STRAY_AMPERSAND.sub(b"&amp;", content)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError:  # an empty document, even in recover mode
        return None


def outlines(
    parent: etree._Element, inherited: dict[str, str]
) -> Iterator[tuple[etree._Element, dict[str, str]]]:
    """Every outline under `parent`, with the language and category of its folders."""
    for outline in parent:
        if local_name(outline) != "outline":
            continue
        yield outline, inherited
        values = attributes(outline)
        inner = {
            "language": values.get("language") or inherited["language"],
            "category": values.get("category") or inherited["category"],
        }
        yield from outlines(outline, inner)


def outline_row(outline: etree._Element, inherited: dict[str, str]) -> SourceRow | Skipped | None:
    """A row for an outline naming a feed or a site; None for a folder."""
    values = attributes(outline)
    feed_url = values.get("xmlurl", "").strip()
    home_url = (values.get("htmlurl") or values.get("url") or "").strip()
    has_children = any(local_name(child) == "outline" for child in outline)
    if not feed_url and (has_children or not home_url):
        return None
    text = values.get("text") or values.get("title") or ""
    return make_row(
        f"line {outline.sourceline}",
        name=text,
        language=values.get("language") or inherited["language"],
        home_url=home_url,
        feed_url=feed_url,
        feed_format="sitemap" if values.get("type", "").lower() == "sitemap" else "",
        feed_title=values.get("title") or text,
        region=region_of(values.get("category") or inherited["category"]),
        slug=outline.get(SLUG, ""),
    )


def attributes(element: etree._Element) -> dict[str, str]:
    # xmlUrl, xmlurl and XMLURL are all seen in the wild.
    return {str(key).lower(): value for key, value in element.attrib.items() if "}" not in key}


def region_of(category: str) -> str:
    """ "/Maroc/Tanger" -> "Tanger" (OPML categories are comma-separated slash paths)."""
    for path in category.split(","):
        path = path.strip()
        if path.startswith(CATEGORY_ROOT):
            return path.removeprefix(CATEGORY_ROOT).strip("/ ")
    return ""


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


# --------------------------------------------------------------------------- writing


def write_opml(outlets: Sequence[ListedOutlet], title: str = "depeches: outlets") -> bytes:
    """OPML 2.0 of the outlets, grouped by language."""
    root = etree.Element("opml", version="2.0", nsmap={"depeches": DEPECHES_NS})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    etree.SubElement(head, "docs").text = "https://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    for language in sorted({outlet.language for outlet in outlets}, key=language_order):
        name = LANGUAGE_NAMES.get(language, language)
        folder = etree.SubElement(body, "outline", text=name, title=name, language=language)
        for outlet in outlets:
            if outlet.language == language:
                write_outlet(folder, outlet)
    etree.indent(root, space="  ")
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    return declaration + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def write_outlet(folder: etree._Element, outlet: ListedOutlet) -> None:
    common = {"htmlUrl": outlet.home_url, "language": outlet.language}
    if outlet.region:
        common["category"] = CATEGORY_ROOT + outlet.region
    if outlet.slug:
        common[SLUG] = outlet.slug
    if not outlet.feeds:
        etree.SubElement(
            folder, "outline", type="link", text=outlet.name, url=outlet.home_url, **common
        )
    for feed in outlet.feeds:
        feed_type = "sitemap" if feed.format == "sitemap" else "rss"
        etree.SubElement(
            folder,
            "outline",
            type=feed_type,
            text=outlet.name,
            title=feed.title or outlet.name,
            xmlUrl=feed.url,
            **common,
        )


def language_order(language: str) -> tuple[int, str]:
    known = list(LANGUAGE_NAMES)
    return (known.index(language) if language in known else len(known), language)

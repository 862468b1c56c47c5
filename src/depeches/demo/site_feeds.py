"""The machine-readable documents of a stand-in outlet: RSS 2.0 or Atom 1.0 feed, sitemap,
robots.txt, and the ground-truth record of each article.

Built by hand with XML escaping (no Django here), so that a fault can break them on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from .outlet import Outlet, PublishedArticle

FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
SUMMARY_LENGTH = 280
NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
TAGLINES = {
    "fr": "{name} : toute l'actualité",
    "ar": "{name}: آخر الأخبار",
    "en": "{name}: latest news",
}

# Characters XML 1.0 forbids even as references; corpus text may hold a few.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value: str) -> str:
    """Escape text content for XML."""
    return escape(_NOT_XML.sub("", value))


def attr(value: str) -> str:
    """Escape an attribute value for XML (double-quoted)."""
    return escape(_NOT_XML.sub("", value), {'"': "&quot;"})


def cdata(value: str) -> str:
    return "<![CDATA[" + _NOT_XML.sub("", value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def summary_of(pub: PublishedArticle) -> str:
    """The article's standfirst, else its first paragraph cut at a word boundary."""
    if pub.article.summary:
        return pub.article.summary
    paragraphs = pub.article.paragraphs
    first = paragraphs[0] if paragraphs else pub.title
    if len(first) <= SUMMARY_LENGTH:
        return first
    return first[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"


def tagline(outlet: Outlet) -> str:
    return TAGLINES.get(outlet.language, TAGLINES["en"]).format(name=outlet.name)


def render_feed(
    outlet: Outlet, entries: Sequence[PublishedArticle], updated: datetime | None
) -> str:
    """The outlet's feed, newest first; broken on purpose under the ``malformed`` fault."""
    updated = updated or datetime(2000, 1, 1, tzinfo=UTC)
    if outlet.feed_format == "atom":
        document, entry_end = render_atom(outlet, entries, updated), "</entry>"
    else:
        document, entry_end = render_rss(outlet, entries, updated), "</item>"
    if outlet.faults.malformed:
        document = break_feed(document, entries, entry_end)
    return document


def break_feed(document: str, entries: Sequence[PublishedArticle], entry_end: str) -> str:
    """Make the feed ill-formed the way real ones are: a raw ``&`` in the first entry's title
    and the document cut off inside its last entry (no closing tags). Lenient parsers still
    read the entries before the cut."""
    if entries:
        first_title = f"<title>{text(entries[0].title)}</title>"
        document = document.replace(first_title, first_title[:-8] + " & Cie</title>", 1)
    cut = document.rfind(entry_end)
    if cut > 0:
        document = document[:cut] + "\n"
    return document


def render_rss(outlet: Outlet, entries: Sequence[PublishedArticle], updated: datetime) -> str:
    head = (
        f'<?xml version="1.0" encoding="{outlet.faults.encoding}"?>\n'
        f'<rss version="2.0" xmlns:atom="{NAMESPACES["atom"]}" '
        f'xmlns:media="{NAMESPACES["media"]}" xmlns:dc="{NAMESPACES["dc"]}">\n<channel>\n'
        f"<title>{text(outlet.name)}</title>\n"
        f"<link>{text(outlet.home_url)}</link>\n"
        f"<description>{text(tagline(outlet))}</description>\n"
        f"<language>{text(outlet.language)}</language>\n"
        f"<lastBuildDate>{format_datetime(updated)}</lastBuildDate>\n"
        "<generator>depeches stand-in</generator>\n"
        f'<atom:link href="{attr(outlet.feed_url)}" rel="self" type="application/rss+xml"/>\n'
    )
    items = "".join(rss_item(outlet, pub) for pub in entries)
    return head + items + "</channel>\n</rss>\n"


def rss_item(outlet: Outlet, pub: PublishedArticle) -> str:
    guid, permalink = outlet.guid(pub)
    author = pub.article.author
    lines = [
        "<item>",
        f"<title>{text(pub.title)}</title>",
        f"<link>{text(outlet.feed_link(pub))}</link>",
        f'<guid isPermaLink="{"true" if permalink else "false"}">{text(guid)}</guid>',
        f"<pubDate>{format_datetime(pub.published)}</pubDate>",
        f"<category>{text(pub.article.category)}</category>",
        f"<dc:creator>{text(author)}</dc:creator>" if author else "",
        f"<description>{description(outlet, pub)}</description>",
        *rss_image(outlet, pub),
        "</item>\n",
    ]
    return "\n".join(line for line in lines if line)


def description(outlet: Outlet, pub: PublishedArticle) -> str:
    if not outlet.profile.html_description:
        return text(summary_of(pub))
    # WordPress style: a thumbnail and the summary as HTML, wrapped in CDATA.
    thumb = attr(outlet.url(pub.thumb_path))
    return cdata(f'<img src="{thumb}" alt="" /><p>{text(summary_of(pub))}</p>')


def rss_image(outlet: Outlet, pub: PublishedArticle) -> list[str]:
    url = attr(outlet.url(pub.image_path))
    style = outlet.profile.feed_image
    lines = []
    if style in ("enclosure", "both"):
        # The byte length is unknown until the picture is drawn; "0" is common in the wild.
        lines.append(f'<enclosure url="{url}" type="image/jpeg" length="0"/>')
    if style in ("media", "both"):
        size = 'width="800" height="450"'
        lines.append(f'<media:content url="{url}" medium="image" type="image/jpeg" {size}/>')
    return lines


def render_atom(outlet: Outlet, entries: Sequence[PublishedArticle], updated: datetime) -> str:
    head = (
        f'<?xml version="1.0" encoding="{outlet.faults.encoding}"?>\n'
        f'<feed xmlns="{NAMESPACES["atom"]}" xmlns:media="{NAMESPACES["media"]}" '
        f'xml:lang="{attr(outlet.language)}">\n'
        f"<title>{text(outlet.name)}</title>\n"
        f"<subtitle>{text(tagline(outlet))}</subtitle>\n"
        f"<id>{text(outlet.home_url)}</id>\n"
        f"<updated>{updated.isoformat()}</updated>\n"
        f'<link rel="alternate" type="text/html" href="{attr(outlet.home_url)}"/>\n'
        f'<link rel="self" type="application/atom+xml" href="{attr(outlet.feed_url)}"/>\n'
        f"<author><name>{text(outlet.name)}</name></author>\n"
        "<generator>depeches stand-in</generator>\n"
    )
    items = "".join(atom_entry(outlet, pub) for pub in entries)
    return head + items + "</feed>\n"


def atom_entry(outlet: Outlet, pub: PublishedArticle) -> str:
    guid, _ = outlet.guid(pub)
    author = pub.article.author or outlet.name
    summary_type = "html" if outlet.profile.html_description else "text"
    image = attr(outlet.url(pub.image_path))
    lines = [
        "<entry>",
        f"<title>{text(pub.title)}</title>",
        f'<link rel="alternate" type="text/html" href="{attr(outlet.feed_link(pub))}"/>',
        f"<id>{text(guid)}</id>",
        f"<published>{pub.published.isoformat()}</published>",
        f"<updated>{pub.published.isoformat()}</updated>",
        f"<author><name>{text(author)}</name></author>",
        f'<category term="{attr(pub.article.category)}"/>',
        f'<summary type="{summary_type}">{description(outlet, pub)}</summary>',
        f'<link rel="enclosure" type="image/jpeg" length="0" href="{image}"/>',
        "</entry>\n",
    ]
    return "\n".join(lines)


def render_sitemap(outlet: Outlet, articles: Sequence[PublishedArticle]) -> str:
    """Every published article, with Google News and image extensions."""
    urls = [
        "<url>"
        f"<loc>{text(outlet.url(pub.path))}</loc>"
        f"<lastmod>{pub.published.isoformat()}</lastmod>"
        "<news:news><news:publication>"
        f"<news:name>{text(outlet.name)}</news:name>"
        f"<news:language>{text(outlet.language)}</news:language>"
        "</news:publication>"
        f"<news:publication_date>{pub.published.isoformat()}</news:publication_date>"
        f"<news:title>{text(pub.title)}</news:title>"
        "</news:news>"
        f"<image:image><image:loc>{text(outlet.url(pub.image_path))}</image:loc></image:image>"
        "</url>\n"
        for pub in articles
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
        + "".join(urls)
        + "</urlset>\n"
    )


def render_robots(outlet: Outlet) -> str:
    rule = "Disallow: /" if outlet.faults.robots == "disallow" else "Allow: /"
    return f"User-agent: *\n{rule}\n\nSitemap: {outlet.url('/sitemap.xml')}\n"


def ground_truth_record(outlet: Outlet, pub: PublishedArticle) -> dict[str, str | None]:
    """What a perfect crawler would know about one article (``/_standin/articles.json``)."""
    guid, _ = outlet.guid(pub)
    return {
        "id": pub.id,
        "url": outlet.url(pub.path),
        "feed_link": outlet.feed_link(pub),
        "title": pub.title,
        # In UTC, as the aggregator stores it; the feed keeps the outlet's own offset.
        "published": pub.published.astimezone(UTC).isoformat(),
        "lang": pub.article.lang,
        "category": pub.article.category,
        "guid": guid,
        "image_url": outlet.url(pub.image_path),
        "author": pub.article.author,
        "outlet": pub.article.outlet,
        "story": pub.article.story,
    }

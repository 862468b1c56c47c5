"""Outlet HTML is never trusted: it is reduced to an allowlist (nh3) or to plain text."""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
    "strong", "em", "b", "i", "a", "figure", "figcaption", "img", "table", "thead",
    "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}
WHITESPACE = re.compile(r"[ \t\r\f\v]+")
BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_html(fragment: str) -> str:
    """Allowlisted HTML: no script, style, event handler, iframe, form, or unsafe URL."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener nofollow",
        strip_comments=True,
    )


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed title or summary), NFC, spaces folded."""
    if not fragment:
        return ""
    if "<" in fragment:
        fragment = nh3.clean(fragment, tags={"p", "br"}, attributes={})
        fragment = re.sub(r"<br\s*/?>|</p>", "\n", fragment)
        fragment = re.sub(r"<[^>]+>", "", fragment)
    return normalize_text(html.unescape(fragment))


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    lines = [WHITESPACE.sub(" ", line).strip() for line in text.split("\n")]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def paragraphs_to_html(text: str) -> str:
    """Plain text with blank-line paragraphs as escaped <p> elements."""
    return "\n".join(
        f"<p>{html.escape(paragraph)}</p>" for paragraph in text.split("\n\n") if paragraph.strip()
    )

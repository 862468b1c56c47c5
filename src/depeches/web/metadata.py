"""What an article page tells search engines and link previews: OpenGraph, Twitter card,
JSON-LD. The canonical URL is the outlet's: depeches shows the article, the outlet wrote it."""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

from depeches.articles.models import Article
from depeches.web.formatting import local

SITE_NAME = "depeches"
OPENGRAPH_LOCALES = {"fr": "fr_FR", "ar": "ar_AR", "en": "en_US"}
DESCRIPTION_CHARACTERS = 200

# Characters that could end the <script> element or start markup inside it; escaped as
# JSON \u escapes, which mean the same to a JSON parser (what json_script does, for a
# type json_script does not write).
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def description(article: Article, excerpt: list[str]) -> str:
    text = article.lead or " ".join(excerpt) or article.text
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_CHARACTERS:
        return text
    return text[:DESCRIPTION_CHARACTERS].rsplit(" ", 1)[0] + "…"


def news_article_json_ld(
    article: Article, *, image_url: str, page_description: str
) -> dict[str, object]:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": local(article.published_at).isoformat(),
        "dateModified": local(article.updated_at).isoformat(),
        "inLanguage": article.language or article.outlet.language,
        "url": article.url,
        "mainEntityOfPage": article.url,
        "publisher": {"@type": "Organization", "name": article.outlet.name},
    }
    if article.outlet.home_url:
        data["publisher"]["url"] = article.outlet.home_url
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if page_description:
        data["description"] = page_description
    if image_url:
        data["image"] = [image_url]
    return data


def json_ld_script(data: dict[str, object]) -> SafeString:
    """<script type="application/ld+json"> holding `data`, safe whatever the strings say.

    A data block, not a script: CSP does not apply to it, since browsers never run it."""
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


def opengraph_locale(language: str) -> str:
    return OPENGRAPH_LOCALES.get(language, "fr_FR")

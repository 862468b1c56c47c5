"""Article extraction: an outlet's page into title, text, date, author and lead image.

`extract_article` is a plain function over a string: it needs no Django settings and no
database, so benchmarks and the `depeches extract` command call it directly.
"""

from __future__ import annotations

import trafilatura

from depeches.articles.sanitize import normalize_text


def extract_article(html: str, url: str) -> dict:
    """The article in `html` (fetched from `url`) as a dict.

    Keys: title, text (paragraphs separated by blank lines), date (ISO 8601 or None),
    author, image (absolute URL or ""), language ("" when the page does not say).
    Empty strings where nothing was found; never raises on bad HTML.
    """
    document = None
    if html and html.strip():
        try:
            document = trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                include_images=False,
                include_formatting=False,
                deduplicate=False,
            )
        except (ValueError, TypeError, AttributeError):
            # trafilatura raises on a handful of degenerate documents; keep the feed's copy.
            document = None
    if document is None:
        return {"title": "", "text": "", "date": None, "author": "", "image": "", "language": ""}
    text = "\n\n".join(line for line in (document.text or "").split("\n") if line.strip())
    return {
        "title": normalize_text(document.title or ""),
        "text": normalize_text(text),
        "date": document.date or None,
        "author": normalize_text(document.author or ""),
        "image": document.image or "",
        "language": document.language or "",
    }

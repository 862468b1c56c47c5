"""What an excerpt-mode outlet's article page shows: its lead, or its first paragraphs."""

from __future__ import annotations

from depeches.articles.models import Article

EXCERPT_CHARACTERS = 400
# A feed "summary" longer than this is the article itself (some feeds carry the whole text).
LEAD_CHARACTERS = 600


def excerpt_paragraphs(article: Article) -> list[str]:
    """The outlet's own lead when it has a short one; else whole paragraphs from the start of the
    text, within EXCERPT_CHARACTERS and never more than half the text, so the excerpt is
    never the article; a first paragraph too long for that is cut at a word."""
    lead = article.lead.strip()
    if lead and lead != article.text.strip() and len(lead) <= LEAD_CHARACTERS:
        return paragraphs(lead)
    text = article.text.strip()
    budget = min(EXCERPT_CHARACTERS, len(text) // 2)
    chosen: list[str] = []
    used = 0
    for paragraph in paragraphs(text):
        if used + len(paragraph) > budget:
            break
        chosen.append(paragraph)
        used += len(paragraph)
    if chosen or not text:
        return chosen
    return [cut_at_word(paragraphs(text)[0], budget)]


def paragraphs(text: str) -> list[str]:
    return [paragraph.strip() for paragraph in text.split("\n\n") if paragraph.strip()]


def cut_at_word(text: str, limit: int) -> str:
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.،؛")
    return f"{cut}…"

"""Titles and snippets with the words a query matched marked (<mark>), found in the original
text by the same normalisation that indexed it."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from depeches.search.normalize import fold, stem
from depeches.search.stopwords import is_stopword

# A word of the original text, with the accents and tashkeel it carries, and tatweel.
_WORD = re.compile(
    r"[^\W_](?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed])*"
)
SNIPPET_WORDS = 32
WORDS_BEFORE_MATCH = 6


def highlighted(text: str, stems: set[str]) -> SafeString:
    """The whole text, escaped, its matching words marked."""
    words = _words(text)
    return _render(text, words, _terms(words), stems, 0, len(words))


def snippet(text: str, stems: set[str]) -> tuple[SafeString, bool]:
    """About SNIPPET_WORDS words of `text` around the most matches, and whether any matched."""
    words = _words(text)
    if not words:
        return mark_safe(""), False
    terms = _terms(words)
    matching = [index for index, term in enumerate(terms) if term in stems]
    start = _best_start(terms, matching) if matching else 0
    end = min(len(words), start + SNIPPET_WORDS)
    return _render(text, words, terms, stems, start, end), bool(matching)


def _words(text: str) -> list[re.Match]:
    return list(_WORD.finditer(text))


def _terms(words: list[re.Match]) -> list[str | None]:
    return [_term(word.group()) for word in words]


@lru_cache(maxsize=100_000)
def _term(word: str) -> str | None:
    """The index term of a word as written (None for a stopword): a page's snippets meet
    the same few thousand words again and again."""
    folded = fold(word)
    return None if is_stopword(folded) else stem(folded)


def _best_start(terms: list[str | None], matching: list[int]) -> int:
    """Where the window showing the most different matched terms begins."""

    def distinct_terms(start: int) -> int:
        return len({terms[i] for i in matching if start <= i < start + SNIPPET_WORDS})

    best = max(matching, key=lambda index: (distinct_terms(index), -index))
    return max(0, best - WORDS_BEFORE_MATCH)


def _render(
    text: str,
    words: list[re.Match],
    terms: list[str | None],
    stems: set[str],
    start: int,
    end: int,
) -> SafeString:
    if not words:
        return mark_safe(escape(text))
    begin = 0 if start == 0 else words[start].start()
    finish = len(text) if end >= len(words) else words[end - 1].end()
    parts, position = [], begin
    for index in range(start, end):
        word = words[index]
        if terms[index] in stems:
            parts.append(escape(text[position : word.start()]))
            parts.append(f"<mark>{escape(word.group())}</mark>")
            position = word.end()
    parts.append(escape(text[position:finish]))
    html = "".join(parts).strip()
    if begin > 0:
        html = "… " + html
    if finish < len(text):
        html += " …"
    return mark_safe(html)

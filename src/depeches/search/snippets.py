"""Titles and snippets with the words a query matched marked (<mark>), found in the original
text by the same normalisation that indexed it."""

from __future__ import annotations

import re

from django.utils.html import escape
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
    return _render(text, _words(text), stems, 0, None)


def snippet(text: str, stems: set[str]) -> tuple[SafeString, bool]:
    """About SNIPPET_WORDS words of `text` around the most matches, and whether any matched."""
    words = _words(text)
    if not words:
        return mark_safe(""), False
    matching = [index for index, word in enumerate(words) if _matches(word, stems)]
    start = _best_start(words, matching, stems) if matching else 0
    end = min(len(words), start + SNIPPET_WORDS)
    return _render(text, words, stems, start, end), bool(matching)


def _words(text: str) -> list[re.Match]:
    return list(_WORD.finditer(text))


def _matches(word: re.Match, stems: set[str]) -> bool:
    folded = fold(word.group())
    return not is_stopword(folded) and stem(folded) in stems


def _best_start(words: list[re.Match], matching: list[int], stems: set[str]) -> int:
    """Where the window showing the most different matched terms begins."""

    def distinct_terms(start: int) -> int:
        window = [i for i in matching if start <= i < start + SNIPPET_WORDS]
        return len({stem(fold(words[i].group())) for i in window})

    best = max(matching, key=lambda index: (distinct_terms(index), -index))
    return max(0, best - WORDS_BEFORE_MATCH)


def _render(text: str, words: list[re.Match], stems: set[str], start: int, end) -> SafeString:
    shown = words[start:end]
    if not shown:
        return mark_safe(escape(text))
    begin = 0 if start == 0 else shown[0].start()
    finish = len(text) if end is None or end >= len(words) else shown[-1].end()
    parts, position = [], begin
    for word in shown:
        parts.append(escape(text[position : word.start()]))
        piece = escape(word.group())
        parts.append(f"<mark>{piece}</mark>" if _matches(word, stems) else piece)
        position = word.end()
    parts.append(escape(text[position:finish]))
    html = "".join(parts).strip()
    if begin > 0:
        html = "… " + html
    if finish < len(text):
        html += " …"
    return mark_safe(html)

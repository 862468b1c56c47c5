"""Titles and snippets with the words a query matched marked (<mark>), found in the original
text by the same normalisation that indexed it."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from itertools import islice

from django.utils.safestring import SafeString, mark_safe

from depeches.search.normalize import fold, stem
from depeches.search.stopwords import is_stopword

# A word of the original text, with the accents and tashkeel it carries, and tatweel: letters
# or digits first, marks only after them (written so that the regex never backtracks).
_MARKS = r"\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed"
_WORD = re.compile(rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*")
SNIPPET_WORDS = 32
WORDS_BEFORE_MATCH = 6


def highlighted(text: str, stems: set[str]) -> SafeString:
    """The whole text, escaped, its matching words marked."""
    return _render(text, stems, 0, None)


def snippet(text: str, stems: set[str]) -> tuple[SafeString, bool]:
    """About SNIPPET_WORDS words of `text` around the most matches, and whether any matched.

    The text is read only as far as the first window showing every term: no later window
    can show more, and most articles show their terms early.
    """
    words: list[str] = []
    matching: list[int] = []
    matches: dict[str, bool] = {}
    start = None
    for found in _WORD.finditer(text):
        word = found.group()
        words.append(word)
        if word not in matches:
            matches[word] = _term(word) in stems
        if matches[word]:
            matching.append(len(words) - 1)
            start = _first_complete_window(words, matching, len(stems))
            if start is not None:
                break
    if not words:
        return mark_safe(""), False
    if start is None:
        start = _best_start(words, matching) if matching else 0
    else:
        start = max(0, start - WORDS_BEFORE_MATCH)
    return _render(text, stems, start, start + SNIPPET_WORDS), bool(matching)


def _first_complete_window(words: list[str], matching: list[int], wanted: int) -> int | None:
    """The first matched word whose window holds all `wanted` terms, up to the last match;
    an earlier window would have been complete at an earlier match."""
    last = matching[-1]
    recent = [index for index in matching if index > last - SNIPPET_WORDS]
    for position, first in enumerate(recent):
        if len({_term(words[index]) for index in recent[position:]}) >= wanted:
            return first
    return None


@lru_cache(maxsize=100_000)
def _term(word: str) -> str | None:
    """The index term of a word as written (None for a stopword): a page's snippets meet
    the same few thousand words again and again."""
    folded = fold(word)
    return None if is_stopword(folded) else stem(folded)


def _best_start(words: list[str], matching: list[int]) -> int:
    """Where the window showing the most different matched terms begins."""

    def distinct_terms(start: int) -> int:
        return len({_term(words[i]) for i in matching if start <= i < start + SNIPPET_WORDS})

    best = max(matching, key=lambda index: (distinct_terms(index), -index))
    return max(0, best - WORDS_BEFORE_MATCH)


def _render(text: str, stems: set[str], start: int, end: int | None) -> SafeString:
    """Words start to end (None: to the last) of `text`, escaped, the matching ones marked."""
    window = list(islice(_WORD.finditer(text), start, end))
    if not window:
        return mark_safe(escape(text))
    begin = 0 if start == 0 else window[0].start()
    last = window[-1]
    finish = len(text) if _WORD.search(text, last.end()) is None else last.end()
    parts, position = [], begin
    for word in window:
        if _term(word.group()) in stems:
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

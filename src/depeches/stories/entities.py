"""The named things of an article, as keys two articles can share: figures, names, places.

- Figures (`#17412.36`): numbers written either way (`17 412,36` and `17412.36`, `20 000` and
  `20 ألف`, Arabic-Indic digits), so a French and an Arabic report of one event share them.
  Integers below 10 are left out: scores and counts of that size say little.
- Places and bodies (`@casablanca`): the gazetteer's names, in either language.
- Names (`~bennani`): capitalised words of Latin script, the people and organisations French
  text names. A capital that only starts a sentence is not a name unless the word is
  capitalised elsewhere in the article too; a title written in capitals gives none.

Keys are plain strings so that a set of them is stored, compared and weighted simply.
"""

from __future__ import annotations

import re
from functools import lru_cache

from depeches.search.normalize import fold
from depeches.search.stopwords import is_stopword
from depeches.stories.gazetteer import KNOWN_NAMES

# French ordinals ("34e minute") are figures too; Arabic writes و ب ل right against a number.
_NUMBER = re.compile(
    r"(?<![0-9a-z\u00c0-\u024f.,])"
    r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?(?:e|er|eme)?(?!\w)"
)
# Arabic counts thousands in words ("20 ألف"), French in digits ("20 000"); folded spellings.
_ARABIC_THOUSAND = re.compile(r"\s*(?:الف|الاف|آلاف)(?!\w)")
_MIN_FIGURE = 10

_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«\"“(]\s*|\n\s*)$")
_MIN_NAME_LENGTH = 3


def entities(title: str, text: str) -> set[str]:
    """The entity keys of an article's title and text."""
    whole = f"{title}\n{text}"
    # A known place is counted once, as a place, not again as a capitalised name.
    known_words = _known_words()
    people = {name for name in names(title, text) if name[1:] not in known_words}
    return figures(whole) | places(whole) | people


def figures(text: str) -> set[str]:
    folded = fold(text)
    found = set()
    for match in _NUMBER.finditer(folded):
        whole = re.sub(r"\D", "", match.group(1))
        decimals = (match.group(2) or "").rstrip("0")
        value = f"{int(whole)}.{decimals}" if decimals else str(int(whole))
        if not decimals and _ARABIC_THOUSAND.match(folded, match.end()):
            value = str(int(whole) * 1000)
        if decimals or int(value) >= _MIN_FIGURE:
            found.add(f"#{value}")
    return found


def places(text: str) -> set[str]:
    pattern, keys = _place_pattern()
    return {f"@{keys[match.group('name')]}" for match in pattern.finditer(fold(text))}


def names(title: str, text: str) -> set[str]:
    mid_sentence = _capitalised_words(text, sentence_starts=False)
    found = _capitalised_words(text, sentence_starts=True) & mid_sentence
    found |= mid_sentence
    if not _mostly_capitals(title):
        found |= _capitalised_words(title, sentence_starts=False)
        found |= _capitalised_words(title, sentence_starts=True) & mid_sentence
    return {f"~{name}" for name in found}


def _capitalised_words(text: str, sentence_starts: bool) -> set[str]:
    """Folded capitalised words, either those that start a sentence or all the others."""
    found = set()
    for match in _CAPITALISED.finditer(text):
        starts = _SENTENCE_START.search(text, 0, match.start()) is not None
        if starts != sentence_starts:
            continue
        # "l'Agence", "d'Al" and "Al-Maghrib": the name is what follows the elision.
        word = fold(re.split(r"['’]", match.group())[-1]).strip("-")
        if len(word) >= _MIN_NAME_LENGTH and not is_stopword(word):
            found.add(word)
    return found


def _mostly_capitals(text: str) -> bool:
    letters = [char for char in text if char.isalpha() and char.isascii()]
    return len(letters) >= 8 and sum(char.isupper() for char in letters) > 0.6 * len(letters)


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Every word of the gazetteer's Latin names, folded ("bank", "al-maghrib", "masi")."""
    return frozenset(
        word for french, _ in KNOWN_NAMES.values() for name in french for word in fold(name).split()
    )


@lru_cache(maxsize=1)
def _place_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every known name, longest first, so that "بنك المغرب" is the bank
    and not also the country; and the key of each folded name."""
    keys = {}
    for key, (french, arabic) in KNOWN_NAMES.items():
        keys.update((fold(name), key) for name in (*french, *arabic))
        # ل + الرباط is written للرباط.
        keys.update(("لل" + fold(name)[2:], key) for name in arabic if fold(name)[:2] == "ال")
    alternatives = "|".join(re.escape(name) for name in sorted(keys, key=len, reverse=True))
    # Arabic attaches و ب ل ف ك to the next word (and writes ل + ال as لل).
    pattern = rf"(?<!\w)(?:[وبلفك]{{1,2}}(?=[\u0600-\u06ff]))?(?P<name>{alternatives})(?!\w)"
    return re.compile(pattern), keys

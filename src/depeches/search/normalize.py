"""The one text normalisation of search, applied to articles when indexed and to queries.

- `fold(text)`: case, accents and ligatures (élection = ÉLECTION = election, œ = oe), and the
  Arabic variants (tashkeel, tatweel, أ إ آ ٱ = ا, ة = ه, ى = ي, ؤ = و, ئ = ي, Arabic-Indic
  digits = 0-9). Punctuation and spacing are kept: folded text is still text.
- `words(text)`: the folded words of a text, in order.
- `stem(word)`: one folded word reduced to the form inflections share. Each word is stemmed
  by its script, not by the article's language, so mixed text and mixed queries work: Latin
  words by the French Snowball stemmer (élections = élection), Arabic words by a light
  stemmer that strips the attached article, conjunctions and prepositions (ال و ف ب ل ك) and
  the common suffixes (الانتخابات = انتخابات = انتخاب).
- `index_terms(text)`: what search indexes and looks for: words, without stopwords, stemmed.

SQLite's FTS5 tokenizer splits Arabic words at diacritics and folds none of the Arabic
variants, and PostgreSQL's Arabic stemmer treats "انتخابات" and "الانتخابات" differently,
which is why this is done here, once, for both databases.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer

from depeches.search.stopwords import is_stopword

# Characters Unicode decomposition does not fold the way readers expect.
_FOLD_TABLE = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ı": "i",
        "\u0640": None,  # tatweel: stretches a word, carries no letter
        "\u0671": "ا",  # alef wasla
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",  # Persian yeh, common in Arabic text typed on Persian keyboards
        "ک": "ك",
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Extended (Persian)
        "\u200c": None,  # zero-width non-joiner and joiner: invisible inside words
        "\u200d": None,
        "\u00ad": None,  # soft hyphen
    }
)

# Letters and digits, underscore excluded: what a word is made of once marks are gone.
_WORD = re.compile(r"[^\W_]+")

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")

# The light stemmer's affixes, folded (ة is ه, ى is ي). Prefixes are peeled off one letter or
# one article at a time, as long as a word of three letters is left; suffixes one each,
# in this order (the order of Larkey's Light10), as long as two letters are left.
_ARABIC_ARTICLE = "ال"
_ARABIC_PREFIX_LETTERS = frozenset("وفبلك")
_ARABIC_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_MIN_ARABIC_STEM = 3
_MIN_ARABIC_BEFORE_SUFFIX = 2


def fold(text: str) -> str:
    """Text without case, accents, ligatures nor Arabic spelling variants; still readable."""
    # NFKD splits accents (é, and أ إ آ into alef + hamza or madda) and tashkeel off their
    # letters as combining marks, and presentation forms and ligatures into plain letters.
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD_TABLE))
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", kept.translate(_FOLD_TABLE))


def words(text: str) -> list[str]:
    """The folded words of a text, in order, stopwords included."""
    return _WORD.findall(fold(text))


def is_arabic(word: str) -> bool:
    return _ARABIC_LETTER.search(word) is not None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A folded word's stem, by the rules of its script."""
    if is_arabic(word):
        return _arabic_light_stem(word)
    if word.isdigit():
        return word
    return _french_stemmer().stemWord(word)


def index_terms(text: str, language: str | None = None) -> list[str]:
    """The terms search indexes for `text`, in order: folded, stopwords left out, stemmed.

    `language` is accepted for callers that know it, but each word is stemmed by its own
    script, so French, Arabic and mixed text all give the terms their query gives.
    """
    return [stem(word) for word in words(text) if not is_stopword(word)]


def _arabic_light_stem(word: str) -> str:
    # Peel prefixes to a fixed point, so that every spelling of one word reaches the same
    # stem: والوزير → الوزير → وزير → زير, and وزير alone → زير as well.
    while True:
        if word.startswith(_ARABIC_ARTICLE) and len(word) - 2 >= _MIN_ARABIC_STEM:
            word = word[2:]
        elif word[0] in _ARABIC_PREFIX_LETTERS and len(word) - 1 >= _MIN_ARABIC_STEM:
            word = word[1:]
        else:
            break
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_ARABIC_BEFORE_SUFFIX:
            word = word[: -len(suffix)]
    return word


_per_thread = threading.local()


def _french_stemmer() -> Stemmer.Stemmer:
    # A PyStemmer stemmer must not be shared between threads (web and crawl threads).
    if not hasattr(_per_thread, "french"):
        _per_thread.french = Stemmer.Stemmer("french")
    return _per_thread.french

"""The language of a text from its script, and for Latin script from its common words."""

from __future__ import annotations

import re

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
TIFINAGH = re.compile(r"[\u2D30-\u2D7F]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
WORDS = re.compile(r"[a-zà-ÿœ']+")
FRENCH_WORDS = {
    "le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans", "pour", "que",
    "qui", "sur", "au", "aux", "par", "avec", "pas", "ce", "cette", "son", "sa", "ses",
}  # fmt: skip
ENGLISH_WORDS = {
    "the", "and", "of", "to", "in", "is", "for", "on", "that", "with", "by", "was", "as",
    "are", "from", "this", "at", "it", "be", "has", "have", "an", "which", "said",
}  # fmt: skip


def detect_language(text: str, default: str = "") -> str:
    """'ar', 'zgh', 'fr' or 'en' (or `default` when the text says too little)."""
    sample = text[:5000]
    arabic = len(ARABIC.findall(sample))
    tifinagh = len(TIFINAGH.findall(sample))
    latin = len(LATIN.findall(sample))
    if max(arabic, tifinagh, latin) < 3:
        return default
    if tifinagh > max(arabic, latin):
        return "zgh"
    if arabic > latin:
        return "ar"
    words = WORDS.findall(sample.lower())
    french = sum(word in FRENCH_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    if french == english == 0:
        return default or "fr"
    return "en" if english > french else "fr"

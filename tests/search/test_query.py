"""Reading the reader's query: terms, operators, filters, and what cannot be read."""

from __future__ import annotations

from datetime import date

import pytest

from depeches.search.query import Note, parse_query


def words_of(parsed) -> list[list[tuple[str, ...]]]:
    return [[term.terms for term in clause.alternatives] for clause in parsed.clauses]


def test_words_are_normalised_and_required():
    parsed = parse_query("Élections Maroc")
    assert words_of(parsed) == [[("elect",)], [("maroc",)]]
    assert not parsed.notes


def test_phrase_exclusion_or_and_title():
    parsed = parse_query('"coupe du monde" -football rabat OR casablanca intitle:séisme')
    assert words_of(parsed) == [
        [("coup", "mond")],
        [("rabat",), ("casablanc",)],
        [("seism",)],
    ]
    assert [term.terms for term in parsed.excluded] == [("football",)]
    assert parsed.clauses[2].alternatives[0].in_title
    assert parsed.has_operators


def test_filters():
    parsed = parse_query(
        "port source:Le360 rubrique:economie lang:ar after:2025-01-01 before:2025-02-01"
    )
    assert words_of(parsed) == [[("port",)]]
    assert parsed.outlets == ["le360"]
    assert parsed.rubriques == ["economie"]
    assert parsed.language == "ar"
    assert parsed.after == date(2025, 1, 1)
    assert parsed.before == date(2025, 2, 1)


def test_french_quotation_marks_make_a_phrase():
    assert words_of(parse_query("« Tanger Med »")) == [[("tang", "med")]]


def test_unknown_operator_is_words():
    assert words_of(parse_query("ligue:champions")) == [[("ligu", "champion")]]


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ('"coupe du monde', Note.UNBALANCED_QUOTE),
        ("rabat OR", Note.LONE_OR),
        ("OR rabat", Note.LONE_OR),
        ("rabat -", Note.LONE_OPERATOR),
        ("rabat intitle:", Note.LONE_OPERATOR),
        ("rabat source:", Note.LONE_OPERATOR),
        ("rabat after:hier", Note.BAD_DATE),
        ("rabat after:2025-02-30", Note.BAD_DATE),
        ("rabat lang:en", Note.BAD_LANGUAGE),
        ("le la de", Note.ONLY_STOPWORDS),
        ("في من على", Note.ONLY_STOPWORDS),
        ("-rabat", Note.ONLY_EXCLUSIONS),
        ("rabat " * 200, Note.TOO_LONG),
    ],
)
def test_malformed_queries_are_read_with_a_note(text, note):
    assert note in parse_query(text).notes


def test_unbalanced_quote_keeps_the_words():
    assert words_of(parse_query('"coupe du monde')) == [[("coup",)], [("mond",)]]


def test_control_characters_and_huge_queries():
    assert words_of(parse_query("rabat\x00\x07casablanca")) == [[("rabat",)], [("casablanc",)]]
    parsed = parse_query("x" * 1000)
    assert parsed.clauses and Note.TOO_LONG in parsed.notes
    assert len(parse_query(" ".join(f"mot{n}" for n in range(100))).clauses) == 32


def test_mixed_languages():
    assert words_of(parse_query("Maroc المغرب")) == [[("maroc",)], [("مغرب",)]]


def test_nothing():
    parsed = parse_query("   ")
    assert not parsed.clauses and not parsed.notes

"""The reader's query, read into terms and filters. Never fails: whatever cannot be read is
left out and named in `notes`, so the page can say what was ignored.

Syntax: words, "exact phrase", -exclusion (of a word or a phrase), OR between two terms,
intitle:word or intitle:"phrase", source:<outlet slug>, rubrique:<slug>, lang:fr|ar,
after:YYYY-MM-DD (that day included), before:YYYY-MM-DD (that day excluded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from depeches.search.normalize import index_terms

# Longer queries are cut: no reader types more, and every term costs a lookup.
MAX_QUERY_CHARS = 500
MAX_TERMS = 32

FILTERS = ("source", "rubrique", "lang", "after", "before")
LANGUAGES = ("fr", "ar")

# Quotation marks readers type, all read as the plain double quote.
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "＂": '"'})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ITEM = re.compile(
    r'(?P<minus>-)?(?:(?P<operator>[A-Za-z]+):)?(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))'
)


class Note:
    """Why part of a query was left out (codes the page turns into sentences)."""

    UNBALANCED_QUOTE = "unbalanced_quote"
    LONE_OPERATOR = "lone_operator"
    LONE_OR = "lone_or"
    BAD_DATE = "bad_date"
    BAD_LANGUAGE = "bad_language"
    TOO_LONG = "too_long"
    ONLY_STOPWORDS = "only_stopwords"
    ONLY_EXCLUSIONS = "only_exclusions"


@dataclass(frozen=True)
class Term:
    """One word or phrase: its index terms in order (more than one: a phrase)."""

    terms: tuple[str, ...]
    written: str
    in_title: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.terms) > 1


@dataclass(frozen=True)
class Clause:
    """Terms of which at least one must match (written with OR between them)."""

    alternatives: tuple[Term, ...]


@dataclass
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    rubriques: list[str] = field(default_factory=list)
    language: str = ""
    after: date | None = None
    before: date | None = None
    notes: list[str] = field(default_factory=list)
    # Words written but too common to search for (le, de, في…).
    stopwords: list[str] = field(default_factory=list)

    @property
    def has_terms(self) -> bool:
        return bool(self.clauses)

    @property
    def has_operators(self) -> bool:
        return bool(
            self.excluded
            or any(len(clause.alternatives) > 1 for clause in self.clauses)
            or any(term.in_title for clause in self.clauses for term in clause.alternatives)
        )

    @property
    def has_filters(self) -> bool:
        return bool(self.outlets or self.rubriques or self.language or self.after or self.before)

    def highlighted_terms(self) -> set[str]:
        return {
            term
            for clause in self.clauses
            for alternative in clause.alternatives
            for term in alternative.terms
        }


def parse_query(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    text = _CONTROL.sub(" ", text).translate(_QUOTES).strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        parsed.notes.append(Note.TOO_LONG)
    if text.count('"') % 2:
        # The last quote opens nothing: read what follows it as words.
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1 :]
        parsed.notes.append(Note.UNBALANCED_QUOTE)
    pending: list[Term] = []  # alternatives of the clause being read
    wants_alternative = False
    for item in _ITEM.finditer(text):
        if item["word"] == "OR" and not item["minus"] and not item["operator"]:
            if pending:
                wants_alternative = True
            else:
                _note(parsed, Note.LONE_OR)
            continue
        term = _read_item(parsed, item)
        if term is None:
            continue
        if item["minus"]:
            parsed.excluded.append(term)
        elif wants_alternative:
            pending.append(term)
        else:
            _close(parsed, pending)
            pending = [term]
        wants_alternative = False
    if wants_alternative:
        _note(parsed, Note.LONE_OR)
    _close(parsed, pending)
    _limit_terms(parsed)
    if not parsed.clauses and parsed.stopwords and not parsed.excluded:
        _note(parsed, Note.ONLY_STOPWORDS)
    if not parsed.clauses and parsed.excluded:
        _note(parsed, Note.ONLY_EXCLUSIONS)
    return parsed


def _read_item(parsed: ParsedQuery, item: re.Match) -> Term | None:
    """The term an item stands for; filters are stored on `parsed` and give None."""
    operator = (item["operator"] or "").lower()
    value = item["phrase"] if item["phrase"] is not None else item["word"]
    if operator in FILTERS:
        _read_filter(parsed, operator, value.strip())
        return None
    if operator and operator != "intitle":
        # Not an operator of ours ("12:30", "Ligue:des"): the whole item is words.
        value = f"{item['operator']} {value}"
    if not value.strip(" -") or _is_bare_operator(value):
        _note(parsed, Note.LONE_OPERATOR)
        return None
    terms = index_terms(value)
    if not terms:
        parsed.stopwords.append(value)
        return None
    return Term(tuple(terms), value, in_title=operator == "intitle")


def _is_bare_operator(value: str) -> bool:
    """An operator with nothing after it ("source:"), which the item pattern reads as a word."""
    return value.endswith(":") and value[:-1].lower() in (*FILTERS, "intitle")


def _read_filter(parsed: ParsedQuery, operator: str, value: str) -> None:
    if not value:
        _note(parsed, Note.LONE_OPERATOR)
    elif operator == "source":
        parsed.outlets.append(value.lower())
    elif operator == "rubrique":
        parsed.rubriques.append(value.lower())
    elif operator == "lang":
        if value.lower() in LANGUAGES:
            parsed.language = value.lower()
        else:
            _note(parsed, Note.BAD_LANGUAGE)
    else:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            _note(parsed, Note.BAD_DATE)
            return
        if operator == "after":
            parsed.after = day
        else:
            parsed.before = day


def _close(parsed: ParsedQuery, pending: list[Term]) -> None:
    if pending:
        parsed.clauses.append(Clause(tuple(dict.fromkeys(pending))))


def _limit_terms(parsed: ParsedQuery) -> None:
    if len(parsed.clauses) + len(parsed.excluded) > MAX_TERMS:
        del parsed.clauses[MAX_TERMS:]
        del parsed.excluded[max(0, MAX_TERMS - len(parsed.clauses)) :]
        _note(parsed, Note.TOO_LONG)


def _note(parsed: ParsedQuery, note: str) -> None:
    if note not in parsed.notes:
        parsed.notes.append(note)

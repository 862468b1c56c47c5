"""When a search finds nothing: searches that would find something, by dropping one thing."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from depeches.search.backends import backend
from depeches.search.engine import Filters, resolve
from depeches.search.query import ParsedQuery, parse_query

FORM_FILTERS = {
    "source": "outlet",
    "rubrique": "rubrique",
    "lang": "language",
    "period": "period",
    "start": "start",
    "end": "end",
}
OTHER_LANGUAGE = {"fr": "ar", "ar": "fr"}


@dataclass(frozen=True)
class Suggestion:
    label: str
    query_string: str
    count: int


def suggestions(
    params: QueryDict, parsed: ParsedQuery, filters: Filters, now, cap: int = 1000
) -> list[Suggestion]:
    tried = []
    for name in FORM_FILTERS:
        if params.get(name):
            tried.append((_removed_filter_label(name), _without(params, name)))
    language = filters.language or parsed.language
    if language in OTHER_LANGUAGE:
        other = params.copy()
        other["lang"] = OTHER_LANGUAGE[language]
        other["q"] = _plain_words(parsed) if parsed.language else params.get("q", "")
        tried.append((_("Chercher dans l'autre langue"), _query_string(other)))
    if parsed.has_operators or parsed.has_filters:
        plain = params.copy()
        plain["q"] = _plain_words(parsed)
        if plain["q"]:
            tried.append((_("Chercher seulement les mots, sans opérateurs"), _query_string(plain)))
    found = []
    for label, query_string in tried:
        count = _count(QueryDict(query_string), now, cap)
        if count:
            found.append(Suggestion(label, query_string, count))
    return found


def _count(params: QueryDict, now, cap: int) -> int:
    from depeches.search.forms import read_parameters

    read = read_parameters(params)
    search, _, _ = resolve(parse_query(read.text), read.filters, now)
    return backend().count(search, cap=cap)


def _plain_words(parsed: ParsedQuery) -> str:
    return " ".join(term.written for clause in parsed.clauses for term in clause.alternatives)


def _without(params: QueryDict, name: str) -> str:
    changed = params.copy()
    changed.pop(name, None)
    if name == "period":
        changed.pop("start", None)
        changed.pop("end", None)
    return _query_string(changed)


def _query_string(params: QueryDict) -> str:
    params = params.copy()
    for name in ("page", "format"):
        params.pop(name, None)
    return params.urlencode()


def _removed_filter_label(name: str) -> str:
    labels = {
        "source": _("Tous les médias"),
        "rubrique": _("Toutes les rubriques"),
        "lang": _("Les deux langues"),
        "period": _("Toutes les dates"),
        "start": _("Sans date de début"),
        "end": _("Sans date de fin"),
    }
    return labels[name]

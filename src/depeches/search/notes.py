"""What the page says about a query it could not read in full."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from depeches.search.query import Note

MESSAGES = {
    Note.UNBALANCED_QUOTE: _(
        "Un guillemet n'était pas fermé : les mots qui le suivent sont cherchés séparément."
    ),
    Note.LONE_OPERATOR: _(
        "Un opérateur sans mot (« - », « intitle: », « source: »…) a été ignoré."
    ),
    Note.LONE_OR: _("« OR » doit se trouver entre deux mots : il a été ignoré."),
    Note.BAD_DATE: _(
        "Une date n'a pas été comprise : écrivez-la AAAA-MM-JJ, par exemple after:2025-01-31."
    ),
    Note.BAD_LANGUAGE: _("La langue s'écrit lang:fr ou lang:ar."),
    Note.TOO_LONG: _("La recherche était trop longue : seul son début a été cherché."),
    Note.ONLY_STOPWORDS: _(
        "Ces mots sont trop courants pour être cherchés seuls : ajoutez un mot plus précis."
    ),
    Note.ONLY_EXCLUSIONS: _(
        "Une recherche ne peut pas seulement exclure : ajoutez un mot à chercher."
    ),
}


def note_messages(outcome) -> list:
    messages = [MESSAGES[note] for note in outcome.parsed.notes]
    for slug in outcome.unknown_outlets:
        messages.append(format_lazy(_("Aucun média ne s'appelle « {} »."), slug))
    for slug in outcome.unknown_rubriques:
        messages.append(format_lazy(_("Aucune rubrique ne s'appelle « {} »."), slug))
    return messages

"""The search page's parameters. A value that does not read is dropped, never an error."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from depeches.search.engine import Filters, Period, Sort


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True, label=_("Rechercher"))
    source = forms.SlugField(required=False, label=_("Média"))
    rubrique = forms.SlugField(required=False, label=_("Rubrique"))
    lang = forms.ChoiceField(
        required=False,
        label=_("Langue"),
        choices=[("", _("Toutes")), ("fr", _("Français")), ("ar", _("Arabe"))],
    )
    period = forms.ChoiceField(
        required=False,
        label=_("Date"),
        choices=[
            ("", _("Toutes les dates")),
            (Period.TODAY, _("Aujourd'hui")),
            (Period.WEEK, _("7 derniers jours")),
            (Period.MONTH, _("30 derniers jours")),
        ],
    )
    start = forms.DateField(required=False, label=_("Du"), widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(required=False, label=_("Au"), widget=forms.DateInput({"type": "date"}))
    sort = forms.ChoiceField(
        required=False,
        label=_("Trier par"),
        choices=[(Sort.RELEVANCE, _("Pertinence")), (Sort.DATE, _("Date"))],
    )


@dataclass
class SearchParameters:
    text: str
    filters: Filters
    sort: str


def read_parameters(data) -> SearchParameters:
    form = SearchForm(data)
    form.is_valid()
    # Fields that did not validate are simply absent from cleaned_data.
    values = {name: form.cleaned_data.get(name) for name in form.fields}
    return SearchParameters(
        text=values["q"] or "",
        filters=Filters(
            outlet=values["source"] or "",
            rubrique=values["rubrique"] or "",
            language=values["lang"] or "",
            period=values["period"] or "",
            start=values["start"],
            end=values["end"],
        ),
        sort=values["sort"] or Sort.RELEVANCE,
    )

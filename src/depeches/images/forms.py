"""The form a reader reports an image with: a reason, optionally a few words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from depeches.images.models import ImageReport

DETAIL_MAX_LENGTH = 500


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Motif"),
        choices=ImageReport.Reason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    detail = forms.CharField(
        label=_("Précisions (facultatif)"),
        max_length=DETAIL_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def clean_detail(self) -> str:
        # Kept as plain text (shown escaped to moderators); control characters dropped.
        detail = self.cleaned_data["detail"]
        return "".join(char for char in detail if char.isprintable() or char in "\n\t")

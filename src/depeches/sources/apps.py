from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    """Outlets and their feeds."""

    name = "depeches.sources"
    verbose_name = _("Sources")

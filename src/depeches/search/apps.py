from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Full-text search."""

    name = "depeches.search"
    verbose_name = _("Search")

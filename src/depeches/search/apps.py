from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Full-text search."""

    name = "depeches.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Articles know nothing of search: search follows them through their signals.
        from depeches.search import signals

        signals.connect()

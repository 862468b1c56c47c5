from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrawlConfig(AppConfig):
    """Fetching, parsing and scheduling."""

    name = "depeches.crawl"
    verbose_name = _("Crawl")

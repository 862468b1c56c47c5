from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    """RSS, sitemaps and the JSON API."""

    name = "depeches.syndication"
    verbose_name = _("Syndication")

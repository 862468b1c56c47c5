from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """Articles and rubriques."""

    name = "depeches.articles"
    verbose_name = _("Articles")

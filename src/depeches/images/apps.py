from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    """Images, reports and moderation."""

    name = "depeches.images"
    verbose_name = _("Images")

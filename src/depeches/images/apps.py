from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    """Images, reports and moderation."""

    name = "depeches.images"
    verbose_name = _("Images")

    def ready(self) -> None:
        from depeches.images import checks  # noqa: F401 (registers the system checks)

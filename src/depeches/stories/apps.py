from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    """Stories across outlets."""

    name = "depeches.stories"
    verbose_name = _("Stories")

    def ready(self) -> None:
        from depeches.stories import signals

        signals.connect()

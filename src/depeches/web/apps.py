from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The reader's site."""

    name = "depeches.web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from depeches.web import signals

        signals.connect()

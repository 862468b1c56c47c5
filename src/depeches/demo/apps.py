from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Stand-in outlets and the demo."""

    name = "depeches.demo"
    verbose_name = _("Demo")

"""`depeches check`: the moderation settings make sense before a reader reports anything."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.checks import Error, register


@register()
def trusted_proxies_are_addresses(app_configs, **kwargs) -> list[Error]:
    errors = []
    for entry in settings.DEPECHES_TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"DEPECHES_TRUSTED_PROXIES holds {entry!r}, which is no IP address or "
                    "network (e.g. 127.0.0.1, 10.0.0.0/8).",
                    id="depeches.images.E001",
                )
            )
    return errors


@register()
def moderation_limits_are_positive(app_configs, **kwargs) -> list[Error]:
    names = (
        "DEPECHES_IMAGE_BLOCK_THRESHOLD",
        "DEPECHES_IMAGE_REPORTS_PER_IP",
        "DEPECHES_IMAGE_REPORTS_PER_DAY",
    )
    return [
        Error(
            f"{name} must be at least 1 (it is {getattr(settings, name)}).",
            id="depeches.images.E002",
        )
        for name in names
        if getattr(settings, name) < 1
    ]

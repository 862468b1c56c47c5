"""An outlet's feeds as readers see their health: the crawler's reason codes in words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext, gettext_lazy

from depeches.sources.models import Feed

# The crawler's stable reason codes (depeches.crawl), in both languages. A code missing
# here is shown as it is: still a name, never nothing.
REASONS = {
    "timeout": gettext_lazy("délai de réponse dépassé"),
    "tls_error": gettext_lazy("certificat de sécurité refusé"),
    "connection_error": gettext_lazy("connexion impossible"),
    "connection_reset": gettext_lazy("connexion interrompue"),
    "bad_encoding": gettext_lazy("encodage illisible"),
    "bad_charset": gettext_lazy("encodage illisible"),
    "invalid_url": gettext_lazy("adresse invalide"),
    "http_error": gettext_lazy("erreur du protocole HTTP"),
    "too_many_redirects": gettext_lazy("trop de redirections"),
    "body_too_large": gettext_lazy("réponse trop volumineuse"),
    "empty_body": gettext_lazy("réponse vide"),
    "http_unauthorized": gettext_lazy("accès non autorisé (401)"),
    "http_forbidden": gettext_lazy("accès refusé (403)"),
    "http_not_found": gettext_lazy("adresse introuvable (404)"),
    "http_gone": gettext_lazy("adresse supprimée (410)"),
    "too_many_requests": gettext_lazy("trop de requêtes (429)"),
    "server_error": gettext_lazy("erreur du serveur du média"),
    "not_a_feed": gettext_lazy("ce n'est pas un flux"),
    "malformed_feed": gettext_lazy("flux mal formé"),
    "malformed_sitemap": gettext_lazy("plan du site mal formé"),
    "robots_disallowed": gettext_lazy("lecture interdite par robots.txt"),
    "robots_unavailable": gettext_lazy("robots.txt illisible"),
}
OTHER_HTTP_STATUS = re.compile(r"^http_(\d{3})$")
# Not Feed.get_format_display(): the model's labels are the admin's (in English).
FEED_KINDS = {
    "rss": "RSS",
    "atom": "Atom",
    "json": "JSON Feed",
    "sitemap": gettext_lazy("plan du site"),
}


@dataclass
class FeedHealth:
    kind: str
    ok: bool
    state: str
    last_status: int | None
    last_success_at: datetime | None
    last_checked_at: datetime | None

    @property
    def http_status(self) -> str:
        """ "HTTP 200", unless the state already names the status ("accès refusé (403)")."""
        if self.last_status is None or str(self.last_status) in self.state:
            return ""
        return f"HTTP {self.last_status}"


def reason_in_words(code: str) -> str:
    if code in REASONS:
        return str(REASONS[code])
    other = OTHER_HTTP_STATUS.match(code)
    if other:
        return gettext("erreur HTTP %(status)s") % {"status": other.group(1)}
    return code


def feed_health(feed: Feed) -> FeedHealth:
    if not feed.active:
        state, ok = gettext("en pause"), False
    elif feed.last_checked_at is None:
        state, ok = gettext("pas encore lu"), True
    elif feed.error_streak:
        state, ok = reason_in_words(feed.last_error_code), False
    else:
        state, ok = gettext("lu sans erreur"), True
        if feed.last_error_code:  # read, with a warning (a feed with a few broken entries)
            state = f"{state} ({reason_in_words(feed.last_error_code)})"
    return FeedHealth(
        kind=str(FEED_KINDS.get(feed.format) or gettext("flux")),
        ok=ok,
        state=state,
        last_status=feed.last_status,
        last_success_at=feed.last_success_at,
        last_checked_at=feed.last_checked_at,
    )

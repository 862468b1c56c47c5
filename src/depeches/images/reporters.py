"""Who reports an image, told apart without storing who they are.

A reader is a random id in a signed first-party cookie, plus a salted hash of their IP
address that changes every day: enough to count one person once and to limit someone who
clears their cookies, never a raw address in the database.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

COOKIE_NAME = "depeches_reporter"
COOKIE_SALT = "depeches.images.reporter"
COOKIE_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Reporter:
    key: str  # the cookie's id, or "staff:<user id>"
    ip_hash: str
    is_staff: bool = False
    new_cookie: bool = False  # the response must set the cookie


def reporter_of(request: HttpRequest) -> Reporter:
    ip_hash = hash_address(client_address(request), timezone.localdate())
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return Reporter(key=f"staff:{user.pk}", ip_hash=ip_hash, is_staff=True)
    try:
        cookie_id = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT, max_age=COOKIE_AGE)
    except (KeyError, signing.BadSignature):
        # No cookie, or a forged or expired one: a reader we have not seen.
        return Reporter(key=secrets.token_hex(16), ip_hash=ip_hash, new_cookie=True)
    return Reporter(key=cookie_id, ip_hash=ip_hash)


def remember(reporter: Reporter, response: HttpResponse) -> None:
    if reporter.new_cookie:
        response.set_signed_cookie(
            COOKIE_NAME,
            reporter.key,
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.HTTPS,
        )


def hash_address(address: str, day: date) -> str:
    """The same address hashes alike all day and differently the next: the salt holds the
    day and the site's secret key, so the hash cannot be reversed by trying every address."""
    salt = f"depeches.images.reporter-ip:{day.isoformat()}"
    return salted_hmac(salt, address, algorithm="sha256").hexdigest()


def client_address(request: HttpRequest) -> str:
    """The reader's address: the connection's, unless it comes from a trusted reverse proxy,
    whose X-Forwarded-For is then read from the right, skipping the other trusted proxies
    (what a client writes on the left of it is not believed)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop):
            return hop if is_address(hop) else remote
    return remote


def is_trusted_proxy(address: str) -> bool:
    if not is_address(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in trusted_networks())


def trusted_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    entries = settings.DEPECHES_TRUSTED_PROXIES
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


def is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True

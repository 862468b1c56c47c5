"""What makes two addresses the same outlet, and the small URL facts the sources app needs."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_web_url(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def site_root(url: str) -> str:
    return origin_of(url) + "/"


def home_key(url: str) -> str:
    """A home page as a comparable key: host without `www.`, path without its final slash.

    http and https, `www.medias24.com/` and `medias24.com` are one site; `ledesk.ma/ar/`
    (an edition) is not `ledesk.ma/`.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    return f"{host}{port}{parts.path.rstrip('/')}"


def host_label(url: str) -> str:
    """The host as a name of last resort: `www.goud.ma` -> `goud.ma`."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")

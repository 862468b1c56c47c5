"""Canonical article URLs: one spelling per article, whatever the link it came under."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMETERS = {
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "xtor", "xtref", "at_medium", "at_campaign", "ref", "ref_src", "cmpid", "_ga",
    "amp", "outputtype", "output",
}  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The URL without tracking parameters, fragment, AMP variant, default port or final /.

    Scheme and host are lower-cased; the path keeps its case (servers are case-sensitive).
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    path = strip_amp(parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking(key)
        )
    )
    return urlunsplit((scheme, host, path, query, ""))


def without_tracking(url: str) -> str:
    """The URL as the outlet wrote it, minus tracking parameters and fragment: the link
    depeches shows readers back to the source."""
    parts = urlsplit(url.strip())
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking(key)
        ]
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def is_tracking(parameter: str) -> bool:
    name = parameter.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def strip_amp(path: str) -> str:
    """/amp/x, /x/amp, /x.amp.html and /x.amp are the AMP variants of /x."""
    for suffix in ("/amp/", "/amp"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if path.startswith("/amp/"):
        path = path[len("/amp") :]
    for suffix in (".amp.html", ".amp"):
        if path.endswith(suffix):
            path = path[: -len(suffix)] + (".html" if suffix == ".amp.html" else "")
    return path

"""Faults a stand-in outlet can be asked to show, so the crawler meets real-world misbehaviour.

A fault spec is a comma-separated list of ``<outlet slug>:<fault>[=<value>]`` items, e.g.
``"le360:latency=2,hespress:error=0.3,alyaoum24:charset=windows-1256"``. Repeat a slug for
several faults (``a:latency=1,a:error=0.2``); the slug ``*`` means every outlet. Items apply in
order, so a later item overrides an earlier one for the same fault (``*:latency=1,a:latency=0``).
An unknown slug or fault, or a bad value, raises ``ValueError`` naming the offending item.

Faults and what they affect (``/_standin/...`` ground-truth URLs are never affected):

================  ===========================================================================
latency=SECONDS   wait that long before answering any request of the outlet
error=RATE        that fraction (0..1) of requests answer 500, 502 or 503 (503 with Retry-After)
ratelimit=RATE    that fraction of requests answer 429 Too Many Requests with Retry-After
reset=RATE        that fraction of requests get their TCP connection reset (RST, no answer)
retryafter=SECS   the Retry-After value sent with 429 and 503 (default 1)
forbidden         every request answers 403 Forbidden (a site that blocks bots)
malformed         the feed is not well-formed XML: a raw ``&`` in the first entry's title and
                  the document cut off inside its last entry; the other entries stay readable
notfeed           the feed URL answers an HTML page (200 text/html) instead of a feed
empty             the feed answers 200 with an empty body
charset=ENC       HTML pages and the feed are encoded in ENC (e.g. windows-1256, windows-1252)
                  and say so, both in Content-Type and in the document (meta / XML declaration);
                  characters ENC lacks become numeric character references
wrongcharset=ENC  HTML pages and the feed are encoded in ENC, Content-Type claims UTF-8 and the
                  document's own declaration (meta / XML declaration) tells the truth: ENC
huge=MB           article pages and the feed are padded with junk to MB megabytes (10^6 bytes),
                  streamed in 64 KiB chunks, never gzipped and without ETag
redirectloop      article pages and the feed redirect (302) in a loop: X -> X?loop=1 -> X ...
robots=disallow   robots.txt disallows everything for every user agent
================  ===========================================================================

The random faults (error, ratelimit, reset) draw from one seeded generator per outlet, so one
client making the same requests in the same order sees the same answers on every run; their
rates must add up to at most 1.
"""

from __future__ import annotations

import codecs
import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum

DEFAULT_RETRY_AFTER = 1


@dataclass(frozen=True)
class OutletFaults:
    latency: float = 0.0
    error: float = 0.0
    ratelimit: float = 0.0
    reset: float = 0.0
    retryafter: int = DEFAULT_RETRY_AFTER
    forbidden: bool = False
    malformed: bool = False
    notfeed: bool = False
    empty: bool = False
    charset: str | None = None
    wrongcharset: str | None = None
    huge: float | None = None  # megabytes
    redirectloop: bool = False
    robots: str | None = None  # "disallow"

    @property
    def encoding(self) -> str:
        """The encoding the outlet's pages and feed are written in."""
        return self.charset or self.wrongcharset or "utf-8"

    @property
    def declared_encoding(self) -> str:
        """The charset named in the Content-Type header (the lie, with wrongcharset)."""
        return "utf-8" if self.wrongcharset else self.encoding

    @property
    def huge_bytes(self) -> int:
        return int((self.huge or 0) * 1_000_000)


NO_FAULTS = OutletFaults()


def _rate(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise ValueError("a rate is a number between 0 and 1")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 3600:
        raise ValueError("seconds must be between 0 and 3600")
    return value


def _whole_seconds(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 86400:
        raise ValueError("seconds must be a whole number between 0 and 86400")
    return value


def _megabytes(text: str) -> float:
    value = float(text)
    if not 0 < value <= 1024:
        raise ValueError("megabytes must be more than 0 and at most 1024")
    return value


def _encoding(text: str) -> str:
    try:
        codecs.lookup(text)
    except LookupError:
        raise ValueError(f"unknown encoding {text!r}") from None
    return text.lower()


def _robots(text: str) -> str:
    if text != "disallow":
        raise ValueError("the only robots fault is robots=disallow")
    return text


# Fault name -> how its value is read; None marks a flag, which takes no value.
VALUE_PARSERS = {
    "latency": _seconds,
    "error": _rate,
    "ratelimit": _rate,
    "reset": _rate,
    "retryafter": _whole_seconds,
    "forbidden": None,
    "malformed": None,
    "notfeed": None,
    "empty": None,
    "charset": _encoding,
    "wrongcharset": _encoding,
    "huge": _megabytes,
    "redirectloop": None,
    "robots": _robots,
}


def parse_faults(spec: str | None, slugs: Iterable[str]) -> dict[str, OutletFaults]:
    """Read a fault spec into each outlet's faults (outlets without faults get ``NO_FAULTS``)."""
    known = list(slugs)
    faults = dict.fromkeys(known, NO_FAULTS)
    for item in (part.strip() for part in (spec or "").split(",")):
        if not item:
            continue
        targets, name, value = _parse_item(item, known)
        for slug in targets:
            faults[slug] = replace(faults[slug], **{name: value})
    for slug, outlet_faults in faults.items():
        _check_consistent(slug, outlet_faults)
    return faults


def _parse_item(item: str, slugs: list[str]) -> tuple[list[str], str, object]:
    slug, colon, fault = item.partition(":")
    if not colon or not fault:
        raise ValueError(f"fault {item!r}: expected <outlet slug>:<fault>[=<value>]")
    if slug != "*" and slug not in slugs:
        raise ValueError(f"fault {item!r}: unknown outlet {slug!r} ({_some(slugs)}, or *)")
    name, equals, text = fault.partition("=")
    if name not in VALUE_PARSERS:
        raise ValueError(
            f"fault {item!r}: unknown fault {name!r} (faults: {', '.join(VALUE_PARSERS)})"
        )
    parser = VALUE_PARSERS[name]
    if parser is None:
        if equals:
            raise ValueError(f"fault {item!r}: {name} takes no value")
        value: object = True
    else:
        if not text:
            raise ValueError(f"fault {item!r}: {name} needs a value ({name}=...)")
        try:
            value = parser(text)
        except ValueError as error:
            raise ValueError(f"fault {item!r}: bad value {text!r}: {error}") from None
    return (slugs if slug == "*" else [slug]), name, value


def _some(slugs: list[str], shown: int = 12) -> str:
    listed = ", ".join(slugs[:shown])
    return f"outlets: {listed}" + (f"... ({len(slugs)} in all)" if len(slugs) > shown else "")


def _check_consistent(slug: str, faults: OutletFaults) -> None:
    if faults.error + faults.ratelimit + faults.reset > 1:
        raise ValueError(f"faults of {slug!r}: error + ratelimit + reset add up to more than 1")
    if faults.charset and faults.wrongcharset:
        raise ValueError(f"faults of {slug!r}: charset and wrongcharset exclude each other")


class Mishap(Enum):
    RESET = "reset"
    RATE_LIMITED = "ratelimit"
    SERVER_ERROR = "error"


class FaultDice:
    """The seeded draw deciding, request by request, whether a random fault strikes."""

    SERVER_ERRORS = (500, 502, 503)

    def __init__(self, faults: OutletFaults, seed: str) -> None:
        self._faults = faults
        self._random = random.Random(f"standin-faults:{seed}")
        self._lock = threading.Lock()  # requests arrive on many threads; keep the draws in order

    def roll(self) -> tuple[Mishap | None, int]:
        """Return the mishap for this request (or None) and, for server errors, the status."""
        faults = self._faults
        if not (faults.reset or faults.ratelimit or faults.error):
            return None, 0
        with self._lock:
            draw = self._random.random()
            status = self._random.choice(self.SERVER_ERRORS)
        if draw < faults.reset:
            return Mishap.RESET, 0
        if draw < faults.reset + faults.ratelimit:
            return Mishap.RATE_LIMITED, 429
        if draw < faults.reset + faults.ratelimit + faults.error:
            return Mishap.SERVER_ERROR, status
        return None, 0


def fault_help() -> str:
    """The fault table of this module's docstring, for command-line help."""
    doc = __doc__ or ""  # None under python -OO: fall back to the bare names
    start = doc.find("Faults and what they affect")
    if start < 0:
        return "Faults: " + ", ".join(VALUE_PARSERS)
    return doc[start:].strip().replace("``", "")  # reST quotes read badly in a terminal

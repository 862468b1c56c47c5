"""Publication dates as outlets write them, in French, Arabic and English, into aware datetimes.

Machine dates (ISO 8601, RFC 822) and the dates printed on pages: "Publié le 1er novembre
2026 à 09h15", "20/11/2026 09:15", "نشر في 20 نوفمبر 2026 - 09:15", "الجمعة ٢٠ نونبر ٢٠٢٦",
"20 تشرين الثاني/نوفمبر 2026". A time without an offset is Moroccan time (Africa/Casablanca)
unless the caller says otherwise. A text that gives no time gives a date only: `ParsedDate`
keeps that apart, so a day is never turned into a made-up midnight in another time zone.

Standard library only: no Django, so the extractor and the benchmarks use it directly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TZ = "Africa/Casablanca"
# News on the web starts in the 1990s; earlier years on a page are other numbers.
MIN_YEAR, MAX_YEAR = 1995, 2100
# Clocks differ between an outlet's server and ours: a date this far ahead is still "now".
FUTURE_SLACK = timedelta(minutes=5)

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# Month names as `fold` leaves them: lower case, no accents, no hamza or madda on alef.
MONTH_NAMES = {
    1: "janvier janv jan january كانون الثاني يناير",
    2: "fevrier fevr fev feb february شباط فبراير",
    3: "mars mar march اذار مارس",
    4: "avril avr apr april نيسان ابريل",
    5: "mai may ايار ماي مايو",
    6: "juin jun june حزيران يونيو يونيه",
    7: "juillet juil jul july تموز يوليوز يوليو",
    8: "aout aug august اب غشت اغسطس",
    9: "septembre sept sep september ايلول شتنبر سبتمبر",
    10: "octobre oct october تشرين الاول اكتوبر",
    11: "novembre nov november تشرين الثاني نونبر نوفمبر",
    12: "decembre dec december كانون الاول دجنبر ديسمبر",
}
# Two-word Levantine names must not be read as their first word alone.
LEVANTINE = ("كانون الثاني", "تشرين الاول", "تشرين الثاني", "كانون الاول")


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for number, names in MONTH_NAMES.items():
        rest = names
        for name in LEVANTINE:
            if name in rest:
                table[name] = number
                rest = rest.replace(name, " ")
        table.update(dict.fromkeys(rest.split(), number))
    return table


MONTHS = _month_table()
MONTH = "(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\b\.?"

# "09h15", "9h", "09:15", "09:15:30", with an optional "pm", "مساء" and offset or zone name.
TIME = (
    r"(?P<hour>\d{1,2})(?:\s*[h:]\s*(?P<minute>\d{2})(?::(?P<second>\d{2}))?|\s*h(?![^\W\d_]))"
    r"(?:\s*(?P<half>am|pm|صباحا|ص|مساء|م)\b)?"
    r"(?:\s*(?P<zone>gmt|utc|z)\b)?(?:\s*(?P<offset>[+-]\d{1,2}(?::?\d{2})?)(?!\d))?"
)
# What may stand between a date and its time: "à", "-", ",", "|", "الساعة", "at".
BEFORE_TIME = r"(?:\s*(?:,|-|–|\||a|at|على الساعة|الساعة)?\s*)"
WITH_TIME = rf"(?:{BEFORE_TIME}{TIME})?"
DAY = r"(?<!\d)(?P<day>\d{1,2})(?:er|eme|e)?"
YEAR = r"(?P<year>\d{4})(?!\d)"

PATTERNS = [
    # 2026-11-20, 2026-11-20T09:15:00+01:00, 2026/11/20 09:15
    re.compile(
        r"(?<!\d)(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
        r"(?:(?:t|\s+|\s*,\s*)"
        rf"{TIME})?"
    ),
    # 20/11/2026 09:15, 20-11-2026, 20.11.2026 à 09h15
    re.compile(
        r"(?<![\d/.-])(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)"
        rf"{YEAR}(?![/.-]\d){WITH_TIME}"
    ),
    # 1er novembre 2026 à 09h15, 20 نونبر 2026 - 09:15, 20 تشرين الثاني/نوفمبر 2026
    re.compile(
        rf"{DAY}\s*(?:de\s+)?(?P<name>{MONTH})(?:\s*[/(]\s*{MONTH}\s*\)?)?"
        rf"\s*,?\s*{YEAR}{WITH_TIME}"
    ),
    # November 20, 2026 at 9:15 pm
    re.compile(rf"(?P<name>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{YEAR}{WITH_TIME}"),
]
ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")
RFC_822 = re.compile(r"^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}")
# Combining marks (Latin accents; Arabic harakat, hamza and madda) and the tatweel.
MARKS = re.compile("[\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")


@dataclass(frozen=True)
class ParsedDate:
    """A date read from a text; `has_time` says whether the text gave the time of day."""

    moment: datetime  # aware; midnight in the default zone when the text gave a day only
    has_time: bool

    def isoformat(self) -> str:
        """UTC ISO 8601 with seconds when there is a time, else YYYY-MM-DD."""
        return to_utc_iso(self.moment) if self.has_time else self.moment.date().isoformat()

    def is_future(self, now: datetime | None = None) -> bool:
        """After now (give or take a few minutes of clock skew)."""
        now = (now or datetime.now(UTC)) + FUTURE_SLACK
        if self.has_time:
            return self.moment > now
        return self.moment.date() > now.astimezone(self.moment.tzinfo).date()


def parse_date(text: str, *, default_tz: str = DEFAULT_TZ) -> datetime | None:
    """The first date in `text` as an aware datetime, or None.

    A time without an offset is read in `default_tz`; a day alone is midnight there.
    """
    parsed = parse_date_value(text, default_tz=default_tz)
    return parsed.moment if parsed else None


def parse_date_value(text: str, *, default_tz: str = DEFAULT_TZ) -> ParsedDate | None:
    """The first date in `text`, remembering whether it came with a time; None if none."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.strip()[:1000]
    zone = time_zone(default_tz)
    parsed = parse_machine_date(text, zone)
    if parsed is None:
        parsed = parse_written_date(fold(text), zone)
    if parsed is None or not MIN_YEAR <= parsed.moment.year <= MAX_YEAR:
        return None
    return parsed


def to_utc_iso(moment: datetime) -> str:
    """An aware datetime as UTC ISO 8601 to the second: "2026-11-20T08:15:00+00:00"."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def fold(text: str) -> str:
    """Lower case, Western digits, no accents, harakat, tatweel or hamza/madda on alef.

    Decomposing (NFD) splits "é" into "e" and an accent, "أ" into "ا" and a hamza: dropping
    the combining marks folds both scripts at once.
    """
    return MARKS.sub("", unicodedata.normalize("NFD", text.translate(DIGITS).lower()))


@cache
def time_zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def parse_machine_date(text: str, zone: tzinfo) -> ParsedDate | None:
    """ISO 8601 (what JSON-LD and meta tags mostly say) or RFC 822 (what feeds say)."""
    if ISO_START.match(text):
        candidate = text.split("[", 1)[0].strip()  # "...+01:00[Africa/Casablanca]"
        try:
            moment = datetime.fromisoformat(candidate)
        except ValueError:
            return None  # the written-date patterns read what fromisoformat refuses
        has_time = len(candidate) > 10
        return ParsedDate(with_zone(moment, zone), has_time)
    if RFC_822.match(text):
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        return ParsedDate(with_zone(moment, zone), True)
    return None


def with_zone(moment: datetime, zone: tzinfo) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def parse_written_date(folded: str, zone: tzinfo) -> ParsedDate | None:
    """The earliest date any pattern finds in an already folded text."""
    matches = [match for pattern in PATTERNS if (match := pattern.search(folded))]
    for match in sorted(matches, key=lambda match: match.start()):
        parsed = date_from_match(match, zone)
        if parsed is not None:
            return parsed
    return None


def date_from_match(match: re.Match[str], zone: tzinfo) -> ParsedDate | None:
    parts = match.groupdict()
    name = parts.get("name")
    month = MONTHS[name.rstrip(".")] if name else int(parts["month"])
    day, year = int(parts["day"]), int(parts["year"])
    if not name and month > 12 and day <= 12:
        day, month = month, day  # 11/20/2026: an American order
    try:
        day_only = date(year, month, day)
    except ValueError:
        return None
    moment = time_of_day(day_only, parts, zone) if parts.get("hour") is not None else None
    if moment is None:
        return ParsedDate(datetime.combine(day_only, datetime.min.time(), zone), False)
    return ParsedDate(moment, True)


def time_of_day(day: date, parts: dict[str, str | None], zone: tzinfo) -> datetime | None:
    hour = int(parts["hour"] or 0)
    minute, second = int(parts.get("minute") or 0), int(parts.get("second") or 0)
    if parts.get("half") in {"pm", "مساء", "م"} and hour < 12:
        hour += 12
    elif parts.get("half") in {"am", "صباحا", "ص"} and hour == 12:
        hour = 0
    offset = zone_of(parts.get("offset"), parts.get("zone"), zone)
    try:
        return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=offset)
    except ValueError:
        return None  # "25h70" is not a time: keep the day


def zone_of(offset: str | None, name: str | None, default: tzinfo) -> tzinfo:
    """ "+01:00", "+0100", "+1" or "GMT"/"UTC"/"Z" as a tzinfo; the default when none."""
    if offset:
        sign = -1 if offset.startswith("-") else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = (
            (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        )
        if hours <= 14 and minutes < 60:
            return timezone(sign * timedelta(hours=hours, minutes=minutes))
    if name:
        return UTC
    return default

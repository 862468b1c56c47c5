"""Dates, times and numbers as readers see them: Africa/Casablanca, in French or Arabic.

Plain functions of their arguments (and of the active language, for the words), so that
templates, views and tests share one way of writing "08 - 06 - 2025" or "il y a 12 min".
Digits stay Western in Arabic too, as in the Moroccan press.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext, gettext_lazy, ngettext

SHOWN_IN = ZoneInfo("Africa/Casablanca")

# Month names as the Moroccan press writes them (in Arabic: يونيو, يوليوز, غشت, شتنبر…).
MONTHS = {
    1: gettext_lazy("janvier"),
    2: gettext_lazy("février"),
    3: gettext_lazy("mars"),
    4: gettext_lazy("avril"),
    5: gettext_lazy("mai"),
    6: gettext_lazy("juin"),
    7: gettext_lazy("juillet"),
    8: gettext_lazy("août"),
    9: gettext_lazy("septembre"),
    10: gettext_lazy("octobre"),
    11: gettext_lazy("novembre"),
    12: gettext_lazy("décembre"),
}


def local(moment: datetime) -> datetime:
    return moment.astimezone(SHOWN_IN)


def local_today(now: datetime) -> date:
    return local(now).date()


def day_month_year(moment: datetime) -> str:
    """The reference site's date: "08 - 06 - 2025", the day in Casablanca."""
    return local(moment).strftime("%d - %m - %Y")


def clock(moment: datetime) -> str:
    """ "14:05", in Casablanca."""
    return local(moment).strftime("%H:%M")


def headline_time(moment: datetime, now: datetime) -> str:
    """ "14:05" today, "21/11 14:05" before: an older headline must not read as today's."""
    when = local(moment)
    if when.date() == local(now).date():
        return when.strftime("%H:%M")
    return when.strftime("%d/%m %H:%M")


def long_date(day: date) -> str:
    """ "8 juin 2025" / "8 يونيو 2025"."""
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def relative_time(moment: datetime, now: datetime) -> str:
    """ "à l'instant", "il y a 12 min", "il y a 3 h", "il y a 2 j", then the date."""
    elapsed = now - moment
    if elapsed < timedelta(minutes=1):
        return gettext("à l'instant")
    if elapsed < timedelta(hours=1):
        minutes = int(elapsed.total_seconds() // 60)
        return ngettext("il y a %(count)s min", "il y a %(count)s min", minutes) % {
            "count": minutes
        }
    if elapsed < timedelta(days=1):
        hours = int(elapsed.total_seconds() // 3600)
        return ngettext("il y a %(count)s h", "il y a %(count)s h", hours) % {"count": hours}
    if elapsed < timedelta(days=7):
        days = elapsed.days
        return ngettext("il y a %(count)s jour", "il y a %(count)s jours", days) % {"count": days}
    return day_month_year(moment)


def number(value: int) -> str:
    """Grouped digits as the interface language writes them: "12 345" / "12.345"."""
    return formats.number_format(value, force_grouping=True)


# Not the model's choices (their labels are the admin's, in English).
LANGUAGE_NAMES = {
    "fr": gettext_lazy("français"),
    "ar": gettext_lazy("arabe"),
    "en": gettext_lazy("anglais"),
    "zgh": gettext_lazy("amazighe"),
}


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))

"""Publication dates as outlets write them, in French, Arabic and English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from depeches.articles.dates import ParsedDate, fold, parse_date, parse_date_value, to_utc_iso

CASABLANCA = ZoneInfo("Africa/Casablanca")
PLUS_ONE = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # machine dates: JSON-LD, meta tags, feeds
        ("2026-11-20T09:15:00+01:00", "2026-11-20T08:15:00+00:00"),
        ("2026-11-20T09:15:00Z", "2026-11-20T09:15:00+00:00"),
        ("2026-11-20T09:15:00.000+0100", "2026-11-20T08:15:00+00:00"),
        ("2026-11-20 09:15:00", "2026-11-20T08:15:00+00:00"),
        ("2026-11-20T09:15:00+01:00[Africa/Casablanca]", "2026-11-20T08:15:00+00:00"),
        ("2026-11-20", "2026-11-20"),
        ("Fri, 20 Nov 2026 09:15:00 +0100", "2026-11-20T08:15:00+00:00"),
        ("Fri, 20 Nov 2026 09:15:00 GMT", "2026-11-20T09:15:00+00:00"),
        # French
        ("Publié le 20 novembre 2026 à 09h15", "2026-11-20T08:15:00+00:00"),
        ("Publié le vendredi 20 novembre 2026 à 9h", "2026-11-20T08:00:00+00:00"),
        ("Le 1er décembre 2025", "2025-12-01"),
        ("1er fevrier 2026 a 18h40", "2026-02-01T17:40:00+00:00"),
        ("14 FÉVRIER 2024", "2024-02-14"),
        ("3 août 2025, 07:05", "2025-08-03T06:05:00+00:00"),
        ("20 nov. 2026 à 12:30", "2026-11-20T11:30:00+00:00"),
        ("Mis à jour le 5 août 2025 à 18:40 GMT+1", "2025-08-05T17:40:00+00:00"),
        ("20/11/2026 09:15", "2026-11-20T08:15:00+00:00"),
        ("20-11-2026", "2026-11-20"),
        ("Le 20.11.2026 à 09h15", "2026-11-20T08:15:00+00:00"),
        ("2026/11/20 09:15", "2026-11-20T08:15:00+00:00"),
        # Arabic: Moroccan, Egyptian/Gulf and Levantine month names, Eastern digits
        ("نشر في 20 نوفمبر 2026 - 09:15", "2026-11-20T08:15:00+00:00"),
        ("الجمعة ٢٠ نونبر ٢٠٢٦", "2026-11-20"),
        ("الأحد ۱۵ شتنبر ۲۰۲۴ - ۱۰:۳۰", "2024-09-15T09:30:00+00:00"),
        ("15 يوليوز 2025", "2025-07-15"),
        ("15 غشت 2025", "2025-08-15"),
        ("2 دجنبر 2025", "2025-12-02"),
        ("١٥ أيار ٢٠٢٤", "2024-05-15"),
        ("3 آذار 2024", "2024-03-03"),
        ("20 تشرين الثاني 2025", "2025-11-20"),
        ("20 كانون الأول 2025", "2025-12-20"),
        ("20 تشرين الثاني/نوفمبر 2025", "2025-11-20"),
        ("5 إبريل 2025", "2025-04-05"),
        ("7 ابريل 2025 الساعة 10:00 مساء", "2025-04-07T21:00:00+00:00"),
        # English
        ("November 20, 2026 at 9:15 pm", "2026-11-20T20:15:00+00:00"),
        ("20 November 2026", "2026-11-20"),
    ],
)
def test_dates_as_outlets_write_them(text, iso):
    parsed = parse_date_value(text)
    assert parsed is not None, text
    assert parsed.isoformat() == iso


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "pas de date ici",
        "12 morts et 20 blessés",
        "31/02/2026",
        "le 20 novembre 1989",  # before news on the web: another number
        "2026",
        "٢٠٢٦",
        "20 brumaire 2026",
        "\x00\x01",
        "2026-13-45",
        None,
        12,
    ],
)
def test_no_date_gives_none(text):
    assert parse_date_value(text) is None  # type: ignore[arg-type]
    assert parse_date(text) is None  # type: ignore[arg-type]


def test_a_time_without_offset_is_moroccan_time_which_follows_ramadan():
    assert parse_date("20 novembre 2025 à 10h00") == datetime(2025, 11, 20, 10, tzinfo=CASABLANCA)
    # Morocco leaves UTC+1 for UTC+0 during Ramadan; zoneinfo knows it.
    assert to_utc_iso(parse_date("2025-03-10 10:00")) == "2025-03-10T10:00:00+00:00"
    assert to_utc_iso(parse_date("2025-05-10 10:00")) == "2025-05-10T09:00:00+00:00"
    assert parse_date("2025-05-10 10:00", default_tz="Europe/Paris").utcoffset() == timedelta(
        hours=2
    )
    assert parse_date("2025-05-10 10:00", default_tz="No/Such_Zone").tzinfo == UTC


def test_the_first_date_of_a_text_is_the_one():
    text = "Publié le 3 mai 2025 à 10h20, mis à jour le 4 mai 2025 à 08h00"
    assert parse_date(text) == datetime(2025, 5, 3, 10, 20, tzinfo=CASABLANCA)


def test_a_day_alone_is_midnight_there_but_stays_a_day():
    parsed = parse_date_value("20 novembre 2025")
    assert parsed == ParsedDate(datetime(2025, 11, 20, tzinfo=CASABLANCA), has_time=False)
    assert parsed.isoformat() == "2025-11-20"


def test_explicit_offsets_win_over_the_default_zone():
    assert parse_date("2026-11-20T09:15:00+01:00").utcoffset() == timedelta(hours=1)
    assert parse_date("20/11/2026 09:15 UTC") == datetime(2026, 11, 20, 9, 15, tzinfo=UTC)


def test_future_dates_are_recognised_with_a_little_clock_skew():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert ParsedDate(now + timedelta(minutes=2), True).is_future(now) is False
    assert ParsedDate(now + timedelta(hours=1), True).is_future(now) is True
    today = datetime(2026, 11, 20, tzinfo=CASABLANCA)
    assert ParsedDate(today, False).is_future(now) is False
    assert ParsedDate(today + timedelta(days=1), False).is_future(now) is True


def test_to_utc_iso_and_fold():
    moment = datetime(2026, 11, 20, 9, 15, 30, 123456, tzinfo=PLUS_ONE)
    assert to_utc_iso(moment) == "2026-11-20T08:15:30+00:00"
    assert fold("Écrit le 1er Décembre") == "ecrit le 1er decembre"
    assert fold("إقرأ أيضاً ١٢ تـــمـوز") == "اقرا ايضا 12 تموز"

"""Plain functions behind the pages: dates and relative times in both languages, excerpts,
feed health in words, the cache setting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils.translation import override

from depeches import config
from depeches.web.excerpts import excerpt_paragraphs
from depeches.web.feed_health import feed_health, reason_in_words
from depeches.web.formatting import day_month_year, long_date, number, relative_time

NOW = datetime(2025, 6, 8, 12, 0, tzinfo=UTC)


def test_dates_are_shown_in_casablanca():
    assert day_month_year(datetime(2025, 6, 7, 23, 30, tzinfo=UTC)) == "08 - 06 - 2025"
    # During Ramadan Morocco sets its clocks back to UTC+0 (here, 2025-03-01 to 04-06).
    assert day_month_year(datetime(2025, 3, 10, 23, 30, tzinfo=UTC)) == "10 - 03 - 2025"


@pytest.mark.parametrize(
    ("elapsed", "french", "arabic"),
    [
        (timedelta(seconds=20), "à l'instant", "الآن"),
        (timedelta(minutes=1), "il y a 1 min", "منذ دقيقة واحدة"),
        (timedelta(minutes=2), "il y a 2 min", "منذ دقيقتين"),
        (timedelta(minutes=5), "il y a 5 min", "منذ 5 دقائق"),
        (timedelta(minutes=12), "il y a 12 min", "منذ 12 دقيقة"),
        (timedelta(hours=1), "il y a 1 h", "منذ ساعة واحدة"),
        (timedelta(hours=2), "il y a 2 h", "منذ ساعتين"),
        (timedelta(hours=3), "il y a 3 h", "منذ 3 ساعات"),
        (timedelta(hours=23), "il y a 23 h", "منذ 23 ساعة"),
        (timedelta(days=1), "il y a 1 jour", "منذ يوم واحد"),
        (timedelta(days=2), "il y a 2 jours", "منذ يومين"),
        (timedelta(days=6), "il y a 6 jours", "منذ 6 أيام"),
        (timedelta(days=8), "31 - 05 - 2025", "31 - 05 - 2025"),
    ],
)
def test_relative_times(elapsed, french, arabic):
    with override("fr"):
        assert relative_time(NOW - elapsed, NOW) == french
    with override("ar"):
        assert relative_time(NOW - elapsed, NOW) == arabic


def test_long_dates_use_the_moroccan_month_names():
    with override("fr"):
        assert long_date(date(2025, 8, 1)) == "1 août 2025"
    with override("ar"):
        assert [long_date(date(2025, month, 1)).split()[1] for month in range(1, 13)] == [
            "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
            "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
        ]  # fmt: skip


def test_numbers_are_grouped_for_each_language():
    with override("fr"):
        assert number(12345) == "12\xa0345"
    with override("ar"):
        assert number(12345) == "12.345"


def article(text: str = "", lead: str = "") -> SimpleNamespace:
    return SimpleNamespace(text=text, lead=lead)


def test_excerpt_is_whole_paragraphs_and_never_the_whole_text():
    text = "\n\n".join(f"Paragraphe {n} " + "mot " * 30 for n in range(6))
    chosen = excerpt_paragraphs(article(text))
    paragraphs = [paragraph.strip() for paragraph in text.split("\n\n")]
    assert chosen == paragraphs[: len(chosen)] and 1 <= len(chosen) < 6
    assert sum(map(len, chosen)) <= 400


def test_excerpt_of_a_single_paragraph_is_cut_at_a_word():
    text = "Un seul paragraphe " + "assez long, " * 30
    (cut,) = excerpt_paragraphs(article(text))
    assert cut.endswith("…") and len(cut) <= len(text) // 2 + 1
    assert text.startswith(cut.removesuffix("…"))


def test_excerpt_prefers_a_short_lead_but_not_the_whole_article():
    assert excerpt_paragraphs(article("Texte.\n\nSuite.", lead="Chapô.")) == ["Chapô."]
    long_lead = "Très long " * 100
    assert excerpt_paragraphs(article(long_lead, lead=long_lead)) != [long_lead.strip()]


def feed(**fields) -> SimpleNamespace:
    defaults = dict(
        active=True,
        format="rss",
        error_streak=0,
        last_error_code="",
        last_status=200,
        last_checked_at=NOW,
        last_success_at=NOW,
    )
    return SimpleNamespace(**{**defaults, **fields})


def test_feed_health_in_words_in_both_languages():
    failing = feed(error_streak=2, last_error_code="timeout", last_status=None)
    with override("fr"):
        assert feed_health(feed()).state == "lu sans erreur"
        assert feed_health(failing).state == "délai de réponse dépassé"
        assert not feed_health(failing).ok
        assert reason_in_words("http_418") == "erreur HTTP 418"
        assert reason_in_words("brand_new_code") == "brand_new_code"
        assert feed_health(feed(active=False)).state == "en pause"
        assert feed_health(feed(last_error_code="malformed_feed")).state == (
            "lu sans erreur (flux mal formé)"
        )
    with override("ar"):
        assert feed_health(failing).state == "انتهت مهلة الرد"
        assert reason_in_words("too_many_requests") == "طلبات كثيرة جدا (429)"


def test_every_crawler_reason_code_has_words():
    from depeches.web.feed_health import REASONS

    codes = {
        "timeout", "tls_error", "connection_error", "connection_reset", "bad_encoding",
        "invalid_url", "http_error", "too_many_redirects", "body_too_large", "empty_body",
        "http_unauthorized", "http_forbidden", "http_not_found", "http_gone",
        "too_many_requests", "server_error", "not_a_feed", "malformed_feed",
        "malformed_sitemap", "robots_disallowed",
    }  # fmt: skip
    assert codes <= set(REASONS)


def test_cache_setting(tmp_path: Path):
    assert "LocMemCache" in config.cache_backend("", tmp_path)["BACKEND"]
    assert config.cache_backend("locmem", tmp_path)["LOCATION"] == "depeches"
    file_cache = config.cache_backend("file:pages", tmp_path)
    assert "FileBasedCache" in file_cache["BACKEND"]
    assert file_cache["LOCATION"] == str(tmp_path / "pages")
    assert config.cache_backend("file:/srv/cache", tmp_path)["LOCATION"] == "/srv/cache"
    assert config.cache_backend("file:", tmp_path)["LOCATION"] == str(tmp_path / "cache")
    assert config.cache_backend("db", tmp_path)["LOCATION"] == "depeches_cache"
    with pytest.raises(ValueError, match="expected locmem"):
        config.cache_backend("redis://x", tmp_path)

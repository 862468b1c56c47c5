"""Outlet pages, the outlets list, rubrique pages, day archives, pagination, about, and the
error pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import override

from depeches.sources.models import Feed
from depeches.web.formatting import local_today
from depeches.web.pagination import PER_PAGE
from tests.web.conftest import (
    casablanca,
    get,
    html_of,
    make_article,
    make_outlet,
    minutes_ago,
    one,
    rubrique,
    text_of,
)

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [text_of(title) for title in html_of(response).cssselect("main .item-title")]


@pytest.fixture
def outlet():
    outlet = make_outlet(
        "Le Quotidien d'Essai",
        slug="essai",
        home_url="https://essai.example/",
        region="Tanger-Tétouan-Al Hoceïma",
        city="Tanger",
    )
    Feed.objects.create(
        outlet=outlet,
        url="https://essai.example/rss",
        format="rss",
        last_status=200,
        last_checked_at=casablanca(2025, 6, 8, 9, 0),
        last_success_at=casablanca(2025, 6, 8, 9, 0),
    )
    Feed.objects.create(
        outlet=outlet,
        url="https://essai.example/atom",
        format="atom",
        last_status=403,
        error_streak=3,
        last_error_code="http_forbidden",
        last_checked_at=casablanca(2025, 6, 8, 9, 5),
    )
    return outlet


def test_outlet_page_shows_the_outlet_its_feeds_health_and_articles(client, outlet):
    make_article(outlet, "Premier", published_at=minutes_ago(10))
    make_article(make_outlet(), "D'un autre média")
    response = get(client, "/source/essai/", "fr")
    page = html_of(response)
    assert text_of(one(page, "h1")) == "Le Quotidien d'Essai"
    facts = text_of(one(page, ".facts"))
    assert "https://essai.example/" in facts and "français" in facts
    assert "Tanger-Tétouan-Al Hoceïma, Tanger" in facts
    feeds = [text_of(item) for item in page.cssselect(".feeds li")]
    assert feeds == [
        "RSS — lu sans erreur (HTTP 200). Dernière lecture réussie le 08 - 06 - 2025 à 09:00.",
        "Atom — accès refusé (403). Aucune lecture réussie pour l'instant.",
    ]
    assert titles(response) == ["Premier"]


def test_outlet_page_in_arabic(client, outlet):
    page = html_of(get(client, "/source/essai/", "ar"))
    feeds = [text_of(item) for item in page.cssselect(".feeds li")]
    assert feeds == [
        "RSS — قرئت دون أخطاء (HTTP 200). آخر قراءة ناجحة يوم 08 - 06 - 2025 على الساعة 09:00.",
        "Atom — الدخول مرفوض (403). لا توجد قراءة ناجحة حتى الآن.",
    ]
    assert "الفرنسية" in text_of(one(page, ".facts"))


def test_unknown_outlet_is_404(client):
    assert client.get("/source/nobody/").status_code == 404


def test_outlets_list(client, outlet):
    arabic = make_outlet("صحيفة التجربة", slug="tajriba", language="ar")
    make_article(arabic, published_at=minutes_ago(3))
    make_outlet("En pause", slug="pause", active=False)
    page = html_of(get(client, "/sources/", "fr"))
    names = [text_of(name) for name in page.cssselect(".outlets h2")]
    assert names == ["Le Quotidien d'Essai", "صحيفة التجربة"]
    assert page.cssselect(".outlets h2 a")[0].get("href") == "/source/essai/"
    assert text_of(one(page, ".lede")) == "depeches suit 2 médias marocains."
    metas = [text_of(meta) for meta in page.cssselect(".outlets .meta")]
    assert metas == [
        "français · Tanger-Tétouan-Al Hoceïma · aucun article pour l'instant",
        "arabe · dernier article : il y a 3 min",
    ]
    arabic_page = html_of(get(client, "/sources/", "ar"))
    assert text_of(one(arabic_page, ".lede")) == "يتابع depeches منبرين مغربيين."


def test_rubrique_page_lists_its_articles(client):
    outlet = make_outlet()
    make_article(outlet, "But !", rubrique=rubrique("sport"), published_at=minutes_ago(5))
    make_article(outlet, "Hors sujet", rubrique=rubrique("culture"))
    french = get(client, "/rubrique/sport/", "fr")
    assert text_of(one(html_of(french), "h1")) == "Sport"
    assert titles(french) == ["But !"]
    assert text_of(one(html_of(get(client, "/rubrique/sport/", "ar")), "h1")) == "رياضة"
    current = one(html_of(french), "nav.rubriques a[aria-current=page]")
    assert current.get("href") == "/rubrique/sport/"
    assert client.get("/rubrique/nothing/").status_code == 404


def test_pagination_has_stable_urls_and_404s_out_of_range(client):
    outlet = make_outlet(slug="prolifique")
    for n in range(PER_PAGE + 5):
        make_article(outlet, f"Article {n:02d}", published_at=minutes_ago(n))
    first = client.get("/source/prolifique/")
    assert titles(first) == [f"Article {n:02d}" for n in range(PER_PAGE)]
    nav = one(html_of(first), "nav.pagination")
    assert one(nav, "a[rel=next]").get("href") == "?page=2"
    assert text_of(one(nav, ".position")) == "Page 1 sur 2"
    second = client.get("/source/prolifique/?page=2")
    assert titles(second) == [f"Article {n:02d}" for n in range(PER_PAGE, PER_PAGE + 5)]
    assert one(html_of(second), "a[rel=prev]").get("href") == "/source/prolifique/"
    for wrong in ("3", "0", "-1", "abc", "02", ""):
        assert client.get(f"/source/prolifique/?page={wrong}").status_code == 404, wrong


def test_empty_list_has_its_first_page(client):
    make_outlet(slug="silencieux")
    response = client.get("/source/silencieux/")
    assert response.status_code == 200
    assert "Aucun article de ce média" in text_of(one(html_of(response), "main"))
    assert client.get("/source/silencieux/?page=2").status_code == 404


def test_day_archive_uses_casablanca_days_with_previous_and_next(client):
    outlet = make_outlet()
    make_article(outlet, "Juste après minuit", published_at=casablanca(2025, 6, 8, 0, 10))
    make_article(outlet, "Juste avant minuit", published_at=casablanca(2025, 6, 7, 23, 50))
    make_article(outlet, "Le soir", published_at=casablanca(2025, 6, 8, 22, 0))
    response = get(client, "/archives/2025/06/08/", "fr")
    page = html_of(response)
    assert text_of(one(page, "h1")) == "Archives du 8 juin 2025"
    assert titles(response) == ["Le soir", "Juste après minuit"]
    assert [text_of(time) for time in page.cssselect("main .meta time")] == ["22:00", "00:10"]
    previous, following = one(page, "a[rel=prev]"), one(page, "a[rel=next]")
    assert previous.get("href") == "/archives/2025/06/07/"
    assert following.get("href") == "/archives/2025/06/09/"
    assert text_of(previous) == "Jour précédent : 7 juin 2025"
    arabic = html_of(get(client, "/archives/2025/06/08/", "ar"))
    assert text_of(one(arabic, "h1")) == "أرشيف يوم 8 يونيو 2025"
    assert text_of(one(arabic, "a[rel=next]")) == "اليوم التالي: 9 يونيو 2025"


def test_archive_of_today_has_no_next_day_and_future_days_do_not_exist(client):
    today = local_today(timezone.now())
    url = f"/archives/{today:%Y/%m/%d}/"
    page = html_of(client.get(url))
    assert not page.cssselect("a[rel=next]")
    assert "Aucun article ce jour-là." in text_of(one(page, "main"))
    tomorrow = today + timedelta(days=1)
    assert client.get(f"/archives/{tomorrow:%Y/%m/%d}/").status_code == 404
    assert client.get("/archives/2025/02/30/").status_code == 404
    assert client.get("/archives/2025/6/8/").status_code == 404


def test_about_page(client):
    french = html_of(get(client, "/a-propos/", "fr"))
    arabic = html_of(get(client, "/a-propos/", "ar"))
    assert text_of(one(french, "h1")) == "À propos de depeches"
    assert text_of(one(arabic, "h1")) == "حول depeches"


def test_404_page_is_in_the_site_style(client):
    make_article(make_outlet(), "Une dépêche")
    response = get(client, "/nulle-part/", "ar")
    assert response.status_code == 404
    page = html_of(response)
    assert one(page, "html").get("dir") == "rtl"
    assert text_of(one(page, "h1")) == "الصفحة غير موجودة"
    assert page.cssselect("#headlines li") and page.cssselect("nav.rubriques")
    assert one(page, "link[rel=stylesheet]").get("href").startswith("/static/web/site")


def test_500_template_renders_without_a_request_or_the_database(django_assert_num_queries):
    with override("ar"), django_assert_num_queries(0):
        html = get_template("500.html").render()
    assert '<html lang="ar" dir="rtl">' in html
    assert "حدث خطأ" in html
    assert "site.css" in html


def test_the_500_handler_uses_it():
    from django.test import RequestFactory
    from django.views.defaults import server_error

    with override("fr"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Une erreur est survenue" in response.content

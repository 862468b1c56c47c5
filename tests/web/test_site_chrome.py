"""What every page has: headline strip, header (rubriques, search, language), footer; the
interface language (switch, cookie, Accept-Language) and the security headers."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from depeches.web.queries import HEADLINES
from tests.web.conftest import (
    get,
    html_of,
    language_cookie,
    make_article,
    make_outlet,
    make_picture,
    minutes_ago,
    one,
    rubrique,
    text_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(media_root):
    """Two outlets, one per language, with an article in a rubrique each and a picture."""
    french = make_outlet("Le Quotidien d'Essai", slug="essai", home_url="https://essai.example/")
    arabic = make_outlet("صحيفة التجربة", slug="tajriba", language="ar")
    fr = make_article(french, "Le port bat un record", rubrique=rubrique("economie"))
    ar = make_article(arabic, "افتتاح خط جديد للترامواي", rubrique=rubrique("regions"))
    make_picture(fr, caption="Le port de Tanger Med")
    return {"french": french, "arabic": arabic, "fr": fr, "ar": ar}


def every_page(site) -> list[str]:
    return [
        "/",
        site["fr"].get_absolute_url(),
        site["ar"].get_absolute_url(),
        reverse("web:outlets"),
        reverse("web:outlet", args=["essai"]),
        reverse("web:rubrique", args=["economie"]),
        today_archive(),
        reverse("web:about"),
    ]


def today_archive() -> str:
    client = Client()
    return client.get(reverse("web:archives"))["Location"]


def test_strip_holds_the_fifty_newest_articles_newest_first(client):
    outlet = make_outlet()
    articles = [make_article(outlet, published_at=minutes_ago(minutes)) for minutes in range(60)]
    strip = one(html_of(client.get("/")), "#headlines")
    links = [item.cssselect("a")[0].get("href") for item in strip.cssselect("li")]
    assert len(links) == HEADLINES == 50
    assert links == [article.get_absolute_url() for article in articles[:50]]


def test_strip_is_on_every_page_in_both_languages(client, site):
    for url in every_page(site):
        for language in ("fr", "ar"):
            response = get(client, url, language)
            assert response.status_code == 200, url
            strip = one(html_of(response), "#headlines")
            titles = [text_of(title) for title in strip.cssselect(".title")]
            assert titles == [site["ar"].title, site["fr"].title], url
            outlets = [text_of(name) for name in strip.cssselect("bdi.outlet")]
            assert outlets == [site["arabic"].name, site["french"].name], url


def test_header_has_rubriques_in_the_interface_language_search_and_switch(client, site):
    french = html_of(get(client, "/", "fr"))
    arabic = html_of(get(client, "/", "ar"))
    nav_fr = [text_of(link) for link in french.cssselect("nav.rubriques a")]
    nav_ar = [text_of(link) for link in arabic.cssselect("nav.rubriques a")]
    assert nav_fr[:3] == ["Politique", "Économie", "Société"]
    assert nav_ar[:3] == ["سياسة", "اقتصاد", "مجتمع"]
    assert french.cssselect("nav.rubriques a")[1].get("href") == "/rubrique/economie/"
    search = one(french, "form[role=search]")
    assert search.get("action") == "/recherche/" and search.get("method") == "get"
    assert one(search, "input[type=search]").get("name") == "q"
    switch = one(french, "form.language")
    assert switch.get("action") == "/i18n/setlang/" and switch.get("method") == "post"
    assert [button.get("value") for button in switch.cssselect("button")] == ["ar"]


def test_the_language_switch_posts_with_csrf_and_is_remembered(site):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get("/article/{}/".format(site["fr"].pk), headers={"accept-language": "fr"})
    form = one(html_of(page), "form.language")
    token = one(form, "input[name=csrfmiddlewaretoken]").get("value")
    assert len(token) == 64
    answer = reader.post(
        form.get("action"),
        {
            "csrfmiddlewaretoken": token,
            "language": "ar",
            "next": one(form, "[name=next]").get("value"),
        },
    )
    assert answer.status_code == 302
    assert answer["Location"] == site["fr"].get_absolute_url()
    assert reader.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    # The cookie wins over the browser's language from then on.
    again = reader.get(answer["Location"], headers={"accept-language": "fr"})
    assert one(html_of(again), "html").get("lang") == "ar"


def test_the_switch_refuses_a_post_without_the_token(site):
    reader = Client(enforce_csrf_checks=True)
    reader.get("/")
    assert reader.post("/i18n/setlang/", {"language": "ar", "next": "/"}).status_code == 403


def test_each_reader_gets_their_own_token_from_a_cached_page(site):
    first, second = Client(), Client()
    token_of = lambda response: one(html_of(response), "[name=csrfmiddlewaretoken]").get("value")  # noqa: E731
    one_token, other_token = token_of(first.get("/")), token_of(second.get("/"))
    assert one_token != other_token
    assert "csrf-slot" not in one_token


@pytest.mark.parametrize(
    ("how", "lang", "direction"),
    [("nothing", "fr", "ltr"), ("accept-language", "ar", "rtl"), ("cookie", "ar", "rtl")],
)
def test_interface_language_comes_from_cookie_then_browser_then_french(
    client, site, how, lang, direction
):
    if how == "cookie":
        language_cookie(client, "ar")
        response = client.get("/", headers={"accept-language": "fr"})
    elif how == "accept-language":
        response = get(client, "/", "ar,fr;q=0.5")
    else:
        response = client.get("/")
    root = one(html_of(response), "html")
    assert (root.get("lang"), root.get("dir")) == (lang, direction)
    assert response["Content-Language"] == lang


def test_arabic_interface_translates_the_chrome(client, site):
    page = html_of(get(client, "/", "ar"))
    assert text_of(one(page, ".skip")) == "الانتقال إلى المحتوى"
    assert text_of(one(page, "#top-title")) == "في الواجهة"
    assert one(page, "#search-q").get("placeholder") == "بحث"
    footer = [text_of(link) for link in page.cssselect("footer a")]
    assert footer == ["حول الموقع", "المنابر المتابعة", "الأرشيف", "الصور", "RSS"]


def test_same_url_serves_both_languages_and_says_it_varies(client, site):
    for url in every_page(site):
        response = client.get(url)
        vary = {part.strip().lower() for part in response["Vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary, url


def test_titles_and_outlets_carry_their_own_direction(client, site):
    page = html_of(get(client, "/", "fr"))
    titles = page.cssselect(".item-title")
    assert titles and all(title.get("dir") == "auto" for title in titles)
    assert {title.get("lang") for title in titles} == {"fr", "ar"}
    assert all(meta.cssselect("bdi") for meta in page.cssselect(".item .meta"))


def test_landmarks_skip_link_and_heading_order(client, site):
    for url in every_page(site):
        page = html_of(get(client, url))
        for landmark in ("header", "main#main", "footer", "nav.rubriques"):
            assert page.cssselect(landmark), (url, landmark)
        assert one(page, "a.skip").get("href") == "#main"
        levels = [int(heading.tag[1]) for heading in page.iter("h1", "h2", "h3", "h4")]
        assert levels[0] == 1 and levels.count(1) == 1, url
        # Never a level skipped going down (h1 → h3); article bodies bring their own.
        main_levels = [
            int(heading.tag[1])
            for heading in one(page, "main").xpath(
                ".//*[self::h1 or self::h2 or self::h3]"
                "[not(ancestor::*[contains(concat(' ', @class, ' '), ' text ')])]"
            )
        ]
        assert all(b <= a + 1 for a, b in zip(main_levels, main_levels[1:], strict=False)), url


def test_images_have_alt_size_and_lazy_loading(client, site):
    page = html_of(get(client, "/"))
    thumbnails = page.cssselect(".thumbnail img")
    assert thumbnails
    for img in thumbnails:
        assert img.get("alt") and img.get("width") and img.get("height") and img.get("sizes")
        assert img.get("loading") == "lazy"
        assert img.getparent().get("data-image-id")


def test_no_page_asks_for_anything_from_another_site(client, site):
    allowed = {site["fr"].url, site["ar"].url, site["french"].home_url}
    for url in every_page(site):
        for language in ("fr", "ar"):
            page = get(client, url, language).content.decode()
            addresses = re.findall(r"""(?:src|href|content|action|srcset)=["']([^"']+)""", page)
            external = {
                address
                for address in addresses
                if address.startswith(("http:", "https:", "//"))
                and urlsplit(address).hostname != "testserver"
            }
            assert external <= allowed, (url, external - allowed)
            assert "@import" not in page and "fonts.googleapis" not in page


def test_security_headers(client, site):
    for url in every_page(site):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        directives = dict(
            (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
        )
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_no_inline_script_or_style_in_pages(client, site):
    for url in every_page(site):
        page = html_of(client.get(url))
        for script in page.iter("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", url
        assert not page.cssselect("style"), url
        assert not page.xpath("//*[@style]"), url
        assert not page.xpath("//@*[starts-with(name(), 'on')]"), url


def test_footer_links_lead_somewhere(client, site):
    page = html_of(client.get("/"))
    for link in page.cssselect("footer a"):
        response = client.get(link.get("href"), follow=True)
        assert response.status_code == 200, link.get("href")
    assert one(page, "footer a[href*=rss]").get("href") == "/rss/"


def test_archives_redirects_to_today_in_casablanca(client):
    location = client.get("/archives/")["Location"]
    assert re.fullmatch(r"/archives/\d{4}/\d{2}/\d{2}/", location)


def test_strip_items_older_than_today_show_their_day_and_time(client):
    outlet = make_outlet()
    make_article(outlet, published_at=minutes_ago(60 * 24 * 3) - timedelta(seconds=1))
    strip = one(html_of(client.get("/")), "#headlines")
    assert re.fullmatch(r"\d{2}/\d{2} \d{2}:\d{2}", text_of(one(strip, "time")))

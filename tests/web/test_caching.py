"""Pages are cached and revalidated by content version and language; a stored article makes
them all stale; the strip has its own URL for the page script."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from depeches.articles.store import ArticleData, store_article
from depeches.web.content_version import bump_content_version, current_version
from depeches.web.models import ContentVersion
from tests.web.conftest import html_of, make_article, make_outlet, make_picture, one, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlet():
    return make_outlet("Le Quotidien d'Essai", slug="essai")


def store(outlet, title: str, url: str):
    article, _ = store_article(
        outlet,
        None,
        ArticleData(url=url, title=title, text="Un paragraphe.", extracted=True),
    )
    return article


def test_unchanged_page_is_a_304_with_its_etag(client, outlet):
    make_article(outlet, "Une dépêche")
    first = client.get("/")
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "Accept-Language" in again["Vary"]


def test_last_modified_answers_if_modified_since(client, outlet):
    make_article(outlet)
    first = client.get("/source/essai/")
    again = client.get("/source/essai/", headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304


def test_each_language_has_its_own_validator(client, outlet):
    french = client.get("/", headers={"accept-language": "fr"})
    arabic = client.get("/", headers={"accept-language": "ar", "if-none-match": french["ETag"]})
    assert arabic.status_code == 200
    assert arabic["ETag"] != french["ETag"]
    assert one(html_of(arabic), "html").get("lang") == "ar"


def test_pages_are_revalidated_every_time_and_private(client, outlet):
    cache_control = {part.strip() for part in client.get("/")["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= cache_control


def test_a_cached_page_is_served_without_rendering_again(
    client, outlet, django_assert_max_num_queries
):
    make_article(outlet, "Une dépêche")
    client.get("/source/essai/")
    # At most the content version is read again (once a second per process); rendering
    # the page would take a dozen queries.
    with django_assert_max_num_queries(1):
        assert client.get("/source/essai/").status_code == 200


def test_a_stored_article_shows_at_once(client, outlet, django_capture_on_commit_callbacks):
    store(outlet, "Première dépêche", "https://essai.example/1")
    before = client.get("/source/essai/")
    assert "Première dépêche" in before.content.decode()
    # The crawler stores the next article (its transaction commits: the version is bumped).
    with django_capture_on_commit_callbacks(execute=True):
        store(outlet, "Dépêche toute fraîche", "https://essai.example/2")
    after = client.get("/source/essai/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert "Dépêche toute fraîche" in after.content.decode()
    strip = one(html_of(client.get("/")), "#headlines")
    assert "Dépêche toute fraîche" in text_of(strip)


def test_a_changed_article_shows_at_once(client, outlet, django_capture_on_commit_callbacks):
    article = make_article(outlet, "Titre d'origine")
    page = article.get_absolute_url()
    assert "Titre d'origine" in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Titre corrigé"
        article.save()
    assert "Titre corrigé" in client.get(page).content.decode()


def test_the_version_moves_only_once_the_change_is_committed(
    outlet, django_capture_on_commit_callbacks
):
    before = current_version().number
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_article(outlet, "Pas encore validé")
    bumps = [callback for callback in callbacks if callback is bump_content_version]
    assert bumps and current_version().number == before
    for callback in bumps:
        callback()
    assert ContentVersion.objects.get(pk=1).number == before + len(bumps)
    assert current_version().number == before + len(bumps)


def test_fixture_loading_bumps_nothing(outlet, django_capture_on_commit_callbacks):
    from django.db.models.signals import post_save

    from depeches.articles.models import Article

    with django_capture_on_commit_callbacks() as callbacks:
        post_save.send(sender=Article, instance=None, created=True, raw=True)
    assert callbacks == []


def test_cache_entries_are_per_language_and_version(client, outlet):
    client.get("/", headers={"accept-language": "fr"})
    client.get("/", headers={"accept-language": "ar"})
    version = current_version().number
    keys = [key for key in cache._cache if f"depeches:page:{version}:" in key]  # LocMem
    assert len(keys) == 2


def test_headlines_fragment_is_the_strip_alone(client, outlet):
    make_article(outlet, "Dans la bande")
    response = client.get("/fragments/headlines/", headers={"accept-language": "ar"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="headlines"')
    assert "<html" not in content and "<main" not in content
    assert "Dans la bande" in content
    assert "accept-language" in response["Vary"].lower()
    again = client.get(
        "/fragments/headlines/",
        headers={"accept-language": "ar", "if-none-match": response["ETag"]},
    )
    assert again.status_code == 304


def test_page_scripts_are_static_files_deferred(client, outlet):
    page = html_of(client.get("/"))
    scripts = page.cssselect("script")
    assert [script.get("src") for script in scripts] == [
        "/static/web/fresh.js",
        "/static/web/report.js",
    ]
    assert all(script.get("defer") is not None for script in scripts)
    strip = one(page, "#headlines")
    assert strip.get("data-refresh-url") == "/fragments/headlines/"


def test_pages_with_absolute_urls_are_cached_per_host(outlet, media_root):
    article = make_article(outlet)
    make_picture(article)
    one_host = Client(HTTP_HOST="localhost").get(article.get_absolute_url())
    other = Client(HTTP_HOST="127.0.0.1").get(article.get_absolute_url())
    assert b'content="http://localhost/images/' in one_host.content
    assert b'content="http://127.0.0.1/images/' in other.content


def test_post_is_not_allowed_on_pages(client, outlet):
    assert client.post("/").status_code == 405


def test_relative_times_make_pages_fresh_every_period(client, outlet, settings):
    """With DEPECHES_PAGE_FRESHNESS, the period number is part of the validators (and of the
    cache key): "il y a 12 min" is never served from an hour-old copy."""
    validators = lambda: client.get("/")["ETag"].removeprefix('W/"').removesuffix('"')  # noqa: E731
    assert validators().split("-")[1] == "0"  # the tests' setting: time plays no part
    settings.DEPECHES_PAGE_FRESHNESS = 60
    version, period, language = validators().split("-")
    assert int(period) > 0 and language == "fr"


def served_early(response) -> bool:
    """Answered by CachedPageMiddleware: LocaleMiddleware, below it, never saw the request."""
    return not hasattr(response.wsgi_request, "LANGUAGE_CODE")


def without_token(response) -> bytes:
    token = one(html_of(response), "input[name=csrfmiddlewaretoken]").get("value")
    return response.content.replace(token.encode(), b"TOKEN")


def test_a_kept_page_is_answered_before_the_view_with_the_same_bytes_and_headers(client, outlet):
    make_article(outlet, "Une dépêche")
    rendered = client.get("/source/essai/")
    kept = client.get("/source/essai/")
    assert not served_early(rendered) and served_early(kept)
    # The same page, but for its CSRF token, masked afresh at every response.
    assert without_token(kept) == without_token(rendered)
    for header in ("ETag", "Last-Modified", "Vary", "Cache-Control", "Content-Language"):
        assert kept[header] == rendered[header], header
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert kept[header], header
    assert int(kept["Content-Length"]) == len(kept.content)


def test_a_kept_page_carries_the_readers_own_csrf_token():
    first_reader, second_reader = Client(), Client()
    first_reader.get("/a-propos/")
    page = second_reader.get("/a-propos/")
    assert served_early(page)
    cookie = page.cookies["csrftoken"].value
    token = one(html_of(page), "input[name=csrfmiddlewaretoken]").get("value")
    assert cookie and token and token != "csrf-slot-3c1f2b0e"
    # The token was made for this reader: the language switch it posts is accepted.
    switched = second_reader.post(
        "/i18n/setlang/", {"language": "ar", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_a_kept_page_follows_the_language_cookie(client, outlet):
    client.get("/a-propos/", headers={"accept-language": "fr"})
    client.get("/a-propos/", headers={"accept-language": "ar"})
    client.cookies["django_language"] = "ar"
    page = client.get("/a-propos/", headers={"accept-language": "fr"})
    assert served_early(page)
    assert one(html_of(page), "html").get("lang") == "ar"
    assert page["Content-Language"] == "ar"


def test_a_kept_page_answers_304_early(client, outlet):
    first = client.get("/")
    again = client.get("/", headers={"if-none-match": first["ETag"]})
    assert served_early(again) and again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_only_gets_are_answered_early(client, outlet):
    client.get("/")
    assert not served_early(client.head("/"))
    assert client.post("/").status_code == 405

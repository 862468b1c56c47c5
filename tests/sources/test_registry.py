"""Registering outlets and feeds: found again by slug, home page or feed, never twice."""

from __future__ import annotations

import pytest

from depeches.sources.models import Feed, Outlet
from depeches.sources.outlet_lists import ListedFeed, ListedOutlet
from depeches.sources.registry import find_outlet, import_outlets, register_outlet, unique_slug

pytestmark = pytest.mark.django_db


def listed(name="Le Journal", home="https://journal.ma/", language="fr", feeds=(), **fields):
    return ListedOutlet(name, language, home, feeds=[ListedFeed(url) for url in feeds], **fields)


@pytest.mark.parametrize(
    ("name", "url", "slug"),
    [
        ("Le Journal", "", "le-journal"),
        ("زنقة 20 (Rue20)", "https://www.rue20.com/", "rue20"),
        ("Souss24 (سوس 24)", "https://souss24.com/", "souss24"),
        ("MAP News (FR)", "https://www.mapnews.ma/", "map-news-fr"),
        ("كود", "https://www.goud.ma/", "goud-ma"),
        ("", "", "outlet"),
    ],
)
def test_slugs(name, url, slug):
    assert unique_slug(name, url) == slug


def test_slugs_stay_unique():
    Outlet.objects.create(slug="le-journal", name="Le Journal")
    assert unique_slug("Le Journal") == "le-journal-2"


def test_an_outlet_is_found_by_home_page_in_any_form_and_by_language():
    import_outlets([listed(home="https://www.mapnews.ma/", language="fr", name="MAP FR")])
    import_outlets([listed(home="https://www.mapnews.ma/", language="ar", name="MAP AR")])
    assert Outlet.objects.count() == 2
    assert find_outlet("http://mapnews.ma", "ar").name == "MAP AR"
    assert find_outlet("https://mapnews.ma/", "en") is None
    assert find_outlet("https://www.mapnews.ma/fr/") is None


def test_a_followed_feed_names_its_outlet():
    import_outlets(
        [listed(home="https://www.presstetouan.com/", feeds=["https://presstetouan.com/feed"])]
    )
    report = import_outlets(
        [
            listed(
                home="https://presstetouan.net/",
                feeds=["https://presstetouan.com/feed", "https://presstetouan.com/sport/feed"],
            )
        ]
    )
    assert Outlet.objects.count() == 1 and Feed.objects.count() == 2
    assert report.feeds_added == ["https://presstetouan.com/sport/feed"]


def test_updates_change_only_what_the_list_says():
    import_outlets([listed(region="Tanger", city="Tanger")])
    report = import_outlets([listed(name="Le Journal du Nord", region="")], update=False)
    outlet = Outlet.objects.get()
    assert (outlet.name, report.outlets_unchanged) == ("Le Journal", ["le-journal"])
    report = import_outlets([listed(name="Le Journal du Nord", region="")])
    outlet.refresh_from_db()
    assert (outlet.name, outlet.region, report.outlets_updated) == (
        "Le Journal du Nord",
        "Tanger",
        ["le-journal"],
    )


def test_a_feed_of_another_outlet_is_not_moved():
    import_outlets([listed(name="A", home="https://a.ma/", feeds=["https://a.ma/feed"])])
    import_outlets([listed(name="B", home="https://b.ma/", feeds=["https://b.ma/feed"])])
    report = import_outlets(
        [listed(name="B", home="https://b.ma/", feeds=["https://b.ma/feed", "https://a.ma/feed"])]
    )
    assert [skipped.reason for skipped in report.skipped] == [
        "feed https://a.ma/feed already belongs to a"
    ]
    assert Feed.objects.get(url="https://a.ma/feed").outlet.slug == "a"


def test_register_outlet_as_the_demo_uses_it():
    outlet = register_outlet(
        slug="standin",
        name="Stand-in",
        home_url="http://127.0.0.1:8101/",
        language="ar",
        feed_urls=["http://127.0.0.1:8101/feed/"],
        display_mode="full",
    )
    again = register_outlet(
        slug="standin",
        name="Stand-in",
        home_url="http://127.0.0.1:8101/",
        language="ar",
        feed_urls=["http://127.0.0.1:8101/feed/"],
    )
    assert again.pk == outlet.pk and Feed.objects.get().outlet == outlet
    assert Outlet.objects.get().display_mode == "full"

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from depeches.sources.models import Feed, Outlet

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("sources", *args, stdout=out)
    return out.getvalue()


def test_add_from_a_home_page_discovers_its_feed(standin):
    site = standin.sites[0]
    printed = run("add", site.home_url)
    outlet = Outlet.objects.get()
    assert outlet.language == site.language and outlet.home_url.startswith(site.home_url)
    assert [feed.url for feed in Feed.objects.all()] == [site.feed_url]
    assert f"added {outlet.slug}" in printed
    assert outlet.slug in run("list")


def test_add_from_a_feed_url(standin):
    site = standin.sites[-1]
    run("add", site.feed_url, "--name", "Mon journal")
    outlet = Outlet.objects.get()
    assert (outlet.name, outlet.language) == ("Mon journal", site.language)


def test_adding_twice_keeps_one_outlet(standin):
    site = standin.sites[0]
    run("add", site.home_url)
    run("add", site.home_url)
    assert Outlet.objects.count() == 1 and Feed.objects.count() == 1


def test_an_unreachable_url_is_a_clear_error():
    with pytest.raises(CommandError, match="connection_error"):
        run("add", "http://127.0.0.1:9/")


def test_status_shows_each_feed(standin):
    run("add", standin.sites[0].home_url)
    assert standin.sites[0].feed_url[:40] in run("status")

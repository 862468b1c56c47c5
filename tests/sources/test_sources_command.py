from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from depeches.demo.corpus import load_corpus
from depeches.demo.standin import StandinNetwork
from depeches.sources.models import Feed, Outlet

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("sources", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def faulty(small_corpus):
    """Stand-ins with faults, and the paths each of them was asked for."""
    networks = []
    requested: list[str] = []

    def start(faults: str) -> StandinNetwork:
        # The server's log line: "[outlet 'slug'] 127.0.0.1 "GET /path HTTP/1.1" 200 -".
        def log(line: str) -> None:
            if '"GET ' in line:
                requested.append(line.split('"GET ')[1].split()[0])

        network = StandinNetwork(load_corpus([small_corpus]).articles, faults=faults, log=log)
        networks.append(network.start())
        return network

    start.requested = requested
    yield start
    for network in networks:
        network.stop()


# --------------------------------------------------------------------------- add


def test_add_from_a_home_page_discovers_its_feed(standin):
    site = standin.sites[0]
    printed = run("add", site.home_url)
    outlet = Outlet.objects.get()
    assert outlet.language == site.language and outlet.home_url.startswith(site.home_url)
    feed = Feed.objects.get()
    assert (feed.url, feed.format) == (site.feed_url, site.feed_format)
    assert f"added {outlet.slug}" in printed
    assert outlet.slug in run("list")


def test_add_from_a_feed_url(standin):
    site = standin.sites[-1]
    run("add", site.feed_url, "--name", "Mon journal")
    outlet = Outlet.objects.get()
    assert (outlet.name, outlet.language) == ("Mon journal", site.language)
    assert outlet.home_url == site.home_url


def test_adding_twice_keeps_one_outlet(standin):
    site = standin.sites[0]
    run("add", site.home_url)
    again = run("add", site.home_url)
    assert Outlet.objects.count() == 1 and Feed.objects.count() == 1
    assert again.strip().endswith(f"already follows {site.feed_url}")
    # The feed URL names the same outlet (its channel link is the home page).
    run("add", site.feed_url)
    assert Outlet.objects.count() == 1 and Feed.objects.count() == 1


def test_an_unreachable_url_is_a_clear_error():
    with pytest.raises(CommandError, match="connection_error"):
        run("add", "http://127.0.0.1:9/")


def test_robots_txt_is_obeyed(faulty):
    network = faulty("*:robots=disallow")
    with pytest.raises(CommandError, match=r"^robots_disallowed: http://127\.0\.0\.1:\d+/: "):
        run("add", network.sites[0].home_url)
    assert faulty.requested == ["/robots.txt"]
    assert not Outlet.objects.exists()


def test_a_site_that_forbids_bots(faulty):
    network = faulty("*:forbidden")
    with pytest.raises(CommandError, match="http_forbidden"):
        run("add", network.sites[0].home_url)


def test_a_feed_url_answering_html_falls_back_to_the_sitemap(faulty):
    site = faulty("*:notfeed").sites[0]
    printed = run("add", site.feed_url)
    feed = Feed.objects.get()
    assert (feed.url, feed.format) == (site.url("/sitemap.xml"), "sitemap")
    assert feed.outlet.home_url == site.home_url
    assert "added" in printed


def test_what_is_no_feed_is_not_a_feed(standin):
    with pytest.raises(CommandError, match="not_a_feed"):
        run("add", standin.sites[0].url("/robots.txt"))


# --------------------------------------------------------------------------- status, list


def test_status_shows_each_feed_and_outlets_without_one(standin):
    run("add", standin.sites[0].home_url)
    feed = Feed.objects.get()
    Feed.objects.filter(pk=feed.pk).update(
        last_success_at=datetime(2026, 11, 20, 12, 0, tzinfo=UTC),
        last_status=403,
        error_streak=3,
        last_error_code="http_forbidden",
    )
    Outlet.objects.create(slug="sans-flux", name="Sans flux", home_url="https://sans.ma/")
    status = run("status")
    assert standin.sites[0].feed_url[:40] in status
    assert "2026-11-20 13:00" in status  # shown in Africa/Casablanca (UTC+1 in November)
    assert "3 http_forbidden" in status and "403" in status
    assert "no feed yet: `depeches sources add https://sans.ma/`" in status
    assert "2 outlets, 1 feeds (1 failing), 1 outlets without a feed" in status
    assert "sans-flux\tfr\t-\tno feed yet\tSans flux" in run("list")


# --------------------------------------------------------------------------- import, export


def test_import_the_defaults_twice():
    printed = run("import", "--defaults")
    assert printed.startswith(
        "the default outlets: 159 outlets (159 added, 0 updated, 0 unchanged), "
        "120 feeds (120 added, 0 already followed), 0 skipped"
    )
    assert "50 outlets have no feed yet: `depeches sources import --defaults --discover`" in printed
    again = run("import", "--defaults")
    assert "159 outlets (0 added, 0 updated, 159 unchanged)" in again
    assert Outlet.objects.count() == 159 and Feed.objects.count() == 120
    assert set(Outlet.objects.values_list("language", flat=True)) == {"fr", "ar", "en", "zgh"}


def test_an_export_imports_back_as_the_same_outlets(tmp_path):
    run("import", "--defaults")
    before = snapshot()
    path = tmp_path / "export.opml"
    assert run("export", "--output", str(path)) == f"wrote 159 outlets to {path}\n"
    assert without_date(run("export")) == without_date(path.read_text(encoding="utf-8"))
    Outlet.objects.all().delete()
    printed = run("import", str(path))
    assert "159 outlets (159 added" in printed and "120 feeds (120 added" in printed
    assert snapshot() == before


def without_date(document: str) -> list[str]:
    return [line for line in document.splitlines() if "<dateCreated>" not in line]


def snapshot() -> dict:
    return {
        outlet.slug: (
            outlet.name,
            outlet.home_url,
            outlet.language,
            outlet.region,
            outlet.city,
            sorted(feed.url for feed in outlet.feeds.all()),
        )
        for outlet in Outlet.objects.prefetch_related("feeds")
    }


@pytest.mark.shared_corpus
def test_import_real_world_opml(shared_corpus):
    path = shared_corpus / "sources" / "plenary-awesome-rss-feeds" / "France.with_category.opml"
    printed = run("import", str(path), "--language", "fr")
    assert "11 outlets (11 added" in printed and "11 feeds (11 added" in printed
    assert Feed.objects.filter(url__endswith="backend-fd&lang=en").exists()


def test_import_a_csv_reports_what_it_skipped(tmp_path):
    path = tmp_path / "outlets.csv"
    path.write_text(
        "name,lang,kind,url,home,region\n"
        "Bon,fr,rss,https://bon.ma/feed,https://bon.ma/,Tanger\n"
        "Bon - Sport,fr,rss,https://bon.ma/sport/feed,https://www.bon.ma/,Tanger\n"
        "Sans URL,fr,rss,,,national\n",
        encoding="utf-8",
    )
    printed = run("import", str(path))
    assert "1 outlets (1 added, 0 updated, 0 unchanged), 2 feeds (2 added" in printed
    assert "  skipped line 4: no URL" in printed
    outlet = Outlet.objects.get()
    assert (outlet.slug, outlet.region, outlet.city, outlet.feeds.count()) == (
        "bon",
        "Tanger",
        "Tanger",
        2,
    )


def test_import_discovers_feeds_when_asked(standin, tmp_path):
    path = tmp_path / "homes.csv"
    rows = [f"{site.name},{site.language},home,{site.home_url},," for site in standin.sites]
    path.write_text("name,lang,kind,url,home,region\n" + "\n".join(rows) + "\n", encoding="utf-8")
    printed = run("import", str(path), "--discover")
    assert f"{len(standin.sites)} outlets ({len(standin.sites)} added" in printed
    assert sorted(Feed.objects.values_list("url", flat=True)) == sorted(
        site.feed_url for site in standin.sites
    )


def test_import_needs_one_source(tmp_path):
    with pytest.raises(CommandError, match="give a file to import, or --defaults"):
        run("import")
    with pytest.raises(CommandError, match="cannot read"):
        run("import", str(tmp_path / "missing.opml"))
    broken = Path(tmp_path / "page.opml")
    broken.write_text("<html><body>no</body></html>")
    with pytest.raises(CommandError, match="not an OPML file"):
        run("import", str(broken))

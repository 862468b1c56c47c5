"""Lists of outlets read into plain values: the default list, CSV files, OPML files."""

from __future__ import annotations

import csv
from collections import Counter
from importlib import resources

import pytest

from depeches.sources.defaults import default_outlets
from depeches.sources.models import LANGUAGES
from depeches.sources.opml import NotOpml, read_opml, write_opml
from depeches.sources.outlet_lists import (
    LANGUAGE_CODES,
    ListedFeed,
    ListedOutlet,
    Skipped,
    place_of,
    read_outlets_csv,
)

PACKAGE_CSV = resources.files("depeches.sources").joinpath("data/morocco-outlets.csv")


def by_name(outlets: list[ListedOutlet]) -> dict[str, ListedOutlet]:
    return {outlet.name: outlet for outlet in outlets}


# --------------------------------------------------------------------------- the default list


def test_the_default_list_has_159_outlets_in_four_languages():
    listed = default_outlets()
    assert (len(listed.outlets), listed.rows, listed.skipped) == (159, 170, [])
    languages = Counter(outlet.language for outlet in listed.outlets)
    assert set(languages) == {"fr", "ar", "en", "zgh"} and languages["zgh"] == 1
    assert sum(len(outlet.feeds) for outlet in listed.outlets) == 120
    assert sum(not outlet.feeds for outlet in listed.outlets) == 50
    regional = [outlet for outlet in listed.outlets if outlet.region != "national"]
    assert len(regional) == 48
    assert sum(1 for outlet in listed.outlets if outlet.city) == 41


def test_section_feeds_join_their_outlet_and_editions_stay_apart():
    outlets = by_name(default_outlets().outlets)
    hespress = outlets["Hespress FR"]
    assert hespress.home_url == "https://fr.hespress.com/" and len(hespress.feeds) == 7
    assert hespress.feeds[0] == ListedFeed("https://fr.hespress.com/feed", "", "Hespress FR")
    assert hespress.feeds[1].title == "Hespress FR - Économie"
    assert "Hespress FR - Économie" not in outlets
    # Le Boursier's home is medias24.com, Médias24's www.medias24.com: one site.
    assert "https://medias24.com/?feed=rss2&cat=14390" in [
        feed.url for feed in outlets["Médias24"].feeds
    ]
    # MAP News: one home page, three editions, three outlets.
    editions = {name: outlets[name].language for name in outlets if name.startswith("MAP News")}
    assert editions == {"MAP News (FR)": "fr", "MAP News (AR)": "ar", "MAP News (EN)": "en"}


def test_home_rows_are_outlets_without_feed_and_regions_give_cities():
    outlets = by_name(default_outlets().outlets)
    portal = outlets["Maroc.ma (portail officiel)"]
    assert (portal.home_url, portal.feeds) == ("https://www.maroc.ma/fr", [])
    nador = outlets["Nador City (ناظورسيتي)"]
    assert (nador.region, nador.city) == ("Nador", "Nador")
    assert (outlets["Souss24 (سوس 24)"].region, outlets["Souss24 (سوس 24)"].city) == ("Souss", "")


@pytest.mark.shared_corpus
def test_the_package_list_keeps_the_facts_of_the_shared_one(shared_corpus):
    columns = ["name", "lang", "kind", "url", "home", "region"]
    shared_path = shared_corpus / "sources" / "morocco-outlets.csv"
    with shared_path.open(encoding="utf-8") as shared, PACKAGE_CSV.open(encoding="utf-8") as ours:
        shared_rows = [[row[c] for c in columns] for row in csv.DictReader(shared)]
        our_rows = [[row[c] for c in columns] for row in csv.DictReader(ours)]
    assert our_rows == shared_rows


def test_the_languages_are_the_models():
    assert {code for code, _ in LANGUAGES} == LANGUAGE_CODES


@pytest.mark.parametrize(
    ("region", "place"),
    [
        ("national", ("national", "")),
        ("Tanger", ("Tanger", "Tanger")),
        ("Souss", ("Souss", "")),
        ("Tanger-Tétouan", ("Tanger-Tétouan", "")),
        ("Al Hoceima / Nador (Rif)", ("Al Hoceima / Nador (Rif)", "")),
        ("", ("", "")),
    ],
)
def test_place_of(region, place):
    assert place_of(region) == place


# --------------------------------------------------------------------------- CSV


def test_csv_rows_that_cannot_be_followed_are_skipped_with_a_reason():
    text = (
        "name,lang,kind,url,home,region\n"
        "Bon,fr,rss,https://bon.ma/feed,https://bon.ma/,national\n"
        "Sans URL,fr,rss,,,national\n"
        "Klingon,tlh,rss,https://k.ma/feed,,\n"
        "FTP,fr,rss,ftp://f.ma/feed,,\n"
        "Bizarre,fr,podcast,https://p.ma/feed,,\n"
        ",ar,home,https://www.goud.ma/,https://www.goud.ma/,\n"
    )
    listed = read_outlets_csv(text)
    assert [outlet.name for outlet in listed.outlets] == ["Bon", "goud.ma"]
    assert listed.skipped == [
        Skipped("line 3", "no URL"),
        Skipped("line 4", "unknown language 'tlh' (fr, ar, en or zgh)"),
        Skipped("line 5", "not an http(s) URL: ftp://f.ma/feed"),
        Skipped("line 6", "unknown kind 'podcast' (rss, atom, json, sitemap or home)"),
    ]


@pytest.mark.shared_corpus
def test_the_earlier_csv_without_home_column(shared_corpus):
    text = (shared_corpus / "sources" / "morocco-feeds.csv").read_text(encoding="utf-8")
    listed = read_outlets_csv(text)
    assert listed.rows == 70 and listed.skipped == []
    outlets = by_name(listed.outlets)
    # The home page is the feed's site; kind html means a page without feed.
    assert outlets["TelQuel"].home_url == "https://telquel.ma/"
    assert outlets["Medi1 News"].feeds == []


def test_csv_with_close_column_names_and_a_byte_order_mark():
    text = "\ufeffTitle,Language,xmlUrl,htmlUrl\nLe Site,fr-FR,https://s.ma/rss,https://s.ma\n"
    (outlet,) = read_outlets_csv(text).outlets
    assert (outlet.name, outlet.language, outlet.home_url) == ("Le Site", "fr", "https://s.ma")
    assert [feed.url for feed in outlet.feeds] == ["https://s.ma/rss"]


# --------------------------------------------------------------------------- OPML


@pytest.mark.shared_corpus
@pytest.mark.parametrize("name", ["France.with_category.opml", "France.without_category.opml"])
def test_real_world_opml_with_a_raw_ampersand(shared_corpus, name):
    content = (shared_corpus / "sources" / "plenary-awesome-rss-feeds" / name).read_bytes()
    listed = read_opml(content)
    assert listed.rows == 11 and listed.skipped == []
    feeds = [feed.url for outlet in listed.outlets for feed in outlet.feeds]
    assert "https://www.diplomatie.gouv.fr/spip.php?page=backend-fd&lang=en" in feeds
    outlets = by_name(listed.outlets)
    lemonde = outlets["Le Monde.fr - Actualités et Infos en France et dans le monde"]
    assert lemonde.home_url == "https://www.lemonde.fr/"
    assert "L'essentiel" in outlets  # &#039; decoded


@pytest.mark.shared_corpus
def test_the_moroccan_opml(shared_corpus):
    content = (shared_corpus / "sources" / "morocco-feeds.opml").read_bytes()
    listed = read_opml(content)
    assert listed.rows == 120 and listed.skipped == []
    assert sum(len(outlet.feeds) for outlet in listed.outlets) == 120
    outlets = by_name(listed.outlets)
    assert len(outlets["Hespress"].feeds) == 4
    assert outlets["Casaoui (كازاوي)"].region == "Casablanca"
    assert Counter(outlet.language for outlet in listed.outlets) == {"fr": 33, "ar": 70, "en": 6}


def test_an_outline_without_language_takes_its_folders_then_the_default():
    content = b"""<opml version="1.0"><body>
      <outline text="Arabic" language="ar">
        <outline text="Goud" xmlUrl="https://www.goud.ma/feed"/>
      </outline>
      <outline text="Loose" xmlUrl="https://loose.ma/rss" htmlUrl="https://loose.ma/"/>
      <outline text="Site only" htmlUrl="https://site.ma/"/>
    </body></opml>"""
    outlets = by_name(read_opml(content, default_language="fr").outlets)
    assert outlets["Goud"].language == "ar" and outlets["Loose"].language == "fr"
    assert outlets["Site only"].feeds == [] and outlets["Site only"].home_url == "https://site.ma/"


@pytest.mark.parametrize("content", [b"", b"name,url\n", b"<html><body/></html>", b"<opml/>"])
def test_not_opml(content):
    with pytest.raises(NotOpml):
        read_opml(content)


def test_written_opml_reads_back_as_the_same_outlets():
    outlets = [
        ListedOutlet(
            "Hespress FR",
            "fr",
            "https://fr.hespress.com/",
            region="national",
            slug="hespress-fr",
            feeds=[
                ListedFeed("https://fr.hespress.com/feed", "rss", "Hespress FR"),
                ListedFeed("https://fr.hespress.com/economie/feed", "", "Économie & co"),
            ],
        ),
        ListedOutlet(
            "Nador City (ناظورسيتي)",
            "ar",
            "https://www.nadorcity.com/",
            region="Nador",
            city="Nador",
            slug="nador-city",
            feeds=[ListedFeed("https://www.nadorcity.com/news-sitemap.xml", "sitemap", "")],
        ),
        ListedOutlet(
            "Rif Region",
            "ar",
            "https://rif.ma/?a=1&b=2",
            region="Al Hoceima / Nador (Rif)",
            slug="rif",
        ),
    ]
    document = write_opml(outlets)
    assert document.startswith(b"<?xml") and b'version="2.0"' in document
    assert b'category="/Maroc/Nador"' in document and b"&amp;b=2" in document
    back = read_opml(document).outlets
    assert len(back) == 3
    hespress, nador, rif = sorted(back, key=lambda outlet: outlet.name)
    assert hespress == ListedOutlet(
        "Hespress FR",
        "fr",
        "https://fr.hespress.com/",
        region="national",
        slug="hespress-fr",
        feeds=[
            ListedFeed("https://fr.hespress.com/feed", "", "Hespress FR"),
            ListedFeed("https://fr.hespress.com/economie/feed", "", "Économie & co"),
        ],
    )
    assert (nador.region, nador.city, nador.feeds[0].format) == ("Nador", "Nador", "sitemap")
    assert (rif.feeds, rif.home_url, rif.region) == (
        [],
        "https://rif.ma/?a=1&b=2",
        outlets[2].region,
    )

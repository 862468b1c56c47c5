"""Article extraction: stand-in outlets over HTTP, hostile and broken pages, outlet rules,
titles, dates, charsets, the `depeches extract` command, and floors on real pages."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import httpx
import pytest

import depeches.demo
from depeches.crawl.extract import decode_html, extract_article
from depeches.demo.corpus import load_corpus
from depeches.demo.site_pages import COMMENTS, WORDS
from depeches.demo.standin import StandinNetwork

KEYS = {
    "title",
    "text",
    "html",
    "date",
    "author",
    "image",
    "images",
    "language",
    "canonical",
    "description",
}
DEMO_CORPUS = Path(depeches.demo.__file__).parent / "corpus" / "demo.jsonl"
# What every stand-in article page carries around its text, in each language.
FURNITURE_KEYS = ("read_also", "cookies", "most_read", "rights", "newsletter", "comment_prompt")
SHARE_LINKS = ("Facebook", "WhatsApp", "sharer.php")


def furniture_phrases(language: str) -> list[str]:
    words = WORDS[language]
    phrases = [words[key].rstrip(" :") for key in FURNITURE_KEYS] + [words["photo"]]
    return phrases + COMMENTS[language] + list(SHARE_LINKS)


def page(head: str = "", body: str = "", lang: str = "fr") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


PARAGRAPHS = [
    "Le conseil municipal de Rabat a adopté mardi un budget en hausse pour la rénovation "
    "des écoles et des routes de la ville.",
    "Les travaux commenceront en janvier prochain, a précisé le maire devant les élus, "
    "et dureront dix-huit mois au total.",
    "L'opposition a voté contre, jugeant le calendrier irréaliste au vu des retards passés.",
]


def article_body(paragraphs: list[str] = PARAGRAPHS) -> str:
    text = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    return f"<article><h1>Un budget pour les écoles de Rabat</h1>{text}</article>"


# --------------------------------------------------------------------------- stand-in outlets


@pytest.fixture(scope="module")
def demo_pages() -> list[tuple[dict, str, str]]:
    """(ground truth, corpus body, page HTML) of every article of every stand-in outlet."""
    articles = load_corpus([DEMO_CORPUS]).articles
    bodies = {article.id: article.body for article in articles}
    pages = []
    with StandinNetwork(articles) as network, httpx.Client(timeout=10) as client:
        layouts = {site.profile.layout for site in network.sites}
        assert layouts == {"classic", "portal", "magazine"}
        for site in network.sites:
            for truth in client.get(site.url("/_standin/articles.json")).json():
                response = client.get(truth["url"])
                assert response.status_code == 200
                pages.append((truth, bodies[truth["id"]], response.text))
    return pages


def assert_faithful(truth: dict, body: str, html: str) -> None:
    found = extract_article(html, truth["url"])
    paragraphs = [part.strip() for part in body.split("\n\n") if part.strip()]
    assert found["text"].split("\n\n") == paragraphs, truth["url"]
    for paragraph in paragraphs:
        assert escape(paragraph, quote=False) in found["html"]
    for phrase in furniture_phrases(truth["lang"]):
        assert phrase not in found["text"] and phrase not in found["html"], (phrase, truth["url"])
    assert found["title"] == truth["title"]
    assert datetime.fromisoformat(found["date"]) == datetime.fromisoformat(truth["published"])
    assert found["language"] == truth["lang"]
    assert found["author"] == (truth["author"] or "")
    assert found["image"] == truth["image_url"]
    assert found["images"] == []  # the lead picture is the only one, and is not repeated
    assert found["canonical"] == truth["url"]


def test_every_stand_in_layout_gives_the_article_and_nothing_else(demo_pages):
    languages = {truth["lang"] for truth, _, _ in demo_pages}
    assert languages == {"fr", "ar"} and len(demo_pages) > 50
    for truth, body, html in demo_pages:
        assert_faithful(truth, body, html)


def test_short_dispatches_are_not_swapped_for_the_whole_page(standin):
    """Two-sentence articles: trafilatura's own threshold would dump the page instead."""
    from tests.conftest import SMALL_CORPUS

    bodies = {article["id"]: article["body"] for article in SMALL_CORPUS}
    with httpx.Client(timeout=10) as client:
        for site in standin.sites:
            for truth in client.get(site.url("/_standin/articles.json")).json():
                assert_faithful(truth, bodies[truth["id"]], client.get(truth["url"]).text)


# --------------------------------------------------------------------------- bad input


def test_hostile_markup_never_reaches_the_html():
    body = (
        "<article><h1>Budget</h1>"
        f'<p onclick="steal()">{PARAGRAPHS[0]} <a href="javascript:alert(1)">lien</a></p>'
        '<script>document.write("injected")</script>'
        '<iframe src="https://evil.example/frame"></iframe>'
        '<form action="https://evil.example/"><input name="q"><button>OK</button></form>'
        f'<p style="color:red" onmouseover="alert(2)">{PARAGRAPHS[1]}</p>'
        '<p><img src="/photo.jpg" onerror="alert(3)" alt="La mairie"></p>'
        '<img src="javascript:alert(4)"><img src="data:image/gif;base64,R0lGOD">'
        f"<blockquote><p>{PARAGRAPHS[2]}</p></blockquote></article>"
    )
    head = "<title>Budget</title><script>alert(5)</script><style>p{}</style>"
    found = extract_article(page(head, f'<div onload="alert(6)">{body}</div>'), "https://r.ma/a")
    html = found["html"].lower()
    for forbidden in ("<script", "<iframe", "<form", "<input", "<style", "javascript:", "on"):
        if forbidden == "on":
            assert not any(f" on{event}=" in html for event in ("click", "error", "load", "mouse"))
        else:
            assert forbidden not in html
    assert "alert(" not in found["text"] and "injected" not in found["text"]
    for paragraph in PARAGRAPHS:
        assert paragraph in found["text"]
    assert "<blockquote>" in html
    assert '<figure><img src="https://r.ma/photo.jpg" alt="La mairie"></figure>' in found["html"]
    assert found["images"] == [{"url": "https://r.ma/photo.jpg", "alt": "La mairie", "caption": ""}]


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   \n\t",
        "\x00\x01\x02" * 1000,
        random.Random(7).randbytes(200_000).decode("latin-1"),
        "<html><body><div><p>Un paragraphe jamais fermé<table><tr><td>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        "<" * 10_000,
        None,
        b"<html><body><p>bytes</p></body></html>",
    ],
    ids=[
        "empty",
        "blank",
        "nul",
        "random-bytes",
        "unclosed",
        "xml-decl",
        "brackets",
        "none",
        "bytes",
    ],
)
def test_bad_input_gives_empty_values_not_exceptions(junk):
    found = extract_article(junk, "https://r.ma/a")  # type: ignore[arg-type]
    assert set(found) == KEYS
    assert isinstance(found["text"], str) and isinstance(found["images"], list)
    assert found["date"] is None or isinstance(found["date"], str)


def test_five_megabytes_of_nested_divs():
    depth = 5_000_000 // len("<div></div>")
    nested = page(body="<div>" * depth + "texte" + "</div>" * depth)
    found = extract_article(nested, "https://r.ma/a")
    assert set(found) == KEYS and found["html"] == ""


def test_images_are_absolute_with_captions_and_the_lead_is_not_repeated():
    body = (
        '<article><h1>Titre</h1><figure><img src="/lead.jpg?w=1200"><figcaption>Lead</figcaption>'
        f"</figure><p>{PARAGRAPHS[0]}</p>"
        '<figure><img src="photos/port.jpg" alt="Le port"><figcaption>Le port de Tanger Med'
        f"</figcaption></figure><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p></article>"
    )
    head = '<meta property="og:image" content="https://cdn.r.ma/lead.jpg">'
    head += '<base href="https://r.ma/actualite/">'
    found = extract_article(page(head, body), "https://r.ma/actualite/article.html")
    assert found["image"] == "https://cdn.r.ma/lead.jpg"
    port = "https://r.ma/actualite/photos/port.jpg"
    assert found["images"] == [{"url": port, "alt": "Le port", "caption": "Le port de Tanger Med"}]
    assert (
        f'<figure><img src="{port}" alt="Le port"><figcaption>Le port de Tanger Med</figcaption>'
        "</figure>" in found["html"]
    )


def test_structure_survives_as_headings_lists_and_quotes():
    body = (
        f"<article><h1>Titre</h1><p>{PARAGRAPHS[0]}</p><h2>Le calendrier</h2>"
        "<ul><li>Les écoles du centre en janvier</li><li>Les routes au printemps</li></ul>"
        f"<blockquote>« Nous tiendrons les délais », a promis le maire.</blockquote>"
        f"<p>{PARAGRAPHS[1]}</p></article>"
    )
    found = extract_article(page(body=body), "https://r.ma/a")
    assert "<h2>Le calendrier</h2>" in found["html"]
    assert "<ul><li>Les écoles du centre en janvier</li>" in found["html"]
    assert "<blockquote>" in found["html"]
    assert "Le calendrier\n\n" in found["text"]


def test_inline_read_also_lines_and_link_lists_go_in_both_languages():
    french = (
        f"<article><h1>Titre</h1><p>{PARAGRAPHS[0]}</p>"
        '<p><strong>À lire aussi :</strong> <a href="/x">Un autre article du site</a></p>'
        f"<p>{PARAGRAPHS[1]}</p><h3>Voir aussi</h3>"
        '<ul><li><a href="/y">Le tramway de Rabat prolongé</a></li>'
        '<li><a href="/z">Les écoles rénovées</a></li></ul>'
        f"<p>{PARAGRAPHS[2]}</p><p>Lire la suite</p></article>"
    )
    found = extract_article(page(body=french), "https://r.ma/a")
    assert found["text"].split("\n\n") == PARAGRAPHS
    arabic_paragraphs = [
        "صادق المجلس الجماعي للرباط يوم الثلاثاء على ميزانية جديدة لإصلاح المدارس والطرق.",
        "وستنطلق الأشغال في يناير المقبل حسب ما أعلنه رئيس المجلس أمام المنتخبين.",
    ]
    arabic = (
        f"<article><h1>ميزانية للمدارس</h1><p>{arabic_paragraphs[0]}</p>"
        '<p>إقرأ أيضاً: <a href="/x">خبر آخر من الموقع</a></p>'
        f'<p>{arabic_paragraphs[1]}</p><div class="read-also"><a href="/y">اقرأ المزيد</a></div>'
        "</article>"
    )
    found = extract_article(page(body=arabic, lang="ar"), "https://r.ma/a")
    assert found["text"].split("\n\n") == arabic_paragraphs
    assert found["language"] == "ar"


# --------------------------------------------------------------------------- outlet rules


def test_outlet_rules_choose_the_body_remove_parts_and_pick_title_and_date():
    body = (
        '<div class="teaser"><h2>Le mot du directeur</h2><p>Un éditorial qui parle de tout '
        "autre chose que l'article, assez long pour tenter un extracteur qui cherche du texte "
        "dans la page, et même un peu plus long encore.</p></div>"
        '<div class="story"><span class="kicker">Exclusif</span>'
        f"<p>{PARAGRAPHS[0]}</p><p class='ad'>Publicité : abonnez-vous</p><p>{PARAGRAPHS[1]}</p>"
        '</div><h1 class="headline">Rabat vote son budget</h1>'
        '<span class="when">Mis en ligne le 3 mai 2025 à 10h20</span>'
    )
    head = (
        '<meta property="og:title" content="Autre titre">'
        '<meta property="article:published_time" content="2025-03-01T08:00:00+01:00">'
    )
    rules = {
        "body": "div.story",
        "remove": [".kicker", "p.ad"],
        "title": "h1.headline",
        "date": ".when",
    }
    found = extract_article(page(head, body), "https://r.ma/a", rules)
    assert found["text"].split("\n\n") == PARAGRAPHS[:2]
    assert found["title"] == "Rabat vote son budget"
    assert found["date"] == "2025-05-03T09:20:00+00:00"  # 10h20 in Casablanca, UTC+1 in May


@pytest.mark.parametrize(
    "rules",
    [
        {"body": "div[", "remove": ["::nonsense", 42, None, "p:::x"], "title": "", "date": "}"},
        {"body": 3, "remove": "p[", "title": ["h1"], "date": {"x": 1}},
        {"remove": {"not": "a list"}},
        "not a dict",
        None,
    ],
)
def test_invalid_rules_are_ignored(rules):
    found = extract_article(page(body=article_body()), "https://r.ma/a", rules)  # type: ignore[arg-type]
    assert found["text"].split("\n\n") == PARAGRAPHS
    assert found["title"] == "Un budget pour les écoles de Rabat"


def test_a_body_rule_that_matches_nothing_useful_falls_back_to_the_page():
    found = extract_article(page(body=article_body() + '<div class="x"></div>'), "", {"body": ".x"})
    assert found["text"].split("\n\n") == PARAGRAPHS


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("head", "url", "title"),
    [
        (
            '<meta property="og:site_name" content="Le Monde">',
            "https://www.lemonde.fr/a",
            "X - Le Monde",
        ),
        ("", "https://www.hespress.com/a", "X | Hespress"),
        ("", "https://fr.hespress.com/a", "Hespress | X"),
        ("", "https://medias24.com/a", "X – Médias24"),
        ("", "https://lematin.ma/a", "X :: Le Matin"),
        ('<meta property="og:site_name" content="هسبريس">', "https://ar.example/a", "X - هسبريس"),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": '
            '{"@type": "Organization", "name": "TelQuel"}}</script>',
            "https://telquel.ma/a",
            "TelQuel — X",
        ),
    ],
)
def test_the_outlet_name_is_stripped_from_title_style_headlines(head, url, title):
    headline = "Tanger Med : un record de trafic"
    head = f"<title>{escape(title.replace('X', headline))}</title>" + head
    head += f'<meta property="og:title" content="{escape(title.replace("X", headline))}">'
    found = extract_article(page(head, f"<p>{PARAGRAPHS[0]}</p>"), url)
    assert found["title"] == headline


def test_another_source_confirms_the_shorter_title():
    head = '<meta property="og:title" content="Maroc - Espagne : match nul | Le Quotidien Sportif">'
    body = "<article><h1>Maroc - Espagne : match nul</h1><p>Texte.</p></article>"
    assert extract_article(page(head, body), "https://q.example/a")["title"] == (
        "Maroc - Espagne : match nul"
    )


@pytest.mark.parametrize(
    "headline",
    [
        "Maroc - Espagne : un match nul",
        "Hespress lance une offre - Economie",  # the outlet's name opens a real headline
        "Hespress",
    ],
)
def test_a_separator_inside_the_headline_stays(headline):
    head = f'<meta property="og:title" content="{headline}">'
    found = extract_article(page(head, "<p>Texte.</p>"), "https://www.hespress.com/a")
    assert found["title"] == ("" if headline == "Hespress" else headline)


def test_title_sources_in_order_and_truncated_headlines_give_way():
    json_ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "%s"}</script>'
    )
    og = '<meta property="og:title" content="Titre partagé">'
    body = "<h1>Titre visible</h1><p>Texte.</p>"
    assert extract_article(page(og + json_ld % "Titre JSON", body), "")["title"] == "Titre partagé"
    assert extract_article(page(json_ld % "Titre JSON", body), "")["title"] == "Titre JSON"
    assert extract_article(page("", body), "")["title"] == "Titre visible"
    assert extract_article(page("<title>Titre seul</title>"), "")["title"] == "Titre seul"
    truncated = '<meta property="og:title" content="Un très long titre coupé…">'
    body = "<article><h1>Un très long titre coupé au milieu</h1></article>"
    assert (
        extract_article(page(truncated, body), "")["title"] == "Un très long titre coupé au milieu"
    )


# --------------------------------------------------------------------------- dates


JSON_LD_DATE = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
    '[{"@type": "NewsArticle", "datePublished": "%s"}]}</script>'
)
META_DATE = '<meta property="article:published_time" content="%s">'
TIME_DATE = '<article><time datetime="%s">hier</time><p>Texte.</p></article>'


def date_of(head: str = "", body: str = "") -> str | None:
    return extract_article(page(head, body or "<p>Texte.</p>"), "https://r.ma/a")["date"]


def test_date_sources_in_order_of_trust():
    json_ld, meta = JSON_LD_DATE % "2025-01-01T10:00:00+01:00", META_DATE % "2025-01-02T10:00:00Z"
    time_element = TIME_DATE % "2025-01-03T10:00:00+01:00"
    visible = "<p class='meta'>Publié le 4 janvier 2025 à 10h00</p><p>Texte.</p>"
    assert date_of(json_ld + meta, time_element + visible) == "2025-01-01T09:00:00+00:00"
    assert date_of(meta, time_element + visible) == "2025-01-02T10:00:00+00:00"
    assert date_of("", time_element + visible) == "2025-01-03T09:00:00+00:00"
    assert date_of("", visible) == "2025-01-04T09:00:00+00:00"
    assert date_of("", "<div class='date'>الجمعة ٢٠ نونبر ٢٠٢٥</div>") == "2025-11-20"
    assert date_of("", "<span>نشر في 20 نوفمبر 2025 - 09:15</span>") == "2025-11-20T08:15:00+00:00"
    assert date_of('<meta name="pubdate" content="2024-06-05">') == "2024-06-05"


def test_updated_and_comment_times_come_last():
    body = (
        '<article><time class="updated" datetime="2025-02-10T10:00:00Z">maj</time><p>Texte.</p>'
        '<ol class="commentlist"><li><time datetime="2025-02-11T10:00:00Z">x</time></li></ol>'
        '<time class="published" datetime="2025-02-09T10:00:00Z">pub</time></article>'
    )
    assert date_of("", body) == "2025-02-09T10:00:00+00:00"


def test_a_future_date_is_dropped_for_the_next_source():
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    found = date_of(JSON_LD_DATE % future + META_DATE % "2024-05-06T07:08:09Z")
    assert found == "2024-05-06T07:08:09+00:00"
    assert date_of(JSON_LD_DATE % future) is None


# --------------------------------------------------------------------------- language


def test_an_arabic_page_is_arabic_whatever_it_declares():
    text = "".join(
        f"<p>{paragraph}</p>"
        for paragraph in (
            "دخل الخط الجديد للترامواي حيز الخدمة صباح اليوم بعد أشهر من الأشغال.",
            "ويربط الخط الجديد وسط المدينة بالأحياء الجنوبية، ويتوقع أن ينقل آلاف الركاب يوميا.",
        )
    )
    found = extract_article(
        page(body=f"<article><h1>الترامواي</h1>{text}</article>", lang="en"), ""
    )
    assert found["language"] == "ar"
    assert extract_article(page(body="<p>٢٠٢٥</p>", lang="ar-MA"), "")["language"] == "ar"


# --------------------------------------------------------------------------- charsets


def test_decode_html_follows_bom_then_declared_then_meta_then_detection():
    arabic = "<html><head><title>اقتصاد</title></head><body><p>%s</p></body></html>"
    text = arabic % "ارتفعت صادرات المغرب من الفوسفاط خلال السنة الماضية بشكل ملحوظ" * 5
    assert decode_html(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode_html(text.encode("windows-1256"), "windows-1256") == text
    meta = '<meta charset="windows-1256">' + text
    assert decode_html(meta.encode("windows-1256")) == meta
    equiv = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">' + text
    assert decode_html(equiv.encode("windows-1256"), "no-such-charset") == equiv
    assert decode_html(text.encode("windows-1256")) == text  # no label: detection
    french = "<p>Élection à Fès : les résultats sont annoncés.</p>"
    assert decode_html(french.encode("utf-8"), "iso-8859-1") == french  # a wrong default label
    assert decode_html(french.encode("cp1252"), "iso-8859-1") == french
    assert decode_html(french.encode("cp1252"), "utf-8") == french  # not UTF-8 after all
    assert decode_html(b"") == ""
    assert isinstance(decode_html(random.Random(3).randbytes(5000)), str)


# --------------------------------------------------------------------------- the command


def depeches(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "depeches", "extract", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_the_command_reads_a_gzipped_file_and_prints_json(tmp_path, isolated_env):
    saved = tmp_path / "page.html.gz"
    html = page('<meta charset="windows-1252"><title>Budget</title>', article_body())
    saved.write_bytes(gzip.compress(html.encode("cp1252")))
    result = depeches(str(saved), "--url", "https://r.ma/a", env=isolated_env)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["text"].split("\n\n") == PARAGRAPHS and found["language"] == "fr"


def test_the_command_fetches_a_url(standin, isolated_env):
    site = standin.sites[0]
    truth = httpx.get(site.url("/_standin/articles.json")).json()[0]
    result = depeches(truth["url"], env=isolated_env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == truth["title"]


def test_a_missing_file_costs_one_clear_line(isolated_env):
    result = depeches("/no/such/page.html", env=isolated_env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["CommandError: no such file: /no/such/page.html"]


# --------------------------------------------------------------------------- real pages


# A little below what bench/extraction.py measured (docs/benchmarks.md, "Extraction
# quality"): a regression fails here, noise does not.
FLOORS = {"body_f1": 0.83, "title": 0.97, "date": 0.97}


@pytest.mark.shared_corpus
def test_real_pages_meet_the_measured_floors(shared_corpus):
    from bench.extraction import load_cases, same_day, same_title, token_f1

    cases = load_cases(shared_corpus)
    f1, titles, dates = [], [], []
    for case in cases:
        found = extract_article(case.html, case.url)
        assert set(found) == KEYS
        if case.body:
            f1.append(token_f1(found["text"], case.body))
        if case.title:
            titles.append(same_title(found["title"], case.title))
        if case.published:
            dates.append(same_day(found["date"], case.published))
    assert len(f1) > 100 and len(titles) > 100 and len(dates) > 100
    assert sum(f1) / len(f1) >= FLOORS["body_f1"]
    assert sum(titles) / len(titles) >= FLOORS["title"]
    assert sum(dates) / len(dates) >= FLOORS["date"]

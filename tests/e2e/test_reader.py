"""A reader's visit in a real browser (Debian's Chromium) to a real `depeches demo`: headline
strip, article page and its attribution, Arabic text right to left, the Arabic interface,
phone width, fresh headlines without a reload, nothing fetched from elsewhere."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import httpx
import lxml.html
import pytest

from tests.e2e.harness import chromium_missing, headlines

if reason := chromium_missing():  # one line in the summary, not one per test
    pytest.skip(f"browser tests skipped: {reason}", allow_module_level=True)

ATTRIBUTION_FR = re.compile(r"Publié dans .+ le \d\d - \d\d - \d{4}")
ATTRIBUTION_AR = re.compile(r"نشر في .+ يوم \d\d - \d\d - \d{4}")
SOURCE_LINK = "Cliquez ici pour lire l'article depuis sa source"
ARTICLE_PATH = re.compile(r"/article/\d+/$")


@pytest.fixture(scope="module")
def paths(demo) -> dict[str, str]:
    """A French and an Arabic article from the headline strip, and their outlets (outlets
    with articles already), read from the demo's HTML once for the module."""
    articles = headlines(httpx.get(demo.url, timeout=10).text)
    found = {}
    for language in ("fr", "ar"):
        article = next((path for path, lang in articles if lang == language), None)
        assert article, f"no {language} article in the demo's headline strip"
        page = lxml.html.fromstring(httpx.get(demo.page(article), timeout=10).text)
        found[f"{language}_article"] = article
        found[f"{language}_outlet"] = page.cssselect(".attribution a")[0].get("href")
    return found


def test_new_article_appears_in_the_open_page_strip_without_reload(reader, demo):
    """fresh.js refreshes the strip every minute: the page's clock is Playwright's, so the
    test moves it a minute on instead of waiting one; the demo publishes every 3 s."""
    page = reader.page
    page.clock.install()
    navigations = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and navigations.append(frame))
    reader.goto("/")
    first = page.locator("#headlines li").first
    before = (first.get_attribute("data-article-id"), first.inner_text())
    page.evaluate("window.depechesTestMarker = 'still the same document'")

    deadline = time.monotonic() + 120
    after = before
    while after == before and time.monotonic() < deadline:
        page.clock.run_for(60_000)  # fresh.js's interval fires
        for _ in range(20):  # the fetch it started is real: let it land
            time.sleep(0.1)
            first = page.locator("#headlines li").first
            after = (first.get_attribute("data-article-id"), first.inner_text())
            if after != before:
                break
    assert after != before, "no new headline reached the open page's strip"

    # No navigation: the document that was loaded is still the one shown. (The fake clock
    # replaces `performance` too, so its navigation entries tell nothing here.)
    assert page.evaluate("window.depechesTestMarker") == "still the same document"
    assert len(navigations) == 1, [frame.url for frame in navigations]
    # The home page also says how many articles arrived, with a link that reloads it.
    notice = page.locator("#new-articles")
    assert notice.is_visible()
    assert re.search(r"\d+ nouve(l|aux) articles?", notice.inner_text()), notice.inner_text()


def test_headline_strip_leads_to_the_article_its_outlet_and_its_source(reader, demo):
    page = reader.page
    reader.goto("/")
    headline = page.locator("#headlines li a").first
    title = headline.locator(".title").inner_text()
    headline.click()
    page.wait_for_url(ARTICLE_PATH)

    assert page.locator("h1").inner_text() == title
    attribution = page.locator(".article .attribution").inner_text()
    assert ATTRIBUTION_FR.search(attribution), attribution
    source = page.get_by_role("link", name=SOURCE_LINK)
    href = source.get_attribute("href")
    # The original article, at its stand-in outlet: another origin than the site's.
    parts = urlsplit(href)
    assert (parts.scheme, parts.hostname) == ("http", "127.0.0.1"), href
    assert parts.port != demo.port, href


def test_arabic_article_text_runs_right_to_left(reader, paths):
    page = reader.page
    reader.goto("/sources/")
    page.locator(f'.outlets a[href="{paths["ar_outlet"]}"]').click()
    page.wait_for_url(f"**{paths['ar_outlet']}")
    page.locator(".listing .item-title a").first.click()
    page.wait_for_url(ARTICLE_PATH)

    text = page.locator(".article .text").first
    assert text.get_attribute("lang") == "ar"
    assert text.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert page.locator(".article h1").evaluate("h => getComputedStyle(h).direction") == "rtl"
    layout = text.evaluate(
        """text => {
        const container = text.closest("article").getBoundingClientRect();
        const box = text.getBoundingClientRect();
        const paragraph = text.querySelector("p") || text;
        const inner = paragraph.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(paragraph);
        // One entry per line box: its left and right ends.
        const lines = [];
        for (const rect of range.getClientRects()) {
            if (rect.width < 1) continue;
            const middle = (rect.top + rect.bottom) / 2;
            const line = lines.find(l => middle > l.top && middle < l.bottom);
            if (line) {
                line.left = Math.min(line.left, rect.left);
                line.right = Math.max(line.right, rect.right);
            } else {
                const {top, bottom, left, right} = rect;
                lines.push({top, bottom, left, right});
            }
        }
        return {
            containerLeft: container.left, containerRight: container.right,
            left: box.left, right: box.right,
            paragraphLeft: inner.left, paragraphRight: inner.right,
            lines: lines.map(l => [l.left, l.right]),
        };
    }"""
    )
    assert abs(layout["right"] - layout["containerRight"]) <= 2, layout
    assert layout["lines"], layout
    # Every line starts at the right edge; lines end where their words do, on the left.
    for left, right in layout["lines"]:
        assert abs(right - layout["paragraphRight"]) <= 2, layout
        assert left >= layout["paragraphLeft"] - 1, layout
    last_left = layout["lines"][-1][0]
    if len(layout["lines"]) > 1:
        assert last_left > layout["paragraphLeft"] + 2, layout


def test_language_switch_gives_the_arabic_interface(reader, paths):
    page = reader.page
    reader.goto(paths["fr_article"])
    article = page.url
    assert page.locator("html").get_attribute("lang") == "fr"

    with page.expect_navigation():
        page.locator("form.language").get_by_role("button", name="العربية").click()
    assert page.url == article  # back on the same page, now in Arabic
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    attribution = page.locator(".article .attribution").inner_text()
    assert ATTRIBUTION_AR.search(attribution), attribution

    # The choice holds on the next page, and the switch goes back to French.
    reader.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    with page.expect_navigation():
        page.locator("form.language").get_by_role("button", name="Français").click()
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("fr", "ltr")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_phone_width_never_scrolls_sideways(open_reader, paths, language):
    reader = open_reader(language=language, width=360, height=740)
    widths = {}
    for path in ["/", *paths.values(), "/sources/"]:
        reader.goto(path)
        assert reader.page.locator("html").get_attribute("lang") == language
        widths[path] = reader.page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
    too_wide = {path: sizes for path, sizes in widths.items() if sizes[0] > sizes[1]}
    assert not too_wide, f"scrollWidth > innerWidth (360 px): {too_wide}"


def test_pages_fetch_only_from_the_site_and_log_no_error(open_reader, demo, paths):
    """The checks every test makes when it ends (conftest.Reader.check), over every kind of
    page in both languages: no request beyond 127.0.0.1, no console error (CSP violations
    are reported there), no failed request or error response."""
    for language in ("fr", "ar"):
        reader = open_reader(language=language)
        pages = ["/", *paths.values(), "/sources/", "/rubrique/economie/", "/archives/"]
        for path in [*pages, "/a-propos/"]:  # every kind of page the site serves
            reader.goto(path)
        assert reader.requests, "the recorder saw nothing"
        assert all(urlsplit(url).port == demo.port for url in reader.requests), reader.requests
        reader.check()

"""Reporting an image in a real browser: three readers at three addresses block it for
everyone; one reader reporting again and again does not; the message is the reference's.

Named to run after test_reader.py: the demo is shared, and a blocked picture would show in
that module's screenshots."""

from __future__ import annotations

import time

import httpx
import lxml.html
import pytest

from tests.e2e.harness import chromium_missing

if reason := chromium_missing():
    pytest.skip(f"browser tests skipped: {reason}", allow_module_level=True)

THANKS = (
    "Merci d'avoir signalé! Cette image sera automatiquement bloquée après qu'elle soit "
    "signalée par plusieurs personnes."
)
THANKS_AR = "شكرا على الإبلاغ! سيتم حظر هذه الصورة تلقائيا بعد أن يبلغ عنها عدة أشخاص."


def articles_with_a_lead_picture(demo) -> list[tuple[str, str]]:
    """(article path, image id) of the demo's articles that show a lead picture."""
    home = lxml.html.fromstring(httpx.get(demo.url, timeout=10).text)
    found = []
    for item in home.cssselect("article.item.with-picture"):
        picture = item.cssselect(".picture[data-image-id]")
        link = item.cssselect(".item-title a")
        if picture and link and "blocked" not in picture[0].get("class"):
            found.append((link[0].get("href"), picture[0].get("data-image-id")))
    return found


@pytest.fixture(scope="module")
def two_articles(demo) -> list[tuple[str, str]]:
    found = articles_with_a_lead_picture(demo)
    pictures = {image for _, image in found}
    assert len(pictures) >= 2, "the demo's home page shows fewer than two pictures"
    first = found[0]
    second = next(item for item in found if item[1] != first[1])
    return [first, second]


def report_in_place(reader, reason: str = "violent") -> str:
    """Click the lead picture's "Signaler cette image", choose a reason, send; the answer."""
    page = reader.page
    page.locator(".picture.lead a.report-link").click()
    form = page.locator(".report-inline form")
    form.locator(f"input[value={reason}]").check()
    form.locator("button[type=submit]").click()
    message = page.locator(".report-inline .report-message")
    message.filter(has_text="!").wait_for(timeout=10_000)
    return message.inner_text()


def lead_is_blocked(reader, path: str, image_id: str, seconds: float = 10) -> bool:
    """Web processes read the content version at most once a second: give it a moment."""
    deadline = time.monotonic() + seconds
    while True:
        reader.goto(path)
        blocked = reader.page.locator(f'.picture.lead.blocked[data-image-id="{image_id}"]')
        if blocked.count() or time.monotonic() > deadline:
            return bool(blocked.count())
        time.sleep(0.5)


def test_three_readers_block_an_image_for_everyone(open_reader, two_articles, demo):
    path, image_id = two_articles[0]
    for number in (1, 2, 3):
        reader = open_reader(address=f"10.20.0.{number}")
        reader.goto(path)
        assert reader.page.locator("a.report-link").first.inner_text() == "Signaler cette image"
        assert report_in_place(reader) == THANKS
        # In place: still the article's page.
        assert reader.page.url.endswith(path)

    visitor = open_reader(address="10.20.0.99")
    assert lead_is_blocked(visitor, path, image_id)
    page = visitor.page
    placeholder = page.locator(".picture.lead.blocked")
    assert placeholder.inner_text() == "Image bloquée après signalements"
    assert page.locator(f'img[src^="/images/{image_id}/"]').count() == 0
    # Its files are gone too.
    assert httpx.get(demo.page(f"/images/{image_id}/"), timeout=10).status_code == 410


def test_one_reader_reporting_three_times_does_not_block(open_reader, two_articles):
    path, image_id = two_articles[1]
    reader = open_reader(address="10.30.0.1")
    for _ in range(3):
        reader.goto(path)
        assert report_in_place(reader, reason="other") == THANKS
        reader.page.reload()
    assert not lead_is_blocked(open_reader(address="10.30.0.2"), path, image_id, seconds=2)
    assert reader.page.locator(f'.picture.lead img[src^="/images/{image_id}/"]').count() == 1


def test_the_arabic_interface_thanks_in_arabic(open_reader, two_articles):
    path, _ = two_articles[1]
    reader = open_reader(language="ar", address="10.40.0.1")
    reader.goto(path)
    assert reader.page.locator("a.report-link").first.inner_text() == "الإبلاغ عن هذه الصورة"
    assert report_in_place(reader) == THANKS_AR

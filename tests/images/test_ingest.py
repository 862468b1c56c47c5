"""attach_images and rewrite_image_sources: an article's pictures, and its HTML pointing at them."""

from __future__ import annotations

import pytest

from depeches.articles.models import Article
from depeches.images.ingest import (
    ImageCandidate,
    attach_images,
    choose_candidates,
    rewrite_image_sources,
)
from depeches.images.links import original_url
from depeches.images.models import ArticleImage, Image
from depeches.sources.models import Outlet
from tests.images.samples import HTML_PAGE, fake_outlet, picture

OUTLET = "https://outlet.example"
LEAD, INLINE, BROKEN, TINY = (
    f"{OUTLET}/uploads/lead.jpg",
    f"{OUTLET}/uploads/inline.png",
    f"{OUTLET}/uploads/broken.jpg",
    f"{OUTLET}/pixel.gif",
)
ROUTES = {
    LEAD: ("image/jpeg", picture("lead", size=(800, 450))),
    INLINE: ("image/png", picture("inline", size=(600, 400), image_format="PNG")),
    BROKEN: ("image/jpeg", HTML_PAGE),
    TINY: ("image/gif", picture("pixel", size=(1, 1), image_format="GIF")),
}
CANDIDATES = [
    (LEAD, "Le port de <b>Tanger Med</b>", True),
    (INLINE, "Un graphique", False),
    (BROKEN, "", False),
    (TINY, "", False),
]


@pytest.fixture
def article(db) -> Article:
    outlet = Outlet.objects.create(slug="essai", name="Essai", language="fr")
    return Article.objects.create(
        outlet=outlet,
        url=f"{OUTLET}/economie/port",
        canonical_url=f"{OUTLET}/economie/port",
        title="Le port de Tanger Med bat un record",
    )


def test_pictures_are_attached_in_order_with_the_lead_first(article, media_root):
    get, _asked = fake_outlet(ROUTES)
    attached = attach_images(article, CANDIDATES, get)
    uses = list(ArticleImage.objects.filter(article=article).select_related("image"))
    assert attached == uses
    assert [(use.image.source_url, use.position, use.is_lead) for use in uses] == [
        (LEAD, 0, True),
        (INLINE, 1, False),
    ]
    assert [use.caption for use in uses] == ["Le port de Tanger Med", "Un graphique"]


def test_failed_pictures_are_skipped_with_their_reason_codes(article, media_root, caplog):
    get, _asked = fake_outlet(ROUTES)
    attached = attach_images(article, CANDIDATES, get)
    assert [(problem.url, problem.code) for problem in attached.problems] == [
        (BROKEN, "not_an_image"),
        (TINY, "too_small"),
    ]
    assert "not_an_image" in caplog.text and "too_small" in caplog.text


def test_served_maps_each_source_to_depeches_own_url(article, media_root):
    get, _asked = fake_outlet(ROUTES)
    attached = attach_images(article, CANDIDATES, get)
    lead, inline = (use.image for use in attached)
    assert attached.served == {LEAD: original_url(lead), INLINE: original_url(inline)}
    assert original_url(lead) == f"/images/{lead.pk}/"


def test_attaching_again_adds_nothing_and_refetches_nothing_stored(article, media_root):
    get, asked = fake_outlet(ROUTES)
    first = attach_images(article, CANDIDATES, get)
    asked.clear()
    again = attach_images(article, CANDIDATES, get)
    assert again == first and again.served == first.served
    assert ArticleImage.objects.count() == 2 and Image.objects.count() == 2
    # Only the two refused pictures are asked for again (they may have been fixed since).
    assert sorted(asked) == sorted([BROKEN, TINY])


def test_one_picture_under_two_urls_is_one_use_served_for_both(article, media_root):
    copy = f"{OUTLET}/uploads/lead-copy.jpg"
    get, _asked = fake_outlet(ROUTES | {copy: ROUTES[LEAD]})
    attached = attach_images(article, [(LEAD, "", True), (copy, "", False)], get)
    assert len(attached) == 1 and ArticleImage.objects.count() == 1
    assert attached.served[copy] == attached.served[LEAD]


def test_the_number_of_pictures_per_article_is_capped(article, media_root, settings):
    settings.DEPECHES_IMAGE_MAX_PER_ARTICLE = 3
    routes = {
        f"{OUTLET}/{n}.jpg": ("image/jpeg", picture(f"p{n}", size=(200, 120))) for n in range(6)
    }
    get, asked = fake_outlet(routes)
    attached = attach_images(article, [(url, "", False) for url in routes], get)
    assert len(attached) == 3 and len(asked) == 3


def test_a_blocked_picture_is_attached_but_not_served(article, media_root):
    get, _asked = fake_outlet(ROUTES)
    attach_images(article, [(LEAD, "", True)], get)
    Image.objects.update(status=Image.Status.BLOCKED)
    attached = attach_images(article, [(LEAD, "", True)], get)
    assert len(attached) == 1 and attached.served == {}


def test_choose_candidates_puts_the_lead_first_and_drops_repeats():
    chosen = choose_candidates(
        [
            ("https://a/1.jpg", "", False),
            ("https://a/2.jpg", "", True),
            ("https://a/1.jpg", "", False),
        ]
    )
    assert chosen == [
        ImageCandidate("https://a/2.jpg", "", True),
        ImageCandidate("https://a/1.jpg", "", False),
    ]


SERVED = {LEAD: "/images/1/", INLINE: "/images/2/"}


def test_rewrite_points_stored_pictures_at_depeches():
    html = f'<p>Texte</p><figure><img src="{LEAD}" alt="Le port"></figure><p>Suite</p>'
    assert rewrite_image_sources(html, SERVED) == (
        '<p>Texte</p><figure><img src="/images/1/" alt="Le port"></figure><p>Suite</p>'
    )


def test_rewrite_drops_pictures_not_stored_and_never_leaves_an_outlet_url():
    html = (
        f'<p>Avant <img src="{BROKEN}"> après</p>'
        f'<figure><img src="https://tracker.example/p.gif"><figcaption>Légende</figcaption></figure>'
        f'<p><img src="{INLINE}" srcset="{INLINE}?w=1200 2x" data-src="{INLINE}"></p>'
        '<p><img alt="sans source"></p>'
    )
    rewritten = rewrite_image_sources(html, SERVED)
    assert "outlet.example" not in rewritten and "tracker.example" not in rewritten
    assert rewritten == '<p>Avant  après</p><p><img src="/images/2/"></p><p></p>'


def test_rewrite_resolves_relative_sources_against_the_article_url():
    html = '<p><img src="/uploads/lead.jpg"><img src="../uploads/inline.png"></p>'
    rewritten = rewrite_image_sources(html, SERVED, base_url=f"{OUTLET}/economie/port")
    assert rewritten == '<p><img src="/images/1/"><img src="/images/2/"></p>'
    assert rewrite_image_sources(html, SERVED) == "<p></p>"


def test_rewrite_keeps_text_escaped_and_arabic_intact():
    html = f'&lt;script&gt; <p dir="rtl">ميناء &amp; طنجة <img src="{LEAD}"></p>'
    assert rewrite_image_sources(html, SERVED) == (
        '&lt;script&gt; <p dir="rtl">ميناء &amp; طنجة <img src="/images/1/"></p>'
    )


def test_html_without_pictures_is_returned_as_is():
    assert rewrite_image_sources("<p>Texte &amp; suite</p>", SERVED) == "<p>Texte &amp; suite</p>"
    assert rewrite_image_sources("", SERVED) == ""

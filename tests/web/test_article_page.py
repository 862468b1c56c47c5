"""The article page: title, attribution, text or excerpt, pictures, source link, and what it
tells search engines and link previews."""

from __future__ import annotations

import json

import pytest

from depeches.images.models import Image
from tests.web.conftest import (
    casablanca,
    get,
    html_of,
    make_article,
    make_outlet,
    make_picture,
    one,
    text_of,
)

pytestmark = pytest.mark.django_db

FOUR_PARAGRAPHS = (
    "Le trafic de conteneurs a dépassé les prévisions cette année.\n\n"
    "Les autorités portuaires attribuent cette hausse à de nouvelles lignes maritimes.\n\n"
    "Un troisième paragraphe qui ne doit pas paraître en mode extrait.\n\n"
    "Les opérateurs prévoient une croissance plus modérée l'an prochain."
)


@pytest.fixture
def french_article():
    outlet = make_outlet("Le Quotidien d'Essai", slug="essai", home_url="https://essai.example/")
    # 23:30 UTC on 7 June is 00:30 on 8 June in Casablanca.
    return make_article(
        outlet,
        "Le port bat un record",
        published_at=casablanca(2025, 6, 8, 0, 30),
        text=FOUR_PARAGRAPHS,
        url="https://essai.example/economie/port-record",
        author="Nadia Benali",
    )


@pytest.fixture
def arabic_article():
    outlet = make_outlet("صحيفة التجربة", slug="tajriba", language="ar")
    return make_article(
        outlet,
        "افتتاح خط جديد للترامواي في الرباط",
        published_at=casablanca(2025, 6, 8, 10, 0),
        text="دخل الخط الجديد للترامواي حيز الخدمة صباح اليوم.\n\nويربط الخط وسط المدينة.",
    )


def test_attribution_line_in_french_and_arabic(client, french_article):
    french = one(html_of(get(client, french_article.get_absolute_url(), "fr")), ".attribution")
    arabic = one(html_of(get(client, french_article.get_absolute_url(), "ar")), ".attribution")
    assert text_of(french) == "Publié dans Le Quotidien d'Essai le 08 - 06 - 2025"
    assert text_of(arabic) == "نشر في Le Quotidien d'Essai يوم 08 - 06 - 2025"
    for line in (french, arabic):
        assert one(line, "a").get("href") == "/source/essai/"
        assert one(line, "a bdi").text == "Le Quotidien d'Essai"
        assert one(line, "time").get("datetime") == "2025-06-08T00:30:00+01:00"


def test_title_text_and_direction_follow_the_article_language(client, arabic_article):
    page = html_of(get(client, arabic_article.get_absolute_url(), "fr"))
    title = one(page, "h1")
    assert (title.get("lang"), title.get("dir")) == ("ar", "rtl")
    assert text_of(title) == "افتتاح خط جديد للترامواي في الرباط"
    text = one(page, ".article .text")
    assert (text.get("lang"), text.get("dir")) == ("ar", "rtl")
    assert one(page, "html").get("dir") == "ltr"  # the interface stays French


def test_full_text_outlet_shows_the_whole_text(client, french_article):
    page = html_of(client.get(french_article.get_absolute_url()))
    paragraphs = [text_of(p) for p in one(page, ".article .text").cssselect("p")]
    assert paragraphs == FOUR_PARAGRAPHS.split("\n\n")
    assert not page.cssselect(".excerpt")


def test_excerpt_outlet_shows_a_marked_excerpt_and_never_the_full_text(client, french_article):
    french_article.outlet.display_mode = "excerpt"
    french_article.outlet.save()
    response = client.get(french_article.get_absolute_url())
    page, content = html_of(response), response.content.decode()
    excerpt = one(page, ".excerpt")
    assert text_of(one(excerpt, ".excerpt-label")) == "Extrait"
    assert "Le trafic de conteneurs" in text_of(excerpt)
    assert "troisième paragraphe" not in content
    assert "croissance plus modérée" not in content
    assert "l'article complet est à lire sur le site de Le Quotidien d'Essai" in text_of(excerpt)
    assert one(page, ".source a").get("href") == french_article.url


def test_excerpt_is_the_lead_when_the_outlet_gave_one(client, french_article):
    french_article.outlet.display_mode = "excerpt"
    french_article.outlet.save()
    french_article.lead = "Un chapô court."
    french_article.save()
    excerpt = one(html_of(client.get(french_article.get_absolute_url())), ".excerpt .text")
    assert text_of(excerpt) == "Un chapô court."


def test_closing_link_to_the_source(client, french_article):
    for language, words in [
        ("fr", "Cliquez ici pour lire l'article depuis sa source"),
        ("ar", "اضغط هنا لقراءة المقال من مصدره"),
    ]:
        link = one(html_of(get(client, french_article.get_absolute_url(), language)), ".source a")
        assert link.get("href") == "https://essai.example/economie/port-record"
        assert link.get("rel") == "noopener nofollow"
        assert text_of(link) == words


def test_canonical_opengraph_and_twitter_card(client, french_article, media_root):
    use = make_picture(french_article, caption="Le port de Tanger Med")
    page = html_of(client.get(french_article.get_absolute_url()))
    meta = {
        element.get("property") or element.get("name"): element.get("content")
        for element in page.cssselect("head meta[content]")
    }
    image = f"http://testserver/images/{use.image_id}/"
    assert one(page, "link[rel=canonical]").get("href") == french_article.url
    assert meta["og:type"] == "article"
    assert meta["og:title"] == meta["twitter:title"] == "Le port bat un record"
    assert meta["og:url"] == french_article.url
    assert meta["og:image"] == meta["twitter:image"] == image
    assert meta["og:locale"] == "fr_FR"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:description"].startswith("Le trafic de conteneurs")
    assert meta["article:published_time"] == "2025-06-08T00:30:00+01:00"


def test_json_ld_news_article(client, french_article, media_root):
    use = make_picture(french_article)
    page = html_of(client.get(french_article.get_absolute_url()))
    data = json.loads(one(page, "script[type='application/ld+json']").text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Le port bat un record"
    assert data["datePublished"] == "2025-06-08T00:30:00+01:00"
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Le Quotidien d'Essai",
        "url": "https://essai.example/",
    }
    assert data["image"] == [f"http://testserver/images/{use.image_id}/"]
    assert data["inLanguage"] == "fr"
    assert data["url"] == french_article.url
    assert data["author"] == {"@type": "Person", "name": "Nadia Benali"}


def test_json_ld_cannot_be_closed_by_a_title(client):
    hostile = 'Titre </script><script>alert("x")</script> & <!-- fin'
    article = make_article(make_outlet(), hostile)
    content = client.get(article.get_absolute_url()).content.decode()
    script = content.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(script)["headline"] == hostile
    assert "<" not in script


def test_lead_picture_on_top_with_its_caption(client, french_article, media_root):
    use = make_picture(french_article, caption="Le port de Tanger Med")
    page = html_of(client.get(french_article.get_absolute_url()))
    figure = one(page, ".article figure.lead")
    assert figure.get("data-image-id") == str(use.image_id)
    img = one(figure, "img")
    assert img.get("src") == f"/images/{use.image_id}/"
    assert (
        img.get("srcset") == f"/images/{use.image_id}/thumb.webp 480w, /images/{use.image_id}/ 800w"
    )
    assert (img.get("width"), img.get("height")) == ("800", "450")
    assert img.get("alt") == "Le port de Tanger Med"
    assert text_of(one(figure, "figcaption")) == "Le port de Tanger Med"


def test_pictures_in_the_text_are_wrapped_sized_lazy_reportable_and_blocked_ones_hidden(
    client, media_root
):
    article = make_article(make_outlet(), "Avec images", html="")
    lead = make_picture(article, caption="En tête")
    inline = make_picture(article, is_lead=False, position=1)
    blocked = make_picture(article, is_lead=False, position=2, status=Image.Status.BLOCKED)
    article.html = (
        f'<p>Avant.</p><img src="/images/{lead.image_id}/">'
        f'<figure><img src="/images/{inline.image_id}/" alt="Dans le texte">'
        "<figcaption>Légende</figcaption></figure>"
        f'<p>Texte <img src="/images/{blocked.image_id}/"> suite.</p>'
        '<p><img src="https://outlet.example/hotlink.jpg">Fin.</p>'
    )
    article.save()
    response = client.get(article.get_absolute_url())
    text = one(html_of(response), ".article .text")
    images = text.cssselect("img")
    assert [img.get("src") for img in images] == [f"/images/{inline.image_id}/"]
    figure = one(text, "figure")
    assert figure.get("data-image-id") == str(inline.image_id)
    assert images[0].get("loading") == "lazy"
    assert (images[0].get("width"), images[0].get("height")) == ("800", "450")
    report = one(figure, "a.report-link")
    assert report.get("href") == (
        f"/images/{inline.image_id}/signaler/?next=%2Farticle%2F{article.pk}%2F"
    )
    assert text_of(report) == "Signaler cette image"
    placeholder = one(text, ".picture.blocked")
    assert placeholder.get("data-image-id") == str(blocked.image_id)
    assert "Texte Image bloquée après signalements suite." in text_of(text)
    assert f"/images/{blocked.image_id}/" not in response.content.decode()
    assert "outlet.example" not in response.content.decode()


def test_blocked_lead_picture_is_a_placeholder(client, french_article, media_root):
    use = make_picture(french_article, status=Image.Status.BLOCKED)
    response = client.get(french_article.get_absolute_url())
    page = html_of(response)
    assert not page.cssselect(".article img")
    placeholder = one(page, ".article .picture.lead.blocked")
    assert text_of(placeholder) == "Image bloquée après signalements"
    assert f"/images/{use.image_id}/" not in response.content.decode()
    assert "og:image" not in response.content.decode()


def test_no_lire_aussi_until_stories_fill_it(client, french_article):
    assert "Lire aussi" not in client.get(french_article.get_absolute_url()).content.decode()

from datetime import UTC, datetime

import pytest

from depeches.articles.store import ArticleData, store_article
from depeches.sources.models import Outlet
from tests.web.conftest import html_of, one, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    outlet = Outlet.objects.create(slug="essai", name="Le Quotidien d'Essai", language="fr")
    stored, _ = store_article(
        outlet,
        None,
        ArticleData(
            url="https://essai.example/a",
            title="Le port bat un record <b>historique</b>",
            text="Premier paragraphe.\n\nSecond <script>alert(1)</script> paragraphe.",
            # 23:30 UTC on the 7th is the 8th in Casablanca (UTC+1): dates show local time.
            published=datetime(2025, 6, 7, 23, 30, tzinfo=UTC),
            extracted=True,
        ),
    )
    return stored


def test_home_lists_the_latest_articles(client, article):
    page = client.get("/").content.decode()
    assert article.get_absolute_url() in page
    assert "Le port bat un record &lt;b&gt;historique&lt;/b&gt;" in page


def test_article_page_shows_attribution_text_and_source_link(client, article):
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    attribution = one(html_of(response), ".attribution")
    assert text_of(attribution) == "Publié dans Le Quotidien d'Essai le 08 - 06 - 2025"
    assert "<p>Premier paragraphe.</p>" in page
    assert "<script>alert" not in page
    assert '<a href="https://essai.example/a" rel="noopener nofollow">' in page
    assert "Cliquez ici pour lire l'article depuis sa source" in page
    assert '<link rel="canonical" href="https://essai.example/a">' in page


def test_unknown_article_is_404(client):
    assert client.get("/article/999999/").status_code == 404

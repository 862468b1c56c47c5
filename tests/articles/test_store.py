from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from depeches.articles.models import Article
from depeches.articles.store import ArticleData, store_article
from depeches.sources.models import Outlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlet():
    return Outlet.objects.create(slug="essai", name="Essai", language="fr")


def data(**changes) -> ArticleData:
    values = {
        "url": "https://essai.example/politique/loi?utm_source=rss",
        "title": "Le Parlement adopte la loi",
        "guid": "guid-1",
        "text": "Premier paragraphe.\n\nSecond paragraphe.",
        "published": datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        "categories": ["Politique"],
        "extracted": True,
    }
    return ArticleData(**(values | changes))


def test_storing_twice_keeps_one_article(outlet):
    first, what_first = store_article(outlet, None, data())
    second, what_second = store_article(outlet, None, data())
    assert (what_first, what_second) == ("created", "unchanged")
    assert first.pk == second.pk and Article.objects.count() == 1
    stored = Article.objects.get()
    assert stored.canonical_url == "https://essai.example/politique/loi"
    assert stored.rubrique.slug == "politique" and stored.language == "fr"
    assert stored.html == "<p>Premier paragraphe.</p>\n<p>Second paragraphe.</p>"


def test_url_variant_or_new_guid_updates_in_place(outlet):
    store_article(outlet, None, data())
    _, what = store_article(outlet, None, data(url="https://essai.example/politique/loi/#x"))
    assert what == "unchanged"
    _, what = store_article(outlet, None, data(guid="guid-2", title="Le Parlement adopte la loi"))
    assert what == "unchanged"
    _, what = store_article(
        outlet, None, data(guid="guid-1", url="https://essai.example/p/2", title="Titre corrigé")
    )
    assert what == "updated"
    assert Article.objects.count() == 1 and Article.objects.get().title == "Titre corrigé"


def test_a_date_in_the_future_is_clamped_to_now(outlet):
    article, _ = store_article(outlet, None, data(published=timezone.now() + timedelta(days=2)))
    assert article.published_at <= timezone.now()


def test_arabic_text_is_detected(outlet):
    article, _ = store_article(
        outlet, None, data(title="افتتاح خط جديد", text="دخل الخط الجديد حيز الخدمة", categories=[])
    )
    assert article.language == "ar" and article.direction == "rtl"

"""Where articles and rubriques are shown: their pages on the reader's site."""

import pytest

from depeches.articles.models import Article, Rubrique
from depeches.sources.models import Outlet

pytestmark = pytest.mark.django_db


def test_article_and_rubrique_urls():
    outlet = Outlet.objects.create(slug="essai", name="Essai")
    article = Article.objects.create(
        outlet=outlet, url="https://essai.example/a", canonical_url="essai.example/a", title="T"
    )
    assert article.get_absolute_url() == f"/article/{article.pk}/"
    assert Rubrique.objects.get(slug="sport").get_absolute_url() == "/rubrique/sport/"


def test_rubrique_name_follows_the_interface_language():
    from django.utils.translation import override

    economie = Rubrique.objects.get(slug="economie")
    with override("fr"):
        assert economie.name == "Économie"
    with override("ar"):
        assert economie.name == "اقتصاد"

"""/sitemap.xml: article pages (newest first, paged by Django's sitemap index), outlets and
rubriques, for search engines."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from depeches.articles.models import Article, Rubrique
from depeches.sources.models import Outlet


class ArticleSitemap(Sitemap):
    limit = 10_000
    changefreq = "never"

    def items(self):
        return Article.objects.only("id", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, article: Article):
        return article.updated_at


class OutletSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return Outlet.objects.filter(active=True).order_by("slug")

    def location(self, outlet: Outlet) -> str:
        return reverse("web:outlet", args=[outlet.slug])


class RubriqueSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return Rubrique.objects.all()


SITEMAPS = {"articles": ArticleSitemap, "sources": OutletSitemap, "rubriques": RubriqueSitemap}

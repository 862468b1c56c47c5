from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from depeches.syndication.feeds import LatestArticlesFeed, OutletFeed, RubriqueFeed
from depeches.syndication.robots import robots_txt
from depeches.syndication.sitemaps import SITEMAPS
from depeches.web.page_cache import cached_page

app_name = "syndication"
# Feeds are cached like pages: per content version, so a new article shows at once.
urlpatterns = [
    path("rss/", cached_page(LatestArticlesFeed()), name="latest"),
    path("source/<slug:slug>/rss/", cached_page(OutletFeed()), name="outlet"),
    path("rubrique/<slug:slug>/rss/", cached_page(RubriqueFeed()), name="rubrique"),
    path(
        "sitemap.xml",
        cached_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "syndication:sitemap-section"},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap-<section>.xml",
        cached_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

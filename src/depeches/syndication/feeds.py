"""RSS feeds of the latest articles: everything, one outlet, one rubrique.

Items lead to the article's page on depeches (which credits the outlet and links to the
original), carry the outlet as author, the rubrique as category, and the lead picture's
thumbnail as enclosure when readers may see it (a blocked picture is never in a feed).
A dispatch reprinted by several outlets is one item.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from depeches.articles.models import Article, Rubrique
from depeches.images.links import thumbnail_url
from depeches.images.pictures import THUMBNAIL_CONTENT_TYPE
from depeches.images.storage import media_path
from depeches.sources.models import Outlet
from depeches.stories.related import collapse_near_duplicates
from depeches.web.queries import SHOWN_STATUSES, with_lead_pictures

FEED_ITEMS = 50


def latest(articles) -> list[Article]:
    """The newest articles, reprints once, each with its lead picture (the reader's pages'
    own lookup), kept only where readers may see it."""
    listed = with_lead_pictures(
        collapse_near_duplicates(
            articles.select_related("outlet", "rubrique")
            .defer("html", "text")
            .order_by("-published_at", "-id")[:FEED_ITEMS]
        )
    )
    for article in listed:
        use = article.lead_picture
        article.feed_picture = use.image if use and use.image.status in SHOWN_STATUSES else None
    return listed


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed

    def title(self, obj=None) -> str:
        return _("depeches : toute la presse marocaine")

    def link(self, obj=None) -> str:
        return reverse("web:home")

    def description(self, obj=None) -> str:
        return _("Les derniers articles des médias marocains, en français et en arabe.")

    def items(self, obj=None) -> list[Article]:
        return latest(Article.objects.all())

    def item_title(self, article: Article) -> str:
        return article.title

    def item_description(self, article: Article) -> str:
        return article.lead

    def item_link(self, article: Article) -> str:
        return article.get_absolute_url()

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_author_name(self, article: Article) -> str:
        return article.outlet.name

    def item_categories(self, article: Article) -> list[str]:
        return [article.rubrique.name] if article.rubrique else []

    def item_enclosures(self, article: Article) -> list[Enclosure]:
        image = article.feed_picture
        if image is None or not image.thumbnail:
            return []
        try:
            length = media_path(image.thumbnail).stat().st_size
        except OSError:
            return []
        url = self.request.build_absolute_uri(thumbnail_url(image))
        return [Enclosure(url, str(length), THUMBNAIL_CONTENT_TYPE)]

    def get_object(self, request, *args, **kwargs):
        self.request = request  # for absolute enclosure URLs
        return None


class OutletFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str):
        self.request = request
        return get_object_or_404(Outlet, slug=slug)

    def title(self, outlet: Outlet) -> str:
        return _("%(outlet)s sur depeches") % {"outlet": outlet.name}

    def link(self, outlet: Outlet) -> str:
        return reverse("web:outlet", args=[outlet.slug])

    def description(self, outlet: Outlet) -> str:
        return _("Les derniers articles de %(outlet)s.") % {"outlet": outlet.name}

    def items(self, outlet: Outlet) -> list[Article]:
        return latest(Article.objects.filter(outlet=outlet))


class RubriqueFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str):
        self.request = request
        return get_object_or_404(Rubrique, slug=slug)

    def title(self, rubrique: Rubrique) -> str:
        return _("%(rubrique)s sur depeches") % {"rubrique": rubrique.name}

    def link(self, rubrique: Rubrique) -> str:
        return reverse("web:rubrique", args=[rubrique.slug])

    def description(self, rubrique: Rubrique) -> str:
        return _("Les derniers articles de la rubrique %(rubrique)s.") % {"rubrique": rubrique.name}

    def items(self, rubrique: Rubrique) -> list[Article]:
        return latest(Article.objects.filter(rubrique=rubrique))

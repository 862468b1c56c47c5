"""An RSS feed of a search, newest first, so that a reader can follow it."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from depeches.search.engine import Sort, articles_of, run_search
from depeches.search.forms import read_parameters
from depeches.search.results import results_for

FEED_ITEMS = 30


class SearchFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request):
        params = read_parameters(request.GET)
        outcome = run_search(params.text, params.filters, Sort.DATE)
        articles = articles_of(list(outcome.results[:FEED_ITEMS]))
        return {
            "text": params.text,
            "query_string": request.GET.urlencode(),
            "results": results_for(articles, outcome.parsed.highlighted_terms()),
        }

    def title(self, search) -> str:
        return _("depeches : « %(query)s »") % {"query": search["text"]}

    def link(self, search) -> str:
        return f"{reverse('search:search')}?{search['query_string']}"

    def description(self, search) -> str:
        return _("Les derniers articles de la presse marocaine pour « %(query)s ».") % {
            "query": search["text"]
        }

    def items(self, search):
        return search["results"]

    def item_title(self, result) -> str:
        return result.article.title

    def item_description(self, result) -> str:
        return strip_tags(result.snippet_html)

    def item_link(self, result) -> str:
        return result.article.get_absolute_url()

    def item_guid(self, result) -> str:
        return result.article.get_absolute_url()

    def item_pubdate(self, result):
        return result.article.published_at

    def item_author_name(self, result) -> str:
        return result.article.outlet.name

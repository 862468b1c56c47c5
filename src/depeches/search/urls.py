from django.urls import path
from django.views.decorators.http import require_safe

from depeches.search import views
from depeches.search.feeds import SearchFeed
from depeches.web.page_cache import cached_page

app_name = "search"
urlpatterns = [
    path("", views.search, name="search"),
    path("rss/", require_safe(cached_page(SearchFeed())), name="feed"),
]

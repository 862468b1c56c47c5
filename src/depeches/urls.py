from django.contrib import admin
from django.urls import include, path

# 404.html and 500.html (depeches/web/templates) are Django's default error views' templates.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("images/", include("depeches.images.urls")),
    path("recherche/", include("depeches.search.urls")),
    # RSS feeds (/rss/, /source/<slug>/rss/, /rubrique/<slug>/rss/), sitemaps, robots.txt.
    path("", include("depeches.syndication.urls")),
    # The reader's site, article pages (/article/<id>/) included.
    path("", include("depeches.web.urls")),
]

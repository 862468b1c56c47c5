from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("article/", include("depeches.articles.urls")),
    path("images/", include("depeches.images.urls")),
    path("", include("depeches.web.urls")),
]

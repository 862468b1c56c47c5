from django.urls import path, register_converter

from depeches.web import converters, views

register_converter(converters.Year, "yyyy")
register_converter(converters.TwoDigits, "dd")

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("article/<int:pk>/", views.article, name="article"),
    path("story/<int:pk>/", views.story, name="story"),
    path("sources/", views.outlets, name="outlets"),
    path("source/<slug:slug>/", views.outlet, name="outlet"),
    path("rubrique/<slug:slug>/", views.rubrique, name="rubrique"),
    path("archives/", views.archives_today, name="archives"),
    path("archives/<yyyy:year>/<dd:month>/<dd:day>/", views.day, name="day"),
    path("a-propos/", views.about, name="about"),
    # /images/<id>/… are the pictures themselves (depeches.images, included before this).
    path("images/", views.gallery, name="gallery"),
    path("fragments/headlines/", views.headlines_fragment, name="headlines_fragment"),
]

from django.urls import path

from depeches.images import views

# The gallery (/images/) is a page of the reader's site: depeches.web serves it.
app_name = "images"
urlpatterns = [
    path("<int:pk>/", views.original, name="original"),
    path("<int:pk>/thumb.webp", views.thumbnail, name="thumbnail"),
    path("<int:pk>/signaler/", views.report, name="report"),
]

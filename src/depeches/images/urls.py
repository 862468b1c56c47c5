from django.urls import path

from depeches.images import views

# "" (the gallery) and "<int:pk>/signaler/" (a reader's report) are kept for those features.
app_name = "images"
urlpatterns = [
    path("<int:pk>/", views.original, name="original"),
    path("<int:pk>/thumb.webp", views.thumbnail, name="thumbnail"),
]

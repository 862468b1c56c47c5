from django.urls import path

from depeches.articles import views

app_name = "articles"
urlpatterns = [path("<int:pk>/", views.detail, name="detail")]

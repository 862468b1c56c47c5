from django.shortcuts import render

from depeches.articles.models import Article

HOME_ARTICLES = 50


def home(request):
    latest = Article.objects.select_related("outlet").order_by("-published_at", "-id")
    return render(request, "web/home.html", {"articles": latest[:HOME_ARTICLES]})

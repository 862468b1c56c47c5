from django.shortcuts import get_object_or_404, render

from depeches.articles.models import Article


def detail(request, pk: int):
    article = get_object_or_404(Article.objects.select_related("outlet", "rubrique"), pk=pk)
    return render(request, "articles/detail.html", {"article": article})

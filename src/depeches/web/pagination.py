"""Pages of a list at stable URLs: ?page=N, N from 1; anything else is a 404."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

PER_PAGE = 20


def page_or_404(request: HttpRequest, items: QuerySet, per_page: int = PER_PAGE) -> Page:
    """The requested page; a page number that is not one of the list's is a 404 (an empty
    list still has its page 1)."""
    number = request.GET.get("page", "1")
    # Only plain digits: Paginator would take "01" or " 2" too, two URLs for one page.
    if not number.isascii() or not number.isdigit() or number.startswith("0"):
        raise Http404("no such page")
    try:
        return Paginator(items, per_page).page(number)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("no such page") from None

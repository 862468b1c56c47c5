"""The search page, its JSON and its RSS feed: read the request, search, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import strip_tags
from django.views.decorators.http import require_safe

from depeches.articles.models import Rubrique
from depeches.search.engine import Sort, articles_of, run_search
from depeches.search.forms import SearchForm, read_parameters
from depeches.search.notes import note_messages
from depeches.search.results import results_for
from depeches.search.suggestions import suggestions
from depeches.sources.models import Outlet
from depeches.web.page_cache import cached_page
from depeches.web.pagination import page_or_404


@require_safe
@cached_page
def search(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    params = read_parameters(request.GET)
    outcome = run_search(params.text, params.filters, params.sort, now)
    page = page_or_404(request, outcome.results)
    stems = outcome.parsed.highlighted_terms()
    results = results_for(articles_of(page.object_list), stems)
    if request.GET.get("format") == "json":
        return json_results(request, outcome, page, results)
    searched = outcome.search is not None
    return render(
        request,
        "search/search.html",
        {
            "form": SearchForm(request.GET),
            "query": params.text,
            "searched": searched,
            "outcome": outcome,
            "page": page,
            "results": results,
            "notes": note_messages(outcome),
            "suggestions": (
                suggestions(request.GET, outcome.parsed, params.filters, now)
                if searched and not outcome.total
                else []
            ),
            "sort": params.sort,
            "sort_links": sort_links(request),
            "page_links": page_links(request, page),
            "outlets": Outlet.objects.filter(active=True).only("slug", "name"),
            "rubriques": Rubrique.objects.all(),
            "feed_query": request.GET.urlencode(),
        },
    )


def page_links(request: HttpRequest, page) -> dict[str, str]:
    """Query strings of the neighbouring pages; page 1 has no page parameter (one URL)."""
    links = {}
    for name, exists, number in (
        ("previous", page.has_previous(), page.number - 1),
        ("next", page.has_next(), page.number + 1),
    ):
        if exists:
            params = request.GET.copy()
            params.pop("page", None)
            if number > 1:
                params["page"] = str(number)
            links[name] = params.urlencode()
    return links


def sort_links(request: HttpRequest) -> dict[str, str]:
    links = {}
    for sort in (Sort.RELEVANCE, Sort.DATE):
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = sort
        links[sort] = params.urlencode()
    return links


def json_results(request, outcome, page, results) -> JsonResponse:
    return JsonResponse(
        {
            "query": request.GET.get("q", ""),
            "total": outcome.total,
            "total_is_capped": outcome.total_is_capped,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "notes": [str(message) for message in note_messages(outcome)],
            "results": [
                {
                    "id": result.article.pk,
                    "url": request.build_absolute_uri(result.article.get_absolute_url()),
                    "source_url": result.article.url,
                    "title": result.article.title,
                    "outlet": {
                        "slug": result.article.outlet.slug,
                        "name": result.article.outlet.name,
                    },
                    "language": result.article.language,
                    "rubrique": result.article.rubrique.slug if result.article.rubrique else None,
                    "published_at": result.article.published_at.isoformat(),
                    "snippet": strip_tags(result.snippet_html),
                    "snippet_html": str(result.snippet_html),
                }
                for result in results
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )

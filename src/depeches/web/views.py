"""The reader's pages. Each reads the request, asks depeches.web.queries, and renders."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from depeches.images.links import original_url
from depeches.images.models import Image
from depeches.search.engine import Filters as SearchFilters
from depeches.search.engine import Sort, run_search
from depeches.sources.models import Outlet
from depeches.stories import related
from depeches.web import queries
from depeches.web.article_html import PictureControls, image_ids, prepare_article_html
from depeches.web.excerpts import excerpt_paragraphs
from depeches.web.feed_health import feed_health
from depeches.web.formatting import local_today
from depeches.web.headlines import headline_strip_html
from depeches.web.metadata import (
    description,
    json_ld_script,
    news_article_json_ld,
    opengraph_locale,
)
from depeches.web.page_cache import cached_page
from depeches.web.pagination import page_or_404
from depeches.web.templatetags.reader import report_link


@require_safe
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    top_stories = queries.top_stories(timezone.now())
    return render(
        request,
        "web/home.html",
        {
            "top_stories": top_stories,
            # Until stories exist, the latest articles with a picture lead the page.
            "latest_with_pictures": [] if top_stories else queries.latest_with_pictures(),
            "sections": queries.rubrique_sections(),
            "is_home": True,
        },
    )


@require_safe
@cached_page
def article(request: HttpRequest, pk: int) -> HttpResponse:
    article = queries.article_for_page(pk)
    pictures = queries.article_pictures(article)
    lead = pictures[0] if pictures else None
    full_text = article.outlet.display_mode == Outlet.DisplayMode.FULL
    excerpt = [] if full_text else excerpt_paragraphs(article)
    page_description = description(article, excerpt)
    shared_picture = lead if lead and lead.image.status != Image.Status.BLOCKED else None
    image_url = (
        request.build_absolute_uri(original_url(shared_picture.image)) if shared_picture else ""
    )
    return render(
        request,
        "web/article.html",
        {
            "article": article,
            "lead_picture": lead,
            "full_text": full_text,
            "body_html": article_body(request, article, lead) if full_text else "",
            "excerpt": excerpt,
            "surroundings": queries.article_surroundings(article),
            "description": page_description,
            "image_url": image_url,
            "opengraph_locale": opengraph_locale(article.language),
            "json_ld": json_ld_script(
                news_article_json_ld(
                    article, image_url=image_url, page_description=page_description
                )
            ),
        },
    )


def article_body(request: HttpRequest, article, lead) -> str:
    """The stored HTML, with its pictures' report controls, blocked ones as placeholders,
    and without a second copy of the lead picture."""
    in_text = image_ids(article.html)
    hidden = {lead.image_id} if lead is not None else set()
    return prepare_article_html(
        article.html,
        pictures=queries.pictures_by_id(in_text - hidden),
        hidden=hidden,
        default_alt=article.title,
        controls=PictureControls(
            report_link=lambda pk: report_link({"request": request}, pk),
            blocked_label=gettext("Image bloquée après signalements"),
        ),
    )


GALLERY_PER_PAGE = 24


@require_safe
@cached_page
def gallery(request: HttpRequest) -> HttpResponse:
    """/images/: the latest pictures, each with its latest article and its report control,
    filtered by outlet and rubrique (?source=<slug>&rubrique=<slug>)."""
    words = request.GET.get("q", "").strip()
    filters = queries.GalleryFilters(
        outlet=chosen(request, "source", queries.outlet_by_slug),
        rubrique=chosen(request, "rubrique", queries.rubrique_by_slug),
        article_ids=articles_matching(words) if words else None,
    )
    page = page_or_404(request, queries.gallery_images(filters), per_page=GALLERY_PER_PAGE)
    return render(
        request,
        "web/gallery.html",
        {
            "page": page,
            "pictures": queries.with_latest_use(list(page.object_list), filters),
            "filters": filters,
            "outlets": queries.outlets_by_name(),
            "rubriques": queries.rubriques(),
            "query": other_parameters(request),
            "words": words,
        },
    )


# The gallery searches among the newest articles matching the words: enough pictures for
# many pages, at the cost of one page of search results.
GALLERY_SEARCH_ARTICLES = 500


def articles_matching(words: str) -> list[int]:
    """Ids of the newest articles the search finds for `words` (its query language too)."""
    outcome = run_search(words, SearchFilters(), sort=Sort.DATE)
    return [match.article_id for match in outcome.results[:GALLERY_SEARCH_ARTICLES]]


def chosen(request: HttpRequest, parameter: str, find):
    """The filter's object, None when not set; a slug naming nothing is a 404."""
    slug = request.GET.get(parameter, "")
    return find(slug) if slug else None


def other_parameters(request: HttpRequest) -> str:
    """The query string without the page number: what pagination links keep."""
    parameters = request.GET.copy()
    parameters.pop("page", None)
    return parameters.urlencode()


@require_safe
@cached_page
def story(request: HttpRequest, pk: int) -> HttpResponse:
    """/story/<id>/, "Couverture complète": every outlet's articles on one event, in both
    languages, the first to report it marked, and the timeline."""
    story = queries.story_or_404(pk)
    if story.pk != pk:  # merged into another since: its address leads there for good
        return redirect("web:story", pk=story.pk, permanent=True)
    coverage = related.story_coverage(story)
    return render(request, "web/story.html", {"coverage": coverage, "story": coverage.story})


@require_safe
@cached_page
def outlets(request: HttpRequest) -> HttpResponse:
    return render(
        request, "web/outlets.html", {"outlets": list(queries.outlets_with_latest_article())}
    )


@require_safe
@cached_page
def outlet(request: HttpRequest, slug: str) -> HttpResponse:
    outlet = queries.outlet_by_slug(slug)
    page = page_or_404(request, queries.outlet_articles(outlet))
    return render(
        request,
        "web/outlet.html",
        {
            "outlet": outlet,
            "page": page,
            "articles": queries.with_lead_pictures(list(page.object_list)),
            "feeds": [feed_health(feed) for feed in queries.outlet_feeds(outlet)],
        },
    )


@require_safe
@cached_page
def rubrique(request: HttpRequest, slug: str) -> HttpResponse:
    rubrique = queries.rubrique_by_slug(slug)
    page = page_or_404(request, queries.rubrique_articles(rubrique))
    return render(
        request,
        "web/rubrique.html",
        {
            "rubrique": rubrique,
            "current_rubrique": rubrique.slug,
            "page": page,
            "articles": queries.as_listed(page.object_list),
        },
    )


@require_safe
def archives_today(request: HttpRequest) -> HttpResponse:
    today = local_today(timezone.now())
    return redirect("web:day", year=today.year, month=today.month, day=today.day)


@require_safe
@cached_page
def day(request: HttpRequest, year: int, month: int, day: int) -> HttpResponse:
    try:
        shown = date(year, month, day)
    except ValueError:
        raise Http404("no such day") from None
    today = local_today(timezone.now())
    if shown > today:
        raise Http404("a day to come")
    page = page_or_404(request, queries.day_articles(shown))
    return render(
        request,
        "web/day.html",
        {
            "day": shown,
            "previous_day": shown - timedelta(days=1),
            "next_day": shown + timedelta(days=1) if shown < today else None,
            "page": page,
            "articles": queries.as_listed(page.object_list),
        },
    )


@require_safe
@cached_page
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


@require_safe
@cached_page
def headlines_fragment(request: HttpRequest) -> HttpResponse:
    """The headline strip alone, for the page script that refreshes it every minute."""
    return HttpResponse(headline_strip_html(), content_type="text/html; charset=utf-8")

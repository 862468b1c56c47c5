"""What the reader's pages show, one function per thing shown.

Lists load only the columns a list shows (never an article's text or HTML), and pictures
for a whole list in one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from depeches.articles.models import Article, Rubrique
from depeches.images.models import ArticleImage, Image
from depeches.sources.models import Feed, Outlet
from depeches.stories import related
from depeches.stories.models import Story
from depeches.web.formatting import SHOWN_IN

HEADLINES = 50
TOP_ITEMS = 6
PER_RUBRIQUE = 4
TOP_WINDOW = timedelta(hours=24)
SHOWN_STATUSES = (Image.Status.VISIBLE, Image.Status.PROTECTED)

LIST_FIELDS = (
    "id",
    "title",
    "language",
    "published_at",
    "outlet__name",
    "outlet__slug",
    "outlet__language",
    "rubrique_id",
    "story_id",
)


def listed_articles() -> QuerySet[Article]:
    """Articles as lists show them: title, outlet, time; newest first."""
    return (
        Article.objects.select_related("outlet").only(*LIST_FIELDS).order_by("-published_at", "-id")
    )


def latest_headlines() -> list[Article]:
    """The headline strip: the newest articles across all outlets, a dispatch reprinted by
    several outlets once."""
    return related.collapse_near_duplicates(listed_articles()[:HEADLINES])


def as_listed(articles) -> list[Article]:
    """A list as readers see it: each reprinted dispatch once, with its lead picture."""
    return with_lead_pictures(related.collapse_near_duplicates(articles))


def shown_pictures() -> QuerySet[ArticleImage]:
    """Pictures readers may see (never a blocked one), the lead first, then in order."""
    return (
        ArticleImage.objects.filter(image__status__in=SHOWN_STATUSES)
        .select_related("image")
        .order_by("-is_lead", "position", "id")
    )


def with_lead_pictures(articles: list[Article]) -> list[Article]:
    """Set `lead_picture` (an ArticleImage, or None) on each article, in one query: its first
    picture readers may see, else a blocked one, which lists show as a placeholder.

    The picture uses are looked up by article and statuses sorted out here, not in SQL:
    with the status filter in the query, SQLite (which has no statistics) starts from every
    visible picture, a cost that grows with all the pictures ever stored."""
    leads: dict[int, ArticleImage] = {}
    placeholders: dict[int, ArticleImage] = {}
    uses = (
        ArticleImage.objects.filter(article_id__in=[article.pk for article in articles])
        .select_related("image")
        .order_by("-is_lead", "position", "id")
    )
    for use in uses:
        shown = use.image.status in SHOWN_STATUSES
        (leads if shown else placeholders).setdefault(use.article_id, use)
    for article in articles:
        article.lead_picture = leads.get(article.pk) or placeholders.get(article.pk)
    return articles


@dataclass
class TopStory:
    story: Story
    lead: Article


def top_stories(now: datetime) -> list[TopStory]:
    """The stories of the last 24 hours covered by the most outlets, fresher first (the
    stories app's ranking), each with its lead article: one with a picture if any, the first
    published among those (the outlet that broke it)."""
    stories = related.top_stories(hours=TOP_WINDOW.total_seconds() / 3600, limit=TOP_ITEMS, now=now)
    articles = with_lead_pictures(
        list(listed_articles().filter(story__in=stories).order_by("published_at", "id"))
    )
    leads: dict[int, Article] = {}
    for article in articles:
        current = leads.get(article.story_id)
        if current is None or (article.lead_picture and not current.lead_picture):
            leads[article.story_id] = article
    return [TopStory(story, leads[story.pk]) for story in stories if story.pk in leads]


def latest_with_pictures() -> list[Article]:
    """Until stories exist: the latest articles that have a picture readers may see."""
    has_picture = Exists(shown_pictures().filter(article=OuterRef("pk")))
    return with_lead_pictures(list(listed_articles().filter(has_picture)[:TOP_ITEMS]))


@dataclass
class RubriqueSection:
    rubrique: Rubrique
    articles: list[Article]


def rubrique_sections() -> list[RubriqueSection]:
    """The latest few articles of each rubrique that has any, in the rubriques' order.

    One small query per rubrique: each walks the (rubrique, -published_at) index, where a
    single window-function query would sort the whole table."""
    sections = [
        RubriqueSection(
            rubrique,
            related.collapse_near_duplicates(
                listed_articles().filter(rubrique=rubrique)[:PER_RUBRIQUE]
            ),
        )
        for rubrique in Rubrique.objects.all()
    ]
    sections = [section for section in sections if section.articles]
    with_lead_pictures([article for section in sections for article in section.articles])
    return sections


def rubriques() -> list[Rubrique]:
    return list(Rubrique.objects.all())


def article_for_page(pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("outlet", "rubrique", "story"), pk=pk)


def article_pictures(article: Article) -> list[ArticleImage]:
    """The article's pictures, the lead first; blocked ones are shown as placeholders."""
    return list(
        ArticleImage.objects.filter(article=article)
        .select_related("image")
        .order_by("-is_lead", "position", "id")
    )


def pictures_by_id(image_ids: set[int]) -> dict[int, Image]:
    return Image.objects.filter(pk__in=image_ids).in_bulk()


def outlet_by_slug(slug: str) -> Outlet:
    return get_object_or_404(Outlet, slug=slug)


def outlet_articles(outlet: Outlet) -> QuerySet[Article]:
    return listed_articles().filter(outlet=outlet)


def outlet_feeds(outlet: Outlet) -> list[Feed]:
    return list(outlet.feeds.order_by("pk"))


def outlets_with_latest_article() -> QuerySet[Outlet]:
    """Active outlets by name, each with the time of its latest article (an index probe
    per outlet, not a GROUP BY over every article)."""
    latest = (
        Article.objects.filter(outlet=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    return Outlet.objects.filter(active=True).annotate(latest_at=Subquery(latest))


def rubrique_by_slug(slug: str) -> Rubrique:
    return get_object_or_404(Rubrique, slug=slug)


def rubrique_articles(rubrique: Rubrique) -> QuerySet[Article]:
    return listed_articles().filter(rubrique=rubrique)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The day from midnight to midnight in Casablanca (days are not all 24 hours there)."""
    start = datetime.combine(day, time.min, tzinfo=SHOWN_IN)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=SHOWN_IN)
    return start, end


def day_articles(day: date) -> QuerySet[Article]:
    start, end = day_bounds(day)
    return listed_articles().filter(published_at__gte=start, published_at__lt=end)


@dataclass
class GalleryFilters:
    outlet: Outlet | None = None
    rubrique: Rubrique | None = None
    article_ids: list[int] | None = None  # from a search: only pictures of these articles


def gallery_images(filters: GalleryFilters) -> QuerySet[Image]:
    """Pictures readers may see, newest first (the (status, -created_at) index), each once
    however many articles use it."""
    images = Image.objects.filter(status__in=SHOWN_STATUSES).order_by("-created_at", "-id")
    uses = gallery_uses(filters)
    if uses is not None:
        images = images.filter(pk__in=uses.values("image_id"))
    return images


def gallery_uses(filters: GalleryFilters) -> QuerySet[ArticleImage] | None:
    """The picture uses the filters keep; None when no filter is set."""
    if filters.outlet is None and filters.rubrique is None and filters.article_ids is None:
        return None
    uses = ArticleImage.objects.all()
    if filters.outlet is not None:
        uses = uses.filter(article__outlet=filters.outlet)
    if filters.rubrique is not None:
        uses = uses.filter(article__rubrique=filters.rubrique)
    if filters.article_ids is not None:
        uses = uses.filter(article_id__in=filters.article_ids)
    return uses


def with_latest_use(images: list[Image], filters: GalleryFilters) -> list[ArticleImage]:
    """For each picture, its use in the latest article (among the filtered ones), in one
    query; the use carries the picture and the article with its outlet."""
    uses = gallery_uses(filters)
    if uses is None:  # not `or`: that would run the filtered query just to test it
        uses = ArticleImage.objects.all()
    uses = (
        uses.filter(image__in=images)
        .select_related("image", "article__outlet")
        .only(
            *(f"article__{field}" for field in LIST_FIELDS if field != "story_id"),
            "image__id",
            "image__status",
            "image__width",
            "image__height",
            "caption",
            "is_lead",
            "position",
        )
        .order_by("-article__published_at", "-id")
    )
    latest: dict[int, ArticleImage] = {}
    for use in uses:
        latest.setdefault(use.image_id, use)
    return [latest[image.pk] for image in images if image.pk in latest]


def outlets_by_name() -> list[Outlet]:
    return list(Outlet.objects.filter(active=True).order_by("name").only("slug", "name"))


def story_or_404(pk: int) -> Story:
    """The story, or the one it was merged into (followed to the end); 404 when empty."""
    story = get_object_or_404(Story, pk=pk)
    seen = {story.pk}
    while story.merged_into_id is not None and story.merged_into_id not in seen:
        seen.add(story.merged_into_id)
        story = get_object_or_404(Story, pk=story.merged_into_id)
    if not story.article_count:
        raise Http404("an empty story")
    return story


@dataclass
class ArticleSurroundings:
    """What the article page shows around the text, from the stories."""

    read_also: Article | None
    also_published_by: list[Article]
    story: Story | None  # its story, when covered by more than one outlet


def article_surroundings(article: Article) -> ArticleSurroundings:
    story = article.story if article.story_id and article.story.outlet_count > 1 else None
    return ArticleSurroundings(
        read_also=related.read_also(article),
        also_published_by=related.also_published_by(article),
        story=story,
    )

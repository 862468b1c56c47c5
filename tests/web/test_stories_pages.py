"""Stories on the reader's pages: "Aussi publié par", "Lire aussi", lists showing a reprinted
dispatch once, the home page's top stories, and the full-coverage page /story/<id>/.

Articles are clustered as the crawler's would be (assign_article), from the labelled set of
the stories tests: one Bank Al-Maghrib decision reported by six outlets in French and Arabic,
two dispatches among them reprinted word for word."""

from __future__ import annotations

import pytest
from django.utils import timezone

from depeches.articles.models import Article
from depeches.stories.assign import assign_article
from depeches.web.formatting import local
from tests.stories.conftest import labelled_records, store  # noqa: F401
from tests.web.conftest import get, html_of, make_article, make_outlet, one, text_of

pytestmark = pytest.mark.django_db

RECORDS = {record["id"]: record for record in labelled_records()}
# lab-001..003: one French dispatch reprinted by three outlets; lab-004..005 an Arabic one
# reprinted by two; lab-006 another Arabic article on the same decision.
BAM = ["lab-001", "lab-002", "lab-003", "lab-004", "lab-005", "lab-006"]


@pytest.fixture
def story_articles(store) -> list[Article]:  # noqa: F811
    """The six articles, moved to the last hours (the home page looks at 24 hours)."""
    articles = [store(RECORDS[key]) for key in BAM]
    shift = timezone.now() - max(article.published_at for article in articles)
    for article in articles:
        Article.objects.filter(pk=article.pk).update(published_at=article.published_at + shift)
        article.refresh_from_db()
        assign_article(article)
    return [Article.objects.select_related("outlet").get(pk=a.pk) for a in articles]


def test_the_article_page_names_the_outlets_that_reprinted_it(client, story_articles):
    first, second, third = story_articles[:3]
    page = html_of(client.get(first.get_absolute_url()))
    line = one(page, ".also-published")
    assert text_of(line).startswith("Aussi publié par :")
    links = [(a.get("href"), text_of(a)) for a in line.cssselect("a")]
    assert links == [
        (second.get_absolute_url(), second.outlet.name),
        (third.get_absolute_url(), third.outlet.name),
    ]


def test_read_also_is_another_outlets_article_of_the_story_not_a_reprint(client, story_articles):
    first = story_articles[0]
    reprints = {article.pk for article in story_articles[:3]}
    page = html_of(client.get(first.get_absolute_url()))
    aside = one(page, "aside.related")
    assert text_of(one(aside, "h2")) == "Lire aussi"
    href = one(aside, ".read-also a").get("href")
    chosen = next(a for a in story_articles if a.get_absolute_url() == href)
    assert chosen.pk not in reprints and chosen.outlet_id != first.outlet_id
    coverage = one(aside, ".coverage-link a")
    assert coverage.get("href") == f"/story/{first.story_id}/"
    assert text_of(coverage) == "Couverture complète : 6 médias"


def test_an_article_alone_has_no_read_also(client, media_root):
    alone = make_article(make_outlet(), "Un fait divers sans suite")
    content = client.get(alone.get_absolute_url()).content.decode()
    assert "Lire aussi" not in content and "Aussi publié par" not in content


def test_lists_show_a_reprinted_dispatch_once(client, story_articles):
    strip = html_of(client.get("/")).cssselect("#headlines li")
    # Six articles: a group of three reprints, a group of two, one alone: three lines.
    assert len(strip) == 3
    local_day = local(story_articles[0].published_at).date()
    archive = client.get(f"/archives/{local_day:%Y/%m/%d}/")
    notes = [text_of(note) for note in html_of(archive).cssselect(".reprints")]
    assert sorted(notes) == ["repris par 1 autre média", "repris par 2 autres médias"]


def test_the_home_page_leads_with_the_story_and_links_its_coverage(client, story_articles):
    page = html_of(client.get("/"))
    top = one(page, "section.top")
    coverage = top.cssselect("a.coverage")
    assert coverage and coverage[0].get("href") == f"/story/{story_articles[0].story_id}/"
    assert text_of(coverage[0]) == "couvert par 6 médias"


def test_the_full_coverage_page(client, story_articles):
    story_id = story_articles[0].story_id
    response = client.get(f"/story/{story_id}/")
    assert response.status_code == 200
    page = html_of(response)
    assert text_of(one(page, ".kicker")) == "Couverture complète"
    by_time = sorted(story_articles, key=lambda article: (article.published_at, article.pk))
    outlets = [text_of(one(li, "h3")) for li in page.cssselect(".coverage-outlets > li")]
    assert outlets == [article.outlet.name for article in by_time]
    first = one(page, ".coverage-outlets li.first")
    assert "premier à publier" in text_of(first)
    assert by_time[0].title in text_of(first)
    meta = text_of(one(page, ".story header .meta"))
    assert "6 médias" in meta and "français" in meta.lower() and "arabe" in meta.lower()
    timeline = page.cssselect(".timeline li")
    assert len(timeline) == 6
    arabic = [a for a in page.cssselect(".timeline a") if a.get("lang") == "ar"]
    assert arabic and all(a.get("dir") == "auto" for a in arabic)


def test_the_full_coverage_page_in_arabic(client, story_articles):
    page = html_of(get(client, f"/story/{story_articles[0].story_id}/", "ar"))
    assert text_of(one(page, ".kicker")) == "التغطية الكاملة"
    assert text_of(one(page, "#timeline")) == "التسلسل الزمني"


def test_an_unknown_story_is_a_404(client, db):
    assert client.get("/story/999999/").status_code == 404


def test_read_also_outside_the_story_is_the_closest_article_of_another_outlet(client, store):  # noqa: F811
    """Monday's stock exchange (two outlets) and Tuesday's (one of them again): Tuesday's
    session is a story of its own, and its "Lire aussi" is Monday's report from the other
    outlet, found when the articles were clustered."""
    monday_phare, monday_vigie, tuesday_phare = (
        store(RECORDS[key]) for key in ("lab-007", "lab-008", "lab-010")
    )
    for article in (monday_phare, monday_vigie, tuesday_phare):
        assign_article(article)
    tuesday_phare.refresh_from_db()
    monday_vigie.refresh_from_db()
    assert tuesday_phare.story_id != monday_vigie.story_id
    page = html_of(client.get(tuesday_phare.get_absolute_url()))
    assert one(page, ".read-also a").get("href") == monday_vigie.get_absolute_url()
    # A story of one outlet has no coverage page to link to.
    assert not page.cssselect(".coverage-link")


def test_a_merged_storys_address_leads_to_the_story_it_joined(client, story_articles):
    from depeches.stories.assign import merge_stories
    from depeches.stories.models import Story

    kept = story_articles[0].story_id
    other = Story.objects.create(title="Doublon")
    merge_stories(kept, other.pk)
    response = client.get(f"/story/{other.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/story/{kept}/"
    empty = Story.objects.create(title="Vide")
    assert client.get(f"/story/{empty.pk}/").status_code == 404

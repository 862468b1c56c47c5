"""Searching articles, on whichever database the suite runs on (SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from depeches.articles.models import Article, Rubrique
from depeches.search.engine import Filters, run_search
from depeches.search.indexing import index_article_ids
from tests.search.conftest import make_article, make_outlet, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def press():
    fr = make_outlet("Le Quotidien", slug="quotidien", language="fr")
    ar = make_outlet("الصحيفة", slug="sahifa", language="ar")
    now = timezone.now()
    make_article(
        fr,
        "Les élections législatives fixées en septembre",
        text="Le gouvernement a fixé la date des élections. La campagne électorale commence.",
        published_at=now - timedelta(days=2),
        rubrique=Rubrique.objects.get(slug="politique"),
    )
    make_article(
        fr,
        "Le port de Tanger Med bat un record",
        text="Le trafic de conteneurs du port a dépassé les prévisions. Œuvre collective.",
        published_at=now - timedelta(days=40),
        rubrique=Rubrique.objects.get(slug="economie"),
    )
    make_article(
        fr,
        "Vague de froid dans le Moyen Atlas",
        text="Des chutes de neige sont attendues, selon la météo. Le port d'Agadir est fermé.",
        published_at=now - timedelta(hours=3),
    )
    make_article(
        ar,
        "افتتاح خط جديد للترامواي في الرباط",
        text="دخل الْخَطُّ الجديد حيز الخدمة. وقالت الحكومة إن الانتخابات ستجرى في موعدها.",
        published_at=now - timedelta(days=1),
        rubrique=Rubrique.objects.get(slug="regions"),
    )
    make_article(
        ar,
        "الحكومة تعلن موعد الإنتخابات",
        text="أعلنت الحكومة المغربية موعد الانتخابات التشريعية.",
        published_at=now - timedelta(days=10),
    )


def test_french_ignores_case_accents_and_inflections(press):
    expected = ["Les élections législatives fixées en septembre"]
    for query in ("élection", "ELECTIONS", "election", "Élections"):
        assert titles(query) == expected, query


def test_oe_ligature(press):
    assert titles("oeuvre") == titles("ŒUVRE") == ["Le port de Tanger Med bat un record"]


def test_arabic_ignores_diacritics_variants_and_clitics(press):
    for query in ("الخط", "خط", "الْخَطّ", "والخط"):
        assert titles(query) == ["افتتاح خط جديد للترامواي في الرباط"], query
    for query in ("انتخابات", "الانتخابات", "الإنتخابات", "بالانتخابات"):
        assert set(titles(query)) == {
            "افتتاح خط جديد للترامواي في الرباط",
            "الحكومة تعلن موعد الإنتخابات",
        }, query


def test_mixed_language_query_needs_every_word(press):
    assert titles("élections الحكومة") == []
    assert len(titles("élections OR الحكومة")) == 3


def test_phrase(press):
    assert titles('"port de Tanger"') == ["Le port de Tanger Med bat un record"]
    assert titles('"Tanger port"') == []


def test_exclusion(press):
    assert titles("port -Agadir") == ["Le port de Tanger Med bat un record"]
    assert titles('port -"Tanger Med"') == ["Vague de froid dans le Moyen Atlas"]


def test_intitle(press):
    assert titles("intitle:port") == ["Le port de Tanger Med bat un record"]


def test_filters_in_the_query_and_the_form(press):
    assert titles("port source:quotidien") == titles("port", outlet="quotidien")
    assert len(titles("port source:quotidien")) == 2
    assert titles("port source:nowhere") == []
    assert titles("port rubrique:economie") == ["Le port de Tanger Med bat un record"]
    assert titles("port", rubrique="economie") == ["Le port de Tanger Med bat un record"]
    assert titles("الحكومة lang:fr") == []
    assert len(titles("الحكومة", language="ar")) == 2


def test_date_filters(press):
    today = timezone.localdate()
    assert titles("port", period="7d") == ["Vague de froid dans le Moyen Atlas"]
    assert titles("port", period="30d") == ["Vague de froid dans le Moyen Atlas"]
    assert len(titles("port", start=today - timedelta(days=60))) == 2
    assert titles("port", end=today - timedelta(days=30)) == ["Le port de Tanger Med bat un record"]
    after = (today - timedelta(days=5)).isoformat()
    assert titles(f"port after:{after}") == ["Vague de froid dans le Moyen Atlas"]
    assert titles(f"port before:{after}") == ["Le port de Tanger Med bat un record"]


def test_filters_alone_list_the_newest(press):
    assert titles("source:sahifa") == [
        "افتتاح خط جديد للترامواي في الرباط",
        "الحكومة تعلن موعد الإنتخابات",
    ]
    assert len(titles("", language="fr")) == 3


def test_date_sort_is_newest_first(press):
    assert titles("port", sort="date") == [
        "Vague de froid dans le Moyen Atlas",
        "Le port de Tanger Med bat un record",
    ]


def test_relevance_prefers_titles(press):
    # Both mention the port; the one with it in its title comes first though it is older.
    assert titles("port")[0] == "Le port de Tanger Med bat un record"


def test_count(press):
    assert run_search("port", Filters()).total == 2
    assert run_search("le la de", Filters()).total == 0


def test_the_index_follows_the_articles(press):
    outlet = make_outlet(slug="autre")
    article = make_article(outlet, "Séisme à Al Haouz", text="Un séisme a frappé la région.")
    assert titles("séisme") == ["Séisme à Al Haouz"]
    article.title = "Tremblement de terre à Al Haouz"
    article.text = "La terre a tremblé."
    article.save()
    assert titles("séisme") == []
    assert titles("tremblement") == ["Tremblement de terre à Al Haouz"]
    article.delete()
    assert titles("tremblement") == []


def test_an_outlet_deleted_takes_its_articles_out(press):
    Article.objects.get(title__startswith="Vague").outlet.delete()
    assert titles("port") == []


def test_bulk_changes_are_indexed_on_request(press):
    Article.objects.filter(title__startswith="Vague").update(title="Canicule à Marrakech")
    assert titles("canicule") == []
    index_article_ids(Article.objects.values_list("pk", flat=True))
    assert titles("canicule") == ["Canicule à Marrakech"]


def test_same_second_articles_get_their_own_keys(press):
    outlet = make_outlet(slug="meme-seconde")
    moment = timezone.now().replace(microsecond=0)
    for number in range(3):
        make_article(outlet, f"Marathon de Rabat {number}", published_at=moment)
    assert len(titles("marathon")) == 3


def test_migration_makes_vectors_again_with_their_title_entries(press):
    """An index built before titles had entries of their own is made right by migration
    0004, without a reindex."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's vectors only")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_document SET vector = ''")
    assert titles("intitle:port") == []
    migration = import_module("depeches.search.migrations.0004_postgresql_title_entries")
    migration.make_vectors_again(None, SimpleNamespace(connection=connection))
    assert titles("intitle:port") == ["Le port de Tanger Med bat un record"]
    assert len(titles("port")) == 2
    assert titles("الانتخابات") == titles("انتخابات")


@pytest.mark.parametrize("query", ["port", "élections", "port -Agadir", '"port de Tanger"'])
def test_postgresql_finds_the_same_through_the_gin_index_as_through_the_key(
    press, monkeypatch, query
):
    """Rare terms are found through the GIN index, newest key ranges first; common ones by
    walking the key's index: both give the same matches, order and count."""
    from django.db import connection

    from depeches.search.backends import postgresql

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans only")
    walked = (titles(query), titles(query, sort="date"), run_search(query, Filters()).total)
    monkeypatch.setattr(postgresql, "WALK_ROWS", 0)
    monkeypatch.setattr(postgresql, "FIRST_WINDOW", 1e-9)
    windowed = (titles(query), titles(query, sort="date"), run_search(query, Filters()).total)
    assert windowed == walked
    assert walked[2] >= 1


@pytest.mark.parametrize(
    "query", ['"port de Tanger"', "port", "port -Agadir", "port lang:fr", "port rubrique:economie"]
)
def test_postgresql_windows_find_the_same_with_the_tsquery_out_of_the_planners_sight(
    press, monkeypatch, query
):
    """A window's tsquery given to the planner as a subquery's result (so that it ANDs the
    GIN index with the key range) finds what the tsquery as a constant finds."""
    from django.db import connection

    from depeches.search.backends import postgresql

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans only")
    monkeypatch.setattr(postgresql, "WALK_ROWS", 0)
    monkeypatch.setattr(postgresql, "FIRST_WINDOW", 1e-9)

    def found() -> tuple:
        return titles(query), titles(query, sort="date"), run_search(query, Filters()).total

    monkeypatch.setattr(postgresql.PostgresBackend, "_planned_window", lambda self, w: w)
    seen = found()
    monkeypatch.setattr(
        postgresql.PostgresBackend, "_planned_window", lambda self, w: w.with_text_unseen()
    )
    assert found() == seen
    assert seen[2] >= 1


@pytest.mark.parametrize("query", ["port", "port -Agadir", '"port de Tanger" OR Agadir'])
def test_postgresql_counts_on_from_the_newest_matches_ranked(press, monkeypatch, query):
    """With more matches than candidates, the count goes on below the oldest candidate
    through widening key windows, and comes to what counting every match gives."""
    from django.db import connection

    from depeches.search import engine
    from depeches.search.backends import postgresql

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans only")
    everything = run_search(query, Filters()).total
    monkeypatch.setattr(engine, "CANDIDATES", 1)
    monkeypatch.setattr(postgresql, "COUNT_MARGIN", 1e9)
    monkeypatch.setattr(postgresql, "WALK_ROWS", 0)
    monkeypatch.setattr(postgresql, "FIRST_WINDOW", 1e-9)
    assert run_search(query, Filters()).total == everything
    assert everything >= 1

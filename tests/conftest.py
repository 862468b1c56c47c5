"""Fixtures shared by the whole suite: corpora, stand-in outlets, isolated databases."""

from __future__ import annotations

import json
import os
import socket
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SHARED_CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session", autouse=True)
def plain_static_files():
    """Static files by their plain names in tests, as Django advises for manifest storages:
    the fingerprinted names exist only once collectstatic has run, which `depeches web` does
    before serving (tests/web/test_static.py checks that path)."""
    from django.conf import settings
    from django.test import override_settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        yield


@pytest.fixture(autouse=True)
def fresh_pages(settings):
    """Every test starts with an empty page cache and reads the content version afresh:
    test databases are rolled back, so version numbers (and cache keys) come round again."""
    from django.core.cache import cache

    from depeches.web.content_version import forget_version

    settings.DEPECHES_PAGE_FRESHNESS = 0
    cache.clear()
    forget_version()
    yield
    cache.clear()
    forget_version()


@pytest.fixture(autouse=True)
def fresh_story_window():
    """Every test starts with an empty clustering window: a window kept from an earlier test
    would hold articles its rolled-back database no longer has."""
    from depeches.stories.assign import forget_window

    forget_window()
    yield
    forget_window()


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"../shared/corpus is absent ({SHARED_CORPUS}): shared-corpus test skipped")
    return SHARED_CORPUS


SMALL_CORPUS = [
    {
        "id": "t-fr-1",
        "lang": "fr",
        "outlet": "Le Quotidien d'Essai",
        "title": "Le port de Tanger Med bat un record de trafic",
        "published": "2026-11-20T09:15:00+01:00",
        "category": "economie",
        "url": "https://quotidien.example/economie/port-record",
        "summary": "Le trafic de conteneurs a dépassé les prévisions.",
        "body": "Le trafic de conteneurs a dépassé les prévisions cette année.\n\n"
        "Les autorités portuaires attribuent cette hausse à de nouvelles lignes maritimes "
        "vers l'Afrique de l'Ouest et à l'extension des quais.\n\n"
        "Les opérateurs prévoient une croissance plus modérée l'an prochain.",
        "author": "Nadia Benali",
    },
    {
        "id": "t-fr-2",
        "lang": "fr",
        "outlet": "Le Quotidien d'Essai",
        "title": "Vague de froid attendue dans le Moyen Atlas",
        "published": "2026-11-21T18:00:00+01:00",
        "category": "meteo",
        "url": "https://quotidien.example/meteo/froid-atlas",
        "summary": "Des chutes de neige sont attendues au-dessus de 1 500 mètres.",
        "body": "Des chutes de neige sont attendues au-dessus de 1 500 mètres à partir de "
        "jeudi, selon les services météorologiques.\n\n"
        "Les habitants d'Ifrane et d'Azrou sont invités à la prudence sur les routes.",
        "author": None,
    },
    {
        "id": "t-ar-1",
        "lang": "ar",
        "outlet": "صحيفة التجربة",
        "title": "افتتاح خط جديد للترامواي في الرباط",
        "published": "2026-11-22T10:30:00+01:00",
        "category": "regions",
        "url": "https://tajriba.example/regions/tram",
        "summary": "دخل الخط الجديد حيز الخدمة صباح اليوم.",
        "body": "دخل الخط الجديد للترامواي حيز الخدمة صباح اليوم بعد أشهر من الأشغال.\n\n"
        "ويربط الخط الجديد وسط المدينة بالأحياء الجنوبية، ويتوقع أن ينقل آلاف الركاب يوميا.",
        "author": "سعيد العلوي",
    },
]


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "small.jsonl"
    path.write_text(
        "\n".join(json.dumps(article, ensure_ascii=False) for article in SMALL_CORPUS) + "\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def standin(small_corpus: Path):
    """Stand-in outlets serving the small corpus on free ports of 127.0.0.1."""
    from depeches.demo.corpus import load_corpus
    from depeches.demo.standin import StandinNetwork

    with StandinNetwork(load_corpus([small_corpus]).articles) as network:
        yield network


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def isolated_env(tmp_path: Path):
    """Environment for a `depeches` subprocess with a database of its own.

    On the SQLite half: a fresh data directory. On the PostgreSQL half: a database created
    for the test and dropped after it.
    """
    env = os.environ.copy()
    env["DEPECHES_DATA"] = str(tmp_path / "data")
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield env
        return
    import psycopg

    name = f"depeches_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""End to end over HTTP: the stand-in outlets' pictures downloaded, stored, attached, served."""

from __future__ import annotations

import json

import pytest

from depeches.articles.models import Article
from depeches.crawl.fetcher import Fetcher, FetchResult
from depeches.images.download import IMAGE_ACCEPT
from depeches.images.ingest import attach_images, rewrite_image_sources
from depeches.images.links import thumbnail_url
from depeches.images.models import Image
from depeches.images.pictures import phash_distance
from depeches.sources.models import Outlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def fetcher():
    with Fetcher("depeches-tests") as fetcher:
        yield fetcher


@pytest.fixture
def published(standin, fetcher) -> list[dict]:
    """Every article the stand-in outlets publish, as their ground truth describes it."""
    records = []
    for site in standin.sites:
        response = fetcher.get(site.url("/_standin/articles.json"))
        assert response.ok
        records += json.loads(response.content)
    return records


def stored_article(record: dict) -> Article:
    outlet, _ = Outlet.objects.get_or_create(
        name=record["outlet"], defaults={"slug": f"outlet-{Outlet.objects.count()}"}
    )
    return Article.objects.create(
        outlet=outlet, url=record["url"], canonical_url=record["url"], title=record["title"]
    )


def thumbnail_of(lead_url: str) -> str:
    """The outlet's own small copy of a lead picture (a CMS's scaled-down version)."""
    return lead_url.replace("/images/", "/images/thumbs/")


def test_stand_in_pictures_are_stored_attached_and_served(published, fetcher, media_root, client):
    def get(url: str) -> FetchResult:
        return fetcher.get(url, accept=IMAGE_ACCEPT)

    for record in published:
        article = stored_article(record)
        lead = record["image_url"]
        attached = attach_images(article, [(lead, record["title"], True)], get)
        assert attached.problems == [] and len(attached) == 1
        html = f'<p>{record["title"]}</p><figure><img src="{lead}"></figure>'
        rewritten = rewrite_image_sources(html, attached.served, base_url=record["url"])
        assert "127.0.0.1" not in rewritten and attached.served[lead] in rewritten

        response = client.get(attached.served[lead])
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content) == fetcher.get(lead).content

    images = list(Image.objects.all())
    assert len(images) == len(published)
    assert {(image.width, image.height) for image in images} == {(800, 450)}
    response = client.get(thumbnail_url(images[0]))
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    response.close()


def test_an_outlet_thumbnail_is_a_new_file_but_a_near_identical_picture(
    published, fetcher, media_root
):
    first, second = published[:2]
    article = stored_article(first)
    candidates = [
        (first["image_url"], "", True),
        (thumbnail_of(first["image_url"]), "", False),
        (second["image_url"], "", False),
    ]
    attached = attach_images(article, candidates, fetcher.get)
    lead, small_copy, other = (use.image for use in attached)
    assert lead.sha256 != small_copy.sha256 and (small_copy.width, small_copy.height) == (320, 180)
    assert phash_distance(lead.phash, small_copy.phash) <= 6
    assert phash_distance(lead.phash, other.phash) > 16


def test_the_same_stand_in_picture_twice_is_stored_once(published, fetcher, media_root):
    record = published[0]
    for number in range(2):
        article = stored_article(record | {"url": f"{record['url']}?copy={number}"})
        attach_images(article, [(record["image_url"], "", True)], fetcher.get)
    assert Image.objects.count() == 1 and Image.objects.get().uses.count() == 2

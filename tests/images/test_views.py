"""Serving stored pictures: headers, conditional requests, blocked and unknown pictures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from depeches.images.download import DownloadedImage, check_image
from depeches.images.links import original_url, thumbnail_url
from depeches.images.models import Image
from depeches.images.storage import store_image
from tests.images.samples import picture

pytestmark = pytest.mark.django_db

CONTENT = picture(size=(800, 450))


@pytest.fixture
def image(media_root) -> Image:
    downloaded = check_image(
        "https://outlet.example/a.jpg", CONTENT, max_bytes=10**7, max_pixels=10**8
    )
    assert isinstance(downloaded, DownloadedImage)
    return store_image(downloaded, downloaded.url)


@pytest.fixture
def client(client):
    """The test client, closing every response at the end (a WSGI server closes them; the test
    client leaves an unread file response open)."""
    responses = []
    get, head = client.get, client.head

    def closing(method):
        def request(*args, **kwargs):
            responses.append(method(*args, **kwargs))
            return responses[-1]

        return request

    client.get, client.head = closing(get), closing(head)
    yield client
    for response in responses:
        response.close()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def assert_cached_for_good(response) -> None:
    """Kept an hour, not for good: a blocked picture must stop showing within the hour even
    from a browser's cache; after that the browser asks again and gets a 304."""
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=3600"} <= cache_control
    assert "immutable" not in cache_control


def test_links_name_the_routes(image):
    assert original_url(image) == f"/images/{image.pk}/"
    assert thumbnail_url(image) == f"/images/{image.pk}/thumb.webp"
    assert reverse("images:original", args=[image.pk]) == original_url(image)


def test_the_original_is_served_with_its_type_etag_and_an_hours_cache(client, image):
    response = client.get(original_url(image))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["ETag"] == f'"{image.sha256}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert_cached_for_good(response)
    assert body(response) == CONTENT


def test_the_thumbnail_is_served_as_webp(client, image, media_root):
    response = client.get(thumbnail_url(image))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["ETag"] == f'"{image.sha256}.thumb"'
    assert_cached_for_good(response)
    assert body(response) == (media_root / image.thumbnail).read_bytes()


@pytest.mark.parametrize("url", [original_url, thumbnail_url])
def test_a_matching_if_none_match_gets_304(client, image, url):
    etag = client.get(url(image))["ETag"]
    response = client.get(url(image), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert_cached_for_good(response)
    assert response.content == b""


def test_another_etag_gets_the_picture(client, image):
    response = client.get(original_url(image), headers={"If-None-Match": '"something-else"'})
    assert response.status_code == 200 and body(response) == CONTENT


@pytest.mark.parametrize("url", [original_url, thumbnail_url])
def test_a_blocked_picture_is_gone_even_for_a_cached_copy(client, image, url):
    etag = client.get(url(image))["ETag"]
    Image.objects.filter(pk=image.pk).update(status=Image.Status.BLOCKED)
    for headers in ({}, {"If-None-Match": etag}):
        response = client.get(url(image), headers=headers)
        assert response.status_code == 410
        assert "no-store" in response["Cache-Control"]
        assert "ETag" not in response


def test_a_protected_picture_is_served(client, image):
    Image.objects.filter(pk=image.pk).update(status=Image.Status.PROTECTED)
    assert client.get(original_url(image)).status_code == 200


def test_an_unknown_picture_is_404(client, image):
    assert client.get(f"/images/{image.pk + 1}/").status_code == 404
    assert client.get(f"/images/{image.pk + 1}/thumb.webp").status_code == 404


def test_a_missing_file_is_404_not_an_error(client, image, media_root):
    (media_root / image.thumbnail).unlink()
    assert client.get(thumbnail_url(image)).status_code == 404
    assert client.get(original_url(image)).status_code == 200


def test_only_get_and_head_are_allowed(client, image):
    assert client.head(original_url(image)).status_code == 200
    assert client.post(original_url(image)).status_code == 405

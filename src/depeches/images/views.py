"""Serve stored pictures: the original and its thumbnail, cached for good, gone once blocked."""

from __future__ import annotations

import logging
from typing import BinaryIO

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from depeches.images.models import Image
from depeches.images.pictures import THUMBNAIL_CONTENT_TYPE
from depeches.images.storage import media_path

log = logging.getLogger("depeches.images")

# The bytes behind a URL never change (the URL names one content hash), so browsers and
# proxies may keep them a year without asking again.
ONE_YEAR = 365 * 24 * 3600


@require_safe
def original(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(Image, pk=pk)
    return serve_file(request, image, image.file, image.content_type, f'"{image.sha256}"')


@require_safe
def thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(Image, pk=pk)
    etag = f'"{image.sha256}.thumb"'
    return serve_file(request, image, image.thumbnail, THUMBNAIL_CONTENT_TYPE, etag)


def serve_file(
    request: HttpRequest, image: Image, relative_path: str, content_type: str, etag: str
) -> HttpResponse:
    if image.status == Image.Status.BLOCKED:
        return gone()
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = FileResponse(open_media(relative_path), content_type=content_type)
    if response.status_code in (200, 304):
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    return response


def open_media(relative_path: str) -> BinaryIO:
    if not relative_path:
        raise Http404("no such file")
    try:
        return media_path(relative_path).open("rb")
    except FileNotFoundError:
        # The row is there but the file is not (media restored without it): say so once.
        log.warning("image file missing under %s: %s", settings.MEDIA_ROOT, relative_path)
        raise Http404("no such file") from None


def gone() -> HttpResponse:
    """410 for a blocked picture; not cacheable, since a moderator may restore it."""
    response = HttpResponseGone(
        "Image retirée / صورة محذوفة", content_type="text/plain; charset=utf-8"
    )
    patch_cache_control(response, no_cache=True, no_store=True)
    return response

"""Download one picture and check it is a real raster image worth keeping.

The caller passes the crawler's polite `get` (robots.txt and per-host pacing are its business);
this module only decides what to keep. Every refusal is an `ImageProblem` with a stable reason
code: the fetcher's own codes (`timeout`, `http_not_found`, `body_too_large`...) or one of
`invalid_url`, `not_an_image`, `too_many_pixels`, `too_small`, `bad_image`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from depeches.crawl.fetcher import FetchResult, describe
from depeches.images.pictures import displayed_size, open_raster, pixel_cap, raster_format

# Smaller than this on either side: a tracking pixel, a spacer, an icon, not a news picture.
MIN_SIDE = 50

# What to send as Accept when fetching a picture (the fetcher's default asks for HTML).
IMAGE_ACCEPT = "image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.5"

Get = Callable[[str], FetchResult]


@dataclass(frozen=True)
class DownloadedImage:
    """A picture that passed every check, with what storage needs to know about it."""

    url: str
    content: bytes
    sha256: str
    content_type: str
    extension: str
    width: int
    height: int


@dataclass(frozen=True)
class ImageProblem:
    """Why a picture was not kept: a stable reason code and a detail for operators."""

    url: str
    code: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.code} {self.url}" + (f" ({self.detail})" if self.detail else "")


def download_image(
    get: Get, url: str, *, max_bytes: int | None = None, max_pixels: int | None = None
) -> DownloadedImage | ImageProblem:
    """Fetch `url` with `get` and check the bytes; limits default to the DEPECHES_IMAGE_*
    settings."""
    if urlsplit(url).scheme not in {"http", "https"}:
        return ImageProblem(url, "invalid_url", "not an http(s) URL")
    result = get(url)
    if not result.ok:
        code = result.error_code or f"http_{result.status}"
        return ImageProblem(url, code, result.error_detail)
    return check_image(
        url,
        result.content,
        max_bytes=settings.DEPECHES_IMAGE_MAX_BYTES if max_bytes is None else max_bytes,
        max_pixels=settings.DEPECHES_IMAGE_MAX_PIXELS if max_pixels is None else max_pixels,
    )


def check_image(
    url: str, content: bytes, *, max_bytes: int, max_pixels: int
) -> DownloadedImage | ImageProblem:
    """Bytes as a `DownloadedImage`, or the first reason not to keep them.

    The content type the server declared is ignored: outlets serve HTML error pages as
    image/jpeg and JPEGs as application/octet-stream. Pillow reads the bytes themselves.
    """
    if len(content) > max_bytes:
        return ImageProblem(url, "body_too_large", f"{len(content)} bytes > {max_bytes}")
    try:
        image = open_raster(content)
    except UnidentifiedImageError:
        return ImageProblem(url, "not_an_image", "not a JPEG, PNG, GIF or WebP picture")
    except Image.DecompressionBombError as error:
        return ImageProblem(url, "too_many_pixels", str(error))
    except (OSError, SyntaxError, ValueError) as error:
        return ImageProblem(url, "bad_image", describe(error))
    with image:
        return check_opened(url, content, image, max_pixels)


def check_opened(
    url: str, content: bytes, image: Image.Image, max_pixels: int
) -> DownloadedImage | ImageProblem:
    # The size comes from the header: a picture too large is refused before it is decoded.
    width, height = image.size
    cap = pixel_cap(max_pixels)
    if width * height > cap:
        return ImageProblem(url, "too_many_pixels", f"{width}x{height} > {cap} pixels")
    if min(width, height) < MIN_SIDE:
        return ImageProblem(url, "too_small", f"{width}x{height}")
    try:
        # Decoding the pixels is the one proof the file is whole (first frame of an animation).
        # A JPEG is decoded at 1/8 scale: every byte is still read, at a fraction of the cost.
        image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        return ImageProblem(url, "bad_image", describe(error))
    kind = raster_format(image)
    # Read after decoding: a PNG may keep its EXIF after the pixels. The size is the
    # header's (the draft decode is smaller).
    width, height = displayed_size(image, (width, height))
    return DownloadedImage(
        url=url,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        content_type=kind.content_type,
        extension=kind.extension,
        width=width,
        height=height,
    )

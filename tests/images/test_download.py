"""download_image: what is kept and every reason a picture is refused. No database."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from depeches.images.download import DownloadedImage, ImageProblem, check_image, download_image
from tests.images.samples import HTML_PAGE, SVG, fake_outlet, picture, png_header_only

URL = "https://outlet.example/uploads/photo.jpg"


def download(content: bytes, content_type: str = "image/jpeg", **limits):
    get, _asked = fake_outlet({URL: (content_type, content)})
    return download_image(get, URL, **limits)


def refusal(result: DownloadedImage | ImageProblem) -> str:
    assert isinstance(result, ImageProblem), result
    return result.code


def test_a_jpeg_is_kept_with_its_hash_and_size():
    content = picture(size=(800, 450))
    result = download(content)
    assert isinstance(result, DownloadedImage)
    assert result.sha256 == hashlib.sha256(content).hexdigest()
    assert (result.width, result.height) == (800, 450)
    assert (result.content_type, result.extension) == ("image/jpeg", "jpg")
    assert result.content == content and result.url == URL


@pytest.mark.parametrize(
    ("image_format", "content_type", "extension"),
    [("PNG", "image/png", "png"), ("GIF", "image/gif", "gif"), ("WEBP", "image/webp", "webp")],
)
def test_png_gif_and_webp_are_kept(image_format, content_type, extension):
    result = download(picture(image_format=image_format), "application/octet-stream")
    assert isinstance(result, DownloadedImage)
    assert (result.content_type, result.extension) == (content_type, extension)


def test_a_camera_multi_picture_jpeg_is_a_jpeg():
    second = Image.open(io.BytesIO(picture("b")))
    content = picture("a", image_format="MPO", save_all=True, append_images=[second])
    result = download(content)
    assert isinstance(result, DownloadedImage) and result.content_type == "image/jpeg"


def test_the_declared_content_type_is_not_believed():
    assert refusal(download(HTML_PAGE, "image/jpeg")) == "not_an_image"


def test_svg_is_refused():
    assert refusal(download(SVG, "image/svg+xml")) == "not_an_image"


@pytest.mark.parametrize("image_format", ["BMP", "TIFF", "ICO"])
def test_other_raster_formats_are_refused(image_format):
    assert refusal(download(picture(size=(200, 100), image_format=image_format))) == (
        "not_an_image"
    )


def test_a_truncated_jpeg_is_a_bad_image():
    content = picture(size=(800, 450))
    assert refusal(download(content[: len(content) // 2])) == "bad_image"


def test_a_tracking_pixel_is_too_small():
    assert refusal(download(picture(size=(1, 1), image_format="GIF"), "image/gif")) == "too_small"
    assert refusal(download(picture(size=(600, 40)))) == "too_small"


def test_more_bytes_than_the_setting_allows(settings):
    settings.DEPECHES_IMAGE_MAX_BYTES = 10_000
    assert refusal(download(picture(size=(800, 450)))) == "body_too_large"


def test_default_byte_cap_is_checked_before_parsing():
    assert refusal(download(b"\xff\xd8" + b"\0" * (5 * 1024 * 1024))) == "body_too_large"


def test_more_pixels_than_the_setting_allows(settings):
    settings.DEPECHES_IMAGE_MAX_PIXELS = 800 * 450 - 1
    assert refusal(download(picture(size=(800, 450)))) == "too_many_pixels"


@pytest.mark.parametrize("size", [(8000, 6000), (100_000, 100_000)])
def test_the_pixel_cap_is_checked_on_the_header_before_decoding(size):
    # No pixel data at all: decoding would fail as bad_image, so too_many_pixels shows the
    # header alone decided (the second size is past Pillow's own bomb limit).
    assert refusal(download(png_header_only(*size), "image/png")) == "too_many_pixels"


def test_explicit_limits_override_the_settings():
    content = picture(size=(800, 450))
    assert refusal(check_image(URL, content, max_bytes=100, max_pixels=10**9)) == "body_too_large"
    assert isinstance(check_image(URL, content, max_bytes=10**7, max_pixels=10**6), DownloadedImage)


def test_fetch_errors_keep_the_fetcher_reason_code():
    get, _asked = fake_outlet({URL: 404})
    assert refusal(download_image(get, URL)) == "http_not_found"
    get, _asked = fake_outlet({URL: ("image/jpeg", b"")})
    assert refusal(download_image(get, URL)) == "empty_body"


def test_a_url_that_is_not_http_is_not_fetched():
    get, asked = fake_outlet({})
    assert refusal(download_image(get, "data:image/gif;base64,R0lGODlhAQABAAAAACw=")) == (
        "invalid_url"
    )
    assert asked == []


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_no_setting_lifts_pillows_own_bomb_limit(settings):
    settings.DEPECHES_IMAGE_MAX_PIXELS = 10**12
    over_pillows_limit = (10_000, 10_000)  # 100 MP: Pillow only warns, depeches refuses
    assert refusal(download(png_header_only(*over_pillows_limit), "image/png")) == (
        "too_many_pixels"
    )

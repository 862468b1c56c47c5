"""Thumbnails and perceptual hashes, on bytes only: no network, no database."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from depeches.images.pictures import (
    THUMBNAIL_WIDTH,
    displayed_size,
    make_thumbnail,
    open_raster,
    perceptual_hash,
    phash_distance,
)
from tests.images.samples import encode, picture

EXIF_ORIENTATION = 0x0112


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def with_orientation(content: bytes, orientation: int) -> bytes:
    image = opened(content)
    exif = image.getexif()
    exif[EXIF_ORIENTATION] = orientation
    return encode(image, "JPEG", exif=exif.tobytes())


def test_thumbnail_is_webp_480_wide_with_the_ratio_kept():
    thumbnail = opened(make_thumbnail(picture(size=(1200, 675))))
    assert thumbnail.format == "WEBP"
    assert thumbnail.size == (THUMBNAIL_WIDTH, 270)


def test_a_small_picture_is_not_enlarged():
    assert opened(make_thumbnail(picture(size=(300, 200)))).size == (300, 200)


def test_thumbnail_follows_the_exif_orientation():
    # Orientation 6: stored landscape, shown portrait (a phone held upright).
    rotated = with_orientation(picture(size=(800, 600)), 6)
    assert displayed_size(open_raster(rotated)) == (600, 800)
    assert opened(make_thumbnail(rotated)).size == (THUMBNAIL_WIDTH, 640)


def logo(background: tuple[int, ...] = (0, 0, 0, 0)) -> Image.Image:
    """A red block on a transparent (or given) background."""
    image = Image.new("RGBA", (600, 300), background)
    image.paste((200, 30, 30, 255), (100, 50, 500, 250))
    return image


@pytest.mark.parametrize(
    ("image_format", "options"),
    [("PNG", {}), ("WEBP", {"lossless": True}), ("GIF", {"transparency": 0})],
)
def test_thumbnail_keeps_transparency(image_format, options):
    image = logo()
    if image_format == "GIF":  # a palette picture whose colour 0 is transparent
        image = Image.new("P", (600, 300), 0)
        image.putpalette([255, 255, 255, 200, 30, 30])
        image.paste(1, (100, 50, 500, 250))
    thumbnail = opened(make_thumbnail(encode(image, image_format, **options)))
    assert thumbnail.mode == "RGBA"
    assert thumbnail.getpixel((0, 0))[3] == 0
    assert thumbnail.getpixel((240, 120))[3] == 255


def test_a_transparent_logo_hashes_as_it_looks_on_a_white_page():
    transparent = perceptual_hash(encode(logo(), "PNG"))
    on_white = perceptual_hash(encode(logo((255, 255, 255, 255)), "PNG"))
    on_black = perceptual_hash(encode(logo((0, 0, 0, 255)), "PNG"))
    assert phash_distance(transparent, on_white) == 0
    assert phash_distance(transparent, on_black) > 6


@pytest.mark.parametrize("image_format", ["PNG", "GIF", "WEBP"])
def test_every_accepted_format_makes_a_thumbnail(image_format):
    thumbnail = opened(make_thumbnail(picture(size=(960, 540), image_format=image_format)))
    assert thumbnail.format == "WEBP" and thumbnail.width == THUMBNAIL_WIDTH


def test_phash_is_16_hex_digits():
    assert re.fullmatch(r"[0-9a-f]{16}", perceptual_hash(picture()))


def test_a_recompressed_and_resized_copy_hashes_near_the_original():
    original = picture("lead", size=(800, 450))
    copy = encode(opened(original).resize((400, 225)), "JPEG", quality=40)
    assert phash_distance(perceptual_hash(original), perceptual_hash(copy)) <= 6


def test_a_copy_rotated_by_exif_hashes_near_the_original():
    original = picture("lead", size=(800, 600))
    turned = opened(original).transpose(Image.Transpose.ROTATE_90)
    # Stored turned a quarter, with the EXIF tag that turns it back: the same picture on screen.
    copy = with_orientation(encode(turned, "JPEG"), 6)
    assert phash_distance(perceptual_hash(original), perceptual_hash(copy)) <= 6


def test_different_pictures_hash_far_apart():
    hashes = [perceptual_hash(picture(seed)) for seed in ("one", "two", "three")]
    assert all(
        phash_distance(first, second) > 16
        for position, first in enumerate(hashes)
        for second in hashes[position + 1 :]
    )


def test_phash_distance():
    assert phash_distance("0000000000000000", "0000000000000000") == 0
    assert phash_distance("0000000000000000", "000000000000000f") == 4
    assert phash_distance("0000000000000000", "ffffffffffffffff") == 64

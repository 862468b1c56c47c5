"""Plain functions over picture bytes: open them safely, thumbnail them, hash them.

No network, no database: the download and storage modules call these on bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import imagehash
from PIL import Image, ImageOps

THUMBNAIL_WIDTH = 480
# A very tall picture (an infographic) must not make a "thumbnail" of several thousand pixels.
THUMBNAIL_MAX_HEIGHT = 4 * THUMBNAIL_WIDTH
THUMBNAIL_QUALITY = 75
THUMBNAIL_CONTENT_TYPE = "image/webp"


@dataclass(frozen=True)
class RasterFormat:
    content_type: str
    extension: str


# What depeches accepts, by Pillow's format name. Only these decoders are ever tried, so
# formats with risky or heavyweight decoders (EPS runs Ghostscript, PSD, TIFF...) are refused
# before any parsing. MPO is how Pillow names the multi-picture JPEGs many cameras write.
RASTER_FORMATS = {
    "JPEG": RasterFormat("image/jpeg", "jpg"),
    "MPO": RasterFormat("image/jpeg", "jpg"),
    "PNG": RasterFormat("image/png", "png"),
    "GIF": RasterFormat("image/gif", "gif"),
    "WEBP": RasterFormat("image/webp", "webp"),
}
DECODERS = ["JPEG", "PNG", "GIF", "WEBP"]  # the JPEG decoder also opens MPO files

# EXIF orientations that turn the picture a quarter: width and height swap on screen.
QUARTER_TURNS = {5, 6, 7, 8}
EXIF_ORIENTATION = 0x0112


def open_raster(content: bytes) -> Image.Image:
    """The picture, lazily opened (header read, pixels not decoded yet).

    Raises PIL.UnidentifiedImageError for anything but the accepted formats, and
    PIL.Image.DecompressionBombError past twice Pillow's own pixel limit.
    """
    return Image.open(io.BytesIO(content), formats=DECODERS)


def pixel_cap(max_pixels: int) -> int:
    """The pixel cap actually applied: the setting, never above Pillow's bomb limit (where Pillow
    only warns, up to twice that limit), so that no setting switches Pillow's guard off."""
    return min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)


def raster_format(image: Image.Image) -> RasterFormat:
    return RASTER_FORMATS[image.format or ""]


def displayed_size(image: Image.Image) -> tuple[int, int]:
    """Width and height as a browser shows the picture, after its EXIF orientation."""
    width, height = image.size
    if image.getexif().get(EXIF_ORIENTATION) in QUARTER_TURNS:
        return height, width
    return width, height


def upright(content: bytes) -> Image.Image:
    """The decoded first frame, turned as its EXIF orientation says."""
    image = open_raster(content)
    image.load()
    return ImageOps.exif_transpose(image)


def make_thumbnail(content: bytes) -> bytes:
    """A WebP at most THUMBNAIL_WIDTH wide (never enlarged), ratio kept, transparency kept."""
    image = upright(content)
    image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_MAX_HEIGHT), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    # No exif= argument: the thumbnail carries no metadata (nor the camera's GPS position).
    image.save(output, format="WEBP", quality=THUMBNAIL_QUALITY)
    return output.getvalue()


def perceptual_hash(content: bytes) -> str:
    """imagehash.phash of the upright picture: 64 bits as 16 hex digits.

    Transparent areas are put on white first: their hidden colour (often black) is not what a
    reader sees, and would make two copies of one logo hash far apart.
    """
    image = upright(content)
    if image.has_transparency_data:
        background = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(background, image.convert("RGBA"))
    return str(imagehash.phash(image))


def phash_distance(first: str, second: str) -> int:
    """Hamming distance between two perceptual hashes: 0 is the same picture, 64 opposite."""
    return (int(first, 16) ^ int(second, 16)).bit_count()

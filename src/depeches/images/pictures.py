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
PHASH_DECODE_SIZE = 64
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


def displayed_size(image: Image.Image, stored: tuple[int, int] | None = None) -> tuple[int, int]:
    """Width and height as a browser shows the picture, after its EXIF orientation
    (`stored`: the size in the file, when the image was decoded at a smaller scale)."""
    width, height = stored or image.size
    if image.getexif().get(EXIF_ORIENTATION) in QUARTER_TURNS:
        return height, width
    return width, height


def upright(content: bytes, at_least: tuple[int, int] | None = None) -> Image.Image:
    """The decoded first frame, turned as its EXIF orientation says.

    With `at_least`, a JPEG is decoded at the smallest of 1/2, 1/4 or 1/8 scale that
    still covers that size (libjpeg's DCT scaling): a thumbnail or a hash of a large
    photo then costs a fraction of a full decode and of the resize after it."""
    image = open_raster(content)
    if at_least is not None:
        width, height = image.size
        if image.getexif().get(EXIF_ORIENTATION) in QUARTER_TURNS:
            at_least = (at_least[1], at_least[0])
        image.draft("RGB", fitting(at_least, (width, height)))
    image.load()
    return ImageOps.exif_transpose(image)


def fitting(box: tuple[int, int], size: tuple[int, int]) -> tuple[int, int]:
    """The size a picture of `size` takes when shrunk to fit `box`, ratio kept."""
    width, height = size
    scale = min(box[0] / width, box[1] / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def make_thumbnail(content: bytes) -> bytes:
    """A WebP at most THUMBNAIL_WIDTH wide (never enlarged), ratio kept, transparency kept."""
    image = upright(content, at_least=(THUMBNAIL_WIDTH, THUMBNAIL_MAX_HEIGHT))
    image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    # BICUBIC after the draft decode and thumbnail()'s box reduction: sharp enough for a
    # shrink of at most 2x, at about half of LANCZOS' cost.
    image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_MAX_HEIGHT), Image.Resampling.BICUBIC)
    output = io.BytesIO()
    # No exif= argument: the thumbnail carries no metadata (nor the camera's GPS position).
    # method=2: a third of the default effort's time for files about 8 % larger.
    image.save(output, format="WEBP", quality=THUMBNAIL_QUALITY, method=2)
    return output.getvalue()


def perceptual_hash(content: bytes) -> str:
    """imagehash.phash of the upright picture: 64 bits as 16 hex digits.

    Transparent areas are put on white first: their hidden colour (often black) is not what a
    reader sees, and would make two copies of one logo hash far apart.
    """
    # phash looks at a 32x32 reduction: an 1/8-scale decode gives the same hash, faster.
    image = upright(content, at_least=(PHASH_DECODE_SIZE, PHASH_DECODE_SIZE))
    if image.has_transparency_data:
        background = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(background, image.convert("RGBA"))
    return str(imagehash.phash(image))


def phash_distance(first: str, second: str) -> int:
    """Hamming distance between two perceptual hashes: 0 is the same picture, 64 opposite."""
    return (int(first, 16) ^ int(second, 16)).bit_count()

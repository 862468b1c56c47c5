"""Lead pictures for stand-in articles: abstract JPEGs drawn with Pillow, no text in them.

A picture depends only on its seed (the article id), so the same article always has the same
bytes, and perceptual hashing downstream sees distinct articles as distinct pictures. Drawing
one takes a few milliseconds, so the encoded bytes are kept in a small LRU cache.
"""

from __future__ import annotations

import io
import random
import threading
from collections import OrderedDict

from PIL import Image, ImageDraw

LEAD_SIZE = (800, 450)
THUMB_SIZE = (320, 180)


def draw_picture(seed: str, size: tuple[int, int] = LEAD_SIZE) -> bytes:
    """A JPEG of a vertical gradient with a few coloured shapes, all chosen by ``seed``."""
    rng = random.Random(f"standin-picture:{seed}")
    width, height = LEAD_SIZE
    image = _gradient(rng, width, height)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(4, 9)):
        _draw_shape(draw, rng, width, height)
    if size != LEAD_SIZE:
        # Thumbnails are the lead picture scaled down, as a CMS would make them.
        image = image.resize(size, Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=82)
    return output.getvalue()


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return rng.randrange(256), rng.randrange(256), rng.randrange(256)


def _gradient(rng: random.Random, width: int, height: int) -> Image.Image:
    top, bottom = _colour(rng), _colour(rng)
    column = Image.new("RGB", (1, height))
    column.putdata(
        [
            tuple(round(a + (b - a) * y / (height - 1)) for a, b in zip(top, bottom, strict=True))
            for y in range(height)
        ]
    )
    return column.resize((width, height))


def _draw_shape(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int) -> None:
    x0, y0 = rng.randrange(width), rng.randrange(height)
    x1, y1 = x0 + rng.randint(40, width // 2), y0 + rng.randint(40, height // 2)
    kind = rng.choice(("ellipse", "rectangle", "polygon"))
    fill = _colour(rng)
    if kind == "ellipse":
        draw.ellipse((x0, y0, x1, y1), fill=fill)
    elif kind == "rectangle":
        draw.rectangle((x0, y0, x1, y1), fill=fill)
    else:
        points = [(rng.randrange(width), rng.randrange(height)) for _ in range(3)]
        draw.polygon(points, fill=fill)


class PictureCache:
    """Encoded pictures by (seed, size), least recently used dropped beyond ``capacity``."""

    def __init__(self, capacity: int = 256) -> None:
        self._capacity = capacity
        self._pictures: OrderedDict[tuple[str, tuple[int, int]], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, seed: str, size: tuple[int, int] = LEAD_SIZE) -> bytes:
        key = (seed, size)
        with self._lock:
            if key in self._pictures:
                self._pictures.move_to_end(key)
                return self._pictures[key]
        picture = draw_picture(seed, size)  # drawn outside the lock: other requests go on
        with self._lock:
            self._pictures[key] = picture
            self._pictures.move_to_end(key)
            while len(self._pictures) > self._capacity:
                self._pictures.popitem(last=False)
        return picture

    def __len__(self) -> int:
        return len(self._pictures)

"""Pictures and HTTP stand-ins for the image tests: bytes made here, nothing from the network."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Mapping

import httpx
from PIL import Image

from depeches.crawl.fetcher import Fetcher, FetchResult
from depeches.demo.pictures import draw_picture


def picture(
    seed: str = "a", size: tuple[int, int] = (640, 360), image_format: str = "JPEG", **options
) -> bytes:
    """A stand-in news picture (gradient and shapes), at `size`, in `image_format`."""
    image = Image.open(io.BytesIO(draw_picture(seed, size)))
    return encode(image, image_format, **options)


def encode(image: Image.Image, image_format: str = "JPEG", **options) -> bytes:
    if image_format in {"JPEG", "MPO"} and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return output.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares `width` x `height` but holds no pixel data: only the header is
    readable, so a refusal for its size proves nothing was decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="800" height="450">'
    b'<rect width="800" height="450" fill="red"/></svg>'
)
HTML_PAGE = b"<!doctype html><html><body><h1>Page introuvable</h1></body></html>"

Route = tuple[str, bytes] | int


def fake_outlet(routes: Mapping[str, Route]) -> tuple[Callable[[str], FetchResult], list[str]]:
    """A `get` over the crawler's real Fetcher, answered by httpx.MockTransport from `routes`
    (URL → (content type, body), or a bare status), and the list of URLs it was asked for."""
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        route = routes.get(str(request.url), 404)
        if isinstance(route, int):
            return httpx.Response(route, text="nope")
        content_type, body = route
        return httpx.Response(200, headers={"Content-Type": content_type}, content=body)

    fetcher = Fetcher("depeches-tests", transport=httpx.MockTransport(answer))
    return fetcher.get, asked

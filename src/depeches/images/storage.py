"""Keep each picture once, by the sha256 of its bytes: files under MEDIA_ROOT and one Image row.

Files are named by content hash, so two workers storing one picture write identical bytes to
the same name; each file is written to a temporary name and renamed, so a crash never leaves
a half-written file under a final name. Files are written before the row: a row never points
to a missing file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from depeches.images.download import DownloadedImage
from depeches.images.models import Image
from depeches.images.moderation import block_if_like_a_blocked_image
from depeches.images.pictures import make_thumbnail, perceptual_hash

IMAGES_DIR = "images"


def original_path(sha256: str, extension: str) -> str:
    """Where the original goes, relative to MEDIA_ROOT: images/ab/cd/abcd….jpg."""
    return f"{IMAGES_DIR}/{sha256[:2]}/{sha256[2:4]}/{sha256}.{extension}"


def thumbnail_path(sha256: str) -> str:
    return f"{IMAGES_DIR}/{sha256[:2]}/{sha256[2:4]}/{sha256}.thumb.webp"


def media_path(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def store_image(downloaded: DownloadedImage, source_url: str) -> Image:
    """The Image row for these bytes, created with its files if they are new."""
    existing = Image.objects.filter(sha256=downloaded.sha256).first()
    if existing is not None:
        return existing
    image = Image(
        source_url=source_url,
        sha256=downloaded.sha256,
        phash=perceptual_hash(downloaded.content),
        width=downloaded.width,
        height=downloaded.height,
        content_type=downloaded.content_type,
        file=original_path(downloaded.sha256, downloaded.extension),
        thumbnail=thumbnail_path(downloaded.sha256),
    )
    write_atomically(media_path(image.file), downloaded.content)
    write_atomically(media_path(image.thumbnail), make_thumbnail(downloaded.content))
    stored = save_or_get_existing(image)
    if stored is image:  # new here: it may look like a picture readers had blocked
        block_if_like_a_blocked_image(stored)
    return stored


def save_or_get_existing(image: Image) -> Image:
    """Insert the row; if another worker inserted the same picture meanwhile, return theirs."""
    try:
        # A savepoint: on PostgreSQL a failed INSERT would otherwise spoil the caller's
        # transaction.
        with transaction.atomic():
            image.save(force_insert=True)
    except IntegrityError:
        return Image.objects.get(sha256=image.sha256)
    return image


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    Not Django's FileSystemStorage: it writes in place under the final name and picks another
    name when one exists, where a content-addressed store wants replace-or-keep.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            # Without fsync, a power cut after the rename can leave an empty file under the
            # final name on some file systems.
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the web server must read it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

"""store_image: one row and one set of files per picture, written atomically."""

from __future__ import annotations

import io
import os
import threading

import pytest
from django.db import connection, transaction
from PIL import Image as PillowImage

from depeches.images import storage
from depeches.images.download import DownloadedImage, check_image
from depeches.images.models import Image
from depeches.images.pictures import perceptual_hash
from depeches.images.storage import save_or_get_existing, store_image, write_atomically
from tests.images.samples import picture

pytestmark = pytest.mark.django_db


def downloaded(content: bytes, url: str = "https://outlet.example/a.jpg") -> DownloadedImage:
    result = check_image(url, content, max_bytes=10**7, max_pixels=10**8)
    assert isinstance(result, DownloadedImage)
    return result


def test_original_and_thumbnail_are_stored_under_the_content_hash(media_root):
    content = picture(size=(1000, 600))
    picture_ = downloaded(content)
    image = store_image(picture_, "https://outlet.example/a.jpg")
    sha = picture_.sha256
    assert image.file == f"images/{sha[:2]}/{sha[2:4]}/{sha}.jpg"
    assert image.thumbnail == f"images/{sha[:2]}/{sha[2:4]}/{sha}.thumb.webp"
    assert (media_root / image.file).read_bytes() == content
    with PillowImage.open(media_root / image.thumbnail) as thumbnail:
        assert thumbnail.format == "WEBP" and thumbnail.size == (480, 288)
    stored = Image.objects.get()
    assert (stored.sha256, stored.width, stored.height) == (sha, 1000, 600)
    assert stored.content_type == "image/jpeg" and stored.status == Image.Status.VISIBLE
    assert stored.phash == perceptual_hash(content) and len(stored.phash) == 16


def test_the_same_picture_from_two_urls_is_stored_once(media_root):
    content = picture()
    first = store_image(downloaded(content), "https://one.example/a.jpg")
    second = store_image(
        downloaded(content, "https://two.example/b.jpg"), "https://two.example/b.jpg"
    )
    assert first.pk == second.pk and Image.objects.count() == 1
    assert second.source_url == "https://one.example/a.jpg"
    assert sorted(path.name for path in media_root.rglob("*") if path.is_file()) == sorted(
        [f"{first.sha256}.jpg", f"{first.sha256}.thumb.webp"]
    )


def test_a_row_inserted_meanwhile_by_another_worker_is_returned(media_root):
    content = picture()
    theirs = store_image(downloaded(content), "https://one.example/a.jpg")
    mine = Image(sha256=theirs.sha256, source_url="https://two.example/b.jpg", file=theirs.file)
    with transaction.atomic():
        assert save_or_get_existing(mine).pk == theirs.pk
        # The failed INSERT was rolled back to its savepoint: the transaction goes on.
        assert Image.objects.count() == 1


def test_a_picture_stored_while_another_worker_stores_it(media_root, monkeypatch):
    """The other worker's row appears between our lookup and our insert."""
    content = picture()
    theirs = downloaded(content, "https://one.example/a.jpg")
    real_save = save_or_get_existing

    def their_insert_first(image: Image) -> Image:
        Image.objects.create(sha256=theirs.sha256, source_url=theirs.url, file=image.file)
        return real_save(image)

    monkeypatch.setattr(storage, "save_or_get_existing", their_insert_first)
    stored = store_image(
        downloaded(content, "https://two.example/b.jpg"), "https://two.example/b.jpg"
    )
    assert stored.source_url == "https://one.example/a.jpg" and Image.objects.count() == 1


def test_transparent_png_is_kept_as_png(media_root):
    logo = PillowImage.new("RGBA", (300, 120), (0, 0, 0, 0))
    logo.paste((10, 120, 200, 255), (20, 20, 280, 100))
    output = io.BytesIO()
    logo.save(output, format="PNG")
    image = store_image(downloaded(output.getvalue()), "https://outlet.example/logo.png")
    assert image.file.endswith(".png") and image.content_type == "image/png"
    with PillowImage.open(media_root / image.thumbnail) as thumbnail:
        assert thumbnail.mode == "RGBA"


def test_written_files_are_readable_and_no_temporary_file_remains(tmp_path):
    target = tmp_path / "a" / "b" / "file.bin"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)
    assert [path.name for path in target.parent.iterdir()] == ["file.bin"]


def test_a_failed_write_leaves_nothing_under_the_final_name(tmp_path, monkeypatch):
    target = tmp_path / "file.bin"

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"content")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_storing_one_picture_at_once_get_one_row(media_root):
    if connection.vendor == "sqlite":
        # The SQLite test database is in memory with a shared cache, where concurrent writers
        # fail at once ("table is locked") instead of waiting as on the real WAL file; the race
        # itself is covered above by test_a_picture_stored_while_another_worker_stores_it.
        pytest.skip("two concurrent writers need PostgreSQL (or a file database)")
    content = picture()
    start = threading.Barrier(2)
    results: list[Image] = []

    def worker(url: str) -> None:
        try:
            start.wait()
            results.append(store_image(downloaded(content, url), url))
        finally:
            connection.close()  # each thread has its own connection

    threads = [
        threading.Thread(target=worker, args=(f"https://outlet{n}.example/a.jpg",)) for n in (1, 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and results[0].pk == results[1].pk
    assert Image.objects.count() == 1

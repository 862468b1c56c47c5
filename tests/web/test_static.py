"""Static files as `depeches web` serves them: collectstatic with whitenoise's manifest
storage (fingerprinted names, gzip and brotli copies), cached for good by browsers.

The rest of the suite uses Django's plain storage (tests/conftest.py); this test runs the
production path on a STATIC_ROOT of its own."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client

from tests.web.conftest import html_of, one

pytestmark = pytest.mark.django_db

MANIFEST = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


def test_pages_link_fingerprinted_compressed_static_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST}
    # Not the admin's files (most of the time it would take): the site's own are the point.
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])

    client = Client()  # its middleware (WhiteNoise) starts now, after collectstatic
    page = html_of(client.get("/"))
    stylesheet = one(page, "link[rel=stylesheet]").get("href")
    scripts = [script.get("src") for script in page.cssselect("script[src]")]
    assert re.fullmatch(r"/static/web/site\.[0-9a-f]{12}\.css", stylesheet)
    assert [re.sub(r"\.[0-9a-f]{12}\.js$", ".js", src) for src in scripts] == [
        "/static/web/fresh.js",
        "/static/web/report.js",
    ]
    on_disk = settings.STATIC_ROOT / stylesheet.removeprefix("/static/")
    assert on_disk.with_name(on_disk.name + ".gz").exists()

    response = client.get(stylesheet, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    response.close()


def test_stylesheet_is_small_and_uses_logical_properties():
    from pathlib import Path

    import depeches.web

    css = (Path(depeches.web.__file__).parent / "static" / "web" / "site.css").read_text()
    assert len(css.encode()) < 12_000
    # Mirrored for Arabic by the browser: no physical left/right anywhere.
    assert not re.search(r"(margin|padding|border)-(left|right)|\b(left|right)\s*:", css)
    assert "Noto Sans Tifinagh" in css
    assert "@import" not in css and "url(" not in css

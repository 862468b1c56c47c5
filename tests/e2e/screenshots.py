"""Take the README's screenshots (docs/screenshots/*.png) from a running `depeches demo`.

    .venv/bin/python -m tests.e2e.screenshots [--out docs/screenshots]

Starts a demo of its own (a temporary data directory, SQLite, a free port), waits until it
lists enough articles, and saves with Debian's Chromium:
  home.png        the home page in French, 1280 px wide;
  article-fr.png  a French article with its picture, attribution and text;
  article-ar.png  an Arabic article (right to left) in the Arabic interface;
  phone.png       the home page at 360 px, as on a phone;
  story.png       the full coverage of the home page's top story;
  gallery.png     the image gallery, each picture with its report control.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.conftest import REPO, free_port
from tests.e2e.harness import chromium_missing, headlines, launch_chromium, running_demo

OUT = REPO / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 1000}
PHONE = {"width": 360, "height": 740}


def article_with_picture(demo, language: str) -> str:
    """The most recent article in `language` from the headline strip that has a lead picture
    (every demo article has one once it is crawled)."""
    links = headlines(httpx.get(demo.url, timeout=10).text)
    for link in [path for path, lang in links if lang == language]:
        if 'class="picture lead"' in httpx.get(demo.page(link), timeout=10).text:
            return link
    raise SystemExit(f"no {language} article with a picture in the demo")


def top_story(demo, seconds: float = 120) -> str:
    """The full-coverage page the home page's first "couvert par N médias" leads to (the
    crawler clusters articles as they arrive: the first stories take a moment)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        match = re.search(r'href="(/story/\d+/)"', httpx.get(demo.url, timeout=10).text)
        if match:
            return demo.page(match.group(1))
        time.sleep(2)
    raise SystemExit("no story covered by several outlets on the demo's home page")


def shoot(browser, url: str, path: Path, viewport: dict, language: str, scale: float = 1) -> None:
    context = browser.new_context(viewport=viewport, device_scale_factor=scale, locale="fr-FR")
    context.add_cookies([{"name": "django_language", "value": language, "url": url}])
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    # Lazy thumbnails below the fold are not in the picture: only the viewport is taken.
    page.screenshot(path=str(path), full_page=False)
    context.close()
    print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {url}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    args = parser.parse_args(argv)
    reason = chromium_missing()
    if reason:
        print(f"screenshots: {reason}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="depeches-screenshots-") as tmp:
        env = {**os.environ, "DEPECHES_DATA": str(Path(tmp) / "data")}
        env.pop("DATABASE_URL", None)
        with running_demo(env, free_port(), Path(tmp) / "logs", publish_every=2) as demo:
            demo.wait_for_articles(30)
            story = top_story(demo)
            french = demo.page(article_with_picture(demo, "fr"))
            arabic = demo.page(article_with_picture(demo, "ar"))
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                shoot(browser, demo.url, args.out / "home.png", DESKTOP, "fr")
                shoot(browser, french, args.out / "article-fr.png", DESKTOP, "fr")
                shoot(browser, arabic, args.out / "article-ar.png", DESKTOP, "ar")
                shoot(browser, demo.url, args.out / "phone.png", PHONE, "fr", scale=2)
                shoot(browser, story, args.out / "story.png", DESKTOP, "fr")
                shoot(browser, demo.page("/images/"), args.out / "gallery.png", DESKTOP, "fr")
                browser.close()
        if demo.errors:
            print("\n".join(demo.errors), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

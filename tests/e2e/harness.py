"""What the browser tests and the screenshot script share: Debian's Chromium, launched as this
machine allows, and a real `depeches demo` in a subprocess."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import lxml.html

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's own browser download cannot work here: Debian's chromium is launched instead.
# Without the background-networking flags the browser calls home, and the closed network
# refuses it noisily.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

ARTICLE_LINK = re.compile(r'href="(/article/\d+/)"')


def headlines(html: str) -> list[tuple[str, str]]:
    """(path, language) of each article in a page's headline strip."""
    found = []
    for item in lxml.html.fromstring(html).cssselect("#headlines li[data-article-id]"):
        link, title = item.cssselect("a")[0], item.cssselect(".title")[0]
        found.append((link.get("href"), title.get("lang")))
    return found


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is absent (make test installs Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@dataclass
class Demo:
    """A running `depeches demo`: its site's URL, its process and its log files."""

    url: str
    process: subprocess.Popen
    log_dir: Path
    errors: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        return urlsplit(self.url).port

    def page(self, path: str) -> str:
        return self.url.rstrip("/") + path

    def stderr(self) -> str:
        return (self.log_dir / "demo.err").read_text(encoding="utf-8", errors="replace")

    def article_links(self) -> list[str]:
        assert self.process.poll() is None, f"the demo stopped:\n{self.stderr()[-3000:]}"
        try:
            html = httpx.get(self.url, timeout=5).text
        except httpx.TransportError:
            return []
        return list(dict.fromkeys(ARTICLE_LINK.findall(html)))

    def wait_for_articles(self, count: int = 10, seconds: float = 120) -> list[str]:
        """The home page's article links, once it lists at least `count` articles."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            links = self.article_links()
            if len(links) >= count:
                return links
            time.sleep(0.25)
        log = self.stderr()[-3000:]
        raise AssertionError(f"the demo listed fewer than {count} articles:\n{log}")


@contextmanager
def running_demo(
    env: dict[str, str], port: int, log_dir: Path, publish_every: float = 3
) -> Iterator[Demo]:
    """`depeches demo` on 127.0.0.1:port with `env` (its own data directory or database),
    stopped with Ctrl-C at the end; its output goes to files (a pipe nobody reads would fill
    and stall it)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "depeches", "demo", "--port", str(port)]
    command += ["--publish-every", str(publish_every)]
    with (log_dir / "demo.out").open("w") as out, (log_dir / "demo.err").open("w") as err:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
    demo = Demo(f"http://127.0.0.1:{port}/", process, log_dir)
    try:
        yield demo
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            demo.errors.append("the demo did not stop within 30 s of Ctrl-C")
        if process.returncode != 0:
            demo.errors.append(f"the demo exited with {process.returncode}")
        if "Traceback" in demo.stderr():
            demo.errors.append("the demo logged a traceback")

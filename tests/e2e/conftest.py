"""Browser fixtures: Debian's Chromium driven by Playwright, against one real `depeches demo`
per test module.

Every page a test opens records what it asks for and what it logs; when the test ends, any
request that left 127.0.0.1, any error response, any console error (a CSP violation is one)
or uncaught script error fails it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from tests import conftest as suite
from tests.e2e.harness import Demo, chromium_missing, launch_chromium, running_demo


@pytest.fixture(scope="session")
def browser():
    reason = chromium_missing()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def demo(browser, tmp_path_factory) -> Demo:
    """`depeches demo` with a new article every 3 s, on its own database: the suite's
    `isolated_env` (a data directory of its own; on the PostgreSQL half, a database created
    for it and dropped after), shared by the browser tests (starting one takes a while).
    It believes X-Forwarded-For from 127.0.0.1, so that tests can be readers at several
    addresses."""
    tmp = tmp_path_factory.mktemp("e2e")
    isolated_env = contextmanager(suite.isolated_env.__wrapped__)
    with isolated_env(tmp) as env:
        # Each stand-in is polled at least every 5 s (the demo's ceiling is 30 s), and pages
        # of one outlet are fetched 0.2 s apart: new articles reach the site within seconds.
        # One web process (4 threads) is plenty for one browser and starts twice as fast on
        # a busy machine.
        env = {
            **env,
            "DEPECHES_FEED_MAX_INTERVAL": "5",
            "DEPECHES_HOST_DELAY": "0.2",
            "DEPECHES_WEB_WORKERS": "1",
            "DEPECHES_TRUSTED_PROXIES": "127.0.0.1",
        }
        with running_demo(env, suite.free_port(), tmp / "logs") as site:
            site.wait_for_articles(12)
            yield site
    assert not site.errors, "\n".join(site.errors) + "\n" + site.stderr()[-5000:]


class Reader:
    """One browser tab on the demo, with what it requested and what went wrong in it."""

    def __init__(self, context, demo: Demo):
        self.context = context
        self.demo = demo
        self.page = context.new_page()
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._failed)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def _failed(self, request) -> None:
        # ERR_ABORTED: cancelled because the page went elsewhere (a click), not a failure.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed ({request.failure}): {request.url}")

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text} at {message.location}")

    def goto(self, path: str):
        response = self.page.goto(self.demo.page(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return response

    def outside_requests(self) -> list[str]:
        """Requests the page made anywhere but 127.0.0.1 (data: and blob: URLs aside)."""
        outside = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
                outside.append(url)
        return outside

    def check(self) -> None:
        assert not self.outside_requests(), self.outside_requests()
        assert not self.problems, self.problems


@pytest.fixture
def open_reader(browser, demo) -> Callable[..., Reader]:
    """Open a tab in a fresh browser profile: `open_reader(language="ar", width=360)`."""
    readers: list[Reader] = []

    def open_(
        language: str | None = None,
        width: int = 1280,
        height: int = 900,
        address: str | None = None,
    ) -> Reader:
        """`address`: the reader's own address, as a reverse proxy would forward it."""
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="fr-FR",
            service_workers="block",
            extra_http_headers={"X-Forwarded-For": address} if address else None,
        )
        if language:
            context.add_cookies([{"name": "django_language", "value": language, "url": demo.url}])
        reader = Reader(context, demo)
        readers.append(reader)
        return reader

    try:
        yield open_
        for reader in readers:
            reader.check()
    finally:
        for reader in readers:
            reader.context.close()


@pytest.fixture
def reader(open_reader) -> Reader:
    """A French-speaking reader on a desktop screen."""
    return open_reader()

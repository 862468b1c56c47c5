"""`depeches demo` as a newcomer runs it: stand-ins, crawl and site in one command."""

import re
import signal
import subprocess
import sys
import time

import httpx

from tests.conftest import free_port

ATTRIBUTION = re.compile(r"Publié dans .+ le \d\d - \d\d - \d{4}")


def wait_for_articles(home: str, process: subprocess.Popen, seconds: float = 120) -> list[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            links = re.findall(r'href="(/article/\d+/)"', httpx.get(home, timeout=5).text)
        except httpx.TransportError:
            links = []
        if len(links) >= 10:
            return links
        time.sleep(0.5)
    raise AssertionError("the demo showed no articles")


def test_demo_serves_crawled_articles_with_attribution(isolated_env):
    port = free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "depeches", "demo", "--port", str(port), "--publish-every", "2"],
        env=isolated_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        home = f"http://127.0.0.1:{port}/"
        links = wait_for_articles(home, demo)
        page = httpx.get(home.rstrip("/") + links[0], timeout=5).text
        attribution = re.search(r'<p class="attribution">(.*?)</p>', page, re.S).group(1)
        assert ATTRIBUTION.search(re.sub(r"<[^>]+>", "", attribution)), attribution
        assert "Cliquez ici pour lire l'article depuis sa source" in page
        source = re.search(r'<p class="source"><a href="([^"]+)"', page).group(1)
        assert source.startswith("http://127.0.0.1:")
        assert httpx.get(source, timeout=5).status_code == 200
    finally:
        demo.send_signal(signal.SIGINT)
        _out, err = demo.communicate(timeout=30)
    assert demo.returncode == 0, err
    assert "Traceback" not in err

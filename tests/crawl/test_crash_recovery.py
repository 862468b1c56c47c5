"""Nothing lost, nothing twice: a crawl worker killed with SIGKILL at any moment and
started again ends with exactly the outlets' articles, each stored once."""

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from depeches.demo.corpus import load_corpus
from depeches.demo.standin import StandinNetwork

DEMO_CORPUS = Path(__file__).resolve().parents[2] / "src/depeches/demo/corpus/demo.jsonl"

REGISTER = """
import json
from types import SimpleNamespace
from depeches.demo.following import follow_sites
follow_sites([SimpleNamespace(**site) for site in json.loads({sites!r})], request_delay=0.0)
"""
DUMP = """
import json
from depeches.articles.models import Article
print(json.dumps(list(Article.objects.values_list("url", flat=True))))
"""


def depeches(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "depeches", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        **kwargs,
    )


@pytest.fixture
def slow_outlets():
    articles = load_corpus([DEMO_CORPUS]).articles
    # A little latency on every answer, so that kills land in the middle of the work.
    with StandinNetwork(articles, faults="*:latency=0.02") as network:
        yield network


def test_sigkill_at_random_moments_loses_nothing_and_stores_nothing_twice(
    slow_outlets, isolated_env
):
    env = isolated_env | {"DEPECHES_FEED_MIN_INTERVAL": "1", "DEPECHES_FEED_MAX_INTERVAL": "1"}
    depeches(env, "migrate")
    sites = [
        {key: getattr(site, key) for key in ("slug", "name", "home_url", "language", "feed_url")}
        for site in slow_outlets.sites
    ]
    depeches(env, "shell", "--no-imports", "-c", REGISTER.format(sites=json.dumps(sites)))
    chance = random.Random(20261128)
    for _ in range(5):
        worker = subprocess.Popen(
            [sys.executable, "-m", "depeches", "crawl"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.3, 2.0))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    depeches(env, "crawl", "--until-idle")

    stored = json.loads(depeches(env, "shell", "--no-imports", "-c", DUMP).stdout)
    expected = [
        item["url"]
        for site in slow_outlets.sites
        for item in httpx.get(f"{site.home_url}_standin/articles.json").json()
    ]
    assert len(stored) == len(set(stored)), "an article was stored twice"
    assert sorted(stored) == sorted(expected)

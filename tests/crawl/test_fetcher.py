import gzip

import httpx

from depeches.crawl.fetcher import Fetcher, parse_retry_after


def fetcher_for(handler, **options) -> Fetcher:
    return Fetcher("depeches-test", transport=httpx.MockTransport(handler), **options)


def test_user_agent_and_conditional_headers_are_sent():
    seen = {}

    def handler(request):
        seen.update(request.headers)
        return httpx.Response(304)

    result = fetcher_for(handler).get("https://o.test/feed", etag='"v1"', last_modified="x")
    assert result.not_modified and not result.error_code
    assert seen["user-agent"] == "depeches-test"
    assert (seen["if-none-match"], seen["if-modified-since"]) == ('"v1"', "x")


def test_redirects_are_followed_only_where_allowed():
    def handler(request):
        if request.url.path == "/a":
            return httpx.Response(301, headers={"Location": "/b"})
        if request.url.path == "/b":
            return httpx.Response(302, headers={"Location": "https://other.test/private"})
        return httpx.Response(200, text="secret")

    fetcher = fetcher_for(handler)
    assert fetcher.get("https://o.test/a").content == b"secret"
    blocked = fetcher.get("https://o.test/a", allowed=lambda url: "private" not in url)
    assert blocked.error_code == "robots_disallowed" and blocked.content == b""


def test_more_than_five_redirects_is_an_error():
    def handler(request):
        hop = int(request.url.params.get("n", "0"))
        return httpx.Response(302, headers={"Location": f"/loop?n={hop + 1}"})

    assert fetcher_for(handler).get("https://o.test/loop").error_code == "too_many_redirects"


def test_the_size_cap_holds_on_the_decompressed_body():
    bomb = gzip.compress(b"a" * 5_000_000)

    def handler(request):
        return httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})

    result = fetcher_for(handler, max_bytes=1_000_000).get("https://o.test/bomb")
    assert len(bomb) < 1_000_000 and result.error_code == "body_too_large"


def test_status_codes_become_reasons_with_retry_after():
    def handler(request):
        return httpx.Response(429, headers={"Retry-After": "120"})

    result = fetcher_for(handler).get("https://o.test/feed")
    assert (result.error_code, result.retry_after) == ("too_many_requests", 120.0)
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None


def test_network_failures_become_reasons():
    def handler(request):
        raise httpx.ConnectError("refused")

    assert fetcher_for(handler).get("https://o.test/").error_code == "connection_error"

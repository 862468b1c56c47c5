import pytest

from depeches.articles.canonical import canonical_url, without_tracking


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("https://www.Site.ma/a/b?utm_source=x&utm_medium=y", "https://www.site.ma/a/b"),
        ("https://site.ma/a/b/", "https://site.ma/a/b"),
        ("https://site.ma/a/b#xtor=RSS-1", "https://site.ma/a/b"),
        ("https://site.ma/a/b?xtor=RSS-1&id=3", "https://site.ma/a/b?id=3"),
        ("https://site.ma:443/a/b?fbclid=abc&gclid=d", "https://site.ma/a/b"),
        ("http://site.ma:8080/a", "http://site.ma:8080/a"),
        ("https://site.ma/a/b/amp/", "https://site.ma/a/b"),
        ("https://site.ma/amp/a/b", "https://site.ma/a/b"),
        ("https://site.ma/a/b.amp.html", "https://site.ma/a/b.html"),
        ("https://site.ma/?b=2&a=1", "https://site.ma/?a=1&b=2"),
        ("https://site.ma", "https://site.ma/"),
    ],
)
def test_variants_share_one_canonical_url(variant, canonical):
    assert canonical_url(variant) == canonical


def test_path_case_is_kept():
    assert canonical_url("https://site.ma/Article/ABC") == "https://site.ma/Article/ABC"


def test_the_link_back_keeps_the_outlets_spelling_without_tracking():
    assert (
        without_tracking("https://Site.ma/A/b/?id=3&utm_source=rss#xtor=RSS-1")
        == "https://Site.ma/A/b/?id=3"
    )

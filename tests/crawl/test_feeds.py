from depeches.crawl.feeds import parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Essai</title><link>https://essai.example/</link>
<language>fr</language>
<item><title>Premier &amp; titre</title><link>/politique/a</link><guid>g-1</guid>
<pubDate>Fri, 20 Nov 2026 08:00:00 +0100</pubDate><category>Politique</category>
<enclosure url="/img/a.jpg" type="image/jpeg" length="10"/>
<description>&lt;p&gt;R\xc3\xa9sum\xc3\xa9 &lt;script&gt;x&lt;/script&gt;&lt;/p&gt;
</description></item>
<item><title>Sans date</title><link>https://essai.example/b</link></item>
</channel></rss>"""


def test_rss_entries_become_plain_values():
    feed = parse_feed(RSS, "https://essai.example/feed/")
    assert (feed.format, feed.title, feed.language, feed.error_code) == ("rss", "Essai", "fr", "")
    first, second = feed.entries
    assert first.title == "Premier & titre"
    assert first.link == "https://essai.example/politique/a"
    assert first.guid == "g-1" and first.categories == ["Politique"]
    assert first.published.isoformat() == "2026-11-20T07:00:00+00:00"
    assert first.image_url == "https://essai.example/img/a.jpg"
    assert first.summary == "Résumé"
    assert second.published is None and second.guid == "https://essai.example/b"


def test_a_broken_feed_keeps_what_can_be_read():
    broken = RSS.replace(b"</channel></rss>", b"<item><title>x & y</title>")
    feed = parse_feed(broken, "https://essai.example/feed/")
    assert feed.error_code == "malformed_feed" and feed.error_detail
    assert [entry.title for entry in feed.entries][:2] == ["Premier & titre", "Sans date"]


def test_an_html_page_is_not_a_feed():
    feed = parse_feed(b"<html><body><p>Bonjour</p></body></html>", "https://essai.example/")
    assert feed.error_code == "not_a_feed" and feed.entries == []

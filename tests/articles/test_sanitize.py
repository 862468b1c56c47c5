from depeches.articles.sanitize import clean_html, html_to_text, paragraphs_to_html


def test_scripts_handlers_and_unsafe_urls_are_removed():
    dirty = (
        '<p onclick="x()">Texte <script>alert(1)</script><a href="javascript:x()">a</a>'
        '<a href="https://ok.ma/">b</a><img src="data:image/png;base64,AAAA"><iframe></iframe></p>'
    )
    clean = clean_html(dirty)
    for banned in ("script", "onclick", "javascript:", "data:", "iframe", "alert"):
        assert banned not in clean
    assert 'href="https://ok.ma/"' in clean and 'rel="noopener nofollow"' in clean


def test_html_to_text_unescapes_and_folds_spaces():
    assert html_to_text("<p>L&#39;été   à <b>Rabat</b></p><p>suite</p>") == "L'été à Rabat\nsuite"
    assert html_to_text("<script>alert(1)</script>ok") == "ok"


def test_paragraphs_are_escaped():
    assert paragraphs_to_html("a <b>\n\nc") == "<p>a &lt;b&gt;</p>\n<p>c</p>"

"""Article extraction: an outlet's page into title, text, sanitised HTML, date, author, images.

`extract_article` is a plain function over a string: it needs no Django settings and no
database, so the crawler, the benchmarks and `depeches extract` call it directly.

The page is parsed once with lxml. Metadata is read from that tree (JSON-LD, OpenGraph and
other meta tags, the headline, <time> elements, dates printed on the page). Then the outlet's
`remove` selectors and the furniture trafilatura lets through on French and Arabic outlets
("Lire aussi" / "اقرأ أيضا" blocks, share bars, cookie banners...) are cut out of the same
tree, which trafilatura turns into a structured body once. Text, HTML and images all come
from that one body, so they always say the same thing.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from configparser import ConfigParser
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError
from lxml.html import Element as html_element
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.metadata import extract_title as trafilatura_title
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.utils import image_src, load_html
from trafilatura.xml import xmltotxt

from depeches.articles.dates import ParsedDate, fold, parse_date_value
from depeches.articles.language import detect_language
from depeches.articles.sanitize import clean_html, normalize_text

log = logging.getLogger(__name__)

# trafilatura swaps an extraction shorter than 250 characters for a dump of the whole page;
# a two-paragraph dispatch is real news, so its own body is kept from 80 characters on.
TRAFILATURA_CONFIG = ConfigParser()
TRAFILATURA_CONFIG.read_dict({"DEFAULT": dict(DEFAULT_CONFIG["DEFAULT"])})
TRAFILATURA_CONFIG["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "80"

# ---- metadata sources, most trusted first
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")
ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|LiveBlog", re.IGNORECASE)
PUBLISHER_TYPES = {"Organization", "NewsMediaOrganization", "WebSite", "Corporation"}
DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publish-date",
    "publish_date",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
)
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
IMAGE_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
DESCRIPTION_META = ("og:description", "description", "twitter:description", "dc.description")
LANGUAGE_PREFIXES = {"fr": "fr", "ar": "ar", "en": "en", "zgh": "zgh", "ber": "zgh", "tzm": "zgh"}
SITE_NAME_WORDS = 4  # "Hespress FR", "Le Monde.fr": an outlet's name is short...
SITE_NAME_EXTRA = 8  # ...and says little besides it ("fr", "info", "24")
# Host labels that say nothing about an outlet's name.
GENERIC_HOST_LABELS = {"www", "com", "net", "org", "info", "news", "amp"}

# ---- page furniture: class or id words (split on "-", "_" and spaces) and word pairs
FURNITURE_WORDS = {
    "share", "sharing", "sharer", "social", "partage", "partager", "related", "readalso",
    "lireaussi", "alire", "voiraussi", "mostread", "pluslus", "comment", "comments",
    "commentaire", "commentaires", "cookie", "cookies", "consent", "rgpd", "gdpr",
    "newsletter", "breadcrumb", "breadcrumbs",
}  # fmt: skip
FURNITURE_PAIRS = {"read also", "lire aussi", "a lire", "voir aussi", "most read", "plus lus"}
FURNITURE_PAIRS |= {"fil ariane"}
KEEP_TAGS = {"html", "body", "main", "article"}
# "Lire aussi : <another article>" and its kin, as `fold` writes them (no accents, no hamza).
READ_ALSO = re.compile(
    r"^\W*(?:lire aussi|lire egalement|a lire (?:aussi|egalement)|a lire\s*:|voir aussi"
    r"|a voir aussi|lire la suite|lisez aussi|sur le meme sujet|read also|read more\s*:"
    r"|see also|اقرا ايضا|اقرا كذلك|اقرا المزيد|شاهد ايضا|طالع ايضا|مواضيع ذات صلة"
    r"|اخبار ذات صلة|ذات صلة)"
)
# Text nodes worth folding and matching against READ_ALSO; plain contains() runs in C.
READ_ALSO_HINT = etree.XPath(
    "//body//text()[contains(., 'ire') or contains(., 'IRE') or contains(., 'oir')"
    " or contains(., 'OIR') or contains(., 'isez') or contains(., 'ujet') or contains(., 'ead')"
    " or contains(., 'EAD') or contains(., 'ee a') or contains(., 'قر') or contains(., 'صلة')"
    " or contains(., 'شاهد') or contains(., 'طالع')]"
)
# How such a line can start before folding: a cheap test before the costly fold.
READ_ALSO_START = re.compile(
    r"^\W*(?:lire|voir|[àa] (?:lire|voir)|lisez|sur le m|read|see|[اإأ]قر|شاهد|طالع|مواضيع"
    r"|[اأ]خبار|ذات)",
    re.IGNORECASE,
)
MAX_READ_ALSO_CHARS = 300  # a line of links, not a paragraph of the article
LABEL_CHARS = 40  # "À lire aussi" alone: a label for the list of links after it
INLINE_TAGS = {"a", "b", "strong", "em", "i", "span", "font", "u", "small", "label"}
# A short "Orange avec AFP, publié le lundi 18 avril 2016 à 10h30" line at either end.
DATELINE_WORDS = re.compile(r"publie|mis en ligne|mis a jour|modifie|نشر|تحديث|published|updated")
MAX_DATELINE_WORDS = 14
DISTINCTIVE_NAME = 12  # characters: "image.jpg" may be any picture, "fb02a06_x.jpg" is one
HEADLINE_BLOCKS = 3  # the headline, when trafilatura keeps it, comes after a kicker at most
# Pictures that are page chrome, not the article's: by their file name.
CHROME_IMAGE = re.compile(r"logo|icon|avatar|pixel|spacer|blank|placeholder|sprite", re.I)

# ---- dates and authors printed on the page
PUBLISHED_HINT = re.compile(r"publi|poste|mis en ligne|نشر|بتاريخ|posted", re.IGNORECASE)
UPDATED = re.compile(r"mis a jour|modifie|actualise|update|تحديث|تعديل")
DATE_NAME = re.compile(r"date|time|publi|meta|byline|info", re.IGNORECASE)
MAX_DATE_TEXT = 200
AUTHOR_NAME = re.compile(r"(?:^|[\s_-])(?:author|byline|auteur|signature|writer)(?:$|[\s_-])", re.I)
AUTHOR_PREFIX = re.compile(
    r"^(?:par|by|auteur|ecrit par|écrit par|rédigé par|redige par|بقلم|كتب|كتبه|إعداد)\s*:?\s+",
    re.IGNORECASE,
)
AUTHOR_END = re.compile(r"\s+(?:le|publié|on|نشر في|\||-|–)\s+|,\s*(?:publié|le)\s")
MAX_AUTHOR_CHARS = 100
MAX_AUTHOR_WORDS = 8
BODY_TEXTS = etree.XPath("//body//text()")
ARTICLE_SCOPE = etree.XPath("//article | //*[contains(@itemtype, 'Article')] | //main")

# ---- decoding
HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)""", re.I)
# WHATWG: pages labelled Latin-1 or ASCII are decoded as windows-1252, a superset of both.
LATIN_1_CODECS = {"latin-1", "ascii", "iso8859-1", "cp1252"}
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def empty_article() -> dict[str, Any]:
    return {
        "title": "",
        "text": "",
        "html": "",
        "date": None,
        "author": "",
        "image": "",
        "images": [],
        "language": "",
        "canonical": "",
        "description": "",
    }


# --------------------------------------------------------------------------- decoding


def decode_html(data: bytes, declared: str = "") -> str:
    """A page's bytes as text: BOM, then the declared (HTTP) charset, then <meta charset>,
    then charset-normalizer's guess, then UTF-8 with replacement characters.

    A charset the bytes cannot be decoded with is a wrong label and is passed over.
    """
    if not data:
        return ""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    for charset in (codec_name(declared), meta_charset(data)):
        if charset and (text := decode_strictly(data, charset)) is not None:
            return text
    return decode_by_detection(data)


def codec_name(label: str) -> str:
    """Python's codec for a charset label, "" when unknown."""
    label = (label or "").strip().strip("\"'").lower()
    if not label:
        return ""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ""
    return "cp1252" if name in LATIN_1_CODECS else name


def meta_charset(data: bytes) -> str:
    """The charset a page's <meta> declares in its first kilobytes."""
    match = HTML_CHARSET.search(data[:8192])
    name = codec_name(match.group(1).decode("ascii", "ignore")) if match else ""
    # A <meta> readable as ASCII cannot sit in a UTF-16 page: the label is wrong.
    return "utf-8" if name.startswith("utf-16") else name


def decode_strictly(data: bytes, charset: str) -> str | None:
    if charset == "cp1252" and is_non_ascii_utf8(data):
        # Servers label pages Latin-1 by default far more often than windows-1252 text
        # happens to be valid UTF-8: such a page is UTF-8.
        return data.decode("utf-8")
    try:
        return data.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None


def is_non_ascii_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def decode_by_detection(data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported late: only unlabelled pages need it

    best = from_bytes(data).best()
    return data.decode(best.encoding if best is not None else "utf-8", errors="replace")


# --------------------------------------------------------------------------- the page


@dataclass
class Page:
    """What a page's head and structured data say, read once."""

    tree: HtmlElement
    url: str
    meta: dict[str, str]
    article: dict[str, Any]  # the JSON-LD object of the article, {} when none
    base: str = ""
    canonical: str = ""
    site_names: list[str] = field(default_factory=list)
    language_hint: str = ""
    headlines: list[str] = field(default_factory=list)

    def meta_value(self, *keys: str) -> str:
        return next((self.meta[key] for key in keys if self.meta.get(key)), "")

    def absolute(self, link: Any) -> str:
        """An absolute http(s) URL, or "" for data:, javascript: and what is not a link."""
        link = link.strip() if isinstance(link, str) else ""
        if not link:
            return ""
        try:
            absolute = urljoin(self.base, link)
            scheme = urlsplit(absolute).scheme
        except ValueError:
            return ""
        return absolute if scheme in {"http", "https"} else ""


def read_page(tree: HtmlElement, url: str) -> Page:
    objects = json_ld_objects(tree)
    article = next((obj for obj in objects if ARTICLE_TYPES.search(type_of(obj))), {})
    page = Page(tree=tree, url=url, meta=meta_tags(tree), article=article, base=url)
    canonical = link_href(tree, "canonical") or page.meta.get("og:url", "")
    # <base href> is relative to the page's URL; without either, the canonical URL serves.
    page.base = page.absolute(base_href(tree)) or url or page.absolute(canonical)
    page.canonical = page.absolute(canonical)
    page.site_names = site_names(page, objects)
    page.language_hint = language_hint(tree, page.meta, article)
    page.headlines = main_headlines(tree)
    return page


def meta_tags(tree: HtmlElement) -> dict[str, str]:
    """<meta> content by lower-cased property, name or itemprop; the first one wins."""
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            tags.setdefault(key.strip().lower(), content.strip())
    return tags


def json_ld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, with @graph members and list items flattened."""
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the meta tags still speak
        objects.extend(flatten_json_ld(data))
    return objects


def flatten_json_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from flatten_json_ld(item)
    elif isinstance(data, dict):
        yield data
        yield from flatten_json_ld(data.get("@graph"))


def type_of(obj: dict[str, Any]) -> str:
    kind = obj.get("@type", "")
    return " ".join(map(str, kind)) if isinstance(kind, list) else str(kind)


def json_text(value: Any) -> str:
    """A JSON-LD value as one clean line: a string, the first of a list, an object's name."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return one_line(unescape(value)) if isinstance(value, str) else ""


def link_href(tree: HtmlElement, rel: str) -> str:
    for element in tree.iter("link"):
        if rel in (element.get("rel") or "").lower().split() and element.get("href"):
            return element.get("href", "")
    return ""


def base_href(tree: HtmlElement) -> str:
    base = next(tree.iter("base"), None)
    return base.get("href", "") if base is not None else ""


def site_names(page: Page, objects: list[dict[str, Any]]) -> list[str]:
    """The outlet's names: og:site_name, JSON-LD publisher, application-name."""
    names = [page.meta_value("og:site_name"), page.meta_value("application-name")]
    names.append(json_text(page.article.get("publisher")))
    names += [json_text(obj.get("name")) for obj in objects if type_of(obj) in PUBLISHER_TYPES]
    return [name for name in dict.fromkeys(names) if name]


def host_labels(url: str) -> list[str]:
    """Labels of a host name that can name an outlet: "fr.hespress.com" -> ["hespress"]."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return []
    labels = host.split(".")
    return [label for label in labels if len(label) > 3 and label not in GENERIC_HOST_LABELS]


def language_hint(tree: HtmlElement, meta: dict[str, str], article: dict[str, Any]) -> str:
    """The language the page declares (<html lang>, og:locale, inLanguage), as fr/ar/en/zgh."""
    for declared in (
        tree.get("lang"),
        meta.get("og:locale"),
        json_text(article.get("inLanguage")),
        meta.get("content-language"),
    ):
        prefix = re.split(r"[-_]", (declared or "").strip().lower())[0]
        if prefix in LANGUAGE_PREFIXES:
            return LANGUAGE_PREFIXES[prefix]
    return ""


def main_headlines(tree: HtmlElement) -> list[str]:
    """Texts of the page's <h1>s, the article's own first (itemprop, inside <article>)."""
    ranked = []
    for position, h1 in enumerate(tree.iter("h1")):
        if text := one_line(h1.text_content()):
            own = h1.get("itemprop") == "headline" or inside(h1, "article")
            ranked.append((not own, position, text))
    return [text for *_, text in sorted(ranked)]


def inside(element: HtmlElement, tag: str) -> bool:
    return next(element.iterancestors(tag), None) is not None


def one_line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


# --------------------------------------------------------------------------- outlet rules


@dataclass
class Rules:
    """An outlet's CSS rules, compiled; an invalid or absent selector is None."""

    body: CSSSelector | None = None
    title: CSSSelector | None = None
    date: CSSSelector | None = None
    remove: list[CSSSelector] = field(default_factory=list)


def compile_rules(rules: Any) -> Rules:
    if not isinstance(rules, dict):
        return Rules()
    remove = rules.get("remove") or []
    if isinstance(remove, str):
        remove = [remove]
    if not isinstance(remove, list):
        remove = []
    return Rules(
        body=selector(rules.get("body")),
        title=selector(rules.get("title")),
        date=selector(rules.get("date")),
        remove=[rule for css in remove if (rule := selector(css)) is not None],
    )


def selector(css: Any) -> CSSSelector | None:
    return compiled_selector(css.strip()) if isinstance(css, str) and css.strip() else None


@lru_cache(maxsize=1024)  # outlets' rules repeat on every page of theirs
def compiled_selector(css: str) -> CSSSelector | None:
    try:
        return CSSSelector(css, translator="html")
    except (SelectorError, etree.XPathError, ValueError, TypeError):
        log.info("ignoring an invalid outlet CSS selector: %r", css)
        return None


def matches(rule: CSSSelector | None, tree: HtmlElement) -> list[HtmlElement]:
    if rule is None:
        return []
    try:
        return rule(tree)
    except (etree.XPathError, ValueError):
        return []


def first_match(rule: CSSSelector | None, tree: HtmlElement) -> HtmlElement | None:
    return next(iter(matches(rule, tree)), None)


# --------------------------------------------------------------------------- title


def choose_title(page: Page, rules: Rules) -> str:
    """The headline, without the outlet's name glued to it the <title> way.

    og:title comes first: it is the headline the outlet shows when shared, where JSON-LD
    often carries a search-engine variant (measured in bench/extraction.py). trafilatura's
    title and <title> are the last resort.
    """
    ruled = first_match(rules.title, page.tree)
    sources = [
        one_line(ruled.text_content()) if ruled is not None else "",
        one_line(unescape(page.meta_value("og:title"))),
        json_text(page.article.get("headline")) or json_text(page.article.get("name")),
        *page.headlines[:1],
        one_line(unescape(page.meta_value("twitter:title"))),
    ]
    names = page.site_names + host_labels(page.url or page.canonical)
    tag = title_tag(page.tree)
    title = best_title([source for source in sources if source], names, tag)
    if not title:
        fallbacks = [one_line(trafilatura_title(page.tree) or ""), tag]
        title = best_title([source for source in fallbacks if source], names, tag)
    return title


def best_title(sources: list[str], names: list[str], tag: str) -> str:
    """The first source that is still a headline once the outlet's name is stripped."""
    confirmations = set(sources) | {tag}
    for source in prefer_complete(sources):
        title = strip_site_name(source, names, confirmations - {source})
        if title and not is_site_name(title, names):
            return title
    return ""


def title_tag(tree: HtmlElement) -> str:
    element = next(tree.iter("title"), None)
    return one_line(element.text_content()) if element is not None else ""


def prefer_complete(sources: list[str]) -> list[str]:
    """Sources in order, except that a truncated one ("…") gives way to its full version."""
    complete = []
    for source in sources:
        stem = source.rstrip(".… ")
        if stem != source and any(other.startswith(stem) and other != source for other in sources):
            continue
        complete.append(source)
    return complete


def strip_site_name(title: str, names: list[str], confirmations: set[str]) -> str:
    """Drop a leading or trailing " | Hespress"-like segment naming the outlet, or any such
    segment when another source (h1, og:title...) confirms the shorter title."""
    stripped = True
    while stripped:
        stripped = False
        for separator in (separator for separator in TITLE_SEPARATORS if separator in title):
            head, tail = title.rsplit(separator, 1)
            if is_site_name(tail, names) or head.strip() in confirmations:
                title, stripped = head.strip(), True
                break
            head, tail = title.split(separator, 1)
            if is_site_name(head, names) or tail.strip() in confirmations:
                title, stripped = tail.strip(), True
                break
    return title


def is_site_name(text: str, names: list[str]) -> bool:
    """Whether `text` names the outlet: one of its names, or a few words that are little
    more than one of them ("Le Monde.fr", "Hespress FR")."""
    key = name_key(text)
    if not key:
        return False
    keys = [name_key(name) for name in names]
    if key in keys:
        return True
    few_words = len(text.split()) <= SITE_NAME_WORDS
    return few_words and any(
        len(name) >= 4 and name in key and len(key) - len(name) <= SITE_NAME_EXTRA for name in keys
    )


def name_key(text: str) -> str:
    """Letters and digits only, lower case, no accents: "Médias24" and "medias24" meet."""
    return "".join(char for char in fold(text) if char.isalnum())


# --------------------------------------------------------------------------- date


def choose_date(page: Page, rules: Rules, now: datetime) -> ParsedDate | None:
    """The first date that reads and is not in the future, from the most trusted source on."""
    for text in date_candidates(page, rules):
        parsed = parse_date_value(text)
        if parsed is not None and not parsed.is_future(now):
            return parsed
    return htmldate_date(page, now)


def date_candidates(page: Page, rules: Rules) -> Iterator[str]:
    """Date texts in order of trust, made lazily: most pages stop at JSON-LD or meta."""
    ruled = first_match(rules.date, page.tree)
    if ruled is not None:
        yield from element_date_texts(ruled)
    for key in ("datePublished", "dateCreated"):
        yield json_text(page.article.get(key))
    for key in DATE_META:
        yield page.meta.get(key, "")
    for element in page.tree.xpath("//body//*[@itemprop='datePublished']"):
        if not in_comments(element):  # comments carry their own datePublished
            yield from element_date_texts(element)
    yield from time_elements(page.tree)
    yield from visible_dates(page.tree)


def element_date_texts(element: HtmlElement) -> Iterator[str]:
    yield element.get("datetime", "")
    yield element.get("content", "")
    yield element.text_content()[:MAX_DATE_TEXT]


def time_elements(tree: HtmlElement) -> Iterator[str]:
    """<time datetime> values: the article's first, then the page's, "updated" ones last;
    never those of comments."""
    times = [
        element
        for element in tree.iter("time")
        if element.get("datetime") and not in_comments(element)
    ]
    updated = [element for element in times if UPDATED.search(fold(names_of(element)))]
    published = [element for element in times if element not in updated]
    in_article = [element for element in published if inside(element, "article")]
    elsewhere = [element for element in published if element not in in_article]
    for element in in_article + elsewhere + updated:
        yield element.get("datetime", "")


def in_comments(element: HtmlElement) -> bool:
    return any("comment" in names_of(ancestor).lower() for ancestor in element.iterancestors())


def names_of(element: HtmlElement) -> str:
    """An element's class, id and itemprop, for the words they hold."""
    return f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')}"


def visible_dates(tree: HtmlElement) -> Iterator[str]:
    """Dates printed on the page: next to "Publié le"/"نشر في" first, then in date-like
    elements (class or id "date", "time", "meta"...), skipping "Mis à jour" ones."""
    for text in BODY_TEXTS(tree):
        if PUBLISHED_HINT.search(text):
            parent = text.getparent()
            yield (parent.text_content() if parent is not None else text)[:MAX_DATE_TEXT]
    body = next(tree.iter("body"), None)
    for element in body.iter(etree.Element) if body is not None else ():
        if DATE_NAME.search(names_of(element)) and not in_comments(element):
            shown = element.text_content()[:MAX_DATE_TEXT]
            if not UPDATED.search(fold(shown)):
                yield shown


def htmldate_date(page: Page, now: datetime) -> ParsedDate | None:
    """trafilatura's own date finder (htmldate), the last resort: a day, from anywhere.

    Its extensive search is left off: it costs seconds per page when it wakes dateparser,
    and the dates printed on the page were searched above already.
    """
    from htmldate import find_date

    try:
        found = find_date(
            page.tree,
            url=page.url or None,
            original_date=True,
            extensive_search=False,
            max_date=now.date().isoformat(),
        )
    except Exception as error:  # htmldate has edge cases of its own, and a date is optional
        log.debug("htmldate failed on %s: %s", page.url, error)
        return None
    parsed = parse_date_value(found or "")
    return parsed if parsed is not None and not parsed.is_future(now) else None


# --------------------------------------------------------------------------- author, image


def choose_author(page: Page) -> str:
    for candidate in author_candidates(page):
        if author := clean_author(candidate, page.site_names):
            return author
    return ""


def author_candidates(page: Page) -> Iterator[str]:
    authors = page.article.get("author")
    if not isinstance(authors, list):
        authors = [authors]
    names = [json_text(author) for author in authors if not is_organization(author, page)]
    yield ", ".join(name for name in names if name)
    for key in AUTHOR_META:
        yield page.meta.get(key, "")
    body = next(page.tree.iter("body"), None)
    for element in body.iter(etree.Element) if body is not None else ():
        if is_byline(element):
            yield element.text_content()


def is_byline(element: HtmlElement) -> bool:
    """rel/itemprop "author", or a class naming the author, outside the comments."""
    marked = element.get("rel") == "author" or element.get("itemprop") == "author"
    named = marked or bool(AUTHOR_NAME.search(element.get("class") or ""))
    return named and not in_comments(element)


def is_organization(author: Any, page: Page) -> bool:
    """An outlet signing as its own author says nothing about who wrote the article."""
    return isinstance(author, dict) and is_site_name(json_text(author), page.site_names)


def clean_author(text: str, names: list[str]) -> str:
    """ "Par Nadia Benali, publié le 20 novembre" -> "Nadia Benali"; "" for what is no name."""
    text = one_line(text)
    if not text or "://" in text or len(text) > MAX_AUTHOR_CHARS:
        return ""
    text = AUTHOR_PREFIX.sub("", text, count=1)
    text = AUTHOR_END.split(text, maxsplit=1)[0].strip(" ,:|-–")
    if not looks_like_a_name(text) or is_site_name(text, names):
        return ""
    return text


def looks_like_a_name(text: str) -> bool:
    """Two to eight words without digits ("Nadia Benali"), or an agency's acronym ("MAP");
    a lone word is a rubrique, "admin" or "Rédaction" far more often than a byline."""
    words = text.split()
    if any(char.isdigit() for char in text):
        return False
    if len(words) == 1:
        return text.isupper() and 2 <= len(text) <= 6
    return len(words) <= MAX_AUTHOR_WORDS


def choose_image(page: Page) -> str:
    """The lead image: OpenGraph/Twitter, JSON-LD, <link rel="image_src">, or the article's
    first <figure> picture."""
    for key in IMAGE_META:
        if image := page.absolute(page.meta.get(key)):
            return image
    image = page.article.get("image") or page.article.get("thumbnailUrl")
    if isinstance(image, list):
        image = image[0] if image else ""
    if isinstance(image, dict):
        image = image.get("url") or image.get("contentUrl")
    return (
        page.absolute(image)
        or page.absolute(link_href(page.tree, "image_src"))
        or figure_image(page)
    )


def figure_image(page: Page) -> str:
    scope = next(iter(ARTICLE_SCOPE(page.tree)), page.tree)
    for image in scope.iterfind(".//figure//img"):
        if src := page.absolute(image_src(image)):
            return src
    return ""


# --------------------------------------------------------------------------- boilerplate


def prune_boilerplate(tree: HtmlElement, rules: Rules) -> None:
    """Cut out the outlet's `remove` selectors, page furniture and "Lire aussi" blocks."""
    for rule in rules.remove:
        for element in matches(rule, tree):
            drop(element)
    body = next(tree.iter("body"), None)
    if body is None:
        return
    body_chars = len(body.text_content())
    furniture = [
        element
        for element in body.iter(etree.Element)
        if is_furniture_name(element.get("class") or "")
        or is_furniture_name(element.get("id") or "")
    ]
    for element in furniture:
        if may_drop(element, body_chars):
            drop(element)
    for text in READ_ALSO_HINT(tree):
        if is_read_also(text.strip()):
            drop_read_also(text.getparent())


@lru_cache(maxsize=8192)  # class names repeat on every page of an outlet
def is_furniture_name(name: str) -> bool:
    words = name.lower().replace("_", " ").replace("-", " ").split()
    pairs = (f"{first} {second}" for first, second in zip(words, words[1:], strict=False))
    return any(word in FURNITURE_WORDS for word in words) or any(
        pair in FURNITURE_PAIRS for pair in pairs
    )


def may_drop(element: HtmlElement, body_chars: int) -> bool:
    """A class name is a hint, not a proof: the article itself is never page furniture."""
    if element.tag in KEEP_TAGS or element.find(".//h1") is not None:
        return False
    return len(element.text_content()) < body_chars / 2


def drop_read_also(element: HtmlElement | None) -> None:
    """Drop the block of a "Lire aussi" phrase, and the link list its label introduces."""
    while element is not None and element.tag in INLINE_TAGS:
        element = element.getparent()
    if element is None or element.tag in KEEP_TAGS:
        return
    text = one_line(element.text_content())
    if not is_read_also(text):
        return
    following = element.getnext()
    if len(text) < LABEL_CHARS and following is not None and is_link_list(following):
        drop(following)
    drop(element)


def is_read_also(text: str) -> bool:
    """A "Lire aussi : …" / "اقرأ أيضا: …" line (short: a paragraph is never one)."""
    short = len(text) <= MAX_READ_ALSO_CHARS
    return short and bool(READ_ALSO_START.match(text)) and bool(READ_ALSO.match(fold(text)))


def is_link_list(element: HtmlElement) -> bool:
    return element.tag in {"ul", "ol", "div"} and element.find(".//a") is not None


def drop(element: HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()  # keeps the tail text, which belongs to the parent


# --------------------------------------------------------------------------- body


@dataclass
class Body:
    text: str = ""
    html: str = ""
    images: list[dict[str, str]] = field(default_factory=list)


def extract_body(page: Page, rules: Rules, title: str, lead_image: str) -> Body:
    """The main text from trafilatura's structured body: as text, sanitised HTML, images."""
    ruled = first_match(rules.body, page.tree)
    root = page.tree if ruled is None else page_of(ruled)
    captions = image_captions(root, page)
    structured = structured_body(root, page)
    if structured is None and ruled is not None:
        structured = structured_body(page.tree, page)  # the rule matched an empty element
    if structured is None:
        return Body()
    drop_repeated_blocks(structured, title)
    images = body_images(structured, page, lead_image, captions)
    html = body_html(deepcopy(structured), images)
    for graphic in list(structured.iter("graphic")):
        remove_keeping_tail(graphic)
    text = "\n\n".join(xmltotxt(structured, False).split("\n"))
    return Body(text=normalize_text(text), html=html, images=images)


def page_of(element: HtmlElement) -> HtmlElement:
    """A page holding only a copy of `element`: what an outlet's `body` rule points at."""
    root = html_element("html")
    body = etree.SubElement(root, "body")
    body.append(deepcopy(element))
    return root


def structured_body(root: HtmlElement, page: Page) -> etree._Element | None:
    """trafilatura's XML of the main text (p, head, list, quote, table, graphic...)."""
    document = trafilatura.bare_extraction(
        root,
        url=page.base or None,
        include_comments=False,
        include_images=True,
        include_formatting=True,
        include_links=False,
        with_metadata=False,
        config=TRAFILATURA_CONFIG,
    )
    return None if document is None else document.body


def drop_repeated_blocks(body: etree._Element, title: str) -> None:
    """Remove what trafilatura kept but is not the article's text: the headline, "Lire
    aussi" lines, and a "publié le…" dateline at either end."""
    blocks = [element for element in body if one_line("".join(element.itertext()))]
    title_key = name_key(title)
    for position, element in enumerate(blocks):
        text = one_line("".join(element.itertext()))
        at_an_end = position < 2 or position == len(blocks) - 1
        if position < HEADLINE_BLOCKS and element.tag == "head" and name_key(text) == title_key:
            remove_keeping_tail(element)
        elif is_read_also(text):
            following = element.getnext()
            if len(text) < LABEL_CHARS and following is not None and following.tag == "list":
                remove_keeping_tail(following)
            remove_keeping_tail(element)
        elif at_an_end and is_dateline(text):
            remove_keeping_tail(element)
        elif not any(char.isalpha() for char in text):
            drop_teaser_leftover(element)


def drop_teaser_leftover(element: etree._Element) -> None:
    """A block without a letter ("0", "12:58") is what is left of a teaser once its title
    went into an image's alt: it goes, with the teaser's picture just before it."""
    previous = element.getprevious()
    if previous is not None and previous.tag == "graphic":
        remove_keeping_tail(previous)
    remove_keeping_tail(element)


def is_dateline(text: str) -> bool:
    short = len(text.split()) <= MAX_DATELINE_WORDS
    return short and bool(DATELINE_WORDS.search(fold(text))) and bool(parse_date_value(text))


def image_captions(root: HtmlElement, page: Page) -> dict[str, str]:
    """Absolute image URL -> its <figcaption> (trafilatura keeps images, not captions)."""
    captions = {}
    for figure in root.iter("figure"):
        caption = next(figure.iter("figcaption"), None)
        text = one_line(caption.text_content()) if caption is not None else ""
        for image in figure.iter("img"):
            src = page.absolute(image_src(image))
            if src and (text or image.get("title")):
                captions[src] = text or one_line(image.get("title", ""))
    return captions


def body_images(
    body: etree._Element, page: Page, lead_image: str, captions: dict[str, str]
) -> list[dict[str, str]]:
    """The body's images, absolute and once each; the lead image is not repeated.

    Images left out lose their src, so that the HTML leaves them out too.
    """
    images: list[dict[str, str]] = []
    seen = {image_key(lead_image)} if lead_image else set()
    for graphic in body.iter("graphic"):
        url = page.absolute(graphic.get("src"))
        if not url or image_key(url) in seen or CHROME_IMAGE.search(url.rsplit("/", 1)[-1]):
            graphic.set("src", "")
            continue
        seen.add(image_key(url))
        graphic.set("src", url)
        caption = captions.get(url, "")
        images.append({"url": url, "alt": one_line(graphic.get("alt", "")), "caption": caption})
    return images


def image_key(url: str) -> str:
    """One picture whatever its size or host: resizers and CDNs serve one file under many
    URLs ("/1200x630/x.jpg?w=1200"), so a distinctive file name identifies it."""
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    return name if len(name) >= DISTINCTIVE_NAME else path


def body_html(body: etree._Element, images: list[dict[str, str]]) -> str:
    """Sanitised HTML of the structured body: headings from h2 down, images as <figure>."""
    for heading in body.iter("head"):
        level = (heading.get("rend") or "").lstrip("h")
        heading.set("rend", f"h{min(max(int(level), 2), 6)}" if level.isdigit() else "h3")
    for graphic in list(body.iter("graphic")):
        if not graphic.get("src"):
            holder = graphic.getparent()
            remove_keeping_tail(graphic)
            if holder is not body and is_empty(holder):
                remove_keeping_tail(holder)
    html = convert_to_html(body)
    captions = {image["url"]: image["caption"] for image in images}
    for image in list(html.iter("img")):
        into_figure(image, captions.get(image.get("src", ""), ""))
    parts = [etree.tostring(child, encoding="unicode") for child in body]
    return clean_html((body.text or "") + "".join(parts)).strip()


def into_figure(image: etree._Element, caption: str) -> None:
    """<img> -> <figure><img><figcaption>, moved out of the paragraph that held it."""
    block = image
    while block.getparent() is not None and block.getparent().tag != "body":
        block = block.getparent()
    figure = etree.Element("figure")
    if block is image:
        image.addprevious(figure)
    else:
        block.addnext(figure)
    remove_keeping_tail(image)
    image.tail = None
    image.attrib.pop("title", None)
    image.set("alt", image.get("alt", ""))  # an empty alt says "decorative" to screen readers
    figure.append(image)
    if caption:
        etree.SubElement(figure, "figcaption").text = caption
    if block is not image and is_empty(block):
        remove_keeping_tail(block)


def is_empty(element: etree._Element) -> bool:
    """No text and no picture left: what remains of a paragraph that only held images."""
    pictures = element.iter("img", "graphic")
    return not "".join(element.itertext()).strip() and next(pictures, None) is None


def remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# --------------------------------------------------------------------------- the article


def extract_article(html: str, url: str, rules: dict | None = None) -> dict[str, Any]:
    """The article in `html`, fetched from `url`, read with an outlet's CSS `rules`.

    Keys, always present: title, text (paragraphs separated by blank lines), html
    (sanitised body; the lead image is left to `image`), date (UTC ISO 8601 when the page
    gives a time, YYYY-MM-DD when it gives a day, or None; never in the future), author,
    image (the lead image, absolute), images (the body's other images: url, alt, caption),
    language (fr/ar/en/zgh or ""), canonical, description. Empty values when nothing is
    found; never raises.
    """
    if not isinstance(html, str) or not html.strip():
        return empty_article()
    try:
        return extract_page(html, url if isinstance(url, str) else "", compile_rules(rules))
    except Exception:  # outlet HTML is arbitrary: one unreadable page must not stop a crawl
        log.warning("extraction failed for %s", url, exc_info=True)
        return empty_article()


def extract_page(html: str, url: str, rules: Rules) -> dict[str, Any]:
    tree = load_html(html)
    if tree is None:
        return empty_article()
    page = read_page(tree, url)
    title = choose_title(page, rules)
    published = choose_date(page, rules, datetime.now(UTC))
    image = choose_image(page)
    author = choose_author(page)
    prune_boilerplate(tree, rules)  # from here on the tree is the body's, not the page's
    body = extract_body(page, rules, title, image)
    description = one_line(
        page.meta_value(*DESCRIPTION_META) or json_text(page.article.get("description"))
    )
    return {
        "title": title,
        "text": body.text,
        "html": body.html,
        "date": published.isoformat() if published else None,
        "author": author,
        "image": image,
        "images": body.images,
        "language": detect_language(body.text or f"{title}\n{description}", page.language_hint),
        "canonical": page.canonical,
        "description": description,
    }

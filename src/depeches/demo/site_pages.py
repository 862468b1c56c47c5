"""HTML pages of a stand-in outlet: home, rubrique, article and "not found".

Article pages carry the boilerplate a content extractor must see through: cookie banner,
header and navigation, breadcrumbs, a "Lire aussi" paragraph inside the text, share buttons,
comments, a "most read" sidebar and a footer. Each outlet uses one of three layouts, which
differ in structure and class names, and some outlets add JSON-LD and OpenGraph metadata.
Everything from the corpus is HTML-escaped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from .corpus import slugify
from .site_feeds import FEED_TYPES, summary_of

if TYPE_CHECKING:
    from .outlet import Outlet, PublishedArticle, Snapshot

HOME_ARTICLES = 20
RUBRIQUE_ARTICLES = 50
NAV_RUBRIQUES = 8
MOST_READ = 5

# --------------------------------------------------------------------------- words

WORDS = {
    "fr": {
        "home": "Accueil",
        "headlines": "À la une",
        "published": "Publié le",
        "at": "à",
        "by": "Par",
        "read_also": "Lire aussi :",
        "share": "Partager",
        "comments": "commentaires",
        "comment_prompt": "Laisser un commentaire",
        "send": "Envoyer",
        "most_read": "Les plus lus",
        "cookies": "Ce site utilise des cookies pour améliorer votre expérience et mesurer"
        " l'audience. En poursuivant votre navigation, vous acceptez leur utilisation.",
        "accept": "Accepter",
        "refuse": "Refuser",
        "rights": "Tous droits réservés.",
        "about": "Qui sommes-nous ?",
        "legal": "Mentions légales",
        "contact": "Contact",
        "search": "Rechercher",
        "newsletter": "Recevez chaque matin l'essentiel de l'actualité.",
        "subscribe": "S'inscrire",
        "photo": "Photo d'illustration",
        "not_found": "Page introuvable",
        "not_found_text": "La page que vous cherchez n'existe pas ou a été déplacée.",
    },
    "ar": {
        "home": "الرئيسية",
        "headlines": "أهم الأخبار",
        "published": "نشر في",
        "at": "-",
        "by": "بقلم",
        "read_also": "اقرأ أيضا:",
        "share": "شارك",
        "comments": "تعليقات",
        "comment_prompt": "أضف تعليقا",
        "send": "إرسال",
        "most_read": "الأكثر قراءة",
        "cookies": "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك وقياس عدد الزوار."
        " بمواصلة التصفح، فإنك توافق على استخدامها.",
        "accept": "موافق",
        "refuse": "رفض",
        "rights": "جميع الحقوق محفوظة.",
        "about": "من نحن",
        "legal": "الشروط القانونية",
        "contact": "اتصل بنا",
        "search": "بحث",
        "newsletter": "توصل بأهم الأخبار كل صباح.",
        "subscribe": "اشترك",
        "photo": "صورة تعبيرية",
        "not_found": "الصفحة غير موجودة",
        "not_found_text": "الصفحة التي تبحث عنها غير موجودة أو تم نقلها.",
    },
    "en": {
        "home": "Home",
        "headlines": "Top stories",
        "published": "Published on",
        "at": "at",
        "by": "By",
        "read_also": "Read also:",
        "share": "Share",
        "comments": "comments",
        "comment_prompt": "Leave a comment",
        "send": "Send",
        "most_read": "Most read",
        "cookies": "This site uses cookies to improve your experience and measure audience."
        " By browsing on, you accept them.",
        "accept": "Accept",
        "refuse": "Refuse",
        "rights": "All rights reserved.",
        "about": "About us",
        "legal": "Legal notice",
        "contact": "Contact",
        "search": "Search",
        "newsletter": "Get the essential news every morning.",
        "subscribe": "Subscribe",
        "photo": "Illustration photo",
        "not_found": "Page not found",
        "not_found_text": "The page you are looking for does not exist or has moved.",
    },
}

MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "en": "January February March April May June July August September October November December",
}
WEEKDAYS = {
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "ar": "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد",
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
}
RUBRIQUES = {
    "fr": {
        "politique": "Politique",
        "france": "National",
        "monde": "Monde",
        "auto": "Auto",
        "societe/people": "People",
        "societe/fait-divers": "Faits divers",
        "societe/insolite": "Insolite",
        "societe/culture": "Culture",
        "societe/environnement": "Environnement",
        "societe/high-tech": "High-tech",
        "societe/media": "Médias",
        "societe/sante": "Santé",
    },
    "ar": {
        "sport": "رياضة",
        "economy": "اقتصاد",
        "internationalNews": "دولي",
        "middleEast": "الشرق الأوسط",
        "technology": "تكنولوجيا",
        "culture": "ثقافة",
    },
}
COMMENTERS = {
    "fr": ["Karim B.", "Sophie L.", "Youssef", "Marie-Claire", "Hicham_74", "Nadia E."],
    "ar": ["محمد", "فاطمة الزهراء", "يوسف", "أبو أيمن", "سعاد", "ياسين"],
    "en": ["Karim B.", "Sophie L.", "Youssef", "Mary", "Hicham_74", "Nadia E."],
}
COMMENTS = {
    "fr": [
        "Merci pour cet article très complet.",
        "Enfin quelqu'un qui en parle !",
        "Je ne suis pas d'accord avec cette analyse.",
        "Intéressant, mais il manque des chiffres.",
        "Toujours la même histoire...",
        "Bravo à la rédaction.",
    ],
    "ar": [
        "شكرا على هذا المقال المفيد.",
        "موضوع مهم يستحق المتابعة.",
        "لا أتفق مع هذا التحليل.",
        "مقال رائع، بالتوفيق.",
        "نتمنى المزيد من التفاصيل.",
        "نفس القصة كل مرة...",
    ],
    "en": [
        "Thanks for this thorough article.",
        "Finally someone talks about it!",
        "I do not agree with this analysis.",
        "Interesting, but figures are missing.",
        "Always the same story...",
        "Well done.",
    ],
}

Classes = dict[str, str]  # a layout's part -> its class attribute

# Class names of each layout's parts: extractors with per-outlet rules key on these.
CLASSES = {
    "classic": {
        "body": "single single-post",
        "header": "site-header",
        "brand": "site-title",
        "nav": "main-navigation",
        "crumbs": "breadcrumbs",
        "main": "site-main",
        "article": "post type-post hentry",
        "title": "entry-title",
        "meta": "entry-meta",
        "byline": "byline author",
        "figure": "wp-block-image post-thumbnail",
        "content": "entry-content",
        "read_also": "read-also",
        "share": "share-buttons",
        "comments": "comments-area",
        "aside": "widget-area sidebar",
        "most_read": "widget widget_most_read",
        "footer": "site-footer",
        "cookie": "cookie-notice",
        "teaser": "post-teaser",
    },
    "portal": {
        "body": "page-article",
        "header": "top-header",
        "brand": "logo",
        "nav": "menu-principal",
        "crumbs": "fil-ariane",
        "main": "col-main",
        "article": "article-detail",
        "title": "article-title",
        "meta": "article-info",
        "byline": "auteur",
        "figure": "article-image",
        "content": "article-body",
        "read_also": "lire-aussi",
        "share": "social-share",
        "comments": "bloc-commentaires",
        "aside": "colonne-droite",
        "most_read": "bloc plus-lus",
        "footer": "footer-bottom",
        "cookie": "rgpd-banner",
        "teaser": "bloc-article",
    },
    "magazine": {
        "body": "t-article",
        "header": "c-header",
        "brand": "c-header__brand",
        "nav": "c-nav",
        "crumbs": "c-breadcrumb",
        "main": "c-main",
        "article": "c-article",
        "title": "c-article__title",
        "meta": "c-article__meta",
        "byline": "c-article__author",
        "figure": "c-article__media",
        "content": "c-article__body",
        "read_also": "c-article__related",
        "share": "c-share",
        "comments": "c-comments",
        "aside": "c-aside",
        "most_read": "c-most-read",
        "footer": "c-footer",
        "cookie": "c-consent",
        "teaser": "c-card",
    },
}
LOCALES = {"fr": "fr_FR", "ar": "ar_AR", "en": "en_US"}


def category_path(category: str) -> str:
    """The rubrique page of a corpus category: "societe/fait-divers" -> "/societe/fait-divers/"."""
    segments = [slugify(segment) or "actualite" for segment in category.split("/")]
    return "/" + "/".join(segments) + "/"


def words(outlet: Outlet) -> dict[str, str]:
    return WORDS.get(outlet.language, WORDS["en"])


def rubrique_label(language: str, category: str) -> str:
    known = RUBRIQUES.get(language, {})
    if category in known:
        return known[category]
    return category.rsplit("/", 1)[-1].replace("-", " ").capitalize()


def visible_date(moment: datetime, language: str, with_weekday: bool, with_time: bool) -> str:
    """A date as the outlet prints it, in its language, e.g. "20 novembre 2026 à 09h15"."""
    lang = language if language in MONTHS else "en"
    month = MONTHS[lang].split()[moment.month - 1]
    shown = f"{moment.day} {month} {moment.year}"
    if with_weekday:
        weekday = WEEKDAYS[lang].split()[moment.weekday()]
        shown = f"{weekday.capitalize() if lang != 'ar' else weekday} {shown}"
    if with_time:
        clock = f"{moment:%H}h{moment:%M}" if lang == "fr" else f"{moment:%H:%M}"
        shown = f"{shown} {WORDS[lang]['at']} {clock}"
    return shown


# --------------------------------------------------------------------------- the shell


def document(
    outlet: Outlet, *, title: str, canonical: str, body_class: str, body: str, head: str = ""
) -> str:
    direction = "rtl" if outlet.language == "ar" else "ltr"
    # WordPress-like outlets write the feed link absolute, the others relative.
    feed_href = outlet.feed_url if outlet.profile.layout == "classic" else outlet.feed_path
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(outlet.language)}" dir="{direction}">\n<head>\n'
        f'<meta charset="{outlet.faults.encoding}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="canonical" href="{escape(canonical)}">\n'
        f'<link rel="alternate" type="{FEED_TYPES[outlet.feed_format]}" '
        f'title="{escape(outlet.name)}" href="{escape(feed_href)}">\n'
        f"{head}</head>\n"
        f'<body class="{body_class}">\n{body}\n</body>\n</html>\n'
    )


def cookie_banner(outlet: Outlet, c: Classes) -> str:
    w = words(outlet)
    return (
        f'<div class="{c["cookie"]}" role="dialog" aria-live="polite"><p>{escape(w["cookies"])}</p>'
        f'<button type="button">{escape(w["accept"])}</button>'
        f'<button type="button">{escape(w["refuse"])}</button></div>'
    )


def site_header(outlet: Outlet, snapshot: Snapshot, c: Classes) -> str:
    w = words(outlet)
    links = [f'<li><a href="/">{escape(w["home"])}</a></li>']
    for path, category in list(snapshot.categories.items())[:NAV_RUBRIQUES]:
        label = escape(rubrique_label(outlet.language, category))
        links.append(f'<li><a href="{path}">{label}</a></li>')
    return (
        f'<header class="{c["header"]}">'
        f'<a class="{c["brand"]}" href="/">{escape(outlet.name)}</a>'
        f'<nav class="{c["nav"]}"><ul>{"".join(links)}</ul></nav>'
        f'<form class="search" action="/" method="get"><input type="search" name="s" '
        f'placeholder="{escape(w["search"])}"></form></header>'
    )


def site_footer(outlet: Outlet, c: Classes, year: int) -> str:
    w = words(outlet)
    return (
        f'<footer class="{c["footer"]}">'
        f'<div class="newsletter"><p>{escape(w["newsletter"])}</p>'
        f'<form><input type="email" name="email"><button>{escape(w["subscribe"])}</button></form>'
        "</div><ul>"
        f'<li><a href="/">{escape(w["about"])}</a></li>'
        f'<li><a href="/">{escape(w["legal"])}</a></li>'
        f'<li><a href="/">{escape(w["contact"])}</a></li>'
        f'<li><a href="{escape(outlet.feed_path)}">RSS</a></li></ul>'
        f"<p>© {year} {escape(outlet.name)}. {escape(w['rights'])}</p></footer>"
    )


def most_read_box(
    outlet: Outlet, snapshot: Snapshot, c: Classes, skip: PublishedArticle | None = None
) -> str:
    picks = [pub for pub in snapshot.most_read if pub is not skip][:MOST_READ]
    items = "".join(f'<li><a href="{pub.path}">{escape(pub.title)}</a></li>' for pub in picks)
    return (
        f'<aside class="{c["aside"]}"><section class="{c["most_read"]}">'
        f"<h2>{escape(words(outlet)['most_read'])}</h2><ol>{items}</ol></section></aside>"
    )


def breadcrumbs(outlet: Outlet, c: Classes, category: str, current: str = "") -> str:
    w = words(outlet)
    parts = [
        f'<a href="/">{escape(w["home"])}</a>',
        f'<a href="{category_path(category)}">'
        f"{escape(rubrique_label(outlet.language, category))}</a>",
    ]
    if current:
        parts.append(f"<span>{escape(current)}</span>")
    separator = " ‹ " if outlet.language == "ar" else " › "
    return f'<nav class="{c["crumbs"]}" aria-label="breadcrumb">{separator.join(parts)}</nav>'


# --------------------------------------------------------------------------- lists


def teaser(outlet: Outlet, pub: PublishedArticle, c: Classes) -> str:
    shown = visible_date(pub.published, outlet.language, with_weekday=False, with_time=True)
    return (
        f'<article class="{c["teaser"]}">'
        f'<a href="{pub.path}"><img src="{pub.thumb_path}" alt="{escape(pub.title)}" '
        'width="320" height="180" loading="lazy"></a>'
        f'<h2><a href="{pub.path}">{escape(pub.title)}</a></h2>'
        f'<time datetime="{pub.published.isoformat()}">{escape(shown)}</time>'
        f"<p>{escape(summary_of(pub))}</p></article>"
    )


def listing_page(
    outlet: Outlet, snapshot: Snapshot, heading: str, pubs: Sequence[PublishedArticle], path: str
) -> str:
    c = CLASSES[outlet.profile.layout]
    year = (snapshot.newest or datetime.now()).year
    teasers = "\n".join(teaser(outlet, pub, c) for pub in pubs)
    body = (
        f"{cookie_banner(outlet, c)}\n{site_header(outlet, snapshot, c)}\n"
        f'<main class="{c["main"]}"><h1>{escape(heading)}</h1>\n{teasers}\n</main>\n'
        f"{most_read_box(outlet, snapshot, c)}\n{site_footer(outlet, c, year)}"
    )
    title = (
        outlet.name if path == "/" else f"{heading}{outlet.profile.title_separator}{outlet.name}"
    )
    return document(outlet, title=title, canonical=outlet.url(path), body_class="home", body=body)


def render_home(outlet: Outlet, snapshot: Snapshot) -> str:
    heading = words(outlet)["headlines"]
    return listing_page(outlet, snapshot, heading, snapshot.articles[:HOME_ARTICLES], "/")


def render_rubrique(
    outlet: Outlet, snapshot: Snapshot, category: str, pubs: Sequence[PublishedArticle]
) -> str:
    heading = rubrique_label(outlet.language, category)
    path = category_path(category)
    return listing_page(outlet, snapshot, heading, pubs[:RUBRIQUE_ARTICLES], path)


def render_not_found(outlet: Outlet, snapshot: Snapshot) -> str:
    c = CLASSES[outlet.profile.layout]
    w = words(outlet)
    body = (
        f'{site_header(outlet, snapshot, c)}\n<main class="{c["main"]}">'
        f"<h1>{escape(w['not_found'])}</h1><p>{escape(w['not_found_text'])}</p></main>\n"
        f"{site_footer(outlet, c, (snapshot.newest or datetime.now()).year)}"
    )
    title = f"{w['not_found']}{outlet.profile.title_separator}{outlet.name}"
    return document(
        outlet, title=title, canonical=outlet.home_url, body_class="error404", body=body
    )


# --------------------------------------------------------------------------- article page


def related_article(snapshot: Snapshot, pub: PublishedArticle) -> PublishedArticle | None:
    """The "Lire aussi" target: the previous article of the same rubrique, else the nearest
    other article (older first), else none when the outlet has published only this one."""
    others = [other for other in snapshot.articles if other is not pub]
    older = [other for other in others if other.sort_key < pub.sort_key]
    same_rubrique = [other for other in older if other.article.category == pub.article.category]
    for candidates in (same_rubrique, older, others[::-1]):
        if candidates:
            return candidates[0]
    return None


def article_text(outlet: Outlet, snapshot: Snapshot, pub: PublishedArticle, c: Classes) -> str:
    """The corpus paragraphs, with a "Lire aussi" paragraph after the second one."""
    paragraphs = [f"<p>{escape(paragraph)}</p>" for paragraph in pub.article.paragraphs]
    related = related_article(snapshot, pub)
    if related is not None:
        read_also = (
            f'<p class="{c["read_also"]}"><strong>{escape(words(outlet)["read_also"])}</strong> '
            f'<a href="{related.path}">{escape(related.title)}</a></p>'
        )
        paragraphs.insert(min(2, len(paragraphs)), read_also)
    return "\n".join(paragraphs)


def lead_figure(outlet: Outlet, pub: PublishedArticle, c: Classes) -> str:
    caption = f"{words(outlet)['photo']} © {outlet.name}"
    return (
        f'<figure class="{c["figure"]}"><img src="{pub.image_path}" alt="{escape(pub.title)}" '
        f'width="800" height="450"><figcaption>{escape(caption)}</figcaption></figure>'
    )


def byline_and_date(outlet: Outlet, pub: PublishedArticle, c: Classes) -> str:
    w = words(outlet)
    layout = outlet.profile.layout
    shown = visible_date(
        pub.published,
        outlet.language,
        with_weekday=layout == "portal",
        with_time=layout != "magazine",
    )
    if layout != "portal":
        shown = f"{w['published']} {shown}"
    byline = (
        f'<span class="{c["byline"]}">{escape(w["by"])} {escape(pub.article.author)}</span> '
        if pub.article.author
        else ""
    )
    return (
        f'<div class="{c["meta"]}">{byline}'
        f'<time datetime="{pub.published.isoformat()}">{escape(shown)}</time></div>'
    )


def share_buttons(outlet: Outlet, pub: PublishedArticle, c: Classes) -> str:
    target = quote(outlet.url(pub.path), safe="")
    return (
        f'<div class="{c["share"]}"><span>{escape(words(outlet)["share"])}</span>'
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={target}">Facebook</a>'
        f'<a href="https://twitter.com/intent/tweet?url={target}">X</a>'
        f'<a href="https://wa.me/?text={target}">WhatsApp</a></div>'
    )


def comments_section(outlet: Outlet, pub: PublishedArticle, c: Classes) -> str:
    lang = outlet.language if outlet.language in COMMENTS else "en"
    seed = int(hashlib.blake2b(pub.id.encode(), digest_size=4).hexdigest(), 16)
    count = 2 + seed % 2
    items = "".join(
        f'<li class="comment"><span class="comment-author">'
        f"{escape(COMMENTERS[lang][(seed + 5 * k) % 6])}</span>"
        f"<p>{escape(COMMENTS[lang][(seed // 7 + k) % 6])}</p></li>"
        for k in range(count)
    )
    w = words(outlet)
    return (
        f'<section class="{c["comments"]}" id="comments">'
        f"<h2>{count} {escape(w['comments'])}</h2><ol>{items}</ol>"
        f'<form class="comment-form"><label>{escape(w["comment_prompt"])}</label>'
        f'<textarea name="comment"></textarea><button>{escape(w["send"])}</button></form>'
        "</section>"
    )


def metadata_head(outlet: Outlet, pub: PublishedArticle) -> str:
    """OpenGraph tags and JSON-LD NewsArticle, for the outlets whose profile has them."""
    lines = []
    url, image = outlet.url(pub.path), outlet.url(pub.image_path)
    if outlet.profile.open_graph:
        properties = {
            "og:type": "article",
            "og:title": pub.title,
            "og:description": summary_of(pub),
            "og:url": url,
            "og:image": image,
            "og:site_name": outlet.name,
            "og:locale": LOCALES.get(outlet.language, "en_US"),
            "article:published_time": pub.published.isoformat(),
            "article:section": rubrique_label(outlet.language, pub.article.category),
        }
        lines += [
            f'<meta property="{key}" content="{escape(value)}">'
            for key, value in properties.items()
        ]
        lines.append('<meta name="twitter:card" content="summary_large_image">')
    if outlet.profile.json_ld:
        lines.append(
            '<script type="application/ld+json">' + json_ld(outlet, pub, url, image) + "</script>"
        )
    return "".join(line + "\n" for line in lines)


def json_ld(outlet: Outlet, pub: PublishedArticle, url: str, image: str) -> str:
    author = (
        {"@type": "Person", "name": pub.article.author}
        if pub.article.author
        else {"@type": "Organization", "name": outlet.name}
    )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": pub.title,
        "datePublished": pub.published.isoformat(),
        "dateModified": pub.published.isoformat(),
        "author": author,
        "image": [image],
        "inLanguage": outlet.language,
        "articleSection": rubrique_label(outlet.language, pub.article.category),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "publisher": {"@type": "Organization", "name": outlet.name},
    }
    # ASCII escapes survive any page encoding, and "<\/" keeps "</script>" out of the data.
    return json.dumps(data, ensure_ascii=True).replace("</", "<\\/")


def render_article(outlet: Outlet, snapshot: Snapshot, pub: PublishedArticle) -> str:
    layout = outlet.profile.layout
    c = CLASSES[layout]
    build = {"classic": classic_layout, "portal": portal_layout, "magazine": magazine_layout}
    body = build[layout](outlet, snapshot, pub, c)
    return document(
        outlet,
        title=f"{pub.title}{outlet.profile.title_separator}{outlet.name}",
        canonical=outlet.url(pub.path),
        body_class=c["body"],
        body=body,
        head=metadata_head(outlet, pub),
    )


def classic_layout(outlet: Outlet, snapshot: Snapshot, pub: PublishedArticle, c: Classes) -> str:
    """WordPress-like: banner on top, breadcrumbs, article then sidebar."""
    return "\n".join(
        [
            cookie_banner(outlet, c),
            site_header(outlet, snapshot, c),
            '<div class="site-content">',
            f'<main class="{c["main"]}">',
            breadcrumbs(outlet, c, pub.article.category, pub.title),
            f'<article class="{c["article"]}">',
            f'<header class="entry-header"><h1 class="{c["title"]}">{escape(pub.title)}</h1>',
            byline_and_date(outlet, pub, c) + "</header>",
            lead_figure(outlet, pub, c),
            f'<div class="{c["content"]}">\n{article_text(outlet, snapshot, pub, c)}\n</div>',
            share_buttons(outlet, pub, c),
            comments_section(outlet, pub, c),
            "</article>",
            "</main>",
            most_read_box(outlet, snapshot, c, skip=pub),
            "</div>",
            site_footer(outlet, c, pub.published.year),
        ]
    )


def portal_layout(outlet: Outlet, snapshot: Snapshot, pub: PublishedArticle, c: Classes) -> str:
    """A news portal of nested divs: sidebar first in the source, microdata, banner last."""
    label = escape(rubrique_label(outlet.language, pub.article.category))
    return "\n".join(
        [
            site_header(outlet, snapshot, c),
            '<div class="container"><div class="row">',
            most_read_box(outlet, snapshot, c, skip=pub),
            f'<div class="{c["main"]}">',
            breadcrumbs(outlet, c, pub.article.category),
            f'<div class="{c["article"]}" itemscope itemtype="https://schema.org/NewsArticle">',
            f'<div class="rubrique-label">{label}</div>',
            f'<h1 class="{c["title"]}" itemprop="headline">{escape(pub.title)}</h1>',
            byline_and_date(outlet, pub, c),
            share_buttons(outlet, pub, c),
            lead_figure(outlet, pub, c),
            f'<div class="{c["content"]}" itemprop="articleBody">',
            article_text(outlet, snapshot, pub, c),
            "</div>",
            comments_section(outlet, pub, c),
            "</div></div></div></div>",
            site_footer(outlet, c, pub.published.year),
            cookie_banner(outlet, c),
        ]
    )


def magazine_layout(outlet: Outlet, snapshot: Snapshot, pub: PublishedArticle, c: Classes) -> str:
    """BEM class names, a standfirst under the title, comments outside the article."""
    label = escape(rubrique_label(outlet.language, pub.article.category))
    return "\n".join(
        [
            site_header(outlet, snapshot, c),
            f'<main class="{c["main"]}">',
            f'<article class="{c["article"]}">',
            '<header class="c-article__header">',
            breadcrumbs(outlet, c, pub.article.category),
            f'<p class="c-article__kicker">{label}</p>',
            f'<h1 class="{c["title"]}">{escape(pub.title)}</h1>',
            f'<p class="c-article__standfirst">{escape(summary_of(pub))}</p>',
            byline_and_date(outlet, pub, c),
            "</header>",
            lead_figure(outlet, pub, c),
            f'<div class="{c["content"]}">\n{article_text(outlet, snapshot, pub, c)}\n</div>',
            f'<footer class="c-article__footer">{share_buttons(outlet, pub, c)}</footer>',
            "</article>",
            comments_section(outlet, pub, c),
            most_read_box(outlet, snapshot, c, skip=pub),
            "</main>",
            site_footer(outlet, c, pub.published.year),
            cookie_banner(outlet, c),
        ]
    )

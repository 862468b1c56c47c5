"""Template tags and filters of the reader's site: `{% load reader %}`."""

from __future__ import annotations

import functools
from datetime import date, datetime
from urllib.parse import urlencode

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from depeches.images.forms import ReportForm
from depeches.images.links import original_url, thumbnail_url
from depeches.images.models import ArticleImage, Image
from depeches.images.pictures import THUMBNAIL_MAX_HEIGHT, THUMBNAIL_WIDTH
from depeches.web import formatting
from depeches.web.fragments import shared_fragment
from depeches.web.headlines import headline_strip_html
from depeches.web.middleware import CSRF_SLOT
from depeches.web.queries import rubriques

register = template.Library()

RIGHT_TO_LEFT = {"ar"}


@register.filter
def direction(language: str) -> str:
    """The writing direction of text in `language`."""
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


@register.filter
def relative(moment: datetime) -> str:
    return formatting.relative_time(moment, timezone.now())


@register.filter
def day_month_year(moment: datetime) -> str:
    return formatting.day_month_year(moment)


@register.filter
def clock(moment: datetime) -> str:
    return formatting.clock(moment)


@register.filter
def headline_time(moment: datetime) -> str:
    return formatting.headline_time(moment, timezone.now())


@register.filter
def long_date(day: date | datetime) -> str:
    if isinstance(day, datetime):
        day = formatting.local(day).date()
    return formatting.long_date(day)


@register.filter
def local_iso(moment: datetime) -> str:
    """For <time datetime>: the moment with Casablanca's offset."""
    return formatting.local(moment).isoformat()


@register.filter
def number(value: int) -> str:
    return formatting.number(value)


@register.filter
def language_name(code: str) -> str:
    return formatting.language_name(code)


@register.simple_tag
def headline_strip() -> SafeString:
    return headline_strip_html()


@register.simple_tag(takes_context=True)
def rubrique_nav(context) -> SafeString:
    """The menu of rubriques, the current one marked: a query and a dozen URLs, once per
    content version, language and current rubrique rather than on every page."""
    current = context.get("current_rubrique", "")
    return shared_fragment(
        f"rubriques:{current}",
        lambda: render_to_string(
            "web/includes/rubrique_nav.html", {"rubriques": rubriques(), "current": current}
        ),
    )


@register.simple_tag
def csrf_slot() -> SafeString:
    """The CSRF field of a form on a cached page: CsrfSlotMiddleware puts the token in."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', CSRF_SLOT)


@register.simple_tag
def attribution(article) -> SafeString:
    """ "Publié dans <Outlet> le 08 - 06 - 2025", the outlet linking to its page."""
    outlet = format_html(
        '<a href="{}"><bdi>{}</bdi></a>',
        reverse("web:outlet", args=[article.outlet.slug]),
        article.outlet.name,
    )
    day = format_html(
        '<time datetime="{}">{}</time>',
        formatting.local(article.published_at).isoformat(),
        formatting.day_month_year(article.published_at),
    )
    sentence = escape(gettext("Publié dans %(outlet)s le %(date)s"))
    return mark_safe(sentence % {"outlet": outlet, "date": day})


def thumbnail_size(image: Image) -> tuple[int, int]:
    """The thumbnail's size as depeches.images.pictures.make_thumbnail makes it."""
    width, height = image.width, image.height
    if not width or not height:
        return THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 9 // 16
    scale = min(1.0, THUMBNAIL_WIDTH / width, THUMBNAIL_MAX_HEIGHT / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


@register.inclusion_tag("web/includes/thumbnail.html", takes_context=True)
def thumbnail(context, use: ArticleImage, title: str) -> dict[str, object]:
    """A list's picture, or the placeholder of a blocked one, with its report control."""
    image = use.image
    if image.status == Image.Status.BLOCKED:
        return {"blocked": True, "image_id": image.pk}
    width, height = thumbnail_size(image)
    return {
        "src": thumbnail_url(image),
        "width": width,
        "height": height,
        "alt": use.caption or title,
        "image_id": image.pk,
        "report_link": report_link(context, image.pk, compact=True),
    }


@register.inclusion_tag("web/includes/lead_picture.html", takes_context=True)
def lead_picture(context, use: ArticleImage, title: str) -> dict[str, object]:
    """The article's lead picture on its page: the thumbnail on phones, the original above."""
    image = use.image
    if image.status == Image.Status.BLOCKED:
        return {"blocked": True, "image_id": image.pk}
    thumb_width, _ = thumbnail_size(image)
    sources = [f"{thumbnail_url(image)} {thumb_width}w"]
    if image.width > thumb_width:
        sources.append(f"{original_url(image)} {image.width}w")
    return {
        "src": original_url(image) if image.width else thumbnail_url(image),
        "srcset": ", ".join(sources),
        "width": image.width or thumb_width,
        "height": image.height or thumbnail_size(image)[1],
        "alt": use.caption or title,
        "caption": use.caption,
        "image_id": image.pk,
        "report_link": report_link(context, image.pk),
    }


def report_link(context, image_id: int, *, compact: bool = False) -> SafeString:
    """ "Signaler cette image": a link to the report form, back to this page afterwards; the
    page script (report.js) opens the form in place instead. Built here, not by a template:
    a home page has dozens."""
    request = context.get("request")
    back = request.get_full_path() if request is not None else "/"
    return format_html(
        '<a class="report-link{}" href="{}?{}" rel="nofollow" data-report-image="{}">{}</a>',
        " compact" if compact else "",
        reverse("images:report", args=[image_id]),
        urlencode({"next": back}),
        image_id,
        report_label(compact),
    )


@register.simple_tag
def report_form_model() -> SafeString:
    """The <template> report.js copies to report an image in place: the same on every page,
    rendered once per language and process (no query: the 500 page shows it too)."""
    return report_form_html(get_language())


@functools.cache
def report_form_html(language: str) -> SafeString:
    return mark_safe(render_to_string("web/includes/report_form.html", {"form": ReportForm()}))


def report_label(compact: bool) -> SafeString:
    label = gettext("Signaler cette image")
    if not compact:
        return escape(label)
    return format_html(
        '<span aria-hidden="true">⚑</span><span class="visually-hidden">{}</span>', label
    )


# Unicode CLDR plural categories of each interface language, each with a number in it, for
# Intl.PluralRules in fresh.js: the page script picks the sentence the server translated.
PLURAL_SAMPLES = {
    "fr": {"one": 1, "many": 1000000, "other": 2},
    "ar": {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100},
}


@register.inclusion_tag("web/includes/new_articles_notice.html")
def new_articles_notice() -> dict[str, object]:
    """The home page's "N nouveaux articles" notice, hidden until fresh.js finds some."""
    samples = PLURAL_SAMPLES.get(get_language(), PLURAL_SAMPLES["fr"])
    sentences = {
        category: ngettext("%(count)s nouvel article", "%(count)s nouveaux articles", sample)
        % {"count": "{n}"}
        for category, sample in samples.items()
    }
    return {"sentences": sorted(sentences.items())}

"""Registering outlets and their feeds: one place for `sources add`, imports and the demo."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from depeches.sources.models import Feed, Outlet


def unique_slug(name: str, url: str = "") -> str:
    base = slugify(name)[:70] or slugify(url.split("//")[-1])[:70] or "outlet"
    slug, counter = base, 2
    while Outlet.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def register_outlet(
    *, name: str, home_url: str, language: str, feed_urls: list[str], slug: str = "", **fields
) -> Outlet:
    """Create or update an outlet (by slug, else by home page) and attach its feeds."""
    outlet = None
    if slug:
        outlet = Outlet.objects.filter(slug=slug).first()
    elif home_url:
        outlet = Outlet.objects.filter(home_url=home_url).first()
    if outlet is None:
        outlet = Outlet(slug=slug or unique_slug(name, home_url))
    outlet.name, outlet.home_url, outlet.language = name, home_url, language
    for key, value in fields.items():
        setattr(outlet, key, value)
    outlet.save()
    for url in feed_urls:
        Feed.objects.update_or_create(url=url, defaults={"outlet": outlet})
    return outlet

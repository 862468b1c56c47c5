"""The URLs depeches serves a stored picture at: a reader's browser never loads an outlet's."""

from __future__ import annotations

from django.urls import reverse

from depeches.images.models import Image


def original_url(image: Image) -> str:
    """The stored original, as the outlet published it (what Image.get_absolute_url would be)."""
    return reverse("images:original", args=[image.pk])


def thumbnail_url(image: Image) -> str:
    """The WebP thumbnail, at most 480 pixels wide: for lists, the ticker, the gallery."""
    return reverse("images:thumbnail", args=[image.pk])

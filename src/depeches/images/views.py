"""Serve stored pictures (the original and its thumbnail, gone once blocked), and take
readers' reports on them."""

from __future__ import annotations

import logging
from typing import BinaryIO

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseGone,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from depeches.images.forms import ReportForm
from depeches.images.models import Image
from depeches.images.moderation import Outcome, report_image
from depeches.images.pictures import THUMBNAIL_CONTENT_TYPE
from depeches.images.reporters import remember, reporter_of
from depeches.images.storage import media_path

log = logging.getLogger("depeches.images")

# The bytes behind a URL never change (the URL names one content hash), but a picture can
# be blocked: browsers keep it an hour, then ask again (a 304 while it is still shown).
KEEP_SECONDS = 3600

THANKS = gettext_lazy(
    "Merci d'avoir signalé! Cette image sera automatiquement bloquée après qu'elle soit "
    "signalée par plusieurs personnes."
)
ALREADY_BLOCKED = gettext_lazy("Cette image est déjà bloquée. Merci de l'avoir signalée.")


@require_safe
def original(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(Image, pk=pk)
    return serve_file(request, image, image.file, image.content_type, f'"{image.sha256}"')


@require_safe
def thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(Image, pk=pk)
    etag = f'"{image.sha256}.thumb"'
    return serve_file(request, image, image.thumbnail, THUMBNAIL_CONTENT_TYPE, etag)


def serve_file(
    request: HttpRequest, image: Image, relative_path: str, content_type: str, etag: str
) -> HttpResponse:
    if image.status == Image.Status.BLOCKED:
        return moderators_copy(request, relative_path, content_type)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = FileResponse(open_media(relative_path), content_type=content_type)
    if response.status_code in (200, 304):
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=KEEP_SECONDS)
    return response


def moderators_copy(request: HttpRequest, relative_path: str, content_type: str) -> HttpResponse:
    """A blocked picture is gone for readers; staff still see it, to review it in the admin,
    in a response no cache may keep."""
    user = getattr(request, "user", None)
    if user is None or not user.is_staff:
        return gone()
    response = FileResponse(open_media(relative_path), content_type=content_type)
    patch_cache_control(response, private=True, no_store=True)
    return response


def open_media(relative_path: str) -> BinaryIO:
    if not relative_path:
        raise Http404("no such file")
    try:
        return media_path(relative_path).open("rb")
    except FileNotFoundError:
        # The row is there but the file is not (media restored without it): say so once.
        log.warning("image file missing under %s: %s", settings.MEDIA_ROOT, relative_path)
        raise Http404("no such file") from None


def gone() -> HttpResponse:
    """410 for a blocked picture; not cacheable, since a moderator may restore it."""
    response = HttpResponseGone(
        "Image retirée / صورة محذوفة", content_type="text/plain; charset=utf-8"
    )
    patch_cache_control(response, no_cache=True, no_store=True)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the report form (where the page's "Signaler cette image" link leads without
    JavaScript). POST: the report; the page script posts it asking for JSON, in place."""
    image = get_object_or_404(Image, pk=pk)
    back = safe_next(request)
    if request.method != "POST":
        return report_page(request, image, ReportForm(), back)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return report_answer(request, image, back, form=form, status=400)
    reporter = reporter_of(request)
    outcome = report_image(
        image, reporter, form.cleaned_data["reason"], form.cleaned_data["detail"]
    )
    # Whatever was counted, the reader reads the same thanks: a reader's report is never
    # refused in a way that tells a flood which of its tricks stopped working.
    message = ALREADY_BLOCKED if outcome == Outcome.ALREADY_BLOCKED else THANKS
    response = report_answer(request, image, back, message=message)
    remember(reporter, response)
    return response


def report_page(
    request: HttpRequest,
    image: Image,
    form: ReportForm,
    back: str,
    *,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    response = render(
        request,
        "images/report.html",
        {"image": image, "form": form, "back": back, "message": message},
        status=status,
    )
    add_never_cache_headers(response)
    return response


def report_answer(
    request: HttpRequest,
    image: Image,
    back: str,
    *,
    message: str = "",
    form: ReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if wants_json(request):
        if form is not None:
            errors = [error for errors in form.errors.values() for error in errors]
            return JsonResponse({"error": " ".join(errors)}, status=status)
        return JsonResponse({"message": str(message)}, status=status)
    return report_page(
        request, image, form or ReportForm(), back, message=str(message), status=status
    )


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def safe_next(request: HttpRequest) -> str:
    """Where "back to the page" leads: the page the report came from, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else "/"

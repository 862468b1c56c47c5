"""The moderators' side: the queue of reported and blocked images, and their decisions.

"Images to review" lists images with reports that still count, or blocked; each row shows
the picture, its reports and the articles using it. The actions restore (optionally
protected), confirm a block or clear reports, each logged as a ModerationEvent with who did
it, shown on the image's page.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Max, Min, Q
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from depeches.images import moderation
from depeches.images.links import thumbnail_url
from depeches.images.models import Image, ImageReport, ImageToReview, ModerationEvent

ARTICLES_SHOWN = 3


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReportInline(ReadOnlyInline):
    model = ImageReport
    fields = ("created_at", "reason", "detail", "by_staff", "counts", "reporter_key")
    ordering = ("-created_at",)


class ModerationEventInline(ReadOnlyInline):
    model = ModerationEvent
    fields = ("created_at", "action", "actor", "note")
    ordering = ("-created_at",)


class ModerationActions:
    """The moderators' decisions, on the queue and on the list of every image."""

    actions = ("restore", "restore_and_protect", "confirm_block", "clear_reports")

    @admin.action(description=_("Rétablir les images choisies"))
    def restore(self, request, queryset) -> None:
        self.decide(request, queryset, lambda image: moderation.restore(image, request.user))

    @admin.action(description=_("Rétablir et protéger (jamais bloquées automatiquement)"))
    def restore_and_protect(self, request, queryset) -> None:
        self.decide(
            request,
            queryset,
            lambda image: moderation.restore(image, request.user, protect=True),
        )

    @admin.action(description=_("Confirmer le blocage"))
    def confirm_block(self, request, queryset) -> None:
        self.decide(request, queryset, lambda image: moderation.confirm_block(image, request.user))

    @admin.action(description=_("Effacer les signalements"))
    def clear_reports(self, request, queryset) -> None:
        self.decide(request, queryset, lambda image: moderation.clear_reports(image, request.user))

    def decide(self, request, queryset, decision) -> None:
        images = list(queryset)
        for image in images:
            decision(image)
        self.message_user(
            request,
            ngettext("%(count)d image traitée.", "%(count)d images traitées.", len(images))
            % {"count": len(images)},
            messages.SUCCESS,
        )


@admin.register(ImageToReview)
class ImageToReviewAdmin(ModerationActions, admin.ModelAdmin):
    list_display = (
        "preview",
        "status",
        "counting_reports",
        "all_reports",
        "reasons",
        "first_report",
        "last_report",
        "used_in",
    )
    list_filter = ("status",)
    list_display_links = ("preview",)
    inlines = (ReportInline, ModerationEventInline)
    readonly_fields = (
        "preview",
        "status",
        "blocked_at",
        "blocked_like",
        "source_url",
        "width",
        "height",
        "phash",
        "used_in",
    )
    fields = readonly_fields

    def get_queryset(self, request):
        counting = Q(reports__counts=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                counting_count=Count("reports", filter=counting, distinct=True),
                report_count=Count("reports", distinct=True),
                first_report_at=Min("reports__created_at"),
                last_report_at=Max("reports__created_at"),
            )
            .filter(Q(counting_count__gt=0) | Q(status=Image.Status.BLOCKED))
            .order_by("-last_report_at", "-blocked_at")
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("image"))
    def preview(self, image: Image) -> str:
        return format_html(
            '<img src="{}" alt="" width="160" style="max-height:120px;object-fit:contain">',
            thumbnail_url(image),
        )

    @admin.display(description=_("signalements qui comptent"), ordering="counting_count")
    def counting_reports(self, image: Image) -> int:
        return image.counting_count

    @admin.display(description=_("signalements"), ordering="report_count")
    def all_reports(self, image: Image) -> int:
        return image.report_count

    @admin.display(description=_("premier signalement"), ordering="first_report_at")
    def first_report(self, image: Image):
        return image.first_report_at

    @admin.display(description=_("dernier signalement"), ordering="last_report_at")
    def last_report(self, image: Image):
        return image.last_report_at

    @admin.display(description=_("motifs"))
    def reasons(self, image: Image) -> str:
        labels = dict(ImageReport.Reason.choices)
        counts = (
            image.reports.exclude(reason="").values("reason").annotate(n=Count("id")).order_by("-n")
        )
        return ", ".join(
            f"{labels.get(row['reason'], row['reason'])} ({row['n']})" for row in counts
        )

    @admin.display(description=_("articles"))
    def used_in(self, image: Image) -> str:
        uses = image.uses.select_related("article")[:ARTICLES_SHOWN]
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>',
            ((use.article.get_absolute_url(), use.article.title) for use in uses),
        )


@admin.register(Image)
class ImageAdmin(ModerationActions, admin.ModelAdmin):
    """Every stored image, to find one, with what moderators decided about it."""

    list_display = ("id", "source_url", "status", "width", "height", "created_at")
    list_filter = ("status",)
    search_fields = ("source_url", "sha256")
    readonly_fields = [field.name for field in Image._meta.fields]
    inlines = (ReportInline, ModerationEventInline)

    def has_add_permission(self, request) -> bool:
        return False

"""Readers' reports and moderators' decisions on images.

An image is blocked at once, everywhere, when DEPECHES_IMAGE_BLOCK_THRESHOLD different
reporters have reported it (a staff member's report is enough alone). Against one person
posing as many: at most DEPECHES_IMAGE_REPORTS_PER_IP reports on one image count from one IP
address hash, and past DEPECHES_IMAGE_REPORTS_PER_DAY reports a day from one reporter or one
address hash, nothing more is kept. A block spreads to near-identical pictures (perceptual
hashes at most DEPECHES_IMAGE_SIMILAR_DISTANCE bits apart), stored now or later.

Moderators restore (optionally protected: never blocked automatically again), confirm a
block or clear reports; every decision is a ModerationEvent. Pages holding an image are
made stale by the Image row's save (depeches.web.signals) or by bump_content_version.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from depeches.images.models import Image, ImageReport, ModerationEvent
from depeches.images.reporters import Reporter

Action = ModerationEvent.Action
Status = Image.Status
# Decisions a moderator took on an image: a block spreading from a similar picture does not
# overrule them.
MODERATOR_DECISIONS = (Action.RESTORE, Action.PROTECT)

# Sent when images changed status in bulk (QuerySet.update sends no post_save): the reader's
# site listens, to make the pages holding them stale once the transaction commits.
statuses_changed = Signal()


def statuses_changed_after_commit() -> None:
    transaction.on_commit(lambda: statuses_changed.send(sender=Image))


class Outcome(StrEnum):
    COUNTED = "counted"  # a new report, counted towards the threshold
    BLOCKED = "blocked"  # a new report, and the image is now blocked
    NOT_COUNTED = "not_counted"  # kept for moderators, but past the per-address limit
    REPEAT = "repeat"  # this reporter had reported it already: nothing changes
    OVER_DAILY_CAP = "over_daily_cap"  # too many reports today: not kept
    ALREADY_BLOCKED = "already_blocked"


def report_image(image: Image, reporter: Reporter, reason: str = "", detail: str = "") -> Outcome:
    """Record one reader's report on `image`, blocking it when it reaches the threshold."""
    with transaction.atomic():
        # Locked, so that two reports arriving together both see each other when counting.
        image = Image.objects.select_for_update().get(pk=image.pk)
        if image.status == Status.BLOCKED:
            return Outcome.ALREADY_BLOCKED
        if ImageReport.objects.filter(image=image, reporter_key=reporter.key).exists():
            return Outcome.REPEAT
        if over_daily_cap(reporter):
            return Outcome.OVER_DAILY_CAP
        counts = reporter.is_staff or reports_from_address(image, reporter.ip_hash) < (
            settings.DEPECHES_IMAGE_REPORTS_PER_IP
        )
        if not save_report(image, reporter, reason, detail, counts):
            return Outcome.REPEAT
        note = threshold_reached_note(image) if counts else None
        if note is not None:
            block(image, Action.AUTO_BLOCK, note=note)
            return Outcome.BLOCKED
        return Outcome.COUNTED if counts else Outcome.NOT_COUNTED


def save_report(image: Image, reporter: Reporter, reason: str, detail: str, counts: bool) -> bool:
    """False when the same reporter's report won a race to the row."""
    try:
        with transaction.atomic():
            ImageReport.objects.create(
                image=image,
                reporter_key=reporter.key,
                ip_hash=reporter.ip_hash,
                reason=reason,
                detail=detail,
                by_staff=reporter.is_staff,
                counts=counts,
            )
    except IntegrityError:
        return False
    return True


def over_daily_cap(reporter: Reporter) -> bool:
    if reporter.is_staff:
        return False
    since = timezone.now() - timedelta(days=1)
    cap = settings.DEPECHES_IMAGE_REPORTS_PER_DAY
    recent = ImageReport.objects.filter(created_at__gte=since)
    return (
        recent.filter(reporter_key=reporter.key).count() >= cap
        or recent.filter(ip_hash=reporter.ip_hash).count() >= cap
    )


def reports_from_address(image: Image, ip_hash: str) -> int:
    return image.reports.filter(ip_hash=ip_hash, counts=True).count()


def counting_reports(image: Image):
    return image.reports.filter(counts=True)


def threshold_reached_note(image: Image) -> str | None:
    """Why the image's counting reports block it ("reported by 3 readers"), or None when
    they do not (yet, or ever: a protected image)."""
    if image.status == Status.PROTECTED:
        return None
    reports = counting_reports(image)
    if reports.filter(by_staff=True).exists():
        return "reported by a staff member"
    reporters = reports.values("reporter_key").distinct().count()
    if reporters >= settings.DEPECHES_IMAGE_BLOCK_THRESHOLD:
        return f"reported by {reporters} readers"
    return None


# --- blocking and its spreading to near-identical pictures ------------------------------


def block(image: Image, action: str, *, actor=None, note: str = "") -> None:
    """Block `image` (a block decided on it, not spread from another) and its look-alikes."""
    with transaction.atomic():
        image.status = Status.BLOCKED
        image.blocked_at = timezone.now()
        image.blocked_like = None
        image.save(update_fields=["status", "blocked_at", "blocked_like"])
        ModerationEvent.objects.create(image=image, action=action, actor=actor, note=note)
        block_look_alikes(image)


def hamming_distance(phash: str, other: str) -> int:
    return (int(phash, 16) ^ int(other, 16)).bit_count()


def is_look_alike(phash: str, other: str) -> bool:
    if not phash or not other:
        return False
    return hamming_distance(phash, other) <= settings.DEPECHES_IMAGE_SIMILAR_DISTANCE


def block_look_alikes(source: Image) -> list[int]:
    """Block the stored pictures near-identical to `source`, except those a moderator
    restored. Scans every visible hash: blocks are rare, and a 64-bit XOR is cheap."""
    if not source.phash:
        return []
    candidates = (
        Image.objects.filter(status=Status.VISIBLE)
        .exclude(pk=source.pk)
        .exclude(phash="")
        .exclude(moderation_events__action__in=MODERATOR_DECISIONS)
        .values_list("pk", "phash")
    )
    alike = [pk for pk, phash in candidates.iterator() if is_look_alike(source.phash, phash)]
    if alike:
        Image.objects.filter(pk__in=alike).update(
            status=Status.BLOCKED, blocked_at=timezone.now(), blocked_like=source
        )
        ModerationEvent.objects.bulk_create(
            ModerationEvent(image_id=pk, action=Action.SIMILAR_BLOCK, note=like_note(source))
            for pk in alike
        )
        statuses_changed_after_commit()
    return alike


def like_note(source: Image) -> str:
    return f"near-identical to image {source.pk}"


def block_if_like_a_blocked_image(image: Image) -> bool:
    """For a picture just stored: blocked at once if it looks like one already blocked by
    readers or moderators (not one blocked only by likeness: blocks do not chain)."""
    if not image.phash or image.status != Status.VISIBLE:
        return False
    sources = Image.objects.filter(status=Status.BLOCKED, blocked_like__isnull=True).exclude(
        phash=""
    )
    for source_pk, phash in sources.values_list("pk", "phash").iterator():
        if is_look_alike(image.phash, phash):
            source = Image(pk=source_pk, phash=phash)
            Image.objects.filter(pk=image.pk).update(
                status=Status.BLOCKED, blocked_at=timezone.now(), blocked_like=source
            )
            image.status, image.blocked_like_id = Status.BLOCKED, source_pk
            ModerationEvent.objects.create(
                image=image, action=Action.SIMILAR_BLOCK, note=like_note(source)
            )
            statuses_changed_after_commit()
            return True
    return False


# --- moderators' decisions ---------------------------------------------------------------


def restore(image: Image, actor, *, protect: bool = False, note: str = "") -> None:
    """Show the image again. Its reports stop counting: blocking it again takes the
    threshold of new reporters, or never happens automatically if protected. Pictures
    blocked only for looking like it are restored with it."""
    with transaction.atomic():
        image.status = Status.PROTECTED if protect else Status.VISIBLE
        image.blocked_at = None
        image.blocked_like = None
        image.save(update_fields=["status", "blocked_at", "blocked_like"])
        image.reports.update(counts=False)
        action = Action.PROTECT if protect else Action.RESTORE
        ModerationEvent.objects.create(image=image, action=action, actor=actor, note=note)
        restore_look_alikes(image, actor)


def restore_look_alikes(source: Image, actor) -> None:
    alike = list(
        Image.objects.filter(status=Status.BLOCKED, blocked_like=source).values_list(
            "pk", flat=True
        )
    )
    if not alike:
        return
    Image.objects.filter(pk__in=alike).update(
        status=Status.VISIBLE, blocked_at=None, blocked_like=None
    )
    ModerationEvent.objects.bulk_create(
        ModerationEvent(
            image_id=pk, action=Action.RESTORE, actor=actor, note=f"with image {source.pk}"
        )
        for pk in alike
    )
    statuses_changed_after_commit()


def confirm_block(image: Image, actor, note: str = "") -> None:
    """A moderator's block: of an image not blocked yet, or one blocked by likeness, which
    then spreads to its own look-alikes."""
    if image.status == Status.BLOCKED and image.blocked_like_id is None:
        ModerationEvent.objects.create(image=image, action=Action.CONFIRM, actor=actor, note=note)
        return
    block(image, Action.CONFIRM, actor=actor, note=note)


def clear_reports(image: Image, actor, note: str = "") -> None:
    """The reports so far stop counting (the image stays as it is)."""
    with transaction.atomic():
        image.reports.update(counts=False)
        ModerationEvent.objects.create(image=image, action=Action.CLEAR, actor=actor, note=note)

"""Readers' reports: thresholds, distinct reporters, per-address counting, daily caps,
look-alike pictures, and the moderators' restore, protect, confirm and clear."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image as PillowImage

from depeches.images import moderation
from depeches.images.download import DownloadedImage, check_image
from depeches.images.models import Image, ImageReport, ModerationEvent
from depeches.images.moderation import Outcome, report_image
from depeches.images.reporters import Reporter
from depeches.images.storage import store_image
from depeches.web.content_version import current_version
from tests.images.samples import encode, picture

pytestmark = pytest.mark.django_db

Action = ModerationEvent.Action


def stored(content: bytes, name: str = "a") -> Image:
    result = check_image(
        f"https://outlet.example/{name}.jpg", content, max_bytes=10**7, max_pixels=10**8
    )
    assert isinstance(result, DownloadedImage)
    return store_image(result, result.url)


@pytest.fixture
def image(media_root) -> Image:
    return stored(picture("reported"), "reported")


def reader(number: int, address: int | None = None) -> Reporter:
    """Reader `number`, from their own address unless `address` says whose."""
    return Reporter(key=f"cookie-{number}", ip_hash=f"address-{address or number}")


def staff_member() -> Reporter:
    user = get_user_model().objects.create_user("moderatrice", is_staff=True)
    return Reporter(key=f"staff:{user.pk}", ip_hash="address-staff", is_staff=True)


def refreshed(image: Image) -> Image:
    image.refresh_from_db()
    return image


def test_three_different_readers_block_an_image(image, settings):
    assert settings.DEPECHES_IMAGE_BLOCK_THRESHOLD == 3
    assert report_image(image, reader(1), "violent") == Outcome.COUNTED
    assert report_image(image, reader(2)) == Outcome.COUNTED
    assert refreshed(image).status == Image.Status.VISIBLE
    assert report_image(image, reader(3), "other", "Choquant") == Outcome.BLOCKED
    image = refreshed(image)
    assert image.status == Image.Status.BLOCKED and image.blocked_at is not None
    event = image.moderation_events.get()
    assert event.action == Action.AUTO_BLOCK and event.actor is None
    assert event.note == "reported by 3 readers"


def test_the_threshold_comes_from_the_settings(image, settings):
    settings.DEPECHES_IMAGE_BLOCK_THRESHOLD = 2
    report_image(image, reader(1))
    assert report_image(image, reader(2)) == Outcome.BLOCKED


def test_one_reader_reporting_again_changes_nothing(image):
    assert report_image(image, reader(1)) == Outcome.COUNTED
    for _ in range(3):
        assert report_image(image, reader(1), "violent") == Outcome.REPEAT
    assert ImageReport.objects.count() == 1
    assert refreshed(image).status == Image.Status.VISIBLE


def test_fresh_cookies_from_one_address_count_twice_at_most(image):
    outcomes = [report_image(image, reader(number, address=7)) for number in range(1, 6)]
    assert outcomes[:2] == [Outcome.COUNTED, Outcome.COUNTED]
    assert set(outcomes[2:]) == {Outcome.NOT_COUNTED}
    assert refreshed(image).status == Image.Status.VISIBLE
    # Kept for moderators, but not counted.
    assert ImageReport.objects.filter(counts=False).count() == 3
    assert report_image(image, reader(9)) == Outcome.BLOCKED


def test_a_daily_cap_per_reader_and_per_address(media_root, settings):
    settings.DEPECHES_IMAGE_REPORTS_PER_DAY = 3
    images = [stored(picture(f"cap-{n}"), f"cap-{n}") for n in range(5)]
    outcomes = [report_image(image, reader(1)) for image in images]
    assert outcomes == [Outcome.COUNTED] * 3 + [Outcome.OVER_DAILY_CAP] * 2
    # The same address with new cookies is capped too.
    flood = [report_image(images[4], reader(number, address=1)) for number in (2, 3)]
    assert flood == [Outcome.OVER_DAILY_CAP] * 2
    assert ImageReport.objects.count() == 3
    # Yesterday's reports no longer weigh.
    ImageReport.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert report_image(images[3], reader(1)) == Outcome.COUNTED


def test_a_staff_report_blocks_alone(image):
    assert report_image(image, staff_member(), "copyright") == Outcome.BLOCKED
    assert refreshed(image).status == Image.Status.BLOCKED
    assert image.moderation_events.get().note == "reported by a staff member"


def test_a_blocked_image_takes_no_more_reports(image):
    moderation.block(image, Action.CONFIRM)
    assert report_image(image, reader(1)) == Outcome.ALREADY_BLOCKED
    assert not ImageReport.objects.exists()


def test_blocking_makes_pages_stale(image, django_capture_on_commit_callbacks):
    before = current_version().number
    with django_capture_on_commit_callbacks(execute=True):
        for number in (1, 2, 3):
            report_image(image, reader(number))
    assert current_version().number > before


def test_restore_needs_as_many_new_reporters(image):
    for number in (1, 2, 3):
        report_image(image, reader(number))
    moderator = get_user_model().objects.create_user("modo", is_staff=True)
    moderation.restore(image, moderator, note="photo d'archive")
    image = refreshed(image)
    assert image.status == Image.Status.VISIBLE and image.blocked_at is None
    # The earlier reporters are heard once only; two new ones are not enough.
    assert report_image(image, reader(1)) == Outcome.REPEAT
    assert report_image(image, reader(4)) == Outcome.COUNTED
    assert report_image(image, reader(5)) == Outcome.COUNTED
    assert report_image(image, reader(6)) == Outcome.BLOCKED
    actions = list(image.moderation_events.order_by("pk").values_list("action", "actor"))
    assert actions == [
        (Action.AUTO_BLOCK, None),
        (Action.RESTORE, moderator.pk),
        (Action.AUTO_BLOCK, None),
    ]


def test_a_protected_image_is_never_blocked_automatically(image):
    moderation.restore(image, None, protect=True)
    for number in range(1, 8):
        report_image(image, reader(number))
    assert refreshed(image).status == Image.Status.PROTECTED
    assert report_image(image, staff_member()) == Outcome.COUNTED
    assert refreshed(image).status == Image.Status.PROTECTED
    # A moderator can still block it.
    moderation.confirm_block(image, None)
    assert refreshed(image).status == Image.Status.BLOCKED


def test_clearing_reports_starts_the_count_again(image):
    report_image(image, reader(1))
    report_image(image, reader(2))
    moderation.clear_reports(image, None)
    assert report_image(image, reader(3)) == Outcome.COUNTED
    assert refreshed(image).status == Image.Status.VISIBLE
    assert image.moderation_events.get().action == Action.CLEAR


# --- the same picture elsewhere ------------------------------------------------------------


def resized_and_recompressed(content: bytes, size: tuple[int, int], quality: int) -> bytes:
    original = PillowImage.open(io.BytesIO(content))
    return encode(original.resize(size), "JPEG", quality=quality)


def test_a_block_spreads_to_near_identical_pictures_already_stored(image):
    original = picture("reported")
    smaller = stored(resized_and_recompressed(original, (320, 180), 60), "smaller")
    png = stored(encode(PillowImage.open(io.BytesIO(original)), "PNG"), "png")
    unrelated = stored(picture("something else"), "unrelated")
    assert moderation.hamming_distance(image.phash, smaller.phash) <= 6
    for number in (1, 2, 3):
        report_image(image, reader(number))
    assert refreshed(smaller).status == Image.Status.BLOCKED
    assert refreshed(png).status == Image.Status.BLOCKED
    assert smaller.blocked_like_id == image.pk
    assert refreshed(unrelated).status == Image.Status.VISIBLE
    event = smaller.moderation_events.get()
    assert (
        event.action == Action.SIMILAR_BLOCK and event.note == f"near-identical to image {image.pk}"
    )


def test_a_near_identical_picture_arriving_later_is_blocked_at_once(image):
    moderation.block(image, Action.AUTO_BLOCK)
    later = stored(resized_and_recompressed(picture("reported"), (480, 270), 40), "later")
    assert later.status == Image.Status.BLOCKED
    assert refreshed(later).blocked_like_id == image.pk
    assert stored(picture("unrelated"), "unrelated").status == Image.Status.VISIBLE


def test_the_distance_is_a_setting(image, settings):
    settings.DEPECHES_IMAGE_SIMILAR_DISTANCE = 0
    moderation.block(image, Action.AUTO_BLOCK)
    other = stored(resized_and_recompressed(picture("reported"), (200, 113), 20), "other")
    assert 0 < moderation.hamming_distance(image.phash, other.phash) <= 6
    assert other.status == Image.Status.VISIBLE


def test_blocks_do_not_chain_and_moderators_decisions_stand(image):
    restored = stored(resized_and_recompressed(picture("reported"), (320, 180), 70), "restored")
    moderation.restore(restored, None)
    moderation.block(image, Action.AUTO_BLOCK)
    assert refreshed(restored).status == Image.Status.VISIBLE
    # Restoring the source restores what was blocked only for looking like it.
    look_alike = stored(resized_and_recompressed(picture("reported"), (400, 225), 50), "alike")
    assert look_alike.status == Image.Status.BLOCKED
    moderation.restore(image, None)
    assert refreshed(look_alike).status == Image.Status.VISIBLE


def test_confirming_a_block_by_likeness_makes_it_a_block_of_its_own(image):
    moderation.block(image, Action.AUTO_BLOCK)
    look_alike = stored(resized_and_recompressed(picture("reported"), (320, 180), 50), "alike")
    moderation.confirm_block(look_alike, None, note="vérifiée")
    look_alike = refreshed(look_alike)
    assert look_alike.status == Image.Status.BLOCKED and look_alike.blocked_like_id is None
    moderation.restore(image, None)
    assert refreshed(look_alike).status == Image.Status.BLOCKED


def test_settings_are_checked(settings):
    from django.core import checks

    settings.DEPECHES_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8", "proxy.local"]
    settings.DEPECHES_IMAGE_BLOCK_THRESHOLD = 0
    errors = {error.id: error.msg for error in checks.run_checks()}
    assert "'proxy.local'" in errors["depeches.images.E001"]
    assert "DEPECHES_IMAGE_BLOCK_THRESHOLD" in errors["depeches.images.E002"]


def test_a_staff_members_report_on_the_site_blocks_at_once(image, admin_client):
    admin_client.get(f"/images/{image.pk}/signaler/")
    response = admin_client.post(f"/images/{image.pk}/signaler/", {"reason": "violent"})
    assert response.status_code == 200
    assert refreshed(image).status == Image.Status.BLOCKED
    report = ImageReport.objects.get()
    assert report.by_staff and report.reporter_key.startswith("staff:")

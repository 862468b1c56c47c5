"""The moderators' queue in the admin: what it lists, what its actions do, what it logs."""

from __future__ import annotations

import pytest

from depeches.images.models import Image, ModerationEvent
from depeches.images.moderation import report_image
from depeches.images.reporters import Reporter
from tests.web.conftest import html_of, make_article, make_outlet, make_picture, one, text_of

pytestmark = pytest.mark.django_db

QUEUE = "/admin/images/imagetoreview/"


@pytest.fixture
def pictures(media_root):
    article = make_article(make_outlet(), "Article illustré")
    reported, blocked, quiet = (make_picture(article, position=n).image for n in range(3))
    report_image(reported, Reporter("cookie-1", "address-1"), "violent", "<b>choquant</b>")
    for number in (1, 2, 3):
        report_image(blocked, Reporter(f"cookie-{number}", f"address-{number}"), "copyright")
    return reported, blocked, quiet


def test_the_queue_lists_reported_and_blocked_images_with_their_reports(admin_client, pictures):
    reported, blocked, quiet = pictures
    page = html_of(admin_client.get(QUEUE))
    rows = page.cssselect("#result_list tbody tr")
    ids = {one(row, "input.action-select").get("value") for row in rows}
    assert ids == {str(reported.pk), str(blocked.pk)}
    text = text_of(one(page, "#result_list"))
    assert "Atteinte au droit d'auteur (3)" in text and "Article illustré" in text
    detail = admin_client.get(f"{QUEUE}{reported.pk}/change/").content.decode()
    assert "&lt;b&gt;choquant&lt;/b&gt;" in detail


def act(admin_client, action: str, image: Image):
    return admin_client.post(QUEUE, {"action": action, "_selected_action": [image.pk]}, follow=True)


def test_restore_and_protect_are_logged_with_who_did_it(admin_client, admin_user, pictures):
    _, blocked, _ = pictures
    assert act(admin_client, "restore_and_protect", blocked).status_code == 200
    blocked.refresh_from_db()
    assert blocked.status == Image.Status.PROTECTED
    event = blocked.moderation_events.first()
    assert (event.action, event.actor) == (ModerationEvent.Action.PROTECT, admin_user)
    # No longer in the queue; its history shows on its page among all images.
    assert str(blocked.pk) not in {
        one(row, "input.action-select").get("value")
        for row in html_of(admin_client.get(QUEUE)).cssselect("#result_list tbody tr")
    }
    page = admin_client.get(f"/admin/images/image/{blocked.pk}/change/").content.decode()
    assert "Restored and protected" in page and admin_user.username in page


def test_confirm_and_clear(admin_client, admin_user, pictures):
    reported, _, _ = pictures
    act(admin_client, "confirm_block", reported)
    reported.refresh_from_db()
    assert reported.status == Image.Status.BLOCKED
    act(admin_client, "clear_reports", reported)
    assert not reported.reports.filter(counts=True).exists()
    actions = list(reported.moderation_events.order_by("pk").values_list("action", flat=True))
    assert actions == [ModerationEvent.Action.CONFIRM, ModerationEvent.Action.CLEAR]


def test_only_staff_reach_the_queue(client, pictures):
    assert client.get(QUEUE).status_code == 302  # to the login page


def test_moderators_still_see_a_blocked_picture_readers_do_not(admin_client, client, pictures):
    _, blocked, _ = pictures
    for url in (f"/images/{blocked.pk}/", f"/images/{blocked.pk}/thumb.webp"):
        assert client.get(url).status_code == 410
        response = admin_client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        # Read to the end (the test client then closes it without closing the database
        # connection, as response.close() would on PostgreSQL).
        assert b"".join(response.streaming_content)

"""/images/<id>/signaler/: the report form and its answers, as readers and floods meet them."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from depeches.images.models import Image, ImageReport
from depeches.images.reporters import COOKIE_NAME, client_address, hash_address
from tests.web.conftest import html_of, make_article, make_outlet, make_picture, one, text_of

pytestmark = pytest.mark.django_db

THANKS = (
    "Merci d'avoir signalé! Cette image sera automatiquement bloquée après qu'elle soit "
    "signalée par plusieurs personnes."
)
THANKS_AR = "شكرا على الإبلاغ! سيتم حظر هذه الصورة تلقائيا بعد أن يبلغ عنها عدة أشخاص."


@pytest.fixture
def article(media_root):
    return make_article(make_outlet(), "Une dépêche illustrée")


@pytest.fixture
def image(article) -> Image:
    return make_picture(article).image


def report_url(image: Image) -> str:
    return f"/images/{image.pk}/signaler/"


def reader(address: str = "127.0.0.1", language: str = "fr") -> Client:
    """A browser of its own (its own cookies), CSRF checks on as in production."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)


def post_report(client: Client, image: Image, json_answer: bool = False, **fields):
    """What the form does: read the page's token, then post."""
    form_page = client.get(report_url(image))
    token = one(html_of(form_page), ".report-form input[name=csrfmiddlewaretoken]").get("value")
    headers = {"accept": "application/json"} if json_answer else {}
    data = {"reason": "inappropriate", "detail": "", "csrfmiddlewaretoken": token} | fields
    return client.post(report_url(image), data, headers=headers)


def test_the_form_page_offers_the_reasons_and_leads_back(image, article):
    page = reader().get(report_url(image) + f"?next={article.get_absolute_url()}")
    assert page.status_code == 200
    document = html_of(page)
    assert text_of(one(document, "main h1")) == "Signaler cette image"
    reasons = [
        radio.get("value") for radio in document.cssselect(".report-form input[name=reason]")
    ]
    assert reasons == ["inappropriate", "violent", "copyright", "other"]
    assert one(document, ".report-page textarea[name=detail]") is not None
    assert one(document, ".report-page input[name=next]").get("value") == article.get_absolute_url()
    assert "no-cache" in page["Cache-Control"]


def test_a_report_is_thanked_with_the_message_of_the_reference_page(image):
    client = reader()
    response = post_report(client, image, reason="violent", detail="Trop violent")
    assert response.status_code == 200
    assert text_of(one(html_of(response), ".report-page .report-message")) == THANKS
    report = ImageReport.objects.get()
    assert (report.reason, report.detail, report.counts) == ("violent", "Trop violent", True)
    # The reader is told apart by a signed cookie, and no raw address is stored.
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "127.0.0.1" not in report.ip_hash and len(report.ip_hash) == 64


def test_the_page_script_gets_the_message_as_json(image):
    response = post_report(reader(), image, json_answer=True)
    assert response.status_code == 200
    assert json.loads(response.content) == {"message": THANKS}


def test_the_arabic_interface_thanks_in_arabic(image):
    response = post_report(reader(language="ar"), image, json_answer=True)
    assert json.loads(response.content) == {"message": THANKS_AR}


def test_a_repeat_is_thanked_and_stored_once(image):
    client = reader()
    for _ in range(3):
        assert (
            text_of(one(html_of(post_report(client, image)), ".report-page .report-message"))
            == THANKS
        )
    assert ImageReport.objects.count() == 1
    assert Image.objects.get(pk=image.pk).status == Image.Status.VISIBLE


def test_a_forged_reader_cookie_makes_a_new_reader(image):
    client = reader()
    post_report(client, image)
    client.cookies[COOKIE_NAME] = client.cookies[COOKIE_NAME].value[:-3] + "abc"
    post_report(client, image)
    assert ImageReport.objects.values("reporter_key").distinct().count() == 2


def test_a_flood_of_fresh_cookies_from_one_address_cannot_block(image):
    for _ in range(6):
        assert post_report(reader(), image).status_code == 200
    assert ImageReport.objects.filter(counts=True).count() == 2
    assert Image.objects.get(pk=image.pk).status == Image.Status.VISIBLE


def test_three_readers_behind_a_trusted_proxy_block_it_everywhere(image, article, settings):
    settings.DEPECHES_TRUSTED_PROXIES = ["127.0.0.1"]
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        client = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_FOR=address)
        assert post_report(client, image).status_code == 200
    assert Image.objects.get(pk=image.pk).status == Image.Status.BLOCKED
    visitor = Client()
    assert visitor.get(f"/images/{image.pk}/").status_code == 410
    assert visitor.get(f"/images/{image.pk}/thumb.webp").status_code == 410
    page = html_of(visitor.get(article.get_absolute_url()))
    assert text_of(one(page, ".picture.blocked")) == "Image bloquée après signalements"
    assert not page.cssselect(f'img[src^="/images/{image.pk}/"]')


def test_forwarded_addresses_from_untrusted_peers_are_ignored(image, settings):
    settings.DEPECHES_TRUSTED_PROXIES = []
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        post_report(Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_FOR=address), image)
    assert Image.objects.get(pk=image.pk).status == Image.Status.VISIBLE


def test_client_address_reads_forwarded_for_from_the_right(rf, settings):
    settings.DEPECHES_TRUSTED_PROXIES = ["127.0.0.1", "172.16.0.0/12"]
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 41.250.1.2, 172.17.0.5")
    assert client_address(request) == "41.250.1.2"
    garbage = rf.get("/", HTTP_X_FORWARDED_FOR="not an address")
    assert client_address(garbage) == "127.0.0.1"
    direct = rf.get("/", REMOTE_ADDR="41.250.1.2", HTTP_X_FORWARDED_FOR="10.0.0.9")
    assert client_address(direct) == "41.250.1.2"


def test_address_hashes_rotate_daily():
    from datetime import date

    today = hash_address("41.250.1.2", date(2026, 11, 28))
    assert today == hash_address("41.250.1.2", date(2026, 11, 28))
    assert today != hash_address("41.250.1.2", date(2026, 11, 29))
    assert today != hash_address("41.250.1.3", date(2026, 11, 28))


def test_an_unknown_image_is_a_404(image):
    response = reader().post("/images/999999/signaler/", {"reason": "other"})
    assert response.status_code in (403, 404)  # no token: refused before looking
    assert reader().get("/images/999999/signaler/").status_code == 404


def test_an_already_blocked_image_says_so(image):
    client = reader()
    form_page = client.get(report_url(image))
    token = one(html_of(form_page), ".report-form input[name=csrfmiddlewaretoken]").get("value")
    Image.objects.filter(pk=image.pk).update(status=Image.Status.BLOCKED)
    response = client.post(report_url(image), {"csrfmiddlewaretoken": token, "reason": "other"})
    assert "déjà bloquée" in text_of(one(html_of(response), ".report-page .report-message"))
    assert not ImageReport.objects.exists()


def test_a_missing_or_forged_token_is_refused_in_the_sites_style(image):
    missing = reader().post(report_url(image), {"reason": "violent"})
    assert missing.status_code == 403
    forged = reader()
    forged.cookies["csrftoken"] = "x" * 32
    response = forged.post(
        report_url(image), {"reason": "violent", "csrfmiddlewaretoken": "y" * 32}
    )
    assert response.status_code == 403
    assert "depeches" in text_of(one(html_of(response), ".brand"))
    assert not ImageReport.objects.exists()


def test_html_in_the_reason_is_kept_as_text(image, admin_client):
    post_report(reader(), image, reason="other", detail='<script>alert("x")</script><b>gras</b>')
    assert ImageReport.objects.get().detail == '<script>alert("x")</script><b>gras</b>'
    page = admin_client.get(f"/admin/images/imagetoreview/{image.pk}/change/").content.decode()
    assert '<script>alert("x")' not in page
    assert "&lt;script&gt;" in page


def test_a_100_kb_reason_is_refused_clearly_and_nothing_stored(image):
    response = post_report(reader(), image, detail="x" * 100_000)
    assert response.status_code == 400
    assert "500" in text_of(one(html_of(response), ".form-errors"))
    assert not ImageReport.objects.exists()
    as_json = post_report(reader(), image, json_answer=True, detail="x" * 100_000)
    assert as_json.status_code == 400 and "500" in json.loads(as_json.content)["error"]


def test_an_unknown_reason_is_refused(image):
    assert post_report(reader(), image, reason="<b>").status_code == 400
    assert not ImageReport.objects.exists()


def test_control_characters_are_dropped(image):
    post_report(reader(), image, detail="Texte\x07 avec\x1b[31m bruit")
    assert ImageReport.objects.get().detail == "Texte avec[31m bruit"


def test_other_methods_are_refused(image):
    client = reader()
    client.get(report_url(image))
    token = {"x-csrftoken": client.cookies["csrftoken"].value}
    assert client.put(report_url(image), headers=token).status_code == 405
    assert client.delete(report_url(image), headers=token).status_code == 405


def test_only_our_own_pages_are_led_back_to(image):
    page = reader().get(report_url(image) + "?next=https://evil.example/")
    assert one(html_of(page), ".report-page input[name=next]").get("value") == "/"


def test_every_shown_picture_carries_its_report_control(image, article):
    client = Client()
    page = html_of(client.get(article.get_absolute_url()))
    link = one(page, f'.picture.lead[data-image-id="{image.pk}"] a.report-link')
    assert text_of(link) == "Signaler cette image"
    assert link.get("href").startswith(report_url(image) + "?next=")
    home = html_of(client.get("/"))
    compact = one(home, f'.picture.thumbnail[data-image-id="{image.pk}"] a.report-link')
    assert text_of(compact).endswith("Signaler cette image")
    assert one(home, "template#report-form") is not None

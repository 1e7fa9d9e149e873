"""PLAN-4, PLAN-5, U-1: notifications: a page of one's own (newest first, paged), "Đánh dấu đã đọc" per item and
"Đánh dấu tất cả đã đọc" (POST, one's own only: another user's id is not found and changes nothing), an unread
badge in the menu, and opening a notification's link marks it read."""

import pytest
from django.test import Client
from django.urls import reverse

from cchc.core.models import Notification
from cchc.core.notify import notify
from tests.factories import world

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _notify(w, agency, message: str, link: str = "") -> None:
    notify([agency], province=w.province, subject="Thử", message=message, link=link)


def _unread(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def test_PLAN_4_the_notifications_page_lists_ones_own_newest_first_in_pages():
    """PLAN-4, U-1: newest first, 20 a page, only one's own."""
    w = world()
    for i in range(25):
        _notify(w, w.ordinary, f"Thông báo số {i:02d}")
    _notify(w, w.domain, "Thông báo của Sở Tư pháp")
    client = _client(w.user("ordinary_focal"))
    first = client.get(reverse("notifications")).content.decode()
    assert "Thông báo số 24" in first and "Thông báo số 05" in first and "Thông báo số 04" not in first
    assert first.index("Thông báo số 24") < first.index("Thông báo số 23")
    assert "Thông báo của Sở Tư pháp" not in first
    assert "Trang 1/2" in first
    second = client.get(reverse("notifications"), {"trang": "2"}).content.decode()
    assert "Thông báo số 04" in second and "Thông báo số 00" in second and "Thông báo số 24" not in second
    assert client.get(reverse("notifications"), {"trang": "²"}).status_code == 200


def test_PLAN_4_mark_one_read_only_ones_own():
    """PLAN-4, SEC-1: "Đánh dấu đã đọc" marks one's own notification; another user's id is 404 and nothing
    changes."""
    w = world()
    _notify(w, w.ordinary, "Đề nghị gửi đề xuất")
    mine = Notification.objects.get(user=w.user("ordinary_focal"))
    theirs = Notification.objects.get(user=w.user("ordinary_leader"))
    client = _client(w.user("ordinary_focal"))
    assert client.post(reverse("notification-read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.post(reverse("notification-read", args=[10**22])).status_code == 404
    response = client.post(reverse("notification-read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("notification-read", args=[mine.pk])).status_code == 405


def test_PLAN_4_mark_all_read_marks_only_ones_own():
    """PLAN-4: "Đánh dấu tất cả đã đọc" marks every unread notification of the user, and nobody else's."""
    w = world()
    for i in range(3):
        _notify(w, w.ordinary, f"Thông báo {i}")
    client = _client(w.user("ordinary_focal"))
    assert "Đánh dấu tất cả đã đọc" in client.get(reverse("notifications")).content.decode()
    assert client.post(reverse("notifications-read-all")).status_code == 302
    assert _unread(w.user("ordinary_focal")) == 0
    assert _unread(w.user("ordinary_leader")) == 3
    assert "Đánh dấu tất cả đã đọc" not in client.get(reverse("notifications")).content.decode()


def test_PLAN_4_opening_a_notification_marks_it_read_and_follows_its_link():
    """PLAN-4: opening the link marks the notification read; a link to another site is not followed."""
    w = world()
    url = reverse("call-list", args=[w.province.slug])
    _notify(w, w.ordinary, "Đề nghị gửi đề xuất", link=f"http://testserver{url}")
    _notify(w, w.ordinary, "Liên kết lạ", link="https://evil.example/phishing")
    client = _client(w.user("ordinary_focal"))
    good = Notification.objects.get(user=w.user("ordinary_focal"), message="Đề nghị gửi đề xuất")
    bad = Notification.objects.get(user=w.user("ordinary_focal"), message="Liên kết lạ")
    response = client.post(reverse("notification-open", args=[good.pk]))
    assert response.status_code == 302 and response["Location"].endswith(url)
    good.refresh_from_db()
    assert good.read_at is not None
    response = client.post(reverse("notification-open", args=[bad.pk]))
    assert response["Location"] == reverse("notifications")
    other = Notification.objects.get(user=w.user("ordinary_leader"), message="Liên kết lạ")
    assert client.post(reverse("notification-open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_U_1_the_menu_shows_the_unread_count_and_the_province_page_the_unread_notifications():
    """U-1: an unread badge in the menu; the province page lists unread notifications with their button."""
    w = world()
    _notify(w, w.ordinary, "Đề nghị gửi đề xuất")
    _notify(w, w.ordinary, "Đề nghị góp ý dự thảo")
    client = _client(w.user("ordinary_focal"))
    html = client.get(reverse("province", args=[w.province.slug])).content.decode()
    notifications = html[html.index('id="nav-notifications"') :]
    notifications = notifications[: notifications.index("</a>")]
    assert "Thông báo" in notifications and '<span class="badge rounded-pill text-bg-danger">2</span>' in notifications
    assert "Đề nghị góp ý dự thảo" in html and "Đánh dấu đã đọc" in html
    client.post(reverse("notifications-read-all"))
    html = client.get(reverse("province", args=[w.province.slug])).content.decode()
    assert "text-bg-danger" not in html and "Đề nghị góp ý dự thảo" not in html


def test_SEC_1_anonymous_visitors_are_sent_to_log_in():
    """SEC-1: the notifications are behind the login."""
    response = Client().get(reverse("notifications"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

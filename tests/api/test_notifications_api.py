"""TRK-4, U-5: a person reads their own notifications through the API and marks one read; another person's
notification is 404 and stays unread."""

import pytest

from cchc.api.services import create_token
from cchc.core.models import Notification
from tests.factories import world

pytestmark = pytest.mark.django_db


def _auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user.username)}"}


def test_TRK_4_api_lists_ones_own_notifications_and_marks_one_read(client):
    """TRK-4, U-5: newest first, `?unread=true` leaves out what was read; POST …/read marks it read (twice is
    harmless); someone else's is 404 and nothing changes; without a token 401."""
    w = world()
    me, other = w.user("ordinary_focal"), w.user("domain_focal")
    old = Notification.objects.create(user=me, province=w.province, message="Nhắc hạn nhiệm vụ", link="/a/")
    new = Notification.objects.create(user=me, province=w.province, message="Kế hoạch cần góp ý", link="/b/")
    theirs = Notification.objects.create(user=other, province=w.province, message="Của người khác")
    listed = client.get("/api/v1/notifications", **_auth(me)).json()
    assert [n["id"] for n in listed] == [new.pk, old.pk]
    assert listed[0]["province"] == w.province.slug and listed[0]["read_at"] is None
    read = client.post(f"/api/v1/notifications/{old.pk}/read", **_auth(me))
    assert read.status_code == 200 and read.json()["read_at"]
    assert client.post(f"/api/v1/notifications/{old.pk}/read", **_auth(me)).status_code == 200
    assert [n["id"] for n in client.get("/api/v1/notifications?unread=true", **_auth(me)).json()] == [new.pk]
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read", **_auth(me)).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.get("/api/v1/notifications?limit=100000", **_auth(me)).status_code == 422

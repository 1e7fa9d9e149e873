"""The notifications part of the API (TRK-4, U-5): a person reads their own notifications and marks them read;
another person's notification is "not found", as on the pages (web/views.py)."""

import datetime as dt

from django.http import Http404
from ninja import Field, Query, Router, Schema

from cchc.api.schemas import ERRORS, Id
from cchc.core import notify

router = Router(tags=["Thông báo"])

RULE = {"x-rule": "core.own_notifications"}


class NotificationOut(Schema):
    id: int
    province: str | None
    message: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationQuery(Schema):
    unread: bool = Field(False, description="Chỉ những thông báo chưa đọc")
    limit: int = Field(50, ge=1, le=200, description="Số thông báo tối đa, mới nhất trước")


def _out(n) -> dict:
    return {
        "id": n.pk,
        "province": n.province.slug if n.province_id else None,
        "message": n.message,
        "link": n.link,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get(
    "/notifications",
    response={200: list[NotificationOut], **ERRORS},
    summary="Thông báo của tôi, mới nhất trước",
    openapi_extra=RULE,
)
def list_notifications(request, filters: Query[NotificationQuery]):
    notifications = request.user.notifications.select_related("province")
    if filters.unread:
        notifications = notifications.filter(read_at__isnull=True)
    return [_out(n) for n in notifications[: filters.limit]]


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    summary="Đánh dấu một thông báo của tôi là đã đọc",
    openapi_extra=RULE,
)
def read_notification(request, notification_id: int = Id()):
    notification = notify.mark_read(request.user, notification_id)
    if notification is None:
        raise Http404
    return _out(notification)

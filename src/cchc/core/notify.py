"""Tell people about a piece of work: a notification in the app, and an e-mail to those who chose e-mail (TRK-4).

Who is told is decided by the caller (the routing service, the reminders); here the agencies become people: the
active leaders and focal officers of each agency. Everyone is told in the app; an e-mail goes only to a person
with an address whose setting "Nhận thư điện tử" is on (the default). E-mails are written in Vietnamese and carry
the link as an absolute address (`CCHC_SITE_URL`), so they open from a mail program.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from cchc.core.models import Notification, NotificationSetting

logger = logging.getLogger(__name__)

SUBJECT_MAX = 200  # characters of an e-mail's subject (a task's title can be long)


def people_of(agencies) -> list:
    from cchc.agencies.models import Membership

    memberships = (
        Membership.objects.active()
        .filter(agency__in=list(agencies), role__in=["leader", "focal"], user__is_active=True)
        .select_related("user")
    )
    return list({m.user_id: m.user for m in memberships}.values())


# --- e-mail --------------------------------------------------------------------------------------------------


def absolute(link: str) -> str:
    """A link as an e-mail needs it: a path of the site becomes an address under CCHC_SITE_URL."""
    if link.startswith("/") and not link.startswith("//"):
        return f"{settings.CCHC_SITE_URL}{link}"
    return link


def wants_email(user) -> bool:
    """TRK-4: the person's choice (on unless they turned it off)."""
    setting = NotificationSetting.objects.filter(user=user).first()
    return setting.email if setting else True


def email_recipients(users) -> list:
    """The users to e-mail: those with an address whose setting is not off (one query)."""
    users = [u for u in users if u.email]
    if not users:
        return []
    off = set(
        NotificationSetting.objects.filter(user__in=[u.pk for u in users], email=False).values_list(
            "user_id", flat=True
        )
    )
    return [u for u in users if u.pk not in off]


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def compose(user, *, subject: str, message: str, link: str = "") -> EmailMessage:
    """One e-mail in Vietnamese: the greeting, the message, the link, and how to stop e-mails."""
    lines = [f"Kính gửi {_name(user)},", "", message]
    if link:
        lines += ["", f"Xem chi tiết: {absolute(link)}"]
    lines += [
        "",
        "--",
        "Thư này do hệ thống điều phối cải cách hành chính (CCHC) gửi tự động; vui lòng không trả lời thư.",
        "Để thôi nhận thư điện tử, bỏ chọn «Nhận thư điện tử» tại trang Thông báo: "
        f"{settings.CCHC_SITE_URL}/thong-bao/",
    ]
    title = f"[CCHC] {subject}".replace("\n", " ").replace("\r", " ")
    if len(title) > SUBJECT_MAX:
        title = title[: SUBJECT_MAX - 1] + "…"
    return EmailMessage(title, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])


def deliver(messages: list[EmailMessage], *, stream=None) -> tuple[int, int]:
    """Send e-mails over one connection; a message that fails is logged and counted, the others still go.
    (sent, failed). `stream`: where the console backend (`make demo`) prints them (a command keeps its standard
    output for its own report)."""
    if not messages:
        return 0, 0
    sent = failed = 0
    try:
        connection = get_connection(**({"stream": stream} if stream is not None else {}))
        connection.open()
    except Exception:  # noqa: BLE001 - the mail server is down: the notifications in the app stand
        logger.exception("E-mail server unreachable: %d e-mails not sent", len(messages))
        return 0, len(messages)
    try:
        for message in messages:
            message.connection = connection
            try:
                sent += message.send()
            except Exception:  # noqa: BLE001 - one bad address must not stop the others
                logger.exception("E-mail to %s not sent", message.to)
                failed += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            logger.exception("Closing the e-mail connection failed")
    return sent, failed


def notify(agencies, *, province, subject: str, message: str, link: str = "") -> int:
    """Notify the leaders and focal officers of the agencies; e-mail those who want it after the commit."""
    users = people_of(agencies)
    tell(users, province=province, subject=subject, message=message, link=link)
    return len(users)


def tell(users, *, province, subject: str, message: str, link: str = "") -> None:
    """A notification to each user, and an e-mail (after the commit) to those who want one."""
    Notification.objects.bulk_create(
        [Notification(user=u, province=province, message=message[:500], link=link[:300]) for u in users]
    )
    mails = [compose(u, subject=subject, message=message, link=link) for u in email_recipients(users)]
    if mails:
        transaction.on_commit(lambda: deliver(mails))


# --- one's own settings -------------------------------------------------------------------------------------------


@transaction.atomic
def set_email_choice(user, email: bool) -> NotificationSetting:
    """TRK-4: the person turns e-mail on or off (their own setting only; saved, so the change is logged). Without a
    row the setting is on: turning it on then writes nothing."""
    setting = NotificationSetting.objects.select_for_update().filter(user=user).first()
    if setting is None:
        if email:
            return NotificationSetting(user=user, email=True)
        setting, _ = NotificationSetting.objects.get_or_create(user=user)
    if setting.email != email:
        setting.email = email
        setting.save(update_fields=["email"])
    return setting


# --- reading one's notifications ------------------------------------------------------------------------------
# A notification is the person's own: only its owner reads it or marks it read; another user's id is "not found".
# Marking read is not audited: it changes nothing of the province's work, only what the person has seen.


def own_notification(user, notification_id) -> Notification | None:
    return Notification.objects.filter(user=user, pk=notification_id).first()


@transaction.atomic
def mark_read(user, notification_id) -> Notification | None:
    """Mark one of the user's notifications read (kept read if it already was); None if it is not theirs."""
    notification = Notification.objects.select_for_update().filter(user=user, pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; the number marked."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())

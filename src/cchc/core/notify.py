"""Tell the people of some agencies about a piece of work: a notification in the app and an e-mail (TRK-4 style).

Who is told is decided by the caller from the routing service; here the agencies become people: the active
leaders and focal officers of each agency.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from cchc.core.models import Notification


def people_of(agencies) -> list:
    from cchc.agencies.models import Membership

    memberships = (
        Membership.objects.active()
        .filter(agency__in=list(agencies), role__in=["leader", "focal"], user__is_active=True)
        .select_related("user")
    )
    return list({m.user_id: m.user for m in memberships}.values())


def notify(agencies, *, province, subject: str, message: str, link: str = "") -> int:
    """Notify the leaders and focal officers of the agencies; e-mail those with an address after the commit."""
    users = people_of(agencies)
    Notification.objects.bulk_create(
        [Notification(user=u, province=province, message=message[:500], link=link) for u in users]
    )
    mails = [
        (f"[CCHC] {subject}", f"{message}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in users
        if u.email
    ]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(users)


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

"""Tell the people of some agencies about a piece of work: a notification in the app and an e-mail (TRK-4 style).

Who is told is decided by the caller from the routing service; here the agencies become people: the active
leaders and focal officers of each agency.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

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

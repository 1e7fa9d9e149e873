"""SEC-6: helpers of login throttling (django-axes, configured in settings)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address a login attempt comes from. Behind a reverse proxy (CCHC_BEHIND_PROXY=1) it is the last
    X-Forwarded-For entry, the one our proxy appended (earlier entries are whatever the client sent); otherwise
    the connection's address."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")

"""Create and check API tokens."""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.utils import timezone

from cchc.api.models import ApiToken
from cchc.core.errors import UserError


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(username: str) -> str:
    """A new token for the user; the caller shows it once, the database keeps only its hash."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UserError(f"Không có người dùng «{username}» đang hoạt động.")
    token = "cchc_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, prefix=token[:12], key_hash=_hash(token))
    return token


def user_for_token(token: str):
    found = (
        ApiToken.objects.filter(key_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user

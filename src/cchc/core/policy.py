"""Compatibility names over the one permission policy (SEC-1): the rules live in each app's `rules.py` and are
asked through `cchc.core.rules.can` / `require`. New code names a rule directly, e.g.
`require(request.user, "regulation.issue", province)`; `Action` and the functions below remain for code
written before the rules modules.
"""

from enum import StrEnum

from django.db.models import QuerySet

from cchc.core import rules as _rules
from cchc.core.models import Province
from cchc.core.rules import (  # noqa: F401 - re-exported
    is_in_province,
    is_province_admin,
    is_provincial_leadership,
    is_standing_agency_leader,
    is_standing_agency_staff,
    is_system_admin,
    memberships,
    per_request,
)


class Action(StrEnum):
    """Rule names, as the older code spelled them."""

    VIEW_PROVINCE = "core.view_province"
    EDIT_REGULATION = "regulation.edit"
    ISSUE_REGULATION = "regulation.issue"
    MANAGE_MEMBERSHIPS = "agencies.manage_memberships"
    EDIT_AGENCIES = "agencies.edit_agency"


def can(user, action, obj=None) -> bool:
    return _rules.can(user, str(action), obj)


def require(user, action, obj=None, **kwargs) -> None:
    """Raise PermissionDenied (403) unless the user may take the action (see cchc.core.rules.require)."""
    _rules.require(user, str(action), obj, **kwargs)


def visible_provinces(user) -> QuerySet[Province]:
    """The provinces for which `core.view_province` holds, as one query."""
    if is_system_admin(user):
        return Province.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Province.objects.none()
    ids = {m.agency.province_id for m in memberships(user)}
    ids |= set(user.administered.values_list("province_id", flat=True))
    return Province.objects.filter(pk__in=ids)

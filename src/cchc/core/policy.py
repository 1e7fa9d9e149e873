"""The one permission policy (ORG-4), asked by every page, API endpoint and command. Deny by default.

Each action names the predicate that allows it. A predicate takes the user and the province the record
belongs to, and answers from the user's active memberships and the regulation in force.
"""

from collections.abc import Callable
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from cchc.core.dates import today
from cchc.core.models import Province


class Action(StrEnum):
    VIEW_PROVINCE = "province.view"
    EDIT_REGULATION = "regulation.edit"
    ISSUE_REGULATION = "regulation.issue"
    MANAGE_MEMBERSHIPS = "membership.manage"
    EDIT_AGENCIES = "agency.edit"


def memberships(user):
    """The user's active memberships with their agencies, read once per request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_cchc_memberships", None)
    if cached is None:
        from cchc.agencies.models import Membership

        cached = list(Membership.objects.active().filter(user=user).select_related("agency", "agency__province"))
        user._cchc_memberships = cached
    return cached


def is_system_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def per_request(user, key: str, compute):
    """An answer about the user kept on the user object for the rest of the request: a page that asks the
    policy about every row of a list asks the database once (request.user is loaded anew each request)."""
    cache = user.__dict__.setdefault("_cchc_policy_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def is_province_admin(user, province: Province) -> bool:
    if is_system_admin(user):
        return True
    if not user.is_authenticated:
        return False
    administered = per_request(
        user, "administered", lambda: set(user.administered.values_list("province_id", flat=True))
    )
    return province.pk in administered


def is_in_province(user, province: Province) -> bool:
    """Members of any agency of the province see the province; nobody sees another one (ORG-4)."""
    if is_province_admin(user, province):
        return True
    return any(m.agency.province_id == province.pk for m in memberships(user))


def _standing_agency_roles(user, province: Province) -> set[str]:
    from cchc.regulation.routing import standing_agency_for_permissions

    agency = per_request(user, f"standing:{province.pk}", lambda: standing_agency_for_permissions(province, today()))
    if agency is None:
        return set()
    return {m.role for m in memberships(user) if m.agency_id == agency.pk}


def is_standing_agency_staff(user, province: Province) -> bool:
    """Leader or focal officer of the standing agency (Sở Nội vụ) of the province."""
    return bool(_standing_agency_roles(user, province) & {"leader", "focal"})


def is_standing_agency_leader(user, province: Province) -> bool:
    return "leader" in _standing_agency_roles(user, province)


RULES: dict[Action, Callable[[object, Province], bool]] = {
    Action.VIEW_PROVINCE: is_in_province,
    Action.EDIT_REGULATION: is_standing_agency_staff,
    Action.ISSUE_REGULATION: is_standing_agency_leader,
    Action.MANAGE_MEMBERSHIPS: is_province_admin,
    Action.EDIT_AGENCIES: is_province_admin,
}


def can(user, action: Action, province: Province) -> bool:
    rule = RULES.get(action)
    if rule is None or not getattr(user, "is_active", False):
        return False
    return rule(user, province)


def require(user, action: Action, province: Province) -> None:
    """Raise PermissionDenied (403) unless the user may take the action in the province."""
    if not can(user, action, province):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")


def visible_provinces(user) -> QuerySet[Province]:
    if is_system_admin(user):
        return Province.objects.all()
    if not user.is_authenticated:
        return Province.objects.none()
    ids = {m.agency.province_id for m in memberships(user)}
    ids |= set(user.administered.values_list("province_id", flat=True))
    return Province.objects.filter(pk__in=ids)

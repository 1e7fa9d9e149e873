# ruff: noqa: E501 - the table of rules reads best one rule a line
"""The one permission policy (SEC-1, ORG-4): shared predicates, the province rule, and `can` / `require`.

Each app declares its rules in its own `rules.py` with django-rules (`rules.add_perm("plans.edit_plan", …)`);
pages, the API and commands ask them only through `can` and `require` below. Deny by default: an unknown rule
name is a programming error (ImproperlyConfigured), an inactive or anonymous user may do nothing.

| rule | object | who |
| --- | --- | --- |
| core.view_province | province | a member (active membership) of any agency of the province, its administrator, a system administrator; and, read-only, those of a province it merged into (ORG-5: its successor, and that one's successor, …) |

Predicates take the user and a record of a province (a Province, or anything with a `province`, such as a
plan, a call, a regulation, an ingested document). Answers about the user (memberships, the standing agency,
administered provinces) are read once per request (`per_request`), so a list page that asks about every row
asks the database once.

ORG-5: the successor province reads its predecessors' records. `is_in_province` (the read predicate every app's
rules start from) therefore holds for the people of the successor too; every write rule adds a predicate about
the user's place IN the province (its standing agency's staff, the owner agency's, provincial leadership, the
administrator, a consulted or asked agency), and those stay true only for the province's own people
(`is_province_member`), so a successor's reader writes nothing there.

`can` asks the rule set directly (`rules.has_perm`), not `user.has_perm`: Django's `has_perm` answers True to
every question for an active superuser, and issuing is a leader's act alone, superuser or not (SEC-1).
"""

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from cchc.agencies.models import AgencyKind, Role
from cchc.core.dates import today
from cchc.core.models import STANDING_ROLE, Province

EDITOR_ROLES = frozenset({Role.LEADER, Role.FOCAL})
DENIED = "Bạn không có quyền thực hiện thao tác này."


# --- what the policy knows about the user, kept for the request --------------------------------------------------


def _all_memberships(user):
    """The user's memberships not ended by hand, with their agencies, read once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_cchc_memberships", None)
    if cached is None:
        from cchc.agencies.models import Membership

        cached = list(Membership.objects.active().filter(user=user).select_related("agency", "agency__province"))
        user._cchc_memberships = cached
    return cached


def memberships(user):
    """The memberships that give the user a place to act: not ended, in an agency that still exists today.

    ORG-5: people move with a merger. A membership of an agency that ended (Quảng Nam's Sở Nội vụ after
    30/06/2025) gives no role any more; the person keeps reading what the agency did (`former_province_ids`)
    and may belong to the successor from the next day."""
    on = today()
    return [m for m in _all_memberships(user) if not _ended(m, on)]


def _ended(membership, on) -> bool:
    """ORG-5: the membership's agency, or its whole province (merged into another), ended before `on`."""
    agency, province = membership.agency, membership.agency.province
    return bool((agency.valid_to and agency.valid_to < on) or (province.valid_to and province.valid_to < on))


def former_province_ids(user) -> set[int]:
    """ORG-5: the provinces of the agencies the user belonged to until they (or their province) ended: read,
    never acted in."""
    on = today()
    return {m.agency.province_id for m in _all_memberships(user) if _ended(m, on)}


def per_request(user, key: str, compute):
    """An answer about the user kept on the user object for the rest of the request: a page that asks the
    policy about every row of a list asks the database once (request.user is loaded anew each request)."""
    cache = user.__dict__.setdefault("_cchc_policy_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def province_of(obj) -> Province:
    """The province a record belongs to."""
    if isinstance(obj, Province):
        return obj
    return obj.province


def province_id_of(obj) -> int:
    """The id of the province a record belongs to, without a query when the record carries it."""
    if isinstance(obj, Province):
        return obj.pk
    if hasattr(obj, "province_id"):
        return obj.province_id
    return province_of(obj).pk


def agency_roles(user, agency_id: int | None) -> set[str]:
    """The user's roles in one agency (active memberships only)."""
    return {m.role for m in memberships(user) if m.agency_id == agency_id}


def acting_agencies(user, province, agency_ids) -> list:
    """The user's agencies, as leader or focal officer, among the given ones of the province."""
    wanted = set(agency_ids)
    return [
        m.agency
        for m in memberships(user)
        if m.agency_id in wanted and m.role in EDITOR_ROLES and m.agency.province_id == province.pk
    ]


def _prepares_own_plans(membership) -> bool:
    """Leader or focal officer of an agency that prepares its own plans: any but UBND tỉnh, whose plans are the
    province's (prepared by the standing agency; provincial leadership reads, ORG-4)."""
    return membership.role in EDITOR_ROLES and membership.agency.kind != AgencyKind.PROVINCIAL_COMMITTEE


def editable_owner_agencies(user, province) -> list:
    """The agencies of the province whose own plans the user may prepare (as leader or focal officer)."""
    return [m.agency for m in memberships(user) if m.agency.province_id == province.pk and _prepares_own_plans(m)]


def standing_agency_of(user, obj):
    """The standing agency of the province of `obj` today, looked up once per request (the permission checks and
    the to-do list share the answer)."""
    from cchc.regulation.routing import standing_agency_for_permissions

    return per_request(
        user,
        f"standing:{province_id_of(obj)}",
        lambda: standing_agency_for_permissions(province_of(obj), today()),
    )


def standing_agency_roles(user, obj) -> set[str]:
    """The user's roles in the province's standing agency. Only the province's own people hold them: the standing
    agency of a province that merged into another may resolve, through its successor, to an agency of the
    successor province, whose people read the old province's records but act in it in no way (ORG-5)."""
    if not memberships(user) or not is_province_member(user, obj):
        return set()
    agency = standing_agency_of(user, obj)
    return agency_roles(user, agency.pk) if agency is not None else set()


# --- shared predicates ------------------------------------------------------------------------------------------


@rules.predicate
def is_system_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


@rules.predicate
def is_province_admin(user, obj) -> bool:
    """The administrator of the province (or a system administrator): manages agencies and memberships."""
    if is_system_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    administered = per_request(
        user, "administered", lambda: set(user.administered.values_list("province_id", flat=True))
    )
    return province_id_of(obj) in administered


def home_province_ids(user) -> set[int]:
    """The provinces the user works in: those of their active memberships and those they administer."""
    if not getattr(user, "is_authenticated", False):
        return set()
    administered = per_request(
        user, "administered", lambda: set(user.administered.values_list("province_id", flat=True))
    )
    return {m.agency.province_id for m in memberships(user)} | administered


def readable_province_ids(user) -> set[int]:
    """ORG-5: the user's provinces, those of the agencies they belonged to until the agency ended, and every
    province merged into one of them, recursively (a predecessor's own predecessors too), in one query however
    many there are."""

    def compute() -> set[int]:
        readable = home_province_ids(user) | former_province_ids(user)
        if not readable:
            return set()
        links = list(Province.objects.filter(successor__isnull=False).values_list("pk", "successor_id"))
        grown = True
        while grown:
            grown = False
            for pk, successor_id in links:
                if successor_id in readable and pk not in readable:
                    readable.add(pk)
                    grown = True
        return readable

    return per_request(user, "readable-provinces", compute)


@rules.predicate
def is_province_member(user, obj) -> bool:
    """A member (active membership) of an agency of the province itself, or its administrator: who may act in it."""
    if is_province_admin(user, obj):
        return True
    province_id = province_id_of(obj)
    return any(m.agency.province_id == province_id for m in memberships(user))


@rules.predicate
def province_is_live(user, obj) -> bool:
    """ORG-5: the record's province has not merged into another: after its last day its records are history,
    read-only for everyone, its administrator and the system administrator too (a correction of history is a
    province file loaded again, `cchc load-province`)."""
    valid_to = province_of(obj).valid_to
    return valid_to is None or today() <= valid_to


@rules.predicate
def is_successor_reader(user, obj) -> bool:
    """ORG-5: a person of a province this one merged into (directly or through further mergers): reads only."""
    if not getattr(user, "is_authenticated", False):
        return False
    return province_id_of(obj) in readable_province_ids(user)


@rules.predicate
def is_in_province(user, obj) -> bool:
    """Members of any agency of the province see the province, and so do the people of the province it merged
    into (ORG-5, read-only: every write rule also asks for a place in the province); nobody sees another one
    (ORG-4)."""
    return is_province_member(user, obj) or is_successor_reader(user, obj)


@rules.predicate
def is_standing_agency_staff(user, obj) -> bool:
    """Leader or focal officer of the province's standing agency (Sở Nội vụ) as the regulation in force names it."""
    return bool(standing_agency_roles(user, obj) & EDITOR_ROLES)


@rules.predicate
def is_standing_agency_leader(user, obj) -> bool:
    return Role.LEADER in standing_agency_roles(user, obj)


@rules.predicate
def is_provincial_leadership(user, obj) -> bool:
    """A member of the province's UBND tỉnh: sees everything of the province, read-only (ORG-4)."""
    province_id = province_id_of(obj)
    return any(
        m.agency.province_id == province_id and m.agency.kind == AgencyKind.PROVINCIAL_COMMITTEE
        for m in memberships(user)
    )


@rules.predicate
def prepares_own_plans(user, obj) -> bool:
    """Leader or focal officer of at least one agency of the province that prepares its own plans."""
    province_id = province_id_of(obj)
    return any(m.agency.province_id == province_id and _prepares_own_plans(m) for m in memberships(user))


def is_member_of(agency_of, roles=None):
    """A predicate: the user holds one of `roles` (any role when None) in the agency `agency_of(obj)` names."""
    wanted = None if roles is None else set(roles)

    def check(user, obj) -> bool:
        held = agency_roles(user, agency_of(obj))
        return bool(held if wanted is None else held & wanted)

    name = getattr(agency_of, "__name__", "agency")
    return rules.predicate(check, name=f"is_member_of({name}, {sorted(wanted) if wanted else 'any'})")


rules.add_perm("core.view_province", is_in_province)
# TRK-4: one's own notifications (the queries filter by the user: another's is "not found").
rules.add_perm("core.own_notifications", rules.is_authenticated)


# --- asking the policy ----------------------------------------------------------------------------------------------


def _check_name(rule: str) -> str:
    rule = str(rule)
    if not rules.perm_exists(rule):
        raise ImproperlyConfigured(f"No permission rule named {rule!r}: declare it in the app's rules.py.")
    return rule


def can(user, rule: str, obj=None) -> bool:
    """True when the user may act under the rule on the object. Deny by default."""
    rule = _check_name(rule)
    if not getattr(user, "is_active", False):
        return False
    return bool(rules.has_perm(rule, user, obj))


def require(user, rule: str, obj=None, *, message: str = DENIED, or_404: bool = False) -> None:
    """Raise PermissionDenied (403) unless the user may act under the rule; with `or_404`, Http404 instead,
    for records the user may not even know of (another province's, a draft not meant for them).

    "{standing}" in the message becomes the name of the standing agency of the record's province, as the province
    records it (agency names are never written in code)."""
    if not can(user, rule, obj):
        if or_404:
            raise Http404("Không tìm thấy.")
        raise PermissionDenied(standing_says(message, _province_behind(obj)))


def _province_behind(obj) -> Province | None:
    """The province of a record: a province itself, or what its province, plan, task or campaign leads to."""
    seen = 0
    while obj is not None and not isinstance(obj, Province) and seen < 4:
        obj = next(
            (getattr(obj, name) for name in ("province", "plan", "task", "campaign") if hasattr(obj, name)), None
        )
        seen += 1
    return obj if isinstance(obj, Province) else None


def standing_says(message: str, province: Province | None) -> str:
    """The message with "{standing}" replaced by the province's standing agency (its role's name without one)."""
    if "{standing}" not in message:
        return message
    return message.replace("{standing}", province.standing_name if province is not None else STANDING_ROLE)


def visible_provinces(user) -> QuerySet[Province]:
    """The provinces for which `core.view_province` holds (ORG-5: with those merged into the user's), as one
    query once the user's provinces are known."""
    if is_system_admin(user):
        return Province.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Province.objects.none()
    return Province.objects.filter(pk__in=readable_province_ids(user))

"""Who may do what on a plan (ORG-4), asked by pages and the API alike.

| action | who |
| --- | --- |
| view an issued plan | anyone in the province |
| view a draft | the owner agency, the standing agency, provincial leadership, the agencies consulted on it |
| create or edit a provincial plan | leader or focal officer of the standing agency (Sở Nội vụ) |
| create or edit an agency plan | leader or focal officer of that agency |
| set a milestone's date | whoever may edit the plan, or the task's lead |
| view the calls for proposals and every proposal | standing agency staff, provincial leadership (read-only) |
| view a call | besides them, the agencies it names (their own proposals only) |
| open a call, reopen, decide, consolidate, answer comments | standing agency staff |
| send a draft for comments | whoever may edit the plan |
| submit a proposal, comment on a draft | leader or focal officer of an agency the call or draft names |
| issue or send a plan; record an imported plan as issued; record an adjustment | a leader of the owner agency |
"""

from cchc.agencies.models import AgencyKind, Role
from cchc.core.policy import is_in_province, is_province_admin, is_standing_agency_staff, memberships, per_request
from cchc.plans.models import Plan, PlanKind, PlanStatus

EDITOR_ROLES = {Role.LEADER, Role.FOCAL}


def is_provincial_leadership(user, province) -> bool:
    return any(
        m.agency.province_id == province.pk and m.agency.kind == AgencyKind.PROVINCIAL_COMMITTEE
        for m in memberships(user)
    )


def agency_roles(user, agency_id: int) -> set[str]:
    return {m.role for m in memberships(user) if m.agency_id == agency_id}


def can_view_plan(user, plan: Plan) -> bool:
    if not is_in_province(user, plan.province):
        return False
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.CONSULTATION):
        return True
    return (
        bool(agency_roles(user, plan.owner_id))
        or is_standing_agency_staff(user, plan.province)
        or is_provincial_leadership(user, plan.province)
        or is_province_admin(user, plan.province)
        or is_consulted(user, plan)
    )


def is_consulted(user, plan: Plan) -> bool:
    """A draft sent for comments is open to the agencies it was sent to (PLAN-5)."""

    def consulted_plan_ids() -> set[int]:
        from cchc.plans.models import Consultation

        mine = [m.agency_id for m in memberships(user)]
        return set(Consultation.objects.filter(agencies__in=mine).values_list("plan_id", flat=True)) if mine else set()

    return plan.pk in per_request(user, "consulted-plans", consulted_plan_ids)


def can_create_plan(user, province, kind: str, owner_id: int | None = None) -> bool:
    if kind == PlanKind.AGENCY:
        return owner_id is not None and bool(agency_roles(user, owner_id) & EDITOR_ROLES)
    return is_standing_agency_staff(user, province)


def can_edit_plan(user, plan: Plan) -> bool:
    """Only Sở Nội vụ edits provincial plans; an agency edits only its own plans."""
    return can_create_plan(user, plan.province, plan.kind, plan.owner_id)


def can_set_milestone(user, plan: Plan, lead_id: int) -> bool:
    return can_edit_plan(user, plan) or bool(agency_roles(user, lead_id) & EDITOR_ROLES)


def editable_owner_agencies(user, province):
    """The agencies whose own plans the user may prepare."""
    return [m.agency for m in memberships(user) if m.agency.province_id == province.pk and m.role in EDITOR_ROLES]


def is_owner_leader(user, plan: Plan) -> bool:
    return Role.LEADER in agency_roles(user, plan.owner_id)


def can_issue_plan(user, plan: Plan) -> bool:
    return is_owner_leader(user, plan)


def can_record_as_issued(user, plan: Plan) -> bool:
    """SEC-1: recording an imported plan as issued is the same leader's act as issuing it."""
    return can_issue_plan(user, plan)


def can_send_for_comments(user, plan: Plan) -> bool:
    """PLAN-5: only whoever may edit the plan sends it for comments: the owner's staff for an agency's own plan,
    the standing agency's staff for a provincial plan (not Sở Nội vụ for another agency's draft)."""
    return can_edit_plan(user, plan)


def sees_all_calls(user, province) -> bool:
    """ORG-4: the standing agency (which runs the calls) and provincial leadership (read-only) see every call and
    every proposal of the province."""
    return is_standing_agency_staff(user, province) or is_provincial_leadership(user, province)


def acting_agencies(user, province, agency_ids) -> list:
    """The user's agencies (as leader or focal officer) among those a call or a draft names."""
    return [
        m.agency
        for m in memberships(user)
        if m.agency_id in set(agency_ids) and m.role in EDITOR_ROLES and m.agency.province_id == province.pk
    ]

"""Compatibility names over the plans' rules (cchc.plans.rules): new code asks
`cchc.core.rules.can(user, "plans.edit_plan", plan)` directly."""

from cchc.core.rules import (  # noqa: F401 - re-exported
    EDITOR_ROLES,
    acting_agencies,
    agency_roles,
    can,
    editable_owner_agencies,
    is_provincial_leadership,
)
from cchc.plans.models import Plan, PlanKind
from cchc.plans.rules import is_consulted  # noqa: F401 - re-exported


def can_view_plan(user, plan: Plan) -> bool:
    return can(user, "plans.view_plan", plan)


def can_create_plan(user, province, kind: str, owner_id: int | None = None) -> bool:
    if kind == PlanKind.AGENCY:
        return owner_id is not None and bool(agency_roles(user, owner_id) & EDITOR_ROLES)
    return can(user, "plans.create_provincial_plan", province)


def can_edit_plan(user, plan: Plan) -> bool:
    return can(user, "plans.edit_plan", plan)


def can_set_milestone(user, plan: Plan, lead_id: int) -> bool:
    return can_edit_plan(user, plan) or bool(agency_roles(user, lead_id) & EDITOR_ROLES)


def is_owner_leader(user, plan: Plan) -> bool:
    return can(user, "plans.issue_plan", plan)


def can_issue_plan(user, plan: Plan) -> bool:
    return can(user, "plans.issue_plan", plan)


def can_record_as_issued(user, plan: Plan) -> bool:
    return can(user, "plans.record_as_issued", plan)


def can_send_for_comments(user, plan: Plan) -> bool:
    return can(user, "plans.send_for_comments", plan)


def sees_all_calls(user, province) -> bool:
    return can(user, "plans.view_all_calls", province)

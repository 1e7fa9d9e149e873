# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Who may do what on plans and the yearly cycle (SEC-1, ORG-4), asked by pages and the API alike.

| rule | object | who |
| --- | --- | --- |
| plans.view_plan | plan | issued: anyone in the province; a draft: the owner agency, the standing agency, provincial leadership, the province's administrator, the agencies consulted on it |
| plans.create_plan | province | whoever may create a provincial or an agency plan |
| plans.create_provincial_plan | province | leader or focal officer of the standing agency (Sở Nội vụ) |
| plans.create_agency_plan | province | leader or focal officer of an agency of the province (its own plan; not UBND tỉnh) |
| plans.edit_plan | plan | a provincial plan: standing agency staff; an agency plan: leader or focal officer of that agency |
| plans.discard_plan | plan | whoever may edit the plan, while it is a draft (not sent for comments, not issued) |
| plans.set_milestone | milestone | whoever may edit the plan, or leader or focal officer of the task's lead |
| plans.issue_plan | plan | a leader of the owner agency alone (SEC-1): issue or send |
| plans.begin_adjustment | plan | whoever may edit the plan |
| plans.record_adjustment | plan | a leader of the owner agency |
| plans.record_as_issued | plan | a leader of the owner agency: an imported plan issued outside the system (SEC-1) |
| plans.send_for_comments | plan | whoever may edit the plan (not Sở Nội vụ for another agency's own draft) |
| plans.comment | plan | leader or focal officer of an agency the draft was sent to |
| plans.answer_comment | plan | whoever may edit the plan |
| plans.explain_gap | plan | whoever may edit the plan |
| plans.acknowledge_agency_plan | plan | leader or focal officer of the standing agency (Sở Nội vụ) of the plan's province: acknowledge receiving an agency's issued plan (PLAN-7; the service checks the plan) |
| plans.view_calls | province | anyone in the province (the list shows the calls they may see) |
| plans.view_all_calls | province | standing agency staff, provincial leadership, the administrator |
| plans.open_call | province | standing agency staff |
| plans.view_call | call | standing agency staff, provincial leadership, the administrator, leader or focal officer of a recipient |
| plans.view_all_proposals | call | standing agency staff, provincial leadership, the administrator |
| plans.submit_proposal | call | leader or focal officer of a recipient agency |
| plans.manage_call | call | standing agency staff: reopen for an agency, decide a proposal, consolidate |
| plans.edit_proposal | proposal | leader or focal officer of the proposing agency: edit or withdraw it (the service checks the call is open and the deadline) |
"""

import rules

from cchc.agencies.models import Role
from cchc.core.rules import (
    EDITOR_ROLES,
    acting_agencies,
    agency_roles,
    editable_owner_agencies,
    is_in_province,
    is_member_of,
    is_province_admin,
    is_provincial_leadership,
    is_standing_agency_staff,
    memberships,
    per_request,
    prepares_own_plans,
)
from cchc.plans.models import PlanKind, PlanStatus

__all__ = ["acting_agencies", "agency_roles", "editable_owner_agencies"]


# --- predicates on a plan -----------------------------------------------------------------------------------------


@rules.predicate
def is_issued_plan(user, plan) -> bool:
    return plan.status not in (PlanStatus.DRAFT, PlanStatus.CONSULTATION)


@rules.predicate
def is_discardable_draft(user, plan) -> bool:
    return plan.status == PlanStatus.DRAFT and not plan.discarded and not plan.adjusting


@rules.predicate
def is_agency_plan(user, plan) -> bool:
    return plan.kind == PlanKind.AGENCY


def _owner(plan):
    return plan.owner_id


is_owner_member = is_member_of(_owner)
is_owner_editor = is_member_of(_owner, EDITOR_ROLES)
is_owner_leader = is_member_of(_owner, {Role.LEADER})


def _consulted_plan_ids(user, *, editors_only: bool) -> set[int]:
    def compute() -> set[int]:
        from cchc.plans.models import Consultation

        mine = [m.agency_id for m in memberships(user) if not editors_only or m.role in EDITOR_ROLES]
        if not mine:
            return set()
        return set(Consultation.objects.filter(agencies__in=mine).values_list("plan_id", flat=True))

    return per_request(user, f"consulted-plans:{editors_only}", compute)


@rules.predicate
def is_consulted(user, plan) -> bool:
    """A draft sent for comments is open to the agencies it was sent to (PLAN-5)."""
    return plan.pk in _consulted_plan_ids(user, editors_only=False)


@rules.predicate
def is_consulted_editor(user, plan) -> bool:
    """Leader or focal officer of an agency the draft was sent to: may comment on it."""
    return plan.pk in _consulted_plan_ids(user, editors_only=True)


view_plan = is_in_province & (
    is_issued_plan
    | is_owner_member
    | is_standing_agency_staff
    | is_provincial_leadership
    | is_province_admin
    | is_consulted
)
edit_plan = is_in_province & ((is_agency_plan & is_owner_editor) | (~is_agency_plan & is_standing_agency_staff))
issue_plan = is_in_province & is_owner_leader


@rules.predicate
def may_set_milestone(user, milestone) -> bool:
    task = milestone.task
    return edit_plan.test(user, task.plan) or bool(agency_roles(user, task.lead_id) & EDITOR_ROLES)


# --- predicates on a call for proposals ---------------------------------------------------------------------------


@rules.predicate
def is_recipient_editor(user, call) -> bool:
    """Leader or focal officer of an agency the call was sent to."""
    mine = {
        m.agency_id for m in memberships(user) if m.role in EDITOR_ROLES and m.agency.province_id == call.province_id
    }
    return bool(mine) and any(r.agency_id in mine for r in call.recipients.all())


@rules.predicate
def is_proposing_editor(user, proposal) -> bool:
    """Leader or focal officer of the agency that sent the proposal (PLAN-4)."""
    return bool(agency_roles(user, proposal.agency_id) & EDITOR_ROLES)


@rules.predicate
def is_in_proposal_province(user, proposal) -> bool:
    return is_in_province.test(user, proposal.call)


sees_every_proposal = is_in_province & (is_standing_agency_staff | is_provincial_leadership | is_province_admin)

create_provincial_plan = is_in_province & is_standing_agency_staff
create_agency_plan = is_in_province & prepares_own_plans

rules.add_perm("plans.view_plan", view_plan)
rules.add_perm("plans.create_plan", create_provincial_plan | create_agency_plan)
rules.add_perm("plans.create_provincial_plan", create_provincial_plan)
rules.add_perm("plans.create_agency_plan", create_agency_plan)
rules.add_perm("plans.edit_plan", edit_plan)
rules.add_perm("plans.discard_plan", edit_plan & is_discardable_draft)
rules.add_perm("plans.set_milestone", may_set_milestone)
rules.add_perm("plans.issue_plan", issue_plan)
rules.add_perm("plans.begin_adjustment", edit_plan)
rules.add_perm("plans.record_adjustment", issue_plan)
rules.add_perm("plans.record_as_issued", issue_plan)
rules.add_perm("plans.send_for_comments", edit_plan)
rules.add_perm("plans.comment", is_in_province & is_consulted_editor)
rules.add_perm("plans.answer_comment", edit_plan)
rules.add_perm("plans.explain_gap", edit_plan)
rules.add_perm("plans.acknowledge_agency_plan", is_in_province & is_standing_agency_staff)
rules.add_perm("plans.view_calls", is_in_province)
rules.add_perm(
    "plans.view_all_calls", is_in_province & (is_standing_agency_staff | is_provincial_leadership | is_province_admin)
)
rules.add_perm("plans.open_call", is_in_province & is_standing_agency_staff)
rules.add_perm("plans.view_call", sees_every_proposal | (is_in_province & is_recipient_editor))
rules.add_perm("plans.view_all_proposals", sees_every_proposal)
rules.add_perm("plans.submit_proposal", is_in_province & is_recipient_editor)
rules.add_perm("plans.manage_call", is_in_province & is_standing_agency_staff)
rules.add_perm("plans.edit_proposal", is_in_proposal_province & is_proposing_editor)

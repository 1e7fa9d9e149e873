# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Who may do what in tracking (TRK-1, TRK-2, TRK-3, SEC-1, ORG-4), asked by pages and the API alike.

| rule | object | who |
| --- | --- | --- |
| tracking.view_tracking | province | anyone in the province (the list of tracked tasks, the overdue list) |
| tracking.view_task | task | whoever may see the task's plan, once the plan is issued (tracked) |
| tracking.record_progress | task | leader or focal officer of the task's lead agency (a lead group: of an agency of the group today) |
| tracking.contribute | task | leader or focal officer of a coordinator agency (or of an agency of a coordinator group today) |
| tracking.review_update | task | leader or focal officer of the standing agency (Sở Nội vụ): confirm or return a "done" report |
| tracking.cancel_task | task | a leader of the standing agency (Sở Nội vụ) |
| tracking.raise_problem | task | whoever may record progress or contribute, and the standing agency's staff |
| tracking.view_problems | province | the standing agency's staff, provincial leadership (UBND tỉnh), the province's administrator |
| tracking.answer_problem | province | leader or focal officer of the standing agency (Sở Nội vụ) |

Every write rule names a place IN the province (an agency's leader or focal officer), so a reader of a merged
province (ORG-5) and an ended membership act in nothing; the services check the rest (the plan issued, the
province alive, the task not cancelled).
"""

import rules

from cchc.core.dates import today
from cchc.core.rules import (
    EDITOR_ROLES,
    is_in_province,
    is_province_admin,
    is_provincial_leadership,
    is_standing_agency_leader,
    is_standing_agency_staff,
    memberships,
    per_request,
)


def _on_plan(predicate, name: str):
    """A predicate of a task that asks a province predicate about the task's plan."""
    return rules.predicate(lambda user, task: predicate.test(user, task.plan), name=name)


def group_agency_ids(user, group) -> set[int]:
    """The agencies of a group on today's date (ORG-3), once per request."""
    return per_request(user, f"group:{group.pk}", lambda: {a.pk for a in group.resolve(today())})


def _editor_agency_ids(user) -> set[int]:
    return {m.agency_id for m in memberships(user) if m.role in EDITOR_ROLES}


def lead_agencies(user, task) -> list:
    """The agencies for which the user records the lead's progress on the task: its lead agency, or the user's
    agencies in its lead group (each agency of the group leads the work in its own house, REG-3)."""
    mine = _editor_agency_ids(user)
    if not mine:
        return []
    if task.lead_id:
        return [task.lead] if task.lead_id in mine else []
    if task.lead_group_id:
        ids = group_agency_ids(user, task.lead_group) & mine
        return [m.agency for m in memberships(user) if m.agency_id in ids and m.role in EDITOR_ROLES]
    return []


def coordinator_agencies(user, task) -> list:
    """The user's agencies among the task's coordinators (agencies, or agencies of its groups today)."""
    mine = _editor_agency_ids(user)
    if not mine:
        return []
    ids = {a.pk for a in task.coordinator_agencies.all()} & mine
    for group in task.coordinator_groups.all():
        ids |= group_agency_ids(user, group) & mine
    found = {m.agency_id: m.agency for m in memberships(user) if m.agency_id in ids}
    return sorted(found.values(), key=lambda a: a.name)


@rules.predicate
def is_tracked(user, task) -> bool:
    from cchc.tracking.queries import TRACKED_PLAN_STATUSES

    return task.plan.status in TRACKED_PLAN_STATUSES and not task.plan.discarded


@rules.predicate
def is_lead_editor(user, task) -> bool:
    return bool(lead_agencies(user, task))


@rules.predicate
def is_coordinator_editor(user, task) -> bool:
    return bool(coordinator_agencies(user, task))


task_in_province = _on_plan(is_in_province, "task_in_province")
task_standing_staff = _on_plan(is_standing_agency_staff, "task_standing_staff")
task_standing_leader = _on_plan(is_standing_agency_leader, "task_standing_leader")

view_task = task_in_province & is_tracked

rules.add_perm("tracking.view_tracking", is_in_province)
rules.add_perm("tracking.view_task", view_task)
rules.add_perm("tracking.record_progress", view_task & is_lead_editor)
rules.add_perm("tracking.contribute", view_task & is_coordinator_editor)
rules.add_perm("tracking.review_update", view_task & task_standing_staff)
rules.add_perm("tracking.cancel_task", view_task & task_standing_leader)
rules.add_perm("tracking.raise_problem", view_task & (is_lead_editor | is_coordinator_editor | task_standing_staff))
rules.add_perm(
    "tracking.view_problems", is_in_province & (is_standing_agency_staff | is_provincial_leadership | is_province_admin)
)
rules.add_perm("tracking.answer_problem", is_in_province & is_standing_agency_staff)

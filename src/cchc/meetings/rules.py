# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Who may do what with coordination activities (COO-1 to COO-3, SEC-1, ORG-4), asked by pages and the API alike.

| rule | object | who |
| --- | --- | --- |
| meetings.view_activities | province | anyone in the province (and, read-only, the people of the province it merged into) |
| meetings.view_activity | activity | the same: coordination is the province's common work; its participants are told of it |
| meetings.record_activity | province | leader or focal officer of any agency of the province: records an activity its agency hosts (COO-1) |
| meetings.schedule_briefing | province | leader or focal officer of the standing agency (Sở Nội vụ): the quarterly briefing (COO-2) and the yearly review of the regulation (COO-3) |
| meetings.edit_activity | activity | leader or focal officer of the host agency (for a briefing or a review: of the standing agency): the outcome or minutes, documents, conclusions |
| meetings.conclusion_to_task | activity | leader or focal officer of the standing agency, who prepares the province's plans (the service also asks plans.edit_plan of the chosen plan) |

A province that merged into another takes no writes: its people hold no role any more
(`cchc.core.rules.memberships`), and the services refuse it too.
"""

import rules

from cchc.core.rules import EDITOR_ROLES, is_in_province, is_member_of, is_standing_agency_staff, memberships


def hosting_agencies(user, province) -> list:
    """COO-1: the agencies of the province in whose name the user records an activity (leader or focal officer)."""
    return [m.agency for m in memberships(user) if m.role in EDITOR_ROLES and m.agency.province_id == province.pk]


@rules.predicate
def is_agency_editor_in_province(user, province) -> bool:
    return any(m.role in EDITOR_ROLES and m.agency.province_id == province.pk for m in memberships(user))


@rules.predicate
def is_standing_kind(user, activity) -> bool:
    from cchc.meetings.models import STANDING_KINDS

    return activity.kind in STANDING_KINDS


def _host(activity):
    return activity.host_id


is_host_editor = is_member_of(_host, EDITOR_ROLES)

rules.add_perm("meetings.view_activities", is_in_province)
rules.add_perm("meetings.view_activity", is_in_province)
rules.add_perm("meetings.record_activity", is_in_province & is_agency_editor_in_province)
rules.add_perm("meetings.schedule_briefing", is_in_province & is_standing_agency_staff)
rules.add_perm(
    "meetings.edit_activity",
    is_in_province & ((is_standing_kind & is_standing_agency_staff) | (~is_standing_kind & is_host_editor)),
)
rules.add_perm("meetings.conclusion_to_task", is_in_province & is_standing_agency_staff)

# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Who may do what on periodic reports (RPT-1, RPT-3, ORG-4), asked by pages and the API alike.

| rule | object | who |
| --- | --- | --- |
| reports.view_cycles | province | anyone in the province (the list shows each their own report's state) |
| reports.open_cycle | province | leader or focal officer of the standing agency (Sở Nội vụ) |
| reports.view_board | cycle | standing agency staff, provincial leadership (UBND tỉnh), the province's administrator |
| reports.manage_cycle | cycle | standing agency staff: remind the missing, return a report, consolidate |
| reports.view_consolidated | cycle | who sees the board; once consolidated, anyone in the province |
| reports.view_agency_report | AgencyReport | before consolidation: the agency's own people, standing agency staff, provincial leadership; after it, anyone in the province |
| reports.prepare_report | AgencyReport | leader or focal officer of the agency, when the cycle has it in scope |
| reports.submit_report | AgencyReport | the agency's leader alone (SEC-1), when the cycle has it in scope |
"""

from dataclasses import dataclass

import rules

from cchc.agencies.models import Role
from cchc.core.rules import (
    EDITOR_ROLES,
    is_in_province,
    is_member_of,
    is_province_admin,
    is_provincial_leadership,
    is_standing_agency_staff,
)


@dataclass(frozen=True)
class AgencyReport:
    """An agency's place in a cycle: what the per-agency rules are asked about (there may be no submission yet)."""

    cycle: object
    agency: object

    @property
    def province_id(self) -> int:
        return self.cycle.province_id

    @property
    def province(self):
        return self.cycle.province

    @property
    def agency_id(self) -> int:
        return self.agency.pk


def _agency(report):
    return report.agency_id


def _cycle_of(obj):
    return obj.cycle if isinstance(obj, AgencyReport) else obj


@rules.predicate
def is_consolidated(user, obj) -> bool:
    return _cycle_of(obj).status == "consolidated"


@rules.predicate
def is_in_scope(user, report) -> bool:
    """The cycle asks this agency for a report (RPT-1: every agency in scope submits one per cycle)."""
    return report.cycle.agencies.filter(pk=report.agency_id).exists()


is_agency_member = is_member_of(_agency)
is_agency_editor = is_member_of(_agency, EDITOR_ROLES)
is_agency_leader = is_member_of(_agency, {Role.LEADER})

sees_board = is_in_province & (is_standing_agency_staff | is_provincial_leadership | is_province_admin)
manages = is_in_province & is_standing_agency_staff

rules.add_perm("reports.view_cycles", is_in_province)
rules.add_perm("reports.open_cycle", manages)
rules.add_perm("reports.view_board", sees_board)
rules.add_perm("reports.manage_cycle", manages)
rules.add_perm("reports.view_consolidated", sees_board | (is_in_province & is_consolidated))
rules.add_perm(
    "reports.view_agency_report",
    is_in_province & (is_agency_member | is_standing_agency_staff | is_provincial_leadership | is_consolidated),
)
rules.add_perm("reports.prepare_report", is_in_province & is_agency_editor & is_in_scope)
rules.add_perm("reports.submit_report", is_in_province & is_agency_leader & is_in_scope)

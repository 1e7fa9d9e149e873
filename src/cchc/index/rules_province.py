# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Rules of IDX-8, EVL-1: the province's own self-assessment, the head-of-agency evaluation, the index API.

Imported by index/rules.py.

| rule | object | who |
| --- | --- | --- |
| index.view_province_assessment_all | province | Sở Nội vụ's staff and provincial leadership (read-only for the latter) |
| index.consolidate_province_assessment | province | Sở Nội vụ's leader or focal officer, in a live province: corrects leaves, writes difficulties |
| index.submit_province_assessment | province | Sở Nội vụ's leader, in a live province |
| (scoring a leaf) | — | the leader or focal officer of the area's lead agency (province_assessment.scope_of) |
| index.view_evaluation | AgencyInProvince | the agency's members, Sở Nội vụ's staff, provincial leadership |
| index.view_evaluations | province | Sở Nội vụ's staff, provincial leadership |
| index.view_all_scores | province | Sở Nội vụ's staff: every agency's scores and results before publication |
"""

from dataclasses import dataclass

import rules

from cchc.core.rules import (
    is_in_province,
    is_member_of,
    is_provincial_leadership,
    is_standing_agency_leader,
    is_standing_agency_staff,
    province_is_live,
)


@dataclass(frozen=True)
class AgencyInProvince:
    """The object of a rule about one agency of a province (its evaluation, its scores)."""

    province: object
    agency_id: int

    @property
    def province_id(self) -> int:
        return self.province.pk


is_agency_member = is_member_of(lambda obj: obj.agency_id)

rules.add_perm(
    "index.view_province_assessment_all", is_in_province & (is_standing_agency_staff | is_provincial_leadership)
)
rules.add_perm("index.consolidate_province_assessment", is_in_province & is_standing_agency_staff & province_is_live)
rules.add_perm("index.submit_province_assessment", is_in_province & is_standing_agency_leader & province_is_live)
rules.add_perm(
    "index.view_evaluation", is_in_province & (is_agency_member | is_standing_agency_staff | is_provincial_leadership)
)
rules.add_perm("index.view_evaluations", is_in_province & (is_standing_agency_staff | is_provincial_leadership))
rules.add_perm("index.view_all_scores", is_in_province & is_standing_agency_staff)
rules.add_perm("index.view_agency_scores", is_in_province & (is_agency_member | is_standing_agency_staff))

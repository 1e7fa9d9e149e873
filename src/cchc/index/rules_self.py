# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Rules of IDX-3: self-assessment (imported by index/rules.py). The object is an Assessment (one agency's file).

| rule | object | who |
| --- | --- | --- |
| index.view_self | assessment | any member of the agency; the standing agency's staff (Sở Nội vụ), the provincial leadership (UBND tỉnh, ORG-4) and the people of a province this one merged into (ORG-5) read every file |
| index.edit_self | assessment | leader or focal officer of the agency, while the province is live (scores, evidence, texts, the signed scan) |
| index.submit_self | assessment | the agency's leader (SEC-1): submit, withdraw |
| index.reopen_self | assessment | leader or focal officer of the standing agency (Sở Nội vụ), while the province is live |

The services (selfassessment.py) say when: the file's status, the deadline, the leaf's method.
"""

import rules

from cchc.agencies.models import Role
from cchc.core.rules import (
    agency_roles,
    home_province_ids,
    is_provincial_leadership,
    is_standing_agency_staff,
    is_successor_reader,
    province_is_live,
)


def _of_campaign(predicate, name: str):
    return rules.predicate(lambda user, assessment: predicate.test(user, assessment.campaign), name=name)


def _roles(wanted):
    return lambda user, assessment: bool(agency_roles(user, assessment.agency_id) & wanted)


is_file_member = rules.predicate(lambda user, a: bool(agency_roles(user, a.agency_id)), name="is_file_member")
is_file_editor = rules.predicate(_roles({Role.LEADER, Role.FOCAL}), name="is_file_editor")
is_file_leader = rules.predicate(_roles({Role.LEADER}), name="is_file_leader")
file_standing_staff = _of_campaign(is_standing_agency_staff, "file_standing_staff")
file_province_live = _of_campaign(province_is_live, "file_province_live")
file_leadership = _of_campaign(is_provincial_leadership, "file_leadership")
file_successor_reader = rules.predicate(
    lambda user, a: (
        a.campaign.province_id not in home_province_ids(user) and is_successor_reader.test(user, a.campaign)
    ),
    name="file_successor_reader",
)  # ORG-5: the people of a province this one merged into, not the province's own

rules.add_perm("index.view_self", is_file_member | file_standing_staff | file_leadership | file_successor_reader)
rules.add_perm("index.edit_self", is_file_editor & file_province_live)
rules.add_perm("index.submit_self", is_file_leader & file_province_live)
rules.add_perm("index.reopen_self", file_standing_staff & file_province_live)

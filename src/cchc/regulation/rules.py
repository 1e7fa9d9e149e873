"""Who may do what on the coordination regulation (SEC-1, ORG-4). Objects: the province (or a regulation of it).
Reading the regulations, the matrix and the routing questions is core.view_province.

| rule | object | who |
| --- | --- | --- |
| regulation.edit | province | leader or focal officer of the standing agency (Sở Nội vụ): drafts and their rows |
| regulation.issue | province | the leader of the standing agency alone (SEC-1), whatever the path (page, import) |
| regulation.draft_from_predecessor | province | leader or focal officer of the standing agency (ORG-5) |
"""

import rules

from cchc.core.rules import is_in_province, is_standing_agency_leader, is_standing_agency_staff

rules.add_perm("regulation.edit", is_in_province & is_standing_agency_staff)
rules.add_perm("regulation.issue", is_in_province & is_standing_agency_leader)
rules.add_perm("regulation.draft_from_predecessor", is_in_province & is_standing_agency_staff)

"""Who may do what on agencies and memberships (SEC-1, ORG-4). Objects: the province.
Reading the agencies, their members and history is core.view_province.

| rule | object | who |
| --- | --- | --- |
| agencies.edit_agency | province | the province's administrator, while the province exists |
| agencies.manage_memberships | province | the province's administrator, while the province exists |

ORG-5: a province that merged into another is history: nobody edits its agencies or memberships any more.
"""

import rules

from cchc.core.rules import is_province_admin, province_is_live

rules.add_perm("agencies.edit_agency", is_province_admin & province_is_live)
rules.add_perm("agencies.manage_memberships", is_province_admin & province_is_live)

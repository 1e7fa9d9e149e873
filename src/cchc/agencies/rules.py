"""Who may do what on agencies and memberships (SEC-1, ORG-4). Objects: the province.
Reading the agencies, their members and history is core.view_province.

| rule | object | who |
| --- | --- | --- |
| agencies.edit_agency | province | the province's administrator |
| agencies.manage_memberships | province | the province's administrator |
"""

import rules

from cchc.core.rules import is_province_admin

rules.add_perm("agencies.edit_agency", is_province_admin)
rules.add_perm("agencies.manage_memberships", is_province_admin)

# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Who may do what on the reform index (SEC-1, ORG-4), asked by pages and the API alike.

| rule | object | who |
| --- | --- | --- |
| index.view_frameworks | province | anyone in the province: the frameworks it may use (national examples and its own) |
| index.view_campaigns | province | anyone in the province |
| index.open_campaign | province | leader or focal officer of the standing agency (Sở Nội vụ), while the province has not ended (ORG-5) |
"""

import rules

from cchc.core.rules import is_in_province, is_standing_agency_staff, province_is_live

rules.add_perm("index.view_frameworks", is_in_province)
rules.add_perm("index.view_campaigns", is_in_province)
rules.add_perm("index.open_campaign", is_in_province & is_standing_agency_staff & province_is_live)

# Each stage of the campaign declares its rules in its own module (rules_self, rules_appraisal, …).
from cchc.index import rules_appraisal, rules_province, rules_results, rules_self  # noqa: E402,F401

# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Who may do what with reminders (TRK-4, SEC-1). Imported by `TrackingConfig.ready` (django-rules discovers only
`rules.py`, which holds the rest of the tracking app's rules).

| rule | object | who |
| --- | --- | --- |
| tracking.view_overdue_tasks | province | anyone in the province (ORG-5: and, read-only, the people of the province it merged into) |
| tracking.remind_by_hand | province, plan or task's plan | leader or focal officer of the province's standing agency (Sở Nội vụ); never the people of a successor province (ORG-5) |

The automatic reminders are sent by the daily command (`cchc send-reminders`), which asks no rule: it acts for
the system, and tells only the people of each task's lead.
"""

import rules

from cchc.core.rules import is_in_province, is_standing_agency_staff

rules.add_perm("tracking.view_overdue_tasks", is_in_province)
rules.add_perm("tracking.remind_by_hand", is_standing_agency_staff)

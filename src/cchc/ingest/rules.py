# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Who may import documents (SEC-1, U-6). Objects: the province, or the ingested document.

| rule | object | who |
| --- | --- | --- |
| ingest.upload | province | leader or focal officer of the standing agency (Sở Nội vụ) |
| ingest.review | document | the same, for a document of their province |
| ingest.save | document | the same: what is saved from a document is a draft; the leader issues it, or records it as issued, on the regulation's or plan's own page (regulation.issue, plans.record_as_issued) |
"""

import rules

from cchc.core.rules import is_in_province, is_standing_agency_staff

rules.add_perm("ingest.upload", is_in_province & is_standing_agency_staff)
rules.add_perm("ingest.review", is_in_province & is_standing_agency_staff)
rules.add_perm("ingest.save", is_in_province & is_standing_agency_staff)

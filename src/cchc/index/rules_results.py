# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Rules of IDX-6, IDX-7: survey import, results, publication (imported by index/rules.py).

| rule | object | who |
| --- | --- | --- |
| index.import_survey | campaign | leader or focal officer of Sở Nội vụ, while the province is live |
| index.compute_results | campaign | leader or focal officer of Sở Nội vụ, while the province is live (before publication: the service refuses after) |
| index.publish_results | campaign | the leader of Sở Nội vụ (SEC-1), while the province is live |
| index.correct_results | campaign | the leader of Sở Nội vụ, while the province is live (after publication, with a reason) |
| index.view_all_results | campaign | Sở Nội vụ's staff; after publication anyone in the province (before it, an agency sees only its own row) |
"""

import rules

from cchc.core.rules import is_in_province, is_standing_agency_leader, is_standing_agency_staff, province_is_live


@rules.predicate
def campaign_is_published(user, campaign) -> bool:
    return getattr(campaign, "published_at", None) is not None


rules.add_perm("index.import_survey", is_in_province & is_standing_agency_staff & province_is_live)
rules.add_perm("index.compute_results", is_in_province & is_standing_agency_staff & province_is_live)
rules.add_perm("index.publish_results", is_in_province & is_standing_agency_leader & province_is_live)
rules.add_perm("index.correct_results", is_in_province & is_standing_agency_leader & province_is_live)
rules.add_perm("index.view_all_results", is_in_province & (is_standing_agency_staff | campaign_is_published))

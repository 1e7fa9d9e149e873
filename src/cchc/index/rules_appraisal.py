# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Rules of IDX-4, IDX-5: appraisal and explanations (imported by index/rules.py).

| rule | object | who |
| --- | --- | --- |
| index.appraise | campaign | leader or focal officer of an agency the regulation in force names as appraiser of one of the campaign's areas (Sở Nội vụ for the areas it names nobody for), while the province is live; each leaf is checked again by the services |
| index.answer_explanations | campaign | leader or focal officer of an agency that has a file in the campaign, while the province is live |
"""

import rules

from cchc.core.rules import is_in_province, per_request, province_is_live


@rules.predicate
def appraises_an_area(user, campaign) -> bool:
    from cchc.index.appraisal_routing import cached_user_areas

    return bool(cached_user_areas(user, campaign)[0])


@rules.predicate
def has_a_file(user, campaign) -> bool:
    from cchc.index.appraisal_queries import answering_agencies

    return bool(per_request(user, f"index-files:{campaign.pk}", lambda: answering_agencies(user, campaign)))


rules.add_perm("index.appraise", is_in_province & province_is_live & appraises_an_area)
rules.add_perm("index.answer_explanations", is_in_province & province_is_live & has_a_file)

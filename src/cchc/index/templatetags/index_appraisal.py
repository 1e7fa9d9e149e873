"""IDX-4, IDX-5: the appraisal section of the campaign page (its data, asked from the template: the campaign page's
view belongs to another stage)."""

from django import template

from cchc.core.rules import can
from cchc.index import appraisal_queries, appraisal_routing

register = template.Library()


@register.simple_tag
def appraisal_section(user, campaign) -> dict:
    """The user's areas to appraise with their counts, and the explanations its agencies have to answer."""
    section = {"areas": [], "waiting": 0, "answers": False}
    if can(user, "index.appraise", campaign):
        areas, _ = appraisal_routing.cached_user_areas(user, campaign)
        mine = appraisal_routing.cached_user_agency_ids(user, campaign)
        section["areas"] = appraisal_queries.appraiser_counts(campaign, areas, mine)
    if can(user, "index.answer_explanations", campaign):
        section["answers"] = True
        agencies = appraisal_queries.answering_agencies(user, campaign)
        section["waiting"] = appraisal_queries.waiting_explanations(campaign, agencies)
    return section

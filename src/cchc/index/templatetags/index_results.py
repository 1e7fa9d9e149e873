"""IDX-6, IDX-7: what the results section of the campaign page offers the user, asked through `can` (never Django's
`has_perm`, which answers yes to a superuser for everything: SEC-1, publishing is Sở Nội vụ's leader's act)."""

from django import template

from cchc.core.rules import can
from cchc.index.results import appraisal_left, not_settled_message

register = template.Library()


@register.simple_tag
def results_section(user, campaign) -> dict:
    """The buttons the user may use, and, for the one who publishes, how many leaves are not yet appraised."""
    published = campaign.published_at is not None
    section = {
        "can_import": not published and can(user, "index.import_survey", campaign),
        "can_compute": not published and can(user, "index.compute_results", campaign),
        "can_publish": not published and can(user, "index.publish_results", campaign),
        "can_correct": published and can(user, "index.correct_results", campaign),
        "not_settled": "",
    }
    if section["can_publish"]:
        leaves, agencies = appraisal_left(campaign)
        if leaves:
            section["not_settled"] = not_settled_message(leaves, agencies)
    return section

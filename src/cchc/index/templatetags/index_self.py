"""IDX-3: the self-assessment section of the campaign page: the files the user may open, with their progress, in
two queries whatever the number of agencies."""

from django import template
from django.db.models import Count, Q

from cchc.agencies.models import AgencyKind
from cchc.core.rules import can, memberships
from cchc.index.models import Assessment, CampaignNode, Method, Score
from cchc.index.rules_self import file_leadership, file_standing_staff

register = template.Library()

REQUIRED = ~Q(node__method=Method.SURVEY) & ~Q(node__kind__in=[CampaignNode.Kind.BONUS, CampaignNode.Kind.PENALTY])


@register.simple_tag
def self_files(campaign, user) -> dict:
    """{"all": bool (Sở Nội vụ's table), "files": [{"file", "scored", "total", "pct"}], "can_reopen": bool}."""
    if not getattr(user, "is_authenticated", False):
        return {"all": False, "files": []}
    files = Assessment.objects.filter(campaign=campaign).exclude(agency__kind=AgencyKind.PROVINCIAL_COMMITTEE)
    probe = files.select_related("campaign__province").first()
    standing = probe is not None and (file_standing_staff.test(user, probe) or file_leadership.test(user, probe))
    can_reopen = probe is not None and can(user, "index.reopen_self", probe)
    if not standing:
        files = files.filter(agency_id__in=_own(user))
    files = list(files.select_related("agency", "campaign__province").order_by("agency__name"))
    counts = {
        row["assessment_id"]: row
        for row in Score.objects.filter(assessment__in=[f.pk for f in files])
        .values("assessment_id")
        .annotate(
            total=Count("pk", filter=REQUIRED),
            scored=Count("pk", filter=REQUIRED & Q(self_points__isnull=False)),
        )
    }
    rows = []
    for file in files:
        count = counts.get(file.pk, {"total": 0, "scored": 0})
        pct = round(100 * count["scored"] / count["total"]) if count["total"] else 0
        rows.append({"file": file, "scored": count["scored"], "total": count["total"], "pct": pct})
    return {"all": standing, "files": rows, "can_reopen": can_reopen}


def _own(user) -> set[int]:
    return {m.agency_id for m in memberships(user)}

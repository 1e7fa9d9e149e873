"""Reads of coordination activities shared by pages and the API (COO-1 to COO-3), in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from cchc.core.rules import can
from cchc.meetings.models import Activity, Conclusion
from cchc.plans.models import Plan, PlanStatus


def activities_of(province, *, kind: str = "", year: int | None = None) -> QuerySet[Activity]:
    activities = (
        Activity.objects.filter(province=province)
        .select_related("host")
        .prefetch_related("participants")
        .annotate(conclusion_count=Count("conclusions", distinct=True))
    )
    if kind:
        activities = activities.filter(kind=kind)
    if year:
        activities = activities.filter(held_on__year=year)
    return activities.order_by("-held_on", "-id")


def visible_activity_or_404(user, province, activity_id) -> Activity:
    activity = (
        Activity.objects.filter(province=province, pk=activity_id)
        .select_related("host", "province", "regulation", "created_by", "outcome_by")
        .prefetch_related(
            "participants",
            "documents",
            Prefetch("conclusions", queryset=Conclusion.objects.select_related("lead", "task__plan")),
        )
        .first()
    )
    if activity is None or not can(user, "meetings.view_activity", activity):
        raise Http404("Không tìm thấy hoạt động phối hợp.")
    return activity


def plans_for_conclusions(user, province) -> list[Plan]:
    """COO-2, PLAN-6: the plans a conclusion may go into: drafts (or in consultation) and issued plans under
    adjustment that the user may edit; never an issued plan as it stands."""
    plans = (
        Plan.objects.filter(province=province, discarded=False)
        .filter(Q(status__in=[PlanStatus.DRAFT, PlanStatus.CONSULTATION]) | Q(adjusting=True))
        .select_related("owner", "province")
        .order_by("-start_year", "title")
    )
    return [plan for plan in plans if can(user, "plans.edit_plan", plan)]

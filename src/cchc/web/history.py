"""ORG-5: the history a province holds from the provinces merged into it ("Lịch sử trước hợp nhất").

The old provinces' records stay with them and with the agencies that did the work; the successor reads them.
Every list here is one query however many predecessors there are.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from cchc.agencies.models import Agency
from cchc.core.models import Province
from cchc.core.succession import predecessors_of
from cchc.plans.models import Plan, PlanStatus
from cchc.regulation.models import Regulation

# A draft never became the old province's work: it stays with the old province's own people (plans.view_plan).
UNISSUED = (PlanStatus.DRAFT, PlanStatus.CONSULTATION)


@dataclass
class OwnerPlans:
    owner: Agency
    plans: list = field(default_factory=list)


@dataclass
class PredecessorHistory:
    province: Province
    merged_into: Province  # the successor it merged into: the page's province, or another predecessor
    regulations: list = field(default_factory=list)
    owners: list[OwnerPlans] = field(default_factory=list)


def history_of(province: Province) -> list[PredecessorHistory]:
    """ORG-5: for each predecessor, its regulations and its issued plans (with their number of tasks), grouped
    under the agency that owned them. Three queries in all."""
    predecessors = predecessors_of(province)
    if not predecessors:
        return []
    known = {province.pk: province, **{p.pk: p for p in predecessors}}
    by_id = {p.pk: PredecessorHistory(p, known[p.successor_id]) for p in predecessors}
    regulations = Regulation.objects.filter(province_id__in=by_id).order_by("-effective_from", "-id")
    for regulation in regulations:
        by_id[regulation.province_id].regulations.append(regulation)
    plans = (
        Plan.objects.filter(province_id__in=by_id, discarded=False)
        .exclude(status__in=UNISSUED)
        .select_related("owner")
        .annotate(task_count=Count("tasks"))
        .order_by("owner__name", "owner_id", "-start_year", "-signed_on", "title", "id")
    )
    owners: dict[tuple[int, int], OwnerPlans] = {}
    for plan in plans:
        key = (plan.province_id, plan.owner_id)
        if key not in owners:
            owners[key] = OwnerPlans(plan.owner)
            by_id[plan.province_id].owners.append(owners[key])
        owners[key].plans.append(plan)
    return [by_id[p.pk] for p in predecessors]

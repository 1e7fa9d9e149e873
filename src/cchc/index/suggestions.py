"""IDX-3: suggested scores of the leaves bound to data the system holds (Binding): the points and the facts behind
them, with links. The agency may differ, with an explanation (selfassessment.save_self_score asks).

A fixed number of queries per file whatever the number of leaves or tasks: each binding is computed once.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q
from django.urls import reverse

from cchc.index.models import Binding

NO_DATA = "Chưa có dữ liệu"
CENT = Decimal("0.01")


@dataclass
class Fact:
    text: str
    url: str = ""


@dataclass
class Suggestion:
    points: Decimal | None  # None: no suggestion (the data is missing)
    facts: list[Fact] = field(default_factory=list)


@dataclass
class Measure:
    """What a binding measured: a share done/total (None when the data is missing), and the facts."""

    done: int = 0
    total: int = 0
    facts: list[Fact] = field(default_factory=list)

    @property
    def ratio(self) -> Decimal | None:
        return Decimal(self.done) / Decimal(self.total) if self.total else None


def points_for(node, ratio: Decimal) -> Decimal:
    """The proportional points of a ratio (formula "max × done/total"); for a leaf with levels, the nearest level
    not above them."""
    proportional = (Decimal(node.max_points) * ratio).quantize(CENT, rounding=ROUND_DOWN)
    if node.levels:
        below = [
            Decimal(str(level["points"])) for level in node.levels if Decimal(str(level["points"])) <= proportional
        ]
        return max(below) if below else min(Decimal(str(level["points"])) for level in node.levels)
    return proportional


def _fmt(day) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def plan_on_time(agency, year: int, on: dt.date) -> Measure:
    """The agency's own plan of the year, issued by 31/12 of the year before (assumed due date)."""
    from cchc.plans.models import Plan, PlanKind, PlanStatus

    due = dt.date(year - 1, 12, 31)
    plan = (
        Plan.objects.filter(
            owner=agency,
            kind=PlanKind.AGENCY,
            start_year__lte=year,
            end_year__gte=year,
            status__in=[PlanStatus.ISSUED, PlanStatus.ADJUSTED, PlanStatus.CLOSED],
            discarded=False,
        )
        .order_by("signed_on", "pk")
        .first()
    )
    if plan is None:
        if on > due:
            return Measure(0, 1, [Fact(f"Chưa có kế hoạch CCHC năm {year} đã ban hành (hạn {_fmt(due)})")])
        return Measure()
    url = reverse("plan-detail", args=[agency.province.slug, plan.pk])
    text = f"Kế hoạch số {plan.number or '—'} ban hành ngày {_fmt(plan.signed_on)} (hạn {_fmt(due)})"
    on_time = plan.signed_on is not None and plan.signed_on <= due
    return Measure(1 if on_time else 0, 1, [Fact(text, url)])


def tasks_on_time(agency, year: int, on: dt.date) -> Measure:
    """The tasks the agency leads in the tracked plans covering the year: the share done on time (cancelled ones
    do not count)."""
    from cchc.plans.models import Task
    from cchc.tracking.queries import TRACKED_PLAN_STATUSES, task_statuses
    from cchc.tracking.status import TaskStatus

    ids = list(
        Task.objects.filter(
            lead=agency,
            plan__status__in=TRACKED_PLAN_STATUSES,
            plan__start_year__lte=year,
            plan__end_year__gte=year,
        ).values_list("pk", flat=True)
    )
    statuses = task_statuses(ids, on)
    counted = [s for s in statuses.values() if s != TaskStatus.CANCELLED]
    if not counted:
        return Measure()
    done = sum(1 for s in counted if s == TaskStatus.DONE_ON_TIME)
    url = reverse("task-tracking", args=[agency.province.slug]) + f"?chu_tri={agency.pk}"
    return Measure(done, len(counted), [Fact(f"{done}/{len(counted)} nhiệm vụ hoàn thành đúng hạn", url)])


def reports_on_time(agency, year: int, on: dt.date) -> Measure:
    """The report cycles of the year that asked the agency and are due: the share it sent on time."""
    from cchc.reports.models import ReportCycle, ReportSubmission

    cycles = list(ReportCycle.objects.filter(province=agency.province_id, year=year, agencies=agency, due_date__lte=on))
    if not cycles:
        return Measure()
    sent = ReportSubmission.objects.filter(cycle__in=cycles, agency=agency, submitted_at__isnull=False)
    on_time = set(sent.filter(late=False).values_list("cycle_id", flat=True))
    done = sum(1 for cycle in cycles if cycle.pk in on_time)
    url = reverse("report-cycle-list", args=[agency.province.slug])
    return Measure(done, len(cycles), [Fact(f"{done}/{len(cycles)} báo cáo gửi đúng hạn", url)])


def inspection_coverage(agency, year: int, on: dt.date) -> Measure:
    """The inspections of the agency's own issued inspection plans (kế hoạch kiểm tra CCHC) running in the year: the
    share carried out (done, on time or late; cancelled ones do not count)."""
    from cchc.plans.models import Plan, PlanKind, Task, ThematicType
    from cchc.tracking.queries import TRACKED_PLAN_STATUSES, task_statuses
    from cchc.tracking.status import DONE, TaskStatus

    plans = list(
        Plan.objects.filter(
            owner=agency,
            kind=PlanKind.THEMATIC,
            thematic_type=ThematicType.INSPECTION,
            status__in=TRACKED_PLAN_STATUSES,
            start_year__lte=year,
            end_year__gte=year,
            discarded=False,
        )
        .order_by("signed_on", "pk")
        .only("pk", "number")
    )
    if not plans:
        return Measure()
    ids = list(Task.objects.filter(plan__in=plans).values_list("pk", flat=True))
    counted = [s for s in task_statuses(ids, on).values() if s != TaskStatus.CANCELLED]
    if not counted:
        return Measure()
    done = sum(1 for s in counted if s in DONE)
    numbers = ", ".join(plan.number or "—" for plan in plans)
    text = f"{done}/{len(counted)} cuộc kiểm tra theo kế hoạch kiểm tra CCHC số {numbers} đã thực hiện"
    return Measure(done, len(counted), [Fact(text, reverse("plan-detail", args=[agency.province.slug, plans[0].pk]))])


def targets_met(agency, year: int, on: dt.date) -> Measure:
    """The targets of the agency's own issued plans running in the year, each judged on its latest result of the
    year (the agency's own, else the province-wide one): the share met among those reported."""
    from cchc.plans.models import Plan, PlanStatus, Target, TargetResult
    from cchc.plans.targets import MET, NOT_REPORTED, evaluate

    plans = Plan.objects.filter(
        owner=agency, status__in=[PlanStatus.ISSUED, PlanStatus.ADJUSTED, PlanStatus.CLOSED], discarded=False
    )
    targets = list(
        Target.objects.filter(plan__in=plans, start_year__lte=year, end_year__gte=year).values_list(
            "pk", "comparison", "value", "plan_id"
        )
    )
    latest: dict[int, object] = {}
    results = TargetResult.objects.filter(target__in=[t[0] for t in targets], year=year).filter(
        Q(agency=agency) | Q(agency__isnull=True)
    )
    for target_id, value, own in results.order_by("target_id", "reported_at", "pk").values_list(
        "target_id", "value", "agency_id"
    ):
        if own or target_id not in latest or latest[target_id][1] is None:
            latest[target_id] = (value, own)
    verdicts = [evaluate(c, v, latest.get(pk, (None, None))[0]) for pk, c, v, _ in targets]
    reported = [v for v in verdicts if v != NOT_REPORTED]
    if not reported:
        return Measure()
    met = sum(1 for v in reported if v == MET)
    text = f"{met}/{len(reported)} chỉ tiêu đạt"
    if len(verdicts) > len(reported):
        text += f" ({len(verdicts) - len(reported)} chỉ tiêu chưa báo cáo kết quả)"
    url = reverse("plan-detail", args=[agency.province.slug, targets[0][3]])
    return Measure(met, len(reported), [Fact(text, url)])


MEASURES = {
    Binding.TARGETS_MET: targets_met,
    Binding.PLAN_ON_TIME: plan_on_time,
    Binding.TASKS_ON_TIME: tasks_on_time,
    Binding.REPORTS_ON_TIME: reports_on_time,
    Binding.INSPECTION_COVERAGE: inspection_coverage,
}


def suggest(assessment, nodes, on: dt.date) -> dict[int, Suggestion]:
    """The suggestion of each bound leaf among `nodes` (node id → Suggestion); each binding measured once."""
    measured: dict[str, Measure] = {}
    result = {}
    year = assessment.campaign.year
    for node in nodes:
        if not node.binding:
            continue
        if node.binding not in measured:
            compute = MEASURES.get(node.binding)
            measured[node.binding] = compute(assessment.agency, year, on) if compute else Measure()
        measure = measured[node.binding]
        ratio = measure.ratio
        if ratio is None:
            result[node.pk] = Suggestion(None, measure.facts or [Fact(NO_DATA)])
        else:
            result[node.pk] = Suggestion(points_for(node, ratio), measure.facts)
    return result


__all__ = ["NO_DATA", "Fact", "Suggestion", "points_for", "suggest"]

"""EVL-1: the head-of-agency evaluation: an agency's index result, task completion and report punctuality in a
year, side by side, with a short computed summary.

- index: the campaign's stored `Result` (percent, rank, band); shown to others only after publication, before it
  only to the agency itself and Sở Nội vụ's staff ("Chưa công bố");
- tasks: the tasks it leads in the province's tracked plans covering the year whose last due date falls in the year
  (or that have none): done on time, done late, overdue, total (`cchc.tracking.queries.task_states`);
- reports: the report cycles of the year that asked it: submitted on time, late, missing (past due, no report).

`evaluations` reads many agencies in a fixed number of queries.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from cchc.core.rules import can
from cchc.index.models import Result
from cchc.index.rules_province import AgencyInProvince

NOT_PUBLISHED = "Chưa công bố"


@dataclass
class Evaluation:
    agency: object
    year: int
    result: Result | None
    result_visible: bool
    tasks: Counter = field(default_factory=Counter)
    reports: Counter = field(default_factory=Counter)

    @property
    def index_text(self) -> str:
        if not self.result_visible:
            return NOT_PUBLISHED
        if self.result is None or self.result.percent is None:
            return "Chưa có kết quả"
        rank = f", hạng {self.result.rank}" if self.result.rank else ""
        band = f", {self.result.band}" if self.result.band else ""
        return f"{format_percent(self.result.percent)}{rank}{band}"

    @property
    def summary(self) -> str:
        t, r = self.tasks, self.reports
        parts = [f"Chỉ số CCHC: {self.index_text}"]
        if t["total"]:
            parts.append(
                f"hoàn thành đúng hạn {t['done_on_time']}/{t['total']} nhiệm vụ chủ trì"
                f" ({round(100 * t['done_on_time'] / t['total'])}%)"
                + (f", {t['overdue']} nhiệm vụ quá hạn" if t["overdue"] else "")
            )
        else:
            parts.append("không chủ trì nhiệm vụ nào trong năm")
        due = r["on_time"] + r["late"] + r["missing"]
        if due:
            parts.append(
                f"gửi đúng hạn {r['on_time']}/{due} báo cáo"
                + (f", {r['late']} muộn" if r["late"] else "")
                + (f", {r['missing']} chưa gửi" if r["missing"] else "")
            )
        else:
            parts.append("chưa đến hạn báo cáo nào")
        return "; ".join(parts) + "."


def format_percent(value) -> str:
    return f"{value:.2f}".replace(".", ",") + "%"


def result_visible(user, campaign, agency_id: int) -> bool:
    """EVL-1, IDX-7: a result is the province's after publication; before, the agency's and Sở Nội vụ's only."""
    if campaign is not None and campaign.published_at is not None:
        return True
    return can(user, "index.view_agency_scores", AgencyInProvince(campaign.province if campaign else None, agency_id))


def _task_counts(province, agency_ids, year: int, on: dt.date) -> dict[int, Counter]:
    from cchc.plans.models import Task
    from cchc.tracking.queries import TRACKED_PLAN_STATUSES, task_states
    from cchc.tracking.status import TaskStatus

    tasks = dict(
        Task.objects.filter(
            plan__province=province,
            plan__status__in=TRACKED_PLAN_STATUSES,
            plan__start_year__lte=year,
            plan__end_year__gte=year,
            lead_id__in=list(agency_ids),
        ).values_list("pk", "lead_id")
    )
    out: dict[int, Counter] = defaultdict(Counter)
    for task_id, state in task_states(tasks, on).items():
        if state.last_due is not None and state.last_due.year != year:
            continue
        if state.status == TaskStatus.CANCELLED:
            continue
        counts = out[tasks[task_id]]
        counts["total"] += 1
        counts[str(state.status)] += 1
    return out


def _report_counts(province, agency_ids, year: int, on: dt.date) -> dict[int, Counter]:
    from cchc.reports.models import ReportCycle, ReportSubmission

    wanted = set(agency_ids)
    cycles = {c.pk: c for c in ReportCycle.objects.filter(province=province, year=year)}
    asked = defaultdict(set)
    for cycle_id, agency_id in ReportCycle.agencies.through.objects.filter(
        reportcycle_id__in=list(cycles), agency_id__in=list(wanted)
    ).values_list("reportcycle_id", "agency_id"):
        asked[cycle_id].add(agency_id)
    sent = {}
    for cycle_id, agency_id, late in ReportSubmission.objects.filter(
        cycle_id__in=list(cycles), agency_id__in=list(wanted), status=ReportSubmission.Status.SUBMITTED
    ).values_list("cycle_id", "agency_id", "late"):
        sent[(cycle_id, agency_id)] = late
    out: dict[int, Counter] = defaultdict(Counter)
    for cycle_id, agencies in asked.items():
        for agency_id in agencies:
            if (cycle_id, agency_id) in sent:
                out[agency_id]["late" if sent[(cycle_id, agency_id)] else "on_time"] += 1
            elif cycles[cycle_id].due_date < on:
                out[agency_id]["missing"] += 1
            else:
                out[agency_id]["pending"] += 1
    return out


def evaluations(user, province, campaign, agencies, year: int, on: dt.date) -> list[Evaluation]:
    """EVL-1: one evaluation per agency, in a fixed number of queries whatever the number of agencies."""
    agencies = list(agencies)
    ids = [a.pk for a in agencies]
    results = {}
    if campaign is not None:
        results = {r.agency_id: r for r in Result.objects.filter(campaign=campaign, agency_id__in=ids)}
    sees_all = campaign is not None and (
        campaign.published_at is not None or can(user, "index.view_all_scores", province)
    )
    tasks = _task_counts(province, ids, year, on)
    reports = _report_counts(province, ids, year, on)
    return [
        Evaluation(
            agency=a,
            year=year,
            result=results.get(a.pk),
            result_visible=campaign is not None and (sees_all or result_visible(user, campaign, a.pk)),
            tasks=tasks.get(a.pk, Counter()),
            reports=reports.get(a.pk, Counter()),
        )
        for a in agencies
    ]


def own_agency_ids(user) -> list[int]:
    """The agencies the user belongs to (any role): their evaluation pages are theirs to read."""
    from cchc.core.rules import memberships

    return [m.agency_id for m in memberships(user)]


def assessed_agencies(campaign):
    """The agencies a campaign assesses, the province's own file (UBND tỉnh) aside."""
    from cchc.agencies.models import AgencyKind

    return campaign.agencies.exclude(kind=AgencyKind.PROVINCIAL_COMMITTEE).order_by("name", "pk")

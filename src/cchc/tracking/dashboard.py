"""TRK-6, U-4: the reads behind the dashboards, in a fixed number of queries whatever the number of agencies and
tasks (the statuses come from `task_states`, three queries; the rest are one query each).

The province's dashboard covers the tasks of the province's own tracked plans (issued, adjusted, closed; not the
agencies' internal plans, whose tasks repeat the province's) in force in a year: task status per reform area,
overdue tasks per lead, targets met, and each lead's update rate (the share of its open tasks with a lead update
in the last UPDATE_WINDOW_DAYS days). The agency's dashboard covers the tasks it leads (by name or through a
lead group): by status, its deadlines in the next DEADLINE_WINDOW_DAYS days, and its overdue tasks.

The report cycles belong to the reports app; a dashboard shows their figures only when that app is there
(`report_submission_rates`, `agency_reports`).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from cchc.agencies.models import Agency, AgencyGroup
from cchc.plans.models import Milestone, Plan, PlanKind, Target, TargetResult, Task
from cchc.plans.queries import groups_containing
from cchc.plans.targets import LABELS as TARGET_LABELS
from cchc.plans.targets import MET, NOT_MET, NOT_REPORTED, evaluate
from cchc.regulation.models import ReformArea
from cchc.tracking.models import ProgressUpdate, Review, UpdateKind
from cchc.tracking.queries import TRACKED_PLAN_STATUSES, task_states
from cchc.tracking.status import BADGE, DONE, OPEN, TaskStatus

UPDATE_WINDOW_DAYS = 30
DEADLINE_WINDOW_DAYS = 30
TOP_OVERDUE = 10
NO_AREA = "Chưa xếp lĩnh vực"
STATUSES = list(TaskStatus)
# Chart colours of the statuses (Bootstrap's palette, as the badges).
COLOURS = {
    TaskStatus.NOT_STARTED: "#6c757d",
    TaskStatus.IN_PROGRESS: "#0d6efd",
    TaskStatus.DONE_ON_TIME: "#198754",
    TaskStatus.DONE_LATE: "#ffc107",
    TaskStatus.OVERDUE: "#dc3545",
    TaskStatus.CANCELLED: "#212529",
}


def share(part: int, whole: int) -> int:
    """A whole percentage (0 when the whole is 0), for progress bars."""
    return round(100 * part / whole) if whole else 0


def tracked_plans(province, year: int):
    """The province's own plans tracked in the year (not drafts, not discarded, not agencies' internal plans)."""
    return Plan.objects.filter(
        province=province,
        status__in=TRACKED_PLAN_STATUSES,
        discarded=False,
        start_year__lte=year,
        end_year__gte=year,
    ).exclude(kind=PlanKind.AGENCY)


@dataclass
class StatusCounts:
    """How many tasks have each status, with the shares the cards show."""

    counts: Counter = field(default_factory=Counter)

    def add(self, status: TaskStatus) -> None:
        self.counts[status] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return sum(self.counts[s] for s in DONE)

    @property
    def open(self) -> int:
        return sum(self.counts[s] for s in OPEN)

    @property
    def overdue(self) -> int:
        return self.counts[TaskStatus.OVERDUE]

    @property
    def in_progress(self) -> int:
        return self.counts[TaskStatus.IN_PROGRESS]

    @property
    def not_started(self) -> int:
        return self.counts[TaskStatus.NOT_STARTED]

    @property
    def done_share(self) -> int:
        """Done among the tasks not cancelled."""
        return share(self.done, self.total - self.counts[TaskStatus.CANCELLED])

    def rows(self) -> list[tuple[str, int, str]]:
        """(label, count, badge colour) of every status, in the order of TaskStatus."""
        return [(s.label, self.counts[s], BADGE[s]) for s in STATUSES]

    def of(self, status: TaskStatus) -> int:
        return self.counts[status]


@dataclass
class AreaRow:
    name: str
    statuses: StatusCounts


@dataclass
class LeadRow:
    """A lead (an agency, or a lead group) with its tasks' figures."""

    key: str  # "agency:<id>" or "group:<id>"
    name: str
    agency_id: int | None
    open: int = 0
    overdue: int = 0
    updated: int = 0  # open tasks with a lead update in the window

    @property
    def update_share(self) -> int:
        return share(self.updated, self.open)


@dataclass
class TargetCounts:
    year: int
    met: int = 0
    not_met: int = 0
    not_reported: int = 0

    @property
    def total(self) -> int:
        return self.met + self.not_met + self.not_reported

    @property
    def met_share(self) -> int:
        return share(self.met, self.total)

    def rows(self) -> list[tuple[str, int]]:
        return [
            (TARGET_LABELS[k], n)
            for k, n in ((MET, self.met), (NOT_MET, self.not_met), (NOT_REPORTED, self.not_reported))
        ]


@dataclass
class ProvinceDashboard:
    year: int
    on: dt.date
    totals: StatusCounts
    areas: list[AreaRow]
    leads: list[LeadRow]  # leads with open tasks, lowest update rate first
    overdue_leads: list[LeadRow]  # the TOP_OVERDUE leads with the most overdue tasks
    targets: TargetCounts
    updated_open: int  # open tasks updated in the window, of totals.open
    submission_rates: list | None  # None: the reports app is not there

    @property
    def update_share(self) -> int:
        return share(self.updated_open, self.totals.open)

    @property
    def report_rows(self) -> list[tuple[object, int, int, int]]:
        """(cycle, submitted, in scope, share submitted) of each report cycle."""
        return [(cycle, sub, scope, share(sub, scope)) for cycle, sub, scope in self.submission_rates or []]

    def chart_data(self) -> dict:
        """What charts.js draws (passed with json_script): labels, series and colours, no HTML."""
        return {
            "areas": {
                "labels": [row.name for row in self.areas],
                "series": [
                    {"label": s.label, "color": COLOURS[s], "data": [row.statuses.of(s) for row in self.areas]}
                    for s in STATUSES
                ],
            },
            "overdue": {
                "labels": [row.name for row in self.overdue_leads],
                "data": [row.overdue for row in self.overdue_leads],
                "color": COLOURS[TaskStatus.OVERDUE],
            },
            "targets": {
                "labels": [label for label, _ in self.targets.rows()],
                "data": [n for _, n in self.targets.rows()],
                "colors": ["#198754", "#dc3545", "#adb5bd"],
            },
            "reports": {
                "labels": [str(cycle) for cycle, _, _, _ in self.report_rows],
                "data": [rate for _, _, _, rate in self.report_rows],
            },
        }


def _lead_names(agency_ids, group_ids) -> tuple[dict, dict]:
    agencies = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name")) if agency_ids else {}
    groups = dict(AgencyGroup.objects.filter(pk__in=group_ids).values_list("pk", "name")) if group_ids else {}
    return agencies, groups


def _recently_updated(tasks, on: dt.date) -> set[int]:
    """The tasks (of the queryset) with a standing lead update in the UPDATE_WINDOW_DAYS days up to `on`."""
    since = on - dt.timedelta(days=UPDATE_WINDOW_DAYS - 1)
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    return set(
        ProgressUpdate.objects.filter(task__in=tasks, kind=UpdateKind.LEAD, created_at__gte=start)
        .exclude(review=Review.RETURNED)
        .values_list("task_id", flat=True)
        .distinct()
    )


def target_counts(plans, year: int) -> TargetCounts:
    """PLAN-3, TRK-6: the targets of the plans that run in the year, each judged on its latest province-wide result
    of that year (`plans.targets.evaluate`): met, not met, not reported. Two queries."""
    targets = list(
        Target.objects.filter(plan__in=plans, start_year__lte=year, end_year__gte=year).values_list(
            "pk", "comparison", "value"
        )
    )
    latest: dict[int, object] = {}
    for target_id, value in (
        TargetResult.objects.filter(target__in=[pk for pk, _, _ in targets], year=year, agency__isnull=True)
        .order_by("target_id", "reported_at", "pk")
        .values_list("target_id", "value")
    ):
        latest[target_id] = value  # the last reported wins
    counts = TargetCounts(year)
    for pk, comparison, value in targets:
        verdict = evaluate(comparison, value, latest.get(pk))
        if verdict == MET:
            counts.met += 1
        elif verdict == NOT_MET:
            counts.not_met += 1
        else:
            assert verdict == NOT_REPORTED
            counts.not_reported += 1
    return counts


def report_submission_rates(province) -> list | None:
    """RPT-3 (from the reports app): (cycle, submitted, in scope) per cycle."""
    from cchc.reports.queries import submission_rates

    return list(submission_rates(province))


def agency_reports(agency) -> list | None:
    """RPT-1 (from the reports app): the agency's reports."""
    from cchc.reports.queries import agency_reports as reports_of

    return list(reports_of(agency))


def province_dashboard(province, *, year: int, on: dt.date) -> ProvinceDashboard:
    """TRK-6: the province's figures for the year, as of the local date `on`."""
    plans = tracked_plans(province, year)
    tasks = Task.objects.filter(plan__in=plans)
    rows = list(tasks.values_list("pk", "area_id", "lead_id", "lead_group_id"))
    states = task_states([pk for pk, _, _, _ in rows], on)
    recent = _recently_updated(tasks, on) if rows else set()

    area_ids = {area_id for _, area_id, _, _ in rows if area_id}
    areas = {a.pk: a for a in ReformArea.objects.filter(pk__in=area_ids).order_by("programme", "order")}
    agency_names, group_names = _lead_names(
        {lead for _, _, lead, _ in rows if lead}, {group for _, _, _, group in rows if group}
    )

    totals = StatusCounts()
    per_area: dict[int | None, StatusCounts] = {}
    leads: dict[str, LeadRow] = {}
    updated_open = 0
    for pk, area_id, lead_id, group_id in rows:
        status = states[pk].status
        totals.add(status)
        per_area.setdefault(area_id, StatusCounts()).add(status)
        key = f"agency:{lead_id}" if lead_id else f"group:{group_id}"
        lead = leads.get(key)
        if lead is None:
            name = agency_names.get(lead_id, "") if lead_id else group_names.get(group_id, "")
            lead = leads[key] = LeadRow(key, name, lead_id)
        if status in OPEN:
            lead.open += 1
            if pk in recent:
                lead.updated += 1
                updated_open += 1
        if status == TaskStatus.OVERDUE:
            lead.overdue += 1

    area_rows = [AreaRow(areas[a].name, per_area[a]) for a in areas if a in per_area]
    if None in per_area:
        area_rows.append(AreaRow(NO_AREA, per_area[None]))
    with_open = sorted((r for r in leads.values() if r.open), key=lambda r: (r.update_share, -r.open, r.name))
    overdue = sorted((r for r in leads.values() if r.overdue), key=lambda r: (-r.overdue, r.name))[:TOP_OVERDUE]
    return ProvinceDashboard(
        year=year,
        on=on,
        totals=totals,
        areas=area_rows,
        leads=with_open,
        overdue_leads=overdue,
        targets=target_counts(plans, year),
        updated_open=updated_open,
        submission_rates=report_submission_rates(province),
    )


@dataclass
class AgencyTask:
    pk: int
    plan_id: int
    code: str
    title: str
    plan_title: str
    status: TaskStatus
    last_due: dt.date | None
    percent: int

    @property
    def badge(self) -> str:
        return BADGE[self.status]


@dataclass
class Deadline:
    due: dt.date
    label: str
    task: AgencyTask
    days_left: int


@dataclass
class AgencyDashboard:
    year: int
    on: dt.date
    totals: StatusCounts
    overdue: list[AgencyTask]
    deadlines: list[Deadline]
    updated_open: int
    reports: list | None  # None: the reports app is not there

    @property
    def update_share(self) -> int:
        return share(self.updated_open, self.totals.open)

    def chart_data(self) -> dict:
        rows = [(s, self.totals.of(s)) for s in STATUSES if self.totals.of(s)]
        return {
            "statuses": {
                "labels": [s.label for s, _ in rows],
                "data": [n for _, n in rows],
                "colors": [COLOURS[s] for s, _ in rows],
            }
        }


def agency_dashboard(agency, *, year: int, on: dt.date) -> AgencyDashboard:
    """TRK-6: the tasks the agency leads (by name, or as one of a lead group's agencies) in the province's tracked
    plans of the year: by status, overdue, and their milestones due in the next DEADLINE_WINDOW_DAYS days."""
    plans = tracked_plans(agency.province, year)
    groups = groups_containing(agency, on)
    tasks = Task.objects.filter(plan__in=plans).filter(Q(lead=agency) | Q(lead_group__in=groups))
    rows = list(tasks.values_list("pk", "plan_id", "code", "title", "plan__title").order_by("plan_id", "order", "pk"))
    states = task_states([row[0] for row in rows], on)
    recent = _recently_updated(tasks, on) if rows else set()
    totals = StatusCounts()
    by_id: dict[int, AgencyTask] = {}
    updated_open = 0
    for pk, plan_id, code, title, plan_title in rows:
        state = states[pk]
        totals.add(state.status)
        by_id[pk] = AgencyTask(pk, plan_id, code, title, plan_title, state.status, state.last_due, state.percent)
        if state.status in OPEN and pk in recent:
            updated_open += 1
    overdue = sorted(
        (t for t in by_id.values() if t.status == TaskStatus.OVERDUE), key=lambda t: (t.last_due or on, t.pk)
    )
    deadlines = []
    if rows:
        for task_id, due, label, text in (
            Milestone.objects.filter(task__in=tasks, due__gte=on, due__lte=on + dt.timedelta(days=DEADLINE_WINDOW_DAYS))
            .order_by("due", "task_id", "order")
            .values_list("task_id", "due", "label", "text")
        ):
            task = by_id[task_id]
            if task.status in OPEN:
                deadlines.append(Deadline(due, label or text, task, (due - on).days))
    return AgencyDashboard(
        year=year,
        on=on,
        totals=totals,
        overdue=overdue,
        deadlines=deadlines,
        updated_open=updated_open,
        reports=agency_reports(agency),
    )

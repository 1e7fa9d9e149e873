"""Reads of plans shared by pages, exports and the API: the document view, the appendix with its filters."""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Count, Prefetch, Q, QuerySet

from cchc.core.dates import end_of_quarter
from cchc.core.rules import can
from cchc.core.text import search_terms
from cchc.plans.models import Milestone, Plan, PlanStatus, Task
from cchc.regulation.models import ReformArea


def visible_plan_or_404(user, province, plan_id) -> Plan:
    """The plan if the user may see it; another province's plan or a draft not meant for them is 404."""
    from django.http import Http404

    plan = Plan.objects.filter(province=province, pk=plan_id).select_related("province", "owner", "programme").first()
    if plan is None or not can(user, "plans.view_plan", plan):
        raise Http404("Không tìm thấy kế hoạch.")
    return plan


def plans_of(user, province, *, year: int | None = None, kind: str = "") -> list[Plan]:
    plans = Plan.objects.filter(province=province).select_related("province", "owner", "programme")
    if year:
        plans = plans.filter(start_year__lte=year, end_year__gte=year)
    if kind:
        plans = plans.filter(kind=kind)
    plans = plans.annotate(task_count=Count("tasks", distinct=True)).order_by("-start_year", "kind", "title")
    return [plan for plan in plans if can(user, "plans.view_plan", plan)]


def predecessor_plans(user, province, *, year: int | None = None, kind: str = "") -> list[Plan]:
    """ORG-5: the issued plans of the provinces merged into this one (marked "trước hợp nhất" by the page), with
    the same filters; a draft never became the old province's work and stays with its own people. Two queries."""
    from cchc.core.succession import predecessors_of

    predecessors = predecessors_of(province)
    if not predecessors:
        return []
    plans = (
        Plan.objects.filter(province__in=predecessors, discarded=False)
        .exclude(status__in=(PlanStatus.DRAFT, PlanStatus.CONSULTATION))
        .select_related("province", "owner", "programme")
    )
    if year:
        plans = plans.filter(start_year__lte=year, end_year__gte=year)
    if kind:
        plans = plans.filter(kind=kind)
    plans = plans.annotate(task_count=Count("tasks", distinct=True)).order_by("-start_year", "province__name", "title")
    return [plan for plan in plans if can(user, "plans.view_plan", plan)]


def tasks_of(plan: Plan) -> QuerySet[Task]:
    """The plan's tasks with everything the pages and exports show, in a fixed number of queries."""
    return (
        plan.tasks.select_related("lead", "lead_group", "area")
        .prefetch_related(
            "coordinator_agencies",
            "coordinator_groups",
            Prefetch("milestones", queryset=Milestone.objects.order_by("order", "id")),
        )
        .order_by("area__order", "order", "id")
    )


@dataclass
class TaskFilters:
    area: str = ""
    lead: int | None = None
    coordinator: str = ""  # "agency:<id>" or "group:<id>"
    quarter: int | None = None
    status: str = ""  # "dated", "undated", "overdue", "upcoming"
    query: str = ""

    @property
    def active(self) -> bool:
        return any([self.area, self.lead, self.coordinator, self.quarter, self.status, self.query])


def filter_tasks(plan: Plan, filters: TaskFilters, on: dt.date) -> QuerySet[Task]:
    """The plan's tasks that match the filters, with everything the appendix shows (`tasks_of`)."""
    return _matching(tasks_of(plan), plan, filters, on)


def _matching(tasks: QuerySet[Task], plan: Plan, filters: TaskFilters, on: dt.date) -> QuerySet[Task]:
    if filters.area:
        tasks = tasks.filter(area__code=filters.area)
    if filters.lead:
        tasks = tasks.filter(lead_id=filters.lead)
    if filters.coordinator:
        kind, _, pk = filters.coordinator.partition(":")
        if pk.isdigit():
            field_name = "coordinator_agencies" if kind == "agency" else "coordinator_groups"
            tasks = tasks.filter(**{field_name: int(pk)})
    if filters.quarter:
        start = dt.date(plan.start_year, (filters.quarter - 1) * 3 + 1, 1)
        tasks = tasks.filter(
            milestones__due__gte=start, milestones__due__lte=end_of_quarter(plan.start_year, filters.quarter)
        )
    if filters.status == "undated":
        tasks = tasks.exclude(milestones__due__isnull=False)
    elif filters.status == "dated":
        tasks = tasks.filter(milestones__due__isnull=False)
    elif filters.status == "overdue":
        tasks = tasks.filter(milestones__due__lt=on)
    elif filters.status == "upcoming":
        tasks = tasks.filter(milestones__due__gte=on)
    for term in search_terms(filters.query):
        tasks = tasks.filter(Q(search_text__contains=term))
    return tasks.distinct()


@dataclass
class AreaSection:
    area: ReformArea | None
    targets: list = field(default_factory=list)
    tasks: list = field(default_factory=list)


def document_sections(plan: Plan, tasks=None) -> list[AreaSection]:
    """The plan as the document reads: areas in order, each with its targets and tasks. `tasks` (anything with an
    `area_id`, in the order of `tasks_of`) defaults to `tasks_of(plan)`; the exports pass `rows.task_rows(plan)`."""
    areas = list(ReformArea.objects.filter(programme=plan.programme_id).order_by("order"))
    sections = {area.pk: AreaSection(area) for area in areas}
    other = AreaSection(None)
    targets = plan.targets.select_related("area").prefetch_related("scope_agencies", "scope_groups", "results")
    for target in targets:
        target.years = target_years(target)
        sections.get(target.area_id, other).targets.append(target)
    for task in tasks_of(plan) if tasks is None else tasks:
        sections.get(task.area_id, other).tasks.append(task)
    ordered = [sections[area.pk] for area in areas]
    if other.targets or other.tasks:
        ordered.append(other)
    return ordered


NO_AREA = "Chưa xếp lĩnh vực"


@dataclass(frozen=True)
class AreaCount:
    """An area of the appendix with the number of its tasks that match the filters (other than the area)."""

    area_id: int | None
    code: str
    name: str
    count: int
    start: int  # the position of its first task among all the matching tasks of every area


@dataclass
class AppendixPage:
    """One page of the appendix (issue 12: a 2,000-task plan is shown `size` tasks at a time, never all at once)."""

    tasks: list[Task]
    areas: list[AreaCount]  # every area with matching tasks, whatever the area filter
    total: int  # the tasks matching every filter, the area included
    number: int
    pages: int
    size: int
    continued: bool  # the page begins in the middle of an area

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.number * self.size, self.total)


def area_counts(plan: Plan, filters: TaskFilters, on: dt.date) -> list[AreaCount]:
    """PLAN-2: per area, in the order of the appendix, the tasks matching every filter but the area; one query."""
    matching = _matching(plan.tasks.all(), plan, replace(filters, area=""), on)
    rows = (
        Task.objects.filter(pk__in=matching.values("pk"))
        .values("area_id", "area__code", "area__name", "area__order")
        .annotate(count=Count("pk"))
        .order_by("area__order", "area_id")
    )
    counts, start = [], 0
    for row in rows:
        name = row["area__name"] or NO_AREA
        counts.append(AreaCount(row["area_id"], row["area__code"] or "", name, row["count"], start))
        start += row["count"]
    return counts


def appendix_page(plan: Plan, filters: TaskFilters, on: dt.date, *, number: int, size: int) -> AppendixPage:
    """PLAN-2, issue 12: the page `number` (1, 2, …; past the last page, the last) of the tasks matching the
    filters, in the order of the document, and the counts per area. A fixed number of queries: the counts, then
    the page's tasks with what they show."""
    areas = area_counts(plan, filters, on)
    total = sum(a.count for a in areas if not filters.area or a.code == filters.area)
    pages = max(1, -(-total // size))
    number = min(max(number, 1), pages)
    offset = (number - 1) * size
    tasks = list(filter_tasks(plan, filters, on)[offset : offset + size]) if total else []
    starts = {a.area_id: (0 if filters.area else a.start) for a in areas}
    continued = bool(tasks) and starts.get(tasks[0].area_id, offset) < offset
    return AppendixPage(tasks, areas, total, number, pages, size, continued)


@dataclass
class TargetYear:
    year: int
    actual: object
    status: str
    label: str


def target_years(target, *, agency_id: int | None = None) -> list[TargetYear]:
    """PLAN-3: for each year of the target, the latest reported value and whether it meets the target.
    Reads `target.results` as prefetched."""
    from cchc.plans.targets import LABELS, evaluate

    latest: dict[int, object] = {}
    for result in sorted(target.results.all(), key=lambda r: (r.reported_at, r.pk)):
        if result.agency_id == agency_id:
            latest[result.year] = result.value
    years = []
    for year in range(target.start_year, target.end_year + 1):
        status = evaluate(target.comparison, target.value, latest.get(year))
        years.append(TargetYear(year, latest.get(year), status, LABELS[status]))
    return years


def issued_provincial_plans(province_id: int, year: int) -> QuerySet[Plan]:
    from cchc.plans.models import PlanKind, PlanStatus

    return Plan.objects.filter(
        province=province_id,
        start_year__lte=year,
        end_year__gte=year,
        status__in=[PlanStatus.ISSUED, PlanStatus.ADJUSTED],
    ).exclude(kind=PlanKind.AGENCY)


def groups_containing(agency, on: dt.date) -> list[int]:
    """The ids of the province's groups that hold the agency on the date (ORG-3)."""
    from cchc.agencies.models import AgencyGroup

    return [g.pk for g in AgencyGroup.objects.filter(province=agency.province_id) if agency in g.resolve(on)]


def tasks_led_by(agency, plans, on: dt.date) -> QuerySet[Task]:
    """Tasks the agency leads: as the named lead, or as one of a lead group's agencies."""
    return Task.objects.filter(plan__in=plans).filter(Q(lead=agency) | Q(lead_group__in=groups_containing(agency, on)))

"""Reads of tracking shared by pages, reports and the API: the derived status of many tasks in a fixed number of
queries (TRK-2), whatever the number of tasks."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Prefetch

from cchc.plans.models import Milestone, PlanStatus, Task
from cchc.tracking.models import ProgressUpdate, Reported, Review, TaskCancellation, UpdateKind
from cchc.tracking.status import TaskStatus, derive_status

# Plans whose tasks are tracked: issued (and adjusted) plans. Drafts are still being written.
TRACKED_PLAN_STATUSES = (PlanStatus.ISSUED, PlanStatus.ADJUSTED, PlanStatus.CLOSED)


@dataclass(frozen=True)
class TaskState:
    status: TaskStatus
    last_due: dt.date | None
    percent: int
    updated_at: dt.datetime | None  # the lead's latest standing update (not returned)
    awaiting_confirmation: bool  # a "done" report waits for the standing agency


def task_states(task_ids, on: dt.date) -> dict[int, TaskState]:
    """TRK-2: the state of each task on a local date, in three queries whatever the number of tasks."""
    ids = list(task_ids)
    if not ids:
        return {}
    last_dues = dict(
        Milestone.objects.filter(task_id__in=ids, due__isnull=False)
        .values("task_id")
        .annotate(last=Max("due"))
        .values_list("task_id", "last")
    )
    cancelled = set(
        TaskCancellation.objects.filter(task_id__in=ids, cancelled_on__lte=on).values_list("task_id", flat=True)
    )
    latest: dict[int, ProgressUpdate] = {}
    for update in (
        ProgressUpdate.objects.filter(task_id__in=ids, kind=UpdateKind.LEAD, created_at__date__lte=on)
        .exclude(review=Review.RETURNED)
        .only("task_id", "reported", "percent", "done_on", "review", "created_at")
        .order_by("task_id", "-created_at", "-id")
    ):
        latest.setdefault(update.task_id, update)
    states = {}
    for task_id in ids:
        update = latest.get(task_id)
        confirmed_done = update is not None and update.reported == Reported.DONE and update.review == Review.CONFIRMED
        states[task_id] = TaskState(
            status=derive_status(
                last_due=last_dues.get(task_id),
                today=on,
                reported=update is not None,
                done_on=update.done_on if confirmed_done else None,
                cancelled=task_id in cancelled,
            ),
            last_due=last_dues.get(task_id),
            percent=update.percent if update else 0,
            updated_at=update.created_at if update else None,
            awaiting_confirmation=update is not None and update.review == Review.PENDING,
        )
    return states


def task_statuses(task_ids, on: dt.date) -> dict[int, TaskStatus]:
    """TRK-2: the derived status of each task on a local date (see task_states)."""
    return {task_id: state.status for task_id, state in task_states(task_ids, on).items()}


# --- the task page (TRK-1, TRK-3) -------------------------------------------------------------------------------


def tracked_task_or_404(user, province, task_id) -> Task:
    """A task of a tracked plan of the province that the user may see; otherwise 404 (ORG-4)."""
    from django.http import Http404

    from cchc.core.rules import can

    task = (
        Task.objects.filter(plan__province=province, pk=task_id, plan__status__in=TRACKED_PLAN_STATUSES)
        .select_related("plan", "plan__province", "plan__owner", "lead", "lead_group", "area")
        .first()
    )
    if task is None or not can(user, "tracking.view_task", task):
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


def history_of(task) -> list[ProgressUpdate]:
    """Every update of the task (lead's and contributions), newest first, with their evidence: two queries."""
    return list(
        ProgressUpdate.objects.filter(task=task)
        .select_related("author", "agency", "reviewed_by")
        .prefetch_related("evidence")
        .order_by("-created_at", "-id")
    )


def problems_of_task(task) -> list:
    from cchc.tracking.models import Problem

    return list(
        Problem.objects.filter(task=task)
        .select_related("agency", "raised_by", "answered_by")
        .order_by("answered_at", "-created_at")
    )


# --- the list of tracked tasks (TRK-2) ----------------------------------------------------------------------------


@dataclass
class TrackingFilters:
    status: str = ""
    area: str = ""
    lead: int | None = None
    query: str = ""
    awaiting: bool = False  # only "done" reports waiting for Sở Nội vụ's confirmation

    @property
    def active(self) -> bool:
        return any([self.status, self.area, self.lead, self.query, self.awaiting])


@dataclass
class TrackedRow:
    task: Task
    state: TaskState

    @property
    def badge(self) -> str:
        from cchc.tracking.status import BADGE

        return BADGE[self.state.status]


def tracked_tasks(province, filters: TrackingFilters, on: dt.date):
    """TRK-2: the province's tasks of issued plans matching the filters, with their derived status: (ids in
    order, states by id). A fixed number of queries whatever the number of tasks (the status is derived, so
    it is filtered after the three queries of task_states)."""
    from cchc.core.text import search_terms

    tasks = Task.objects.filter(plan__province=province, plan__status__in=TRACKED_PLAN_STATUSES, plan__discarded=False)
    if filters.area:
        tasks = tasks.filter(area__code=filters.area)
    if filters.lead:
        tasks = tasks.filter(lead_id=filters.lead)
    for term in search_terms(filters.query):
        tasks = tasks.filter(search_text__contains=term)
    ids = list(
        tasks.order_by("-plan__start_year", "plan_id", "area__order", "order", "id").values_list("pk", flat=True)
    )
    states = task_states(ids, on)
    if filters.status:
        ids = [pk for pk in ids if states[pk].status == filters.status]
    if filters.awaiting:
        ids = [pk for pk in ids if states[pk].awaiting_confirmation]
    return ids, states


def rows_for(ids, states) -> list[TrackedRow]:
    """The rows of one page of the list: one query for the tasks, one for their milestones."""
    tasks = Task.objects.filter(pk__in=list(ids)).select_related("plan", "lead", "lead_group", "area")
    tasks = tasks.prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("order", "id")))
    by_id = {t.pk: t for t in tasks}
    return [TrackedRow(by_id[pk], states[pk]) for pk in ids if pk in by_id]


# --- the update rate (TRK-6's dashboard) -----------------------------------------------------------------------

UPDATE_WINDOW_DAYS = 30
LIVE_PLAN_STATUSES = (PlanStatus.ISSUED, PlanStatus.ADJUSTED)


def update_rates(province, on: dt.date) -> dict[int, tuple[int, int]]:
    """TRK-6: for each agency leading open tasks (status in OPEN) of the province's issued or adjusted plans,
    (open tasks with a lead update in the last 30 days up to `on`, open tasks). Five queries whatever the number
    of agencies and tasks. Tasks led by a group are not any one agency's and are not counted."""
    from cchc.tracking.status import OPEN

    leads = dict(
        Task.objects.filter(
            plan__province=province, plan__status__in=LIVE_PLAN_STATUSES, plan__discarded=False, lead__isnull=False
        ).values_list("pk", "lead_id")
    )
    states = task_states(leads, on)
    open_ids = [pk for pk, state in states.items() if state.status in OPEN]
    since = on - dt.timedelta(days=UPDATE_WINDOW_DAYS - 1)
    updated = (
        set(
            ProgressUpdate.objects.filter(
                task_id__in=open_ids, kind=UpdateKind.LEAD, created_at__date__gte=since, created_at__date__lte=on
            ).values_list("task_id", flat=True)
        )
        if open_ids
        else set()
    )
    rates: dict[int, list[int]] = {}
    for pk in open_ids:
        counts = rates.setdefault(leads[pk], [0, 0])
        counts[1] += 1
        counts[0] += pk in updated
    return {agency_id: (done, total) for agency_id, (done, total) in rates.items()}


# --- problems (TRK-3) ---------------------------------------------------------------------------------------------


def problems_of(province, *, open_only: bool = False):
    """The province's problems and adjustment requests: open ones first (oldest first), then the answered."""
    from django.db.models import F

    from cchc.tracking.models import Problem

    problems = Problem.objects.filter(task__plan__province=province).select_related(
        "task", "task__plan", "agency", "raised_by", "answered_by"
    )
    if open_only:
        problems = problems.filter(answered_at__isnull=True)
    return problems.order_by(F("answered_at").desc(nulls_first=True), "created_at", "id")

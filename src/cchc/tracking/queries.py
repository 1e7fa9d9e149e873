"""Reads of tracking shared by pages, reports and the API: the derived status of many tasks in a fixed number of
queries (TRK-2), whatever the number of tasks."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max

from cchc.plans.models import Milestone, PlanStatus
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

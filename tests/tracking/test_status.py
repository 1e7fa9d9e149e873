"""TRK-2: a task's status is derived from its milestones and its lead's updates, in Asia/Ho_Chi_Minh time."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cchc.core.dates import today
from cchc.plans.models import Milestone, PlanStatus
from cchc.tracking.models import ProgressUpdate, Reported, Review, TaskCancellation
from cchc.tracking.queries import task_states, task_statuses
from cchc.tracking.status import TaskStatus, derive_status
from tests.factories import PlanFactory, TaskFactory, world

D = dt.date


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"last_due": D(2026, 6, 30), "today": D(2026, 6, 30)}, TaskStatus.NOT_STARTED),
        ({"last_due": D(2026, 6, 30), "today": D(2026, 7, 1)}, TaskStatus.OVERDUE),
        ({"last_due": None, "today": D(2099, 1, 1)}, TaskStatus.NOT_STARTED),
        ({"last_due": None, "today": D(2099, 1, 1), "reported": True}, TaskStatus.IN_PROGRESS),
        ({"last_due": D(2026, 6, 30), "today": D(2026, 6, 1), "reported": True}, TaskStatus.IN_PROGRESS),
        ({"last_due": D(2026, 6, 30), "today": D(2026, 8, 1), "reported": True}, TaskStatus.OVERDUE),
        ({"last_due": D(2026, 6, 30), "today": D(2026, 8, 1), "done_on": D(2026, 6, 30)}, TaskStatus.DONE_ON_TIME),
        ({"last_due": D(2026, 6, 30), "today": D(2026, 8, 1), "done_on": D(2026, 7, 1)}, TaskStatus.DONE_LATE),
        ({"last_due": None, "today": D(2026, 8, 1), "done_on": D(2026, 7, 1)}, TaskStatus.DONE_ON_TIME),
        ({"last_due": D(2026, 6, 30), "today": D(2026, 8, 1), "cancelled": True}, TaskStatus.CANCELLED),
    ],
)
def test_TRK_2_derive_status(kwargs, expected):
    """TRK-2: not started, in progress, done on time, done late, overdue, cancelled; no computed date is never
    overdue."""
    assert derive_status(**kwargs) == expected


@pytest.mark.django_db
def test_TRK_2_overdue_turns_at_local_midnight():
    """TRK-2: overdue is computed in Asia/Ho_Chi_Minh: at 23:30 UTC on the due date it is already the next day
    in Việt Nam, so the task is overdue."""
    w = world()
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED)
    task = TaskFactory(plan=plan, lead=w.ordinary)
    Milestone.objects.create(task=task, due=D(2026, 6, 30))
    with time_machine.travel(dt.datetime(2026, 6, 30, 16, 30, tzinfo=dt.UTC), tick=False):
        assert today() == D(2026, 6, 30)
        assert task_statuses([task.pk], today())[task.pk] == TaskStatus.NOT_STARTED
    with time_machine.travel(dt.datetime(2026, 6, 30, 17, 30, tzinfo=dt.UTC), tick=False):
        assert today() == D(2026, 7, 1)
        assert task_statuses([task.pk], today())[task.pk] == TaskStatus.OVERDUE


@pytest.mark.django_db
def test_TRK_2_statuses_from_updates_in_fixed_queries(django_assert_num_queries):
    """TRK-2: a done report counts once confirmed; a returned one does not count; the last milestone decides;
    the statuses of any number of tasks take three queries."""
    w = world()
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED)
    on = today()
    tasks = {}
    for name in ["none", "working", "pending", "confirmed_late", "returned", "cancelled", "undated"]:
        task = tasks[name] = TaskFactory(plan=plan, lead=w.ordinary)
        if name != "undated":
            Milestone.objects.create(task=task, due=D(2026, 6, 30), order=0)
            Milestone.objects.create(task=task, due=on + dt.timedelta(days=30), order=1)
    author = w.user("ordinary_focal")

    def update(task, **fields):
        return ProgressUpdate.objects.create(task=task, agency=w.ordinary, author=author, **fields)

    update(tasks["working"], percent=40)
    update(tasks["pending"], reported=Reported.DONE, done_on=D(2026, 11, 1), percent=100, review=Review.PENDING)
    update(
        tasks["confirmed_late"],
        reported=Reported.DONE,
        done_on=on + dt.timedelta(days=35),
        percent=100,
        review=Review.CONFIRMED,
    )
    update(tasks["returned"], reported=Reported.DONE, done_on=D(2026, 11, 1), percent=100, review=Review.RETURNED)
    TaskCancellation.objects.create(task=tasks["cancelled"], reason="Điều chỉnh kế hoạch", cancelled_on=on)
    ids = [t.pk for t in tasks.values()]
    with django_assert_num_queries(3):
        states = task_states(ids, on + dt.timedelta(days=40))
    got = {name: states[t.pk].status for name, t in tasks.items()}
    assert got == {
        "none": TaskStatus.OVERDUE,
        "working": TaskStatus.OVERDUE,
        "pending": TaskStatus.OVERDUE,
        "confirmed_late": TaskStatus.DONE_LATE,
        "returned": TaskStatus.OVERDUE,
        "cancelled": TaskStatus.CANCELLED,
        "undated": TaskStatus.NOT_STARTED,
    }
    assert states[tasks["pending"].pk].awaiting_confirmation
    assert states[tasks["working"].pk].percent == 40
    assert task_statuses(ids, today())[tasks["working"].pk] == TaskStatus.IN_PROGRESS
    assert timezone.is_aware(states[tasks["working"].pk].updated_at)

"""Shared set-up of the report tests: a province of its own (tests.factories.world) with an issued plan whose
tasks the domain agency leads, one overdue, one done, one not started."""

import datetime as dt

import pytest

from cchc.core.dates import today
from cchc.plans import services as plan_services
from cchc.plans.models import Milestone, Plan, PlanStatus
from cchc.reports import calendar, services
from cchc.tracking.models import ProgressUpdate, Reported, Review
from tests.factories import area, service_plan, world


def tracked_plan(w):
    snv = w.user("standing_focal")
    plan = service_plan(w)
    tasks = []
    for title, area_code in [("Rà soát văn bản", "institutions"), ("Tuyên truyền", "institutions"), ("Số hóa", None)]:
        task, _ = plan_services.add_task(
            plan, actor=snv, data=plan_services.TaskInput(title=title, lead=w.domain, time_text="Quý I")
        )
        if area_code:
            type(task).objects.filter(pk=task.pk).update(area=area(area_code))
        tasks.append(task)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ISSUED, number="9/KH-UBND", signed_on=today())
    overdue, done, _ = tasks
    Milestone.objects.filter(task=overdue).update(due=today() - dt.timedelta(days=3))
    ProgressUpdate.objects.create(
        task=done, agency=w.domain, reported=Reported.DONE, percent=100, done_on=today(), review=Review.CONFIRMED
    )
    return plan, tasks


def open_q1(w, **kwargs):
    """Quý I of next year: its due date (15/3) is always ahead."""
    kwargs.setdefault("actor", w.user("standing_focal"))
    return services.open_cycle(w.province, kind=calendar.QUARTER_1, year=today().year + 1, **kwargs)


@pytest.fixture
def rw(db):
    w = world()
    tracked_plan(w)
    return w

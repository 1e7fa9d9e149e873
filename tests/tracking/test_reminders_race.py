"""TRK-4, SEC-5: reminders racing in two threads on PostgreSQL: two overlapping runs of `send-reminders` and a
double click on "Gửi nhắc nhở" each send once. Thread A holds its transaction open after writing; thread B cannot
see A's rows, so only the unique key of the log (and the task's row lock) stops the double.

PostgreSQL only, like tests/plans/test_races.py (whose helpers and fixtures this module reuses)."""

import datetime as dt

import pytest
from django.db import connection

from cchc.core.errors import UserError
from cchc.core.models import Notification, ReminderLog
from cchc.plans.models import Milestone, PlanStatus
from cchc.tracking import reminders
from tests.factories import PlanFactory, TaskFactory, world
from tests.plans.test_races import demo_back_afterwards, programmes, race  # noqa: F401 - fixtures used here

pytestmark = [
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="Race tests need PostgreSQL (row locks and concurrent transactions); CI runs them on PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True),
]

DUE = dt.date(2027, 3, 31)


def _task(w):
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, start_year=DUE.year)
    task = TaskFactory(plan=plan, lead=w.ordinary)
    Milestone.objects.create(task=task, label="Hoàn thành", due=DUE)
    return task


def test_TRK_4_two_overlapping_runs_send_each_reminder_once():
    """TRK-4: two runs of the day at the same moment: the first sends both reminders, the second none."""
    w = world()
    _task(w)
    on = DUE - dt.timedelta(days=7)

    def run():
        return reminders.send_reminders(on, [w.province])

    first, second = race(run, run)
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assert (first.sent, second.sent, second.already_sent) == (2, 0, 2)
    assert ReminderLog.objects.filter(province=w.province).count() == 2
    assert Notification.objects.filter(province=w.province).count() == 2


def test_TRK_4_a_double_click_on_remind_sends_once():
    """TRK-4: Sở Nội vụ's two clicks at once: one reminder, and the second is told it was just sent."""
    w = world()
    task = _task(w)

    def remind():
        return reminders.remind_by_hand(task, actor=w.user("standing_focal"), on=DUE + dt.timedelta(days=1))

    first, second = race(remind, remind)
    assert first == 2, first
    assert isinstance(second, UserError) and "vừa được nhắc nhở" in second.message, second
    assert ReminderLog.objects.filter(province=w.province).count() == 2

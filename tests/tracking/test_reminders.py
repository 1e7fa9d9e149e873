"""TRK-4: the daily reminders (`cchc send-reminders`): 7 days and 1 day before a milestone, and the day after it is
missed, to the lead's leaders and focal officers, in the app and by e-mail; never twice however often it runs,
even when two runs overlap; a late run catches up; local dates (Asia/Ho_Chi_Minh) with a frozen clock."""

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cchc.agencies.models import AgencyKind
from cchc.core.models import Notification, NotificationSetting, ReminderLog
from cchc.plans.models import Milestone, PlanStatus
from cchc.tracking import reminders
from cchc.tracking.models import ProgressUpdate, Reported, Review, TaskCancellation
from tests.factories import AgencyFactory, MembershipFactory, PlanFactory, TaskFactory, world

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = dt.date(2027, 3, 31)


def issued_task(w, *, due=DUE, lead=None, lead_group=None, status=PlanStatus.ISSUED, title="Rà soát thủ tục"):
    """A task of an issued plan of the world's province, with one milestone due on `due`."""
    plan = PlanFactory(province=w.province, owner=w.standing, status=status, start_year=due.year)
    fields = {"lead": lead or w.ordinary} if lead_group is None else {"lead": None, "lead_group": lead_group}
    task = TaskFactory(plan=plan, title=title, **fields)
    Milestone.objects.create(task=task, label="Hoàn thành", text="Quý I", due=due)
    return task


def run(w, on: dt.date | None = None) -> dict:
    """`cchc send-reminders --json` for the world's province (the demo's provinces are left alone)."""
    out = io.StringIO()
    args = ["--json", "--province", w.province.slug] + (["--today", on.isoformat()] if on else [])
    call_command("send_reminders", *args, stdout=out)
    return json.loads(out.getvalue())


def kinds_of(user) -> list[str]:
    return sorted(ReminderLog.objects.filter(recipient=user).values_list("kind", flat=True))


def at_local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HCM)


def test_TRK_4_the_reminders_of_a_milestone_across_the_days_with_a_frozen_clock():
    """TRK-4: with the clock frozen in local time: nothing 8 days before; before_7 from local midnight 7 days
    before (17:00 UTC the day before); before_1 the day before; nothing new on the due date; overdue the day
    after; every run of the same day sends nothing more ("already sent")."""
    w = world()
    task = issued_task(w)
    focal, leader = w.user("ordinary_focal"), w.user("ordinary_leader")
    with time_machine.travel(at_local(DUE - dt.timedelta(days=7), 0, 0) - dt.timedelta(minutes=1), tick=False):
        assert run(w)["sent"] == 0  # 23:59 local, 8 days before
    with time_machine.travel(at_local(DUE - dt.timedelta(days=7), 0, 1), tick=False):
        first = run(w)  # 00:01 local: still the day before in UTC
        again = run(w)
    assert (first["sent"], first["already_sent"], first["before"], first["overdue"]) == (2, 0, 2, 0)
    assert (again["sent"], again["already_sent"]) == (0, 2)
    assert kinds_of(focal) == kinds_of(leader) == ["before_7"]
    for day, sent, already in [(DUE - dt.timedelta(days=2), 0, 2), (DUE - dt.timedelta(days=1), 2, 0), (DUE, 0, 2)]:
        with time_machine.travel(at_local(day, 6, 15), tick=False):
            got = run(w)
        assert (got["sent"], got["already_sent"]) == (sent, already), (day, got)
    with time_machine.travel(at_local(DUE + dt.timedelta(days=1), 6, 15), tick=False):
        got = run(w)
        assert (got["sent"], got["overdue"]) == (2, 2)
        assert run(w)["sent"] == 0
    assert kinds_of(focal) == ["before_1", "before_7", "overdue"]
    # nobody else of the province is told: not the viewer of the lead, not another agency's people
    told = set(ReminderLog.objects.filter(object_key=f"task:{task.pk}").values_list("recipient_id", flat=True))
    assert told == {focal.pk, leader.pk}
    assert Notification.objects.filter(user=focal).count() == 3
    assert not Notification.objects.filter(user=w.user("viewer")).exists()


def test_TRK_4_notifications_and_emails_say_what_is_due_in_vietnamese_with_a_link():
    """TRK-4: the notification and the e-mail name the task, the due date (dd/mm/yyyy) and the days left, and link
    to the task (its plan's page while the task page does not exist); the e-mail's link is absolute."""
    w = world()
    task = issued_task(w, title="Rà soát, đơn giản hóa thủ tục hành chính")
    mail.outbox.clear()
    run(w, DUE - dt.timedelta(days=7))
    note = Notification.objects.get(user=w.user("ordinary_focal"))
    assert "Rà soát, đơn giản hóa thủ tục hành chính" in note.message
    assert "31/03/2027" in note.message and "còn 7 ngày" in note.message
    assert note.link == reminders.task_path(task)
    assert note.link in {
        reverse("plan-detail", args=[w.province.slug, task.plan_id]),
        f"/tinh/{w.province.slug}/nhiem-vu/{task.pk}/",
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.user("ordinary_focal").email, w.user("ordinary_leader").email]
    )
    message = mail.outbox[0]
    assert message.subject.startswith("[CCHC] Nhắc việc") and "31/03/2027" in message.subject
    assert f"http://127.0.0.1:8000{note.link}" in message.body and "Kính gửi" in message.body
    mail.outbox.clear()
    run(w, DUE + dt.timedelta(days=3))
    overdue = Notification.objects.filter(user=w.user("ordinary_focal")).order_by("-id").first()
    assert overdue.message.startswith("Quá hạn:") and "(3 ngày)" in overdue.message
    assert mail.outbox[0].subject.startswith("[CCHC] Quá hạn")


def test_TRK_4_a_late_run_catches_up_but_never_sends_a_before_reminder_of_a_past_milestone():
    """TRK-4: a run after days without one sends what is owed: after the due date only the overdue reminder
    (never a "before" one); on the day before, before_1 (not the before_7 it supersedes, nor later)."""
    w = world()
    late = issued_task(w, due=DUE)
    soon = issued_task(w, due=DUE + dt.timedelta(days=15), title="Số hóa hồ sơ")
    got = run(w, DUE + dt.timedelta(days=5))  # the first run in weeks
    assert got["overdue"] == 2 and got["before"] == 0
    assert set(ReminderLog.objects.filter(object_key=f"task:{late.pk}").values_list("kind", flat=True)) == {"overdue"}
    assert not ReminderLog.objects.filter(object_key=f"task:{soon.pk}").exists()  # 10 days before its due date
    got = run(w, DUE + dt.timedelta(days=14))  # the next run comes only the day before it: no before_7 then
    assert (got["sent"], got["before"], got["already_sent"]) == (2, 2, 2)
    assert set(ReminderLog.objects.filter(object_key=f"task:{soon.pk}").values_list("kind", flat=True)) == {"before_1"}
    run(w, DUE + dt.timedelta(days=15))
    assert not ReminderLog.objects.filter(object_key=f"task:{soon.pk}", kind="before_7").exists()


def test_TRK_4_two_overlapping_runs_do_not_both_send(monkeypatch):
    """TRK-4: two runs compute the same reminders; the second to insert finds the unique key taken and sends
    nothing, even when it did not see the first one's rows before trying (the database refuses the double)."""
    w = world()
    issued_task(w)
    on = DUE - dt.timedelta(days=1)
    first = reminders.reminders_due(on, [w.province])
    second = reminders.reminders_due(on, [w.province])
    assert len(first) == len(second) == 2
    mail.outbox.clear()
    assert reminders.deliver_reminders(first, on).sent == 2
    monkeypatch.setattr(reminders, "_already_logged", lambda found: set())  # it read the log before the first wrote
    outcome = reminders.deliver_reminders(second, on)
    assert (outcome.sent, outcome.already_sent) == (0, 2)
    assert ReminderLog.objects.filter(recipient=w.user("ordinary_focal")).count() == 1
    assert Notification.objects.filter(user=w.user("ordinary_focal")).count() == 1
    assert len(mail.outbox) == 2


def test_TRK_4_done_cancelled_awaiting_draft_and_closed_tasks_are_not_reminded():
    """TRK-4: a task done (confirmed), cancelled, or reported done and awaiting confirmation, and the tasks of a
    draft or a closed plan, get no reminder; an in-progress task does."""
    w = world()
    done = issued_task(w, title="Đã xong")
    ProgressUpdate.objects.create(
        task=done, agency=w.ordinary, reported=Reported.DONE, percent=100, done_on=DUE, review=Review.CONFIRMED
    )
    waiting = issued_task(w, title="Chờ xác nhận")
    ProgressUpdate.objects.create(
        task=waiting, agency=w.ordinary, reported=Reported.DONE, percent=100, done_on=DUE, review=Review.PENDING
    )
    cancelled = issued_task(w, title="Đã hủy")
    TaskCancellation.objects.create(task=cancelled, reason="Điều chỉnh kế hoạch", cancelled_on=DUE)
    issued_task(w, title="Dự thảo", status=PlanStatus.DRAFT)
    issued_task(w, title="Kế hoạch đã kết thúc", status=PlanStatus.CLOSED)
    working = issued_task(w, title="Đang làm")
    ProgressUpdate.objects.create(task=working, agency=w.ordinary, percent=40, note="Đang làm")
    got = run(w, DUE + dt.timedelta(days=1))
    assert got["sent"] == 2 and got["tasks"] == 1
    assert set(ReminderLog.objects.values_list("object_key", flat=True).filter(province=w.province)) == {
        f"task:{working.pk}"
    }


def test_TRK_4_a_group_lead_reminds_each_member_agency_on_the_date_and_an_ended_province_nothing():
    """TRK-4, ORG-3: a task led by "Các sở, ban, ngành" reminds the leaders and focal officers of each department
    the group holds on the day (not one that had ended); ended memberships and viewers are not told. ORG-5: a
    province that ended (merged into another) gets no reminders."""
    w = world()
    gone = AgencyFactory(province=w.province, name="Sở đã giải thể", valid_to=DUE - dt.timedelta(days=30))
    gone_focal = MembershipFactory(agency=gone).user
    issued_task(w, lead_group=w.departments)
    run(w, DUE - dt.timedelta(days=7))
    told = set(ReminderLog.objects.filter(province=w.province).values_list("recipient__username", flat=True))
    expected = {
        w.user(k).username
        for k in ("ordinary_focal", "ordinary_leader", "domain_focal", "domain_leader", "standing_focal")
    } | {w.user("standing_leader").username}
    assert told == expected
    assert gone_focal.username not in told
    assert w.departments.kinds == [AgencyKind.DEPARTMENT]
    ended = world()
    issued_task(ended)
    ended.province.valid_to = DUE - dt.timedelta(days=100)
    ended.province.save()
    assert run(ended, DUE + dt.timedelta(days=1))["sent"] == 0


def test_TRK_4_emails_go_only_to_those_who_chose_email_and_have_an_address():
    """TRK-4: everyone is told in the app; e-mail only to a person with an address and e-mail on."""
    w = world()
    issued_task(w)
    focal, leader = w.user("ordinary_focal"), w.user("ordinary_leader")
    NotificationSetting.objects.create(user=focal, email=False)
    mail.outbox.clear()
    run(w, DUE - dt.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [[leader.email]]
    assert Notification.objects.filter(user=focal).exists()
    leader.email = ""
    leader.save()
    mail.outbox.clear()
    got = run(w, DUE + dt.timedelta(days=1))
    assert got["sent"] == 2 and got["emailed"] == 0 and mail.outbox == []


def test_TRK_4_the_command_prints_json_and_refuses_a_bad_date_or_province():
    """TRK-4: `--json` prints one object with the counts; a bad date or an unknown province is a clear error."""
    w = world()
    got = run(w, DUE + dt.timedelta(days=400))
    assert set(got) >= {"sent", "already_sent", "before", "overdue", "date"}
    assert got["date"] == (DUE + dt.timedelta(days=400)).isoformat()
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("send_reminders", "--today", "31/03/2027", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có tỉnh"):
        call_command("send_reminders", "--province", "khong-co", stdout=io.StringIO())
    out = io.StringIO()
    call_command("send_reminders", "--province", w.province.slug, "--today", "2027-03-24", stdout=out)
    assert "đã gửi 0 nhắc việc" in out.getvalue()


def test_TRK_4_the_kind_owed_on_a_day():
    """TRK-4: the latest reminder whose day has come."""
    due = DUE
    day = dt.timedelta(days=1)
    assert reminders.kind_on(due, due - 8 * day) is None
    assert reminders.kind_on(due, due - 7 * day) == "before_7"
    assert reminders.kind_on(due, due - 2 * day) == "before_7"
    assert reminders.kind_on(due, due - day) == "before_1"
    assert reminders.kind_on(due, due) == "before_1"
    assert reminders.kind_on(due, due + day) == "overdue"
    assert reminders.kind_on(due, due + 300 * day) == "overdue"

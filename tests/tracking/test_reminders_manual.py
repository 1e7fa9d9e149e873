"""TRK-4: Sở Nội vụ's reminders by hand, from a task and from the list of overdue tasks: its leader or focal
officer reminds the lead's people (in the app and by e-mail); repeating later is allowed, a double click within
a minute is not doubled; everybody else is refused (403, or 404 outside the province) and nothing is sent or
logged. The overdue page lists the overdue tasks in a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.dates import today
from cchc.core.models import AuditEntry, Notification, ReminderLog
from cchc.plans.models import Milestone, PlanStatus
from cchc.tracking.models import ProgressUpdate, Reported, Review
from tests.factories import PlanFactory, TaskFactory, world

pytestmark = pytest.mark.django_db


def task_of(w, *, days_late=5, status=PlanStatus.ISSUED, title="Rà soát thủ tục", lead=None):
    """A task of an issued plan whose only milestone was due `days_late` days ago (negative: still to come)."""
    due = today() - dt.timedelta(days=days_late)
    plan = PlanFactory(province=w.province, owner=w.standing, status=status, start_year=due.year)
    task = TaskFactory(plan=plan, title=title, lead=lead or w.ordinary)
    Milestone.objects.create(task=task, label="Hoàn thành", due=due)
    return task


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def remind_url(w, task) -> str:
    return reverse("task-remind", args=[w.province.slug, task.pk])


def texts(response) -> list[str]:
    """The messages of the response's request (a redirect not followed keeps the earlier ones: last is newest)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def last(response) -> str:
    return texts(response)[-1]


def test_TRK_4_the_standing_agency_reminds_the_lead_of_a_task(django_capture_on_commit_callbacks):
    """TRK-4: Sở Nội vụ's focal officer reminds the task's lead: its leader and focal officer are told in the app
    and by e-mail, the log names the sender (kind manual), and the act is in the task's audit trail."""
    w = world()
    task = task_of(w)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(w.user("standing_focal")).post(
            remind_url(w, task), {"note": "Đề nghị báo cáo trước thứ Sáu"}
        )
    assert response.status_code == 302
    assert "Đã gửi nhắc nhở tới 2 người" in texts(response)[0]
    logs = ReminderLog.objects.filter(object_key=f"task:{task.pk}")
    assert sorted(logs.values_list("recipient__username", flat=True)) == sorted(
        [w.user("ordinary_focal").username, w.user("ordinary_leader").username]
    )
    assert {(log.kind, log.sent_by_id, log.milestone_id) for log in logs} == {
        ("manual", w.user("standing_focal").pk, 0)
    }
    note = Notification.objects.get(user=w.user("ordinary_focal"))
    assert note.message.startswith("Sở Nội vụ nhắc nhở") and "quá hạn" in note.message
    assert "Đề nghị báo cáo trước thứ Sáu" in note.message
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.user("ordinary_focal").email, w.user("ordinary_leader").email]
    )
    assert mail.outbox[0].subject.startswith("[CCHC] Nhắc nhở")
    entry = AuditEntry.objects.get(record_type="plans.task", record_id=str(task.pk))
    assert entry.action == "remind" and entry.actor == w.user("standing_focal") and "2 người" in entry.summary


def test_TRK_4_a_double_click_is_not_doubled_but_a_later_reminder_is_sent():
    """TRK-4: a second reminder within a minute is refused with a message and writes nothing; two minutes later
    the standing agency may remind again."""
    w = world()
    task = task_of(w)
    client = client_of(w.user("standing_leader"))
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.post(remind_url(w, task))
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        response = client.post(remind_url(w, task))
    assert "vừa được nhắc nhở" in last(response)
    assert ReminderLog.objects.filter(object_key=f"task:{task.pk}").count() == 2
    assert Notification.objects.filter(user=w.user("ordinary_focal")).count() == 1
    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        client.post(remind_url(w, task))
    assert ReminderLog.objects.filter(object_key=f"task:{task.pk}").count() == 4
    assert Notification.objects.filter(user=w.user("ordinary_focal")).count() == 2


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("viewer", 403),
        ("ordinary_focal", 403),
        ("ordinary_leader", 403),
        ("domain_leader", 403),
        ("committee_leader", 403),
        ("province_admin", 403),
        ("ended", 404),
        ("other_province", 404),
        ("anonymous", 302),
    ],
)
def test_TRK_4_nobody_but_the_standing_agency_sends_a_reminder(kind, status):
    """TRK-4, SEC-1, ORG-4: the lead itself, other agencies, viewers, provincial leadership and the administrator
    get 403; an ended member and another province's Sở Nội vụ get 404; nothing is sent or logged, from the task
    or from the overdue list."""
    w = world()
    task = task_of(w)
    if kind == "anonymous":
        client = Client()
    else:
        client = client_of(world().user("standing_leader") if kind == "other_province" else w.user(kind))
    mail.outbox.clear()
    assert client.post(remind_url(w, task)).status_code == status
    url = reverse("overdue-remind", args=[w.province.slug])
    assert client.post(url, {"tasks": [task.pk]}).status_code == status
    assert not ReminderLog.objects.filter(object_key=f"task:{task.pk}").exists()
    assert not Notification.objects.filter(province=w.province).exists()
    assert not AuditEntry.objects.filter(record_type="plans.task", record_id=str(task.pk)).exists()
    assert mail.outbox == []


def test_TRK_4_tasks_not_in_force_or_of_another_province_are_not_found_and_done_ones_are_refused():
    """TRK-4, ORG-4: a draft's task and another province's task answer 404; a done task is refused with a
    message; nothing is sent."""
    w, other = world(), world()
    client = client_of(w.user("standing_focal"))
    draft = task_of(w, status=PlanStatus.DRAFT)
    foreign = task_of(other)
    assert client.post(remind_url(w, draft)).status_code == 404
    assert client.post(reverse("task-remind", args=[w.province.slug, foreign.pk])).status_code == 404
    assert client.post(reverse("task-remind", args=[w.province.slug, 10**12])).status_code == 404
    done = task_of(w, title="Đã xong")
    ProgressUpdate.objects.create(
        task=done, agency=w.ordinary, reported=Reported.DONE, percent=100, done_on=today(), review=Review.CONFIRMED
    )
    response = client.post(remind_url(w, done))
    assert response.status_code == 302 and "đã hoàn thành" in texts(response)[0]
    assert not ReminderLog.objects.filter(province__in=[w.province, other.province]).exists()


def test_TRK_4_a_lead_with_nobody_to_remind_is_said_so():
    """TRK-4: a lead without an active leader or focal officer: the reminder is refused with a message."""
    w = world()
    task = task_of(w, lead=w.district)
    response = client_of(w.user("standing_focal")).post(remind_url(w, task))
    assert "không có ai để nhắc" in texts(response)[0]
    assert not ReminderLog.objects.filter(province=w.province).exists()


def test_TRK_4_the_overdue_page_lists_overdue_tasks_with_checkboxes_for_the_standing_agency_only():
    """TRK-4: the overdue page lists the province's overdue tasks (not those still to come, nor another
    province's), with checkboxes and the button for Sở Nội vụ; a viewer reads the list without them."""
    w, other = world(), world()
    late = task_of(w, days_late=12, title="Nhiệm vụ trễ hạn")
    task_of(w, days_late=-3, title="Nhiệm vụ chưa đến hạn")
    task_of(other, title="Nhiệm vụ của tỉnh khác")
    url = reverse("overdue-tasks", args=[w.province.slug])
    html = client_of(w.user("standing_focal")).get(url).content.decode()
    assert "Nhiệm vụ trễ hạn" in html and "12 ngày" in html
    assert "Nhiệm vụ chưa đến hạn" not in html and "Nhiệm vụ của tỉnh khác" not in html
    assert f'name="tasks" value="{late.pk}"' in html and "Gửi nhắc nhở các nhiệm vụ đã chọn" in html
    html = client_of(w.user("viewer")).get(url).content.decode()
    assert "Nhiệm vụ trễ hạn" in html and 'name="tasks"' not in html and "Gửi nhắc nhở" not in html
    assert client_of(other.user("standing_leader")).get(url).status_code == 404


def test_TRK_4_the_overdue_page_asks_a_fixed_number_of_queries():
    """TRK-4: the page's queries do not grow with the number of overdue tasks (nor with their reminders)."""
    w = world()
    task_of(w)
    client = client_of(w.user("standing_focal"))
    url = reverse("overdue-tasks", args=[w.province.slug])
    client.get(url)  # warm the caches of the session and content types
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for i in range(5):
        task_of(w, title=f"Nhiệm vụ trễ {i}", days_late=i + 1)
    client.post(remind_url(w, task_of(w, title="Đã nhắc")))
    with CaptureQueriesContext(connection) as seven:
        html = client.get(url).content.decode()
    assert html.count('name="tasks"') == 7
    assert len(seven) == len(one) > 0


def test_TRK_4_remind_the_ticked_tasks_of_the_overdue_list():
    """TRK-4: Sở Nội vụ ticks overdue tasks and reminds their leads in one go; an unknown id, another
    province's task, no task ticked, or a bad id is refused with a message and nothing is sent."""
    w, other = world(), world()
    first = task_of(w, title="Một")
    second = task_of(w, title="Hai", lead=w.domain)
    foreign = task_of(other, title="Ba")
    client = client_of(w.user("standing_leader"))
    url = reverse("overdue-remind", args=[w.province.slug])
    for data, message in [
        ({}, "chọn ít nhất một"),
        ({"tasks": [first.pk, foreign.pk]}, "không thuộc"),
        ({"tasks": ["abc"]}, "không hợp lệ"),
        ({"tasks": [str(10**30)]}, "không hợp lệ"),
        ({"tasks": [first.pk], "note": "x" * 301}, "dài quá"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302 and message in " ".join(texts(response)), (data, texts(response))
        assert not ReminderLog.objects.filter(province=w.province).exists()
    response = client.post(url, {"tasks": [first.pk, second.pk, first.pk]})
    assert response["Location"] == reverse("overdue-tasks", args=[w.province.slug])
    assert "về 2 nhiệm vụ tới 4 người" in last(response)
    assert set(ReminderLog.objects.filter(province=w.province).values_list("recipient__username", flat=True)) == {
        w.user(k).username for k in ("ordinary_focal", "ordinary_leader", "domain_focal", "domain_leader")
    }


def test_TRK_4_the_task_page_include_shows_the_button_to_the_standing_agency_only():
    """TRK-4: `tracking/_task_actions_extra.html`, included by the task page with `task` and `province`, holds the
    "Gửi nhắc nhở" form for Sở Nội vụ's staff on an open task, and nothing for anybody else."""
    w = world()
    task = task_of(w)
    factory = RequestFactory()

    def render(user, shown_task=task):
        request = factory.get("/")
        request.user = user
        return render_to_string(
            "tracking/_task_actions_extra.html", {"task": shown_task, "province": w.province}, request=request
        )

    html = render(w.user("standing_focal"))
    assert "Gửi nhắc nhở" in html and reverse("task-remind", args=[w.province.slug, task.pk]) in html
    for kind in ("viewer", "ordinary_focal", "committee_leader", "province_admin"):
        assert "Gửi nhắc nhở" not in render(w.user(kind)), kind
    draft = task_of(w, status=PlanStatus.DRAFT)
    assert "Gửi nhắc nhở" not in render(w.user("standing_focal"), draft)

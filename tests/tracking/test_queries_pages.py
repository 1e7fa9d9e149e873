"""TRK-2, TRK-6: the update rate per agency and the list of tracked tasks in a fixed number of queries; the task
page and its forms (TRK-1) with their refusals."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cchc.core.dates import today
from cchc.plans.models import Milestone, PlanStatus
from cchc.tracking import services
from cchc.tracking.models import ProgressUpdate, Review
from cchc.tracking.queries import update_rates
from tests.factories import AgencyFactory, PlanFactory, TaskFactory, world
from tests.tracking.helpers import counts, pdf, tracked

pytestmark = pytest.mark.django_db


def _tasks(w, plan, agencies, per_agency: int):
    made = []
    for agency in agencies:
        for _ in range(per_agency):
            task = TaskFactory(plan=plan, lead=agency)
            Milestone.objects.create(task=task, due=today() + dt.timedelta(days=20))
            made.append(task)
    return made


def test_TRK_6_update_rates_share_of_open_tasks_updated_in_30_days(django_assert_num_queries):
    """TRK-6: each agency's (open tasks with a lead update in the last 30 days, open tasks); a done task, an
    update 31 days old and a draft plan's task do not count."""
    w = world()
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED)
    fresh, stale, untouched, done = _tasks(w, plan, [w.domain], 4)
    other = _tasks(w, plan, [w.ordinary], 1)[0]
    author = w.user("domain_focal")
    ProgressUpdate.objects.create(task=fresh, agency=w.domain, author=author, percent=20)
    old = ProgressUpdate.objects.create(task=stale, agency=w.domain, author=author, percent=10)
    ProgressUpdate.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    ProgressUpdate.objects.create(
        task=done,
        agency=w.domain,
        author=author,
        percent=100,
        reported="done",
        done_on=today(),
        review=Review.CONFIRMED,
    )
    draft = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.DRAFT)
    _tasks(w, draft, [w.domain], 2)
    with django_assert_num_queries(5):
        rates = update_rates(w.province, today())
    assert rates == {w.domain.pk: (1, 3), w.ordinary.pk: (0, 1)}
    assert untouched and other


def test_TRK_6_update_rates_take_the_same_queries_for_2_and_for_many_agencies(django_assert_num_queries):
    """TRK-6: the same number of queries for 2 agencies with 1 task each and for 30 agencies with 5 tasks each."""
    small, big = world(), world()
    for w, n_agencies, per in ((small, 2, 1), (big, 30, 5)):
        plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED)
        agencies = [AgencyFactory(province=w.province) for _ in range(n_agencies)]
        for task in _tasks(w, plan, agencies, per):
            ProgressUpdate.objects.create(task=task, agency=task.lead, percent=10)
    with django_assert_num_queries(5):
        assert len(update_rates(small.province, today())) == 2
    with django_assert_num_queries(5):
        rates = update_rates(big.province, today())
    assert len(rates) == 30 and all(v == (5, 5) for v in rates.values())


def test_TRK_2_tracking_list_filters_by_status_and_search_in_fixed_queries(client, django_assert_max_num_queries):
    """TRK-2: the list of tracked tasks: the overdue list (status=overdue), a search without accents, a lead
    filter; the same number of queries for 3 and 60 tasks; a draft plan's tasks are not listed."""
    w, task = tracked()
    overdue = TaskFactory(plan=task.plan, lead=w.ordinary, title="Số hóa hồ sơ đất đai")
    Milestone.objects.create(task=overdue, due=today() - dt.timedelta(days=3))
    draft = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.DRAFT)
    TaskFactory(plan=draft, lead=w.ordinary, title="Nhiệm vụ của dự thảo")
    client.force_login(w.user("viewer"))
    url = reverse("task-tracking", args=[w.province.slug])
    page = client.get(url).content.decode()
    assert task.title in page and overdue.title in page and "Nhiệm vụ của dự thảo" not in page
    page = client.get(url, {"tinh_trang": "overdue"}).content.decode()
    assert overdue.title in page and task.title not in page and "Quá hạn" in page
    page = client.get(url, {"q": "so hoa ho so"}).content.decode()
    assert overdue.title in page and task.title not in page
    page = client.get(url, {"chu_tri": w.domain.pk}).content.decode()
    assert task.title in page and overdue.title not in page
    assert client.get(url, {"tinh_trang": "nonsense", "trang": "x"}).status_code == 200  # ignored, said so

    def queries_for_page() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries_for_page()
    for _ in range(60):
        TaskFactory(plan=task.plan, lead=AgencyFactory(province=w.province))
    assert queries_for_page() == few


def test_TRK_1_the_task_page_shows_the_history_and_the_forms_by_role(client):
    """TRK-1: the task page shows the lead, coordinators, milestones, status badge, progress bar, the history with
    evidence (số/ký hiệu, issuer, file link); the form for the lead only; the review for Sở Nội vụ only."""
    w, task = tracked()
    services.record_progress(
        w.user("domain_focal"),
        task,
        reported="done",
        percent=100,
        done_on=today(),
        note="Đã ban hành kế hoạch",
        evidence=[
            services.EvidenceInput(summary="Kế hoạch rà soát", number="7/KH-STP", issuer="Sở Tư pháp", file=pdf())
        ],
    )
    url = reverse("task-detail", args=[w.province.slug, task.pk])
    client.force_login(w.user("standing_focal"))
    page = client.get(url).content.decode()
    for text in ("Sở Tư pháp", w.ordinary.name, "7/KH-STP", "Kế hoạch rà soát", "Đã ban hành kế hoạch", "progress-bar"):
        assert text in page
    assert 'id="review"' in page and 'id="progress"' not in page
    assert "evidence/" in page  # the file's link
    client.force_login(w.user("domain_focal"))
    page = client.get(url).content.decode()
    assert 'id="progress"' in page and 'id="review"' not in page
    client.force_login(w.user("viewer"))
    page = client.get(url).content.decode()
    assert 'id="progress"' not in page and 'id="review"' not in page and 'id="raise-problem"' not in page


def test_TRK_1_the_page_refuses_a_stale_form_with_what_changed(client):
    """TRK-1 (issue 10): the form posted with an older base is refused; the message says what changed."""
    w, task = tracked()
    first = services.record_progress(w.user("domain_focal"), task, reported="in_progress", percent=30, note="Đợt 1")
    client.force_login(w.user("domain_leader"))
    url = reverse("task-progress", args=[w.province.slug, task.pk])
    before = counts()
    response = client.post(url, {"reported": "in_progress", "percent": "40", "base": "0"}, follow=True)
    assert "Trong lúc bạn nhập" in response.content.decode() and "30%" in response.content.decode()
    assert counts() == before
    response = client.post(
        url, {"reported": "in_progress", "percent": "40", "base": str(first.pk), "ev_summary": "BC", "ev_file": pdf()}
    )
    assert response.status_code == 302 and counts()[0] == before[0] + 1 and counts()[1] == before[1] + 1


@pytest.mark.parametrize(
    ("who", "code"),
    [("ordinary_focal", 403), ("viewer", 403), ("standing_focal", 403), ("ended", 404), ("other", 404)],
)
def test_TRK_1_the_page_refuses_others_and_changes_nothing(client, who, code):
    """TRK-1, ORG-4: a coordinator, a viewer of the lead, Sở Nội vụ: 403; an ended membership and another
    province: 404; nothing is written."""
    w, task = tracked()
    user = world().user("standing_leader") if who == "other" else w.user(who)
    client.force_login(user)
    before = counts()
    response = client.post(
        reverse("task-progress", args=[w.province.slug, task.pk]), {"reported": "in_progress", "percent": "10"}
    )
    assert response.status_code == code and counts() == before


def test_TRK_1_a_draft_plans_task_has_no_tracking_page(client):
    """TRK-1: only tasks of issued plans are tracked: a draft's task answers 404."""
    w, task = tracked(PlanStatus.DRAFT)
    client.force_login(w.user("standing_focal"))
    assert client.get(reverse("task-detail", args=[w.province.slug, task.pk])).status_code == 404


def test_TRK_2_overdue_at_local_midnight_on_the_page(client):
    """TRK-2: the list's overdue filter follows Asia/Ho_Chi_Minh: at 17:30 UTC on the due date it is overdue."""
    w, task = tracked()
    due = task.milestones.get().due
    url = reverse("task-tracking", args=[w.province.slug])
    moment = dt.datetime(due.year, due.month, due.day, 17, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        client.force_login(w.user("viewer"))
        assert task.title in client.get(url, {"tinh_trang": "overdue"}).content.decode()
    with time_machine.travel(moment - dt.timedelta(hours=1), tick=False):
        client.force_login(w.user("viewer"))
        assert task.title not in client.get(url, {"tinh_trang": "overdue"}).content.decode()

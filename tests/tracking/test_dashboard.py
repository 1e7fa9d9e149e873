"""TRK-6, U-4: the province's and an agency's dashboards: hand-computed counts per area, per lead and per status,
targets met, update rates, deadlines; who may read them; and their fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.core.dates import today
from cchc.core.models import Notification
from cchc.plans.models import Milestone, PlanKind, PlanStatus, Target, TargetResult
from cchc.tracking import dashboard
from cchc.tracking.models import ProgressUpdate, Reported, Review, TaskCancellation
from cchc.tracking.status import TaskStatus
from tests.factories import AgencyFactory, PlanFactory, TaskFactory, area, world

pytestmark = pytest.mark.django_db

S = TaskStatus


def _update(task, agency, *, days_ago=0, **fields):
    update = ProgressUpdate.objects.create(task=task, agency=agency, **fields)
    if days_ago:
        ProgressUpdate.objects.filter(pk=update.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    return update


def scenario():
    """One issued provincial plan of this year with seven tasks (and what must not count: a draft, last year's
    plan, an agency's internal plan, another province's plan):

    | task | area | lead | milestones | updates | status |
    | t1 | institutions | domain | on-10 | one 40 days ago | overdue (not updated recently) |
    | t2 | institutions | domain | on+10 | today | in progress (updated) |
    | t3 | procedures | ordinary | on-5 | today | overdue (updated) |
    | t4 | procedures | ordinary | on+20 | done, confirmed | done on time |
    | t5 | none | group "Các sở, ban, ngành" | none | none | not started |
    | t6 | procedures | ordinary | on+5 | cancelled | cancelled |
    | t7 | procedures | ordinary | on+3, on+60 | none | not started |
    """
    w = world()
    on = today()
    day = dt.timedelta(days=1)
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, start_year=on.year)
    inst, proc = area("institutions"), area("procedures")
    t = {}

    def task(name, lead=None, group=None, area=None, dues=()):
        t[name] = TaskFactory(plan=plan, lead=lead, lead_group=group, area=area)
        for order, due in enumerate(dues):
            Milestone.objects.create(task=t[name], due=due, order=order, label=f"Mốc {order + 1}")
        return t[name]

    task("t1", w.domain, area=inst, dues=[on - 10 * day])
    task("t2", w.domain, area=inst, dues=[on + 10 * day])
    task("t3", w.ordinary, area=proc, dues=[on - 5 * day])
    task("t4", w.ordinary, area=proc, dues=[on + 20 * day])
    task("t5", group=w.departments)
    task("t6", w.ordinary, area=proc, dues=[on + 5 * day])
    task("t7", w.ordinary, area=proc, dues=[on + 3 * day, on + 60 * day])
    _update(t["t1"], w.domain, days_ago=40, percent=10)
    _update(t["t2"], w.domain, percent=40)
    _update(t["t3"], w.ordinary, percent=70)
    _update(t["t4"], w.ordinary, reported=Reported.DONE, done_on=on, percent=100, review=Review.CONFIRMED)
    TaskCancellation.objects.create(task=t["t6"], reason="Điều chỉnh kế hoạch", cancelled_on=on)

    # What must not count: a draft, last year's plan, an agency's own plan, another province's plan.
    for extra in [
        PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.DRAFT, start_year=on.year),
        PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, start_year=on.year - 1),
        PlanFactory(
            province=w.province, owner=w.ordinary, status=PlanStatus.ISSUED, start_year=on.year, kind=PlanKind.AGENCY
        ),
    ]:
        TaskFactory(plan=extra, lead=w.ordinary, area=proc)
        Milestone.objects.create(task=extra.tasks.get(), due=on - 10 * day)
    other = world()
    TaskFactory(
        plan=PlanFactory(province=other.province, owner=other.standing, status=PlanStatus.ISSUED), lead=other.ordinary
    )

    # Targets of the year: met (45 ≥ 30), not met (10 > 5), not reported, reported only by an agency, and one
    # reported twice (20 then 35: the latest counts, met).
    def target(comparison, value, *results, agency=None):
        made = Target.objects.create(
            plan=plan, text="Chỉ tiêu", comparison=comparison, value=value, start_year=on.year, end_year=on.year
        )
        for result in results:
            TargetResult.objects.create(target=made, year=on.year, value=result, agency=agency)
        return made

    target(">=", 30, 45)
    target("<=", 5, 10)
    target(">=", 30)
    target(">=", 30, 50, agency=w.ordinary)
    target(">=", 30, 20, 35)
    return w, plan, t, on


def test_TRK_6_province_counts_by_status_area_and_lead():
    """TRK-6: the province's figures, computed by hand from the scenario's table."""
    w, _, _, on = scenario()
    d = dashboard.province_dashboard(w.province, year=on.year, on=on)
    assert d.totals.total == 7
    assert dict(d.totals.counts) == {
        S.OVERDUE: 2,
        S.IN_PROGRESS: 1,
        S.DONE_ON_TIME: 1,
        S.NOT_STARTED: 2,
        S.CANCELLED: 1,
    }
    assert d.totals.open == 5 and d.totals.done == 1 and d.totals.done_share == 17  # 1 of 6 not cancelled
    areas = {row.name: dict(row.statuses.counts) for row in d.areas}
    assert areas == {
        "Cải cách thể chế": {S.OVERDUE: 1, S.IN_PROGRESS: 1},
        "Cải cách thủ tục hành chính": {S.OVERDUE: 1, S.DONE_ON_TIME: 1, S.CANCELLED: 1, S.NOT_STARTED: 1},
        dashboard.NO_AREA: {S.NOT_STARTED: 1},
    }
    assert [row.name for row in d.areas] == ["Cải cách thể chế", "Cải cách thủ tục hành chính", dashboard.NO_AREA]
    # Overdue per lead, most first then by name.
    assert [(r.name, r.overdue) for r in d.overdue_leads] == [("Sở Tư pháp", 1), ("Sở Văn hóa, Thể thao và Du lịch", 1)]
    # Update rate: open tasks with a lead update in the last 30 days; lowest rate first.
    assert [(r.name, r.open, r.updated, r.update_share) for r in d.leads] == [
        ("Các sở, ban, ngành", 1, 0, 0),
        ("Sở Tư pháp", 2, 1, 50),
        ("Sở Văn hóa, Thể thao và Du lịch", 2, 1, 50),
    ]
    assert (d.updated_open, d.update_share) == (2, 40)


def test_TRK_6_PLAN_3_targets_met_not_met_not_reported():
    """TRK-6, PLAN-3: each target of the year judged on its latest province-wide result of the year."""
    w, _, _, on = scenario()
    targets = dashboard.province_dashboard(w.province, year=on.year, on=on).targets
    assert (targets.met, targets.not_met, targets.not_reported, targets.total) == (2, 1, 2, 5)
    assert targets.met_share == 40


def test_TRK_6_another_year_shows_that_years_plans():
    """TRK-6: ?nam= shows the plans of that year: last year's plan has one overdue task."""
    w, _, _, on = scenario()
    d = dashboard.province_dashboard(w.province, year=on.year - 1, on=on)
    assert dict(d.totals.counts) == {S.OVERDUE: 1}


def test_TRK_6_agency_dashboard_counts_deadlines_and_overdue():
    """TRK-6: the ordinary agency leads t3, t4, t6, t7 by name and t5 through the group; its deadlines in the next
    30 days are the open tasks' milestones (t7's first; not the done t4's nor the cancelled t6's, not t7's second
    at 60 days)."""
    w, _, t, on = scenario()
    d = dashboard.agency_dashboard(w.ordinary, year=on.year, on=on)
    assert dict(d.totals.counts) == {S.OVERDUE: 1, S.DONE_ON_TIME: 1, S.CANCELLED: 1, S.NOT_STARTED: 2}
    assert [task.pk for task in d.overdue] == [t["t3"].pk]
    assert [(m.task.pk, m.due, m.days_left) for m in d.deadlines] == [(t["t7"].pk, on + dt.timedelta(days=3), 3)]
    assert (d.updated_open, d.totals.open) == (1, 3)
    # The domain agency: t1, t2 by name, t5 through the group.
    domain = dashboard.agency_dashboard(w.domain, year=on.year, on=on)
    assert dict(domain.totals.counts) == {S.OVERDUE: 1, S.IN_PROGRESS: 1, S.NOT_STARTED: 1}
    assert [m.task.pk for m in domain.deadlines] == [t["t2"].pk]


def test_TRK_6_U_4_province_page_shows_cards_charts_tables_and_bars(client):
    """TRK-6, U-4: the page carries the cards, each chart's canvas with its table (caption) and the data for the
    charts as JSON; shares as progress bars; the report cycles say there are none while the reports app is not
    there."""
    w, _, _, on = scenario()
    client.force_login(w.user("viewer"))
    response = client.get(reverse("province-dashboard", args=[w.province.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    for part in ['id="card-total">7<', 'id="card-overdue">2<', 'id="card-targets">2/5<', 'id="card-updated">2/5<']:
        assert part in html
    for name in ["areas", "overdue", "targets"]:
        assert f'data-chart="{name}"' in html and f'id="{name}-table"' in html
    assert html.count("<caption") >= 4
    assert 'id="dashboard-data" type="application/json"' in html
    assert 'role="progressbar"' in html and 'aria-valuenow="40"' in html
    assert "vendor/chart.js/chart.umd.min.js" in html and "onclick" not in html
    data = response.context["chart_data"]
    assert data["overdue"]["data"] == [1, 1]
    assert data["areas"]["labels"] == ["Cải cách thể chế", "Cải cách thủ tục hành chính", dashboard.NO_AREA]
    if dashboard.report_submission_rates(w.province) is None:
        assert "Chưa có kỳ báo cáo" in html
    # The leads link to their agency's dashboard.
    assert reverse("agency-dashboard", args=[w.province.slug, w.domain.pk]) in html


def test_TRK_6_agency_page_shows_tasks_deadlines_and_the_users_unread_notifications(client):
    """TRK-6: an agency's page: cards, the status chart and its table, deadlines, overdue tasks, and the reading
    user's unread notifications of the province (not another user's, not read ones)."""
    w, _, t, on = scenario()
    user = w.user("ordinary_focal")
    Notification.objects.create(user=user, province=w.province, message="Nhắc hạn nhiệm vụ số 7")
    Notification.objects.create(user=user, province=w.province, message="Đã đọc rồi", read_at=timezone.now())
    Notification.objects.create(user=w.user("viewer"), province=w.province, message="Của người khác")
    client.force_login(user)
    response = client.get(reverse("agency-dashboard", args=[w.province.slug, w.ordinary.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="card-total">5<' in html and 'id="card-overdue">1<' in html
    assert 'data-chart="statuses"' in html and 'id="statuses-table"' in html
    deadlines = html.split('id="deadlines"')[1].split("</table>")[0]
    assert t["t7"].title in deadlines and (on + dt.timedelta(days=3)).strftime("%d/%m/%Y") in deadlines
    assert "Nhắc hạn nhiệm vụ số 7" in html
    assert "Đã đọc rồi" not in html and "Của người khác" not in html


def test_TRK_6_an_odd_year_is_ignored_with_a_message(client):
    """TRK-6, SEC-3: ?nam=abc or an out-of-range year shows this year, never a 500."""
    w = world()
    client.force_login(w.user("viewer"))
    for value in ["abc", "99999", "１２"]:
        response = client.get(reverse("province-dashboard", args=[w.province.slug]), {"nam": value})
        assert response.status_code == 200 and response.context["d"].year == today().year


@pytest.mark.parametrize("name", ["province-dashboard", "agency-dashboard"])
def test_TRK_6_another_province_and_the_anonymous_are_refused(client, name):
    """TRK-6, ORG-4: another province's user gets 404; the anonymous visitor goes to the login page."""
    w, other = world(), world()
    args = [w.province.slug] + ([w.ordinary.pk] if name == "agency-dashboard" else [])
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(other.user("standing_leader"))
    assert client.get(url).status_code == 404


def test_TRK_6_an_agency_of_another_province_is_not_found(client):
    """TRK-6, ORG-4: the agency must belong to the province of the address."""
    w, other = world(), world()
    client.force_login(w.user("standing_leader"))
    assert client.get(reverse("agency-dashboard", args=[w.province.slug, other.ordinary.pk])).status_code == 404
    assert client.get(reverse("agency-dashboard", args=[w.province.slug, 2**40])).status_code == 404
    assert client.get(reverse("agency-dashboard", args=[w.province.slug, w.ordinary.pk])).status_code == 200


# --- a fixed number of queries -----------------------------------------------------------------------------------


def _bulk(w, plan, agencies: int, tasks_per_agency: int, on) -> None:
    """`agencies` more agencies, each leading `tasks_per_agency` tasks (two milestones each, one update on every
    other task), made with bulk_create."""
    from cchc.agencies.models import Agency
    from cchc.plans.models import Task

    start = Agency.objects.filter(province=w.province).count()
    made = Agency.objects.bulk_create(
        [Agency(province=w.province, name=f"Sở Đo đếm {start + i}", kind="department") for i in range(agencies)]
    )
    areas = [area("institutions"), area("procedures"), area("modernisation")]
    tasks = Task.objects.bulk_create(
        [
            Task(plan=plan, title=f"Nhiệm vụ {a.pk}-{n}", lead=a, area=areas[n % 3], order=n)
            for a in made
            for n in range(tasks_per_agency)
        ]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(task=task, due=on + dt.timedelta(days=d), order=k)
            for i, task in enumerate(tasks)
            for k, d in enumerate([(i % 40) - 20, 25])
        ]
    )
    ProgressUpdate.objects.bulk_create(
        [ProgressUpdate(task=task, agency_id=task.lead_id, percent=50) for task in tasks[::2]]
    )
    Target.objects.bulk_create(
        [
            Target(plan=plan, text=f"Chỉ tiêu {a.pk}", value=30, start_year=on.year, end_year=on.year)
            for a in made[:: max(1, agencies // 10)]
        ]
    )


def test_TRK_6_both_dashboards_cost_the_same_queries_for_20_and_500_agencies(client, django_assert_num_queries):
    """TRK-6: the province's and an agency's dashboards issue the same number of queries for 20 agencies (40
    tasks) and for 500 agencies (2,000 tasks): the aggregation is done by the database and task_states."""
    w = world()
    on = today()
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, start_year=on.year)
    TaskFactory(plan=plan, lead=w.ordinary)
    TaskFactory(plan=plan, lead=None, lead_group=w.departments)
    _bulk(w, plan, 20, 2, on)
    client.force_login(w.user("ordinary_focal"))
    urls = [
        reverse("province-dashboard", args=[w.province.slug]),
        reverse("agency-dashboard", args=[w.province.slug, w.ordinary.pk]),
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    _bulk(w, plan, 480, 4, on)
    assert AgencyFactory._meta.model.objects.filter(province=w.province).count() >= 500
    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            response = client.get(url)
        assert response.status_code == 200
    assert response.context["d"].totals.total == 2  # the agency's: its task and the group's

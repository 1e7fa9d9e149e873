"""The demo's year of tracking in Khánh Hòa (issue 10): progress, problems, a briefing, a report cycle and a shared
document on this year's issued plan, relative to the day the demo is loaded (src/cchc/demo/tracking.py).

The session database holds the demo as `make demo` loads it today; the calendar test builds the story again for
a later year on chosen days."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cchc.core.dates import today
from cchc.core.models import AuditEntry
from cchc.demo import cycle, tracking
from cchc.documents.models import SharedDocument
from cchc.meetings.models import Activity, ActivityKind
from cchc.plans.models import Plan, PlanKind
from cchc.reports.models import ReportCycle, ReportSubmission
from cchc.tracking.models import Problem, ProblemKind, ProgressUpdate, Reported, Review
from cchc.tracking.queries import task_statuses
from cchc.tracking.status import TaskStatus
from tests.conftest import province

KH = "Khánh Hòa"


def _plan(year: int) -> Plan:
    return Plan.objects.exclude(status="draft").get(province=province(KH), kind=PlanKind.ANNUAL, start_year=year)


def _story(year: int) -> dict:
    plan = _plan(year)
    updates = ProgressUpdate.objects.filter(task__plan=plan)
    return {
        "documents": SharedDocument.objects.filter(province=plan.province, issued_on__year=year).count(),
        "confirmed": updates.filter(reported=Reported.DONE, review=Review.CONFIRMED).count(),
        "pending": updates.filter(reported=Reported.DONE, review=Review.PENDING).count(),
        "answered": Problem.objects.filter(task__plan=plan, answered_at__isnull=False).count(),
        "open_requests": Problem.objects.filter(
            task__plan=plan, kind=ProblemKind.ADJUSTMENT, answered_at__isnull=True
        ).count(),
        "briefings": Activity.objects.filter(province=plan.province, kind=ActivityKind.BRIEFING, year=year).count(),
        "cycles": ReportCycle.objects.filter(province=plan.province, year=year).count(),
        "versions": ReportSubmission.objects.filter(cycle__province=plan.province, cycle__year=year).count(),
    }


@pytest.mark.django_db
def test_TRK_1_TRK_3_RPT_3_COO_2_the_demo_holds_a_year_of_tracking():
    """TRK-1, TRK-2, TRK-3, TRK-5, RPT-3, COO-2: loaded in December, the demo holds the guidance shared, a task
    in progress and one done (confirmed, on time), a problem answered, the Quý II briefing with a conclusion, the
    Quý III cycle with Sở KH&CN's report sent, returned and sent again, and this week a done report and an
    adjustment request waiting for Sở Nội vụ."""
    year = today().year
    if today() < dt.date(year, 9, 15):
        pytest.fail("this test reads the demo as loaded after 14/09; the calendar test covers earlier days")
    assert _story(year) == {
        "documents": 1,
        "confirmed": 1,
        "pending": 1,
        "answered": 1,
        "open_requests": 1,
        "briefings": 1,
        "cycles": 1,
        "versions": 2,
    }
    plan = _plan(year)
    done = ProgressUpdate.objects.get(task__plan=plan, review=Review.CONFIRMED)
    assert task_statuses([done.task_id], today())[done.task_id] == TaskStatus.DONE_ON_TIME
    sent = ReportSubmission.objects.filter(cycle__province=plan.province, cycle__year=year).order_by("version")
    assert [(s.version, s.status, s.late) for s in sent] == [(1, "returned", False), (2, "submitted", False)]
    briefing = Activity.objects.get(province=plan.province, kind=ActivityKind.BRIEFING, year=year)
    assert briefing.conclusions.count() == 1 and briefing.outcome


@pytest.mark.django_db
def test_TRK_1_the_demo_accounts_find_the_tracking_pages():
    """TRK-1, TRK-3, TRK-6, RPT-3: Sở Nội vụ's officer opens the dashboard, the tracked tasks, the problems, the
    report cycle's board and a task with its history; Sở KH&CN's officer opens its task and its report."""
    plan = _plan(today().year)
    kh = plan.province
    task = ProgressUpdate.objects.filter(task__plan=plan).first().task
    cycle_ = ReportCycle.objects.get(province=kh, year=today().year)
    client = Client()
    client.force_login(get_user_model().objects.get(username="khoa.snv"))
    for url in [
        reverse("province-dashboard", args=[kh.slug]),
        reverse("task-tracking", args=[kh.slug]),
        reverse("problem-list", args=[kh.slug]),
        reverse("report-cycle", args=[kh.slug, cycle_.pk]),
        reverse("task-detail", args=[kh.slug, task.pk]),
        reverse("activity-list", args=[kh.slug]),
        reverse("document-list", args=[kh.slug]),
    ]:
        assert client.get(url).status_code == 200, url
    client.force_login(get_user_model().objects.get(username="khoa.skhcn"))
    page = client.get(reverse("task-detail", args=[kh.slug, task.pk])).content.decode()
    assert "845/SKHCN-VP" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2031, 1, 10), {"documents": 0, "confirmed": 0, "pending": 1, "cycles": 0, "versions": 0}),
        (dt.date(2031, 5, 1), {"documents": 1, "confirmed": 1, "pending": 1, "cycles": 0, "versions": 0}),
        (dt.date(2031, 9, 11), {"documents": 1, "confirmed": 1, "pending": 1, "cycles": 1, "versions": 1}),
        (dt.date(2031, 12, 20), {"documents": 1, "confirmed": 1, "pending": 1, "cycles": 1, "versions": 2}),
    ],
)
def test_TRK_2_the_demo_tracking_follows_the_calendar(on, expected):
    """TRK-1, RPT-1: built on a given day, the story holds what would have happened by then and nothing later,
    each record at its own date; building it again changes nothing."""
    assert cycle.build(on=on).startswith("kế hoạch năm 2031")
    assert "bước theo dõi" in tracking.build(on=on)
    got = _story(2031)
    assert {k: got[k] for k in expected} == expected
    stamped = AuditEntry.objects.filter(province=province(KH), at__year=2031).values_list("at", flat=True)
    assert max(stamped).date() <= on
    counts = (ProgressUpdate.objects.count(), AuditEntry.objects.count())
    assert tracking.build(on=on) == "đã có, bỏ qua"
    assert (ProgressUpdate.objects.count(), AuditEntry.objects.count()) == counts

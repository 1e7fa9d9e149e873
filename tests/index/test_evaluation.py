"""EVL-1: the head-of-agency evaluation: an agency's index result, task completion and report punctuality side by
side, seen by the agency, Sở Nội vụ and provincial leadership; the result only after publication for others."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.core.dates import today
from cchc.index import fileformat, services
from cchc.index.models import Result
from cchc.plans.models import Milestone, PlanStatus
from cchc.reports.models import ReportCycle, ReportSubmission
from cchc.tracking.models import ProgressUpdate, Reported, Review, UpdateKind
from tests.factories import AgencyFactory, PlanFactory, TaskFactory, programme, world

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.DATA_DIR) / "frameworks" / "vi-du-cap-so.yaml"


def campaign_of(w):
    programme()
    framework = services.load_framework(fileformat.parse(EXAMPLE.read_text(encoding="utf-8")))
    on = today()
    return services.open_campaign(
        w.province,
        actor=w.user("standing_focal"),
        year=on.year - 1,
        frameworks={"department": framework},
        deadlines={
            "self_assessment_deadline": on + dt.timedelta(days=10),
            "appraisal_deadline": on + dt.timedelta(days=20),
            "explanation_deadline": on + dt.timedelta(days=30),
            "publication_deadline": on + dt.timedelta(days=40),
        },
        bands=[("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)],
        on=on,
    )


def facts(w, campaign, agency, *, percent="85.50", rank=2):
    """A result, three tasks it leads in the year (on time, late, overdue), three report cycles (on time, late,
    missing)."""
    year = campaign.year
    Result.objects.create(
        campaign=campaign,
        agency=agency,
        appraised_points=Decimal("60"),
        survey_points=Decimal("25.5"),
        max_points=Decimal("100"),
        percent=Decimal(percent),
        rank=rank,
        band="Khá",
    )
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, start_year=year)
    for due, done_on in [
        (dt.date(year, 6, 30), dt.date(year, 6, 1)),
        (dt.date(year, 6, 30), dt.date(year, 8, 1)),
        (dt.date(year, 9, 30), None),
    ]:
        task = TaskFactory(plan=plan, lead=agency)
        Milestone.objects.create(task=task, due=due)
        if done_on:
            ProgressUpdate.objects.create(
                task=task,
                agency=agency,
                kind=UpdateKind.LEAD,
                reported=Reported.DONE,
                percent=100,
                done_on=done_on,
                review=Review.CONFIRMED,
            )
    for kind, late, sent in [("q1", False, True), ("q3", True, True), ("year", False, False)]:
        cycle, _ = ReportCycle.objects.get_or_create(
            province=w.province,
            kind=kind,
            year=year,
            defaults={
                "title": f"Báo cáo {kind} {year}",
                "period_start": dt.date(year, 1, 1),
                "period_end": dt.date(year, 3, 14),
                "due_date": dt.date(year, 3, 20),
            },
        )
        cycle.agencies.add(agency)
        if sent:
            ReportSubmission.objects.create(
                cycle=cycle,
                agency=agency,
                status=ReportSubmission.Status.SUBMITTED,
                late=late,
                submitted_at=timezone.now(),
            )


@pytest.fixture
def setting():
    w = world()
    campaign = campaign_of(w)
    facts(w, campaign, w.ordinary)
    return w, campaign


def url(w, campaign, name="index-evaluation", agency=None):
    return reverse(name, args=[w.province.slug, campaign.year, (agency or w.ordinary).pk])


def test_EVL_1_the_page_puts_index_tasks_and_reports_side_by_side(client, setting):
    """EVL-1: the agency's leader sees its result (before publication: its own), its tasks (on time, late,
    overdue, total) and its reports (on time, late, missing), with a computed summary."""
    w, campaign = setting
    client.force_login(w.user("ordinary_leader"))
    response = client.get(url(w, campaign))
    assert response.status_code == 200
    item = response.context["item"]
    assert item.result_visible and item.result.percent == Decimal("85.50")
    assert (item.tasks["total"], item.tasks["done_on_time"], item.tasks["done_late"], item.tasks["overdue"]) == (
        3,
        1,
        1,
        1,
    )
    assert (item.reports["on_time"], item.reports["late"], item.reports["missing"]) == (1, 1, 1)
    assert item.summary == (
        "Chỉ số CCHC: 85,50%, hạng 2, Khá; hoàn thành đúng hạn 1/3 nhiệm vụ chủ trì (33%), 1 nhiệm vụ quá hạn; "
        "gửi đúng hạn 1/3 báo cáo, 1 muộn, 1 chưa gửi."
    )
    assert "85,50%" in response.content.decode()


def test_EVL_1_before_publication_others_see_not_published_after_it_they_see_the_result(client, setting):
    """EVL-1: before publication Sở Nội vụ sees the result and provincial leadership reads "Chưa công bố"; after
    it, leadership sees it too. Another department and another province: 404."""
    w, campaign = setting
    client.force_login(w.user("standing_focal"))
    assert client.get(url(w, campaign)).context["item"].result_visible
    client.force_login(w.user("committee_leader"))
    page = client.get(url(w, campaign))
    assert not page.context["item"].result_visible and "Chưa công bố" in page.content.decode()
    assert "85,50" not in page.content.decode()
    for who in ("domain_leader", "province_admin"):
        client.force_login(w.user(who))
        assert client.get(url(w, campaign)).status_code == 404
    client.force_login(world().user("standing_leader"))
    assert client.get(url(w, campaign)).status_code == 404
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["published_at"])
    client.force_login(w.user("committee_leader"))
    assert client.get(url(w, campaign)).context["item"].result_visible


def test_EVL_1_exports_read_back(client, setting):
    """EVL-1: the .xlsx and .docx carry the same facts and summary."""
    w, campaign = setting
    client.force_login(w.user("ordinary_focal"))
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url(w, campaign, "index-evaluation-xlsx")).content))
    row = [c.value for c in workbook["Đánh giá"][3]]
    assert row[1] == w.ordinary.name and row[2] == "85,50%, hạng 2, Khá" and row[3:10] == [3, 1, 1, 1, 1, 1, 1]
    document = docx.Document(io.BytesIO(client.get(url(w, campaign, "index-evaluation-docx")).content))
    text = "\n".join(
        [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert "phục vụ đánh giá người đứng đầu" in text and "85,50%, hạng 2, Khá" in text
    assert "gửi đúng hạn 1/3 báo cáo" in text


def test_EVL_1_the_list_for_standing_agency_and_leadership_in_constant_queries(client, setting):
    """EVL-1: the list of all assessed agencies: Sở Nội vụ and leadership only (others 403); the same number of
    queries for 5 and 25 agencies."""
    w, campaign = setting
    list_url = reverse("index-evaluations", args=[w.province.slug, campaign.year])
    client.force_login(w.user("ordinary_leader"))
    assert client.get(list_url).status_code == 403
    client.force_login(w.user("committee_leader"))
    assert client.get(list_url).status_code == 200

    def count():
        client.force_login(w.user("standing_leader"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(list_url)
        assert response.status_code == 200
        return len(queries), len(response.context["items"])

    more = [AgencyFactory(province=w.province) for _ in range(2)]
    campaign.agencies.add(*more)
    for agency in more:
        facts(w, campaign, agency, percent="70.00", rank=3)
    few, n_few = count()
    more = [AgencyFactory(province=w.province) for _ in range(20)]
    campaign.agencies.add(*more)
    for agency in more:
        facts(w, campaign, agency, percent="70.00", rank=3)
    many, n_many = count()
    assert (n_few, n_many) == (5, 25)
    assert few == many


def test_EVL_1_the_campaign_page_links_the_list_or_one_s_own_page(client, setting):
    """EVL-1: the campaign page's section links the list for Sở Nội vụ, the agency's own page for its members, and
    nothing for an agency outside the campaign's list of pages (UBND tỉnh's leadership sees the list)."""
    w, campaign = setting
    section = reverse("index-evaluations", args=[w.province.slug, campaign.year]) + "?section=1"
    client.force_login(w.user("standing_focal"))
    assert "Xem bảng tổng hợp các cơ quan" in client.get(section).content.decode()
    client.force_login(w.user("viewer"))
    page = client.get(section).content.decode()
    assert url(w, campaign) in page and "Xem bảng tổng hợp" not in page
    client.force_login(world().user("standing_leader"))
    assert client.get(section).status_code == 404

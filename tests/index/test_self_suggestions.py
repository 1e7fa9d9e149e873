"""IDX-3: suggested scores from the system's data (tasks, reports, the agency's plan), with their facts."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cchc.core.dates import today
from cchc.index import suggestions
from cchc.index.models import CampaignNode
from cchc.plans.models import Milestone, PlanKind, PlanStatus
from cchc.reports.models import ReportCycle, ReportSubmission
from cchc.tracking.models import ProgressUpdate
from tests.factories import PlanFactory, TaskFactory
from tests.index.test_self_services import make_file

pytestmark = pytest.mark.django_db


def node(max_points, levels=()):
    return SimpleNamespace(max_points=Decimal(max_points), levels=[{"points": p, "text": ""} for p in levels])


def test_IDX_3_points_proportional_or_nearest_level_not_above():
    """IDX-3: "2 × done/total" proportional; with levels, the nearest level not above the proportional points."""
    assert suggestions.points_for(node("2"), Decimal(12) / Decimal(15)) == Decimal("1.60")
    assert suggestions.points_for(node("2"), Decimal(1) / Decimal(3)) == Decimal("0.66")
    assert suggestions.points_for(node("2", ["2", "1", "0"]), Decimal(3) / Decimal(4)) == Decimal("1")
    assert suggestions.points_for(node("2", ["2", "1", "0"]), Decimal(1)) == Decimal("2")


def _suggest(file, code):
    leaf = CampaignNode.objects.get(framework=file.framework, code=code)
    return suggestions.suggest(file, [leaf], today())[leaf.pk]


def test_IDX_3_no_data_no_suggestion():
    """IDX-3: where the data is missing: "Chưa có dữ liệu" and no points."""
    w, file = make_file()
    for code in ("I.1.2", "I.2", "I.3"):
        suggestion = _suggest(file, code)
        assert suggestion.points is None and suggestion.facts[0].text == "Chưa có dữ liệu"


def test_IDX_3_tasks_on_time_from_tracking():
    """IDX-3: 1 of 2 led tasks done on time (confirmed): 2 × 1/2 = 1 point, with a link to the tracked tasks."""
    w, file = make_file()
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, start_year=today().year)
    done, open_ = TaskFactory(plan=plan, lead=w.ordinary), TaskFactory(plan=plan, lead=w.ordinary)
    for task in (done, open_):
        Milestone.objects.create(task=task, due=today() + dt.timedelta(days=5))
    ProgressUpdate.objects.create(
        task=done, agency=w.ordinary, reported="done", percent=100, done_on=today(), review="confirmed"
    )
    suggestion = _suggest(file, "I.1.2")
    assert suggestion.points == Decimal("1.00")
    assert suggestion.facts[0].text == "1/2 nhiệm vụ hoàn thành đúng hạn"
    assert "/theo-doi/" in suggestion.facts[0].url


def test_IDX_3_reports_on_time_and_plan_on_time():
    """IDX-3: 3 of 4 reports on time → the level 1 (not above 2 × 3/4); the plan issued before its due date → 1."""
    w, file = make_file()
    year = today().year
    for n, late in enumerate((False, False, False, True)):
        cycle = ReportCycle.objects.create(
            province=w.province,
            kind="adhoc",
            year=year,
            title=f"Báo cáo {n}",
            period_start=today(),
            period_end=today(),
            due_date=today(),
        )
        cycle.agencies.add(w.ordinary)
        ReportSubmission.objects.create(
            cycle=cycle, agency=w.ordinary, status="submitted", submitted_at=timezone.now(), late=late
        )
    suggestion = _suggest(file, "I.2")
    assert suggestion.points == Decimal("1") and suggestion.facts[0].text == "3/4 báo cáo gửi đúng hạn"
    PlanFactory(
        province=w.province,
        owner=w.ordinary,
        kind=PlanKind.AGENCY,
        status=PlanStatus.ISSUED,
        number="9/KH-SVH",
        start_year=year,
        signed_on=dt.date(year - 1, 12, 20),
    )
    suggestion = _suggest(file, "I.1.1")
    assert suggestion.points == Decimal("1")
    assert suggestion.facts[0].text == f"Kế hoạch số 9/KH-SVH ban hành ngày 20/12/{year - 1} (hạn 31/12/{year - 1})"


def test_IDX_3_targets_met_from_the_agency_plan():
    """IDX-3: targets of the agency's own plan: 1 of 2 reported met (a third not reported) → 5 × 1/2."""
    from cchc.index.models import Binding
    from cchc.plans.models import Target, TargetResult

    w, file = make_file()
    year = today().year
    plan = PlanFactory(
        province=w.province, owner=w.ordinary, kind=PlanKind.AGENCY, status=PlanStatus.ISSUED, start_year=year
    )
    targets = [
        Target.objects.create(plan=plan, text=f"Chỉ tiêu {n}", value=Decimal(90), start_year=year, end_year=year)
        for n in range(3)
    ]
    TargetResult.objects.create(target=targets[0], agency=w.ordinary, year=year, value=Decimal(95))
    TargetResult.objects.create(target=targets[1], year=year, value=Decimal(50))
    CampaignNode.objects.filter(framework=file.framework, code="VIII.4").update(binding=Binding.TARGETS_MET)
    leaf = CampaignNode.objects.get(framework=file.framework, code="VIII.4")
    suggestion = suggestions.suggest(file, [leaf], today())[leaf.pk]
    assert suggestion.facts[0].text == "1/2 chỉ tiêu đạt (1 chỉ tiêu chưa báo cáo kết quả)"
    assert suggestion.points == suggestions.points_for(leaf, Decimal(1) / Decimal(2))


def test_IDX_3_inspection_coverage_from_the_agency_inspection_plan():
    """IDX-3: the agency's issued inspection plan (kế hoạch kiểm tra CCHC) of the year: 1 of its 2 inspections
    carried out (a cancelled one does not count) → max × 1/2, with a link to the plan; another agency's inspection
    plan, a draft or an ordinary plan of the agency do not count."""
    from cchc.index.models import Binding
    from cchc.plans.models import ThematicType

    w, file = make_file()
    year = today().year
    CampaignNode.objects.filter(framework=file.framework, code="VIII.4").update(binding=Binding.INSPECTION_COVERAGE)
    leaf = CampaignNode.objects.get(framework=file.framework, code="VIII.4")
    assert suggestions.suggest(file, [leaf], today())[leaf.pk].points is None  # no inspection plan yet

    def inspection_plan(owner, status=PlanStatus.ISSUED, kind=PlanKind.THEMATIC, thematic=ThematicType.INSPECTION):
        plan = PlanFactory(
            province=w.province,
            owner=owner,
            kind=kind,
            thematic_type=thematic,
            status=status,
            start_year=year,
            number="12/KH-KT",
        )
        return plan, [TaskFactory(plan=plan, lead=owner) for _ in range(3)]

    inspection_plan(w.standing)  # another agency's
    inspection_plan(w.ordinary, status=PlanStatus.DRAFT)
    inspection_plan(w.ordinary, kind=PlanKind.AGENCY, thematic="")
    plan, (done, open_, cancelled) = inspection_plan(w.ordinary)
    for task in (done, open_, cancelled):
        Milestone.objects.create(task=task, due=today() + dt.timedelta(days=5))
    ProgressUpdate.objects.create(
        task=done, agency=w.ordinary, reported="done", percent=100, done_on=today(), review="confirmed"
    )
    from cchc.tracking.models import TaskCancellation

    TaskCancellation.objects.create(task=cancelled, reason="Đơn vị đã sáp nhập", cancelled_on=today())
    suggestion = suggestions.suggest(file, [leaf], today())[leaf.pk]
    assert suggestion.points == suggestions.points_for(leaf, Decimal(1) / Decimal(2))
    assert suggestion.facts[0].text == "1/2 cuộc kiểm tra theo kế hoạch kiểm tra CCHC số 12/KH-KT đã thực hiện"
    assert f"/ke-hoach/{plan.pk}/" in suggestion.facts[0].url

"""RPT-1, RPT-2, RPT-3: cycles, prefilled reports, submission, return and resubmission, reminders, consolidation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.agencies.models import Agency, AgencyKind
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.models import Notification, Province
from cchc.reports import queries, services
from cchc.reports.models import ReportCycle, ReportSubmission
from tests.factories import world
from tests.reports.conftest import open_q1


def test_RPT_1_opening_a_cycle_sets_the_ministrys_period_the_provinces_due_date_and_the_template(rw):
    """RPT-1: Quý I: data 15/12–14/3, due 15/3 (20/3 less 5 days), every agency but UBND tỉnh asked and told."""
    cycle = open_q1(rw)
    year = today().year + 1
    assert (cycle.period_start, cycle.period_end) == (dt.date(year - 1, 12, 15), dt.date(year, 3, 14))
    assert cycle.due_date == dt.date(year, 3, 15)
    assert rw.committee not in cycle.agencies.all() and rw.ordinary in cycle.agencies.all()
    assert cycle.sections.count() == 5 and cycle.indicators.filter(kind="percent").count() == 4
    assert Notification.objects.filter(user=rw.user("ordinary_focal")).exists()


def test_RPT_1_one_cycle_per_periodic_report_and_year(rw):
    """RPT-1: a second Quý I of the same year is refused; nothing is added."""
    open_q1(rw)
    with pytest.raises(UserError):
        open_q1(rw)
    assert ReportCycle.objects.filter(province=rw.province).count() == 1


def test_RPT_1_ad_hoc_needs_its_period_and_due_date(rw):
    with pytest.raises(UserError):
        services.open_cycle(rw.province, kind="adhoc", year=today().year, actor=rw.user("standing_focal"))


def test_ORG_5_a_merged_province_takes_no_cycle(rw):
    """ORG-5: nothing is written to a province that merged into another."""
    successor = Province.objects.create(name="Tỉnh Kế Thừa Báo Cáo", slug="ke-thua-bao-cao")
    Province.objects.filter(pk=rw.province.pk).update(valid_to=dt.date(2025, 6, 30), successor=successor)
    rw.province.refresh_from_db()
    with pytest.raises(UserError):
        open_q1(rw)


def test_RPT_1_RPT_2_the_report_opens_prefilled_from_the_agencys_tasks_and_led_areas(rw):
    """RPT-1: tasks led (3: one done, one overdue, one not started), by area; RPT-2: the areas it leads by the
    regulation (institutions) get a section of their own."""
    cycle = open_q1(rw)
    draft = services.prepare(cycle, rw.domain, actor=rw.user("domain_focal"))
    assert draft.values["1.4"] == "3" and draft.values["1.5"] == "1" and draft.values["1.6"] == "1"
    assert [a["code"] for a in draft.prefill["areas"]] == ["institutions"]
    assert "institutions" in draft.area_texts
    assert "nhiệm vụ" in draft.texts["I"]
    # an agency that leads nothing gets no area section
    other = services.prepare(cycle, rw.ordinary, actor=rw.user("ordinary_focal"))
    assert other.prefill["areas"] == [] and other.values["1.4"] == "0"


def _submit(w, cycle, agency, leader, values=None, texts=None):
    draft = services.prepare(cycle, agency, actor=leader)
    services.save_draft(draft, actor=leader, values=values or {}, texts=texts or {})
    return services.submit(draft, actor=leader)[0]


def test_RPT_1_a_submitted_report_is_never_edited_returned_and_resubmitted_as_a_new_version(rw):
    """RPT-1, RPT-3: submit; a second submit doubles nothing; save refused; return with comment; the revision is
    version 2 starting from version 1's content; version 1 stays as it was sent."""
    cycle = open_q1(rw)
    leader = rw.user("domain_leader")
    first = _submit(rw, cycle, rw.domain, leader, {"2.3": "100", "2.4": "90"}, {"V": "Thiếu kinh phí"})
    assert first.status == "submitted" and not first.late
    again, sent = services.submit(first, actor=leader)
    assert not sent and ReportSubmission.objects.filter(cycle=cycle, agency=rw.domain).count() == 1
    with pytest.raises(UserError):
        services.save_draft(first, actor=leader, values={"2.3": "1"}, texts={})
    with pytest.raises(UserError):
        services.return_submission(first, actor=rw.user("standing_focal"), comment="   ")
    services.return_submission(first, actor=rw.user("standing_focal"), comment="Bổ sung số liệu số hóa")
    assert Notification.objects.filter(user=leader, message__contains="Bổ sung số liệu").exists()
    second = services.prepare(cycle, rw.domain, actor=leader)
    assert second.version == 2 and second.values["2.3"] == "100" and second.texts["V"] == "Thiếu kinh phí"
    services.save_draft(second, actor=leader, values={**second.values, "2.8": "50"}, texts=second.texts)
    services.submit(second, actor=leader)
    first.refresh_from_db()
    assert first.status == "returned" and first.values.get("2.8", "") == ""
    row = next(r for r in queries.board(cycle) if r.agency == rw.domain)
    assert row.standing.version == 2 and row.state == queries.ON_TIME


def test_RPT_1_a_report_after_the_due_date_is_accepted_and_marked_late(rw):
    """RPT-1: accepted, marked late by the server's clock (local date after the due date)."""
    cycle = open_q1(rw)
    ReportCycle.objects.filter(pk=cycle.pk).update(due_date=today() - dt.timedelta(days=1))
    cycle.refresh_from_db()
    submission = _submit(rw, cycle, rw.ordinary, rw.user("ordinary_leader"))
    assert submission.status == "submitted" and submission.late
    assert next(r for r in queries.board(cycle) if r.agency == rw.ordinary).state == queries.LATE


def test_RPT_1_bad_figures_are_refused_and_change_nothing(rw):
    cycle = open_q1(rw)
    draft = services.prepare(cycle, rw.ordinary, actor=rw.user("ordinary_focal"))
    before = dict(draft.values)
    for values in ({"2.3": "-1"}, {"2.3": "abc"}, {"2.3": "10", "2.4": "20"}, {"1.1": "perhaps"}):
        with pytest.raises(UserError):
            services.save_draft(draft, actor=rw.user("ordinary_focal"), values=values, texts={})
    draft.refresh_from_db()
    assert draft.values == before


def test_RPT_1_an_agency_out_of_scope_cannot_prepare(rw):
    cycle = open_q1(rw, agencies=[rw.domain])
    with pytest.raises(UserError):
        services.prepare(cycle, rw.ordinary, actor=rw.user("ordinary_focal"))


def test_RPT_3_remind_only_the_missing(rw):
    """RPT-3: the reminder goes to agencies without a standing report, not to those that sent theirs."""
    cycle = open_q1(rw, agencies=[rw.domain, rw.ordinary])
    _submit(rw, cycle, rw.domain, rw.user("domain_leader"))
    Notification.objects.all().delete()
    assert services.remind_missing(cycle, actor=rw.user("standing_focal")) == 1
    assert Notification.objects.filter(user=rw.user("ordinary_focal"), message__startswith="Nhắc").exists()
    assert not Notification.objects.filter(user=rw.user("domain_leader")).exists()


def test_RPT_3_consolidation_against_hand_computed_totals(rw):
    """RPT-3: two agencies: dossiers 100 + 300 = 400, on time 90 + 150 = 240 → 60.00% (not (90% + 50%) / 2 = 70%);
    self-assessed index average (80 + 90) / 2 = 85; ISO yes count 1; tasks 3 + 0; problems listed; a returned
    report does not count."""
    cycle = open_q1(rw, agencies=[rw.domain, rw.ordinary, rw.district])
    _submit(
        rw,
        cycle,
        rw.domain,
        rw.user("domain_leader"),
        {"2.3": "100", "2.4": "90", "2.12": "80", "2.10": "1"},
        {"V": "Thiếu kinh phí số hóa"},
    )
    _submit(rw, cycle, rw.ordinary, rw.user("ordinary_leader"), {"2.3": "300", "2.4": "150", "2.12": "90", "2.10": "0"})
    result = queries.consolidation(cycle)
    value = {r.indicator.code: r.value for r in result.results}
    assert value["2.3"] == Decimal(400) and value["2.4"] == Decimal(240)
    assert value["2.5"] == Decimal("60.00")
    assert value["2.12"] == Decimal("85.00")
    assert value["2.10"] == Decimal(1)
    assert value["1.4"] == Decimal(3) and value["1.5"] == Decimal(1)
    assert value["1.7"] == Decimal("33.33")
    assert value["2.6"] is None  # nobody reported online dossiers
    assert result.problems == [("Sở Tư pháp", "Thiếu kinh phí số hóa")]
    assert (
        result.tasks_by_area["Cải cách thể chế"]["total"] == 2
        or sum(t["total"] for t in result.tasks_by_area.values()) == 3
    )
    services.return_submission(
        ReportSubmission.objects.get(cycle=cycle, agency=rw.ordinary), actor=rw.user("standing_focal"), comment="Sai"
    )
    value = {r.indicator.code: r.value for r in queries.consolidation(cycle).results}
    assert value["2.3"] == Decimal(100) and value["2.5"] == Decimal("90.00")


def test_RPT_3_consolidating_closes_the_cycle(rw):
    cycle = open_q1(rw, agencies=[rw.domain])
    with pytest.raises(UserError):
        services.mark_consolidated(cycle, actor=rw.user("standing_focal"))  # nothing submitted yet
    _submit(rw, cycle, rw.domain, rw.user("domain_leader"))
    services.mark_consolidated(cycle, actor=rw.user("standing_focal"))
    with pytest.raises(UserError):
        services.prepare(cycle, rw.ordinary, actor=rw.user("ordinary_focal"))


def _agencies(w, n):
    Agency.objects.bulk_create(
        [Agency(province=w.province, name=f"UBND xã Thử {i}", kind=AgencyKind.COMMUNE) for i in range(n)]
    )


@pytest.mark.parametrize("n", [20, 500])
def test_RPT_3_the_board_takes_the_same_queries_for_20_and_500_agencies(db, django_assert_num_queries, n):
    """RPT-3: the board reads the agencies and the submissions in two queries however many agencies there are."""
    w = world()
    _agencies(w, n)
    cycle = open_q1(w)
    for agency in Agency.objects.filter(province=w.province, kind=AgencyKind.COMMUNE)[:5]:
        ReportSubmission.objects.create(cycle=cycle, agency=agency, status="submitted")
    cycle = ReportCycle.objects.get(pk=cycle.pk)
    with django_assert_num_queries(2):
        rows = queries.board(cycle)
        counts = queries.board_counts(rows)
    assert counts[queries.ON_TIME] == 5 and len(rows) == n + 5


def test_RPT_3_submission_rates_in_one_query(rw, django_assert_num_queries):
    """TRK-6 (for the dashboards): (cycle, submitted, in scope) in one query."""
    cycle = open_q1(rw, agencies=[rw.domain, rw.ordinary])
    _submit(rw, cycle, rw.domain, rw.user("domain_leader"))
    with django_assert_num_queries(1):
        rates = queries.submission_rates(rw.province)
    assert [(c.pk, s, n) for c, s, n in rates] == [(cycle.pk, 1, 2)]


def test_RPT_3_consolidation_reads_in_a_fixed_number_of_queries(rw):
    cycle = open_q1(rw, agencies=[rw.domain, rw.ordinary])
    _submit(rw, cycle, rw.domain, rw.user("domain_leader"))
    with CaptureQueriesContext(connection) as one:
        queries.consolidation(ReportCycle.objects.get(pk=cycle.pk))
    _submit(rw, cycle, rw.ordinary, rw.user("ordinary_leader"))
    with CaptureQueriesContext(connection) as two:
        queries.consolidation(ReportCycle.objects.get(pk=cycle.pk))
    assert len(one) == len(two)


def test_RPT_1_the_provinces_lead_days_set_the_agencies_due_date(rw):
    """RPT-1: with 3 days set, Quý I's due date is 17/3 (20/3 less 3); out-of-range days are refused."""
    services.set_lead_days(rw.province, days=3, actor=rw.user("standing_focal"))
    with pytest.raises(UserError):
        services.set_lead_days(rw.province, days=25, actor=rw.user("standing_focal"))
    cycle = open_q1(rw)
    assert cycle.due_date == dt.date(today().year + 1, 3, 17)


def test_RPT_3_an_added_percentage_consolidates_from_its_pair(rw):
    """RPT-1, RPT-3: Sở Nội vụ adds a rate of late dossiers from 2.20 / 2.3; it is computed, never averaged;
    a rate without a valid pair, a duplicate code and a bad rule are refused."""
    cycle = open_q1(rw, agencies=[rw.domain, rw.ordinary])
    snv = rw.user("standing_focal")
    services.add_indicator(cycle, actor=snv, section_code="II", code="2.20", name="Số hồ sơ trả muộn")
    services.add_indicator(
        cycle,
        actor=snv,
        section_code="II",
        code="2.21",
        name="Tỷ lệ hồ sơ trả muộn",
        kind="percent",
        numerator_code="2.20",
        denominator_code="2.3",
    )
    for bad in (
        {"code": "2.20", "name": "Trùng mã"},
        {"code": "2.22", "name": "Tỷ lệ lạ", "kind": "percent", "numerator_code": "2.5", "denominator_code": "2.3"},
        {"code": "2.23", "name": "Quy tắc lạ", "rule": "ratio"},
    ):
        with pytest.raises(UserError):
            services.add_indicator(cycle, actor=snv, section_code="II", **bad)
    _submit(rw, cycle, rw.domain, rw.user("domain_leader"), {"2.3": "100", "2.20": "50"})
    _submit(rw, cycle, rw.ordinary, rw.user("ordinary_leader"), {"2.3": "300", "2.20": "30"})
    value = {r.indicator.code: r.value for r in queries.consolidation(cycle).results}
    assert value["2.21"] == Decimal("20.00")  # 80 / 400, not (50% + 10%) / 2 = 30%

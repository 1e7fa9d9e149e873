"""The demo shows the yearly cycle in progress in Khánh Hòa, relative to the day it is loaded (issue 8).

The session database holds the demo as `make demo` loads it today. The other tests build the cycle again for
later years (a province has one call per year), on chosen days, to prove it follows the calendar."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cchc.core import audit
from cchc.core.auditing import unlogged_changes
from cchc.core.dates import today
from cchc.core.models import AuditEntry, Notification
from cchc.demo import cycle
from cchc.plans.models import Plan, PlanKind, PlanStatus, Proposal, ProposalCall
from tests.conftest import province

KH = "Khánh Hòa"


def _cycle_of(year: int):
    kh = province(KH)
    call = ProposalCall.objects.get(province=kh, year=year)
    return call, call.draft_plan


@pytest.mark.django_db
def test_PLAN_4_PLAN_5_the_demo_holds_this_years_issued_plan_and_next_years_open_call():
    """PLAN-4, PLAN-5: loaded today, the demo holds Khánh Hòa's plan for this year, issued after its call and its
    consultation, and the call for next year's proposals by the regulation's deadline with proposals waiting."""
    year = today().year
    call, plan = _cycle_of(year)
    assert call.status == ProposalCall.Status.CONSOLIDATED
    assert plan.is_issued and plan.number == "4815/KH-UBND" and plan.signed_on == dt.date(year - 1, 12, 26)
    assert plan.tasks.count() >= 11 and plan.targets.count() == 3
    # REG-3: the coordinators a proposal named reached the consolidated task.
    lgsp = plan.tasks.get(title__startswith="Kết nối nền tảng")
    assert sorted(a.name for a in lgsp.coordinator_agencies.all()) == ["Sở Tài chính", "Văn phòng Ủy ban nhân dân tỉnh"]
    assert lgsp.time_text == "Quý III"  # changed when the comment was taken on board
    comment = plan.consultations.get().comments.get()
    assert comment.answer == "accepted" and comment.task_id == lgsp.pk
    assert call.proposals.filter(status=Proposal.Status.REJECTED).count() == 1

    following, draft = _cycle_of(year + 1)
    assert following.is_open and draft is None
    assert following.deadline == dt.date(year, 12, 10) and following.deadline_article == "Đ4.2a"
    assert following.proposals.filter(status=Proposal.Status.SUBMITTED).count() == 2
    # ORG-2: Sở Thông tin và Truyền thông ended in 2025; its successor is asked, once.
    assert [r.agency.name for r in following.recipients.all()] == ["Sở Khoa học và Công nghệ"]


@pytest.mark.django_db
def test_PLAN_4_the_demo_waits_for_the_standing_agency_and_its_leader(client):
    """PLAN-4, PLAN-7: Sở Nội vụ of Khánh Hòa finds the proposals waiting under "Việc cần làm"; nothing the demo
    holds is dated after the day it was loaded."""
    client.force_login(get_user_model().objects.get(username="khoa.snv"))
    page = client.get(reverse("province", args=["khanh-hoa"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Xét đề xuất nhiệm vụ CCHC năm {today().year + 1}" in text
    assert not AuditEntry.objects.filter(province=province(KH), at__date__gt=today()).exists()
    assert not Plan.objects.filter(province=province(KH), signed_on__gt=today()).exists()


@pytest.mark.django_db
def test_U_3_every_write_of_the_demo_cycle_is_in_the_audit_log():
    """U-3: the demo's story goes through the services, so the audit log explains every row it wrote."""
    assert unlogged_changes() == []


@pytest.mark.django_db
def test_ORG_2_quang_nam_keeps_only_what_it_did_before_its_merger():
    """ORG-2, issue 8: Quảng Nam ended on 30/06/2025; the demo holds no plan or call of it after that."""
    qn = province("Quảng Nam")
    assert not Plan.objects.filter(province=qn, end_year__gte=2026).exists()
    assert not ProposalCall.objects.filter(province=qn).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on", "agency_plans", "adjusted", "results"),
    [
        (dt.date(2031, 1, 5), 0, False, 0),  # before the agencies make their plans
        (dt.date(2031, 3, 2), 2, False, 0),  # one agency plan sent, one a draft
        (dt.date(2031, 7, 15), 2, False, 3),  # six-month results, no adjustment yet
        (dt.date(2031, 12, 20), 2, True, 3),  # after the deadline of next year's call
    ],
)
def test_PLAN_6_PLAN_7_the_demo_cycle_follows_the_calendar(on, agency_plans, adjusted, results):
    """PLAN-4 to PLAN-7: built on a given day, the story holds what would have happened by then, each record at
    its own date, and nothing later; building it again changes nothing."""
    assert cycle.build(on=on).startswith("kế hoạch năm 2031 đã ban hành")
    call, plan = _cycle_of(2031)
    assert plan.is_issued and plan.signed_on == dt.date(2030, 12, 26)
    assert call.opened_at.date() == dt.date(2030, 11, 15)
    agency = Plan.objects.filter(province=province(KH), kind=PlanKind.AGENCY, start_year=2031)
    assert agency.count() == agency_plans
    if agency_plans:
        assert agency.filter(status=PlanStatus.ISSUED).get().owner.name == "Sở Khoa học và Công nghệ"
    plan.refresh_from_db()
    assert (plan.status == PlanStatus.ADJUSTED) is adjusted
    assert sum(t.results.count() for t in plan.targets.all()) == results
    following, _ = _cycle_of(2032)
    assert following.deadline == dt.date(2031, 12, 10)
    assert following.opened_at.date() == min(on, dt.date(2031, 11, 15))
    assert following.proposals.count() == 2
    stamped = [
        *AuditEntry.objects.filter(province=province(KH), at__year=2031).values_list("at", flat=True),
        *Notification.objects.filter(province=province(KH), created_at__year=2031).values_list("created_at", flat=True),
    ]
    assert stamped and max(stamped).date() <= on
    counts = (Plan.objects.count(), Proposal.objects.count(), AuditEntry.objects.count())
    assert cycle.build(on=on) == "đã có, bỏ qua"
    assert (Plan.objects.count(), Proposal.objects.count(), AuditEntry.objects.count()) == counts


@pytest.mark.django_db
def test_the_demo_accounts_of_khanh_hoa_open_their_pages():
    """U-1, SEC-1: every Khánh Hòa demo account opens the province and the plans; the call opens only for those
    it concerns."""
    _, plan = _cycle_of(today().year)
    following, _ = _cycle_of(today().year + 1)
    for username in ("khoa.snv", "khoa.snv.lanhdao", "khoa.skhcn", "khoa.skhcn.lanhdao", "khoa.stp", "khoa.ubnd"):
        user = get_user_model().objects.get(username=username)
        browser = Client()
        browser.force_login(user)
        for url in (
            reverse("province", args=["khanh-hoa"]),
            reverse("plan-list", args=["khanh-hoa"]),
            reverse("plan-detail", args=["khanh-hoa", plan.pk]),
            reverse("plan-appendix", args=["khanh-hoa", plan.pk]),
        ):
            assert browser.get(url).status_code == 200, (username, url)
        # The call is for the agencies it asks, Sở Nội vụ and UBND tỉnh; Sở Tư pháp is not asked by 2816/QĐ-UBND.
        expected = 404 if username == "khoa.stp" else 200
        assert browser.get(reverse("call-detail", args=["khanh-hoa", following.pk])).status_code == expected


@pytest.mark.django_db
def test_U_3_a_long_journal_shows_the_latest_changes_and_keeps_the_rest_one_click_away(client):
    """U-3: the demo's plan has dozens of journal entries; the page shows the latest ten and the others in a
    collapsed "Xem … thay đổi trước đó", on the same page."""
    _, plan = _cycle_of(today().year)
    shown = len(audit.trail(plan)[:50])
    assert shown > 20
    client.force_login(get_user_model().objects.get(username="khoa.snv"))
    page = client.get(reverse("plan-detail", args=["khanh-hoa", plan.pk])).content.decode()
    journal = page[page.index("Nhật ký thay đổi") :]
    recent, _, older = journal.partition('<details class="mt-2" id="audit-older">')
    when = re.compile(r"<td>\d\d/\d\d/\d{4} \d\d:\d\d</td>")
    assert len(when.findall(recent)) == 10
    assert f"Xem {shown - 10} thay đổi trước đó" in older
    assert len(when.findall(older)) == shown - 10


@pytest.mark.django_db
def test_U_1_targets_print_their_comparison_as_a_sign(client):
    """U-1, PLAN-3: the plan page prints "≥ 98%" and "= 100%", never the stored code ">=" (seen failing first)."""
    _, plan = _cycle_of(today().year)
    client.force_login(get_user_model().objects.get(username="khoa.snv"))
    page = client.get(reverse("plan-detail", args=["khanh-hoa", plan.pk])).content.decode()
    assert "≥ 98%" in page and "= 100%" in page
    assert "&gt;= 98" not in page

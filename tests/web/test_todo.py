"""PLAN-4, PLAN-5, TRK-6, U-1: "Việc cần làm": every waiting action of every role, with a count, a deadline
(dd/mm/yyyy) and a link to the page where it is taken; a badge with the total in the menu, at a fixed cost in
queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.dates import today
from cchc.plans import cycle
from cchc.plans import services as plan_services
from cchc.plans.models import Plan, PlanKind, PlanStatus
from cchc.regulation import services as regulation_services
from cchc.web import todo
from tests.factories import service_plan, world

pytestmark = pytest.mark.django_db

ON = today()


def _d(days: int) -> dt.date:
    return ON + dt.timedelta(days=days)


def items(w, kind: str, on: dt.date = ON) -> dict[str, list]:
    """The user's to-do items by key."""
    out: dict[str, list] = {}
    for item in todo.for_user(w.user(kind), on).items:
        out.setdefault(item.key, []).append(item)
    return out


def open_call(w, deadline_days: int = 10):
    return cycle.open_call(
        w.province, year=ON.year + 1, actor=w.user("standing_focal"), on=ON, deadline=_d(deadline_days)
    )


def propose(w, call, title: str, kind: str = "domain_focal", agency=None):
    agency = agency or w.domain
    return cycle.submit_proposal(call, agency=agency, actor=w.user(kind), on=ON, title=title, lead=agency)


def consulted_plan(w, deadline_days: int = 10):
    plan = service_plan(w, kind="thematic", thematic_type="inspection", title="Dự thảo kế hoạch kiểm tra CCHC")
    plan_services.add_task(
        plan,
        actor=w.user("standing_focal"),
        data=plan_services.TaskInput(title="Kiểm tra", lead=w.standing, time_text="Quý III"),
    )
    consultation = cycle.send_for_comments(plan, actor=w.user("standing_focal"), deadline=_d(deadline_days), on=ON)
    return plan, consultation


def comment(w, consultation, text: str, kind: str = "domain_focal", agency=None):
    return cycle.add_comment(consultation, agency=agency or w.domain, actor=w.user(kind), text=text, on=ON)


# --- the standing agency ----------------------------------------------------------------------------------------


def test_PLAN_4_standing_staff_see_the_proposals_to_decide_with_count_deadline_and_link():
    """PLAN-4: proposals submitted and not yet decided wait for Sở Nội vụ (leader and focal officer), per call."""
    w = world()
    call = open_call(w)
    propose(w, call, "Rà soát thủ tục")
    propose(w, call, "Số hóa hồ sơ", kind="ordinary_focal", agency=w.ordinary)
    for kind in ("standing_focal", "standing_leader"):
        [item] = items(w, kind)["decide-proposals"]
        assert item.count == 2 and item.deadline == call.deadline
        assert item.url == reverse("call-detail", args=[w.province.slug, call.pk])
        assert f"năm {call.year}" in item.text
    for kind in ("domain_focal", "ordinary_leader", "committee_leader", "viewer"):
        assert "decide-proposals" not in items(w, kind), kind
    cycle.decide_proposal(call.proposals.first(), accept=True, note="", actor=w.user("standing_focal"))
    assert items(w, "standing_focal")["decide-proposals"][0].count == 1


def test_PLAN_4_a_call_past_its_deadline_waits_to_be_consolidated():
    """PLAN-4: after the deadline (and every late permission), the call waits for consolidation."""
    w = world()
    call = open_call(w, deadline_days=5)
    accepted = propose(w, call, "Rà soát thủ tục")
    cycle.decide_proposal(accepted, accept=True, note="", actor=w.user("standing_focal"))
    assert "consolidate-call" not in items(w, "standing_focal")
    [item] = items(w, "standing_focal", on=_d(6))["consolidate-call"]
    assert item.count == 1 and item.overdue and item.deadline == call.deadline
    assert "consolidate-call" not in items(w, "domain_focal", on=_d(6))
    cycle.reopen_for(call, agency=w.ordinary, until=_d(8), actor=w.user("standing_focal"), on=ON)
    assert "consolidate-call" not in items(w, "standing_focal", on=_d(6)), "an agency may still send, late"
    assert "consolidate-call" in items(w, "standing_focal", on=_d(9))


def test_PLAN_5_comments_received_wait_for_an_answer_per_draft():
    """PLAN-5: comments received and not yet answered wait for the standing agency's staff."""
    w = world()
    plan, consultation = consulted_plan(w)
    first = comment(w, consultation, "Bổ sung sản phẩm")
    comment(w, consultation, "Làm rõ thời gian", kind="ordinary_focal", agency=w.ordinary)
    [item] = items(w, "standing_focal")["answer-comments"]
    assert item.count == 2 and item.deadline == consultation.deadline
    assert item.url == reverse("plan-detail", args=[w.province.slug, plan.pk]) + "#consultation"
    assert "answer-comments" not in items(w, "domain_leader")
    cycle.answer_comment(first, actor=w.user("standing_focal"), answer="accepted", text="Tiếp thu")
    assert items(w, "standing_focal")["answer-comments"][0].count == 1


def test_PLAN_5_a_draft_ready_to_issue_waits_for_the_leader_and_an_ended_consultation_for_the_staff():
    """PLAN-5: every comment answered and the deadline passed: the leader issues; the focal officer sees that
    the comment period has ended."""
    w = world()
    plan, consultation = consulted_plan(w, deadline_days=3)
    c = comment(w, consultation, "Bổ sung sản phẩm")
    later = _d(4)
    assert "issue-plan" not in items(w, "standing_leader", on=later), "a comment is not answered yet"
    cycle.answer_comment(c, actor=w.user("standing_focal"), answer="accepted", text="Tiếp thu")
    assert "issue-plan" not in items(w, "standing_leader"), "the other agency may still comment"
    [ready] = items(w, "standing_leader", on=later)["issue-plan"]
    assert ready.url.endswith(f"/{plan.pk}/#issue-form")
    [ended] = items(w, "standing_focal", on=later)["consultation-ended"]
    assert ended.deadline == consultation.deadline and ended.overdue
    assert "issue-plan" not in items(w, "standing_focal", on=later), "issuing is the leader's act (SEC-1)"
    # Every agency asked has commented and been answered: ready before the deadline too.
    c2 = comment(w, consultation, "Đồng ý", kind="ordinary_focal", agency=w.ordinary)
    cycle.answer_comment(c2, actor=w.user("standing_focal"), answer="accepted", text="Tiếp thu")
    assert "issue-plan" in items(w, "standing_leader")


def test_PLAN_5_an_imported_draft_waits_to_be_recorded_as_issued_and_a_regulation_draft_to_be_issued():
    """PLAN-5, SEC-1: the leader of the standing agency records an imported plan as issued and issues a
    regulation draft; the focal officer does neither."""
    w = world()
    imported = service_plan(w, kind="period", start_year=2026, end_year=2030, source="Nhập từ văn bản: kh.docx")
    draft = regulation_services.create_draft(
        w.province,
        actor=w.user("standing_focal"),
        fields={
            "programme": w.regulation.programme,
            "number": "200/QĐ-UBND",
            "title": "Quy chế phối hợp (sửa đổi)",
            "issuer": w.committee.name,
            "signed_on": ON,
            "effective_from": _d(30),
            "standing_agency": w.standing,
            "standing_article": "Điều 3",
        },
        copy_from=w.regulation,
    )
    mine = items(w, "standing_leader")
    assert mine["record-issued"][0].url.endswith(f"/{imported.pk}/#record-issued-form")
    [regulation] = mine["issue-regulation"]
    assert regulation.url == reverse("regulation-detail", args=[w.province.slug, draft.pk])
    assert regulation.deadline == _d(30)
    focal = items(w, "standing_focal")
    assert "record-issued" not in focal and "issue-regulation" not in focal


def issued_agency_plans(w, count: int, *, start: int = 0) -> list[Plan]:
    """Agency plans issued and sent (PLAN-7), one per new agency of the province, built at once."""
    from tests.factories import AgencyFactory, PlanFactory

    return [
        PlanFactory(
            province=w.province,
            owner=AgencyFactory(province=w.province, name=f"Sở Thử {start + i}"),
            kind=PlanKind.AGENCY,
            title=f"Kế hoạch CCHC năm {ON.year} của Sở Thử {start + i}",
            start_year=ON.year,
            programme=w.regulation.programme,
            status=PlanStatus.ISSUED,
            number=f"{start + i}/KH",
            signed_on=ON,
        )
        for i in range(count)
    ]


def test_PLAN_7_standing_staff_see_the_agency_plans_waiting_to_be_received():
    """PLAN-7 (TRK-6): issued agency plans of the province not yet received wait for Sở Nội vụ's staff, with
    their count; one plan links to its page, several to the plan list of agency plans of the year."""
    w, other = world(), world()
    issued_agency_plans(other, 2)
    [first] = issued_agency_plans(w, 1)
    for kind in ("standing_focal", "standing_leader"):
        [item] = items(w, kind)["receive-agency-plans"]
        assert item.text == "Tiếp nhận kế hoạch CCHC của các cơ quan" and item.count == 1
        assert item.url == reverse("plan-detail", args=[w.province.slug, first.pk]) + "#receipt"
    for kind in ("ordinary_focal", "domain_leader", "committee_leader", "viewer", "ended", "province_admin"):
        assert "receive-agency-plans" not in items(w, kind), kind
    second = issued_agency_plans(w, 1, start=1)[0]
    [item] = items(w, "standing_focal")["receive-agency-plans"]
    assert item.count == 2
    assert item.url == reverse("plan-list", args=[w.province.slug]) + f"?loai=agency&nam={ON.year}"
    # Not waiting: a draft, a provincial plan, Sở Nội vụ's own plan, a plan received.
    Plan.objects.filter(pk=second.pk).update(start_year=ON.year + 1, end_year=ON.year + 1)
    assert items(w, "standing_focal")["receive-agency-plans"][0].url == reverse("plan-list", args=[w.province.slug]) + (
        "?loai=agency"
    ), "plans of two years: the list of every agency plan"
    cycle.create_agency_plan(w.ordinary, year=ON.year, actor=w.user("ordinary_focal"), programme=w.regulation.programme)
    annual = service_plan(w, year=ON.year)
    Plan.objects.filter(pk=annual.pk).update(status=PlanStatus.ISSUED)
    own = issued_agency_plans(w, 1, start=3)[0]
    Plan.objects.filter(pk=own.pk).update(owner=w.standing)
    assert items(w, "standing_focal")["receive-agency-plans"][0].count == 2
    cycle.acknowledge_agency_plan(first, actor=w.user("standing_focal"))
    [item] = items(w, "standing_leader")["receive-agency-plans"]
    assert item.count == 1 and item.url.endswith(f"/{second.pk}/#receipt")
    cycle.acknowledge_agency_plan(second, actor=w.user("standing_leader"))
    assert "receive-agency-plans" not in items(w, "standing_focal")


# --- every agency ----------------------------------------------------------------------------------------------------


def test_PLAN_4_an_agency_sees_the_call_it_must_answer_until_it_has_proposed():
    """PLAN-4: leader and focal officer of an agency asked; not its viewer; gone once it has proposed."""
    w = world()
    call = open_call(w)
    for kind in ("ordinary_focal", "ordinary_leader", "domain_focal"):
        [item] = items(w, kind)["answer-call"]
        assert item.deadline == call.deadline and item.text == f"Gửi đề xuất nhiệm vụ CCHC năm {call.year}"
    assert not items(w, "viewer")
    propose(w, call, "Số hóa hồ sơ", kind="ordinary_focal", agency=w.ordinary)
    assert "answer-call" not in items(w, "ordinary_leader")
    assert "answer-call" in items(w, "domain_focal")


def test_PLAN_5_an_agency_sees_the_draft_to_comment_on_until_it_comments_or_the_deadline_passes():
    """PLAN-5: a draft sent to the agency waits for its comment, before the deadline."""
    w = world()
    plan, consultation = consulted_plan(w, deadline_days=5)
    [item] = items(w, "ordinary_focal")["comment-draft"]
    assert item.text == f"Góp ý dự thảo «{plan.title}»" and item.deadline == consultation.deadline
    assert "comment-draft" not in items(w, "ordinary_focal", on=_d(6))
    comment(w, consultation, "Đồng ý", kind="ordinary_focal", agency=w.ordinary)
    assert "comment-draft" not in items(w, "ordinary_leader")
    assert "comment-draft" in items(w, "domain_leader")


def test_PLAN_7_an_agency_prepares_and_sends_its_own_plan_once_the_provinces_annual_plan_is_issued():
    """PLAN-7 (TRK-6): the agency's own yearly plan to prepare, then to finish and send."""
    w = world()
    assert "prepare-agency-plan" not in items(w, "ordinary_focal")
    annual = service_plan(w, year=ON.year)
    Plan.objects.filter(pk=annual.pk).update(status=PlanStatus.ISSUED, number="1/KH-UBND", signed_on=ON)
    [item] = items(w, "ordinary_focal")["prepare-agency-plan"]
    assert item.text == f"Xây dựng kế hoạch CCHC năm {ON.year} của {w.ordinary.name}"
    assert item.url == reverse("plan-list", args=[w.province.slug])
    assert "prepare-agency-plan" not in items(w, "committee_leader"), "UBND tỉnh has no agency plan of its own"
    assert "prepare-agency-plan" not in items(w, "viewer")
    plan = cycle.create_agency_plan(
        w.ordinary, year=ON.year, actor=w.user("ordinary_focal"), programme=w.regulation.programme
    )
    mine = items(w, "ordinary_leader")
    assert "prepare-agency-plan" not in mine
    assert mine["send-agency-plan"][0].url == reverse("plan-detail", args=[w.province.slug, plan.pk])


def test_TRK_6_provincial_leadership_reads_a_summary_and_has_nothing_to_do():
    """TRK-6, ORG-4: UBND tỉnh reads counts; nothing is counted in its badge."""
    w = world()
    call = open_call(w)
    propose(w, call, "Rà soát thủ tục")
    _, consultation = consulted_plan(w)
    comment(w, consultation, "Bổ sung")
    result = todo.for_user(w.user("committee_leader"), ON)
    lines = {line.label: line.count for line in result.summary}
    assert lines["Đợt đề xuất nhiệm vụ đang mở"] == 1
    assert lines["Đề xuất nhiệm vụ đã nhận trong các đợt đang mở"] == 1
    assert lines["Dự thảo đang lấy ý kiến"] == 1
    assert lines["Ý kiến góp ý chưa được tiếp thu, giải trình"] == 1
    assert result.total == 0
    html = _page(w, "committee_leader")
    assert "Tình hình chung" in html and "Dự thảo đang lấy ý kiến" in html


def test_ORG_4_nothing_of_another_province():
    """ORG-4: the to-do list of a province's people holds nothing of another province."""
    w, other = world(), world()
    open_call(other)
    propose(other, other.province.proposal_calls.get(), "Rà soát")
    assert not items(w, "standing_focal") and not items(w, "ordinary_focal")


# --- the pages ---------------------------------------------------------------------------------------------------


def _page(w, kind: str) -> str:
    from django.test import Client

    client = Client()
    client.force_login(w.user(kind))
    response = client.get(reverse("province", args=[w.province.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_U_1_the_province_page_lists_the_items_with_counts_dates_and_links_and_the_menu_badge():
    """U-1, PLAN-4, PLAN-5: sentences in Vietnamese, counts, dd/mm/yyyy, links; the badge holds the total."""
    w = world()
    call = open_call(w)
    propose(w, call, "Rà soát thủ tục")
    propose(w, call, "Số hóa hồ sơ", kind="ordinary_focal", agency=w.ordinary)
    _, consultation = consulted_plan(w)
    comment(w, consultation, "Bổ sung sản phẩm")
    html = _page(w, "standing_focal")
    assert "Xét đề xuất nhiệm vụ CCHC năm" in html and "Tiếp thu, giải trình ý kiến góp ý dự thảo" in html
    assert call.deadline.strftime("%d/%m/%Y") in html and consultation.deadline.strftime("%d/%m/%Y") in html
    assert reverse("call-detail", args=[w.province.slug, call.pk]) in html
    total = todo.for_user(w.user("standing_focal"), ON).total
    assert total == 4, "2 proposals, 1 comment, and the call Sở Nội vụ itself is asked to answer"
    assert f'Việc cần làm <span class="badge rounded-pill text-bg-warning">{total}</span>' in html
    assert "Không có việc nào đang chờ bạn." in _page(w, "viewer")


def _waiting(w, call, consultation, start: int, end: int) -> None:
    for i in range(start, end):
        propose(w, call, f"Đề xuất số {i}")
        comment(w, consultation, f"Góp ý số {i}")
    issued_agency_plans(w, end - start, start=start)  # PLAN-7: agency plans waiting to be received


def test_TRK_6_the_page_and_its_badge_cost_the_same_queries_for_2_and_10_waiting_items(django_assert_num_queries):
    """TRK-6, PLAN-7: the to-do list is computed once per request with a fixed number of queries (agency plans
    waiting to be received included)."""
    from django.test import Client

    w = world()
    call = open_call(w)
    _, consultation = consulted_plan(w)
    client = Client()
    client.force_login(w.user("standing_leader"))
    url = reverse("province", args=[w.province.slug])
    _waiting(w, call, consultation, 0, 2)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) > 3
    # 2 proposals, 2 comments, its own call, 2 agency plans to receive
    assert todo.for_user(w.user("standing_leader"), ON).total == 7
    _waiting(w, call, consultation, 2, 10)
    assert todo.for_user(w.user("standing_leader"), ON).total == 31
    with django_assert_num_queries(len(captured)):
        assert client.get(url).status_code == 200


def test_TRK_6_the_home_page_of_a_person_of_two_provinces_lists_both_at_a_fixed_cost(django_assert_num_queries):
    """TRK-6: a person working in two provinces sees the home page with each province's to-do list; its queries
    do not grow with the waiting items."""
    from django.test import Client

    from cchc.agencies.models import Role
    from tests.factories import MembershipFactory

    w, other = world(), world()
    person = w.user("standing_leader")
    MembershipFactory(user=person, agency=other.standing, role=Role.LEADER)
    call = open_call(w)
    _, consultation = consulted_plan(w)
    other_call = open_call(other)
    client = Client()
    client.force_login(person)
    _waiting(w, call, consultation, 0, 2)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("home")).content.decode()
    assert w.province.title in html and other.province.title in html
    assert reverse("call-detail", args=[other.province.slug, other_call.pk]) in html
    _waiting(w, call, consultation, 2, 10)
    with django_assert_num_queries(len(captured)):
        assert client.get(reverse("home")).status_code == 200

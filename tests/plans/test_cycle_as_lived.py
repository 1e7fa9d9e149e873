"""The yearly cycle as a civil servant lives it (issue 8): PLAN-4 proposals and consolidation, PLAN-5 comments
and issuing, REG-3 coordinators, U-1 labels and messages, U-3 nothing submitted is deleted.

Each test builds a province of its own with tests/factories.py `world()`: the regulation asks the group "Các sở,
ban, ngành" (Sở Nội vụ, Sở Tư pháp and one ordinary department) for proposals and comments, by 15/11."""

import datetime as dt
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.plans import cycle
from cchc.plans import services as plan_services
from cchc.plans.models import Comment, Plan, PlanStatus, Proposal, ProposalCall
from tests.factories import service_plan, world

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 10, 1)  # before the regulation's 15/11 deadline
YEAR = 2027


@pytest.fixture
def w():
    w = world()
    w.regulation.proposal_deadline_article = "Đ6.2a"
    w.regulation.save()
    return w


def _open(w, *, on=ON, deadline=None, year=YEAR):
    return cycle.open_call(w.province, year=year, actor=w.user("standing_focal"), on=on, deadline=deadline)


def _propose(w, call, *, agency=None, on=ON, title="Số hóa hồ sơ thủ tục hành chính", **kwargs):
    agency = agency or w.domain
    user = w.user("domain_focal" if agency == w.domain else "ordinary_focal")
    return cycle.submit_proposal(call, agency=agency, actor=user, on=on, title=title, lead=agency, **kwargs)


def _consolidate(w, call, **kwargs):
    return cycle.consolidate(
        call, actor=w.user("standing_focal"), owner=w.standing, programme=w.regulation.programme, **kwargs
    )


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


# --- 1. coordinators of a proposal ------------------------------------------------------------------------------


def test_PLAN_4_REG_3_proposal_coordinators_reach_the_consolidated_task(w):
    """PLAN-4, REG-3: the coordinating agencies and groups a department names in its proposal become the
    coordinators of the consolidated draft's task."""
    call = _open(w)
    proposal = _propose(w, call, coordinator_agencies=[w.office], coordinator_groups=[w.departments])
    assert set(proposal.coordinator_agencies.all()) == {w.office}
    cycle.decide_proposal(proposal, accept=True, note="", actor=w.user("standing_focal"))
    plan = _consolidate(w, call, on=dt.date(2026, 11, 20))
    task = plan.tasks.get()
    assert set(task.coordinator_agencies.all()) == {w.office}
    assert set(task.coordinator_groups.all()) == {w.departments}
    assert w.domain not in task.coordinator_agencies.all()


def test_REG_3_the_lead_is_never_its_own_coordinator_in_a_proposal(w):
    """REG-3: a proposal naming its lead among its coordinators is refused, and nothing is saved."""
    call = _open(w)
    with pytest.raises(UserError, match="đã là cơ quan chủ trì"):
        _propose(w, call, coordinator_agencies=[w.domain, w.office])
    assert not Proposal.objects.filter(call=call).exists()


def test_PLAN_4_the_proposal_form_offers_coordinators_and_the_call_page_shows_them(w, client):
    """PLAN-4: the department picks coordinators in the proposal form (multi-select); the call page lists them."""
    call = _open(w, on=today(), deadline=today() + dt.timedelta(days=10), year=today().year + 1)
    url = reverse("call-detail", args=[w.province.slug, call.pk])
    client.force_login(w.user("domain_focal"))
    page = client.get(url).content.decode()
    assert 'name="coordinators"' in page and "multiple" in page
    response = client.post(
        url,
        {
            "title": "Rà soát thủ tục",
            "lead": w.domain.pk,
            "coordinators": [f"agency:{w.office.pk}", f"group:{w.departments.pk}"],
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(call=call)
    assert set(proposal.coordinator_agencies.all()) == {w.office}
    assert set(proposal.coordinator_groups.all()) == {w.departments}
    client.force_login(w.user("standing_focal"))
    page = client.get(url).content.decode()
    assert "Văn phòng UBND tỉnh" in page.split("proposal-coordinators", 1)[1]


# --- 2. early consolidation ------------------------------------------------------------------------------------


def test_PLAN_4_early_consolidation_names_the_silent_agencies_and_changes_nothing(w):
    """PLAN-4: before the deadline, with agencies that have not proposed, consolidating is refused with their
    names until Sở Nội vụ confirms; nothing changes."""
    call = _open(w)
    cycle.decide_proposal(_propose(w, call), accept=True, note="", actor=w.user("standing_focal"))
    with pytest.raises(UserError) as exc:
        _consolidate(w, call, on=ON)
    assert w.ordinary.name in exc.value.message and "15/11/2026" in exc.value.message
    assert w.domain.name not in exc.value.message
    call.refresh_from_db()
    assert call.is_open and call.draft_plan is None
    assert not Plan.objects.filter(province=w.province, start_year=YEAR).exists()
    plan = _consolidate(w, call, on=ON, confirm_early=True)
    assert plan.tasks.count() == 1
    assert "trước hạn" in AuditEntry.objects.filter(summary__startswith="Tổng hợp").latest("at").summary


def test_PLAN_4_after_the_deadline_consolidation_proceeds_without_confirmation(w):
    """PLAN-4: after the deadline (and no agency reopened) consolidating proceeds as before."""
    call = _open(w)
    cycle.decide_proposal(_propose(w, call), accept=True, note="", actor=w.user("standing_focal"))
    assert _consolidate(w, call, on=dt.date(2026, 11, 16)).tasks.count() == 1


def test_PLAN_4_an_agency_reopened_still_counts_as_silent(w):
    """PLAN-4: an agency Sở Nội vụ reopened the call for, still silent, holds the consolidation back."""
    call = _open(w)
    cycle.decide_proposal(_propose(w, call), accept=True, note="", actor=w.user("standing_focal"))
    cycle.reopen_for(
        call, agency=w.ordinary, until=dt.date(2026, 11, 30), actor=w.user("standing_focal"), on=dt.date(2026, 11, 16)
    )
    assert [r.agency for r in cycle.silent_recipients(call, dt.date(2026, 11, 20))] == [w.ordinary]
    with pytest.raises(UserError, match=w.ordinary.name):
        _consolidate(w, call, on=dt.date(2026, 11, 20))


def test_PLAN_4_the_consolidate_button_warns_and_a_second_post_confirms(w, client):
    """PLAN-4: the call page warns who has not proposed; a POST without confirm=1 changes nothing and says why;
    with confirm=1 it consolidates."""
    call = _open(w, on=today(), deadline=today() + dt.timedelta(days=10), year=today().year + 1)
    proposal = _propose(w, call, on=today())
    cycle.decide_proposal(proposal, accept=True, note="", actor=w.user("standing_focal"))
    client.force_login(w.user("standing_focal"))
    page = client.get(reverse("call-detail", args=[w.province.slug, call.pk])).content.decode()
    assert "còn 2 cơ quan chưa gửi" in page and w.ordinary.name in page
    url = reverse("call-consolidate", args=[w.province.slug, call.pk])
    response = client.post(url)
    assert response.status_code == 302 and w.ordinary.name in _messages(response)
    call.refresh_from_db()
    assert call.is_open and call.draft_plan is None
    response = client.post(url, {"confirm": "1"})
    call.refresh_from_db()
    assert not call.is_open and response.url == reverse("plan-detail", args=[w.province.slug, call.draft_plan_id])


# --- 3. the deadline's label -------------------------------------------------------------------------------------


def test_U_1_a_deadline_typed_by_hand_is_not_labelled_as_the_regulations(w, client):
    """U-1, PLAN-4: "theo quy chế, Đ6.2a" only when the deadline is the regulation's date."""
    typed = _open(w, deadline=dt.date(2026, 11, 20))
    assert typed.deadline_article == "" and cycle.deadline_basis(typed) == ""
    client.force_login(w.user("standing_focal"))
    page = client.get(reverse("call-detail", args=[w.province.slug, typed.pk])).content.decode()
    assert "theo" not in page.split("Hạn gửi:", 1)[1].split("</p>", 1)[0]
    regulation = _open(w, year=YEAR + 1)
    assert regulation.deadline == dt.date(YEAR, 11, 15)
    assert cycle.deadline_basis(regulation) == "theo quy chế, Đ6.2a"
    page = client.get(reverse("call-detail", args=[w.province.slug, regulation.pk])).content.decode()
    assert "theo quy chế, Đ6.2a" in page


def test_U_1_a_blank_deadline_after_the_regulations_day_explains_what_to_enter(w):
    """U-1, PLAN-4: a blank deadline once 15/11 has passed says so and asks for a new date; nothing is opened."""
    with pytest.raises(UserError, match=r"Hạn theo quy chế \(15/11\) đã qua; hãy nhập hạn mới"):
        _open(w, on=dt.date(2026, 11, 20))
    assert not ProposalCall.objects.filter(province=w.province).exists()
    assert "đã qua" in cycle.regulation_deadline_hint(w.province, YEAR, dt.date(2026, 11, 20))
    assert "15/11/2026" in cycle.regulation_deadline_hint(w.province, YEAR, ON)


# --- 4 and 5. answers to comments, issuing before the comment deadline -------------------------------------------


def _consulted(w, *, on, deadline):
    snv = w.user("standing_focal")
    plan = service_plan(w)
    task, _ = plan_services.add_task(
        plan, actor=snv, data=plan_services.TaskInput(title="Rà soát văn bản", lead=w.domain, time_text="Quý II")
    )
    consultation = cycle.send_for_comments(plan, actor=snv, deadline=deadline, on=on)
    return plan, task, consultation


@pytest.mark.parametrize("answer", ["accepted", "explained"])
def test_PLAN_5_an_answer_needs_its_text(w, answer):
    """PLAN-5: "Tiếp thu" or "Giải trình" with no text is refused in Vietnamese, and the comment stays unanswered."""
    plan, _task, consultation = _consulted(w, on=today(), deadline=today() + dt.timedelta(days=5))
    comment = cycle.add_comment(consultation, agency=w.domain, actor=w.user("domain_focal"), text="Góp ý", on=today())
    with pytest.raises(UserError, match="Cần nhập nội dung"):
        cycle.answer_comment(comment, actor=w.user("standing_focal"), answer=answer, text="  ")
    comment.refresh_from_db()
    assert comment.answer == "" and comment.answered_by is None


def test_PLAN_5_an_answer_can_be_corrected_in_consultation_and_the_audit_keeps_the_first(w, client):
    """PLAN-5, U-3: the answer is corrected while the plan is in consultation; the audit keeps the earlier text."""
    plan, _task, consultation = _consulted(w, on=today(), deadline=today() + dt.timedelta(days=5))
    comment = cycle.add_comment(consultation, agency=w.domain, actor=w.user("domain_focal"), text="Góp ý", on=today())
    cycle.answer_comment(comment, actor=w.user("standing_focal"), answer="accepted", text="Đã bổ sung")
    client.force_login(w.user("standing_focal"))
    url = reverse("comment-answer", args=[w.province.slug, plan.pk, comment.pk])
    response = client.post(url, {"answer": "explained", "text": "Nhiệm vụ đã có ở mục 2"})
    assert "Đã sửa trả lời" in _messages(response)
    comment.refresh_from_db()
    assert (comment.answer, comment.answer_text) == ("explained", "Nhiệm vụ đã có ở mục 2")
    entry = AuditEntry.objects.filter(summary__startswith="Sửa trả lời").get()
    assert "Đã bổ sung" in json.dumps(entry.before, ensure_ascii=False)
    response = client.post(url, {"answer": "accepted", "text": ""})
    assert "Cần nhập nội dung tiếp thu" in _messages(response)
    comment.refresh_from_db()
    assert comment.answer_text == "Nhiệm vụ đã có ở mục 2"


def test_PLAN_5_issuing_before_the_comment_deadline_with_silent_agencies_needs_a_confirmation(w):
    """PLAN-5: before the comment deadline, with consulted agencies silent, issuing is refused unless confirmed."""
    on = today()
    plan, _task, consultation = _consulted(w, on=on, deadline=on + dt.timedelta(days=5))
    leader = w.user("standing_leader")
    with pytest.raises(UserError) as exc:
        cycle.issue_plan(plan, actor=leader, number="9/KH-UBND", signed_on=on, on=on)
    deadline = (on + dt.timedelta(days=5)).strftime("%d/%m/%Y")
    assert f"Còn 2 cơ quan chưa góp ý, hạn góp ý đến {deadline}" in exc.value.message
    assert w.ordinary.name in exc.value.message
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONSULTATION and plan.number == ""
    cycle.issue_plan(plan, actor=leader, number="9/KH-UBND", signed_on=on, on=on, confirm_silent=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED


def test_PLAN_5_after_the_comment_deadline_issuing_needs_no_confirmation(w):
    """PLAN-5: once the comment deadline has passed, the silent agencies no longer hold the plan."""
    on = today()
    plan, _task, _consultation = _consulted(w, on=on - dt.timedelta(days=10), deadline=on - dt.timedelta(days=1))
    cycle.issue_plan(plan, actor=w.user("standing_leader"), number="9/KH-UBND", signed_on=on, on=on)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED


def test_PLAN_5_the_issue_form_warns_and_requires_the_checkbox(w, client):
    """PLAN-5: the issue form names the silent agencies with the deadline and has a required checkbox; a POST
    without it changes nothing, with it the plan is issued."""
    on = today()
    plan, _task, _consultation = _consulted(w, on=on, deadline=on + dt.timedelta(days=5))
    client.force_login(w.user("standing_leader"))
    page = client.get(reverse("plan-detail", args=[w.province.slug, plan.pk])).content.decode()
    assert "Còn 2 cơ quan chưa góp ý" in page and 'name="confirm_silent"' in page
    url = reverse("plan-issue", args=[w.province.slug, plan.pk])
    data = {"number": "9/KH-UBND", "signed_on": on.strftime("%d/%m/%Y")}
    response = client.post(url, data)
    assert "Còn 2 cơ quan chưa góp ý" in _messages(response)
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.CONSULTATION
    client.post(url, {**data, "confirm_silent": "on"})
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.ISSUED


# --- 6. edit and withdraw a proposal, a comment on a task, the decision's message --------------------------------


def test_PLAN_4_the_proposing_agency_edits_its_proposal_before_the_deadline(w):
    """PLAN-4: the proposal is corrected before the deadline, audited; an accepted one waits to be decided again."""
    call = _open(w)
    proposal = _propose(w, call)
    cycle.decide_proposal(proposal, accept=True, note="", actor=w.user("standing_focal"))
    cycle.edit_proposal(
        proposal,
        actor=w.user("domain_leader"),
        on=ON,
        title="Số hóa kết quả giải quyết thủ tục",
        lead=w.domain,
        coordinator_agencies=[w.office],
    )
    proposal.refresh_from_db()
    assert proposal.title == "Số hóa kết quả giải quyết thủ tục" and proposal.status == Proposal.Status.SUBMITTED
    assert set(proposal.coordinator_agencies.all()) == {w.office}
    entry = AuditEntry.objects.filter(summary__endswith="sửa đề xuất").get()
    assert "Số hóa hồ sơ thủ tục hành chính" in json.dumps(entry.before, ensure_ascii=False)


def test_PLAN_4_after_the_deadline_a_proposal_is_neither_edited_nor_withdrawn(w):
    """PLAN-4: after the deadline (not reopened) edits and withdrawals are refused; nothing changes."""
    call = _open(w)
    proposal = _propose(w, call)
    late = dt.date(2026, 11, 16)
    with pytest.raises(UserError, match="quá hạn"):
        cycle.edit_proposal(proposal, actor=w.user("domain_focal"), on=late, title="Khác", lead=w.domain)
    with pytest.raises(UserError, match="quá hạn"):
        cycle.withdraw_proposal(proposal, actor=w.user("domain_focal"), on=late)
    proposal.refresh_from_db()
    assert proposal.title == "Số hóa hồ sơ thủ tục hành chính" and proposal.status == Proposal.Status.SUBMITTED


def test_PLAN_4_U_3_a_withdrawn_proposal_stays_visible_as_withdrawn(w, client):
    """PLAN-4, U-3: withdrawing keeps the proposal, marked "Đã rút", on the call page; another agency may not
    withdraw it."""
    call = _open(w, on=today(), deadline=today() + dt.timedelta(days=10), year=today().year + 1)
    proposal = _propose(w, call, on=today())
    url = reverse("proposal-withdraw", args=[w.province.slug, call.pk, proposal.pk])
    client.force_login(w.user("ordinary_focal"))
    assert client.post(url).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.SUBMITTED
    client.force_login(w.user("domain_focal"))
    response = client.post(url)
    assert "Đã rút đề xuất" in _messages(response)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.WITHDRAWN
    client.force_login(w.user("standing_focal"))
    page = client.get(reverse("call-detail", args=[w.province.slug, call.pk])).content.decode()
    assert "Số hóa hồ sơ thủ tục hành chính" in page and "Đã rút" in page


def test_PLAN_4_the_edit_page_saves_the_proposal(w, client):
    """PLAN-4: the proposing agency's focal officer edits the proposal on its page."""
    call = _open(w, on=today(), deadline=today() + dt.timedelta(days=10), year=today().year + 1)
    proposal = _propose(w, call, on=today())
    url = reverse("proposal-edit", args=[w.province.slug, call.pk, proposal.pk])
    client.force_login(w.user("domain_focal"))
    assert "Số hóa hồ sơ thủ tục hành chính" in client.get(url).content.decode()
    response = client.post(url, {"title": "Đề xuất đã sửa", "lead": w.domain.pk, "coordinators": []})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).title == "Đề xuất đã sửa"


def test_PLAN_5_a_comment_may_name_a_task_of_the_draft(w, client):
    """PLAN-5: a comment may point at one task of the draft (optional select); a task of another plan is refused."""
    plan, task, _consultation = _consulted(w, on=today(), deadline=today() + dt.timedelta(days=5))
    client.force_login(w.user("domain_focal"))
    page = client.get(reverse("plan-detail", args=[w.province.slug, plan.pk])).content.decode()
    assert 'name="task"' in page and "Rà soát văn bản" in page
    url = reverse("plan-comment", args=[w.province.slug, plan.pk])
    client.post(url, {"text": "Đề nghị làm rõ sản phẩm", "task": task.pk})
    assert Comment.objects.get(consultation__plan=plan).task == task
    other = service_plan(w, title="Kế hoạch khác")
    other_task, _ = plan_services.add_task(
        other, actor=w.user("standing_focal"), data=plan_services.TaskInput(title="Khác", lead=w.domain)
    )
    response = client.post(url, {"text": "Góp ý khác", "task": other_task.pk})
    assert "không thuộc dự thảo" in _messages(response)
    assert Comment.objects.filter(consultation__plan=plan).count() == 1


@pytest.mark.parametrize(("decision", "said"), [("accept", "Đã tiếp nhận"), ("reject", "Đã không tiếp nhận")])
def test_U_1_the_decision_message_says_what_was_decided(w, client, decision, said):
    """U-1, PLAN-4: after deciding, the message names the decision, the proposal and its agency."""
    call = _open(w, on=today(), deadline=today() + dt.timedelta(days=10), year=today().year + 1)
    proposal = _propose(w, call, on=today())
    client.force_login(w.user("standing_focal"))
    response = client.post(
        reverse("proposal-decide", args=[w.province.slug, call.pk, proposal.pk]), {"decision": decision}
    )
    assert f"{said} đề xuất «Số hóa hồ sơ thủ tục hành chính» của {w.domain.name}" in _messages(response)


def test_U_1_the_call_list_labels_only_the_regulations_date(w, client):
    """U-1: the list of calls says "theo quy chế, Đ6.2a" for the regulation's date only, even for a call saved
    before the fix with the article beside a date typed by hand."""
    typed = _open(w, deadline=dt.date(2026, 11, 20))
    ProposalCall.objects.filter(pk=typed.pk).update(deadline_article="Đ6.2a")  # as older calls were saved
    _open(w, year=YEAR + 1)
    client.force_login(w.user("standing_focal"))
    page = client.get(reverse("call-list", args=[w.province.slug])).content.decode()
    assert page.count("theo quy chế, Đ6.2a") == 1
    assert "Hạn theo quy chế (15/11) đã qua; hãy nhập hạn mới." in page or "theo quy chế, hạn" in page

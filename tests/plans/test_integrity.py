"""Integrity of the planning cycle (issue 7): one agency plan per agency and year, one call per year, proposals
accepted after consolidation, comments against issuing, who sees the calls, who sends a draft for comments,
recording an imported plan as issued, and agency-plan recipients from the regulation's data.

Each test builds its own province with tests/factories.py; the race versions of these rules, run in threads on
PostgreSQL, are in test_races.py."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from cchc.agencies.models import Role
from cchc.core.dates import format_date, today
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.ingest.models import IngestedDocument
from cchc.plans import cycle, services
from cchc.plans.models import (
    Comment,
    Consultation,
    Plan,
    PlanKind,
    PlanStatus,
    PlanVersion,
    Proposal,
    ProposalCall,
)
from cchc.regulation import routing
from cchc.regulation.models import ResponsibilityRole
from tests.factories import PlanFactory, ResponsibilityFactory, area, programme, topic, world

OCT = dt.date(2026, 10, 1)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def task(plan, actor, lead, title="Rà soát thủ tục hành chính"):
    services.add_task(plan, actor=actor, data=services.TaskInput(title=title, lead=lead, time_text="Quý II"))


# --- 1. one agency plan per agency and year (SEC-5, PLAN-7) ---------------------------------------------------


def test_SEC_5_PLAN_7_an_agency_has_one_plan_per_year(db):
    """SEC-5, PLAN-7: a second plan of the same agency for the same year is refused with a Vietnamese message and
    nothing is created; another year, or another agency, is fine."""
    w = world()
    actor = w.user("ordinary_focal")
    first = cycle.create_agency_plan(w.ordinary, year=2027, actor=actor, programme=programme())
    with pytest.raises(UserError, match=f"{w.ordinary.name} đã có kế hoạch CCHC năm 2027"):
        cycle.create_agency_plan(w.ordinary, year=2027, actor=actor, programme=programme())
    with pytest.raises(UserError, match="đã có kế hoạch CCHC năm 2027"):
        services.create_plan(
            actor=actor,
            province=w.province,
            owner=w.ordinary,
            fields={
                "kind": PlanKind.AGENCY,
                "title": "Kế hoạch thứ hai",
                "issuer": w.ordinary.name,
                "start_year": 2027,
                "end_year": 2027,
                "programme": programme(),
            },
        )
    assert list(Plan.objects.filter(owner=w.ordinary)) == [first]
    cycle.create_agency_plan(w.ordinary, year=2028, actor=actor, programme=programme())
    cycle.create_agency_plan(w.domain, year=2027, actor=w.user("domain_focal"), programme=programme())
    assert Plan.objects.filter(province=w.province, kind=PlanKind.AGENCY).count() == 3


def test_SEC_5_PLAN_7_the_database_backs_one_agency_plan_per_year(db):
    """SEC-5: the rule holds in the database too (a partial unique constraint on agency plans), while the
    standing agency keeps several provincial plans of one year (CCHC, IT, ISO …)."""
    w = world()
    PlanFactory(province=w.province, owner=w.ordinary, kind=PlanKind.AGENCY, start_year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(province=w.province, owner=w.ordinary, kind=PlanKind.AGENCY, start_year=2027)
    PlanFactory(province=w.province, owner=w.standing, kind=PlanKind.ANNUAL, start_year=2027)
    PlanFactory(province=w.province, owner=w.standing, kind=PlanKind.THEMATIC, thematic_type="iso", start_year=2027)


def test_SEC_5_PLAN_7_a_second_agency_plan_from_the_page_shows_a_message(db):
    """SEC-5, PLAN-7: the second «Lập kế hoạch» of the year answers with a message, not a 500."""
    w = world()
    client = login(w.user("ordinary_focal"))
    url = reverse("agency-plan-create", args=[w.province.slug])
    assert client.post(url, {"agency": w.ordinary.pk, "year": "2027"}).status_code == 302
    response = client.post(url, {"agency": w.ordinary.pk, "year": "2027"}, follow=True)
    assert response.status_code == 200
    assert "đã có kế hoạch CCHC năm 2027" in response.content.decode()
    assert Plan.objects.filter(owner=w.ordinary, kind=PlanKind.AGENCY).count() == 1


# --- 2. one call per province and year (SEC-5, PLAN-4) --------------------------------------------------------


def test_SEC_5_PLAN_4_opening_the_same_call_twice_is_refused(db):
    """SEC-5, PLAN-4: one call per province and year; the second is refused in Vietnamese, nothing changes."""
    w = world()
    first = cycle.open_call(w.province, year=2027, actor=w.user("standing_focal"), on=OCT)
    with pytest.raises(UserError, match="Đã mở đợt đề xuất nhiệm vụ cho kế hoạch năm 2027"):
        cycle.open_call(w.province, year=2027, actor=w.user("standing_leader"), on=OCT)
    assert list(ProposalCall.objects.filter(province=w.province)) == [first]
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalCall.objects.create(province=w.province, year=2027, deadline=dt.date(2026, 11, 15))


def test_SEC_5_PLAN_4_the_second_call_page_shows_a_message_and_links_the_existing_call(db):
    """SEC-5, PLAN-4: opening the call again from the page shows the message and a link to the call, not a 500."""
    w = world()
    client = login(w.user("standing_focal"))
    url = reverse("call-list", args=[w.province.slug])
    deadline = format_date(today() + dt.timedelta(days=20))
    year = today().year + 1
    assert client.post(url, {"year": year, "deadline": deadline}).status_code == 302
    response = client.post(url, {"year": year, "deadline": deadline})
    assert response.status_code == 200
    call = ProposalCall.objects.get(province=w.province)
    html = response.content.decode()
    assert f"Đã mở đợt đề xuất nhiệm vụ cho kế hoạch năm {year}" in html
    assert reverse("call-detail", args=[w.province.slug, call.pk]) in html
    assert ProposalCall.objects.filter(province=w.province).count() == 1


# --- 3. a proposal accepted after consolidation (PLAN-4) -------------------------------------------------------


def _proposal(call, agency, user, title):
    return cycle.submit_proposal(
        call, agency=agency, actor=user, on=OCT, title=title, lead=agency, area_id=area("institutions").pk
    )


def test_PLAN_4_a_proposal_accepted_after_consolidation_joins_the_draft(db):
    """PLAN-4, SEC-5: a proposal accepted after the call was consolidated becomes a task of the draft while it
    is still a draft, so no accepted proposal is lost."""
    w = world()
    snv = w.user("standing_focal")
    call = cycle.open_call(w.province, year=2027, actor=snv, on=OCT)
    early = _proposal(call, w.domain, w.user("domain_focal"), "Rà soát văn bản quy phạm pháp luật")
    late = _proposal(call, w.ordinary, w.user("ordinary_focal"), "Số hóa hồ sơ thủ tục hành chính")
    cycle.decide_proposal(early, accept=True, note="", actor=snv)
    plan = cycle.consolidate(call, actor=snv, owner=w.standing, programme=programme())
    assert plan.tasks.count() == 1
    cycle.decide_proposal(Proposal.objects.get(pk=late.pk), accept=True, note="Bổ sung", actor=snv)
    late.refresh_from_db()
    assert late.status == Proposal.Status.ACCEPTED and late.task is not None and late.task.plan_id == plan.pk
    assert sorted(plan.tasks.values_list("title", flat=True)) == [
        "Rà soát văn bản quy phạm pháp luật",
        "Số hóa hồ sơ thủ tục hành chính",
    ]
    assert sorted(plan.tasks.values_list("code", flat=True)) == ["1", "2"]


def test_PLAN_4_after_the_draft_left_draft_a_late_acceptance_is_refused_and_nothing_changes(db):
    """PLAN-4, PLAN-5: once the draft has been sent for comments, accepting a proposal is refused with a message
    (the agencies comment on the draft as sent); an accepted proposal already in the draft is not un-accepted."""
    w = world()
    snv = w.user("standing_focal")
    call = cycle.open_call(w.province, year=2027, actor=snv, on=OCT)
    early = _proposal(call, w.domain, w.user("domain_focal"), "Rà soát văn bản")
    late = _proposal(call, w.ordinary, w.user("ordinary_focal"), "Số hóa hồ sơ")
    cycle.decide_proposal(early, accept=True, note="", actor=snv)
    plan = cycle.consolidate(call, actor=snv, owner=w.standing, programme=programme())
    with pytest.raises(UserError, match="đã có trong dự thảo"):
        cycle.decide_proposal(Proposal.objects.get(pk=early.pk), accept=False, note="", actor=snv)
    cycle.send_for_comments(plan, actor=snv, deadline=dt.date(2026, 12, 10), on=dt.date(2026, 12, 1))
    with pytest.raises(UserError, match="đã được gửi lấy ý kiến"):
        cycle.decide_proposal(Proposal.objects.get(pk=late.pk), accept=True, note="", actor=snv)
    late.refresh_from_db()
    early.refresh_from_db()
    assert (late.status, late.task) == (Proposal.Status.SUBMITTED, None)
    assert early.status == Proposal.Status.ACCEPTED
    assert plan.tasks.count() == 1


def test_PLAN_4_the_call_page_offers_the_decision_after_consolidation_while_the_draft_is_a_draft(db):
    """PLAN-4: the standing agency can still accept a proposal from the call page after consolidating."""
    w = world()
    snv = w.user("standing_focal")
    call = cycle.open_call(w.province, year=2027, actor=snv, on=OCT)
    early = _proposal(call, w.domain, w.user("domain_focal"), "Rà soát văn bản")
    late = _proposal(call, w.ordinary, w.user("ordinary_focal"), "Số hóa hồ sơ")
    cycle.decide_proposal(early, accept=True, note="", actor=snv)
    plan = cycle.consolidate(call, actor=snv, owner=w.standing, programme=programme())
    client = login(snv)
    decide = reverse("proposal-decide", args=[w.province.slug, call.pk, late.pk])
    assert decide in client.get(reverse("call-detail", args=[w.province.slug, call.pk])).content.decode()
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    assert plan.tasks.count() == 2


# --- 4. comments and issuing (PLAN-5, SEC-5) -------------------------------------------------------------------


def _consulted_plan(w):
    snv = w.user("standing_focal")
    plan = PlanFactory(province=w.province, owner=w.standing)
    task(plan, snv, w.domain)
    consultation = cycle.send_for_comments(plan, actor=snv, deadline=dt.date(2026, 12, 10), on=dt.date(2026, 12, 1))
    return plan, consultation


def _issue(w, plan):
    return cycle.issue_plan(
        plan,
        actor=w.user("standing_leader"),
        number="250/KH-UBND",
        signed_on=dt.date(2026, 12, 20),
        on=dt.date(2026, 12, 20),
    )


def test_PLAN_5_no_comment_lands_on_a_plan_issued_meanwhile(db):
    """PLAN-5, SEC-5: a comment sent from a page loaded before the plan was issued is refused (the service reads
    the plan afresh under a lock) and the issued plan keeps no unanswered comment."""
    w = world()
    plan, consultation = _consulted_plan(w)
    stale = Consultation.objects.select_related("plan").get(pk=consultation.pk)
    _issue(w, plan)
    with pytest.raises(UserError, match="không còn trong thời gian lấy ý kiến"):
        cycle.add_comment(stale, agency=w.domain, actor=w.user("domain_focal"), text="Bổ sung", on=dt.date(2026, 12, 5))
    assert not Comment.objects.filter(consultation=consultation).exists()


def test_PLAN_5_no_answer_is_written_on_an_issued_plan(db):
    """PLAN-5, SEC-2: answering a comment of a plan issued meanwhile is refused; the comment stays as it was."""
    w = world()
    plan, consultation = _consulted_plan(w)
    comment = cycle.add_comment(
        consultation, agency=w.domain, actor=w.user("domain_focal"), text="Bổ sung", on=dt.date(2026, 12, 5)
    )
    stale = Comment.objects.select_related("consultation__plan").get(pk=comment.pk)
    cycle.answer_comment(comment, actor=w.user("standing_focal"), answer="accepted", text="Đã bổ sung")
    _issue(w, plan)
    with pytest.raises(UserError, match="đã ban hành"):
        cycle.answer_comment(stale, actor=w.user("standing_focal"), answer="explained", text="Đổi ý")
    comment.refresh_from_db()
    assert (comment.answer, comment.answer_text) == ("accepted", "Đã bổ sung")


# --- 5. provincial leadership sees the calls, read-only (ORG-4) ------------------------------------------------


def test_ORG_4_provincial_leadership_sees_every_call_and_proposal_read_only(db):
    """ORG-4: UBND tỉnh sees the calls and every proposal of its province but neither opens a call nor proposes."""
    w = world()
    call = cycle.open_call(w.province, year=2027, actor=w.user("standing_focal"), on=OCT)
    proposal = _proposal(call, w.domain, w.user("domain_focal"), "Rà soát văn bản quy phạm pháp luật")
    client = login(w.user("committee_leader"))
    listing = client.get(reverse("call-list", args=[w.province.slug]))
    assert listing.status_code == 200
    assert reverse("call-detail", args=[w.province.slug, call.pk]) in listing.content.decode()
    detail = client.get(reverse("call-detail", args=[w.province.slug, call.pk]))
    assert detail.status_code == 200 and proposal.title in detail.content.decode()
    assert "Gửi đề xuất" not in detail.content.decode()
    denied = [
        client.post(reverse("call-list", args=[w.province.slug]), {"year": 2028}),
        client.post(reverse("call-detail", args=[w.province.slug, call.pk]), {"title": "X", "lead": w.committee.pk}),
        client.post(reverse("proposal-decide", args=[w.province.slug, call.pk, proposal.pk]), {"decision": "accept"}),
        client.post(reverse("call-consolidate", args=[w.province.slug, call.pk])),
    ]
    assert [r.status_code for r in denied] == [403, 403, 403, 403]
    assert ProposalCall.objects.filter(province=w.province).count() == 1
    assert Proposal.objects.filter(call=call).count() == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


def test_ORG_4_another_agencys_staff_still_gets_404_on_a_call_not_sent_to_it(db):
    """ORG-4: an agency the call does not name sees nothing of it (the district is not in the group asked)."""
    w = world()
    call = cycle.open_call(w.province, year=2027, actor=w.user("standing_focal"), on=OCT)
    from tests.factories import MembershipFactory

    district_user = MembershipFactory(agency=w.district, role=Role.LEADER).user
    assert login(district_user).get(reverse("call-detail", args=[w.province.slug, call.pk])).status_code == 404


# --- 6. only whoever may edit the plan sends it for comments (ORG-4, PLAN-5) ---------------------------------


def test_ORG_4_PLAN_5_the_standing_agency_cannot_send_an_agencys_own_draft_for_comments(db):
    """ORG-4, PLAN-5: an agency plan is sent for comments only by its owner's staff; Sở Nội vụ is refused (403)
    and the draft is unchanged."""
    w = world()
    owner_focal = w.user("ordinary_focal")
    plan = cycle.create_agency_plan(w.ordinary, year=2027, actor=owner_focal, programme=programme())
    task(plan, owner_focal, w.ordinary)
    url = reverse("plan-send-for-comments", args=[w.province.slug, plan.pk])
    data = {"date": format_date(today() + dt.timedelta(days=7))}
    version = Plan.objects.get(pk=plan.pk).version
    for kind in ("standing_focal", "standing_leader", "domain_leader", "committee_leader"):
        assert login(w.user(kind)).post(url, data).status_code in (403, 404), kind
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, version)
    assert not Consultation.objects.filter(plan=plan).exists()
    assert login(owner_focal).post(url, data).status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.CONSULTATION


def test_ORG_4_PLAN_5_only_the_standing_agency_sends_a_provincial_draft(db):
    """ORG-4, PLAN-5: a provincial draft is sent by the standing agency's staff, not by another agency."""
    w = world()
    plan = PlanFactory(province=w.province, owner=w.standing)
    task(plan, w.user("standing_focal"), w.domain)
    url = reverse("plan-send-for-comments", args=[w.province.slug, plan.pk])
    data = {"date": format_date(today() + dt.timedelta(days=7))}
    assert login(w.user("domain_leader")).post(url, data).status_code in (403, 404)
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert login(w.user("standing_focal")).post(url, data).status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.CONSULTATION


# --- 7. record an imported plan as issued (SEC-1, SEC-2, U-3) ------------------------------------------------


def _imported_draft(w, **fields):
    plan = PlanFactory(province=w.province, owner=w.standing, source="Văn bản nạp: ke-hoach-2027.docx", **fields)
    task(plan, w.user("standing_focal"), w.domain)
    return plan


def test_SEC_1_a_leader_records_an_imported_plan_as_issued(db):
    """SEC-1, SEC-2, U-3: the leader of the owner agency confirms the number and date of an imported plan; it is
    issued without a consultation round, with its first version and an audit entry."""
    w = world()
    plan = _imported_draft(w)
    leader = w.user("standing_leader")
    issued = cycle.record_as_issued(
        plan, actor=leader, number="250/KH-UBND", signed_on=dt.date(2026, 12, 20), on=dt.date(2027, 1, 5)
    )
    assert (issued.status, issued.number, issued.signed_on) == (PlanStatus.ISSUED, "250/KH-UBND", dt.date(2026, 12, 20))
    assert not Consultation.objects.filter(plan=plan).exists()
    assert PlanVersion.objects.get(plan=plan).number == 1
    entry = AuditEntry.objects.filter(
        record_type="plans.plan", record_id=str(plan.pk), action=AuditEntry.Action.ISSUE
    ).get()
    assert entry.actor == leader and "Ghi nhận đã ban hành" in entry.summary


def test_SEC_1_record_as_issued_from_the_plan_page_is_the_leaders_act(db):
    """SEC-1, ORG-4: the button shows to the leader only; a focal officer's POST is refused (403) and nothing
    changes; the leader's POST issues the plan."""
    w = world()
    plan = _imported_draft(w, number="250/KH-UBND", signed_on=dt.date(2026, 11, 20))
    page = reverse("plan-detail", args=[w.province.slug, plan.pk])
    url = reverse("plan-record-issued", args=[w.province.slug, plan.pk])
    data = {"number": "250/KH-UBND", "signed_on": format_date(min(today(), dt.date(2026, 11, 20)))}
    assert url in login(w.user("standing_leader")).get(page).content.decode()
    assert url not in login(w.user("standing_focal")).get(page).content.decode()
    before = AuditEntry.objects.count()
    for kind in ("standing_focal", "domain_leader", "committee_leader"):
        assert login(w.user(kind)).post(url, data).status_code in (403, 404), kind
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and AuditEntry.objects.count() == before
    assert not PlanVersion.objects.filter(plan=plan).exists()
    assert login(w.user("standing_leader")).post(url, data).status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.ISSUED


def test_SEC_1_only_a_draft_from_a_document_is_recorded_as_issued(db):
    """SEC-1, PLAN-5: a plan prepared in the system goes through consultation and issue, not «record as issued»;
    a linked ingested document counts as a source; bad input is refused with a message."""
    w = world()
    leader = w.user("standing_leader")
    own = PlanFactory(province=w.province, owner=w.standing)
    task(own, w.user("standing_focal"), w.domain)
    with pytest.raises(UserError, match="văn bản nguồn"):
        cycle.record_as_issued(own, actor=leader, number="1/KH", signed_on=dt.date(2026, 12, 1), on=dt.date(2027, 1, 5))
    assert Plan.objects.get(pk=own.pk).status == PlanStatus.DRAFT
    IngestedDocument.objects.create(province=w.province, name="kh.docx", sha256="0" * 64, kind="plan", plan=own)
    with pytest.raises(UserError, match="số, ký hiệu"):
        cycle.record_as_issued(own, actor=leader, number=" ", signed_on=dt.date(2026, 12, 1), on=dt.date(2027, 1, 5))
    with pytest.raises(UserError, match="sau hôm nay"):
        cycle.record_as_issued(own, actor=leader, number="1/KH", signed_on=dt.date(2027, 2, 1), on=dt.date(2027, 1, 5))
    assert Plan.objects.get(pk=own.pk).status == PlanStatus.DRAFT
    cycle.record_as_issued(own, actor=leader, number="1/KH", signed_on=dt.date(2026, 12, 1), on=dt.date(2027, 1, 5))
    with pytest.raises(UserError, match="đã được ban hành"):
        cycle.record_as_issued(own, actor=leader, number="2/KH", signed_on=dt.date(2026, 12, 1), on=dt.date(2027, 1, 5))
    assert Plan.objects.get(pk=own.pk).number == "1/KH"


# --- 8. recipients of agency plans come from the regulation's data (REG-4, PLAN-7) ---------------------------


def test_REG_4_PLAN_7_agency_plan_recipients_come_from_the_regulation_only(db):
    """REG-4, PLAN-7: the standing agency plus whoever the `agency-plans` topic names; the IT and ISO leads are
    not added by code, and adding a row to the regulation adds a recipient without a code change."""
    w = world()
    on = dt.date(2027, 1, 1)
    it_lead = w.ordinary
    ResponsibilityFactory(regulation=w.regulation, topic=topic("it-application"), agency=it_lead, order=50)
    names = {r.agency.pk for r in routing.route_agency_plan_recipients(w.province, on)}
    assert names == {w.standing.pk}
    ResponsibilityFactory(
        regulation=w.regulation,
        topic=topic("agency-plans"),
        agency=w.domain,
        role=ResponsibilityRole.COORDINATE,
        article="Điều 7",
        order=51,
    )
    routes = routing.route_agency_plan_recipients(w.province, on)
    assert [r.agency.pk for r in routes] == [w.standing.pk, w.domain.pk]
    assert routes[1].article == "Điều 7"


# --- 9. roles and kinds through the enums (ORG-4) ------------------------------------------------------------

SRC = Path(__file__).resolve().parents[2] / "src" / "cchc"
ENUM_VALUES = {"leader", "focal", "viewer", "provincial-committee", "committee-office", "district", "commune"}
# "agency" is left out: it is also the prefix of a party key ("agency:12") that forms and filters parse.
ENUM_VALUES |= {"draft", "consultation", "issued", "adjusted", "closed", "annual", "thematic", "period"}


def _string_comparisons(path: Path) -> list[str]:
    """String literals of role, kind or status values compared or collected in the code (not in choices)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            for part in parts:
                elements = part.elts if isinstance(part, ast.Tuple | ast.Set | ast.List) else [part]
                found += [
                    f"{path.name}:{node.lineno} {e.value!r}"
                    for e in elements
                    if isinstance(e, ast.Constant) and e.value in ENUM_VALUES
                ]
        if isinstance(node, ast.Set):
            found += [
                f"{path.name}:{node.lineno} {e.value!r}"
                for e in node.elts
                if isinstance(e, ast.Constant) and e.value in ENUM_VALUES
            ]
    return found


def test_ORG_4_roles_kinds_and_statuses_are_checked_through_the_enums():
    """ORG-4: plans/ and exports/plans.py compare roles, agency kinds and plan statuses with Role, AgencyKind and
    PlanStatus/PlanKind, never with string literals such as "leader" or "provincial-committee"."""
    files = list((SRC / "plans").glob("*.py")) + [SRC / "exports" / "plans.py"]
    assert [hit for path in files for hit in _string_comparisons(path)] == []

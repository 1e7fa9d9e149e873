"""The yearly cycle: PLAN-4 (proposals), PLAN-5 (consultation), issue, PLAN-6 (adjustment), PLAN-7 (agency plans),
with every recipient taken from the regulation (REG-4)."""

import datetime as dt

import pytest
from django.core import mail

from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.models import Notification
from cchc.plans import alignment, cycle, services, versions
from cchc.plans.models import Comment, Plan, PlanStatus, Proposal, ProposalCall, Task
from cchc.regulation.models import ReformProgramme
from tests.conftest import agency, province
from tests.plans.conftest import DN, area, task_input

OCT = dt.date(2026, 10, 1)


@pytest.fixture
def call(snv):
    return cycle.open_call(province(DN), year=2027, actor=snv, on=OCT)


def test_PLAN_4_a_call_asks_the_agencies_the_regulation_names_by_its_deadline(call):
    assert call.deadline == dt.date(2026, 11, 15) and call.deadline_article == "Đ6.2a"
    asked = {r.agency.name for r in call.recipients.all()}
    # The test regulation of Đà Nẵng (Quảng Nam's Đ6.2a by the successor mapping): Sở KH&CN in place of Sở TT&TT.
    assert asked == {"Sở Tư pháp", "Sở Tài chính", "Sở Khoa học và Công nghệ", "Văn phòng Ủy ban nhân dân thành phố"}


def test_PLAN_4_ORG_2_a_call_in_quang_nams_history_asks_the_successor_of_an_ended_agency(qnam_snv):
    """PLAN-4, ORG-2: on 01/06/2025 Quảng Nam's regulation is in force; its Đ6.2a names Sở Thông tin và Truyền
    thông, which ended on 28/02/2025, so its successor Sở Khoa học và Công nghệ is asked in its place."""
    call = cycle.open_call(province("Quảng Nam"), year=2026, actor=qnam_snv, on=dt.date(2025, 6, 1))
    assert call.deadline == dt.date(2025, 11, 15) and call.deadline_article == "Đ6.2a"
    asked = {r.agency.name for r in call.recipients.all()}
    assert asked == {"Sở Tư pháp", "Sở Tài chính", "Sở Khoa học và Công nghệ", "Văn phòng Ủy ban nhân dân tỉnh"}
    assert {r.agency.province.name for r in call.recipients.all()} == {"Quảng Nam"}


def test_PLAN_4_ORG_5_no_call_is_routed_from_a_merged_provinces_regulation(qnam_snv):
    """PLAN-4, ORG-5, REG-4: after 30/06/2025 Quảng Nam's regulation routes nothing: opening a call there is
    refused with the merger in plain words, and nothing is saved."""
    calls = ProposalCall.objects.count()
    with pytest.raises(UserError, match="Tỉnh Quảng Nam đã hợp nhất vào Thành phố Đà Nẵng từ 01/07/2025"):
        cycle.open_call(province("Quảng Nam"), year=2027, actor=qnam_snv, on=OCT)
    assert ProposalCall.objects.count() == calls


def test_PLAN_4_khanh_hoa_deadline_is_10_december(demo_user):
    """PLAN-4: 2816/QĐ-UBND Đ4.2a sets 10/12. The demo holds Khánh Hòa's calls of this year and the next, so the
    call here is for a later year."""
    year = today().year + 5
    call = cycle.open_call(province("Khánh Hòa"), year=year, actor=demo_user("khoa.snv"), on=dt.date(year - 1, 10, 1))
    assert call.deadline == dt.date(year - 1, 12, 10)


def test_PLAN_4_recipients_are_told_in_the_app_and_by_email(db, demo_user, make_member):
    user = make_member(DN, "Sở Tư pháp", "leader", username="stp.lanhdao")
    user.email = "stp@quangnam.gov.vn"
    user.save()
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            cycle.open_call(province(DN), year=2027, actor=demo_user("dnang.snv"), on=OCT)
    assert Notification.objects.filter(user=demo_user("dnang.stp"), message__contains="15/11/2026").exists()
    assert [m.to for m in mail.outbox] == [["stp@quangnam.gov.vn"]]
    assert "15/11/2026" in mail.outbox[0].body


def test_PLAN_4_no_regulation_no_call(demo_user):
    with pytest.raises(UserError, match="chưa có quy chế phối hợp"):
        cycle.open_call(province("Hưng Yên"), year=2027, actor=demo_user("hyen.snv"), on=OCT)


def _submit(call, name="Sở Tư pháp", on=OCT, title="Rà soát văn bản quy phạm pháp luật"):
    justice = agency(DN, name)
    return cycle.submit_proposal(
        call,
        agency=justice,
        actor=None,
        on=on,
        title=title,
        lead=justice,
        area_id=area("institutions").pk,
        products=["Báo cáo rà soát"],
        time_text="Quý II",
    )


def test_PLAN_4_a_late_proposal_is_refused_unless_reopened(call, snv):
    late = dt.date(2026, 11, 16)
    with pytest.raises(UserError, match="Đã quá hạn gửi đề xuất \\(15/11/2026\\)"):
        _submit(call, on=late)
    assert not Proposal.objects.filter(call=call).exists()
    cycle.reopen_for(call, agency=agency(DN, "Sở Tư pháp"), until=dt.date(2026, 11, 20), actor=snv, on=late)
    assert _submit(call, on=late).status == "submitted"
    with pytest.raises(UserError, match="Đã quá hạn"):
        _submit(call, name="Sở Tài chính", on=late)


def test_PLAN_4_a_double_click_sends_one_proposal(call):
    _submit(call)
    with pytest.raises(UserError, match="bấm gửi hai lần"):
        _submit(call)
    assert Proposal.objects.filter(call=call).count() == 1


def test_PLAN_4_an_agency_not_named_cannot_propose(call):
    with pytest.raises(UserError, match="không thuộc các cơ quan được đề nghị"):
        _submit(call, name="Sở Y tế")


def test_PLAN_4_accepted_proposals_become_the_draft_plan(call, snv):
    accepted, rejected = _submit(call), _submit(call, name="Sở Tài chính", title="Đề xuất trùng")
    cycle.decide_proposal(accepted, accept=True, note="", actor=snv)
    cycle.decide_proposal(rejected, accept=False, note="Trùng nhiệm vụ thường xuyên", actor=snv)
    plan = cycle.consolidate(
        call, actor=snv, owner=agency(DN, "Sở Nội vụ"), programme=ReformProgramme.objects.get(code="NQ76")
    )
    task = plan.tasks.get()
    assert (plan.status, plan.start_year, task.title, task.lead.name) == (
        "draft",
        2027,
        "Rà soát văn bản quy phạm pháp luật",
        "Sở Tư pháp",
    )
    assert task.milestones.get().due == dt.date(2027, 6, 30)
    call.refresh_from_db()
    assert call.status == ProposalCall.Status.CONSOLIDATED and call.draft_plan == plan
    with pytest.raises(UserError, match="đã đóng"):
        _submit(call, name="Văn phòng UBND thành phố")


@pytest.fixture
def consultation(draft_plan, snv):
    services.add_task(draft_plan, actor=snv, data=task_input())
    return cycle.send_for_comments(draft_plan, actor=snv, deadline=dt.date(2026, 12, 10), on=dt.date(2026, 12, 1))


def test_PLAN_5_a_draft_goes_to_the_agencies_the_regulation_names(consultation):
    assert {a.name for a in consultation.agencies.all()} == {
        "Sở Tư pháp",
        "Sở Tài chính",
        "Sở Khoa học và Công nghệ",
        "Văn phòng Ủy ban nhân dân thành phố",
    }
    assert consultation.plan.status == PlanStatus.CONSULTATION


def test_PLAN_5_only_a_consulted_agency_comments_and_only_by_the_deadline(consultation):
    justice = agency(DN, "Sở Tư pháp")
    with pytest.raises(UserError, match="không được gửi lấy ý kiến Sở Y tế"):
        cycle.add_comment(consultation, agency=agency(DN, "Sở Y tế"), actor=None, text="x", on=dt.date(2026, 12, 2))
    with pytest.raises(UserError, match="quá hạn góp ý"):
        cycle.add_comment(consultation, agency=justice, actor=None, text="x", on=dt.date(2026, 12, 11))
    cycle.add_comment(consultation, agency=justice, actor=None, text="Bổ sung sản phẩm", on=dt.date(2026, 12, 2))
    assert Comment.objects.filter(consultation=consultation).count() == 1


def test_PLAN_5_every_comment_is_answered_before_the_plan_is_issued(consultation, snv, demo_user):
    justice = agency(DN, "Sở Tư pháp")
    comment = cycle.add_comment(
        consultation, agency=justice, actor=None, text="Bổ sung sản phẩm", on=dt.date(2026, 12, 2)
    )
    leader = demo_user("dnang.snv.lanhdao")
    issue = {"actor": leader, "number": "250/KH-UBND", "signed_on": dt.date(2026, 12, 20), "on": dt.date(2026, 12, 20)}
    with pytest.raises(UserError, match="1 ý kiến góp ý chưa được tiếp thu hoặc giải trình"):
        cycle.issue_plan(consultation.plan, **issue)
    with pytest.raises(UserError, match="Cần nhập nội dung giải trình"):
        cycle.answer_comment(comment, actor=snv, answer="explained", text="")
    cycle.answer_comment(comment, actor=snv, answer="accepted", text="Đã bổ sung")
    plan = cycle.issue_plan(consultation.plan, **issue)
    assert (plan.status, plan.number, plan.signed_on) == ("issued", "250/KH-UBND", dt.date(2026, 12, 20))
    assert plan.versions.get().number == 1
    with pytest.raises(UserError, match="điều chỉnh"):
        services.add_task(plan, actor=snv, data=task_input(title="Sửa sau khi ban hành"))


@pytest.fixture
def issued_plan(draft_plan, snv, demo_user):
    services.add_task(
        draft_plan, actor=snv, data=task_input(code="1", title="Ban hành Kế hoạch CCHC", area_id=area("direction").pk)
    )
    services.add_task(
        draft_plan,
        actor=snv,
        data=task_input(
            code="2",
            title="Rà soát văn bản quy phạm pháp luật",
            lead="Sở Tư pháp",
            area_id=area("institutions").pk,
            time_text="Quý III",
            products=("Báo cáo rà soát",),
        ),
    )
    return cycle.issue_plan(
        draft_plan,
        actor=demo_user("dnang.snv.lanhdao"),
        number="250/KH-UBND",
        signed_on=dt.date(2026, 12, 20),
        on=dt.date(2026, 12, 20),
    )


def test_PLAN_6_an_adjustment_is_a_new_version_with_reason_and_decision(issued_plan, snv, demo_user):
    cycle.begin_adjustment(issued_plan, actor=snv)
    issued_plan.refresh_from_db()
    first, second = issued_plan.tasks.order_by("code")
    services.update_task(
        second,
        actor=snv,
        data=task_input(
            code="2",
            title=second.title,
            lead="Sở Tư pháp",
            area_id=second.area_id,
            time_text="Quý IV",
            products=("Báo cáo rà soát",),
        ),
    )
    services.remove_task(first, actor=snv)
    services.add_task(issued_plan, actor=snv, data=task_input(code="3", title="Khảo sát mức độ hài lòng"))
    with pytest.raises(UserError, match="lý do và quyết định"):
        cycle.record_adjustment(
            issued_plan, actor=demo_user("dnang.snv.lanhdao"), reason="", decision="", decided_on=dt.date(2027, 6, 1)
        )
    version = cycle.record_adjustment(
        issued_plan,
        actor=demo_user("dnang.snv.lanhdao"),
        reason="Thay đổi theo chỉ đạo của UBND tỉnh",
        decision="QĐ 900/QĐ-UBND",
        decided_on=dt.date(2027, 6, 1),
    )
    issued_plan.refresh_from_db()
    assert version.number == 2 and issued_plan.status == PlanStatus.ADJUSTED and not issued_plan.adjusting
    one, two = issued_plan.versions.order_by("number")
    change = versions.diff(one.snapshot, two.snapshot)
    assert [t["title"] for t in change.added] == ["Khảo sát mức độ hài lòng"]
    assert [t["title"] for t in change.removed] == ["Ban hành Kế hoạch CCHC"]
    assert change.changed[0].fields == [("Thời gian hoàn thành", "Quý III", "Quý IV")]
    assert one.snapshot["tasks"][0]["title"] == "Ban hành Kế hoạch CCHC", "earlier versions stay as they were"


def test_PLAN_6_version_history_page_shows_what_changed(issued_plan, snv, demo_user, client_for):
    from django.urls import reverse

    cycle.begin_adjustment(issued_plan, actor=snv)
    services.add_task(issued_plan, actor=snv, data=task_input(code="9", title="Nhiệm vụ bổ sung"))
    cycle.record_adjustment(
        issued_plan,
        actor=demo_user("dnang.snv.lanhdao"),
        reason="Bổ sung",
        decision="QĐ 901/QĐ-UBND",
        decided_on=dt.date(2027, 3, 1),
    )
    html = client_for("dnang.stp").get(reverse("plan-versions", args=["da-nang", issued_plan.pk])).content.decode()
    assert "Điều chỉnh lần 1" in html and "QĐ 901/QĐ-UBND" in html
    assert "Nhiệm vụ thêm mới" in html and "Nhiệm vụ bổ sung" in html


def test_PLAN_7_an_agency_plan_is_prefilled_with_its_provincial_tasks(issued_plan, make_member):
    user = make_member(DN, "Sở Tư pháp", "leader")
    plan = cycle.create_agency_plan(agency(DN, "Sở Tư pháp"), year=2027, actor=user, programme=issued_plan.programme)
    assert plan.kind == "agency" and list(plan.based_on.all()) == [issued_plan]
    task = plan.tasks.get()
    assert task.title == "Rà soát văn bản quy phạm pháp luật" and task.source_task.plan == issued_plan


def test_PLAN_7_alignment_lists_every_gap_in_plain_words_and_blocks_sending(issued_plan, make_member):
    justice = agency(DN, "Sở Tư pháp")
    leader = make_member(DN, "Sở Tư pháp", "leader")
    plan = cycle.create_agency_plan(justice, year=2027, actor=leader, programme=issued_plan.programme)
    task = plan.tasks.get()
    task.delete()
    messages = [g.message for g in alignment.check(plan)]
    assert any(m.startswith("Thiếu nhiệm vụ 2 «Rà soát văn bản quy phạm pháp luật»") for m in messages)
    assert "Lĩnh vực «Cải cách thể chế» chưa có nhiệm vụ nào." in messages
    assert any("ISO 9001" in m for m in messages) and any("tin học hóa" in m for m in messages)
    with pytest.raises(UserError, match="điểm chưa đạt yêu cầu"):
        cycle.issue_plan(
            plan, actor=leader, number="12/KH-STP", signed_on=dt.date(2027, 1, 10), on=dt.date(2027, 1, 10)
        )
    services.add_task(plan, actor=leader, data=task_input(code="1", title="Tự kiểm tra", lead="Sở Tư pháp"))
    gaps = alignment.check(plan)
    assert any(g.key.startswith("owner:") for g in gaps), "a task with no owner is a gap"


def test_PLAN_7_an_agency_plan_fixed_or_explained_is_sent_to_the_regulations_recipients(demo_user, make_member):
    from cchc.core.models import Notification
    from cchc.regulation.models import Topic

    khanh_hoa = province("Khánh Hòa")
    science = agency("Khánh Hòa", "Sở Khoa học và Công nghệ")
    leader = make_member("Khánh Hòa", "Sở Tư pháp", "leader")
    programme = ReformProgramme.objects.get(code="CT-2001-2010")
    plan = services.create_plan(
        actor=leader,
        province=khanh_hoa,
        owner=agency("Khánh Hòa", "Sở Tư pháp"),
        fields={
            "kind": "agency",
            "title": "Kế hoạch CCHC năm 2011 của Sở Tư pháp",
            "issuer": "Sở Tư pháp",
            "start_year": 2011,
            "end_year": 2011,
            "programme": programme,
        },
    )
    for number, area_obj in enumerate(programme.areas.exclude(code="impact"), start=1):
        services.add_task(
            plan,
            actor=leader,
            data=services.TaskInput(
                title=f"Nhiệm vụ {area_obj.name}",
                lead=plan.owner,
                code=str(number),
                area_id=area_obj.pk,
                products=("Báo cáo",),
                time_text="Quý IV",
                owner_unit="Văn phòng Sở",
            ),
        )
    services.add_target(
        plan,
        actor=leader,
        data=services.TargetInput(
            text="100% TTHC một cửa áp dụng ISO 9001",
            measure="percent",
            comparison="=",
            value=100,
            topic_id=Topic.objects.get(code="iso").pk,
        ),
    )
    gaps = alignment.check(plan)
    assert [g.key for g in gaps] == ["target:computerisation"]
    cycle.explain_gap(plan, actor=leader, key="target:computerisation", text="Sở chưa có TTHC trực tuyến")
    make_member("Khánh Hòa", "Sở Khoa học và Công nghệ", "focal", username="khcn.kh")
    cycle.issue_plan(plan, actor=leader, number="05/KH-STP", signed_on=dt.date(2011, 1, 15), on=dt.date(2011, 1, 15))
    told = set(Notification.objects.filter(message__contains="05/KH-STP").values_list("user__username", flat=True))
    assert {"khoa.snv", "khcn.kh"} <= told
    assert Plan.objects.get(pk=plan.pk).status == "issued" and science.pk


def test_ORG_4_a_focal_officer_cannot_issue_and_nothing_changes(client_for, draft_plan, snv):
    from django.urls import reverse

    services.add_task(draft_plan, actor=snv, data=task_input())
    response = client_for("dnang.snv").post(
        reverse("plan-issue", args=["da-nang", draft_plan.pk]), {"number": "1/KH", "signed_on": "20/12/2026"}
    )
    assert response.status_code == 403
    draft_plan.refresh_from_db()
    assert draft_plan.status == "draft" and draft_plan.number == ""
    assert Task.objects.filter(plan=draft_plan).count() == 1


def test_PLAN_4_the_call_shows_on_the_home_page_of_the_agencies_asked(client_for, snv):
    from django.urls import reverse

    from cchc.core.dates import today

    cycle.open_call(
        province(DN), year=today().year + 1, actor=snv, on=today(), deadline=today() + dt.timedelta(days=10)
    )
    html = client_for("dnang.stp").get(reverse("province", args=["da-nang"])).content.decode()
    assert "Việc cần làm" in html and f"Gửi đề xuất nhiệm vụ CCHC năm {today().year + 1}" in html
    other = client_for("dnang.ubnd").get(reverse("province", args=["da-nang"])).content.decode()
    assert "Gửi đề xuất nhiệm vụ CCHC" not in other, "only the agencies the regulation names are asked"


def test_PLAN_5_the_draft_page_offers_each_user_their_step(client_for, draft_plan, snv):
    from django.urls import reverse

    from cchc.core.dates import today

    services.add_task(draft_plan, actor=snv, data=task_input())
    url = reverse("plan-detail", args=["da-nang", draft_plan.pk])
    assert "Gửi dự thảo lấy ý kiến" in client_for("dnang.snv").get(url).content.decode()
    cycle.send_for_comments(draft_plan, actor=snv, deadline=today() + dt.timedelta(days=5), on=today())
    assert "Ý kiến của Sở Tư pháp" in client_for("dnang.stp").get(url).content.decode()
    assert 'id="issue-form"' in client_for("dnang.snv.lanhdao").get(url).content.decode()
    assert 'id="issue-form"' not in client_for("dnang.snv").get(url).content.decode(), "only a leader issues"


def test_PLAN_7_the_agency_plan_page_lists_its_gaps(client_for, make_member, snv):
    from django.test import Client
    from django.urls import reverse

    user = make_member(DN, "Sở Tư pháp", "leader")
    plan = services.create_plan(
        actor=user,
        province=province(DN),
        owner=agency(DN, "Sở Tư pháp"),
        fields={
            "kind": "agency",
            "title": "Kế hoạch CCHC năm 2027 của Sở Tư pháp",
            "issuer": "Sở Tư pháp",
            "start_year": 2027,
            "end_year": 2027,
            "programme": ReformProgramme.objects.get(code="NQ76"),
        },
    )
    client = Client()
    client.force_login(user)
    html = client.get(reverse("plan-detail", args=["da-nang", plan.pk])).content.decode()
    assert "Lĩnh vực «Cải cách thể chế» chưa có nhiệm vụ nào." in html and "Giải trình" in html
    assert "có thể gửi" not in html
    listing = client.get(reverse("plan-list", args=["da-nang"])).content.decode()
    assert "Lập từ kế hoạch của tỉnh" in listing

"""Leftovers of issue 8 (the planning cycle as people live it): the signer on the issue forms (U-2, PLAN-5), an
imported draft's primary action (PLAN-1, U-1), the proposal form's fields (PLAN-4), the appendix's agency filters
as pickers (U-1), and wide tables that scroll on a phone (U-1).

Each test builds a province of its own with tests/factories.py `world()`."""

import ast
import datetime as dt
import io
from pathlib import Path

import docx
import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from cchc.core.dates import format_date, today
from cchc.core.models import AuditEntry
from cchc.exports.plans import plan_docx
from cchc.ingest.models import IngestedDocument
from cchc.plans import cycle, services
from cchc.plans.forms import ProposalForm
from cchc.plans.models import Plan, PlanStatus
from tests.factories import PlanFactory, service_plan, world

pytestmark = pytest.mark.django_db

SIGNER = {
    "signer_authority": "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Nguyễn Văn A",
}
SIGNED = dt.date(2026, 11, 20)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _task(plan, w, lead=None, title="Rà soát thủ tục hành chính"):
    services.add_task(
        plan,
        actor=w.user("standing_focal"),
        data=services.TaskInput(title=title, lead=lead or w.domain, time_text="Quý II"),
    )


def _imported_draft(w, **fields) -> Plan:
    plan = PlanFactory(province=w.province, owner=w.standing, source="Văn bản nạp: ke-hoach-2027.docx", **fields)
    _task(plan, w)
    return plan


def _own_draft(w, **fields) -> Plan:
    plan = service_plan(w, **fields)
    _task(plan, w)
    return plan


def _page(w, plan, kind="standing_leader"):
    response = login(w.user(kind)).get(reverse("plan-detail", args=[w.province.slug, plan.pk]))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _signed_on(plan) -> str:
    return format_date(min(today(), dt.date(plan.start_year - 1, 11, 20)))


# --- 1. the signer on the issue forms (U-2, PLAN-5) ---------------------------------------------------------------


def test_U_2_the_issue_form_shows_the_signer_prefilled_from_the_plan(db):
    """U-2, PLAN-5: the «Ban hành» form asks the signer's authority, title and name, filled in from the plan."""
    w = world()
    plan = _own_draft(w, **SIGNER)
    page = _page(w, plan)
    (form,) = page.xpath('//form[@id="issue-form"]')
    for name, value in SIGNER.items():
        (field,) = form.xpath(f'.//input[@name="{name}"]')
        assert field.get("value") == value, name
        assert form.xpath(f'.//label[@for="{field.get("id")}"]'), f"{name} has a label"


def test_U_2_issuing_saves_the_signer_given_on_the_issue_form(db):
    """U-2, PLAN-5: the leader corrects the signer on the «Ban hành» form; the issued plan (and its .docx) carry
    it, and the audit entry of the issue shows the change."""
    w = world()
    plan = _own_draft(w, signer_name="Người cũ")
    url = reverse("plan-issue", args=[w.province.slug, plan.pk])
    data = {"number": "9/KH-UBND", "signed_on": format_date(today()), **SIGNER}
    assert login(w.user("standing_leader")).post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED
    assert {name: getattr(plan, name) for name in SIGNER} == SIGNER
    signature = docx.Document(io.BytesIO(plan_docx(plan))).tables[1].cell(0, 1)
    assert [p.text for p in signature.paragraphs if p.text][-3:] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]
    entry = AuditEntry.objects.filter(
        record_type="plans.plan", record_id=str(plan.pk), action=AuditEntry.Action.ISSUE
    ).get()
    assert "Nguyễn Văn A" in str(entry.after) and "Người cũ" in str(entry.before)


def test_U_2_a_post_without_signer_fields_keeps_the_plans_signer(db):
    """U-2: a POST that does not carry the signer fields (an older page) leaves the plan's signer as it was."""
    w = world()
    plan = _own_draft(w, **SIGNER)
    url = reverse("plan-issue", args=[w.province.slug, plan.pk])
    login(w.user("standing_leader")).post(url, {"number": "9/KH-UBND", "signed_on": format_date(today())})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED
    assert {name: getattr(plan, name) for name in SIGNER} == SIGNER


def test_U_2_issue_plan_and_record_as_issued_take_the_signer(db):
    """U-2, PLAN-5, SEC-1: cycle.issue_plan and cycle.record_as_issued save the signer given (spaces tidied);
    without it, the plan's signer stays."""
    w = world()
    leader = w.user("standing_leader")
    own = _own_draft(w, signer_name="Trần Thị B")
    cycle.issue_plan(own, actor=leader, number="9/KH-UBND", signed_on=today(), on=today(), signer_title="  CHỦ   TỊCH ")
    own.refresh_from_db()
    assert (own.signer_title, own.signer_name) == ("CHỦ TỊCH", "Trần Thị B")
    imported = _imported_draft(w)
    cycle.record_as_issued(
        imported, actor=leader, number="250/KH-UBND", signed_on=SIGNED, on=dt.date(2027, 1, 5), **SIGNER
    )
    imported.refresh_from_db()
    assert imported.status == PlanStatus.ISSUED
    assert {name: getattr(imported, name) for name in SIGNER} == SIGNER


def test_U_2_record_as_issued_form_shows_and_saves_the_signer(db):
    """U-2, SEC-1: the «Ghi nhận đã ban hành» form asks the signer, prefilled; the leader's POST saves it."""
    w = world()
    plan = _imported_draft(w, signer_title="CHỦ TỊCH")
    page = _page(w, plan)
    (form,) = page.xpath('//form[@id="record-issued-form"]')
    assert form.xpath('.//input[@name="signer_title"]')[0].get("value") == "CHỦ TỊCH"
    assert form.xpath('.//input[@name="signer_authority"]') and form.xpath('.//input[@name="signer_name"]')
    url = reverse("plan-record-issued", args=[w.province.slug, plan.pk])
    data = {"number": "250/KH-UBND", "signed_on": _signed_on(plan), **SIGNER}
    assert login(w.user("standing_leader")).post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED
    assert {name: getattr(plan, name) for name in SIGNER} == SIGNER


def test_U_2_a_too_long_signer_is_refused_and_nothing_changes(db):
    """U-2, SEC-3: a signer's name longer than the column is refused with a message; the plan stays a draft."""
    w = world()
    plan = _own_draft(w)
    url = reverse("plan-issue", args=[w.province.slug, plan.pk])
    data = {"number": "9/KH-UBND", "signed_on": format_date(today()), "signer_name": "A" * 101}
    response = login(w.user("standing_leader")).post(url, data, follow=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.signer_name == ""
    assert "người ký" in response.content.decode()


# --- 4. an imported draft: «Ghi nhận đã ban hành» first (PLAN-1, U-1) --------------------------------------------


def test_PLAN_1_an_imported_draft_shows_record_as_issued_first_and_the_normal_route_folded(db):
    """PLAN-1, U-1: on a draft imported from a document the leader sees «Ghi nhận đã ban hành» first, with its
    explanation; sending for comments and issuing in the system stay possible inside a closed «Hoặc lấy ý kiến và
    ban hành trong hệ thống»."""
    w = world()
    plan = _imported_draft(w)
    page = _page(w, plan)
    (record,) = page.xpath('//form[@id="record-issued-form"]')
    (details,) = page.xpath('//details[@id="normal-route"]')
    assert details.get("open") is None
    assert "Hoặc lấy ý kiến và ban hành trong hệ thống" in details.xpath("./summary")[0].text_content()
    (issue,) = page.xpath('//form[@id="issue-form"]')
    assert issue in details.iterdescendants()
    assert record not in details.iterdescendants()
    forms = list(page.iter("form"))
    assert forms.index(record) < forms.index(issue)
    assert "đã được ban hành ngoài hệ thống" in record.text_content()
    send_url = reverse("plan-send-for-comments", args=[w.province.slug, plan.pk])
    (send,) = page.xpath(f'//form[@action="{send_url}"]')
    assert send in details.iterdescendants()


def test_PLAN_1_a_draft_made_in_the_system_shows_the_issue_form_unfolded(db):
    """PLAN-1, U-1: a draft prepared in the system has no «Ghi nhận đã ban hành»; its issue form is not folded."""
    w = world()
    plan = _own_draft(w)
    page = _page(w, plan)
    assert page.xpath('//form[@id="issue-form"]')
    assert not page.xpath('//form[@id="record-issued-form"]')
    assert not page.xpath('//details[@id="normal-route"]')


def test_PLAN_1_a_linked_document_counts_as_imported_on_the_page(db):
    """PLAN-1: a plan linked to an ingested document (no `source` text) is shown as imported too."""
    w = world()
    plan = _own_draft(w)
    IngestedDocument.objects.create(province=w.province, name="kh.docx", sha256="0" * 64, kind="plan", plan=plan)
    page = _page(w, plan)
    assert page.xpath('//details[@id="normal-route"]//form[@id="issue-form"]')


# --- 5. ProposalForm.proposal_fields (PLAN-4) ---------------------------------------------------------------------


def test_PLAN_4_proposal_form_gives_the_keyword_arguments_of_a_proposal(db):
    """PLAN-4: ProposalForm.proposal_fields() returns what submit_proposal and edit_proposal take."""
    w = world()
    form = ProposalForm(
        {
            "title": "Số hóa hồ sơ",
            "lead": w.domain.pk,
            "products_text": "- Báo cáo\n- Danh mục\n",
            "coordinators": [f"agency:{w.ordinary.pk}", f"group:{w.departments.pk}"],
            "time_text": "Quý II",
        },
        province=w.province,
        programme=w.regulation.programme,
    )
    assert form.is_valid(), form.errors
    fields = form.proposal_fields()
    assert fields == {
        "title": "Số hóa hồ sơ",
        "lead": w.domain,
        "area_id": None,
        "products": ["Báo cáo", "Danh mục"],
        "time_text": "Quý II",
        "coordinator_agencies": [w.ordinary],
        "coordinator_groups": [w.departments],
    }


def test_PLAN_4_submit_and_edit_views_build_the_proposal_from_the_form():
    """PLAN-4: call_detail and proposal_edit both pass ProposalForm.proposal_fields() (one place, not two)."""
    source = Path(__file__).resolve().parents[2] / "src/cchc/plans/views_cycle.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    users = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any(
            isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "proposal_fields"
            for call in ast.walk(node)
        )
    }
    assert {"call_detail", "proposal_edit"} <= users
    assert 'data["products_text"]' not in source.read_text(encoding="utf-8")


# --- 6. the appendix's agency filters are pickers (U-1) -------------------------------------------------------


def test_U_1_appendix_agency_filters_are_pickers_keeping_their_names(db):
    """U-1: the lead and coordinator filters of the appendix are agency pickers (grouped, searchable), still
    named chu_tri and phoi_hop, keeping the chosen value; the filter works as before."""
    w = world()
    plan = _own_draft(w)
    services.add_task(
        plan,
        actor=w.user("standing_focal"),
        data=services.TaskInput(title="Số hóa", lead=w.standing, time_text="Quý I", coordinator_agencies=(w.domain,)),
    )
    url = reverse("plan-appendix", args=[w.province.slug, plan.pk])
    response = login(w.user("standing_focal")).get(url, {"chu_tri": w.domain.pk, "phoi_hop": f"agency:{w.domain.pk}"})
    assert response.context["total"] == 0
    page = lxml.html.fromstring(response.content.decode())
    (lead,) = page.xpath('//form[@id="filters"]//select[@name="chu_tri"]')
    (coordinator,) = page.xpath('//form[@id="filters"]//select[@name="phoi_hop"]')
    for select in (lead, coordinator):
        assert select.get("data-picker") == "agency"
        assert select.xpath(".//optgroup"), "grouped by kind"
        assert select.xpath('.//option[@value=""]'), "an empty choice: every agency"
    assert lead.xpath(".//option[@selected]")[0].get("value") == str(w.domain.pk)
    assert coordinator.xpath(".//option[@selected]")[0].get("value") == f"agency:{w.domain.pk}"
    assert {o.get("value") for o in lead.xpath(".//option")} == {"", str(w.domain.pk), str(w.standing.pk)}
    only_lead = login(w.user("standing_focal")).get(url, {"chu_tri": w.standing.pk})
    assert only_lead.context["total"] == 1


# --- 3. wide tables scroll on a phone (U-1) -------------------------------------------------------------------


def _tables_in_responsive_wrappers(html: str, table_ids=None) -> None:
    page = lxml.html.fromstring(html)
    main = page.xpath("//main")[0]
    tables = [t for t in main.iter("table") if not t.xpath("ancestor::div[contains(@class, 'card')]")]
    assert tables
    for table in tables:
        assert table.xpath("ancestor::div[contains(concat(' ', @class, ' '), ' table-responsive ')]"), table.get("id")


def test_U_1_the_versions_table_scrolls_on_a_phone(db):
    """U-1: the table of versions on «Phiên bản» is wrapped in .table-responsive."""
    w = world()
    plan = _own_draft(w)
    cycle.issue_plan(plan, actor=w.user("standing_leader"), number="9/KH-UBND", signed_on=today(), on=today())
    response = login(w.user("standing_focal")).get(reverse("plan-versions", args=[w.province.slug, plan.pk]))
    _tables_in_responsive_wrappers(response.content.decode())


def test_U_1_the_ingest_tables_scroll_on_a_phone_and_the_save_bar_leaves_them_visible(db):
    """U-1, U-6: the upload page's list and the review page's tables are wrapped in .table-responsive; below the
    md breakpoint the save bar of the review page is not sticky, so it never covers the last rows."""
    from tests.ingest.texts import plan_text

    w = world()
    client = login(w.user("standing_focal"))
    upload = reverse("ingest-upload", args=[w.province.slug])
    response = client.post(upload, {"text": plan_text(3)})
    assert response.status_code == 302
    _tables_in_responsive_wrappers(client.get(upload).content.decode())
    document = IngestedDocument.objects.get(province=w.province)
    review = client.get(reverse("ingest-review", args=[w.province.slug, document.pk])).content.decode()
    _tables_in_responsive_wrappers(review)
    page = lxml.html.fromstring(review)
    (bar,) = page.xpath('//*[.//button[@value="save"] and contains(@class, "bg-light")]')
    classes = bar.get("class").split()
    assert "sticky-bottom" not in classes and "sticky-md-bottom" in classes


@pytest.mark.parametrize(
    ("signed_on", "said"),
    [
        (lambda: today() + dt.timedelta(days=3), "sau hôm nay"),
        (lambda: dt.date(1900, 1, 1), "quá sớm cho kế hoạch"),
        (lambda: "31/02/2026", "Hãy nhập số, ký hiệu và ngày ban hành"),
    ],
)
def test_PLAN_1_a_refused_issue_date_says_why_and_changes_nothing(db, signed_on, said):
    """PLAN-1, U-1: a signing date after today or years before the plan is refused with its own reason (not only
    "enter a number and a date"); an unreadable date asks for dd/mm/yyyy. The plan stays a draft."""
    w = world()
    plan = _own_draft(w)
    value = signed_on()
    value = format_date(value) if isinstance(value, dt.date) else value
    url = reverse("plan-issue", args=[w.province.slug, plan.pk])
    response = login(w.user("standing_leader")).post(url, {"number": "9/KH-UBND", "signed_on": value}, follow=True)
    assert said in " ".join(str(m) for m in response.context["messages"])
    plan.refresh_from_db()
    assert (plan.status, plan.number) == (PlanStatus.DRAFT, "")

"""Plan exports (U-2): the .docx in the layout of Nghị định 30/2020/NĐ-CP and the .xlsx, read back from the bytes
the views send; the same view permission as the plan page (ORG-4); a fixed number of queries."""

import datetime as dt
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from cchc.agencies.models import AgencyGroup
from cchc.exports.official import format_place_date
from cchc.plans import services
from cchc.plans.models import Plan, PlanStatus
from tests.conftest import agency
from tests.plans.conftest import DN, area, bulk_tasks, make_plan, task_input

HEADERS = ["TT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
TASKS = [  # code, title, lead
    ("1", "Ban hành Kế hoạch cải cách hành chính năm 2027", "Sở Nội vụ"),
    ("2", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", "Sở Tư pháp"),
    ("4", "Tổ chức tuyên truyền cải cách hành chính", "Sở Nội vụ"),
]


@pytest.fixture
def plan(snv):
    plan = make_plan(snv, requirements="- Bám sát chỉ đạo của Chính phủ\n- Hoàn thành đúng tiến độ")
    departments = AgencyGroup.objects.get(province__name=DN, name="Các sở, ban, ngành")
    services.add_target(
        plan,
        actor=snv,
        data=services.TargetInput(
            text="Ít nhất 30% cơ quan, đơn vị được kiểm tra công tác CCHC",
            measure="percent",
            comparison=">=",
            value=Decimal(30),
            area_id=area("direction").pk,
        ),
    )
    (code1, title1, lead1), (code2, title2, lead2), (code4, title4, lead4) = TASKS
    services.add_task(
        plan,
        actor=snv,
        data=task_input(
            code=code1,
            title=title1,
            lead=lead1,
            area_id=area("direction").pk,
            products=("Kế hoạch của UBND tỉnh", "Báo cáo kết quả"),
            coordinator_groups=(departments,),
            time_text="Quý I",
        ),
    )
    services.add_task(
        plan,
        actor=snv,
        data=task_input(
            code=code2,
            title=title2,
            lead=lead2,
            area_id=area("institutions").pk,
            products=("Báo cáo kết quả rà soát",),
            coordinator_agencies=(agency(DN, "Sở Nội vụ"),),
            coordinator_groups=(departments,),
            time_text="- Ban hành kế hoạch: Quý I\n- Thực hiện: Quý III",
        ),
    )
    services.add_task(
        plan,
        actor=snv,
        data=task_input(
            code=code4, title=title4, lead=lead4, area_id=area("direction").pk, time_text="Thực hiện thường xuyên"
        ),
    )
    return plan


def _get(client, name, plan):
    return client.get(reverse(name, args=["da-nang", plan.pk]))


def _docx(client, plan):
    response = _get(client, "plan-export-docx", plan)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return response, docx.Document(io.BytesIO(response.content))


def _xlsx(client, plan):
    response = _get(client, "plan-export-xlsx", plan)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response, openpyxl.load_workbook(io.BytesIO(response.content))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _close(length, mm: float) -> bool:
    return abs(length - Mm(mm)) < Mm(0.5)


def test_U_2_plan_docx_has_the_official_layout(client_for, plan):
    response, document = _docx(client_for("dnang.snv"), plan)
    disposition = response["Content-Disposition"]
    assert (
        disposition.startswith("attachment;") and 'filename="Ke-hoach-cai-cach-hanh-chinh-nam-2027.docx"' in disposition
    )
    assert "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20c%E1%BA%A3i%20c%C3%A1ch" in disposition

    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt in (13, 14)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"

    first = document.sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert _close(first.page_width, 210) and _close(first.page_height, 297)
    assert _close(first.top_margin, 20) and _close(first.bottom_margin, 20)
    assert _close(first.left_margin, 30) and _close(first.right_margin, 15)
    assert first.different_first_page_header_footer, "no page number on page 1"
    assert "PAGE" in first.header._element.xml and first.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in first.first_page_header._element.xml

    header = document.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"]
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(run.bold for p in right.paragraphs for run in p.runs)
    assert "w:pBdr" in left._element.xml and "w:pBdr" in right._element.xml, "a short rule under each"
    assert 'w:val="single"' not in header._tbl.tblPr.xml, "the header table has no borders"
    assert header.cell(1, 0).text.strip() == "Số:      /KH-UBND"
    date_line = header.cell(1, 1).paragraphs[0]
    assert date_line.text.startswith("Đà Nẵng, ngày     tháng     năm ") and date_line.runs[0].italic

    texts = _texts(document)
    title = document.paragraphs[texts.index("KẾ HOẠCH")]
    assert title.runs[0].bold and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    subject = document.paragraphs[texts.index("KẾ HOẠCH") + 1]
    assert subject.text == "Cải cách hành chính năm 2027" and subject.runs[0].bold

    appendix_section = document.sections[-1]
    assert appendix_section.orientation == WD_ORIENT.LANDSCAPE and _close(appendix_section.page_width, 297)


def test_U_2_a_signed_plan_shows_its_number_and_date(client_for, plan):
    Plan.objects.filter(pk=plan.pk).update(number="15/KH-UBND", signed_on=dt.date(2027, 1, 5))
    _, document = _docx(client_for("dnang.snv"), plan)
    header = document.tables[0]
    assert header.cell(1, 0).text.strip() == "Số: 15/KH-UBND"
    assert header.cell(1, 1).text.strip() == "Đà Nẵng, ngày 05 tháng 01 năm 2027"
    assert "(Kèm theo Kế hoạch số 15/KH-UBND ngày 05 tháng 01 năm 2027 của Ủy ban nhân dân thành phố Đà Nẵng)" in (
        _texts(document)
    )


def test_U_2_place_and_date_take_leading_zeros_for_days_below_10_and_months_1_and_2():
    assert format_place_date("Bình Định", dt.date(2020, 3, 5)) == "Bình Định, ngày 05 tháng 3 năm 2020"
    assert format_place_date("Quảng Nam", dt.date(2020, 2, 15)) == "Quảng Nam, ngày 15 tháng 02 năm 2020"
    assert format_place_date("Quảng Nam", dt.date(2020, 12, 31)) == "Quảng Nam, ngày 31 tháng 12 năm 2020"
    assert format_place_date("Quảng Nam", None, year=2027) == "Quảng Nam, ngày     tháng     năm 2027"


def test_PLAN_1_plan_docx_reads_objectives_requirements_and_targets_by_area(client_for, plan):
    _, document = _docx(client_for("dnang.snv"), plan)
    texts = _texts(document)
    order = [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "a) Đẩy mạnh cải cách thủ tục hành chính",
        "b) Nâng cao Chỉ số CCHC của tỉnh",
        "- Bám sát chỉ đạo của Chính phủ",
        "II. CHỈ TIÊU, NHIỆM VỤ",
        "1. Công tác chỉ đạo, điều hành cải cách hành chính",
        "- Ít nhất 30% cơ quan, đơn vị được kiểm tra công tác CCHC (≥ 30%)",
        "2. Cải cách thể chế",
        "PHỤ LỤC",
        "NHIỆM VỤ TRỌNG TÂM",
    ]
    assert [texts.index(text) for text in order] == sorted(texts.index(text) for text in order)


def test_PLAN_2_plan_docx_appendix_is_a_table_with_every_task(client_for, plan):
    _, document = _docx(client_for("dnang.snv"), plan)
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == HEADERS
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, "the header row repeats on every page"
    assert 'w:val="single"' in table._tbl.tblPr.xml, "the table has borders"
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[0][0] == "I" and rows[0][1] == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"
    assert len(table.rows[1]._tr.tc_lst) == 2, "the area row is merged across"
    by_code = {row[0]: row for row in rows}
    for code, title, lead in TASKS:
        assert by_code[code][1] == title and by_code[code][3] == lead
    assert [r[0] for r in rows] == ["I", "1", "4", "II", "2"], "tasks under their area, numbering as written"
    assert by_code["1"][2] == "Kế hoạch của UBND tỉnh\nBáo cáo kết quả"
    assert by_code["2"][4] == "Sở Nội vụ\nCác sở, ban, ngành", "agencies, then groups"
    assert by_code["2"][5] == "- Ban hành kế hoạch: Quý I (hạn 31/03/2027)\n- Thực hiện: Quý III (hạn 30/09/2027)"
    assert by_code["4"][5] == "Thực hiện thường xuyên"


def test_PLAN_2_plan_xlsx_lists_tasks_with_area_and_due_date(client_for, plan):
    response, workbook = _xlsx(client_for("dnang.snv"), plan)
    assert 'filename="Ke-hoach-cai-cach-hanh-chinh-nam-2027.xlsx"' in response["Content-Disposition"]
    assert workbook.sheetnames == ["Nhiệm vụ", "Chỉ tiêu"]
    sheet = workbook["Nhiệm vụ"]
    assert "Kế hoạch cải cách hành chính năm 2027" in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header == [*HEADERS, "Lĩnh vực", "Hạn"] and all(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "A3" and sheet.column_dimensions["B"].width > 30
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3)}
    assert set(rows) == {code for code, _, _ in TASKS}
    for code, title, lead in TASKS:
        assert rows[code][1].value == title and rows[code][3].value == lead
        assert rows[code][1].alignment.wrap_text
    assert rows["2"][6].value == "Cải cách thể chế"
    due = rows["2"][7]
    assert isinstance(due.value, dt.date) and due.value.date() == dt.date(2027, 9, 30)
    assert "DD/MM/YYYY" in due.number_format.upper()
    assert rows["4"][7].value is None, "no computed date, no due date"


def test_PLAN_3_plan_xlsx_has_the_targets_sheet(client_for, plan):
    _, workbook = _xlsx(client_for("dnang.snv"), plan)
    sheet = workbook["Chỉ tiêu"]
    assert [c.value for c in sheet[2]] == ["Lĩnh vực", "Chỉ tiêu", "So sánh", "Giá trị", "Đơn vị", "Từ năm", "Đến năm"]
    values = [c.value for c in sheet[3]]
    assert values == [
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        "Ít nhất 30% cơ quan, đơn vị được kiểm tra công tác CCHC",
        "≥",
        30,
        "%",
        2027,
        2027,
    ]


def test_U_2_xlsx_text_that_looks_like_a_formula_stays_text(client_for, plan, snv):
    services.add_task(plan, actor=snv, data=task_input(code="9", title="=1+1 Nhiệm vụ thử"))
    _, workbook = _xlsx(client_for("dnang.snv"), plan)
    cell = next(row[1] for row in workbook["Nhiệm vụ"].iter_rows(min_row=3) if row[0].value == "9")
    assert cell.value == "=1+1 Nhiệm vụ thử" and cell.data_type == "s"


def test_U_2_an_agency_plan_names_its_governing_body_and_its_agency(client_for, snv):
    plan = make_plan(snv, kind="agency", title="Kế hoạch cải cách hành chính năm 2027 của Sở Nội vụ")
    _, document = _docx(client_for("dnang.snv"), plan)
    left = document.tables[0].cell(0, 0)
    lines = [(p.text, bool(p.runs[0].bold)) for p in left.paragraphs if p.text]
    assert lines == [("UBND THÀNH PHỐ ĐÀ NẴNG", False), ("SỞ NỘI VỤ", True)]


@pytest.mark.parametrize("name", ["plan-export-docx", "plan-export-xlsx"])
def test_ORG_4_exports_follow_the_plan_page_permission(client, client_for, plan, name):
    assert plan.status == PlanStatus.DRAFT
    anonymous = _get(client, name, plan)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert _get(client_for("dnang.stp"), name, plan).status_code == 404, "a department does not see a draft"
    assert _get(client_for("kgiang.snv"), name, plan).status_code == 404, "another province"
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ISSUED)
    assert _get(client_for("dnang.stp"), name, plan).status_code == 200


@pytest.mark.parametrize("name", ["plan-export-docx", "plan-export-xlsx"])
def test_exports_issue_the_same_queries_for_5_and_60_tasks(client_for, snv, name):
    client = client_for("dnang.snv")
    small, big = make_plan(snv, title="Nhỏ"), make_plan(snv, title="Lớn")
    bulk_tasks(small, 5)
    bulk_tasks(big, 60)
    counts = []
    for plan in (small, big):
        with CaptureQueriesContext(connection) as captured:
            assert _get(client, name, plan).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]

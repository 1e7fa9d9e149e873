"""U-6, PLAN-1 to PLAN-3: the pure plan parser (cchc.ingest.plan_parser) on the two seed plans and on the
variations real documents bring (pipe tables, .docx with merged cells, other headings, broken lines).

Pure: no database, no Django settings needed.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.core.text import fold
from cchc.ingest.plan_parser import area_of, is_same_as_above, parse_plan, read_percentages, split_agencies
from cchc.ingest.reader import NotADocument, read_text, read_upload
from cchc.ingest.structure import Extracted
from tests.conftest import seed_text

D = dt.date
SEED_003 = "003_b63ce56accc08db8.txt"  # Hưng Yên, QĐ 1605/QĐ-UBND, Kế hoạch CCHC giai đoạn 2016 - 2020
SEED_004 = "004_803d1f92a7fc57d5.txt"  # Bình Định, Kế hoạch CCHC năm 2020 with an appendix of 35 tasks
AREAS_004 = [
    "direction",
    "institutions",
    "procedures",
    "organisation",
    "civil-service",
    "public-finance",
    "modernisation",
]


@pytest.fixture(scope="module")
def plan_004() -> Extracted:
    return parse_plan(read_text(seed_text(SEED_004)))


@pytest.fixture(scope="module")
def plan_003() -> Extracted:
    return parse_plan(read_text(seed_text(SEED_003)))


def task_rows(plan: Extracted) -> list[tuple]:
    """What must not change between the forms of one document."""
    return [(t.area, t.code, t.title, t.lead, t.coordinators, t.products, t.time_text) for t in plan.tasks]


def warned(plan: Extracted, *words: str) -> list:
    return [w for w in plan.warnings if all(fold(word) in fold(w.message) for word in words)]


# --- 004: Bình Định, annual plan 2020 with an appendix table ------------------------------------------------------


def test_U_6_004_blank_number_and_date_are_warned_not_invented(plan_004):
    assert plan_004.kind == "plan"
    assert plan_004.number == ""
    assert plan_004.date is None
    assert warned(plan_004, "số văn bản") and all(w.line for w in warned(plan_004, "số văn bản"))
    assert warned(plan_004, "ngày ký")


def test_U_6_004_header_issuer_title_years(plan_004):
    assert plan_004.issuer == "Ủy ban nhân dân tỉnh Bình Định"
    assert plan_004.title == "Cải cách hành chính tỉnh Bình Định năm 2020"
    assert plan_004.years == [2020, 2020]


def test_PLAN_1_004_seven_areas_in_document_order(plan_004):
    assert [a.code for a in plan_004.areas] == AREAS_004
    assert plan_004.areas[1].name == "Cải cách thể chế"


def test_PLAN_1_004_objectives_and_requirements(plan_004):
    assert len(plan_004.objectives) == 4
    assert plan_004.objectives[0].startswith("Triển khai thực hiện và hoàn thành các mục tiêu")
    assert len(plan_004.requirements) == 3
    # "… quyết liệt áp dụng" / "những giải pháp …" was broken across two lines of the page
    assert "quyết liệt áp dụng những giải pháp đổi mới" in plan_004.requirements[1]


def test_PLAN_3_004_inspection_bullet_gives_three_targets(plan_004):
    inspection = [t for t in plan_004.targets if t.line == plan_004.targets[1].line]
    assert [(t.comparison, t.value) for t in inspection] == [(">=", 30), (">=", 30), ("=", 100)]
    assert {t.area for t in inspection} == {"direction"}
    assert "ít nhất đối với 30% đơn vị cấp xã" in inspection[1].text


def test_PLAN_3_004_every_percentage_of_the_target_lists(plan_004):
    per_area = {code: [t.value for t in plan_004.targets if t.area == code] for code in AREAS_004}
    assert per_area == {
        "direction": [100, 30, 30, 100, 100],
        "institutions": [100],
        "procedures": [100, 80, 100, 100, 20],
        "organisation": [100],
        "civil-service": [100, 100],
        "public-finance": [90, 100, 100],
        "modernisation": [100, 20, 90, 90, 100, 60, 100, 80, 60, 30, 85],
    }
    assert all(t.unit == "%" for t in plan_004.targets)
    # "Nhiệm vụ và giải pháp" bullets are not targets ("đảm bảo 100% số tiền nộp ngân sách" stays a task's words)
    assert not [t for t in plan_004.targets if "số tiền nộp ngân sách" in t.text]


def test_PLAN_3_004_comparisons_as_written(plan_004):
    def comparison(fragment: str) -> list[tuple[str, float]]:
        return [(t.comparison, t.value) for t in plan_004.targets if fragment in t.text]

    assert comparison("từ 90% trở lên") == [(">=", 90)]
    assert comparison("trên 85%") == [(">", 85)]
    assert comparison("ít nhất 20% thủ tục") == [(">=", 20)]
    # "tối thiểu 80% …, 60% … và 30% …": the comparison carries over the list
    assert comparison("tối thiểu 80%") == [(">=", 80), (">=", 60), (">=", 30)]
    # a plain "Đưa 80% thủ tục" is read as at least 80%, and said
    assert comparison("Đưa 80%") == [(">=", 80)]
    assert warned(plan_004, "80%", "không ghi rõ so sánh")


def test_PLAN_3_004_single_target_keeps_the_whole_bullet(plan_004):
    texts = [t.text for t in plan_004.targets if t.area == "civil-service"]
    assert texts[1].startswith("100% lãnh đạo cấp sở, cấp phòng thuộc sở; cấp phòng thuộc Ủy ban nhân dân cấp huyện")


def test_PLAN_2_004_appendix_gives_exactly_35_tasks(plan_004):
    assert len(plan_004.tasks) == 35
    counts = {code: sum(t.area == code for t in plan_004.tasks) for code in AREAS_004}
    assert counts == {
        "direction": 7,
        "institutions": 3,
        "procedures": 6,
        "organisation": 3,
        "civil-service": 6,
        "public-finance": 3,
        "modernisation": 7,
    }


def test_PLAN_2_004_codes_as_written_with_the_gap_of_area_III(plan_004):
    procedures = [t.code for t in plan_004.tasks if t.area == "procedures"]
    assert procedures == ["1", "2", "3", "4", "5", "7"]
    assert [t.code for t in plan_004.tasks if t.area == "direction"] == ["1", "2", "3", "4", "5", "6", "7"]


def test_PLAN_2_004_title_split_by_a_page_break_is_one_task(plan_004):
    task = plan_004.tasks[3]
    assert (task.area, task.code) == ("direction", "4")
    assert task.title.startswith("Triển khai tổng kết công tác cải cách hành chính nhà nước giai đoạn 2011- 2020")
    assert task.title.endswith("về cải cách hành chính giai đoạn 2016 - 2020")
    assert plan_004.tasks[4].code == "5"  # the continuation row is not a task of its own


def test_PLAN_2_004_nt_cell_is_the_cell_above(plan_004):
    task_5 = plan_004.tasks[4]
    assert task_5.title.startswith("Xây dựng Chương trình cải cách hành chính của tỉnh giai đoạn 2021 - 2030")
    assert task_5.coordinators == plan_004.tasks[3].coordinators == ["Các sở, ban, ngành", "UBND cấp huyện"]


def test_PLAN_2_004_group_split_with_shared_head(plan_004):
    task = plan_004.tasks[1]
    assert task.coordinators == ["Các sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"]
    procedures_2 = next(t for t in plan_004.tasks if t.area == "procedures" and t.code == "2")
    assert procedures_2.coordinators == ["Sở Tư pháp", "Sở Thông tin và Truyền thông", "các cơ quan, đơn vị liên quan"]
    finance_1 = next(t for t in plan_004.tasks if t.area == "public-finance" and t.code == "1")
    assert finance_1.coordinators == ["Sở Tài chính", "các cơ quan có liên quan"]
    assert finance_1.lead == "Các sở, ban, ngành, UBND cấp huyện"  # a lead stays as written


def test_PLAN_2_004_products_split(plan_004):
    assert plan_004.tasks[0].products == ["Báo cáo của UBND tỉnh", "Quyết định của UBND tỉnh"]
    assert plan_004.tasks[1].products == ["Quyết định của UBND tỉnh"]


def test_PLAN_2_004_two_phase_time_gives_two_milestones(plan_004):
    task = plan_004.tasks[2]
    assert task.time_text == "- Ban hành kế hoạch: Quý I - Triển khai thực hiện: Cả năm"
    assert [(m.label, m.due) for m in task.milestones] == [
        ("Ban hành kế hoạch", D(2020, 3, 31)),
        ("Triển khai thực hiện", D(2020, 12, 31)),
    ]


def test_PLAN_2_004_undated_times_keep_their_words(plan_004):
    recurring = next(t for t in plan_004.tasks if t.time_text == "Thực hiện thường xuyên")
    assert [(m.label, m.due) for m in recurring.milestones] == [("Thực hiện thường xuyên", None)]
    quarter = plan_004.tasks[0]
    assert [(m.label, m.due) for m in quarter.milestones] == [("Quý I", D(2020, 3, 31))]


def test_PLAN_2_004_leads_as_written(plan_004):
    leads = {t.lead for t in plan_004.tasks}
    assert "Sở Nội vụ" in leads and "Văn phòng UBND tỉnh" in leads and "Sở Khoa học và Công nghệ" in leads
    assert all(t.lead for t in plan_004.tasks)


def test_U_6_004_json_contract(plan_004):
    data = plan_004.to_json()
    assert data["tasks"][2]["milestones"][0] == {"label": "Ban hành kế hoạch", "due": "2020-03-31"}
    assert "line" not in data["tasks"][0] and "line" not in data["targets"][0]
    assert all(set(w) == {"line", "message"} for w in data["warnings"])


# --- 003: Hưng Yên, period plan 2016 - 2020 with lettered tasks --------------------------------------------------


def test_U_6_003_header(plan_003):
    assert plan_003.number == "1605/QĐ-UBND"
    assert plan_003.date == D(2016, 8, 4)
    assert plan_003.issuer == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert plan_003.title == "Cải cách hành chính nhà nước tỉnh Hưng Yên giai đoạn 2016 - 2020"
    assert plan_003.years == [2016, 2020]


def test_PLAN_1_003_seven_areas_and_objectives(plan_003):
    assert [a.code for a in plan_003.areas] == [
        "institutions",
        "procedures",
        "organisation",
        "civil-service",
        "public-finance",
        "modernisation",
        "direction",
    ]
    assert len(plan_003.objectives) == 3


def test_PLAN_2_003_lettered_tasks_under_each_area(plan_003):
    def codes(area: str) -> list[str]:
        return [t.code for t in plan_003.tasks if t.area == area]

    assert codes("institutions") == ["a", "b", "c", "d"]
    assert codes("procedures") == ["a", "b", "c", "d", "đ", "e", "g"]
    assert codes("modernisation") == ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]
    assert len(plan_003.tasks) == 38
    # "… Nghị định số 108/2014/NĐ-CP ngày 20/11/2014" / "của Chính phủ …" was broken across lines
    civil_dd = next(t for t in plan_003.tasks if t.area == "civil-service" and t.code == "đ")
    assert "ngày 20/11/2014 của Chính phủ về chính sách tinh giản biên chế" in civil_dd.title


def test_PLAN_3_003_quantitative_aims_become_targets(plan_003):
    found = {(t.area, t.comparison, t.value) for t in plan_003.targets}
    assert ("modernisation", ">=", 65) in found
    assert ("modernisation", ">=", 30) in found
    assert ("procedures", ">", 80) in found  # satisfaction above 80%
    assert ("civil-service", "=", 100) in found
    assert ("modernisation", ">", 90) in found  # "Trên 90% văn bản đi, văn bản đến"


def test_PLAN_2_003_leads_from_the_organisation_section(plan_003):
    def leads(area: str) -> set[str]:
        return {t.lead for t in plan_003.tasks if t.area == area}

    assert leads("institutions") == {"Sở Tư pháp"}
    assert leads("public-finance") == {"Sở Tài chính"}
    assert leads("organisation") == leads("civil-service") == {"Sở Nội vụ"}
    modernisation = {t.code: t.lead for t in plan_003.tasks if t.area == "modernisation"}
    assert modernisation["a"] == "Sở Thông tin và Truyền thông"  # công nghệ thông tin
    assert modernisation["e"] == "Sở Khoa học và Công nghệ"  # ISO 9001
    assert modernisation["k"] == "Sở Kế hoạch và Đầu tư"  # both cite Quyết định số 1441/QĐ-TTg


def test_PLAN_2_003_premises_task_takes_the_lead_section_III_gives_premises(plan_003):
    """III.6 gives "đầu tư trụ sở cấp xã" to Sở Kế hoạch và Đầu tư; task g is the premises task."""
    trụ_sở = next(t for t in plan_003.tasks if t.area == "modernisation" and t.code == "g")
    assert trụ_sở.lead == "Sở Kế hoạch và Đầu tư"


def test_PLAN_2_undeterminable_lead_is_empty_and_warned():
    text = (
        "KẾ HOẠCH\nCải cách hành chính năm 2022\nII. NHIỆM VỤ\n1. Hiện đại hóa hành chính\n"
        "a) Tổ chức hội thi tìm hiểu về cải cách hành chính\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\nChủ trì tổ chức bộ máy.\n2. Sở Tư pháp\nTheo dõi cải cách thể chế.\n"
    )
    plan = parse_plan(read_text(text))
    task = next(t for t in plan.tasks if t.code == "a")
    assert task.lead == ""
    assert any(w.line == task.line and "chủ trì" in w.message for w in plan.warnings)


# --- variations ---------------------------------------------------------------------------------------------------


def as_pipe_table(text: str) -> str:
    """004 with its appendix written as Markdown pipe tables (a rule line under each header row)."""
    out = []
    for line in text.split("\n"):
        if line.count("\t") >= 2:
            cells = [re.sub(r"</?b>", "", c).strip() for c in line.split("\t")]
            out.append("| " + " | ".join(cells) + " |")
            if fold(cells[0]) == "tt":
                out.append("|" + "---|" * len(cells))
        else:
            out.append(line)
    return "\n".join(out)


def test_U_6_004_appendix_as_pipe_table_gives_the_same_tasks(plan_004):
    piped = parse_plan(read_text(as_pipe_table(seed_text(SEED_004))))
    assert task_rows(piped) == task_rows(plan_004)
    assert [(m.label, m.due) for m in piped.tasks[2].milestones] == [
        ("Ban hành kế hoạch", D(2020, 3, 31)),
        ("Triển khai thực hiện", D(2020, 12, 31)),
    ]


def seed_as_docx(text: str) -> bytes:
    """004 as a Word file: its paragraphs, then its appendix as two tables with a page break between them. The
    text's repeated header rows stay inside the first table (as Word repeats a header row on each page) and the
    second table starts with one; the area rows are merged across the columns (all six, or all but the numeral)."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    rows = []
    for line in text.split("\n"):
        if line.count("\t") >= 2:
            rows.append([re.sub(r"</?b>", "", cell).strip() for cell in line.split("\t")])
        else:
            document.add_paragraph(xml_safe(line))
    middle = len(rows) // 2
    halves = [rows[:middle], [rows[0], *rows[middle:]]]
    for index, half in enumerate(halves):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        table = document.add_table(rows=len(half), cols=6)
        for r, row in enumerate(half):
            cells = table.rows[r].cells
            if re.fullmatch(r"[IVX]+", row[0]):
                if r % 2:  # the whole row merged: "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"
                    cells[0].merge(cells[5]).text = f"{row[0]}. {row[1]}"
                else:  # the numeral apart, the name merged across the other columns
                    cells[0].text = row[0]
                    cells[1].merge(cells[5]).text = row[1]
                continue
            for c, value in enumerate(row[:6]):
                cells[c].text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_U_6_004_as_docx_with_merged_cells_gives_the_same_35_tasks(plan_004):
    source = read_upload(seed_as_docx(seed_text(SEED_004)), "x.docx")
    from_docx = parse_plan(source)
    assert len(from_docx.tasks) == 35
    assert task_rows(from_docx) == task_rows(plan_004)
    assert [a.code for a in from_docx.areas] == AREAS_004
    assert from_docx.years == [2020, 2020]
    assert [(m.label, m.due) for m in from_docx.tasks[2].milestones] == [
        ("Ban hành kế hoạch", D(2020, 3, 31)),
        ("Triển khai thực hiện", D(2020, 12, 31)),
    ]


def test_U_6_docx_vertically_merged_lead_is_repeated_not_a_new_task():
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Cải cách hành chính tỉnh Quảng Nam năm 2021")
    table = document.add_table(rows=5, cols=5)
    for c, head in enumerate(["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]):
        table.rows[0].cells[c].text = head
    table.rows[1].cells[0].merge(table.rows[1].cells[4]).text = "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH"
    for r, (code, title) in enumerate([("1", "Rà soát thủ tục"), ("2", "Công bố thủ tục"), ("3", "Kiểm soát")], 2):
        table.rows[r].cells[0].text = code
        table.rows[r].cells[1].text = title
        table.rows[r].cells[3].text = "nt" if r == 3 else "Các sở, ban, ngành"
        table.rows[r].cells[4].text = "Quý II"
    table.rows[2].cells[2].merge(table.rows[4].cells[2]).text = "Văn phòng UBND tỉnh"
    buffer = io.BytesIO()
    document.save(buffer)
    plan = parse_plan(read_upload(buffer.getvalue(), "x.docx"))
    assert [(t.area, t.code, t.lead, t.coordinators) for t in plan.tasks] == [
        ("procedures", "1", "Văn phòng UBND tỉnh", ["Các sở, ban, ngành"]),
        ("procedures", "2", "Văn phòng UBND tỉnh", ["Các sở, ban, ngành"]),
        ("procedures", "3", "Văn phòng UBND tỉnh", ["Các sở, ban, ngành"]),
    ]
    assert plan.tasks[0].milestones[0].due == D(2021, 6, 30)


def word_plan() -> bytes:
    """A plan as Word writes it: the national header block in a table, areas and tasks numbered by Word."""
    import docx

    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\n-------"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"
    header.cell(1, 0).text = "Số: 12 /KH-UBND"
    header.cell(1, 1).text = "Quảng Nam, ngày 15 tháng 01 năm 2021"
    for text, style in [
        ("KẾ HOẠCH", None),
        ("Cải cách hành chính tỉnh Quảng Nam năm 2021", None),
        ("I. MỤC TIÊU", None),
        ("Nâng cao chất lượng phục vụ người dân.", "List Bullet"),
        ("II. NHIỆM VỤ", None),
        ("Cải cách thể chế", "List Number"),
        ("Rà soát văn bản quy phạm pháp luật.", "List Bullet"),
        ("Kiểm tra văn bản; bảo đảm 100% văn bản được kiểm tra.", "List Bullet"),
        ("Cải cách thủ tục hành chính", "List Number"),
        ("Công bố thủ tục hành chính.", "List Bullet"),
        ("III. TỔ CHỨC THỰC HIỆN", None),
        ("1. Sở Tư pháp: chủ trì các nhiệm vụ cải cách thể chế.", None),
        ("2. Văn phòng UBND tỉnh: chủ trì kiểm soát thủ tục hành chính.", None),
    ]:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_U_6_docx_header_table_and_word_numbering():
    plan = parse_plan(read_upload(word_plan(), "ke-hoach.docx"))
    assert (plan.number, plan.date, plan.issuer) == ("12/KH-UBND", D(2021, 1, 15), "Ủy ban nhân dân tỉnh Quảng Nam")
    assert plan.title == "Cải cách hành chính tỉnh Quảng Nam năm 2021"
    assert plan.objectives == ["Nâng cao chất lượng phục vụ người dân."]
    assert [a.code for a in plan.areas] == ["institutions", "procedures"]
    assert [(t.area, t.code, t.lead) for t in plan.tasks] == [
        ("institutions", "1", "Sở Tư pháp"),
        ("institutions", "2", "Sở Tư pháp"),
        ("procedures", "1", "Văn phòng UBND tỉnh"),
    ]
    assert [(t.area, t.comparison, t.value) for t in plan.targets] == [("institutions", "=", 100)]


def test_PLAN_1_area_headings_without_numbers():
    text = "\n".join(
        [
            "KẾ HOẠCH",
            "Cải cách hành chính năm 2021",
            "II. NHIỆM VỤ",
            "Cải cách thể chế",
            "Rà soát văn bản quy phạm pháp luật.",
            "Cải cách thủ tục hành chính",
            "Công bố thủ tục hành chính.",
            "Niêm yết công khai thủ tục.",
        ]
    )
    plan = parse_plan(read_text(text))
    assert [a.code for a in plan.areas] == ["institutions", "procedures"]
    assert [(t.area, t.code, t.title) for t in plan.tasks] == [
        ("institutions", "1", "Rà soát văn bản quy phạm pháp luật."),
        ("procedures", "1", "Công bố thủ tục hành chính."),
        ("procedures", "2", "Niêm yết công khai thủ tục."),
    ]


def test_U_6_docx_area_row_in_sentence_case_merged_across_the_row():
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Cải cách hành chính năm 2022")
    table = document.add_table(rows=4, cols=4)
    for c, head in enumerate(["TT", "Nhiệm vụ", "Chủ trì", "Thời gian"]):
        table.cell(0, c).text = head
    table.cell(1, 0).merge(table.cell(1, 3)).text = "Cải cách thể chế"
    for c, value in enumerate(["1", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Quý I"]):
        table.cell(2, c).text = value
    table.cell(3, 1).text = "ban hành năm 2021"  # the title goes on in the next row
    buffer = io.BytesIO()
    document.save(buffer)
    plan = parse_plan(read_upload(buffer.getvalue(), "x.docx"))
    assert [(a.code, a.name) for a in plan.areas] == [("institutions", "Cải cách thể chế")]
    assert [(t.area, t.code, t.title) for t in plan.tasks] == [
        ("institutions", "1", "Rà soát văn bản quy phạm pháp luật ban hành năm 2021")
    ]


def test_PLAN_1_004_area_headings_written_differently():
    text = seed_text(SEED_004)
    text = text.replace("### **1. Công tác chỉ đạo, điều hành**", "1. CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH")
    text = text.replace("## **2. Cải cách thể chế**", "2. Cải cách thể chế:")
    text = text.replace("#### **a) Chỉ tiêu**", "a) Chỉ tiêu cụ thể:", 1)
    plan = parse_plan(read_text(text))
    assert [a.code for a in plan.areas] == AREAS_004
    assert [(t.area, t.value) for t in plan.targets[:6]] == [
        ("direction", 100),
        ("direction", 30),
        ("direction", 30),
        ("direction", 100),
        ("direction", 100),
        ("institutions", 100),
    ]
    assert len(plan.tasks) == 35


ROMAN_AREAS_PLAN = """\
ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM
Số: 12/KH-UBND
Quảng Nam, ngày 15 tháng 01 năm 2021

KẾ HOẠCH
CẢI CÁCH HÀNH CHÍNH NĂM 2021

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao chất lượng phục vụ người dân, doanh nghiệp.
2. Yêu cầu
- Bám sát các nhiệm vụ của Chương trình tổng thể.

II. CẢI CÁCH THỂ CHẾ
1. Chỉ tiêu cụ thể: 100% văn bản quy phạm pháp luật được ban hành đúng quy định; tỷ lệ văn bản sai sót dưới 5%.
2. Nhiệm vụ
- Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh năm 2021, kiến nghị sửa đổi các văn bản
không còn phù hợp với quy định của
Trung ương.
- Kiểm tra việc thi hành pháp luật.

III. XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ
1. Chỉ tiêu
- Tỷ lệ hồ sơ trực tuyến không quá 10% bị trả lại; thời gian xử lý không vượt quá 5% hồ sơ trễ hạn.
2. Nhiệm vụ
- Triển khai nền tảng chia sẻ dữ liệu của tỉnh.

IV. CÔNG TÁC THI ĐUA, KHEN THƯỞNG
1. Nhiệm vụ
- Khen thưởng kịp thời.

V. TỔ CHỨC THỰC HIỆN
1. Sở Tư pháp: chủ trì theo dõi việc thực hiện nhiệm vụ cải cách thể chế.
2. Sở Thông tin và Truyền thông chủ trì các nhiệm vụ xây dựng chính quyền điện tử, chính quyền số.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
"""


@pytest.fixture(scope="module")
def roman_plan() -> Extracted:
    return parse_plan(read_text(ROMAN_AREAS_PLAN))


def test_U_6_header_of_a_plan_issued_as_such(roman_plan):
    assert roman_plan.number == "12/KH-UBND"
    assert roman_plan.date == D(2021, 1, 15)
    assert roman_plan.issuer == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert roman_plan.title == "Cải cách hành chính năm 2021"
    assert roman_plan.years == [2021, 2021]
    assert roman_plan.objectives == ["Nâng cao chất lượng phục vụ người dân, doanh nghiệp."]
    assert roman_plan.requirements == ["Bám sát các nhiệm vụ của Chương trình tổng thể."]


def test_PLAN_1_roman_sections_that_are_areas_and_an_unknown_area(roman_plan):
    assert [(a.code, a.name) for a in roman_plan.areas] == [
        ("institutions", "CẢI CÁCH THỂ CHẾ"),
        ("modernisation", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"),
        ("", "CÔNG TÁC THI ĐUA, KHEN THƯỞNG"),
    ]
    unknown = warned(roman_plan, "không nhận ra lĩnh vực")
    assert [w.line for w in unknown] == [ROMAN_AREAS_PLAN.split("\n").index("IV. CÔNG TÁC THI ĐUA, KHEN THƯỞNG") + 1]


def test_PLAN_3_inline_target_list_and_upper_bounds(roman_plan):
    assert [(t.area, t.comparison, t.value) for t in roman_plan.targets] == [
        ("institutions", "=", 100),
        ("institutions", "<", 5),
        ("modernisation", "<=", 10),
        ("modernisation", "<=", 5),
    ]


def test_U_6_line_broken_mid_sentence_is_joined(roman_plan):
    institutions = [t for t in roman_plan.tasks if t.area == "institutions"]
    assert [t.code for t in institutions] == ["1", "2"]
    assert institutions[0].title == (
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh năm 2021, kiến nghị sửa đổi các văn bản không "
        "còn phù hợp với quy định của Trung ương."
    )
    assert institutions[0].lead == "Sở Tư pháp"
    modernisation = [t for t in roman_plan.tasks if t.area == "modernisation"]
    assert modernisation[0].lead == "Sở Thông tin và Truyền thông"


LETTERED_AREAS_PLAN = """\
KẾ HOẠCH
Cải cách hành chính giai đoạn 2021 - 2025

II. NHIỆM VỤ TRỌNG TÂM
a) Cải cách thủ tục hành chính
- Đơn giản hóa thủ tục hành chính nội bộ.
+ Rà soát các thủ tục nội bộ của các sở.
- Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt trên 50%.
b) Cải cách chế độ công vụ
- Thi tuyển lãnh đạo cấp phòng.
c) Công tác kiểm tra
- Kiểm tra 30% cơ quan mỗi năm.
"""


def test_PLAN_1_lettered_area_headings_with_bulleted_tasks():
    plan = parse_plan(read_text(LETTERED_AREAS_PLAN))
    assert [a.code for a in plan.areas] == ["procedures", "civil-service", ""]
    assert [(t.area, t.code) for t in plan.tasks] == [
        ("procedures", "1"),
        ("procedures", "2"),
        ("civil-service", "1"),
        ("", "1"),
    ]
    assert plan.tasks[0].title == "Đơn giản hóa thủ tục hành chính nội bộ. + Rà soát các thủ tục nội bộ của các sở."
    assert plan.years == [2021, 2025]
    # no "Chỉ tiêu" list: the percentages of the tasks are the targets
    assert [(t.area, t.comparison, t.value) for t in plan.targets] == [("procedures", ">", 50), ("", ">=", 30)]
    assert warned(plan, "không xác định được cơ quan chủ trì")


THEMATIC_PLAN = """\
UBND TỈNH LONG AN
Số: 45/KH-UBND
Long An, ngày 3 tháng 3 năm 2022
KẾ HOẠCH
CẢI CÁCH THỦ TỤC HÀNH CHÍNH
NĂM 2022
I. MỤC ĐÍCH
- Giảm thời gian giải quyết hồ sơ.
II. NHIỆM VỤ
1. Rà soát, đơn giản hóa thủ tục hành chính; bảo đảm tỷ lệ hồ sơ trễ hạn dưới 2%.
2. Công khai thủ tục hành chính.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng UBND tỉnh
- Chủ trì kiểm soát thủ tục hành chính, theo dõi việc thực hiện Kế hoạch.
- Các sở, ngành phối hợp với Văn phòng UBND tỉnh thực hiện.
- Tổng hợp, báo cáo kết quả kiểm soát thủ tục hành chính.
2. Sở Tư pháp
- Theo dõi thi hành pháp luật.
"""


def test_PLAN_1_thematic_plan_takes_its_area_from_the_title():
    plan = parse_plan(read_text(THEMATIC_PLAN))
    assert (plan.number, plan.date, plan.issuer) == ("45/KH-UBND", D(2022, 3, 3), "Ủy ban nhân dân tỉnh Long An")
    assert plan.title == "Cải cách thủ tục hành chính năm 2022"
    assert plan.years == [2022, 2022]
    assert [a.code for a in plan.areas] == ["procedures"]
    assert [(t.area, t.code, t.lead) for t in plan.tasks] == [
        ("procedures", "1", "Văn phòng UBND tỉnh"),
        ("procedures", "2", "Văn phòng UBND tỉnh"),
    ]
    assert [(t.area, t.comparison, t.value) for t in plan.targets] == [("procedures", "<", 2)]


def test_U_6_table_with_columns_in_another_order():
    text = "\n".join(
        [
            "KẾ HOẠCH",
            "Cải cách hành chính năm 2022",
            "STT\tThời gian hoàn thành\tCơ quan chủ trì\tNội dung nhiệm vụ\tCơ quan phối hợp",
            "A\tCẢI CÁCH TÀI CHÍNH CÔNG\t\t\t",
            "1\tQuý II/2022\tSở Tài chính\tGiao dự toán kinh phí\tKho bạc Nhà nước tỉnh; các huyện, thị xã, thành phố",
            "2\tNhư trên\t\tHướng dẫn tự chủ tài chính\t-nt-",
        ]
    )
    plan = parse_plan(read_text(text))
    assert [a.code for a in plan.areas] == ["public-finance"]
    assert [(t.code, t.title, t.lead, t.coordinators, t.time_text) for t in plan.tasks] == [
        (
            "1",
            "Giao dự toán kinh phí",
            "Sở Tài chính",
            ["Kho bạc Nhà nước tỉnh", "các huyện, thị xã, thành phố"],
            "Quý II/2022",
        ),
        (
            "2",
            "Hướng dẫn tự chủ tài chính",
            "",
            ["Kho bạc Nhà nước tỉnh", "các huyện, thị xã, thành phố"],
            "Quý II/2022",
        ),
    ]
    assert plan.tasks[1].milestones[0].due == D(2022, 6, 30)
    no_lead = warned(plan, "không có cơ quan chủ trì")
    assert [w.line for w in no_lead] == [6]


def test_U_6_004_appendix_with_columns_in_another_order_gives_the_same_tasks(plan_004):
    order = [5, 3, 1, 0, 4, 2]  # Thời gian, Chủ trì, Nhiệm vụ, TT, Phối hợp, Sản phẩm
    lines = [
        "\t".join(line.split("\t")[i] for i in order) if line.count("\t") >= 2 else line
        for line in seed_text(SEED_004).split("\n")
    ]
    assert task_rows(parse_plan(read_text("\n".join(lines)))) == task_rows(plan_004)


def test_U_6_003_as_docx_reads_the_same(plan_003):
    import docx

    document = docx.Document()
    for line in seed_text(SEED_003).split("\n"):
        document.add_paragraph(xml_safe(line))
    buffer = io.BytesIO()
    document.save(buffer)
    from_docx = parse_plan(read_upload(buffer.getvalue(), "1605.docx"))
    assert [(t.area, t.code, t.title, t.lead) for t in from_docx.tasks] == [
        (t.area, t.code, t.title, t.lead) for t in plan_003.tasks
    ]
    assert from_docx.to_json()["targets"] == plan_003.to_json()["targets"]


def test_U_6_two_row_header_of_a_thematic_plan():
    text = "\n".join(
        [
            "KẾ HOẠCH",
            "Kiểm soát thủ tục hành chính năm 2021",
            "| STT | Nội dung | Cơ quan thực hiện | | Thời gian | |",
            "|---|---|---|---|---|---|",
            "| | | Chủ trì | Phối hợp | Bắt đầu | Hoàn thành |",
            "| 1 | Rà soát thủ tục | Văn phòng UBND tỉnh | Các sở, ban, ngành | Quý I | Quý II |",
            "| 2 | Công bố thủ tục | nt | nt | Quý I | Quý III |",
        ]
    )
    plan = parse_plan(read_text(text))
    assert [a.code for a in plan.areas] == ["procedures"]  # no area rows: the area the title names
    assert [(t.area, t.code, t.lead, t.coordinators, t.time_text) for t in plan.tasks] == [
        ("procedures", "1", "Văn phòng UBND tỉnh", ["Các sở, ban, ngành"], "Quý II"),
        ("procedures", "2", "Văn phòng UBND tỉnh", ["Các sở, ban, ngành"], "Quý III"),
    ]


def test_PLAN_2_unreadable_time_is_warned_with_its_line():
    text = "KẾ HOẠCH\nCải cách hành chính năm 2020\nTT\tNhiệm vụ\tChủ trì\tThời gian\nI\tCẢI CÁCH THỂ CHẾ\t\t\n"
    text += "1\tRà soát văn bản\tSở Tư pháp\txong sớm\n"
    plan = parse_plan(read_text(text))
    assert plan.tasks[0].milestones[0].due is None
    assert [w.line for w in warned(plan, "không hiểu thời hạn")] == [5]


# --- small pieces -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (
            "Sở Tư pháp, Sở Thông tin và Truyền thông, các cơ quan, đơn vị liên quan",
            ["Sở Tư pháp", "Sở Thông tin và Truyền thông", "các cơ quan, đơn vị liên quan"],
        ),
        ("Các sở, ban, ngành; UBND cấp huyện, cấp xã", ["Các sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"]),
        ("Sở Tài chính và các cơ quan có liên quan", ["Sở Tài chính", "các cơ quan có liên quan"]),
        ("UBND các huyện, thị xã, thành phố", ["UBND các huyện, thị xã, thành phố"]),
        ("Sở Văn hóa, Thể thao và Du lịch, Sở Nội vụ", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Nội vụ"]),
        ("Các cơ quan, đơn vị, địa phương", ["Các cơ quan, đơn vị, địa phương"]),
        ("Sở Nội vụ\nSở Tài chính", ["Sở Nội vụ", "Sở Tài chính"]),
        ("", []),
    ],
)
def test_PLAN_2_coordinator_cells_split_into_names(cell, names):
    assert split_agencies(cell) == names


@pytest.mark.parametrize("cell", ["nt", "NT", "-nt-", "(nt)", "Như trên", "“nt”", " n/t "])
def test_PLAN_2_same_as_above_cells(cell):
    assert is_same_as_above(cell)


@pytest.mark.parametrize("cell", ["Sở Nội vụ", "Quý I", "", "ntn"])
def test_PLAN_2_other_cells_are_not_same_as_above(cell):
    assert not is_same_as_above(cell)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ít nhất 30% cơ quan", [(">=", 30)]),
        ("có trên 85% đơn vị", [(">", 85)]),
        ("đạt từ 90% trở lên", [(">=", 90)]),
        ("100% hồ sơ", [("=", 100)]),
        ("tỷ lệ hồ sơ trễ hạn dưới 5%", [("<", 5)]),
        ("chi phí không quá 10% dự toán", [("<=", 10)]),
        ("tối đa 2,5% hồ sơ", [("<=", 2.5)]),
        ("đạt mức không thấp hơn 70%", [(">=", 70)]),
        ("60% thủ tục", [(">=", 60)]),
    ],
)
def test_PLAN_3_comparison_words(text, expected):
    assert [(r.comparison, r.value) for r in read_percentages(text)] == expected


@pytest.mark.parametrize(
    ("heading", "code"),
    [
        ("Công tác chỉ đạo, điều hành", "direction"),
        ("CẢI CÁCH THỂ CHẾ", "institutions"),
        ("Cải cách thủ tục hành chính", "procedures"),
        ("Cải cách tổ chức bộ máy hành chính nhà nước", "organisation"),
        ("Cải cách chế độ công vụ", "civil-service"),
        ("Đổi mới, nâng cao chất lượng đội ngũ cán bộ, công chức", "civil-service"),
        ("Cải cách tài chính công", "public-finance"),
        ("Hiện đại hoá hành chính", "modernisation"),
        ("Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "modernisation"),
        ("Công tác thi đua", None),
    ],
)
def test_PLAN_1_area_headings_by_folded_keywords(heading, code):
    assert area_of(heading) == code


# --- never raises -------------------------------------------------------------------------------------------------

FRAGMENTS = [
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "Số: /QĐ-UBND",
    "Số: 12/KH-UBND",
    "Bình Định, ngày tháng năm 2019",
    "Hà Nội, ngày 31 tháng 02 năm 2020",
    "ỦY BAN NHÂN DÂN TỈNH",
    "I. MỤC TIÊU, YÊU CẦU",
    "II. CẢI CÁCH THỂ CHẾ",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Sở Tư pháp",
    "a) Chỉ tiêu",
    "b) Nhiệm vụ và giải pháp",
    "- 100% văn bản; ít nhất 30% và trên",
    "- từ % trở lên 999%",
    "+ tối thiểu 80%, 60% và 30%",
    "TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành",
    "I\tCÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\t\t\t\t",
    "1.\tViệc\t1. A; 2. B\tnt\tnt\t- Ban hành: Quý V - Thực hiện: tháng 13",
    "\t2016 - 2020\t\t\t\t",
    "| TT | Nội dung | Chủ trì |",
    "|---|---|---|",
    "| 1 | x | nt |",
    "PHỤ LỤC",
    "CHỦ TỊCH",
    "Trên đây là Kế hoạch",
    "KẾ HOẠCH 9999 - 0001",
    "giai đoạn 2030 - 2020",
    "năm 0000",
]
lines = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, max_size=40).map("\n".join))
def test_U_6_parse_plan_never_raises_on_any_text(text):
    result = parse_plan(read_text(text))
    assert result.kind == "plan"
    result.to_json()


@pytest.fixture(scope="module")
def small_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Cải cách hành chính năm 2020")
    table = document.add_table(rows=3, cols=4)
    for c, head in enumerate(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]):
        table.rows[0].cells[c].text = head
    table.rows[1].cells[0].merge(table.rows[1].cells[3]).text = "I. CẢI CÁCH THỂ CHẾ"
    for c, value in enumerate(["1.", "Rà soát văn bản", "Sở Tư pháp", "Quý I"]):
        table.rows[2].cells[c].text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_U_6_small_docx_reads(small_docx):
    plan = parse_plan(read_upload(small_docx, "x.docx"))
    assert [(t.area, t.code, t.lead) for t in plan.tasks] == [("institutions", "1", "Sở Tư pháp")]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_U_6_corrupted_docx_raises_only_not_a_document(small_docx, data):
    damaged = bytearray(small_docx)
    how = data.draw(st.sampled_from(["truncate", "flip", "both"]))
    if how in ("truncate", "both"):
        damaged = damaged[: data.draw(st.integers(0, len(damaged)))]
    if how in ("flip", "both") and damaged:
        for _ in range(data.draw(st.integers(1, 8))):
            at = data.draw(st.integers(0, len(damaged) - 1))
            damaged[at] = data.draw(st.integers(0, 255))
    try:
        source = read_upload(bytes(damaged), "x.docx")
    except NotADocument:
        return
    parse_plan(source).to_json()


def xml_safe(text: str) -> str:
    """What Word can hold: no control characters or lone surrogates."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]", "", text)


cell_text = st.one_of(st.sampled_from(FRAGMENTS + ["", "", "nt", "I", "II"]), st.text(max_size=20))


@settings(max_examples=40, deadline=None)
@given(
    paragraphs=st.lists(cell_text, max_size=6),
    shape=st.tuples(st.integers(1, 5), st.integers(1, 6)),
    cells=st.lists(cell_text, min_size=30, max_size=30),
    merges=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 5), st.integers(0, 4), st.integers(0, 5)), max_size=3),
)
def test_U_6_odd_but_valid_docx_never_makes_parse_plan_raise(paragraphs, shape, cells, merges):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(xml_safe(text))
    rows, cols = shape
    table = document.add_table(rows=rows, cols=cols)
    for r in range(rows):
        for c in range(cols):
            table.cell(r, c).text = xml_safe(cells[r * cols + c])
    for r1, c1, r2, c2 in merges:
        try:
            table.cell(r1 % rows, c1 % cols).merge(table.cell(r2 % rows, c2 % cols))
        except Exception:  # noqa: BLE001 - python-docx refuses some spans; the document stays valid
            continue
    buffer = io.BytesIO()
    document.save(buffer)
    try:
        source = read_upload(buffer.getvalue(), "odd.docx")
    except NotADocument:
        return
    parse_plan(source).to_json()

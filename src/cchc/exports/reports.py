"""RPT-5: the province's consolidated CCHC report as .docx (Nghị định 30/2020 layout, through `official`) and
.xlsx (the sheet helpers of `plans`). Both read a `cchc.reports.queries.Consolidation`: nothing is queried here.

The .docx: the national header of UBND tỉnh, "BÁO CÁO" and the subject, the situation of the reports received,
each section of the template with the agencies' content (RPT-2: the domain agencies' content by the area they
lead), the tasks by area, targets met or not, problems raised; then on a landscape page the appendix tables:
every indicator consolidated by its rule, and tasks by agency.
"""

import io
from decimal import Decimal

from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook

from cchc.core.dates import format_date
from cchc.exports import official
from cchc.exports.plans import _finish_sheet, _number, _put, _start_sheet, roman
from cchc.reports.consolidate import RULE_LABELS
from cchc.reports.queries import Consolidation

INDICATOR_HEADERS = ("Mã", "Chỉ số", "Đơn vị tính", "Kết quả của tỉnh", "Cách tổng hợp", "Số cơ quan báo cáo")
INDICATOR_WIDTHS = (15, 110, 25, 32, 40, 30)  # mm, of the 252 mm of a landscape page
TASK_HEADERS = ("TT", "Cơ quan", "Tổng số nhiệm vụ", "Hoàn thành", "Quá hạn", "Đang thực hiện", "Chưa thực hiện")
TASK_WIDTHS = (12, 100, 28, 28, 28, 28, 28)
AREA_HEADERS = ("Lĩnh vực", "Tổng số", "Hoàn thành", "Quá hạn", "Đang thực hiện", "Chưa thực hiện")
AREA_WIDTHS = (65, 20, 20, 20, 20, 20)  # portrait, 165 mm
RECIPIENTS = [
    "- Bộ Nội vụ;",
    "- Thường trực Tỉnh ủy;",
    "- Thường trực HĐND tỉnh;",
    "- CT, các PCT UBND tỉnh;",
    "- Lưu: VT.",
]
SIGNER = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def value_text(value) -> str:
    """A consolidated value as printed: "1.234,5" in Vietnamese notation; nothing reported is "—"."""
    if value is None:
        return "—"
    number = Decimal(value)
    text = f"{number:,.2f}".rstrip("0").rstrip(".") if number != number.to_integral_value() else f"{int(number):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def subject(result: Consolidation) -> str:
    """ "Kết quả thực hiện công tác cải cách hành chính Quý I năm 2027" from the cycle's title."""
    title = result.cycle.title.strip()
    if title.lower().startswith("báo cáo "):
        title = title[len("báo cáo ") :]
    return "Kết quả " + (title[:1].lower() + title[1:] if title else "")


def _task_cells(t: dict) -> list[str]:
    return [str(t["total"]), str(t["done"]), str(t["overdue"]), str(t["in_progress"]), str(t["not_started"])]


def consolidated_docx(result: Consolidation) -> bytes:
    cycle = result.cycle
    province = cycle.province
    where = province.title
    doc = official.new_official_document(title=cycle.title, author=f"Ủy ban nhân dân {where}")
    official.add_national_header(
        doc, "", f"Ủy ban nhân dân\n{where}", "", province.name, None, symbol="BC-UBND", year=cycle.year
    )
    official.add_title(doc, "Báo cáo", subject(result))
    heading = lambda text: official.add_text(doc, text, bold=True)  # noqa: E731
    official.add_text(
        doc,
        f"Thời gian lấy số liệu từ ngày {format_date(cycle.period_start)} đến ngày {format_date(cycle.period_end)}. "
        f"Có {len(result.submissions)}/{result.in_scope} cơ quan, đơn vị gửi báo cáo"
        f"{f', trong đó {result.late} cơ quan gửi muộn' if result.late else ''}.",
    )
    for number, section in enumerate(result.sections, start=1):
        heading(f"{roman(number)}. {section.title.upper()}")
        if number == 2:
            _areas(doc, result)
        entries = result.texts.get(section.code, [])
        for agency, text in entries:
            lines = [line for line in text.splitlines() if line.strip()]
            for index, line in enumerate(lines):
                official.add_text(doc, f"- {agency}: {line}" if index == 0 else line)
        if not entries and number != 2:
            official.add_text(doc, "(Các cơ quan không nêu nội dung.)", italic=True)
    heading(f"{roman(len(result.sections) + 1)}. CHỈ TIÊU")
    official.add_text(
        doc,
        f"Số chỉ tiêu đạt: {result.targets_met}; chưa đạt: {result.targets_not_met} (theo báo cáo của các cơ quan).",
    )
    official.add_text(doc, "(Có Phụ lục số liệu kèm theo)", italic=True)
    official.add_recipients_and_signature(doc, RECIPIENTS, SIGNER, "")
    _appendix(doc, result)
    return official.document_bytes(doc)


def _areas(doc, result: Consolidation) -> None:
    if result.tasks_by_area:
        official.add_text(doc, "Tình hình thực hiện nhiệm vụ theo lĩnh vực:")
        rows = [[area, *_task_cells(t)] for area, t in result.tasks_by_area.items()]
        official.add_table(doc, AREA_HEADERS, rows, AREA_WIDTHS, center_columns=(1, 2, 3, 4, 5))
    by_area: dict[str, list[tuple[str, str]]] = {}
    for area, agency, text in result.area_texts:
        by_area.setdefault(area, []).append((agency, text))
    for area, entries in by_area.items():  # RPT-2: what the lead agencies report of their areas
        official.add_text(doc, area, bold=True, italic=True)
        for agency, text in entries:
            official.add_text(doc, f"- {agency} (cơ quan chủ trì): {' '.join(text.split())}")


def _appendix(doc, result: Consolidation) -> None:
    official.add_landscape_section(doc)
    center = WD_ALIGN_PARAGRAPH.CENTER
    official.add_text(doc, "PHỤ LỤC", bold=True, align=center, indent=False).paragraph_format.space_after = 0
    official.add_text(doc, "SỐ LIỆU TỔNG HỢP", bold=True, align=center, indent=False)
    rows = []
    current = None
    sections = {s.pk: s for s in result.sections}
    for r in result.results:
        section = sections.get(r.indicator.section_id)
        if section is not None and section is not current:
            current = section
            rows.append(official.Group(section.title, section.code))
        rows.append(
            [
                r.indicator.code,
                r.indicator.name,
                r.indicator.unit,
                value_text(r.value),
                RULE_LABELS.get(r.indicator.rule, r.indicator.rule),
                f"{r.reported}/{len(result.submissions)}",
            ]
        )
    official.add_table(doc, INDICATOR_HEADERS, rows, INDICATOR_WIDTHS, center_columns=(0, 2, 3, 5))
    official.add_text(doc, "")
    official.add_text(doc, "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN", bold=True, align=center, indent=False)
    rows = [[str(i), name, *_task_cells(t)] for i, (name, t) in enumerate(result.tasks_by_agency, start=1)]
    official.add_table(doc, TASK_HEADERS, rows, TASK_WIDTHS, center_columns=(0, 2, 3, 4, 5, 6))


def consolidated_xlsx(result: Consolidation) -> bytes:
    """Sheets "Chỉ số" (the province's value of each indicator), "Số liệu cơ quan" (each agency's figures, one
    column per indicator), "Nhiệm vụ" (tasks by agency), "Khó khăn, kiến nghị"."""
    from cchc.reports.queries import agency_value

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chỉ số"
    _start_sheet(sheet, f"Tổng hợp — {result.cycle.title}", INDICATOR_HEADERS, (8, 60, 14, 16, 22, 16))
    row = 3
    for r in result.results:
        values = [
            r.indicator.code,
            r.indicator.name,
            r.indicator.unit,
            _number(r.value),
            RULE_LABELS.get(r.indicator.rule, r.indicator.rule),
            r.reported,
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
        row += 1
    _finish_sheet(sheet, len(INDICATOR_HEADERS), row - 1)

    indicators = [r.indicator for r in result.results]
    sheet = workbook.create_sheet("Số liệu cơ quan")
    headers = ["Cơ quan", "Lần gửi", "Gửi muộn", *[i.code for i in indicators]]
    _start_sheet(
        sheet, f"Số liệu của các cơ quan — {result.cycle.title}", headers, [40, 8, 10, *[10] * len(indicators)]
    )
    row = 3
    for submission in result.submissions:
        cells = [submission.agency.name, submission.version, "Có" if submission.late else ""]
        for indicator in indicators:
            value = agency_value(indicator, submission.values)
            cells.append(("Có" if value else "Không") if isinstance(value, bool) else _number(value))
        for column, value in enumerate(cells, start=1):
            _put(sheet, row, column, value)
        row += 1
    _finish_sheet(sheet, len(headers), row - 1)

    sheet = workbook.create_sheet("Nhiệm vụ")
    _start_sheet(sheet, f"Nhiệm vụ theo cơ quan — {result.cycle.title}", TASK_HEADERS, (6, 45, 14, 14, 14, 14, 14))
    row = 3
    for index, (name, t) in enumerate(result.tasks_by_agency, start=1):
        cells = [index, name, t["total"], t["done"], t["overdue"], t["in_progress"], t["not_started"]]
        for column, value in enumerate(cells, start=1):
            _put(sheet, row, column, value)
        row += 1
    _finish_sheet(sheet, len(TASK_HEADERS), row - 1)

    sheet = workbook.create_sheet("Khó khăn, kiến nghị")
    _start_sheet(sheet, f"Khó khăn, vướng mắc, kiến nghị — {result.cycle.title}", ("Cơ quan", "Nội dung"), (40, 100))
    row = 3
    for name, text in result.problems:
        _put(sheet, row, 1, name)
        _put(sheet, row, 2, text)
        row += 1
    _finish_sheet(sheet, 2, row - 1)

    workbook.properties.title = official.clean(result.cycle.title)
    workbook.properties.creator = "CCHC"
    workbook.properties.language = "vi-VN"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""A plan as an official document (.docx) and as a workbook of its tasks and targets (.xlsx) (U-2, PLAN-1, PLAN-2).

Both read the plan through `document_sections` (areas with their targets and tasks), the tasks as plain rows
(`plans.rows.task_rows`): the number of queries does not grow with the number of tasks, and a 2,000-task plan builds
in well under the 2 s of issue 12 (bench/results/plans.txt).
"""

import datetime as dt
import io
from decimal import Decimal

from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cchc.agencies.models import AgencyKind
from cchc.core.dates import format_date, today
from cchc.exports import official
from cchc.plans.models import Plan, PlanKind, PlanStatus
from cchc.plans.queries import AreaSection, document_sections
from cchc.plans.rows import TaskRow, task_rows

APPENDIX_HEADERS = ("TT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
APPENDIX_WIDTHS = (12, 85, 42, 35, 43, 35)  # mm: the 252 mm between the margins of a landscape A4 page
OTHER_AREA = "Nhiệm vụ khác"
# Agencies that issue in their own name; the others write their governing body (UBND tỉnh) above their name.
_SELF_GOVERNED = {AgencyKind.PROVINCIAL_COMMITTEE, AgencyKind.DISTRICT, AgencyKind.COMMUNE, AgencyKind.CENTRAL}
_PEOPLES_COMMITTEES = {AgencyKind.DISTRICT, AgencyKind.COMMUNE}
_ROMAN = (
    *((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")),
    *((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")),
)
_POINTS = tuple("abcdđeghiklmnopqrstuvxy")  # điểm a), b), … in Vietnamese alphabetical order


def roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


def _point(index: int) -> str:
    return f"{_POINTS[index]})" if index < len(_POINTS) else f"{index + 1})"


# --- what a task row shows (shared by both files) -------------------------------------------------------------


def area_name(section: AreaSection) -> str:
    return section.area.name if section.area else OTHER_AREA


def coordinator_names(task: TaskRow) -> list[str]:
    """Agencies then groups."""
    return [a.name for a in task.coordinator_agencies] + [g.name for g in task.coordinator_groups]


def time_lines(task: TaskRow) -> list[str]:
    """The completion time as written, phase by phase, each with its computed due date:
    "- Ban hành kế hoạch: Quý I (hạn 31/03/2027)". Without milestones, the text as written."""
    milestones = task.milestones
    if not milestones or not all(m.text for m in milestones):
        lines = [line.strip() for line in task.time_text.splitlines() if line.strip()]
        return lines + [f"(hạn {format_date(m.due)})" for m in milestones if m.due]
    lines = []
    for milestone in milestones:
        line = f"{milestone.label}: {milestone.text}" if milestone.label else milestone.text
        if len(milestones) > 1 or milestone.label:
            line = f"- {line}"
        lines.append(f"{line} (hạn {format_date(milestone.due)})" if milestone.due else line)
    return lines


def latest_due(task: TaskRow) -> dt.date | None:
    return max((m.due for m in task.milestones if m.due), default=None)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- .docx -----------------------------------------------------------------------------------------------------


def plan_docx(plan: Plan) -> bytes:
    """The plan in the layout of Nghị định 30/2020/NĐ-CP: header, "KẾ HOẠCH", purposes and requirements, targets
    by area, then on a landscape page the appendix table of tasks."""
    sections = [s for s in document_sections(plan, task_rows(plan)) if s.targets or s.tasks]
    governing, issuer, symbol = _parties(plan)
    doc = official.new_official_document(title=plan.title, author=plan.issuer)
    official.add_national_header(
        doc, governing, issuer, number_text(plan, symbol), plan.province.name, _date(plan), symbol=symbol
    )
    official.add_title(doc, "Kế hoạch", subject(plan))
    _purposes(doc, plan)
    appendix_numbers = {id(s): roman(i) for i, s in enumerate([s for s in sections if s.tasks], start=1)}
    _targets(doc, sections, appendix_numbers)
    official.add_recipients_and_signature(doc, recipients(plan, sections), signer_lines(plan), plan.signer_name)
    _appendix(doc, plan, sections, appendix_numbers, symbol)
    return official.document_bytes(doc)


def number_text(plan: Plan, symbol: str) -> str:
    """The number as the header prints it after "Số: ". A plan recorded as issued from a copy without a number
    (or with only its symbol, "/QĐ-UBND") gets the placeholder "…/KH-UBND", never an empty "Số: "; a draft keeps
    the blank an official draft leaves for the number."""
    number = plan.number.strip()
    if any(ch.isdigit() for ch in number):
        return number
    if plan.is_issued:
        suffix = number.split("/", 1)[1].strip() if "/" in number else ""
        return f"…/{suffix or symbol}"
    return ""


def _date(plan: Plan):
    if plan.signed_on is None and plan.is_issued:
        return official.BLANK_COPY  # "ngày … tháng … năm …": the copy bears no date
    return plan.signed_on


def renumbers(plan: Plan) -> bool:
    """PLAN-6: an adjusted plan (or its adjustment in progress) is exported with its tasks numbered 1, 2, 3 … in
    each area as they stand, without the gaps of dropped tasks. A plan as issued keeps the codes its document gives
    them (they are what people cite)."""
    return plan.status == PlanStatus.ADJUSTED or plan.adjusting


def task_codes(plan: Plan, section: AreaSection) -> list[str]:
    if renumbers(plan):
        return [str(n) for n in range(1, len(section.tasks) + 1)]
    return [task.code for task in section.tasks]


# --- recipients and signature (NĐ 30/2020) ----------------------------------------------------------------------

_KIND_GROUPS = (  # kinds of agency, and the line of "Nơi nhận" that stands for them all
    ({AgencyKind.DEPARTMENT, AgencyKind.BOARD, AgencyKind.COMMITTEE_OFFICE}, "Các sở, ban, ngành"),
    ({AgencyKind.CENTRAL}, "Các cơ quan Trung ương trên địa bàn"),
    ({AgencyKind.DISTRICT}, "UBND các huyện, thị xã, thành phố"),
    ({AgencyKind.COMMUNE}, "UBND các xã, phường, thị trấn"),
)


def recipients(plan: Plan, sections: list[AreaSection]) -> list[str]:
    """ "Nơi nhận": the agencies the plan gives tasks to (lead or coordinator), a kind of agency as one line
    ("- Các sở, ban, ngành;"), a group as its name; then "- Lưu: VT, <the drafting agency>."."""
    kinds: set[str] = set()
    groups: list[str] = []
    for section in sections:
        for task in section.tasks:
            parties = [task.lead, *task.coordinator_agencies]
            for agency in parties:
                if agency is not None and agency.pk != plan.owner_id:
                    kinds.add(agency.kind)
            for group in [task.lead_group, *task.coordinator_groups]:
                if group is not None and group.name not in groups:
                    groups.append(group.name)
    lines = []
    covered = {g.casefold() for g in groups}
    for members, label in _KIND_GROUPS:
        if kinds & members and label.casefold() not in covered:
            lines.append(label)
    lines += groups
    owner = plan.owner.abbreviation or plan.owner.name
    return [f"- {line};" for line in lines] + [f"- Lưu: VT, {owner}."]


def signer_lines(plan: Plan) -> list[str]:
    """The authority and title above the signature: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH".
    The authority may hold two lines separated by "/"; with nothing set, the blank lines of a draft."""
    lines = [part.strip() for part in plan.signer_authority.split("/") if part.strip()]
    if plan.signer_title.strip():
        lines.append(plan.signer_title.strip())
    return lines


def _parties(plan: Plan) -> tuple[str, str, str]:
    """(governing body, issuing body, number symbol) of the header: a provincial plan is issued by the UBND tỉnh
    in its own name; an agency plan by its agency, under "UBND TỈNH …" unless the agency is itself a UBND."""
    province = plan.province
    where = f"{province.kind} {province.name}"
    if plan.kind != PlanKind.AGENCY or plan.owner.kind == AgencyKind.PROVINCIAL_COMMITTEE:
        return "", f"Ủy ban nhân dân\n{where}", "KH-UBND"
    owner = plan.owner
    if owner.kind in _SELF_GOVERNED:
        return "", owner.name, "KH-UBND" if owner.kind in _PEOPLES_COMMITTEES else "KH"
    return f"UBND {where}", owner.name, f"KH-{owner.abbreviation}" if owner.abbreviation else "KH"


def subject(plan: Plan) -> str:
    """The subject under "KẾ HOẠCH": the title without its leading "Kế hoạch" ("Cải cách hành chính năm 2027")."""
    title = plan.title.strip()
    if title.lower().startswith("kế hoạch ") and len(title) > len("kế hoạch "):
        rest = title[len("kế hoạch ") :].strip()
        return rest[:1].upper() + rest[1:]
    return title


def _heading(doc, text: str) -> None:
    official.add_text(doc, text, bold=True)


def _purposes(doc, plan: Plan) -> None:
    _heading(doc, "I. MỤC ĐÍCH, YÊU CẦU")
    objectives = [o.text for o in plan.objectives.all()]
    requirements = _lines(plan.requirements)
    if objectives:
        _heading(doc, "1. Mục đích")
        for index, text in enumerate(objectives):
            for n, line in enumerate(_lines(text)):
                official.add_text(doc, f"{_point(index)} {line}" if n == 0 else line)
    if requirements:
        _heading(doc, f"{2 if objectives else 1}. Yêu cầu")
        for line in requirements:
            official.add_text(doc, line)


def _targets(doc, sections: list[AreaSection], appendix_numbers: dict) -> None:
    _heading(doc, "II. CHỈ TIÊU, NHIỆM VỤ")
    for number, section in enumerate(sections, start=1):
        _heading(doc, f"{number}. {area_name(section)}")
        for target in section.targets:
            official.add_text(doc, f"- {target_line(target)}")
        if section.tasks:
            official.add_text(
                doc, f"- Thực hiện {len(section.tasks)} nhiệm vụ tại mục {appendix_numbers[id(section)]} Phụ lục."
            )
    if not sections:
        official.add_text(doc, "(Chưa có chỉ tiêu, nhiệm vụ.)", italic=True)
    official.add_text(doc, "(Có Phụ lục nhiệm vụ kèm theo)", italic=True)


def target_value_text(target) -> str:
    """ "≥ 98%", "> 80%", "= 100%", "≤ 5 ngày"; a yes/no target "có" or "không"."""
    if target.measure == "yes-no":
        return "có" if target.value else "không"
    sign = target.sign
    value = _number(target.value)
    value_text = f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value).replace(".", ",")
    unit = (target.unit or "").strip()
    return f"{sign} {value_text}{unit}" if unit == "%" else f"{sign} {value_text} {unit}".rstrip()


def target_line(target) -> str:
    """The target as written, then what it measures: "Tỷ lệ hồ sơ giải quyết đúng hạn: ≥ 98%"; a text that already
    states its figure ("Ít nhất 30% cơ quan …") keeps it, with the comparison in brackets "(≥ 30%)"."""
    text = target.text.strip().rstrip(".;:")
    measured = target_value_text(target)
    figure = measured.split(" ", 1)[1] if " " in measured else measured
    if target.measure != "yes-no" and figure.replace(" ", "") in text.replace(" ", ""):
        return f"{text} ({measured})"
    return f"{text}: {measured}"


def _appendix(doc, plan: Plan, sections: list[AreaSection], appendix_numbers: dict, symbol: str) -> None:
    official.add_landscape_section(doc)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("PHỤ LỤC", "NHIỆM VỤ TRỌNG TÂM"):
        official.add_text(doc, text, bold=True, align=center, indent=False).paragraph_format.space_after = 0
    official.add_text(doc, _attached_to(plan, symbol), italic=True, align=center, indent=False)
    rows = []
    for section in sections:
        if not section.tasks:
            continue
        rows.append(official.Group(area_name(section), appendix_numbers[id(section)]))
        for code, task in zip(task_codes(plan, section), section.tasks, strict=True):
            rows.append(
                [
                    code,
                    _lines(task.title) or [task.title],
                    list(task.products),
                    task.lead_name,
                    coordinator_names(task),
                    time_lines(task),
                ]
            )
    official.add_table(doc, APPENDIX_HEADERS, rows, APPENDIX_WIDTHS)


def _attached_to(plan: Plan, symbol: str) -> str:
    number = number_text(plan, symbol) or f"     /{symbol}"
    date = official.format_date_words(_date(plan), year=today().year)
    return f"(Kèm theo Kế hoạch số {number} {date} của {plan.issuer})"


# --- .xlsx -----------------------------------------------------------------------------------------------------

TASK_COLUMNS = ((*APPENDIX_HEADERS, "Lĩnh vực", "Hạn"), (7, 60, 32, 26, 32, 32, 32, 12))
TARGET_HEADERS = ("Lĩnh vực", "Chỉ tiêu", "So sánh", "Giá trị", "Đơn vị", "Từ năm", "Đến năm")
TARGET_COLUMNS = (TARGET_HEADERS, (32, 70, 9, 10, 10, 9, 9))
DATE_FORMAT = "DD/MM/YYYY"
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FILL = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")


def plan_xlsx(plan: Plan) -> bytes:
    """Sheet "Nhiệm vụ" (one row per task, with its area and latest due date) and sheet "Chỉ tiêu"."""
    sections = document_sections(plan, task_rows(plan))
    workbook = Workbook()
    tasks_sheet = workbook.active
    tasks_sheet.title = "Nhiệm vụ"
    _task_sheet(tasks_sheet, plan, sections)
    _target_sheet(workbook.create_sheet("Chỉ tiêu"), plan, sections)
    workbook.properties.title = official.clean(plan.title)
    workbook.properties.creator = official.clean(plan.issuer) or "CCHC"
    workbook.properties.language = "vi-VN"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _task_sheet(sheet, plan: Plan, sections: list[AreaSection]) -> None:
    headers, widths = TASK_COLUMNS
    _start_sheet(sheet, f"Nhiệm vụ — {plan.title}", headers, widths)
    row = 3
    for section in sections:
        for code, task in zip(task_codes(plan, section), section.tasks, strict=True):
            values = [
                code,
                task.title,
                "\n".join(task.products),
                task.lead_name,
                "\n".join(coordinator_names(task)),
                "\n".join(time_lines(task)),
                area_name(section),
            ]
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value)
            due = sheet.cell(row=row, column=len(values) + 1, value=latest_due(task))
            due.number_format, due.alignment = DATE_FORMAT, _WRAP
            row += 1
    _finish_sheet(sheet, len(headers), row - 1)


def _target_sheet(sheet, plan: Plan, sections: list[AreaSection]) -> None:
    headers, widths = TARGET_COLUMNS
    _start_sheet(sheet, f"Chỉ tiêu — {plan.title}", headers, widths)
    row = 3
    for section in sections:
        for target in section.targets:
            values = [
                area_name(section),
                target.text,
                target.sign,
                _number(target.value),
                target.unit,
                target.start_year,
                target.end_year,
            ]
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value)
            row += 1
    _finish_sheet(sheet, len(headers), row - 1)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _put(sheet, row: int, column: int, value) -> None:
    """A value; text stays text even when it begins with "=" (never a formula)."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = official.clean(value)
        cell.data_type = "s"
    else:
        cell.value = value
    cell.alignment = _WRAP


def _start_sheet(sheet, title: str, headers, widths) -> None:
    _put(sheet, 1, 1, title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    sheet.cell(row=1, column=1).alignment = Alignment(vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.row_dimensions[1].height = 24
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        _put(sheet, 2, column, header)
        cell = sheet.cell(row=2, column=column)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A3"


def _finish_sheet(sheet, columns: int, last_row: int) -> None:
    last = get_column_letter(columns)
    sheet.auto_filter.ref = f"A2:{last}{max(last_row, 2)}"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

"""IDX-7: the reform index results as .xlsx (one sheet per ranking group and one of the areas; numbers as numbers
with two decimals, bold frozen header) and .docx (Nghị định 30 layout through `official`: the national header,
"BÁO CÁO Kết quả Chỉ số CCHC năm YYYY", the ranking tables). Both read a `results_queries.Page`: what the user may
see, from the stored results, so they show the same numbers as the page.
"""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cchc.exports import official
from cchc.index.results_queries import Page, number

RANK_HEADERS = (
    "Hạng",
    "Cơ quan",
    "Điểm thẩm định",
    "Điểm điều tra",
    "Điểm thưởng",
    "Điểm trừ",
    "Điểm tối đa",
    "Chỉ số (%)",
    "Xếp loại",
    "So với năm trước (%)",
)
RANK_WIDTHS = (8, 50, 16, 14, 12, 10, 12, 12, 14, 18)
DOCX_HEADERS = ("Hạng", "Cơ quan", "Điểm thẩm định", "Điểm điều tra", "Chỉ số (%)", "Xếp loại", "So với năm trước")
DOCX_WIDTHS = (15, 95, 28, 26, 24, 30, 30)  # mm, of the 252 mm of a landscape page
SIGNER = ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
RECIPIENTS = ["- UBND tỉnh (để báo cáo);", "- Các cơ quan, đơn vị được đánh giá;", "- Lưu: VT."]


def _num(value):
    return None if value is None else round(float(value), 2)


def _sheet(sheet, headers, widths) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _numbers(sheet, first_column: int) -> None:
    for row in sheet.iter_rows(min_row=2, min_col=first_column):
        for cell in row:
            if isinstance(cell.value, float | int) and not isinstance(cell.value, bool):
                cell.number_format = "0.00"


def results_xlsx(page: Page) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for group in page.groups:
        sheet = workbook.create_sheet(official.clean(group.label)[:31])
        _sheet(sheet, RANK_HEADERS, RANK_WIDTHS)
        for row in group.rows:
            r = row.result
            sheet.append(
                [
                    r.rank,
                    r.agency.name,
                    _num(r.appraised_points),
                    _num(r.survey_points),
                    _num(r.bonus_points),
                    _num(r.penalty_points),
                    _num(r.max_points),
                    _num(r.percent),
                    r.band,
                    _num(row.change),
                ]
            )
        _numbers(sheet, 3)
    sheet = workbook.create_sheet("Theo lĩnh vực")
    _sheet(sheet, ["Cơ quan", *[name for _, name in page.areas]], [50, *[18] * len(page.areas)])
    for group in page.groups:
        for row in group.rows:
            values = [row.result.agency.name]
            for code, _ in page.areas:
                area = (row.result.areas or {}).get(code)
                values.append(_num(area["percent"]) if area and area["percent"] is not None else None)
            sheet.append(values)
    _numbers(sheet, 2)
    title = f"Kết quả Chỉ số CCHC năm {page.campaign.year}"
    workbook.properties.title = title
    workbook.properties.creator = "CCHC"
    workbook.properties.language = "vi-VN"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def standing_issuer(province) -> tuple[str, str]:
    """The standing agency that signs the index's reports, as the province records it (never a name in code),
    and its document symbol ("BC-" and its abbreviation)."""
    agency = province.standing_agency
    if agency is None:
        return "", "BC"
    return agency.name, f"BC-{agency.abbreviation}" if agency.abbreviation else "BC"


def results_docx(page: Page) -> bytes:
    campaign = page.campaign
    province = campaign.province
    subject = f"Kết quả Chỉ số cải cách hành chính năm {campaign.year}"
    issuer, symbol = standing_issuer(province)
    doc = official.new_official_document(title=subject, author=issuer)
    official.add_national_header(
        doc, f"Ủy ban nhân dân\n{province.title}", issuer, "", province.name, None, symbol=symbol
    )
    official.add_title(doc, "Báo cáo", f"Kết quả Chỉ số CCHC năm {campaign.year}")
    if campaign.published_at:
        status = f"Kết quả đã được công bố ngày {timezone.localtime(campaign.published_at):%d/%m/%Y}."
    else:
        status = "Kết quả chưa công bố (số liệu tạm tính)."
    official.add_text(
        doc,
        f"Chỉ số = (điểm thẩm định + điểm điều tra xã hội học + điểm thưởng − điểm trừ) / điểm tối đa × 100. "
        f"Cơ quan cùng chỉ số thì cùng hạng. {status}",
    )
    official.add_landscape_section(doc)
    for number_, group in enumerate(page.groups, start=1):
        official.add_text(doc, f"{number_}. Xếp hạng {group.label}", bold=True)
        rows = [
            [
                str(row.result.rank or "—"),
                row.result.agency.name,
                number(row.result.appraised_points),
                number(row.result.survey_points),
                number(row.result.percent),
                row.result.band or "—",
                row.change_text,
            ]
            for row in group.rows
        ]
        official.add_table(doc, DOCX_HEADERS, rows, DOCX_WIDTHS, center_columns=(0, 2, 3, 4, 5, 6))
    official.add_recipients_and_signature(doc, RECIPIENTS, SIGNER, "")
    return official.document_bytes(doc)

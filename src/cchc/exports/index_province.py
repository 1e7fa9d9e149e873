"""IDX-8, EVL-1 exports: the province's self-assessment report (.docx, Nghị định 30/2020 layout through `official`)
and the head-of-agency evaluation (.docx for one agency, .xlsx for one or many). Nothing is queried here: they read
`province_assessment.Consolidation` and `evaluation.Evaluation` objects."""

import io

from openpyxl import Workbook

from cchc.exports import official
from cchc.exports.index_results import standing_issuer
from cchc.exports.plans import _finish_sheet, _put, _start_sheet, roman

LEAF_HEADERS = ("Mã", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Tài liệu kiểm chứng, giải trình")
LEAF_WIDTHS = (15, 65, 18, 18, 49)  # portrait, 165 mm
RECIPIENTS = ["- Bộ Nội vụ;", "- CT, các PCT UBND tỉnh;", "- {standing};", "- Lưu: VT."]
SIGNER = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def _points(value) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def province_subject(province, year: int) -> str:
    return f"Tự đánh giá, chấm điểm Chỉ số CCHC năm {year} của {province.title}"


def province_assessment_docx(data) -> bytes:
    """IDX-8: "BÁO CÁO Tự đánh giá, chấm điểm Chỉ số CCHC năm YYYY của tỉnh …": a table per area naming the
    agency that scored it, the total, then difficulties and recommendations."""
    file = data.file
    campaign = file.campaign
    province = campaign.province
    subject = province_subject(province, campaign.year)
    doc = official.new_official_document(title=subject, author=f"Ủy ban nhân dân {province.title}")
    official.add_national_header(
        doc, "", f"Ủy ban nhân dân\n{province.title}", "", province.name, None, symbol="BC-UBND", year=campaign.year + 1
    )
    official.add_title(doc, "Báo cáo", subject)
    official.add_text(
        doc,
        f"Thực hiện hướng dẫn của Bộ Nội vụ, UBND tỉnh báo cáo kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm "
        f"{campaign.year} với tổng điểm tự đánh giá {_points(data.points)}/{_points(file.framework.max_points)} "
        "điểm (chưa gồm điểm điều tra xã hội học), như sau:",
    )
    official.add_text(doc, "I. KẾT QUẢ TỰ ĐÁNH GIÁ THEO LĨNH VỰC", bold=True)
    by_area: dict[int, list] = {}
    for row in data.rows:
        by_area.setdefault(row.area.pk, []).append(row)
    for number, area in enumerate(data.areas, start=1):
        rows = by_area.get(area.pk, [])
        scorer = rows[0].scorer.name if rows and rows[0].scorer else standing_issuer(data.file.campaign.province)[0]
        official.add_text(doc, f"{number}. {area.name} ({_points(area.max_points)} điểm)", bold=True)
        official.add_text(doc, f"Cơ quan chấm điểm: {scorer}.", italic=True)
        table_rows = []
        for row in rows:
            proof = [f"- {e.title}" for e in row.evidence]
            if row.score.explanation:
                proof.append(f"Giải trình: {row.score.explanation}")
            if row.survey:
                proof = ["Điểm điều tra xã hội học (Bộ Nội vụ)"]
            table_rows.append(
                [
                    row.score.node.code,
                    row.score.node.name,
                    _points(row.score.node.max_points),
                    _points(row.score.self_points),
                    proof or [""],
                ]
            )
        official.add_table(doc, LEAF_HEADERS, table_rows, LEAF_WIDTHS, center_columns=(0, 2, 3))
    official.add_text(doc, "II. KHÓ KHĂN, VƯỚNG MẮC", bold=True)
    official.add_text(doc, file.difficulties or "Không có.")
    official.add_text(doc, "III. KIẾN NGHỊ, ĐỀ XUẤT", bold=True)
    official.add_text(doc, file.recommendations or "Không có.")
    recipients = [line.format(standing=file.campaign.province.standing_name) for line in RECIPIENTS]
    official.add_recipients_and_signature(doc, recipients, SIGNER, "")
    return official.document_bytes(doc)


# --- EVL-1 ----------------------------------------------------------------------------------------------------------

EVAL_HEADERS = (
    "TT",
    "Cơ quan",
    "Chỉ số CCHC",
    "Nhiệm vụ chủ trì",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Quá hạn",
    "Báo cáo đúng hạn",
    "Báo cáo muộn",
    "Chưa gửi báo cáo",
    "Nhận xét",
)
EVAL_WIDTHS = (6, 40, 22, 12, 12, 12, 10, 12, 12, 12, 70)


def _cells(item) -> list:
    t, r = item.tasks, item.reports
    return [
        item.agency.name,
        item.index_text,
        t["total"],
        t["done_on_time"],
        t["done_late"],
        t["overdue"],
        r["on_time"],
        r["late"],
        r["missing"],
        item.summary,
    ]


def evaluations_xlsx(province, year: int, items) -> bytes:
    """EVL-1: one row per agency: index, tasks, reports, summary."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đánh giá"
    _start_sheet(
        sheet, f"Kết quả phục vụ đánh giá người đứng đầu năm {year} — {province.title}", EVAL_HEADERS, EVAL_WIDTHS
    )
    row = 3
    for index, item in enumerate(items, start=1):
        for column, value in enumerate([index, *_cells(item)], start=1):
            _put(sheet, row, column, value)
        row += 1
    _finish_sheet(sheet, len(EVAL_HEADERS), row - 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def evaluation_docx(province, item) -> bytes:
    """EVL-1: one agency's page as a document for the evaluation of its head."""
    subject = f"Kết quả CCHC năm {item.year} của {item.agency.name} phục vụ đánh giá người đứng đầu"
    issuer, symbol = standing_issuer(province)
    doc = official.new_official_document(title=subject, author=issuer)
    official.add_national_header(
        doc, f"Ủy ban nhân dân\n{province.title}", issuer, "", province.name, None, symbol=symbol
    )
    official.add_title(doc, "Báo cáo", subject)
    t, r = item.tasks, item.reports
    sections = [
        ("Chỉ số CCHC", [["Kết quả", item.index_text]]),
        (
            "Thực hiện nhiệm vụ chủ trì",
            [
                ["Tổng số nhiệm vụ", str(t["total"])],
                ["Hoàn thành đúng hạn", str(t["done_on_time"])],
                ["Hoàn thành quá hạn", str(t["done_late"])],
                ["Quá hạn", str(t["overdue"])],
            ],
        ),
        (
            "Báo cáo CCHC định kỳ",
            [["Gửi đúng hạn", str(r["on_time"])], ["Gửi muộn", str(r["late"])], ["Chưa gửi", str(r["missing"])]],
        ),
    ]
    for number, (title, rows) in enumerate(sections, start=1):
        official.add_text(doc, f"{roman(number)}. {title.upper()}", bold=True)
        official.add_table(doc, ("Nội dung", "Kết quả"), rows, (110, 55), center_columns=(1,))
    official.add_text(doc, f"{roman(len(sections) + 1)}. NHẬN XÉT", bold=True)
    official.add_text(doc, item.summary)
    official.add_recipients_and_signature(doc, ["- UBND tỉnh;", "- Lưu: VT."], ["GIÁM ĐỐC"], "")
    return official.document_bytes(doc)

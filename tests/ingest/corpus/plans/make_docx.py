"""PLAN-2, U-6: builds the Word plans of the corpus (kh01, kh02 and kh09 .docx) with python-docx.

Run `python tests/ingest/corpus/plans/make_docx.py` to write them again; tests/ingest/test_corpus_plans.py
checks that what this script builds reads the same as the committed files. The texts are written for the tests
(invented provinces and tasks). kh01 and kh02 have their national header in a two-column table and their tasks in
a table with merged cells: area rows merged across the row, lead, coordinator and time cells merged down over
several tasks. kh09 is numbered body text with Word's own numbering and bullets.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
COLUMNS = ("TT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")


def _header(document, left: list[str], right: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def _task_table(document, rows: list[tuple], merges: list[tuple[int, int, int, int]]) -> None:
    """rows: an area row is ("I", "NAME"), a task row has the six columns ("" in a cell merged from above);
    merges: (first row, first column, last row, last column) over the body rows (0 = the first body row)."""
    table = document.add_table(rows=1 + len(rows), cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = name
    for index, row in enumerate(rows, start=1):
        cells = table.rows[index].cells
        if len(row) == 2:  # an area row: its name merged across the columns after the number
            cells[0].text = row[0]
            merged = cells[1].merge(cells[-1])
            merged.text = row[1]
            continue
        for cell, text in zip(cells, row, strict=True):
            if text:
                cell.text = text
    for top, left, bottom, right in merges:
        first = table.cell(1 + top, left)
        text = first.text
        merged = first.merge(table.cell(1 + bottom, right))
        merged.text = text


def kh01() -> bytes:
    """An annual plan of 2026 (post-2025 agencies), targets as a section of their own."""
    document = docx.Document()
    _header(
        document,
        ["ỦY BAN NHÂN DÂN", "TỈNH AN LẠC", "Số: 12/KH-UBND"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "An Lạc, ngày 15 tháng 01 năm 2026"],
    )
    for text in (
        "KẾ HOẠCH",
        "Cải cách hành chính nhà nước tỉnh An Lạc năm 2026",
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Bảo đảm bộ máy hành chính sau sắp xếp vận hành thông suốt, phục vụ người dân và doanh nghiệp tốt hơn.",
        "II. CHỈ TIÊU",
        "1. Ít nhất 80% hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình.",
        "2. 100% UBND cấp xã vận hành Bộ phận Một cửa theo mô hình mới.",
        "3. Tỷ lệ giải ngân vốn đầu tư công đạt trên 95%.",
        "III. NHIỆM VỤ",
    ):
        document.add_paragraph(text)
    rows = [
        ("I", "CẢI CÁCH THỂ CHẾ"),
        (
            "1",
            "Rà soát quy định của tỉnh về phân cấp, ủy quyền cho cấp xã",
            "Báo cáo rà soát",
            "Sở Tư pháp",
            "Các sở, ban, ngành; UBND cấp xã",
            "Quý II và Quý IV",
        ),
        (
            "2",
            "Xây dựng quy định về quản lý đất đai sau sắp xếp đơn vị hành chính",
            "Quyết định của UBND tỉnh",
            "Sở Nông nghiệp và Môi trường",
            "Sở Tư pháp",
            "Quý III",
        ),
        ("II", "CẢI CÁCH TÀI CHÍNH CÔNG"),
        (
            "3",
            "Giao dự toán ngân sách cho các xã, phường mới thành lập",
            "Quyết định giao dự toán",
            "Sở Tài chính",
            "UBND cấp xã",
            "Tháng 9 và tháng 12",
        ),
        ("4", "Kiểm tra việc quản lý, sử dụng tài sản công tại cấp xã", "Báo cáo kiểm tra", "", "", "Quý IV"),
        ("III", "XÂY DỰNG CHÍNH QUYỀN SỐ"),
        (
            "5",
            "Triển khai nền tảng họp trực tuyến đến cấp xã",
            "Hệ thống họp trực tuyến",
            "Sở Khoa học và Công nghệ",
            "Văn phòng UBND tỉnh; Công an tỉnh",
            "Quý II",
        ),
        (
            "6",
            "Cấp tài khoản định danh điện tử cho công chức cấp xã",
            "Tài khoản được cấp",
            "",
            "",
            "",
        ),
    ]
    # body rows: 0 area I, 1-2 tasks 1-2, 3 area II, 4-5 tasks 3-4, 6 area III, 7-8 tasks 5-6
    merges = [
        (4, 3, 5, 3),  # Sở Tài chính leads tasks 3 and 4
        (4, 4, 5, 4),  # UBND cấp xã coordinates tasks 3 and 4
        (7, 3, 8, 3),  # Sở Khoa học và Công nghệ leads tasks 5 and 6
        (7, 4, 8, 4),
        (7, 5, 8, 5),  # both due in Quý II
    ]
    _task_table(document, rows, merges)
    for text in (
        "Phụ lục này đã được Sở Nội vụ đối chiếu với dự toán ngân sách năm 2026.",
        "IV. TỔ CHỨC THỰC HIỆN",
        "Sở Nội vụ là cơ quan thường trực, theo dõi, đôn đốc và tổng hợp kết quả thực hiện Kế hoạch.",
        "Nơi nhận:",
        "- Bộ Nội vụ;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Phan Quốc Bảo",
    ):
        document.add_paragraph(text)
    return _save(document)


def kh02() -> bytes:
    """A period plan 2026-2030 (post-2025 agencies), targets as bullets under a "Chỉ tiêu:" line."""
    document = docx.Document()
    _header(
        document,
        ["ỦY BAN NHÂN DÂN TỈNH SÔNG LAM", "Số: 305/KH-UBND"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Sông Lam, ngày 30 tháng 12 năm 2025"],
    )
    for text in (
        "KẾ HOẠCH",
        "Cải cách hành chính tỉnh Sông Lam giai đoạn 2026 - 2030",
        "I. MỤC TIÊU",
        "Xây dựng nền hành chính hiện đại, lấy sự hài lòng của người dân làm thước đo.",
        "Chỉ tiêu:",
        "- Đến năm 2030, trên 90% thủ tục hành chính được giải quyết trực tuyến toàn trình.",
        "- 100% cơ sở dữ liệu chuyên ngành của tỉnh được kết nối với cơ sở dữ liệu quốc gia.",
        "- Mức độ hài lòng của người dân đạt ít nhất 90%.",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
    ):
        document.add_paragraph(text)
    rows = [
        ("A", "CẢI CÁCH TỔ CHỨC BỘ MÁY"),
        (
            "1",
            "Kiện toàn tổ chức các cơ quan chuyên môn thuộc UBND tỉnh sau hợp nhất",
            "Quyết định của UBND tỉnh",
            "Sở Nội vụ",
            "Các sở, ban, ngành",
            "Quý II/2026 và Quý IV/2026",
        ),
        (
            "2",
            "Đánh giá mô hình chính quyền địa phương hai cấp",
            "Báo cáo đánh giá",
            "",
            "Các sở, ban, ngành; UBND cấp xã",
            "Năm 2028",
        ),
        ("B", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ"),
        (
            "3",
            "Tuyển dụng công chức cấp xã theo vị trí việc làm",
            "Kết quả tuyển dụng",
            "Sở Nội vụ",
            "UBND cấp xã",
            "Tháng 9/2026 và tháng 12/2027",
        ),
        ("C", "XÂY DỰNG CHÍNH QUYỀN SỐ"),
        (
            "4",
            "Xây dựng kho dữ liệu dùng chung của tỉnh",
            "Kho dữ liệu được vận hành",
            "Sở Khoa học và Công nghệ",
            "Sở Nông nghiệp và Môi trường; Sở Tài chính",
            "Năm 2027",
        ),
        (
            "5",
            "Số hóa hồ sơ, giấy tờ của người dân tại Bộ phận Một cửa cấp xã",
            "Hồ sơ được số hóa",
            "",
            "",
            "Giai đoạn 2026 - 2030",
        ),
    ]
    # body rows: 0 area A, 1-2 tasks 1-2, 3 area B, 4 task 3, 5 area C, 6-7 tasks 4-5
    merges = [
        (1, 3, 2, 3),  # Sở Nội vụ leads tasks 1 and 2
        (6, 3, 7, 3),  # Sở Khoa học và Công nghệ leads tasks 4 and 5
        (6, 4, 7, 4),
    ]
    _task_table(document, rows, merges)
    for text in (
        "Bản dự thảo lần 3, đã tiếp thu ý kiến của các sở, ngành.",
        "III. TỔ CHỨC THỰC HIỆN",
        "Sở Nội vụ chủ trì theo dõi, tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện Kế hoạch hằng năm.",
        "Nơi nhận:",
        "- Bộ Nội vụ;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Đinh Công Thành",
    ):
        document.add_paragraph(text)
    return _save(document)


def kh09() -> bytes:
    """An annual plan of 2025 written before the 2025 mergers, in numbered body text: the areas numbered by Word
    (List Number), the tasks typed "1.1.", each followed by its lead, coordinators and time in parentheses; the
    targets are Word bullets under a "Chỉ tiêu:" line."""
    document = docx.Document()
    for text in (
        "UBND TỈNH KỲ SƠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 288/KH-UBND",
        "Kỳ Sơn, ngày 20 tháng 12 năm 2024",
        "KẾ HOẠCH",
        "Cải cách hành chính tỉnh Kỳ Sơn năm 2025",
        "I. MỤC TIÊU",
        "Tiếp tục cải thiện thứ hạng Chỉ số cải cách hành chính của tỉnh.",
        "Chỉ tiêu:",
    ):
        document.add_paragraph(text)
    for text in (
        "Ít nhất 70% thủ tục hành chính có phát sinh hồ sơ được giải quyết trực tuyến;",
        "100% UBND cấp huyện kết nối phần mềm một cửa điện tử với Cổng dịch vụ công của tỉnh;",
        "Tỷ lệ hồ sơ giải quyết trễ hạn không vượt quá 2%.",
    ):
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph("II. NHIỆM VỤ")
    areas = (
        (
            "Cải cách thủ tục hành chính",
            (
                (
                    "1.1. Rà soát, đơn giản hóa thủ tục hành chính trong lĩnh vực đầu tư công.",
                    "(Cơ quan chủ trì: Sở Kế hoạch và Đầu tư; cơ quan phối hợp: Sở Tài chính, UBND cấp huyện;"
                    " thời gian hoàn thành: Quý II và Quý IV)",
                ),
                (
                    "1.2. Đánh giá việc giải quyết thủ tục hành chính tại Bộ phận Một cửa cấp huyện.",
                    "(Cơ quan chủ trì: Văn phòng UBND tỉnh; cơ quan phối hợp: Sở Nội vụ; thời gian hoàn thành:"
                    " Tháng 10)",
                ),
            ),
        ),
        (
            "Hiện đại hóa nền hành chính",
            (
                (
                    "2.1. Mở rộng kết nối Trục liên thông văn bản của tỉnh đến cấp xã.",
                    "(Cơ quan chủ trì: Sở Thông tin và Truyền thông; cơ quan phối hợp: UBND cấp huyện;"
                    " thời gian hoàn thành: Tháng 9 và tháng 12)",
                ),
                (
                    "2.2. Xây dựng cơ sở dữ liệu đất đai của tỉnh.",
                    "(Cơ quan chủ trì: Sở Tài nguyên và Môi trường; cơ quan phối hợp: Sở Thông tin và Truyền thông;"
                    " thời gian hoàn thành: Quý III)",
                ),
            ),
        ),
    )
    for area, tasks in areas:
        document.add_paragraph(area, style="List Number")
        for title, labels in tasks:
            document.add_paragraph(title)
            document.add_paragraph(labels)
        if area.startswith("Cải cách"):
            document.add_paragraph("Mẫu báo cáo tiến độ xem tại trang điện tử của Sở Nội vụ.")
    for text in (
        "III. TỔ CHỨC THỰC HIỆN",
        "Sở Nội vụ theo dõi, đôn đốc và báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện Kế hoạch.",
        "Nơi nhận:",
        "- Bộ Nội vụ;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Lương Đức Minh",
    ):
        document.add_paragraph(text)
    return _save(document)


def _save(document) -> bytes:
    document.core_properties.author = "CCHC tests"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BUILDERS = {
    "kh01-word-gop-o-nam-2026.docx": kh01,
    "kh02-word-gop-o-giai-doan.docx": kh02,
    "kh09-word-van-ban-danh-so.docx": kh09,
}


def build_all() -> dict[str, bytes]:
    """File name → the .docx bytes."""
    return {name: build() for name, build in BUILDERS.items()}


if __name__ == "__main__":
    for name, data in build_all().items():
        (HERE / name).write_bytes(data)
        sys.stdout.write(f"{name}: {len(data)} bytes\n")

# ruff: noqa: E501 - one indicator a line reads best
"""RPT-1: the default template of a periodic CCHC report (domain notes, "A report usually holds"), copied into each
cycle when Sở Nội vụ opens it, so later edits never change a running cycle. Sections: (code, title, guidance,
problems?); indicators: (code, section, name, unit, kind, rule, source, numerator, denominator)."""

from cchc.reports.consolidate import AVERAGE, COUNT_YES, RATIO, SUM

N, P, YN = "number", "percent", "yes-no"

SECTIONS = [
    ("I", "Công tác chỉ đạo, điều hành", "Kế hoạch, kiểm tra, tuyên truyền, sáng kiến CCHC trong kỳ.", False),
    ("II", "Kết quả thực hiện nhiệm vụ CCHC theo lĩnh vực", "Kết quả từng lĩnh vực; số liệu ở phụ lục.", False),
    ("III", "Đánh giá chung", "Ưu điểm, hạn chế và nguyên nhân.", False),
    ("IV", "Nhiệm vụ trọng tâm kỳ tới", "", False),
    ("V", "Khó khăn, vướng mắc và đề xuất, kiến nghị", "", True),
]

INDICATORS = [
    ("1.1", "I", "Kế hoạch CCHC năm của cơ quan đã ban hành", "", YN, COUNT_YES, "", "", ""),
    (
        "1.2",
        "I",
        "Số văn bản chỉ đạo, điều hành về CCHC ban hành trong kỳ",
        "văn bản",
        N,
        SUM,
        "documents_issued",
        "",
        "",
    ),
    ("1.3", "I", "Số cuộc kiểm tra CCHC đã thực hiện", "cuộc", N, SUM, "", "", ""),
    ("1.4", "I", "Số nhiệm vụ CCHC được giao chủ trì", "nhiệm vụ", N, SUM, "tasks_total", "", ""),
    ("1.5", "I", "Số nhiệm vụ đã hoàn thành", "nhiệm vụ", N, SUM, "tasks_done", "", ""),
    ("1.6", "I", "Số nhiệm vụ quá hạn", "nhiệm vụ", N, SUM, "tasks_overdue", "", ""),
    ("1.7", "I", "Tỷ lệ nhiệm vụ hoàn thành", "%", P, RATIO, "", "1.5", "1.4"),
    ("2.1", "II", "Số TTHC được công bố, công khai", "thủ tục", N, SUM, "", "", ""),
    ("2.2", "II", "Số TTHC được cắt giảm, đơn giản hóa", "thủ tục", N, SUM, "", "", ""),
    ("2.3", "II", "Số hồ sơ TTHC tiếp nhận", "hồ sơ", N, SUM, "", "", ""),
    ("2.4", "II", "Số hồ sơ giải quyết đúng hạn", "hồ sơ", N, SUM, "", "", ""),
    ("2.5", "II", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", P, RATIO, "", "2.4", "2.3"),
    ("2.6", "II", "Số hồ sơ tiếp nhận trực tuyến", "hồ sơ", N, SUM, "", "", ""),
    ("2.7", "II", "Tỷ lệ hồ sơ trực tuyến", "%", P, RATIO, "", "2.6", "2.3"),
    ("2.8", "II", "Số hồ sơ được số hóa", "hồ sơ", N, SUM, "", "", ""),
    ("2.9", "II", "Tỷ lệ số hóa hồ sơ", "%", P, RATIO, "", "2.8", "2.3"),
    ("2.10", "II", "Áp dụng ISO 9001 cho các TTHC thuộc thẩm quyền", "", YN, COUNT_YES, "", "", ""),
    ("2.11", "II", "Biên chế giảm so với đầu năm", "người", N, SUM, "", "", ""),
    ("2.12", "II", "Điểm Chỉ số CCHC tự đánh giá", "điểm", N, AVERAGE, "", "", ""),
]

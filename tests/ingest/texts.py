"""Texts of plans and regulations built for the ingest tests (never files in the repository)."""


def plan_text(tasks: int, year: int = 2025) -> str:
    """A plan decision whose appendix has `tasks` rows (tab-separated, as the seed documents are)."""
    lines = [
        "ỦY BAN NHÂN DÂN TỈNH THỬ",
        "Số: 12/QĐ-UBND",
        f"Thử, ngày 20 tháng 12 năm {year - 1}",
        "QUYẾT ĐỊNH",
        f"Về việc ban hành Kế hoạch cải cách hành chính năm {year}",
        "KẾ HOẠCH",
        f"Cải cách hành chính năm {year}",
        "PHỤ LỤC",
        "TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành",
        "I\tCÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\t\t\t\t",
    ]
    for n in range(1, tasks + 1):
        lead = "Sở Nội vụ" if n % 2 else "Sở Tư pháp"
        lines.append(f"{n}.\tNhiệm vụ thử số {n}\tBáo cáo\t{lead}\tCác sở, ban, ngành\tQuý {'I' * (1 + n % 3)}")
    return "\n".join(lines) + "\n"


def regulation_text(standing: str) -> str:
    """A short coordination regulation that names `standing` as the standing agency."""
    return "\n".join(
        [
            "ỦY BAN NHÂN DÂN TỈNH THỬ",
            "Số: 55/QĐ-UBND",
            "Thử, ngày 10 tháng 3 năm 2025",
            "QUY CHẾ PHỐI HỢP THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
            "Điều 3. Cơ quan chủ trì, cơ quan phối hợp",
            f"{standing} là cơ quan thường trực, chủ trì, tổng hợp chung công tác cải cách hành chính của tỉnh.",
            "Điều 4. Cải cách thể chế",
            "Sở Tư pháp chủ trì thực hiện cải cách thể chế.",
        ]
    )

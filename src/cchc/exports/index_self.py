"""IDX-3: an agency's self-assessment as a .docx report in the official layout (Nghị định 30): national header,
title, the score table with area subtotals and the total, difficulties, recommendations, the leader's signature."""

from decimal import Decimal

from cchc.core.dates import today
from cchc.exports import official

HEADERS = ("Mã", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Tài liệu kiểm chứng", "Giải trình")
WIDTHS = (14, 52, 15, 15, 38, 26)  # mm: the 160 mm between the margins of a portrait A4 page


def _p(value) -> str:
    if value is None:
        return ""
    return f"{Decimal(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _evidence(score) -> list[str]:
    lines = []
    for ev in score.evidence.all():
        text = " ".join(x for x in (ev.number, f"ngày {ev.issued_on:%d/%m/%Y}" if ev.issued_on else "", ev.title) if x)
        lines.append(f"{text} ({ev.locator})" if ev.locator else text)
    return lines


def table_rows(rows) -> list:
    """The table's rows: an area as a group row, its leaves, its subtotal; bonus and penalty items; the total."""
    out, total_max, total_self = [], Decimal(0), Decimal(0)
    area = None
    area_max = area_self = Decimal(0)

    def close():
        if area is not None:
            out.append(["", f"Cộng {area.code}", _p(area_max), _p(area_self), "", ""])

    for row in rows:
        node, score = row["node"], row["score"]
        if node.parent_id is None and score is None:  # an area
            close()
            area, area_max, area_self = node, Decimal(node.max_points), Decimal(0)
            out.append(official.Group(node.name, node.code))
            total_max += Decimal(node.max_points)
            continue
        if score is None:
            out.append([node.code, node.name, _p(node.max_points), "", "", ""])
            continue
        if node.parent_id is None:  # bonus, penalty: outside the areas
            close()
            area = None
        points = score.self_points if row.get("self_scored") else None
        if points is not None:
            if node.kind == "penalty":
                total_self -= Decimal(points)
            else:
                total_self += Decimal(points)
                if area is not None:
                    area_self += Decimal(points)
        method = "" if row.get("self_scored") else "Điều tra xã hội học" if node.kind != "penalty" else "Điểm trừ"
        out.append(
            [node.code, node.name, _p(node.max_points), _p(points) or method, _evidence(score), score.explanation]
        )
    close()
    out.append(["", "TỔNG CỘNG", _p(total_max), _p(total_self), "", ""])
    return out


def _leader_name(agency) -> str:
    """The name of the agency's leader today, for the signature ("" when none is recorded)."""
    from cchc.agencies.models import Membership, Role

    membership = (
        Membership.objects.filter(agency=agency, role=Role.LEADER, ended_on__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return ""
    return membership.user.get_full_name() or ""


def self_assessment_docx(assessment, rows) -> bytes:
    campaign, agency = assessment.campaign, assessment.agency
    province = campaign.province
    doc = official.new_official_document(title=f"Tự đánh giá Chỉ số CCHC năm {campaign.year}", author=agency.name)
    official.add_national_header(
        doc,
        f"UBND {province.name}",
        agency.name,
        "",
        province.name,
        assessment.submitted_at.date() if assessment.submitted_at else None,
        symbol="BC",
        year=today().year,
    )
    official.add_title(doc, "Báo cáo", f"Kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm {campaign.year}")
    official.add_text(doc, "I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", bold=True)
    official.add_table(doc, HEADERS, table_rows(rows), WIDTHS)
    official.add_text(doc, "II. KHÓ KHĂN, VƯỚNG MẮC", bold=True)
    for line in (assessment.difficulties or "Không có.").splitlines():
        official.add_text(doc, line)
    official.add_text(doc, "III. KIẾN NGHỊ, ĐỀ XUẤT", bold=True)
    for line in (assessment.recommendations or "Không có.").splitlines():
        official.add_text(doc, line)
    official.add_recipients_and_signature(
        doc,
        [f"- {agency.province.standing_name};", f"- Lưu: {agency.abbreviation or 'VT'}."],
        ["Thủ trưởng cơ quan"],
        _leader_name(agency),
    )
    return official.document_bytes(doc)

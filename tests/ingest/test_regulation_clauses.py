"""REG-1, REG-4, U-6: the kinds of clause the regulation parser reads besides its seeds, each in several
phrasings written for the tests: the appraisal handed out by lettered points, the yearly proposal deadline, the
meeting cadence, senders to the standing agency, a coordinator after a semicolon, and lines read into nothing.

Pure: no database.
"""

from __future__ import annotations

import pytest

from cchc.core.text import fold
from cchc.ingest.reader import read_text
from cchc.ingest.regulation_parser import parse_regulation

HEAD = [
    "ỦY BAN NHÂN DÂN TỈNH THỬ",
    "Số: 77/QĐ-UBND",
    "Thử, ngày 02 tháng 4 năm 2026",
    "QUY CHẾ",
    "Phối hợp thực hiện nhiệm vụ cải cách hành chính",
]


def parse(*lines: str):
    return parse_regulation(read_text("\n".join(HEAD + list(lines)) + "\n"))


def rows(ex) -> set[tuple[str, str, str]]:
    return {(fold(r.agency), r.role, r.area_or_topic) for r in ex.responsibilities}


APPRAISALS = {
    "agency-then-verb": [
        "Điều 5. Thẩm định Chỉ số",
        "Các cơ quan sau thẩm định kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính:",
        "a) Sở Tư pháp thẩm định lĩnh vực cải cách thể chế;",
        "b) Văn phòng Ủy ban nhân dân tỉnh thẩm định lĩnh vực cải cách thủ tục hành chính.",
    ],
    "agency-colon-area": [
        "Điều 5. Phân công thẩm định",
        "1. Giao các cơ quan sau tham mưu thẩm định kết quả tự chấm điểm Chỉ số CCHC của các sở, ngành:",
        "a) Sở Tư pháp: lĩnh vực cải cách thể chế;",
        "b) Văn phòng UBND tỉnh: lĩnh vực cải cách thủ tục hành chính.",
    ],
    "area-colon-agency": [
        "Điều 5. Thẩm định kết quả",
        "Phân công thẩm định kết quả tự đánh giá Chỉ số cải cách hành chính như sau:",
        "a) Lĩnh vực cải cách thể chế: Sở Tư pháp;",
        "b) Lĩnh vực cải cách thủ tục hành chính: Văn phòng Ủy ban nhân dân tỉnh.",
    ],
    "dash-points": [
        "Điều 5. Thẩm định và tổng hợp",
        "2. Việc thẩm định kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính do các cơ quan sau thực hiện:",
        "- a) Sở Tư pháp thẩm định nội dung về cải cách thể chế;",
        "- b) Văn phòng Ủy ban nhân dân tỉnh thẩm định nội dung về thủ tục hành chính.",
    ],
    "lead-verb-in-points": [
        "Điều 5. Trách nhiệm thẩm định",
        "Các cơ quan được giao chủ trì thẩm định kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính như sau:",
        "a) Sở Tư pháp chủ trì thẩm định lĩnh vực cải cách thể chế;",
        "b) Văn phòng Ủy ban nhân dân tỉnh chủ trì thẩm định lĩnh vực cải cách thủ tục hành chính.",
    ],
}


@pytest.mark.parametrize("name", APPRAISALS)
def test_REG_4_an_appraisal_intro_with_points_gives_appraisal_rows_and_no_lead(name):
    """REG-4: each point names one agency and the areas it appraises → appraise rows; no point is a lead row."""
    ex = parse(*APPRAISALS[name])
    assert rows(ex) == {
        ("so tu phap", "appraise", "institutions"),
        (fold(ex.responsibilities[1].agency), "appraise", "procedures"),
    }
    assert fold(ex.responsibilities[1].agency).startswith("van phong")
    assert not [r for r in ex.responsibilities if r.role == "lead"]


def test_REG_4_one_point_may_name_several_areas():
    """REG-4: "Sở Nội vụ: các lĩnh vực cải cách tổ chức bộ máy, cải cách chế độ công vụ" gives two rows."""
    ex = parse(
        "Điều 5. Thẩm định",
        "Các cơ quan sau thẩm định kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính:",
        "a) Sở Nội vụ: các lĩnh vực cải cách tổ chức bộ máy, cải cách chế độ công vụ;",
        "b) Sở Khoa học và Công nghệ: lĩnh vực xây dựng chính quyền điện tử, chính quyền số.",
    )
    assert rows(ex) == {
        ("so noi vu", "appraise", "organisation"),
        ("so noi vu", "appraise", "civil-service"),
        ("so khoa hoc va cong nghe", "appraise", "modernisation"),
    }


@pytest.mark.parametrize(
    ("sentence", "day", "month"),
    [
        (
            "Trước ngày 30 tháng 11 hằng năm, các sở, ban, ngành gửi đề xuất nhiệm vụ cải cách hành chính"
            " về Sở Nội vụ.",
            30,
            11,
        ),
        ("Chậm nhất ngày 15/11 hằng năm, các sở, ban, ngành gửi đề xuất nhiệm vụ về Sở Nội vụ.", 15, 11),
        (
            "Các sở, ban, ngành gửi đề xuất nhiệm vụ cải cách hành chính năm sau về Sở Nội vụ"
            " trước ngày 20 tháng 11 hằng năm.",
            20,
            11,
        ),
        ("Hạn chót là ngày 05/12 hằng năm, các cơ quan, đơn vị gửi đề xuất nhiệm vụ về Sở Nội vụ.", 5, 12),
    ],
)
def test_REG_1_the_yearly_proposal_deadline_is_read(sentence, day, month):
    """REG-1: the proposal deadline in several phrasings, with its article; the senders coordinate the
    proposals and Sở Nội vụ, the receiver, leads them."""
    ex = parse("Điều 6. Đề xuất nhiệm vụ", f"1. {sentence}")
    assert ex.to_json()["proposal_deadline"] == {"day": day, "month": month, "article": "Đ6.1"}
    assert ("so noi vu", "lead", "plan-proposals") in rows(ex)


def test_REG_1_a_date_of_a_document_is_no_deadline():
    """REG-1: "Nghị quyết … ngày 15 tháng 7 năm 2021" and a deadline without "hằng năm" are not the yearly one."""
    ex = parse(
        "Điều 6. Căn cứ",
        "1. Sở Nội vụ chủ trì thực hiện Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 về cải cách thể chế.",
        "2. Trước ngày 30 tháng 6 năm 2026, Sở Tư pháp gửi đề xuất về Sở Nội vụ.",
    )
    assert ex.proposal_deadline is None


@pytest.mark.parametrize(
    ("sentence", "cadence"),
    [
        ("Định kỳ 6 tháng, Sở Nội vụ tổ chức họp giao ban công tác cải cách hành chính.", "half-yearly"),
        ("Sở Nội vụ chủ trì tổ chức giao ban công tác cải cách hành chính hằng quý.", "quarterly"),
        ("Các cơ quan họp mỗi quý một lần để đánh giá việc thực hiện.", "quarterly"),
        ("Sở Nội vụ chủ trì tổ chức hội nghị sơ kết công tác cải cách hành chính hằng năm.", "yearly"),
        ("Định kỳ 6 tháng một lần, Sở Nội vụ chủ trì họp với các cơ quan phối hợp.", "half-yearly"),
    ],
)
def test_REG_1_the_meeting_cadence_is_read(sentence, cadence):
    """REG-1: the cadence is one of quarterly, half-yearly, yearly, with its article."""
    ex = parse("Điều 7. Chế độ họp", sentence)
    assert ex.to_json()["meetings"] == {"cadence": cadence, "article": "Đ7"}


def test_REG_1_compiling_proposals_is_no_meeting():
    """REG-1: "tổng hợp", "phối hợp" hold the letters of "họp" but are no meeting."""
    ex = parse("Điều 7. Tổng hợp", "Sở Nội vụ tổng hợp, phối hợp với các sở hằng năm để báo cáo cải cách thể chế.")
    assert ex.meetings is None


def test_REG_4_comments_and_yearly_plans_sent_to_the_standing_agency():
    """REG-4: the agencies as subject, Sở Nội vụ as the receiver: it leads the comments and receives the plans;
    a draft sent out "để lấy ý kiến các sở, ban, ngành" makes those asked coordinate."""
    ex = parse(
        "Điều 6. Kế hoạch",
        "1. Các sở, ban, ngành góp ý dự thảo kế hoạch cải cách hành chính của tỉnh và gửi về Sở Nội vụ.",
        "2. Các cơ quan, đơn vị gửi kế hoạch cải cách hành chính hằng năm của cơ quan mình về Sở Nội vụ.",
    )
    assert {("so noi vu", "lead", "plan-comments"), ("cac so, ban, nganh", "coordinate", "plan-comments")} <= rows(ex)
    assert ("so noi vu", "lead", "agency-plans") in rows(ex)
    asked = parse(
        "Điều 6. Kế hoạch",
        "Sở Nội vụ gửi dự thảo kế hoạch cải cách hành chính của tỉnh để lấy ý kiến các sở, ban, ngành.",
    )
    assert {("so noi vu", "lead", "plan-comments"), ("cac so, ban, nganh", "coordinate", "plan-comments")} <= rows(
        asked
    )


@pytest.mark.parametrize(
    "second",
    [
        "Văn phòng Ủy ban nhân dân tỉnh phối hợp thực hiện.",
        "Văn phòng Ủy ban nhân dân tỉnh cùng phối hợp thực hiện.",
        "Văn phòng Ủy ban nhân dân tỉnh có trách nhiệm phối hợp.",
        "Văn phòng Ủy ban nhân dân tỉnh tham gia thực hiện.",
    ],
)
def test_REG_1_a_coordinator_after_a_semicolon_is_kept(second):
    """REG-1: "A chủ trì …; B phối hợp …": B coordinates the same area, A still leads it."""
    ex = parse("Điều 4. Cải cách thể chế", f"Sở Tư pháp chủ trì thực hiện cải cách thể chế; {second}")
    assert rows(ex) == {
        ("so tu phap", "lead", "institutions"),
        ("van phong uy ban nhan dan tinh", "coordinate", "institutions"),
    }


def test_U_6_a_line_read_into_nothing_is_a_warning_and_boilerplate_is_not():
    """U-6: a line of a responsibility article that gives no row is listed with its line; the "Căn cứ" lines of
    the decision, an article of principles and a signature are not."""
    ex = parse(
        "Điều 2. Nguyên tắc phối hợp",
        "Việc phối hợp bảo đảm đúng chức năng của từng cơ quan.",
        "Điều 4. Cải cách thể chế",
        "1. Sở Tư pháp chủ trì thực hiện cải cách thể chế.",
        "2. Ban biên tập lưu trữ hồ sơ theo quy định chung.",
    )
    lines = {w.line for w in ex.warnings}
    assert 10 in lines and any("Ban biên tập" in w.message or w.line == 10 for w in ex.warnings)
    assert 7 not in lines and 9 not in lines


def test_U_6_a_line_between_chapters_outside_any_article_is_a_warning():
    """U-6: a paragraph after a chapter heading and before its first article is listed; the heading is not."""
    ex = parse(
        "Điều 1. Cải cách thể chế",
        "Sở Tư pháp chủ trì thực hiện cải cách thể chế.",
        "Chương II",
        "TRÁCH NHIỆM PHỐI HỢP",
        "Các nội dung chuyển tiếp do các cơ quan tự thỏa thuận.",
        "Điều 2. Cải cách tài chính công",
        "Sở Tài chính chủ trì thực hiện cải cách tài chính công.",
    )
    outside = [w for w in ex.warnings if "ngoài các điều" in w.message]
    assert [w.line for w in outside] == [10] and "chuyển tiếp" in outside[0].message

"""PLAN-2, PLAN-3, U-6 (issue 12): plans written as numbered body text with labelled lines after each task,
targets as a section or as bullets under "Chỉ tiêu:", the issuer in full, two-phase times, and lines the parser
cannot place shown as warnings. Short texts written for these tests (fictional provinces)."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.ingest.plan_cells import task_labels
from cchc.ingest.plan_parser import parse_plan
from cchc.ingest.plan_times import read_time
from cchc.ingest.reader import read_text

HEAD = """\
ỦY BAN NHÂN DÂN TỈNH BẮC NGÀN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 41/KH-UBND
Bắc Ngàn, ngày 10 tháng 01 năm 2026
KẾ HOẠCH
Cải cách hành chính tỉnh Bắc Ngàn năm 2026
Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;
I. MỤC ĐÍCH, YÊU CẦU
Phục vụ người dân, doanh nghiệp tốt hơn.
II. NHIỆM VỤ
1. Cải cách thể chế
"""
TAIL = """\
III. TỔ CHỨC THỰC HIỆN
Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch.
Nơi nhận:
- Bộ Nội vụ;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Bình
"""


def plan_with(task_lines: str):
    return parse_plan(read_text(HEAD + task_lines + TAIL))


LABELLED = [
    # one line, lower-case second label after a semicolon, time after a full stop
    "Cơ quan chủ trì: Sở Tư pháp; cơ quan phối hợp: Sở Nội vụ, UBND cấp xã. Thời gian: Quý III.\n"
    "Sản phẩm: Báo cáo rà soát.",
    # one label a line
    "Cơ quan chủ trì: Sở Tư pháp\nCơ quan phối hợp: Sở Nội vụ; UBND cấp xã\nThời gian hoàn thành: Quý III\n"
    "Sản phẩm: Báo cáo rà soát",
    # dashes, "Đơn vị", time first
    "- Thời gian hoàn thành: Quý III.\n- Đơn vị chủ trì: Sở Tư pháp.\n- Đơn vị phối hợp: Sở Nội vụ; UBND cấp xã.\n"
    "- Sản phẩm: Báo cáo rà soát.",
    # short labels, any order
    "Sản phẩm: Báo cáo rà soát. Hoàn thành: Quý III. Chủ trì: Sở Tư pháp. Phối hợp: Sở Nội vụ, UBND cấp xã.",
    # in brackets
    "(Chủ trì thực hiện: Sở Tư pháp; phối hợp: Sở Nội vụ, UBND cấp xã; thời hạn: Quý III; sản phẩm: Báo cáo rà soát)",
]


@pytest.mark.parametrize("labels", LABELLED, ids=["one-line", "a-line-each", "dashes", "short", "brackets"])
def test_PLAN_2_a_task_followed_by_labelled_lines_is_one_task_with_its_fields(labels):
    """PLAN-2: "Cơ quan chủ trì: …; cơ quan phối hợp: … Thời gian: …" (any order, one line or several) gives
    one task with its lead, coordinators, time and product; no task split, no task without a lead."""
    plan = plan_with(f"a) Rà soát các quy định của tỉnh sau sắp xếp đơn vị hành chính.\n{labels}\n")
    assert len(plan.tasks) == 1
    task = plan.tasks[0]
    assert task.title == "Rà soát các quy định của tỉnh sau sắp xếp đơn vị hành chính."
    assert task.area == "institutions" and task.code == "a"
    assert task.lead == "Sở Tư pháp"
    assert task.coordinators == ["Sở Nội vụ", "UBND cấp xã"]
    assert task.products == ["Báo cáo rà soát"]
    assert task.time_text == "Quý III"
    assert [(m.label, m.due) for m in task.milestones] == [("Quý III", dt.date(2026, 9, 30))]
    assert [w for w in plan.warnings if w.line] == []


def test_PLAN_2_several_labelled_tasks_keep_their_own_fields():
    """PLAN-2: each task takes the labels that follow it, not those of the task before."""
    plan = plan_with(
        "a) Rà soát quy định về phân cấp.\nCơ quan chủ trì: Sở Tư pháp. Thời gian: Quý II.\n"
        "b) Kiểm tra thi hành pháp luật.\nCơ quan chủ trì: Thanh tra tỉnh; cơ quan phối hợp: Sở Tư pháp. "
        "Thời gian: Tháng 10.\n"
    )
    assert [(t.code, t.lead, t.coordinators, t.time_text) for t in plan.tasks] == [
        ("a", "Sở Tư pháp", [], "Quý II"),
        ("b", "Thanh tra tỉnh", ["Sở Tư pháp"], "Tháng 10"),
    ]


@pytest.mark.parametrize(
    "text",
    ["Rà soát các quy định: bảo đảm thống nhất.", "Sở Tư pháp chủ trì: rà soát", "Thực hiện theo kế hoạch."],
)
def test_PLAN_2_a_sentence_is_not_a_line_of_labels(text):
    """PLAN-2: a line is read as labels only when it starts with one."""
    assert task_labels(text) is None


@pytest.mark.parametrize("heading", ["II. CHỈ TIÊU", "II. CÁC CHỈ TIÊU CHỦ YẾU", "II. Chỉ tiêu"])
def test_PLAN_3_targets_as_a_numbered_section_of_their_own(heading):
    """PLAN-3: "II. CHỈ TIÊU" then "1. …", "2. …" are targets, not tasks."""
    text = HEAD.replace("II. NHIỆM VỤ\n1. Cải cách thể chế\n", "").replace(
        "I. MỤC ĐÍCH, YÊU CẦU\nPhục vụ người dân, doanh nghiệp tốt hơn.\n",
        f"I. MỤC ĐÍCH\nPhục vụ người dân tốt hơn.\n{heading}\n1. Ít nhất 90% hồ sơ được giải quyết trực tuyến.\n"
        "2. 100% thủ tục hành chính được công khai.\n3. Tỷ lệ hồ sơ quá hạn dưới 2%.\n"
        "III. NHIỆM VỤ\n1. Cải cách thể chế\na) Rà soát quy định.\nCơ quan chủ trì: Sở Tư pháp. Thời gian: Quý II.\n",
    )
    plan = parse_plan(read_text(text + TAIL.replace("III.", "IV.")))
    assert [(t.comparison, t.value) for t in plan.targets] == [(">=", 90), ("=", 100), ("<", 2)]
    assert [t.title for t in plan.tasks] == ["Rà soát quy định."]


@pytest.mark.parametrize("bullet", ["-", "+", "–"])
def test_PLAN_3_targets_as_bullets_under_a_line_of_their_own(bullet):
    """PLAN-3: "Chỉ tiêu:" alone on its line, then "+" or "-" bullets: each percentage is a target."""
    text = HEAD.replace(
        "Phục vụ người dân, doanh nghiệp tốt hơn.\n",
        f"Phục vụ người dân tốt hơn.\nChỉ tiêu:\n{bullet} Mức độ hài lòng đạt từ 85% trở lên;\n"
        f"{bullet} Tỷ lệ phản ánh xử lý quá hạn không quá 3%.\n",
    )
    plan = parse_plan(
        read_text(text + "a) Rà soát quy định.\nCơ quan chủ trì: Sở Tư pháp. Thời gian: Quý II.\n" + TAIL)
    )
    assert [(t.comparison, t.value) for t in plan.targets] == [(">=", 85), ("<=", 3)]


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "Ủy ban nhân dân tỉnh Quảng Trị"),
        ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ", "Ủy ban nhân dân tỉnh Quảng Trị"),
        ("UBND THÀNH PHỐ HUẾ", "Ủy ban nhân dân thành phố Huế"),
        ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HUẾ", "Ủy ban nhân dân thành phố Huế"),
    ],
)
def test_U_6_the_issuer_is_not_cut_short(header, issuer):
    """U-6: the issuer keeps its province or city, on one line or two."""
    plan = plan_with("a) Rà soát quy định.\nCơ quan chủ trì: Sở Tư pháp. Thời gian: Quý II.\n")
    assert plan.issuer == "Ủy ban nhân dân tỉnh Bắc Ngàn"
    text = HEAD.replace("ỦY BAN NHÂN DÂN TỈNH BẮC NGÀN", header)
    assert parse_plan(read_text(text + TAIL)).issuer == issuer


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        ("Quý II và Quý IV", [("Quý II", dt.date(2026, 6, 30)), ("Quý IV", dt.date(2026, 12, 31))]),
        ("Tháng 9 và tháng 12", [("Tháng 9", dt.date(2026, 9, 30)), ("tháng 12", dt.date(2026, 12, 31))]),
        ("30/6 và 31/12", [("30/6", dt.date(2026, 6, 30)), ("31/12", dt.date(2026, 12, 31))]),
        ("Quý I", [("Quý I", dt.date(2026, 3, 31))]),
    ],
)
def test_PLAN_2_a_time_of_two_phases_joined_by_and_gives_one_milestone_each(time, expected):
    """PLAN-2: "Quý II và Quý IV" → two milestones, each labelled by its phase."""
    milestones, warnings = read_time(time, (2026, 2026))
    assert [(m.label, m.due) for m in milestones] == expected
    assert warnings == []


def test_PLAN_2_a_time_the_parser_cannot_read_is_a_warning_with_the_task_line():
    """PLAN-2: an unreadable time is never silent."""
    plan = plan_with("a) Rà soát quy định.\nCơ quan chủ trì: Sở Tư pháp. Thời gian: sớm nhất có thể.\n")
    task = plan.tasks[0]
    assert task.time_text == "sớm nhất có thể"
    assert [w.line for w in plan.warnings if "sớm nhất có thể" in w.message] == [task.line]


def test_PLAN_2_an_unreadable_phase_of_two_is_its_own_milestone_and_a_warning():
    """PLAN-2: "Quý II và Quý V": the second phase cannot be read; it is said, and the first keeps its date."""
    milestones, warnings = read_time("Quý II và Quý V", (2026, 2026))
    assert [(m.label, m.due) for m in milestones] == [("Quý II", dt.date(2026, 6, 30)), ("Quý V", None)]
    assert len(warnings) == 1 and "Quý V" in warnings[0]


def test_U_6_a_line_after_a_tasks_labels_is_warned_with_its_line_not_joined_to_the_task():
    """U-6: nothing vanishes: a stray line is listed with its line number; the task keeps its title."""
    stray = "Phần này đã được thống nhất tại cuộc họp giao ban."
    text = HEAD + f"a) Rà soát quy định.\nCơ quan chủ trì: Sở Tư pháp. Thời gian: Quý II.\n{stray}\n" + TAIL
    plan = parse_plan(read_text(text))
    line = text.split("\n").index(stray) + 1
    assert plan.tasks[0].title == "Rà soát quy định."
    assert [w.line for w in plan.warnings if w.line] == [line]
    assert stray in plan.warnings[[w.line for w in plan.warnings].index(line)].message


def test_U_6_a_line_after_a_task_table_is_warned_and_boilerplate_is_not():
    """U-6: a line under the task table (in its section) is listed; "Căn cứ", "Nơi nhận", signatures are not."""
    table = (
        "III. NHIỆM VỤ\n| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n|---|---|---|---|\n"
        "| I | CẢI CÁCH THỂ CHẾ | | |\n| 1 | Rà soát quy định | Sở Tư pháp | Quý II |\n"
    )
    stray = "Bảng này được gửi kèm bản mềm."
    text = HEAD.replace("II. NHIỆM VỤ\n1. Cải cách thể chế\n", "") + table + stray + "\n" + TAIL.replace("III.", "IV.")
    plan = parse_plan(read_text(text))
    assert [(t.title, t.lead) for t in plan.tasks] == [("Rà soát quy định", "Sở Tư pháp")]
    assert [w.line for w in plan.warnings if w.line] == [text.split("\n").index(stray) + 1]


def test_U_6_a_section_the_parser_does_not_read_is_listed_line_by_line_and_preambles_are_not():
    """U-6: "IV. KINH PHÍ THỰC HIỆN" is not read into the plan: each of its lines is a warning with its line;
    "Căn cứ …" after the plan's heading and a line ending with ":" that introduces a list are not."""
    funding = ["Kinh phí thực hiện từ ngân sách tỉnh năm 2026.", "Các sở bố trí trong dự toán được giao."]
    text = (
        HEAD.replace("I. MỤC ĐÍCH", "Căn cứ Kế hoạch số 12/KH-BNV của Bộ Nội vụ;\nI. MỤC ĐÍCH")
        + "a) Rà soát quy định.\nCơ quan chủ trì: Sở Tư pháp. Thời gian: Quý II.\n"
        + "III. KINH PHÍ THỰC HIỆN\n"
        + "\n".join(funding)
        + "\n"
        + TAIL.replace("III.", "IV.")
    )
    plan = parse_plan(read_text(text))
    lines = text.split("\n")
    assert [w.line for w in plan.warnings if w.line] == [lines.index(f) + 1 for f in funding]
    assert [t.lead for t in plan.tasks] == ["Sở Tư pháp"]


def test_U_6_a_line_of_the_appendix_outside_its_table_is_warned_and_its_headings_are_not():
    """U-6: after the signature, the appendix ("PHỤ LỤC", its "(Kèm theo …)" line, its title in capitals, the task
    table) is read; a note under its title that is neither is listed with its line; the signature block, "Nơi
    nhận" and the appendix's headings are not."""
    appendix = (
        "PHỤ LỤC\n(Kèm theo Kế hoạch số 41/KH-UBND ngày 10/01/2026)\nDANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026\n"
    )
    note = "Các nhiệm vụ chuyển tiếp từ năm trước được ghi rõ ở cột sản phẩm."
    table = (
        "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n|---|---|---|---|\n"
        "| I | CẢI CÁCH THỂ CHẾ | | |\n| 1 | Rà soát quy định | Sở Tư pháp | Quý II |\n"
    )
    body = HEAD.replace("II. NHIỆM VỤ\n1. Cải cách thể chế\n", "") + TAIL.replace("III.", "II.")
    text = body + appendix + note + "\n" + table
    plan = parse_plan(read_text(text))
    assert [(t.title, t.lead) for t in plan.tasks] == [("Rà soát quy định", "Sở Tư pháp")]
    assert [w.line for w in plan.warnings if w.line] == [text.split("\n").index(note) + 1]
    without = parse_plan(read_text(body + appendix + table))
    assert [w.line for w in without.warnings if w.line] == []

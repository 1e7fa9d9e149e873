"""PLAN-2: a task's completion time, written as text, becomes milestones with due dates (cchc.plans.timephrases)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.dates import end_of_quarter
from cchc.core.text import fold
from cchc.plans.timephrases import MilestoneSpec, ParsedTime, parse_time_phrase

D = dt.date
SEED_004 = "004_803d1f92a7fc57d5.txt"
PLAN_2020 = {"year": 2020, "first_day": D(2020, 1, 1)}  # 004: Kế hoạch CCHC năm 2020 (Bình Định)


def seed_path() -> Path:
    """004 from ../shared/seeds (tests.conftest fails the test when it is missing; it never skips)."""
    from tests.conftest import seed_path as shared_seed_path

    return shared_seed_path(SEED_004)


def appendix_times(path: Path) -> list[str]:
    """The last column ("Thời gian hoàn thành") of every row of 004's appendix table, without <b> tags, header
    rows, empty cells (rows that only continue a split title) and "nt" (same as above: resolved by the caller)."""
    text = path.read_text(encoding="utf-8")
    appendix = text[text.index("PHỤ LỤC") :]
    times = []
    for line in appendix.splitlines():
        cells = [re.sub(r"</?b>", "", cell).strip() for cell in line.split("\t")]
        if len(cells) != 6 or fold(cells[0]) == "tt":
            continue
        time = cells[-1]
        if time and fold(time) != "nt":
            times.append(time)
    return times


def dues(parsed: ParsedTime) -> list[tuple[str, dt.date | None, str]]:
    return [(m.label, m.due, m.kind) for m in parsed.milestones]


# Every distinct time phrase of 004's appendix, and what it gives in the 2020 plan: (label, due, kind) per phase.
APPENDIX_004 = [
    ("Quý I", [("", D(2020, 3, 31), "quarter")]),
    ("Quý II", [("", D(2020, 6, 30), "quarter")]),
    ("Quý III", [("", D(2020, 9, 30), "quarter")]),
    ("Quý IV", [("", D(2020, 12, 31), "quarter")]),
    ("Cả năm", [("", D(2020, 12, 31), "year")]),
    (
        "- Ban hành kế hoạch: Quý I - Thực hiện: Cả năm",
        [("Ban hành kế hoạch", D(2020, 3, 31), "quarter"), ("Thực hiện", D(2020, 12, 31), "year")],
    ),
    (
        "- Ban hành kế hoạch: Quý I - Triển khai thực hiện: Cả năm",
        [("Ban hành kế hoạch", D(2020, 3, 31), "quarter"), ("Triển khai thực hiện", D(2020, 12, 31), "year")],
    ),
    (
        "- Ban hành Kế hoạch: Quý I - Báo cáo: Quý II",
        [("Ban hành Kế hoạch", D(2020, 3, 31), "quarter"), ("Báo cáo", D(2020, 6, 30), "quarter")],
    ),
    (
        "- Ban hành kế hoạch: Quý I - Thực hiện: Quý II",
        [("Ban hành kế hoạch", D(2020, 3, 31), "quarter"), ("Thực hiện", D(2020, 6, 30), "quarter")],
    ),
    (
        "- Ban hành kế hoạch: Quý III - Thực hiện: Quý IV",
        [("Ban hành kế hoạch", D(2020, 9, 30), "quarter"), ("Thực hiện", D(2020, 12, 31), "quarter")],
    ),
    (
        "- Thực hiện: Cả năm - Báo cáo: Quý IV",
        [("Thực hiện", D(2020, 12, 31), "year"), ("Báo cáo", D(2020, 12, 31), "quarter")],
    ),
    ("Thực hiện thường xuyên", [("", None, "recurring")]),
    ("Theo tình hình thực tế", [("", None, "event")]),
    ("Sau khi Chính phủ ban hành văn bản", [("", None, "event")]),
    ("Theo kế hoạch số 2268/QĐ-UBND của UBND tỉnh", [("", None, "plan-schedule")]),
    ("Theo kế hoạch số 2413/QĐ-UBND của UBND tỉnh", [("", None, "plan-schedule")]),
    ("Theo Kế hoạch số 61/KH-UBND của UBND tỉnh", [("", None, "plan-schedule")]),
]


@pytest.fixture(scope="module")
def seed_times() -> list[str]:
    return appendix_times(seed_path())


def test_PLAN_2_the_list_below_is_every_distinct_time_of_the_004_appendix(seed_times):
    assert len(seed_times) > 30  # the appendix has some forty tasks
    assert set(seed_times) == {phrase for phrase, _ in APPENDIX_004}


def test_PLAN_2_every_time_of_the_004_appendix_is_understood(seed_times):
    for phrase in seed_times:
        parsed = parse_time_phrase(phrase, **PLAN_2020)
        assert parsed.milestones, phrase
        assert parsed.warnings == (), phrase
        assert all(m.kind != "unknown" for m in parsed.milestones), phrase


@pytest.mark.parametrize(("phrase", "expected"), APPENDIX_004, ids=[p for p, _ in APPENDIX_004])
def test_PLAN_2_004_appendix_time(phrase, expected):
    parsed = parse_time_phrase(phrase, **PLAN_2020)
    assert dues(parsed) == expected
    assert parsed.warnings == ()
    assert parsed.text == phrase


def test_PLAN_2_phases_keep_their_text_as_written():
    parsed = parse_time_phrase("  - Ban hành kế hoạch: Quý I - Thực hiện: Cả năm \n", 2020)
    assert parsed.text == "- Ban hành kế hoạch: Quý I - Thực hiện: Cả năm"
    assert parsed.milestones == (
        MilestoneSpec(label="Ban hành kế hoạch", text="Quý I", due=D(2020, 3, 31), kind="quarter"),
        MilestoneSpec(label="Thực hiện", text="Cả năm", due=D(2020, 12, 31), kind="year"),
    )
    no_date = parse_time_phrase("Theo Kế hoạch số 61/KH-UBND ngày 15/3/2019 của UBND tỉnh", 2020)
    assert no_date.milestones == (
        MilestoneSpec("", "Theo Kế hoạch số 61/KH-UBND ngày 15/3/2019 của UBND tỉnh", None, "plan-schedule"),
    )


@pytest.mark.parametrize(
    ("phrase", "due", "kind"),
    [
        ("Trong năm", D(2020, 12, 31), "year"),
        ("Thực hiện cả năm", D(2020, 12, 31), "year"),
        ("Năm 2021", D(2021, 12, 31), "year"),
        ("Đến năm 2021", D(2021, 12, 31), "year"),
        ("Tháng 6", D(2020, 6, 30), "month"),
        ("tháng 2", D(2020, 2, 29), "month"),
        ("tháng 6/2021", D(2021, 6, 30), "month"),
        ("Tháng 11 năm 2021", D(2021, 11, 30), "month"),
        ("Tháng 6, 7", D(2020, 7, 31), "month"),
        ("6 tháng đầu năm", D(2020, 6, 30), "half-year"),
        ("6 tháng cuối năm", D(2020, 12, 31), "half-year"),
        ("Sáu tháng đầu năm 2021", D(2021, 6, 30), "half-year"),
        ("15/11/2020", D(2020, 11, 15), "date"),
        ("trước ngày 15/11", D(2020, 11, 15), "date"),
        ("Chậm nhất ngày 15 tháng 11 năm 2021", D(2021, 11, 15), "date"),
        ("Quý IV/2021", D(2021, 12, 31), "quarter"),
        ("Quý IV năm 2021", D(2021, 12, 31), "quarter"),
        ("Quý 3", D(2020, 9, 30), "quarter"),
        ("quy iii", D(2020, 9, 30), "quarter"),
        ("QUÝ II", D(2020, 6, 30), "quarter"),
        ("Quí II", D(2020, 6, 30), "quarter"),
        ("Trong Quý II", D(2020, 6, 30), "quarter"),
        ("Cuối quý III", D(2020, 9, 30), "quarter"),
        ("Quý I, II", D(2020, 6, 30), "quarter"),  # several quarters: one milestone, at the latest one's end
        ("Quý II và Quý IV", D(2020, 12, 31), "quarter"),
        ("Quý 1 và 2 năm 2021", D(2021, 6, 30), "quarter"),
        ("Hằng năm", None, "recurring"),
        ("Định kỳ hàng quý", None, "recurring"),
        ("Ngay sau khi có văn bản hướng dẫn", None, "event"),
        ("Theo yêu cầu của UBND tỉnh", None, "event"),
        ("Thực hiện theo lộ trình của Chính phủ", None, "plan-schedule"),
    ],
)
def test_PLAN_2_other_forms_of_time(phrase, due, kind):
    parsed = parse_time_phrase(phrase, 2020, first_day=D(2020, 1, 1))
    assert dues(parsed) == [("", due, kind)]
    assert parsed.warnings == ()
    assert parsed.milestones[0].text == phrase


def test_PLAN_2_a_written_label_is_kept_for_a_single_phase():
    assert dues(parse_time_phrase("Báo cáo: Quý IV", 2020)) == [("Báo cáo", D(2020, 12, 31), "quarter")]


def test_PLAN_2_phases_on_several_lines():
    parsed = parse_time_phrase("- Ban hành kế hoạch: Quý I\n- Thực hiện: 6 tháng đầu năm\n- Báo cáo: 15/12", 2020)
    assert dues(parsed) == [
        ("Ban hành kế hoạch", D(2020, 3, 31), "quarter"),
        ("Thực hiện", D(2020, 6, 30), "half-year"),
        ("Báo cáo", D(2020, 12, 15), "date"),
    ]
    # A line that starts with neither a dash nor a label continues the phrase above.
    wrapped = parse_time_phrase("Theo Kế hoạch số 61/KH-UBND\nngày 15/3/2019", 2020)
    assert dues(wrapped) == [("", None, "plan-schedule")]
    assert wrapped.milestones[0].text == "Theo Kế hoạch số 61/KH-UBND ngày 15/3/2019"


def test_PLAN_2_a_written_year_overrides_the_plan_year():
    assert dues(parse_time_phrase("Năm 2018", 2020)) == [("", D(2018, 12, 31), "year")]
    assert dues(parse_time_phrase("- Ban hành: Quý IV/2019 - Thực hiện: Cả năm", 2020)) == [
        ("Ban hành", D(2019, 12, 31), "quarter"),
        ("Thực hiện", D(2020, 12, 31), "year"),
    ]


def test_PLAN_2_a_due_date_before_the_plan_starts_is_kept_with_a_warning():
    parsed = parse_time_phrase("Năm 2018", 2020, first_day=D(2020, 1, 1))
    assert dues(parsed) == [("", D(2018, 12, 31), "year")]
    assert parsed.warnings == ("Mốc «Năm 2018» (31/12/2018) trước ngày bắt đầu của kế hoạch (01/01/2020).",)
    # The plan was signed in August: a first-quarter phase is kept, and flagged.
    late = parse_time_phrase("- Ban hành kế hoạch: Quý I - Thực hiện: Cả năm", 2020, first_day=D(2020, 8, 4))
    assert [m.due for m in late.milestones] == [D(2020, 3, 31), D(2020, 12, 31)]
    assert len(late.warnings) == 1 and "Ban hành kế hoạch" in late.warnings[0]
    assert "trước ngày bắt đầu của kế hoạch" in late.warnings[0]


def test_PLAN_2_in_a_period_plan_a_phrase_without_year_falls_due_in_the_last_year():
    period = {"year": 2016, "end_year": 2020, "first_day": D(2016, 8, 4)}
    whole = parse_time_phrase("Cả năm", **period)
    assert dues(whole) == [("", D(2020, 12, 31), "year")] and whole.warnings == ()
    stage = parse_time_phrase("Giai đoạn 2016 - 2020", **period)
    assert dues(stage) == [("", D(2020, 12, 31), "year")] and stage.warnings == ()
    # A quarter without a year is dated in the last year too, and the guess is said.
    quarter = parse_time_phrase("Quý II", **period)
    assert dues(quarter) == [("", D(2020, 6, 30), "quarter")]
    assert len(quarter.warnings) == 1 and "không ghi năm" in quarter.warnings[0] and "2020" in quarter.warnings[0]
    # A written year is taken as written, with no warning.
    written = parse_time_phrase("Quý IV/2017", **period)
    assert dues(written) == [("", D(2017, 12, 31), "quarter")] and written.warnings == ()
    # An annual plan given end_year == year behaves as without it.
    assert parse_time_phrase("Quý II", 2020, end_year=2020) == parse_time_phrase("Quý II", 2020)


@pytest.mark.parametrize("phrase", ["nt", "Quý V", "Tháng 13", "31/02", "Đầu năm sau", "xyz", "Thực hiện:"])
def test_PLAN_2_an_unknown_time_keeps_its_text_with_a_warning(phrase):
    parsed = parse_time_phrase(phrase, 2020)
    assert [(m.due, m.kind) for m in parsed.milestones] == [(None, "unknown")]
    assert len(parsed.warnings) == 1
    assert parsed.warnings[0].startswith("Không hiểu thời hạn «") and "hãy nhập ngày cụ thể" in parsed.warnings[0]


def test_PLAN_2_unknown_message_quotes_the_text():
    assert parse_time_phrase("Đầu năm sau", 2020).warnings == (
        "Không hiểu thời hạn «Đầu năm sau»; hãy nhập ngày cụ thể.",
    )


@pytest.mark.parametrize("text", ["", "   ", "\n-\n", None])
def test_PLAN_2_an_empty_time_gives_no_milestone_and_a_warning(text):
    parsed = parse_time_phrase(text, 2020)
    assert parsed.milestones == ()
    assert len(parsed.warnings) == 1


def test_PLAN_2_never_raises_on_impossible_years():
    for year in (0, -5, 10_000):
        parsed = parse_time_phrase("- Ban hành: Quý I - Thực hiện: Cả năm", year)
        assert [m.kind for m in parsed.milestones] == ["unknown", "unknown"]
        assert len(parsed.warnings) == 2


@given(
    st.text(), st.integers(min_value=-10, max_value=20_000), st.none() | st.integers(1, 10_000), st.none() | st.dates()
)
def test_PLAN_2_never_raises(text, year, end_year, first_day):
    parsed = parse_time_phrase(text, year, end_year=end_year, first_day=first_day)
    assert isinstance(parsed, ParsedTime)
    assert parsed.text == text.strip()
    assert all(isinstance(m, MilestoneSpec) for m in parsed.milestones)
    # Whatever is not understood is said.
    if not parsed.milestones or any(m.kind == "unknown" for m in parsed.milestones):
        assert parsed.warnings


@given(st.text(alphabet="xzwkfj .,;!?", min_size=1).filter(str.strip), st.integers(1900, 2100))
def test_PLAN_2_unrecognised_text_gives_a_warning(text, year):
    parsed = parse_time_phrase(text, year)
    assert [(m.due, m.kind) for m in parsed.milestones] == [(None, "unknown")]
    assert parsed.warnings


QUARTER_WORDS = st.sampled_from(["Quý", "Quy", "quý", "QUÝ", "Quí"])
QUARTERS = st.sampled_from([("I", 1), ("II", 2), ("III", 3), ("IV", 4), ("1", 1), ("2", 2), ("3", 3), ("4", 4)])


@given(QUARTER_WORDS, QUARTERS, st.booleans(), st.integers(1900, 2100))
def test_PLAN_2_composed_quarters_fall_due_at_the_quarter_end(word, quarter, lower, year):
    numeral, number = quarter
    phrase = f"{word} {numeral.lower() if lower else numeral}"
    parsed = parse_time_phrase(phrase, year)
    assert dues(parsed) == [("", end_of_quarter(year, number), "quarter")]
    assert parsed.warnings == ()


@given(st.sampled_from(["Tháng", "Thang", "tháng", "THÁNG"]), st.integers(1, 12), st.integers(1900, 2100))
def test_PLAN_2_composed_months_fall_due_inside_the_year(word, month, year):
    parsed = parse_time_phrase(f"{word} {month}", year)
    (milestone,) = parsed.milestones
    assert milestone.kind == "month"
    assert milestone.due is not None and milestone.due.year == year and milestone.due.month == month
    assert (milestone.due + dt.timedelta(days=1)).day == 1  # the month's last day
    assert parsed.warnings == ()


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Ban hành kế hoạch", "Thực hiện", "Báo cáo", "Tổng kết"]),
            st.sampled_from(["Quý I", "Quý II", "Quý III", "Quý IV", "Cả năm", "Tháng 6", "6 tháng đầu năm"]),
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from([" ", "\n"]),
    st.integers(1900, 2100),
)
def test_PLAN_2_composed_phases_each_get_a_due_date_in_the_year(phases, separator, year):
    text = separator.join(f"- {label}: {phrase}" for label, phrase in phases)
    parsed = parse_time_phrase(text, year)
    assert [(m.label, m.text) for m in parsed.milestones] == phases
    assert all(m.due is not None and m.due.year == year for m in parsed.milestones)
    assert parsed.warnings == ()

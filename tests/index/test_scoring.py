"""IDX-6: the index's arithmetic: percent, ranks with ties, bands, ranking groups (pure, no database)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.index.scoring import (
    DEFAULT_BANDS,
    area_percents,
    classify,
    index_percent,
    rank,
    ranking_group,
    validate_bands,
)


@pytest.mark.parametrize(
    ("appraised", "survey", "maximum", "not_applicable", "expected"),
    [
        (D("62.5"), D("25"), D(100), D(0), D("87.50")),  # half points
        (D("60"), D("20.5"), D(100), D(2), D("82.14")),  # 80.5 / 98 = 82.142857… → 82.14
        (D("1"), D("0"), D(3), D(0), D("33.33")),  # 33.333…
        (D("2"), D("0"), D(3), D(0), D("66.67")),  # 66.666… half up
        (D("0.5"), D("0"), D(8), D(0), D("6.25")),
        (D("1"), D("0"), D(1600), D(0), D("0.06")),  # 0.0625 → 0.06 (half up on the third place: 0.0625 → 0.06)
        (D("1"), D("0"), D(200), D(0), D("0.50")),
        (D("1"), D("0"), D(800), D(0), D("0.13")),  # 0.125 → 0.13 (half up, not banker's 0.12)
        (D("0"), D("0"), D(100), D(0), D("0.00")),
        (D("5"), D("0"), D(10), D(10), None),  # nothing applies
    ],
)
def test_index_percent(appraised, survey, maximum, not_applicable, expected):
    """IDX-6: (appraised + survey) / (max − not applicable) × 100, kept Decimal, rounded half up to 2 places."""
    assert index_percent(appraised, survey, maximum, not_applicable=not_applicable) == expected


def test_bonus_and_penalty_and_never_below_zero():
    """IDX-6: bonus adds, penalty deducts, the index is never negative."""
    assert index_percent(D(80), D(10), D(100), bonus=D(2), penalty=D("0.5")) == D("91.50")
    assert index_percent(D(0), D(0), D(100), penalty=D(3)) == D("0.00")


def test_area_percents():
    """IDX-7: per area: obtained over that area's max."""
    assert area_percents({"direction": (D("8.5"), D(10)), "impact": (D("22.75"), D(30)), "x": (D(0), D(0))}) == {
        "direction": D("85.00"),
        "impact": D("75.83"),
        "x": None,
    }


def test_rank_with_ties_1_2_2_4():
    """IDX-6: equal scores share a rank; the next one skips."""
    scores = {"a": D("95.5"), "b": D("90.25"), "c": D("90.25"), "d": D("80"), "e": None}
    assert rank(scores) == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}
    assert rank({"a": D(70), "b": D(70), "c": D(70)}) == {"a": 1, "b": 1, "c": 1}
    assert rank({}) == {}


@given(st.dictionaries(st.integers(0, 50), st.decimals(0, 100, places=2), max_size=30))
def test_rank_properties(scores):
    """IDX-6: a rank is 1 + the number of strictly better scores."""
    ranks = rank(scores)
    for key, score in scores.items():
        assert ranks[key] == 1 + sum(1 for other in scores.values() if other > score)


@pytest.mark.parametrize(
    ("percent", "label"),
    [
        (D("100"), "Tốt"),
        (D("90"), "Tốt"),
        (D("89.99"), "Khá"),
        (D("80"), "Khá"),
        (D("79.99"), "Trung bình"),
        (D("65"), "Trung bình"),
        (D("64.99"), "Yếu"),
        (D("0"), "Yếu"),
        (None, ""),
    ],
)
def test_classify_at_the_edges(percent, label):
    """IDX-6: Tốt ≥ 90, Khá 80–<90, Trung bình 65–<80, Yếu < 65: exactly at an edge is the higher band."""
    assert classify(percent, DEFAULT_BANDS) == label


def test_bands_are_editable_and_validated():
    """IDX-6: a campaign's own bands classify; bad bands are refused with a Vietnamese message."""
    bands = [{"label": "Xuất sắc", "min": 95}, {"label": "Đạt", "min": 70}, {"label": "Chưa đạt", "min": 0}]
    assert classify(D("94.99"), bands) == "Đạt"
    assert classify(D("95"), bands) == "Xuất sắc"
    for bad, message in [
        ([], "ít nhất một"),
        ([("A", 80), ("B", 90), ("C", 0)], "giảm dần"),
        ([("A", 80), ("B", 10)], "ngưỡng 0%"),
        ([("A", 80), ("A", 0)], "trùng"),
        ([("A", 120), ("B", 0)], "từ 0 đến 100"),
        ([("", 0)], "không được để trống"),
        ([("A",)], "phải có tên và ngưỡng"),
        ([{"label": "A", "min": "x"}], "phải có tên và ngưỡng"),
    ]:
        with pytest.raises(ValueError, match=message):
            validate_bands(bad)


@pytest.mark.parametrize(
    ("kind", "on", "group"),
    [
        ("department", dt.date(2024, 12, 31), "department"),
        ("board", dt.date(2024, 12, 31), "department"),
        ("district", dt.date(2025, 6, 30), "district"),
        ("district", dt.date(2025, 7, 1), None),
        ("commune", dt.date(2025, 6, 30), "commune"),
        ("commune", dt.date(2025, 7, 1), "commune"),
        ("department", dt.date(2025, 7, 1), "department"),
        ("central", dt.date(2024, 1, 1), None),
        ("provincial-committee", dt.date(2024, 1, 1), None),
    ],
)
def test_ranking_group(kind, on, group):
    """IDX-6: sở, huyện, xã before 01/7/2025; sở and xã (phường, đặc khu with them) from that day."""
    assert ranking_group(kind, on) == group

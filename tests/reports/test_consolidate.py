"""RPT-3: consolidation rules, checked against totals computed by hand (no database)."""

from decimal import Decimal

import pytest

from cchc.reports import consolidate as c


def test_RPT_3_sum_average_min_max_by_hand():
    """RPT-3: 12 + 7.5 + 0 = 19.5; average 6.5; min 0; max 12; blanks are left out, never counted as 0."""
    values = ["12", "7.5", "0", "", None]
    assert c.consolidate(c.SUM, values) == Decimal("19.5")
    assert c.consolidate(c.AVERAGE, values) == Decimal("6.50")
    assert c.consolidate(c.MIN, values) == Decimal("0")
    assert c.consolidate(c.MAX, values) == Decimal("12")


def test_RPT_3_count_of_yes():
    assert c.consolidate(c.COUNT_YES, ["1", "0", "có", "", "1"]) == Decimal(3)
    assert c.consolidate(c.COUNT_YES, ["", None]) is None


def test_RPT_3_nothing_reported_is_none_not_zero():
    assert c.consolidate(c.SUM, ["", None]) is None


def test_RPT_3_a_percentage_comes_from_numerators_and_denominators_never_an_average_of_percentages():
    """RPT-3: agency A 90/100 (90%), agency B 10/1000 (1%): the province's rate is 100/1100 = 9.09%, where the
    average of the two percentages would say 45.5%."""
    assert c.consolidate_ratio(["90", "10"], ["100", "1000"]) == Decimal("9.09")
    # an agency that gave only one of the pair is left out of both
    assert c.consolidate_ratio(["90", "5"], ["100", ""]) == Decimal("90.00")
    assert c.consolidate_ratio(["0"], ["0"]) is None
    assert c.ratio(Decimal(1), Decimal(3)) == Decimal("33.33")


@pytest.mark.parametrize("odd", ["abc", "NaN", "Infinity", True])
def test_RPT_3_odd_values_are_not_numbers(odd):
    assert c.to_decimal(odd) is None

"""RPT-3: how an indicator's values from many agencies make the province's value. Pure: no database.

Each indicator declares its rule: sum, average, min, max, count of "yes". A percentage is never averaged: it is
consolidated from its numerator and denominator indicators (sum of numerators / sum of denominators × 100), the
way DHIS2 and the TANF portal do. Missing values (an agency that left a figure blank) are left out; an indicator
nobody reported stays None, never 0.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

SUM, AVERAGE, MIN, MAX, COUNT_YES, RATIO = "sum", "average", "min", "max", "count_yes", "ratio"
RULE_LABELS = {
    SUM: "Cộng",
    AVERAGE: "Trung bình",
    MIN: "Nhỏ nhất",
    MAX: "Lớn nhất",
    COUNT_YES: "Đếm số «Có»",
    RATIO: "Tỷ lệ từ tử số và mẫu số",
}
TWO_PLACES = Decimal("0.01")


def to_decimal(value) -> Decimal | None:
    """A stored value as a Decimal; blank, None or anything unreadable is None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def to_yes(value) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "có", "co"}


def round2(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator × 100, None when the denominator is missing or zero."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return round2(numerator * 100 / denominator)


def consolidate(rule: str, values: Iterable) -> Decimal | None:
    """The province's value of a sum / average / min / max / count_yes indicator from the agencies' values."""
    values = list(values)
    if rule == COUNT_YES:
        answers = [a for a in (to_yes(v) for v in values) if a is not None]
        return Decimal(sum(answers)) if answers else None
    numbers = [n for n in (to_decimal(v) for v in values) if n is not None]
    if not numbers:
        return None
    if rule == SUM:
        return sum(numbers, Decimal(0))
    if rule == AVERAGE:
        return round2(sum(numbers, Decimal(0)) / len(numbers))
    if rule == MIN:
        return min(numbers)
    if rule == MAX:
        return max(numbers)
    raise ValueError(f"Unknown consolidation rule {rule!r}; a ratio takes consolidate_ratio")


def consolidate_ratio(numerators: Iterable, denominators: Iterable) -> Decimal | None:
    """A percentage from the agencies' numerators and denominators, taken in pairs: an agency that gave only
    one of the two is left out of both (otherwise its figure would tilt the rate)."""
    num_total, den_total, any_pair = Decimal(0), Decimal(0), False
    for n, d in zip(numerators, denominators, strict=True):
        n, d = to_decimal(n), to_decimal(d)
        if n is None or d is None:
            continue
        num_total += n
        den_total += d
        any_pair = True
    return ratio(num_total, den_total) if any_pair else None

"""What a plan's numbers may be (SEC-3): years 2000–2100, a target's value within its measure and its column.

Target.value and TargetResult.value are DecimalField(max_digits=12, decimal_places=2): a value from 0 to
9 999 999 999,99. A percentage is 0–100; a yes/no target is 0 or 1. Every path that writes one (the forms, the
services behind the API, the ingest and the commands) goes through `target_value`.
"""

from decimal import Decimal

from cchc.core.errors import UserError
from cchc.core.params import parse_decimal, parse_year

COUNT_MAX = Decimal("9999999999.99")  # the largest value of a DecimalField(max_digits=12, decimal_places=2)
PERCENT_MAX = Decimal(100)


def target_value(value, measure: str, *, label: str = "Giá trị") -> Decimal:
    """The value of a target or of a reported result, bounded by its measure; UserError otherwise."""
    if isinstance(value, float):
        value = Decimal(str(value)) if value == value and abs(value) != float("inf") else "NaN"
    if isinstance(value, Decimal):
        value = format(value, "f") if value.is_finite() else "NaN"
    number = parse_decimal(value, low=0, high=COUNT_MAX, label=label, required=True)
    if measure == "percent" and number > PERCENT_MAX:
        raise UserError(f"{label}: tỷ lệ không được lớn hơn 100%.")
    if measure == "yes-no" and number not in (0, 1):
        raise UserError(f"{label}: chỉ tiêu có / không chỉ nhận 1 (có) hoặc 0 (không).")
    return number


def plan_year(value, *, label: str = "Năm của kế hoạch") -> int:
    return parse_year(value, label=label, required=True)


# A plan is signed in the year or two before it starts (a five-year plan is often signed the year before; a
# period plan, at the latest in its own years): never after today, never more than SIGNED_YEARS_BEFORE years before
# its first year. "01/01/1900 for 2027" is a typing slip, not a plan.
SIGNED_YEARS_BEFORE = 2


def check_signed_on(signed_on, *, start_year: int, end_year: int | None = None, on) -> None:
    """PLAN-1, SEC-3: the signing date of a plan within reason; UserError (in Vietnamese) otherwise."""
    if signed_on is None:
        return
    from cchc.core.dates import format_date

    if signed_on > on:
        raise UserError(
            f"Ngày ban hành {format_date(signed_on)} sau hôm nay ({format_date(on)}); hãy nhập ngày ghi trên văn bản."
        )
    earliest = start_year - SIGNED_YEARS_BEFORE
    if signed_on.year < earliest:
        raise UserError(
            f"Ngày ban hành {format_date(signed_on)} quá sớm cho kế hoạch từ năm {start_year}: kế hoạch được ký "
            f"không sớm hơn năm {earliest} (tối đa {SIGNED_YEARS_BEFORE} năm trước năm bắt đầu)."
        )
    if end_year is not None and signed_on.year > end_year:
        raise UserError(f"Ngày ban hành {format_date(signed_on)} sau năm cuối của kế hoạch ({end_year}).")

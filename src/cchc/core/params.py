"""Every number and id that comes from a request is parsed here (SEC-3).

Python's `int()` and `str.isdigit()` accept digits of every script ("²", "٣", full-width "１"), underscores and
numbers of any length, and `Decimal()` accepts "NaN", "Infinity" and "1e30": each of these once reached the
database or a template and made a page answer 500. These helpers accept only ASCII digits, of a bounded length,
within the bounds the domain allows, and raise `UserError` with a Vietnamese message otherwise. An empty value
is `None` (the caller decides whether it is required).

A view reads a GET filter with `lenient(request, parse_…, <the raw value>, …)`: a bad filter is ignored and the
page says so, instead of failing.
"""

import re
from decimal import Decimal

from cchc.core.errors import UserError

YEAR_MIN, YEAR_MAX = 2000, 2100
ID_MAX = 2**31 - 1  # the largest id of an integer column (PostgreSQL's integer; SQLite's is larger)
SEARCH_MAX = 200  # characters of a search query

_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_DECIMAL = re.compile(r"([+-]?)([0-9]{1,18})(?:[.,]([0-9]{1,18}))?")
_PARTY = re.compile(r"(agency|group):([0-9]{1,18})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _shown(text: str) -> str:
    """The value as quoted back to the user: without control characters, and short."""
    text = _CONTROL.sub("", text)
    return text if len(text) <= 20 else text[:20] + "…"


def _number_label(number) -> str:
    return f"{number:,}".replace(",", ".") if isinstance(number, int) else str(number).replace(".", ",")


def parse_int(value, *, low: int, high: int, label: str, required: bool = False) -> int | None:
    """An integer written with ASCII digits, from `low` to `high`; None when empty and not required."""
    text = _text(value)
    if not text:
        if required:
            raise UserError(f"Hãy nhập {label.lower()}.")
        return None
    bounds = f"từ {_number_label(low)} đến {_number_label(high)}"
    if not _INTEGER.fullmatch(text):
        raise UserError(f"{label} «{_shown(text)}» không hợp lệ: hãy nhập một số nguyên {bounds}.")
    number = int(text)
    if not low <= number <= high:
        raise UserError(f"{label} «{_shown(text)}» không hợp lệ: phải {bounds}.")
    return number


def parse_year(value, *, label: str = "Năm", required: bool = False) -> int | None:
    """A year of a plan, call, target or filter: 2000 to 2100."""
    return parse_int(value, low=YEAR_MIN, high=YEAR_MAX, label=label, required=required)


def parse_id(value, *, label: str = "Mã", required: bool = False) -> int | None:
    """The id of a record: 1 to 2**31 - 1 (a larger one cannot exist and would overflow the column)."""
    return parse_int(value, low=1, high=ID_MAX, label=label, required=required)


def parse_decimal(
    value,
    *,
    low: Decimal | int = 0,
    high: Decimal | int,
    label: str,
    decimal_places: int = 2,
    required: bool = False,
) -> Decimal | None:
    """A decimal number written with ASCII digits and "," or "." before the decimals, at most `decimal_places`
    of them, from `low` to `high`. NaN, infinity and exponents ("1e30") are refused."""
    text = _text(value)
    if not text:
        if required:
            raise UserError(f"Hãy nhập {label.lower()}.")
        return None
    bounds = f"từ {_number_label(low)} đến {_number_label(high)}"
    match = _DECIMAL.fullmatch(text)
    if not match:
        raise UserError(f"{label} «{_shown(text)}» không phải là một số hợp lệ: hãy nhập một số {bounds}.")
    sign, whole, decimals = match.groups()
    if decimals and len(decimals.rstrip("0")) > decimal_places:
        raise UserError(f"{label} chỉ được có tối đa {decimal_places} chữ số sau dấu phẩy.")
    number = Decimal(f"{sign}{whole}.{decimals or '0'}")
    if not Decimal(low) <= number <= Decimal(high):
        raise UserError(f"{label} «{_shown(text)}» không hợp lệ: phải {bounds}.")
    return number.quantize(Decimal(1).scaleb(-decimal_places))


def parse_party_key(value, *, label: str = "Cơ quan", required: bool = False) -> tuple[str, int] | None:
    """ "agency:12" or "group:3" (an agency or a group of agencies) as ("agency", 12)."""
    text = _text(value)
    if not text:
        if required:
            raise UserError(f"Hãy chọn {label.lower()}.")
        return None
    match = _PARTY.fullmatch(text)
    if not match:
        raise UserError(f"{label} «{_shown(text)}» không hợp lệ: phải có dạng agency:<mã> hoặc group:<mã>.")
    kind, pk = match.group(1), int(match.group(2))
    if not 1 <= pk <= ID_MAX:
        raise UserError(f"{label} «{_shown(text)}» không hợp lệ: không có mã này.")
    return kind, pk


def parse_choice(value, choices, *, label: str, required: bool = False) -> str | None:
    """One of the allowed values (a code, a kind, a status)."""
    text = _text(value)
    if not text:
        if required:
            raise UserError(f"Hãy chọn {label.lower()}.")
        return None
    allowed = [str(c) for c in choices]
    if text not in allowed:
        raise UserError(f"{label} «{_shown(text)}» không hợp lệ; dùng: {', '.join(allowed)}.")
    return text


def parse_search(value, *, max_length: int = SEARCH_MAX) -> str:
    """A search text: without control characters (PostgreSQL refuses NUL in a query), at most `max_length`
    characters. Never refused: a search for an odd text finds nothing."""
    return _CONTROL.sub("", _text(value))[:max_length]


def lenient(request, parse, value, **kwargs):
    """A GET filter read with `parse`: a bad value is ignored (None) and the page shows why, in Vietnamese."""
    from django.contrib import messages

    try:
        return parse(value, **kwargs)
    except UserError as exc:
        messages.warning(request, f"{exc.message} Bộ lọc này đã được bỏ qua.")
        return None

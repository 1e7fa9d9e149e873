"""Dates in the province's time zone (Asia/Ho_Chi_Minh) and their Vietnamese spelling (U-1)."""

import datetime as dt

from django.utils import timezone

QUARTER_NAMES = {1: "Quý I", 2: "Quý II", 3: "Quý III", 4: "Quý IV"}


def today() -> dt.date:
    """Today's date where the users are, whatever the server's clock zone."""
    return timezone.localdate()


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def quarter_of(value: dt.date) -> int:
    return (value.month - 1) // 3 + 1


def quarter_name(quarter: int) -> str:
    return QUARTER_NAMES[quarter]


def end_of_quarter(year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, quarter * 3 + 1, 1) - dt.timedelta(days=1)


def format_day_month(day: int | None, month: int | None) -> str:
    if not day or not month:
        return ""
    return f"{day:02d}/{month:02d}"

import datetime as dt

from cchc.core.dates import end_of_quarter, format_date, quarter_name, quarter_of


def test_U_1_dates_are_written_day_month_year():
    assert format_date(dt.date(2025, 2, 28)) == "28/02/2025"


def test_U_1_quarters_have_vietnamese_names():
    assert [quarter_name(q) for q in (1, 2, 3, 4)] == ["Quý I", "Quý II", "Quý III", "Quý IV"]
    assert quarter_of(dt.date(2020, 9, 30)) == 3


def test_end_of_quarter():
    """PLAN-2."""
    assert end_of_quarter(2020, 1) == dt.date(2020, 3, 31)
    assert end_of_quarter(2020, 3) == dt.date(2020, 9, 30)
    assert end_of_quarter(2020, 4) == dt.date(2020, 12, 31)

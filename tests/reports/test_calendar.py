"""RPT-1: the Ministry's reporting calendar, without a database."""

import datetime as dt

from cchc.reports import calendar


def test_RPT_1_periods_follow_the_ministry():
    """RPT-1: Quý I 15/12 (previous year)–14/3; six months 15/12–14/6; Quý III 15/6–14/9; year 15/12–14/12."""
    assert calendar.period(calendar.QUARTER_1, 2027) == (dt.date(2026, 12, 15), dt.date(2027, 3, 14))
    assert calendar.period(calendar.HALF_YEAR, 2027) == (dt.date(2026, 12, 15), dt.date(2027, 6, 14))
    assert calendar.period(calendar.QUARTER_3, 2027) == (dt.date(2027, 6, 15), dt.date(2027, 9, 14))
    assert calendar.period(calendar.YEAR, 2027) == (dt.date(2026, 12, 15), dt.date(2027, 12, 14))


def test_RPT_1_province_reports_by_the_20th_and_agencies_earlier_by_the_provinces_days():
    """RPT-1: the province's deadline is the 20th of the last month; the agencies' comes lead_days earlier."""
    assert calendar.province_deadline(calendar.QUARTER_1, 2027) == dt.date(2027, 3, 20)
    assert calendar.province_deadline(calendar.YEAR, 2027) == dt.date(2027, 12, 20)
    assert calendar.agency_due_date(calendar.QUARTER_1, 2027) == dt.date(2027, 3, 15)
    assert calendar.agency_due_date(calendar.QUARTER_3, 2027, 3) == dt.date(2027, 9, 17)
    # never before the period's last day: nobody reports on data not yet there
    assert calendar.agency_due_date(calendar.HALF_YEAR, 2027, 15) == dt.date(2027, 6, 14)


def test_RPT_1_title_and_the_period_of_a_day():
    assert calendar.title(calendar.QUARTER_1, 2027) == "Báo cáo công tác cải cách hành chính Quý I năm 2027"
    assert calendar.title(calendar.HALF_YEAR, 2027).endswith("6 tháng đầu năm 2027")
    assert calendar.current_kind(dt.date(2026, 12, 20)) == (calendar.QUARTER_1, 2027)
    assert calendar.current_kind(dt.date(2027, 5, 1)) == (calendar.HALF_YEAR, 2027)
    assert calendar.current_kind(dt.date(2027, 7, 1)) == (calendar.QUARTER_3, 2027)
    assert calendar.current_kind(dt.date(2027, 10, 1)) == (calendar.YEAR, 2027)

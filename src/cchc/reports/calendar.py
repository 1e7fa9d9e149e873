"""RPT-1: the Ministry's reporting calendar (Công văn 581/BNV-CCHC). Pure: no database.

Data periods: Quý I 15/12 (previous year)–14/3; six months 15/12–14/6; Quý III 15/6–14/9; the year 15/12–14/12.
There is no Quý IV report. The province reports to the Ministry by the 20th of the period's last month; its
agencies' due date comes a number of days earlier, set per province (ReportSettings.agency_lead_days).
"""

import datetime as dt

QUARTER_1, HALF_YEAR, QUARTER_3, YEAR, AD_HOC = "q1", "half", "q3", "year", "adhoc"
PERIODIC = (QUARTER_1, HALF_YEAR, QUARTER_3, YEAR)
KIND_LABELS = {
    QUARTER_1: "Quý I",
    HALF_YEAR: "6 tháng",
    QUARTER_3: "Quý III",
    YEAR: "Năm",
    AD_HOC: "Đột xuất",
}
# (start month, start day, in the previous year?) and (end month, end day) of each periodic report's data.
_PERIODS = {
    QUARTER_1: ((12, 15, True), (3, 14)),
    HALF_YEAR: ((12, 15, True), (6, 14)),
    QUARTER_3: ((6, 15, False), (9, 14)),
    YEAR: ((12, 15, True), (12, 14)),
}
PROVINCE_DEADLINE_DAY = 20
DEFAULT_LEAD_DAYS = 5


def period(kind: str, year: int) -> tuple[dt.date, dt.date]:
    """The data period of a periodic report: period(QUARTER_1, 2027) is 15/12/2026–14/03/2027."""
    (start_month, start_day, previous), (end_month, end_day) = _PERIODS[kind]
    start = dt.date(year - 1 if previous else year, start_month, start_day)
    return start, dt.date(year, end_month, end_day)


def province_deadline(kind: str, year: int) -> dt.date:
    """The day the province reports to the Ministry: the 20th of the period's last month."""
    _, end = period(kind, year)
    return end.replace(day=PROVINCE_DEADLINE_DAY)


def agency_due_date(kind: str, year: int, lead_days: int = DEFAULT_LEAD_DAYS) -> dt.date:
    """The agencies' due date: the province's deadline less the province's lead days (never before the period's
    last day: an agency reports on data it has)."""
    _, end = period(kind, year)
    return max(end, province_deadline(kind, year) - dt.timedelta(days=lead_days))


def title(kind: str, year: int) -> str:
    """ "Báo cáo công tác cải cách hành chính Quý I năm 2027" …"""
    what = {
        QUARTER_1: f"Quý I năm {year}",
        HALF_YEAR: f"6 tháng đầu năm {year}",
        QUARTER_3: f"Quý III năm {year}",
        YEAR: f"năm {year}",
        AD_HOC: f"năm {year} (đột xuất)",
    }[kind]
    return f"Báo cáo công tác cải cách hành chính {what}"


def current_kind(on: dt.date) -> tuple[str, int]:
    """The periodic report whose period holds `on` and ends soonest (what Sở Nội vụ opens next)."""
    year = on.year + 1 if (on.month, on.day) >= (12, 15) else on.year
    for kind in (QUARTER_1, HALF_YEAR, QUARTER_3, YEAR):
        start, end = period(kind, year)
        if start <= on <= end:
            return kind, year
    return YEAR, year

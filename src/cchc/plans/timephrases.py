"""PLAN-2: the completion time of a plan task ("Thời gian hoàn thành"), written as text, read into milestones.

    parse_time_phrase("- Ban hành kế hoạch: Quý I - Thực hiện: Cả năm", 2020)
    → two milestones: "Ban hành kế hoạch" due 31/03/2020, "Thực hiện" due 31/12/2020.

Pure functions, no Django. The text is split into phases ("- label: phrase", on one line with " - " between
them or on several lines each starting with "-"); each phase becomes one milestone. Its phrase is matched on the
folded text (lower case, no accents), and the output keeps the text as written. Kinds:

- quarter ("Quý III", "Quý 3", "Quý IV/2020"), half-year ("6 tháng đầu năm"), month ("Tháng 6", "tháng 6/2020"),
  year ("Cả năm", "Trong năm", "Năm 2018", "Giai đoạn 2016 - 2020"), date ("15/11/2020", "trước ngày 15/11"):
  the due date is the last day of that period;
- recurring ("Thực hiện thường xuyên", "Hằng năm"), event ("Sau khi Chính phủ ban hành văn bản", "Theo tình
  hình thực tế"), plan-schedule ("Theo Kế hoạch số 61/KH-UBND"): recognised, no computed date, no warning;
- unknown: no due date, and a warning asking for a concrete date.

Decisions:
- Several quarters or months in one phrase ("Quý I, II", "Quý II và Quý IV") give ONE milestone due at the end
  of the latest of them: one phase, one milestone; the task is done when its last part is.
- A phrase with no year of its own falls due in the plan's last year (`end_year`, or `year` for an annual plan):
  in a period plan (2016-2020) "Cả năm" means the whole period, and the latest reading never makes a task
  overdue early. For a quarter, half-year, month or day without a year in a period plan, that guess is said in
  a warning, as the text may mean an earlier year. A year written in the phrase always wins.
- A written label is kept even for a single phase ("Báo cáo: Quý IV" → label "Báo cáo", text "Quý IV").
- "nt" (same as above) is not resolved here: the caller replaces it with the time of the row above.
- The function never raises: whatever goes wrong gives an "unknown" milestone and a warning.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from cchc.core.text import fold

KINDS = ("quarter", "half-year", "month", "year", "date", "recurring", "event", "plan-schedule", "unknown")


@dataclass(frozen=True)
class MilestoneSpec:
    label: str  # "" when no label is written; else the phase label as written, e.g. "Ban hành kế hoạch"
    text: str  # the phrase of this phase as written, e.g. "Quý I"
    due: dt.date | None
    kind: str  # one of KINDS


@dataclass(frozen=True)
class ParsedTime:
    text: str  # the input, stripped
    milestones: tuple[MilestoneSpec, ...]
    warnings: tuple[str, ...]  # Vietnamese messages


# --- splitting into phases (on the text as written) ---------------------------------------------------------------
_BULLET = re.compile(r"^[-–—•+*]+\s*")
# " - Thực hiện: …" inside a line: a dash, then a label up to a colon.
_INLINE_PHASE = re.compile(r"\s+[-–—]\s*(?=[^:\-–—\n]{1,80}:)")

# --- matching a phrase (on the folded text) -----------------------------------------------------------------------
_RECURRING = re.compile(r"thuong xuyen|\bhang (?:nam|quy|thang|tuan|ngay)\b|dinh ky|lien tuc")
_PLAN_SCHEDULE = re.compile(
    r"^theo (?:(?:cac |tung )?(?:ke hoach|kh|lo trinh|tien do|quyet dinh|qd|chuong trinh|de an|nghi quyet)\b)"
)
# "sau khi …" is an event; "sáu tháng …" (six months) folds to "sau thang" and is not.
_EVENT = re.compile(
    r"^(?:(?:ngay )?sau (?!thang)|khi |tuy |theo (?:tinh hinh|yeu cau|chi dao|huong dan|de nghi|thuc te))"
)
_LEAD_IN = re.compile(
    r"^(?:(?:hoan thanh|thuc hien|trong|truoc|den het|den|het|cham nhat|vao|cuoi|trien khai)\b[\s,]*)+"
)
_YEAR_SUFFIX = r"(?:\s*(?:/|-|,|nam)?\s*(?P<y>\d{4}))?"
_Q = r"(?:iv|i{1,3}|[1-4])"
_QUARTER = re.compile(
    rf"qu[yi]\s+(?P<qs>{_Q}(?:(?:\s*(?:,|;|&|-|–|va|hoac)\s*(?:qu[yi]\s+)?|\s+qu[yi]\s+){_Q})*){_YEAR_SUFFIX}"
)
_HALF_YEAR = re.compile(rf"(?:(?:6|sau) thang|nua) (?P<h>dau|cuoi) nam{_YEAR_SUFFIX}")
_MONTH = re.compile(rf"thang\s+(?P<ms>\d{{1,2}}(?:\s*(?:,|;|&|-|va|hoac)\s*(?:thang\s+)?\d{{1,2}})*){_YEAR_SUFFIX}")
_DATE = re.compile(
    r"(?:ngay\s+)?(?P<d>\d{1,2})\s*(?:/|-|\.|\s+thang\s+)\s*(?P<m>\d{1,2})"
    r"(?:\s*(?:/|-|\.|\s+nam\s+)\s*(?P<y>\d{4}|\d{2}))?"
)
_YEAR = re.compile(r"(?:(?:ca\s+)?(?:nam|giai doan)(?:\s+nay)?\s*)?(?:(?P<y1>\d{4})(?:\s*[-–]\s*(?P<y2>\d{4}))?)?")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _unknown_warning(label: str, text: str) -> str:
    written = f"{label}: {text}" if label and text else label or text
    return f"Không hiểu thời hạn «{written}»; hãy nhập ngày cụ thể."


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _split_label(segment: str) -> tuple[str, str]:
    """ "Ban hành kế hoạch: Quý I" → ("Ban hành kế hoạch", "Quý I"); a segment without a label → ("", segment)."""
    label, colon, rest = segment.partition(":")
    label = label.strip()
    if colon and 0 < len(label) <= 80 and label[-1].isalpha():
        return label, rest.strip()
    return "", segment.strip()


def _phases(text: str) -> list[tuple[str, str]]:
    """The (label, phrase) of each phase: a line starting with a dash or a label begins a phase, other lines
    continue the one before; within a line, " - label:" begins another."""
    chunks: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        bullet = _BULLET.match(line)
        body = line[bullet.end() :] if bullet else line
        if not body:
            continue
        if chunks and not bullet and not _split_label(body)[0]:
            chunks[-1] += " " + body
        else:
            chunks.append(body)
    phases = []
    for chunk in chunks:
        for segment in _INLINE_PHASE.split(chunk):
            segment = _BULLET.sub("", segment.strip())
            if segment:
                phases.append(_split_label(segment))
    return phases


def _classify(phrase: str, default_year: int) -> tuple[str, dt.date | None, bool]:
    """(kind, due, whether the year was written) of one phrase."""
    folded = fold(phrase).strip(" .;,")
    if _RECURRING.search(folded):
        return "recurring", None, False
    core = _LEAD_IN.sub("", folded).strip(" .;,")
    if _PLAN_SCHEDULE.match(core):
        return "plan-schedule", None, False
    if _EVENT.match(core):
        return "event", None, False
    if not core:
        return "unknown", None, False

    if m := _QUARTER.fullmatch(core):
        year = int(m["y"]) if m["y"] else default_year
        quarter = max(_ROMAN.get(q) or int(q) for q in re.findall(_Q, re.sub(r"qu[yi]|va|hoac", " ", m["qs"])))
        return "quarter", _month_end(year, quarter * 3), bool(m["y"])
    if m := _HALF_YEAR.fullmatch(core):
        year = int(m["y"]) if m["y"] else default_year
        return "half-year", _month_end(year, 6 if m["h"] == "dau" else 12), bool(m["y"])
    if m := _MONTH.fullmatch(core):
        year = int(m["y"]) if m["y"] else default_year
        return "month", _month_end(year, max(int(n) for n in re.findall(r"\d+", m["ms"]))), bool(m["y"])
    if m := _DATE.fullmatch(core):
        written = m["y"]
        year = (2000 + int(written) if len(written) == 2 else int(written)) if written else default_year
        return "date", dt.date(year, int(m["m"]), int(m["d"])), bool(written)
    if m := _YEAR.fullmatch(core):
        written = m["y2"] or m["y1"]
        return "year", dt.date(int(written) if written else default_year, 12, 31), bool(written)
    return "unknown", None, False


def _parse(text: str, year: int, end_year: int | None, first_day: dt.date | None) -> ParsedTime:
    period = end_year is not None and end_year > year
    default_year = end_year if period else year
    milestones, warnings = [], []
    for label, phrase in _phases(text):
        try:
            kind, due, year_written = _classify(phrase, default_year)
        except (ValueError, OverflowError):  # 31/02, month 13, year 0 …
            kind, due, year_written = "unknown", None, False
        milestones.append(MilestoneSpec(label=label, text=phrase, due=due, kind=kind))
        name = label or phrase
        if kind == "unknown":
            warnings.append(_unknown_warning(label, phrase))
        elif period and due and not year_written and kind != "year":
            warnings.append(
                f"Mốc «{name}» không ghi năm; kế hoạch giai đoạn {year} - {end_year} nên tạm tính vào năm "
                f"{default_year} ({due:%d/%m/%Y}). Hãy ghi rõ năm nếu khác."
            )
        if due and first_day and due < first_day:
            warnings.append(f"Mốc «{name}» ({due:%d/%m/%Y}) trước ngày bắt đầu của kế hoạch ({first_day:%d/%m/%Y}).")
    if not milestones:
        warnings.append("Chưa có thời gian hoàn thành; hãy nhập thời hạn.")
    return ParsedTime(text, tuple(milestones), tuple(warnings))


def parse_time_phrase(
    text: str, year: int, *, end_year: int | None = None, first_day: dt.date | None = None
) -> ParsedTime:
    """PLAN-2: the milestones of a task's completion time, and warnings in Vietnamese. Never raises.

    `year` is the plan's (first) year. For a period plan (e.g. 2016-2020) `end_year` is its last year, and a
    phrase with no year of its own ("Cả năm", "Quý II") falls due in `end_year`, with a warning for a quarter,
    half-year, month or day (the text may mean an earlier year). For an annual plan `end_year` is None or equal
    to `year`. A due date before `first_day` (the plan's first day, if given) is kept, with a warning.
    """
    try:
        text = "" if text is None else str(text).strip()
    except Exception:  # an object whose str() fails
        text = ""
    try:
        return _parse(text, year, end_year, first_day)
    except Exception:  # never raise: whatever went wrong, the text is kept for a person to date
        return ParsedTime(text, (MilestoneSpec("", text, None, "unknown"),), (_unknown_warning("", text),))

"""Rows a person adds on the review page, and a regulation's deadline and meeting cadence as corrected (pure).

PLAN-2: a task the parser missed (area, TT, title, products, lead, coordinators, time). REG-1: a responsibility
row it missed (agency, role, area or topic, article), and the yearly proposal deadline and the meeting cadence,
which the review shows beside the line they were read from and lets the person correct or set. Each function
checks everything first and raises ValueError with a Vietnamese message, so a bad field changes nothing.
"""

import calendar

from cchc.core.errors import UserError
from cchc.core.params import parse_int
from cchc.ingest import review
from cchc.ingest.structure import Extracted, Responsibility, Task

CADENCES = {"quarterly": "Hằng quý", "half-yearly": "6 tháng một lần", "yearly": "Hằng năm"}
MAX_CODE = 20  # plans.Task.code
MAX_ARTICLE = 40  # regulation.Responsibility.article
NEW_TASK_FIELDS = ("new-task-title", "new-task-products", "new-task-lead", "new-task-time", "new-task-code")
NEW_RESP_FIELDS = ("new-resp-agency", "new-resp-subject", "new-resp-article")


def has_new_row(post) -> bool:
    """Something typed in the "add a row" boxes (they are added only by their own button)."""
    return any((post.get(name) or "").strip() for name in (*NEW_TASK_FIELDS, *NEW_RESP_FIELDS)) or bool(
        [c for c in post.getlist("new-task-coordinators") if c]
    )


def _choice(value: str, allowed, message: str) -> str:
    value = (value or "").strip()
    if value not in allowed:
        raise ValueError(message)
    return value


def new_task(post, extracted: Extracted, *, agencies, areas) -> Task:
    """PLAN-2: the task typed in the "add a task" boxes. `agencies`: the province's agency and group names;
    `areas`: the area codes of the plan's programme. Its TT is the one typed, else "BS1", "BS2" … (bổ sung)."""
    area = _choice(post.get("new-task-area"), areas, "Nhiệm vụ mới: hãy chọn lĩnh vực trong danh sách.")
    code = " ".join((post.get("new-task-code") or "").split())
    if len(code) > MAX_CODE:
        raise ValueError(f"Nhiệm vụ mới: số thứ tự tối đa {MAX_CODE} ký tự.")
    if not code:
        added = sum(1 for task in extracted.tasks if task.line is None)
        code = f"BS{added + 1}"
    title = review.task_title(post.get("new-task-title"), "mới")
    products = review.task_products(post.get("new-task-products"), "mới")
    lead = (post.get("new-task-lead") or "").strip()
    if not lead:
        raise ValueError("Nhiệm vụ mới: hãy chọn cơ quan chủ trì (REG-3).")
    lead = review.agency(lead, agencies, what="Nhiệm vụ mới: cơ quan chủ trì")
    coordinators = []
    for name in post.getlist("new-task-coordinators"):
        if name and name not in coordinators:
            coordinators.append(review.agency(name, agencies, what="Nhiệm vụ mới: cơ quan phối hợp"))
    if lead in coordinators:
        raise ValueError(f"Nhiệm vụ mới: «{lead}» đã là cơ quan chủ trì nên không thể là cơ quan phối hợp (REG-3).")
    time_text = review.task_time(post.get("new-task-time"), "mới")
    return Task(area, code, title, products, lead, coordinators, time_text, [], None)


def new_responsibility(post, *, agencies, subjects, roles) -> Responsibility:
    """REG-1: the responsibility typed in the "add a row" boxes: an agency of the province, a role, an area or
    topic code (`subjects`), and the article it comes from (may be empty)."""
    agency = (post.get("new-resp-agency") or "").strip()
    if not agency:
        raise ValueError("Trách nhiệm mới: hãy chọn cơ quan.")
    agency = review.agency(agency, agencies, what="Trách nhiệm mới: cơ quan")
    role = _choice(post.get("new-resp-role"), roles, "Trách nhiệm mới: hãy chọn vai trò trong danh sách.")
    subject = _choice(
        post.get("new-resp-subject"), subjects, "Trách nhiệm mới: hãy chọn lĩnh vực hoặc nội dung trong danh sách."
    )
    article = " ".join((post.get("new-resp-article") or "").split())
    if len(article) > MAX_ARTICLE:
        raise ValueError(f"Trách nhiệm mới: điều khoản tối đa {MAX_ARTICLE} ký tự.")
    return Responsibility(agency, role, subject, article, None)


def _number(value, *, low: int, high: int, label: str) -> int | None:
    try:
        return parse_int(value, low=low, high=high, label=label)  # SEC-3: the one parser of request numbers
    except UserError as exc:
        raise ValueError(exc.message) from exc


def apply_times(extracted: Extracted, post) -> Extracted:
    """REG-1: the proposal deadline (day, month; both empty: none) and the meeting cadence as the person left
    them. A value the person changed keeps the article and source line it was read from, marked corrected."""
    if "deadline-day" in post or "deadline-month" in post:
        day = _number(post.get("deadline-day"), low=1, high=31, label="Ngày của hạn gửi đề xuất")
        month = _number(post.get("deadline-month"), low=1, high=12, label="Tháng của hạn gửi đề xuất")
        if day is None and month is None:
            extracted.proposal_deadline = None
        elif day is None or month is None:
            raise ValueError("Hạn gửi đề xuất: hãy nhập cả ngày và tháng, hoặc để trống cả hai.")
        else:
            if day > calendar.monthrange(2001, month)[1]:  # a year that is not a leap year: 29/02 is no yearly date
                raise ValueError(f"Hạn gửi đề xuất: tháng {month} không có ngày {day}.")
            found = dict(extracted.proposal_deadline or {"article": ""})
            if (found.get("day"), found.get("month")) != (day, month):
                found |= {"day": day, "month": month, "corrected": True}
            extracted.proposal_deadline = found
    if "meeting-cadence" in post:
        cadence = (post.get("meeting-cadence") or "").strip()
        if not cadence:
            extracted.meetings = None
        elif cadence not in CADENCES:
            raise ValueError("Định kỳ họp: hãy chọn hằng quý, 6 tháng một lần hoặc hằng năm.")
        else:
            found = dict(extracted.meetings or {"article": ""})
            if found.get("cadence") != cadence:
                found |= {"cadence": cadence, "corrected": True}
            extracted.meetings = found
    return extracted

"""Apply a person's corrections from the review page to the extracted structure (pure)."""

import datetime as dt

from cchc.core.errors import UserError
from cchc.core.params import parse_year
from cchc.ingest.structure import Extracted


def _date(text: str):
    text = (text or "").strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"Ngày «{text}» không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")


def apply_edits(extracted: Extracted, post) -> Extracted:
    """The header fields, and for each row: keep or drop, and the agencies chosen. Raises ValueError with a
    Vietnamese message on a malformed date or year."""
    extracted.number = post.get("number", extracted.number).strip()
    extracted.title = post.get("title", extracted.title).strip()
    extracted.issuer = post.get("issuer", extracted.issuer).strip()
    if "date" in post:
        extracted.date = _date(post.get("date"))
    if "start_year" in post:
        try:  # SEC-3: ASCII digits, 2000–2100
            extracted.years = [
                parse_year(post.get("start_year"), label="Năm bắt đầu", required=True),
                parse_year(post.get("end_year"), label="Năm kết thúc", required=True),
            ]
        except UserError as exc:
            raise ValueError(exc.message) from exc
    tasks = []
    for index, task in enumerate(extracted.tasks):
        if f"task-{index}-keep" not in post:
            continue
        task.lead = post.get(f"task-{index}-lead", task.lead)
        task.coordinators = [c for c in post.getlist(f"task-{index}-coordinators") if c] or task.coordinators
        task.time_text = post.get(f"task-{index}-time", task.time_text).strip()
        tasks.append(task)
    extracted.tasks = tasks
    extracted.targets = [t for i, t in enumerate(extracted.targets) if f"target-{i}-keep" in post]
    rows = []
    for index, row in enumerate(extracted.responsibilities):
        if f"resp-{index}-keep" not in post:
            continue
        row.agency = post.get(f"resp-{index}-agency", row.agency)
        rows.append(row)
    extracted.responsibilities = rows
    return extracted

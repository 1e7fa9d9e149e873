"""Apply a person's corrections from the review page to the extracted structure (pure).

The review of a long plan is paged (U-6, SEC-5): each page shows PAGE_SIZE rows of each list (tasks, targets,
responsibilities), and its form carries only the header and those rows, so no request has more than a few
hundred fields and no page more than a few MB, however long the plan. The rows a person drops are kept as
indexes in the document's review state ({"dropped": {"tasks": [...], ...}}) until the save, so that moving
between pages loses nothing.
"""

import datetime as dt
import math

from cchc.core.errors import UserError
from cchc.core.params import parse_int, parse_year
from cchc.ingest.structure import Extracted

PAGE_SIZE = 100
LISTS = ("tasks", "targets", "responsibilities")
_PREFIX = {"tasks": "task", "targets": "target", "responsibilities": "resp"}


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


def _year(text: str) -> int:
    """SEC-3: the one parser of request numbers (ASCII digits, 2000–2100)."""
    try:
        return parse_year(text, label="Năm bắt đầu và năm kết thúc", required=True)
    except UserError as exc:
        raise ValueError(exc.message) from exc


def page_count(extracted: Extracted) -> int:
    longest = max(len(extracted.tasks), len(extracted.targets), len(extracted.responsibilities))
    return max(1, math.ceil(longest / PAGE_SIZE))


def page_number(text, extracted: Extracted) -> int:
    """The page asked for (?trang=), within 1…page_count; anything else is page 1."""
    try:
        page = parse_int(text, low=1, high=999_999, label="Trang")  # SEC-3: the one parser of request numbers
    except UserError:
        page = None
    return min(page or 1, page_count(extracted))


def page_range(page: int) -> range:
    return range((page - 1) * PAGE_SIZE, page * PAGE_SIZE)


def apply_header(extracted: Extracted, post) -> Extracted:
    """Number, title, issuer, date and years. Raises ValueError with a Vietnamese message on a bad date or year."""
    extracted.number = post.get("number", extracted.number).strip()[:60]
    extracted.title = post.get("title", extracted.title).strip()[:500]
    extracted.issuer = post.get("issuer", extracted.issuer).strip()[:200]
    if "date" in post:
        extracted.date = _date(post.get("date"))
    if "start_year" in post:
        extracted.years = [_year(post.get("start_year")), _year(post.get("end_year"))]
    return extracted


def apply_page(extracted: Extracted, dropped: dict, post, rows: range) -> dict:
    """The rows of one page (indexes in `rows`): keep or drop, and the agencies and time chosen. The other rows
    are left as they are. Returns the dropped indexes of every list."""
    dropped = {name: set(dropped.get(name, ())) for name in LISTS}
    for name in LISTS:
        items = getattr(extracted, name)
        prefix = _PREFIX[name]
        for index in rows:
            if index >= len(items):
                break
            if f"{prefix}-{index}-keep" in post:
                dropped[name].discard(index)
            else:
                dropped[name].add(index)
            item = items[index]
            if name == "tasks":
                item.lead = post.get(f"task-{index}-lead", item.lead)
                item.coordinators = [c for c in post.getlist(f"task-{index}-coordinators") if c] or item.coordinators
                item.time_text = post.get(f"task-{index}-time", item.time_text).strip()
            elif name == "responsibilities":
                item.agency = post.get(f"resp-{index}-agency", item.agency)
    return {name: sorted(indexes) for name, indexes in dropped.items()}


def kept(extracted: Extracted, dropped: dict) -> Extracted:
    """The structure without the dropped rows (what is saved)."""
    for name in LISTS:
        gone = set(dropped.get(name, ()))
        setattr(extracted, name, [item for index, item in enumerate(getattr(extracted, name)) if index not in gone])
    return extracted


def apply_edits(extracted: Extracted, post) -> Extracted:
    """The whole review in one form (short documents, the tests): the header, and for each row keep or drop and
    the agencies chosen. Raises ValueError with a Vietnamese message on a malformed date or year."""
    apply_header(extracted, post)
    longest = max(len(extracted.tasks), len(extracted.targets), len(extracted.responsibilities))
    return kept(extracted, apply_page(extracted, {}, post, range(longest)))

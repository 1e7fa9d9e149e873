"""Apply a person's corrections from the review page to the extracted structure (pure).

The review of a long plan is paged (U-6, SEC-5): each page shows PAGE_SIZE rows of each list (tasks, targets,
responsibilities), and its form carries only the header and those rows, so no request has more than a few
hundred fields and no page more than a few MB, however long the plan. The rows a person drops are kept as
indexes in the document's review state ({"dropped": {"tasks": [...], ...}}) until the save, so that moving
between pages loses nothing. A task's title, products, agencies and time, and a responsibility's agency, are
corrected in place in the stored structure (PLAN-2, REG-1); rows the person adds are appended to it
(review_rows). Every edit is checked before anything is kept: one bad field refuses the whole request.
"""

import datetime as dt
import math

from cchc.core.errors import UserError
from cchc.core.params import parse_int, parse_year
from cchc.ingest.structure import Extracted

PAGE_SIZE = 100
MAX_TITLE = 2000  # characters of a task's title
MAX_PRODUCTS = 20  # products of one task, each up to MAX_PRODUCT characters
MAX_PRODUCT = 500
MAX_TIME = 300
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


def task_title(text: str, code: str) -> str:
    """PLAN-2: a task's title as the person corrected it: never empty, never longer than MAX_TITLE."""
    title = " ".join((text or "").split())
    what = f"Nhiệm vụ {code}".strip()
    if not title:
        raise ValueError(f"{what}: tên nhiệm vụ không được để trống.")
    if len(title) > MAX_TITLE:
        raise ValueError(f"{what}: tên nhiệm vụ dài {len(title)} ký tự; tối đa {MAX_TITLE} ký tự.")
    return title


def task_products(text: str, code: str) -> list[str]:
    """PLAN-2: the products, one a line (an empty box: none)."""
    products = [" ".join(line.split()) for line in (text or "").splitlines()]
    products = [p for p in products if p]
    what = f"Nhiệm vụ {code}".strip()
    if len(products) > MAX_PRODUCTS:
        raise ValueError(f"{what}: {len(products)} sản phẩm; tối đa {MAX_PRODUCTS} sản phẩm, mỗi sản phẩm một dòng.")
    if any(len(p) > MAX_PRODUCT for p in products):
        raise ValueError(f"{what}: mỗi sản phẩm tối đa {MAX_PRODUCT} ký tự.")
    return products


def task_time(text: str, code: str) -> str:
    time_text = (text or "").strip()
    if len(time_text) > MAX_TIME:
        raise ValueError(f"{f'Nhiệm vụ {code}'.strip()}: thời gian hoàn thành tối đa {MAX_TIME} ký tự.")
    return time_text


def agency(value: str, agencies, *, current: str = "", what: str) -> str:
    """An agency or group chosen in a select box: one of the province's (`agencies`, their names), or the text
    as written that the row already holds. Anything else (another province's agency, a made-up name) is
    refused. `agencies` None: not checked (the pure tests)."""
    if agencies is None or value == current or value in agencies:
        return value
    raise ValueError(f"{what}: «{value[:200]}» không phải cơ quan, nhóm cơ quan của tỉnh; hãy chọn trong danh sách.")


def apply_page(extracted: Extracted, dropped: dict, post, rows: range, agencies=None) -> dict:
    """The rows of one page (indexes in `rows`): keep or drop, and the title, products, agencies and time chosen.
    The other rows are left as they are. Returns the dropped indexes of every list. Raises ValueError with a
    Vietnamese message on an empty or huge title or an agency that is not the province's."""
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
                _apply_task(item, index, post, agencies)
            elif name == "responsibilities":
                value = post.get(f"resp-{index}-agency", item.agency)
                item.agency = agency(value, agencies, current=item.agency, what="Trách nhiệm: cơ quan")
    return {name: sorted(indexes) for name, indexes in dropped.items()}


def _apply_task(task, index: int, post, agencies) -> None:
    prefix = f"task-{index}"
    what = f"Nhiệm vụ {task.code}".strip()
    if f"{prefix}-title" in post:
        task.title = task_title(post.get(f"{prefix}-title"), task.code)
    if f"{prefix}-products" in post:
        task.products = task_products(post.get(f"{prefix}-products"), task.code)
    lead = post.get(f"{prefix}-lead", task.lead)
    task.lead = agency(lead, agencies, current=task.lead, what=f"{what}: cơ quan chủ trì")
    chosen = [c for c in post.getlist(f"{prefix}-coordinators") if c]
    if chosen:
        task.coordinators = [
            agency(c, agencies, current=c if c in task.coordinators else "", what=f"{what}: cơ quan phối hợp")
            for c in chosen
        ]
    task.time_text = task_time(post.get(f"{prefix}-time", task.time_text), task.code)


def kept(extracted: Extracted, dropped: dict) -> Extracted:
    """The structure without the dropped rows (what is saved)."""
    for name in LISTS:
        gone = set(dropped.get(name, ()))
        setattr(extracted, name, [item for index, item in enumerate(getattr(extracted, name)) if index not in gone])
    return extracted


def apply_edits(extracted: Extracted, post, agencies=None) -> Extracted:
    """The whole review in one form (short documents, the tests): the header, and for each row keep or drop and
    the corrections. Raises ValueError with a Vietnamese message on a malformed date or year or a bad row."""
    apply_header(extracted, post)
    longest = max(len(extracted.tasks), len(extracted.targets), len(extracted.responsibilities))
    return kept(extracted, apply_page(extracted, {}, post, range(longest), agencies))

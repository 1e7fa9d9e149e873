"""The plan parser's readings of short texts (pure): the area a heading names, the agencies of a cell, the
products of a cell, the percentages of a target, "nt" (same as above). Vocabulary: plan_vocabulary.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.core.text import fold
from cchc.ingest import plan_vocabulary as vocab
from cchc.ingest.textparse import fold_keep as _fold_keep
from cchc.ingest.textparse import nfc as _nfc
from cchc.ingest.textparse import squash as _squash

# --- areas ------------------------------------------------------------------------------------------------------

_AREA_RES = tuple((code, re.compile(pattern)) for code, pattern in vocab.AREA_KEYWORDS)


def area_of(text: str) -> str | None:
    """The area code a heading names ("Cải cách thể chế" → "institutions"), or None."""
    folded = fold(text)
    best: tuple[int, str] | None = None
    for code, pattern in _AREA_RES:
        m = pattern.search(folded)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), code)
    return best[1] if best else None


_AREA_START = re.compile(
    r"^(?:(?:" + "|".join(vocab.AREA_START_PREFIXES) + r")\s+)?(?:" + "|".join(vocab.AREA_START_WORDS) + ")"
)


def area_heading(text: str) -> str | None:
    """The area a heading names, when it reads as an area's name ("Cải cách thể chế", "Công tác chỉ đạo, điều
    hành"), not as a task about it ("Công khai thủ tục hành chính")."""
    return area_of(text) if _AREA_START.match(fold(text)) else None


# --- agencies in cells ------------------------------------------------------------------------------------------

_GROUP_RES = tuple(re.compile(re.escape(fold(g))) for g in sorted(vocab.GROUP_PHRASES, key=len, reverse=True))
NAME_START = re.compile(r"^(?:" + vocab.NAME_START_WORDS + r")\b")
_LOWER_NAME_START = re.compile(r"^(?:" + vocab.LOWER_NAME_START_WORDS + r")\b")
_AND_SPLIT = re.compile(r"\s+(?:và|cùng)\s+(?=(?:" + vocab.AND_SPLIT_HEADS + r")\b)")
_NT = re.compile(r"^[\s\"'“”«»()\-–—.,]*(?:nt|n/t|n\.t|nhu tren)[\s\"'“”«»()\-–—.,]*$")


def is_same_as_above(cell: str) -> bool:
    """ "nt", "như trên", "-nt-", "(nt)": the same as the row above."""
    return bool(cell) and bool(_NT.match(fold(cell)))


def split_agencies(text: str) -> list[str]:
    """A coordinator cell as a list of names, as written.

    "Sở Tư pháp, Sở Thông tin và Truyền thông, các cơ quan, đơn vị liên quan" → three names; "Các sở, ban, ngành;
    UBND cấp huyện, cấp xã" → ["Các sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"] (a shared head is
    repeated); "Sở Tài chính và các cơ quan có liên quan" → two names.
    """
    names: list[str] = []
    for part in re.split(r"[;\n]+", _nfc(text or "")):
        part = _squash(part).strip(" .,-–+•")
        if not part:
            continue
        folded = _fold_keep(part)
        protected = list(part)
        for pattern in _GROUP_RES:
            for m in pattern.finditer(folded):
                for i in range(m.start(), m.end()):
                    if protected[i] == ",":
                        protected[i] = "\x00"
        depth = 0
        for i, ch in enumerate(protected):  # commas inside brackets are part of the name
            depth += ch == "("
            depth -= ch == ")" and depth > 0
            if depth and ch == ",":
                protected[i] = "\x00"
        pieces: list[str] = []
        for raw in "".join(protected).split(","):
            piece = raw.replace("\x00", ",").strip()
            if not piece:
                continue
            folded_piece = fold(piece)
            if pieces and folded_piece.startswith("cap ") and " cap " in f" {fold(pieces[-1])} ":
                head = pieces[-1]
                at = f" {fold(head)} ".index(" cap ")  # position of " cấp" in the head (same length folded)
                pieces.append(f"{head[:at].rstrip()} {piece}")
            elif (
                not pieces
                or (piece[:1].isupper() and NAME_START.match(folded_piece))
                or (piece[:1].islower() and _LOWER_NAME_START.match(folded_piece))
            ):
                pieces.append(piece)
            else:
                pieces[-1] = f"{pieces[-1]}, {piece}"
        for piece in pieces:
            names.extend(p.strip(" .,") for p in _AND_SPLIT.split(piece) if p.strip(" .,"))
    return names


def split_products(text: str) -> list[str]:
    """ "1. Báo cáo của UBND tỉnh; 2. Quyết định của UBND tỉnh" → the two products, without their numbers."""
    products: list[str] = []
    for part in re.split(r"[;\n]+", _nfc(text or "")):
        part = _squash(part)
        pieces = re.split(r"\s+(?=\d{1,2}[.)]\s+\S)", part) if re.match(r"^\d{1,2}[.)]\s", part) else [part]
        if re.match(r"^[-–+•]\s", part):
            pieces = re.split(r"(?:^|\s+)[-–+•]\s+", part)
        for piece in pieces:
            piece = re.sub(r"^(?:\d{1,2}[.)]|[-–+•])\s*", "", piece.strip()).strip(" .,")
            if piece:
                products.append(piece)
    return products


# --- percentages and comparisons --------------------------------------------------------------------------------

_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|phan tram\b)")
_CMP_OF = dict(vocab.COMPARISONS)
_FILLER = r"(?:" + vocab.COMPARISON_FILLER + ")"
_CMP_BEFORE = re.compile(
    r"(?:^|[\s,(])(?P<w>" + "|".join(re.escape(w) for w, _ in vocab.COMPARISONS) + rf")(?:\s+{_FILLER})*\s*$"
)
_CMP_AFTER = re.compile(r"^(?:\s+[^\s,;.]+){0,3}?\s+tro (?P<d>len|xuong)\b")
_CLAUSE_END = re.compile(r";|(?<=[.!?])\s+(?=[^\W\d_])")


@dataclass
class _Reading:
    comparison: str
    value: float
    text: str
    explicit: bool


def read_percentages(text: str, whole_item: bool = False) -> list[_Reading]:
    """Every percentage of a text, with its comparison and the clause it stands in (the whole text, when it is an
    item of a "Chỉ tiêu" list with a single number: "100% lãnh đạo cấp sở, …; cấp phòng … được bổ nhiệm")."""
    readings: list[_Reading] = []
    text = _nfc(text)
    folded = _fold_keep(text)
    start = 0
    bounds = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(text)] + [(len(text), len(text))]
    for end, next_start in bounds:
        clause, fclause = text[start:end], folded[start:end]
        start = next_start
        carry = ""
        previous_end = 0
        for m in _PERCENT.finditer(fclause):
            value = float(m.group(1).replace(",", "."))
            window = fclause[previous_end : m.start()]
            previous_end = m.end()
            before = _CMP_BEFORE.search(window)
            comparison = _CMP_OF[before["w"]] if before else ""
            if after := _CMP_AFTER.match(fclause[m.end() :]):
                comparison = ">=" if after["d"] == "len" else "<="
            explicit = bool(comparison)
            if not comparison and carry:
                comparison, explicit = carry, True
            if explicit:
                carry = comparison
            if not comparison:
                comparison = ">=" if value != 100 else "="
            if comparison == ">=" and value == 100:
                comparison = "="
            readings.append(_Reading(comparison, value, clause.strip(" -–+•\t.;,"), explicit or value == 100))
    if whole_item and len(readings) == 1:
        readings[0].text = _squash(text).strip(" -–+•.;,")
    return readings


def short(text: str, limit: int = 80) -> str:
    text = _squash(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- labelled lines after a task ("Cơ quan chủ trì: …; cơ quan phối hợp: … Thời gian: …") ---------------------

_LABELS = "|".join(f"(?P<{key}>{pattern})" for key, pattern in vocab.TASK_LABELS)
_LABEL = re.compile(r"(?:^|(?<=[;.(])|(?<=\s))\s*(?:" + _LABELS + r")\s*:")


def task_labels(text: str) -> dict[str, str] | None:
    """PLAN-2: the fields of a line of labels after a task, in any order, on one line or several ("Cơ quan chủ
    trì: Sở Tư pháp; cơ quan phối hợp: Sở Nội vụ. Thời gian: Quý II") → {"lead": "Sở Tư pháp", "coordinators":
    "Sở Nội vụ", "time": "Quý II"}; None when the text does not start with a label. A label in the middle of a
    line starts after ";", "." or "(", or with a capital letter."""
    text = _squash(_nfc(text)).strip()
    text = re.sub(r"^[-–—•+*]\s*", "", text)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    folded = _fold_keep(text)
    found = []
    for m in _LABEL.finditer(folded):
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        if start and folded[:start].rstrip()[-1:] not in (";", ".", "(") and not text[start : start + 1].isupper():
            continue
        found.append((start, m.end(), m.lastgroup))
    if not found or found[0][0] != 0:
        return None
    fields: dict[str, str] = {}
    for index, (_start, end, key) in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else len(text)
        value = text[end:stop].strip(" ;.,()")
        if value:
            fields[key] = f"{fields[key]}; {value}" if key in fields else value
    return fields

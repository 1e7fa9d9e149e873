"""U-6, PLAN-1 to PLAN-3: a plan decision's text (a `Source` of the reader) becomes an `Extracted` (kind "plan").

Pure: no Django, no database; it never raises (every doubt becomes a warning in Vietnamese with its line).

What it reads:
- the header: number ("Số: 1605/QĐ-UBND"; blank → "" and a warning), date ("Hưng Yên, ngày 04 tháng 8 năm
  2016"; a blank day or month → None and a warning), issuer ("ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" → "Ủy ban nhân dân
  tỉnh Hưng Yên"; a province missing from it is taken from the place of the date line), title (the subject of
  the "KẾ HOẠCH" heading, else of the decision's "Về việc ban hành Kế hoạch …"), years (from the title). The
  national header block may be a small table (Word): its cells are read as paragraphs.
- the body, by its sections ("I.", "II." or "A.", "B."), classified by their words: objectives and requirements
  ("Mục tiêu", "Mục đích", "Yêu cầu"), the areas and their tasks ("Nhiệm vụ", "Chỉ tiêu", "Giải pháp", or a
  section that is itself an area), the organisation ("Tổ chức thực hiện": each agency's paragraphs say which
  area it leads). Lines broken in the middle of a sentence are joined back first.
- the areas: headings that read as an area's name, matched by folded keywords; the marker style of the
  recognised headings ("1.", "a)", "II.", capitals, none) decides which other headings are areas (an
  unrecognised one is kept with code "" and a warning). A plan with no areas takes the area its title names.
- the targets: every percentage of a "Chỉ tiêu" list, one target per number, with its comparison and the area
  it stands under; a document without any "Chỉ tiêu" list takes its targets from the percentages of its
  objectives and tasks.
- the tasks: from the task tables when there are any (columns found by their header words, in any order; area
  rows "I", "A" or a merged row; repeated headers skipped; a row with no number and no other lead continues the
  task above; "nt" is the cell above), else from the items under each area (the document's own numbering;
  leads from the organisation section, "" and a warning when it does not say).

Decisions:
- A percentage with no comparison word is "=" when it is 100, else ">=" with a warning (a plan's "90% văn bản"
  means at least 90%). A comparison word carries over to the next numbers of its clause ("tối thiểu 80% cấp
  tỉnh, 60% cấp huyện và 30% cấp xã" → three ">=").
- A milestone's label is the phase label as written, or the phrase itself when the phase has none ("Quý I"),
  so that the JSON says what each due date is.
- Body items are not tasks when a task table exists (the appendix is the plan's own list of tasks).
- Agency names stay as written; only "nt"/"như trên" is replaced by the cell above, and coordinator cells are
  split into names ("UBND cấp huyện, cấp xã" → "UBND cấp huyện", "UBND cấp xã").
- Responsibilities stay empty for a plan: section III only decides the leads of the body's tasks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cchc.core.text import fold
from cchc.ingest.reader import Source, Table
from cchc.ingest.structure import Area, Extracted, Milestone, Target, Task
from cchc.ingest.textparse import fold_keep, is_caps, nfc, squash
from cchc.plans.timephrases import parse_time_phrase

# --- folding that keeps positions and small helpers: shared with the regulation parser (textparse) ----------

_fold_keep, _nfc, _squash, _is_caps = fold_keep, nfc, squash, is_caps


def _words(text: str) -> int:
    return len(text.split())


# --- areas ------------------------------------------------------------------------------------------------------

# An area heading is recognised by folded keywords (data/programmes.yaml's areas); the earliest match wins.
AREA_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("direction", r"chi dao,? (?:va )?dieu hanh"),
    ("institutions", r"\bthe che\b"),
    ("procedures", r"thu tuc hanh chinh|\btthc\b"),
    ("organisation", r"to chuc bo may|\bbo may\b"),
    ("public-finance", r"tai chinh cong"),
    ("modernisation", r"hien dai hoa|chinh (?:phu|quyen) (?:dien tu|so)"),
    ("civil-service", r"cong vu|cong chuc|doi ngu|can bo"),
    ("impact", r"tac dong cua cai cach"),
)
_AREA_RES = tuple((code, re.compile(pattern)) for code, pattern in AREA_KEYWORDS)


def area_of(text: str) -> str | None:
    """The area code a heading names ("Cải cách thể chế" → "institutions"), or None."""
    folded = fold(text)
    best: tuple[int, str] | None = None
    for code, pattern in _AREA_RES:
        m = pattern.search(folded)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), code)
    return best[1] if best else None


# How a heading starts when it names an area ("Cải cách thể chế", "Công tác chỉ đạo, điều hành"), unlike a task
# about it ("Công khai thủ tục hành chính").
_AREA_START = re.compile(
    r"^(?:(?:cong tac|ve|linh vuc|nhiem vu)\s+)?(?:chi dao|cai cach|hien dai hoa|doi moi|nang cao chat luong doi ngu"
    r"|xay dung va (?:phat trien|nang cao)|(?:xay dung|phat trien) chinh (?:phu|quyen)|tac dong|the che"
    r"|thu tuc hanh chinh|to chuc bo may|tai chinh cong|doi ngu|che do cong vu|chinh (?:phu|quyen) (?:dien tu|so))"
)


def area_heading(text: str) -> str | None:
    """The area a heading names, when it reads as an area's name ("Cải cách thể chế", "Công tác chỉ đạo, điều
    hành"), not as a task about it ("Công khai thủ tục hành chính")."""
    return area_of(text) if _AREA_START.match(fold(text)) else None


# What an agency's paragraph in "Tổ chức thực hiện" must say for it to lead an area: the area named as a duty,
# not a word in passing ("cán bộ, công chức" appears in every paragraph).
_LEAD_AREA = {
    "direction": r"chi dao,? dieu hanh cai cach|huong dan,? don doc|ke hoach cai cach hanh chinh|chi so cai cach",
    "institutions": r"\bthe che\b",
    "procedures": r"(?:cai cach|kiem soat)(?: va don gian hoa)? thu tuc hanh chinh",
    "organisation": r"to chuc bo may",
    "civil-service": r"doi ngu can bo|che do cong vu|cai cach cong vu",
    "public-finance": r"tai chinh cong",
    "modernisation": r"hien dai hoa",
}
# Modernisation has two leads in most provinces (IT: Sở Thông tin và Truyền thông; ISO: Sở Khoa học và Công
# nghệ): (topic, what the agency's paragraph says, what the task says), tried in this order.
_LEAD_TOPICS = {
    "modernisation": (
        # premises of the one-stop offices and commune headquarters (e.g. 003 III.6: Sở Kế hoạch và Đầu tư)
        ("premises", r"\btru so\b", r"\btru so\b"),
        ("iso", r"\biso\b|quan ly chat luong", r"\biso\b|quan ly chat luong"),
        (
            "it",
            r"cong nghe thong tin|chinh (?:phu|quyen) (?:dien tu|so)|chuyen doi so",
            r"cong nghe thong tin|\bcntt\b|dien tu|truc tuyen|phan mem|mang lan|mang noi bo|chu ky so|internet"
            r"|du lieu|so hoa|thong tin|chuyen doi so",
        ),
    ),
}

# --- markers ----------------------------------------------------------------------------------------------------

_ROMAN_MARK = re.compile(r"^(?P<m>[IVXL]{1,6})\s*[.):/\-–]\s*(?P<rest>\S.*)$")
_ROMAN_VALID = re.compile(r"^(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})$")
_SECTION_LETTER = re.compile(r"^(?P<m>[A-HĐ])\s*[.)]\s+(?P<rest>\S.*)$")
_DIGIT_MARK = re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]\s*(?P<rest>[^\d\s].*)$")
_DIGIT_MARK_BARE = re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2}){1,3})\s+(?P<rest>\S.*)$")
_LETTER_MARK = re.compile(r"^(?P<m>[a-zđ])\s*\)\s*(?P<rest>\S.*)$")
_LETTER_MARK_DOT = re.compile(r"^(?P<m>[a-zđ])\.\s+(?P<rest>\S.*)$")
_BULLET_MARK = re.compile(r"^(?P<m>[-–—•●▪◦·]|\+|\*(?=\s))\s*(?P<rest>\S.*)$")


@dataclass
class _Para:
    """A logical paragraph: lines of the page joined back when a sentence was broken."""

    line: int
    text: str
    kind: str = "plain"  # roman | digit | letter | dash | plus | plain
    marker: str = ""
    rest: str = ""

    @property
    def style(self) -> str:
        """The marker style, with the depth of a digit marker ("1." and "1.1." are different styles)."""
        if self.kind == "digit":
            return f"digit{self.marker.count('.') + 1}"
        if self.kind == "plain" and _is_caps(self.text):
            return "caps"
        return self.kind


def _classify(text: str) -> tuple[str, str, str]:
    """(kind, marker, rest) of a paragraph."""
    if (m := _ROMAN_MARK.match(text)) and _ROMAN_VALID.match(m["m"]):
        return "roman", m["m"], m["rest"].strip()
    if (m := _SECTION_LETTER.match(text)) and _is_caps(m["rest"]):
        return "roman", m["m"], m["rest"].strip()  # "A. MỤC TIÊU", "B. NHIỆM VỤ": sections like "I.", "II."
    if m := _DIGIT_MARK.match(text):
        return "digit", m["m"], m["rest"].strip()
    if (m := _DIGIT_MARK_BARE.match(text)) and m["rest"][:1].isupper():
        return "digit", m["m"], m["rest"].strip()
    if m := _LETTER_MARK.match(text):
        return "letter", m["m"], m["rest"].strip()
    if (m := _LETTER_MARK_DOT.match(text)) and m["rest"][:1].isupper():
        return "letter", m["m"], m["rest"].strip()
    if m := _BULLET_MARK.match(text):
        return ("plus" if m["m"] == "+" else "dash"), m["m"], m["rest"].strip()
    return "plain", "", text


_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|www\.)[^)]*\)")


def _strip_markup(text: str) -> str:
    """What the reader leaves of Markdown: links and single-asterisk italics."""
    text = _LINK.sub(r"\1", _nfc(text))
    text = re.sub(r"^\*+(?=\S)|(?<=\S)\*+$", "", text.strip())
    return _squash(text)


# A line continues the one before when it starts with a lower-case letter or a digit (not an item), or when the
# one before ends with a comma or a word that cannot end a sentence.
_CONNECTIVE_END = re.compile(
    r"(?:^|\s)(?:cua|va|voi|ngay|tai|theo|ve|cac|nhung|cho|trong|den|so|la|duoc|de|tu|hoac|tren|thuoc|doi|bang"
    r"|nham|giua|cung|nhu|khi|sau|truoc|vao|ra|o|thang|nam|quy|dinh|muc)$"
)


def _joins(prev: _Para, last: str, text: str, kind: str) -> bool:
    """Whether `text` continues paragraph `prev`, whose last line is `last` (only the ends are looked at: a
    paragraph of many lines costs no more than one)."""
    if kind != "plain":
        return False
    before = last.rstrip()
    if not before or before[-1] in ".:;!?" or _is_caps(before):
        return False
    first = text[:1]
    if first.islower():
        return True
    if prev.kind in ("roman", "digit", "letter") and prev.text is last and _words(prev.rest) <= 10:
        return False  # a short heading ("a) Chỉ tiêu") is not continued by "100% cơ quan …"
    if first.isdigit():
        return True
    return before.endswith(",") or bool(_CONNECTIVE_END.search(fold(before[-20:])))


def _table_lines(table: Table) -> list[int]:
    return table.row_lines or list(range(table.first_line, table.first_line + len(table.rows)))


def _paragraphs(source: Source) -> list[_Para]:
    """The text lines outside task tables, as logical paragraphs.

    A small table with no task header (at most three columns: the national header block "ỦY BAN NHÂN DÂN TỈNH … |
    CỘNG HÒA …", "Số: … | …, ngày …", a signature block) gives one paragraph per cell, its lines joined."""
    in_tables: set[int] = set()
    layout: dict[int, list[str]] = {}
    for table in source.tables:
        lines = _table_lines(table)
        in_tables.update(lines)
        if max((len(row) for row in table.rows), default=0) <= 3 and not any(map(header_columns, table.rows)):
            layout.update(zip(lines, table.rows, strict=False))
    paras: list[_Para] = []
    tails: list[list[str]] = []  # the lines joined to each paragraph, joined once at the end
    for line in source.lines:
        if line.number in layout:
            for cell in layout.pop(line.number):
                parts = [part for part in cell.split("\n") if not re.fullmatch(r"[\s\-_–—=.*]*", part)]
                text = _strip_markup(" ".join(parts))
                if text:
                    paras.append(_Para(line.number, text, *_classify(text)))
                    tails.append([])
            continue
        if line.number in in_tables:
            continue
        text = _strip_markup(line.text)
        if not text:
            continue
        kind, marker, rest = _classify(text)
        if paras and _joins(paras[-1], tails[-1][-1] if tails[-1] else paras[-1].text, text, kind):
            tails[-1].append(text)
            continue
        paras.append(_Para(line.number, text, kind, marker, rest))
        tails.append([])
    for para, tail in zip(paras, tails, strict=True):
        if tail:
            joined = " ".join(tail)
            para.text = f"{para.text} {joined}"
            para.rest = f"{para.rest} {joined}" if para.kind != "plain" else para.text
    return paras


# --- agencies in cells ------------------------------------------------------------------------------------------

# Groups whose commas are part of the name ("Các sở, ban, ngành" is one group, not three names).
GROUP_PHRASES = (
    "các sở, ban, ngành",
    "các cơ quan, đơn vị, tổ chức",
    "các cơ quan, đơn vị",
    "huyện, thị xã, thành phố",
    "cơ quan, đơn vị, địa phương",
    "sở, ban, ngành",
    "đơn vị, địa phương",
    "huyện, thành phố",
    "xã, phường, thị trấn",
    "cán bộ, công chức, viên chức",
    "ban, ngành",
)
_GROUP_RES = tuple(re.compile(re.escape(fold(g))) for g in sorted(GROUP_PHRASES, key=len, reverse=True))
# A piece after a comma starts a new name when it starts like a name; otherwise the comma was inside a name
# ("Sở Văn hóa, Thể thao và Du lịch").
_NAME_START = re.compile(
    r"^(?:so|ban|bo|cuc|chi cuc|van phong|ubnd|hdnd|uy ban|hoi dong|thanh tra|cong an|dai|bao|kho bac|trung tam"
    r"|bao hiem|hoi|lien doan|tinh doan|mat tran|truong|vien|chi nhanh|buu dien|cong|toa an|tong cong ty|cong ty"
    r"|ngan hang|quy|doan|dang uy|tinh uy|thuong truc|phong|chu tich|giam doc|thu truong|nguoi dung dau|to"
    r"|cac|co quan|don vi|dia phuong|nganh)\b"
)
_LOWER_NAME_START = re.compile(r"^(?:cac|co quan|don vi|to chuc|ubnd|uy ban|nhung|dia phuong)\b")
_AND_SPLIT = re.compile(r"\s+(?:và|cùng)\s+(?=(?:các|Các|Sở|UBND|Ủy ban|Văn phòng|Công an|Ban|Bộ|Đài|Báo|Cục)\b)")
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
                or (piece[:1].isupper() and _NAME_START.match(folded_piece))
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
_COMPARISONS = (
    ("khong it hon", ">="),
    ("khong thap hon", ">="),
    ("khong duoi", ">="),
    ("toi thieu", ">="),
    ("it nhat", ">="),
    ("khong vuot qua", "<="),
    ("khong lon hon", "<="),
    ("khong cao hon", "<="),
    ("khong vuot", "<="),
    ("khong qua", "<="),
    ("toi da", "<="),
    ("nhieu nhat", "<="),
    ("cao hon", ">"),
    ("lon hon", ">"),
    ("nhieu hon", ">"),
    ("thap hon", "<"),
    ("nho hon", "<"),
    ("it hon", "<"),
    ("vuot", ">"),
    ("tren", ">"),
    ("hon", ">"),
    ("duoi", "<"),
    ("dat", ">="),
    ("bang", "="),
    ("tu", ""),  # "từ 90% trở lên": the direction is after the number
)
_CMP_OF = dict(_COMPARISONS)
_FILLER = r"(?:doi voi|voi|o muc|dat muc|muc|dat|co|la|khoang|so|ty le|chiem|tong so|cua)"
_CMP_BEFORE = re.compile(
    r"(?:^|[\s,(])(?P<w>" + "|".join(re.escape(w) for w, _ in _COMPARISONS) + rf")(?:\s+{_FILLER})*\s*$"
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


# --- header -----------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^so\s*:?\s*(?P<n>[^\s,;]*(?:\s*/\s*[^\s,;]+)?)")  # "Số: 925 /QĐ-UBND" → "925/QĐ-UBND"
_ATTACHED_NUMBER = re.compile(r"quyet dinh so\s*:?\s*(?P<n>\d+[a-z]?\s*/\s*[^\s,;)]+)")
_DATE_LINE = re.compile(r"ngay\s*(?P<d>\d{1,2})?\s*thang\s*(?P<m>\d{1,2})?\s*nam\s*(?P<y>\d{4})")
_DATE_SLASH = re.compile(r"ngay\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")
_RANGE = re.compile(r"(?P<a>(?:19|20)\d{2})\s*[-–—]\s*(?P<b>(?:19|20)\d{2})")
_YEAR = re.compile(r"\bnam\s+(?P<y>(?:19|20)\d{2})\b")
_PLACE_UNIT = re.compile(r"\b(tinh|thanh pho|huyen|thi xa|quan)\b")


def _sentence_case(text: str) -> str:
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def _title_words(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def _is_date_line(text: str) -> bool:
    """ "Hưng Yên, ngày 04 tháng 8 năm 2016" (a place, then the date), not a date cited in a sentence."""
    folded = _fold_keep(text)
    if folded.lstrip().startswith("ngay"):
        return True
    place = _place_before_date(text)
    if not place:
        return False
    return ", ngay" in folded or _squash(text[: folded.find(" ngay ")]) == place


def _place_before_date(text: str) -> str:
    """ "Hưng Yên, ngày 04 tháng 8 năm 2016" → "Hưng Yên" (the capitalised words before ", ngày")."""
    folded = _fold_keep(text)
    at = folded.find(", ngay")
    if at < 0:
        at = folded.find(" ngay ")
    words = text[:at].split() if at > 0 else []
    place: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper() or "/" in word or ":" in word or len(place) == 4:
            break
        place.insert(0, word)
    return " ".join(place)


def _issuer(text: str, place: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" → "Ủy ban nhân dân tỉnh Hưng Yên"; "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" with the
    place "Bình Định" → "Ủy ban nhân dân tỉnh Bình Định"."""
    text = _squash(text)
    folded = _fold_keep(text)
    for cut in ("cong hoa", "doc lap"):
        if (at := folded.find(cut)) > 0:
            text, folded = text[:at].strip(" -|"), folded[:at].strip(" -|")
    for prefix in ("tm. ", "tm ", "kt. ", "chu tich "):
        if folded.startswith(prefix):
            text, folded = text[len(prefix) :].strip(), folded[len(prefix) :].strip()
    was_caps = _is_caps(text)
    if folded.startswith("ubnd"):
        text, folded = "Ủy ban nhân dân" + text[4:], "uy ban nhan dan" + folded[4:]
    unit = _PLACE_UNIT.search(folded)
    if not unit:
        return _sentence_case(text) if was_caps else text
    head, name = text[: unit.end()], text[unit.end() :].strip()
    head = _sentence_case(head) if was_caps else head
    if folded.startswith("uy ban nhan dan"):
        head = "Ủy ban nhân dân" + head[15:]
    if name and _is_caps(name):
        name = _title_words(name)
    return _squash(f"{head} {name or place}")


# Sections that are never areas, even among sections that are ("IV. KINH PHÍ THỰC HIỆN").
_NOT_AN_AREA = re.compile(r"kinh phi|bao cao|hieu luc|dieu khoan|phu luc|to chuc thuc hien|trach nhiem")

# --- the parser -------------------------------------------------------------------------------------------------


@dataclass
class _AreaState:
    code: str
    name: str
    line: int


@dataclass
class _Agency:
    name: str
    line: int
    text: str = ""
    group: bool = False
    kind: str = "plain"  # the marker of its heading: a "-" under "2. Sở Nội vụ" is its text, not another agency


_LEVEL = {"roman": 0, "digit": 1, "letter": 2, "dash": 3, "plus": 4, "plain": 5}


@dataclass
class _BodyTask:
    task: Task
    area: _AreaState


@dataclass
class _Parser:
    source: Source
    result: Extracted
    paras: list[_Para] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0
    heading: int | None = None
    title_para: _Para | None = None
    title_extra: list[_Para] = field(default_factory=list)
    place: str = ""
    subject: str = ""
    agencies: list[_Agency] = field(default_factory=list)
    body_tasks: list[_BodyTask] = field(default_factory=list)
    target_lists: list[tuple[str, _Para]] = field(default_factory=list)  # (area, item) under "Chỉ tiêu"
    target_fallback: list[tuple[str, _Para]] = field(default_factory=list)  # (area, item) elsewhere

    def warn(self, line: int | None, message: str) -> None:
        self.result.warn(line, message)

    def run(self) -> None:
        stages: list[tuple[Callable[[], None], str]] = [
            (self._read_paragraphs, "đọc các đoạn văn"),
            (self._header, "đọc phần đầu văn bản"),
            (self._body, "đọc nội dung kế hoạch"),
            (self._targets, "đọc chỉ tiêu"),
            (self._tasks, "đọc nhiệm vụ"),
        ]
        for stage, what in stages:
            try:
                stage()
            except Exception as exc:  # noqa: BLE001 - never raise: the person checking the draft is told
                self.warn(None, f"Lỗi khi {what} ({type(exc).__name__}); phần này có thể thiếu, hãy kiểm tra lại.")

    # -- paragraphs and regions ----------------------------------------------------------------------------------

    def _read_paragraphs(self) -> None:
        self.paras = _paragraphs(self.source)
        self.heading = self._find_heading()
        if self.heading is not None:
            self.body_start = self.heading + 1
        else:
            first = (i for i, p in enumerate(self.paras) if p.kind == "roman" and p.marker in ("I", "A"))
            self.body_start = next(first, 0)
        self.body_end = self._find_body_end()

    def _find_heading(self) -> int | None:
        """The plan's own heading "KẾ HOẠCH" (after the decision that issues it, if any)."""
        for i, para in enumerate(self.paras):
            folded = fold(para.text)
            if _is_caps(para.text) and re.match(r"^ke hoach\b", folded) and _words(para.text) <= 30:
                return i
        return None

    def _find_body_end(self) -> int:
        for i in range(self.body_start, len(self.paras)):
            para = self.paras[i]
            folded = fold(para.text)
            if folded.startswith("tren day la") or folded.startswith("noi nhan"):
                return i
            if _is_caps(para.text) and (
                folded.startswith(("phu luc", "tm.", "tm ", "kt.", "kt "))
                or folded in ("chu tich", "pho chu tich", "kt. chu tich")
            ):
                return i
        return len(self.paras)

    # -- header --------------------------------------------------------------------------------------------------

    def _header_paras(self) -> list[_Para]:
        """The national header block and the decision's title: before "Căn cứ …" and the plan's heading."""
        end = self.heading if self.heading is not None else (self.body_start or min(len(self.paras), 40))
        for i, para in enumerate(self.paras[:end]):
            if re.match(r"^(?:can cu|xet de nghi|theo de nghi)\b", fold(para.text)):
                return self.paras[:i]
        return self.paras[:end]

    def _attached(self) -> list[_Para]:
        """ "(Ban hành kèm theo Quyết định số 1605/QĐ-UBND ngày 04/8/2016 …)" near the plan's heading."""
        start = self.heading if self.heading is not None else 0
        return [p for p in self.paras[start : self.body_start + 12] if "kem theo" in fold(p.text)]

    def _header(self) -> None:
        header = self._header_paras()
        result = self.result
        number_para = next((p for p in header if _NUMBER.match(fold(p.text))), None)
        if number_para is None:
            for para in self._attached():
                if m := _ATTACHED_NUMBER.search(_fold_keep(para.text)):
                    result.number = re.sub(r"\s+", "", para.text[m.start("n") : m.end("n")])
                    break
            else:
                self.warn(None, "Không thấy số văn bản («Số: …»); hãy nhập số văn bản.")
        else:
            token = _NUMBER.match(_fold_keep(number_para.text))
            raw = re.sub(r"\s+", "", number_para.text[token.start("n") : token.end("n")])
            if re.match(r"\d", raw) and "/" in raw:
                result.number = raw.strip(" .,;")
            else:
                self.warn(number_para.line, "Số văn bản để trống (dự thảo hoặc chưa cấp số); hãy nhập số khi có.")

        date_para = next((p for p in header if _DATE_LINE.search(fold(p.text)) and _is_date_line(p.text)), None)
        if date_para is not None:
            self.place = _place_before_date(date_para.text)
            m = _DATE_LINE.search(fold(date_para.text))
            if m["d"] and m["m"]:
                try:
                    result.date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
                except ValueError:
                    self.warn(date_para.line, f"Ngày ký «{_squash(date_para.text)}» không hợp lệ; hãy nhập ngày ký.")
            else:
                self.warn(date_para.line, "Ngày ký để trống (chưa ghi ngày, tháng); hãy nhập ngày ký khi có.")
        else:
            for para in self._attached():
                folded = fold(para.text)
                if m := _DATE_SLASH.search(folded) or _DATE_LINE.search(folded):
                    try:
                        result.date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
                    except (TypeError, ValueError):
                        continue
                    break
            if result.date is None:
                self.warn(None, "Không thấy ngày ký («…, ngày … tháng … năm …»); hãy nhập ngày ký.")

        self._read_issuer(header)
        self._read_title(header)

    def _read_issuer(self, header: list[_Para]) -> None:
        candidates = [
            p
            for p in header
            if _is_caps(p.text)
            and re.search(r"uy ban nhan dan|\bubnd\b", fold(p.text))
            and not fold(p.text).startswith(("tm", "kt", "cong hoa"))
        ]
        if not candidates:  # the signature "TM. ỦY BAN NHÂN DÂN" names it too
            candidates = [
                p for p in self.paras if _is_caps(p.text) and re.search(r"uy ban nhan dan|\bubnd\b", fold(p.text))
            ]
        if candidates:
            self.result.issuer = _issuer(candidates[0].text, self.place)
        else:
            self.warn(None, "Không thấy cơ quan ban hành (ỦY BAN NHÂN DÂN …); hãy nhập cơ quan ban hành.")

    def _read_title(self, header: list[_Para]) -> None:
        result = self.result
        title, title_line = "", None
        if self.heading is not None:
            heading = self.paras[self.heading]
            m = re.match(r"ke hoach\b", _fold_keep(heading.text))
            rest = heading.text[m.end() if m else 0 :].strip(" :.-")
            title_line = heading.line
            if rest:
                title = rest
            elif self.heading + 1 < len(self.paras):
                nxt = self.paras[self.heading + 1]
                if not nxt.text.startswith("(") and nxt.kind == "plain":
                    title, title_line, self.title_para = nxt.text, nxt.line, nxt
                    # a title in capitals broken over lines: "CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC" / "NĂM 2021"
                    for more in self.paras[self.heading + 2 : self.heading + 4]:
                        if not (_is_caps(title) and _is_caps(more.text) and more.kind == "plain"):
                            break
                        title = f"{title} {more.text}"
                        self.title_extra.append(more)
        for para in header:
            folded = fold(para.text)
            if m := re.match(r"^(?:ve viec|v/v)\s+", folded):
                self.subject = para.text[m.end() :]
                break
        if not title and self.subject:
            m = re.match(r"^(?:ban hanh\s+)?ke hoach\s+", fold(self.subject))
            title = self.subject[m.end() :] if m else self.subject
        if title and _is_caps(title):
            title = _sentence_case(title)
            if self.place and fold(self.place) in fold(title):
                at = _fold_keep(title).find(fold(self.place))
                title = title[:at] + self.place + title[at + len(self.place) :]
        title = _squash(title).strip(" .*")
        result.title = title[:1].upper() + title[1:] if title else ""
        if not result.title:
            self.warn(title_line, "Không thấy tên kế hoạch; hãy nhập tên kế hoạch.")
        for text in (result.title, self.subject):
            folded = fold(text)
            if m := _RANGE.search(folded):
                result.years = [int(m["a"]), int(m["b"])]
                break
            if m := _YEAR.search(folded):
                result.years = [int(m["y"]), int(m["y"])]
                break
        if result.years and result.years[0] > result.years[1]:
            result.years = [result.years[1], result.years[0]]
        if not result.years:
            self.warn(title_line, "Không thấy năm hoặc giai đoạn của kế hoạch trong tên; hãy nhập năm của kế hoạch.")

    # -- body ----------------------------------------------------------------------------------------------------

    @staticmethod
    def _section_of(text: str) -> str:
        folded = fold(text)
        if re.search(r"to chuc thuc hien|trach nhiem thuc hien|phan cong (?:nhiem vu|trach nhiem)", folded):
            return "organisation"
        if area_heading(text) and _words(text) <= 20:
            return "area"
        if re.search(r"nhiem vu|giai phap|noi dung|chuong trinh cong tac", folded):
            return "tasks"
        if re.search(r"muc tieu|muc dich", folded):
            return "objectives"
        if re.search(r"yeu cau", folded):
            return "requirements"
        if re.search(r"chi tieu", folded):
            return "tasks"
        return "other"

    @staticmethod
    def _headingish(para: _Para) -> bool:
        text = para.rest if para.kind != "plain" else para.text
        return _words(text) <= 20 and not text.rstrip().endswith((".", ";"))

    @staticmethod
    def _sub_of(para: _Para) -> tuple[str, str] | None:
        """A sub-heading within an area: ("targets" | "tasks", inline text after a colon) or None."""
        text = para.rest if para.kind != "plain" else para.text
        head, colon, inline = text.partition(":")
        folded = fold(head).strip(" .")
        if _words(head) > 8:
            return None
        if re.fullmatch(r"(?:cac |mot so )?(?:chi tieu|muc tieu)(?: [\w ]{0,30})?", folded):
            return "targets", inline.strip()
        if re.fullmatch(r"(?:cac )?(?:nhiem vu|giai phap)(?: [\w ,]{0,40})?", folded) and not inline.strip():
            return "tasks", ""
        return None

    def _is_title(self, para: _Para) -> bool:
        return para is self.title_para or any(para is extra for extra in self.title_extra)

    def _area_style(self) -> str | None:
        """The marker style of the area headings: the most common style of the recognised ones."""
        counts: dict[str, int] = {}
        section = None
        for para in self.paras[self.body_start : self.body_end]:
            if self._is_title(para):
                continue
            if para.kind == "roman":
                section = self._section_of(para.rest)
                if section == "area":
                    counts["roman"] = counts.get("roman", 0) + 1
                continue
            if (
                section in ("tasks", None)
                and (para.kind in ("digit", "letter", "dash") or para.style == "caps")
                and self._headingish(para)
                and area_heading(para.rest or para.text)
            ):
                counts[para.style] = counts.get(para.style, 0) + 1
            elif section in ("tasks", None) and self._plain_area_heading(para):
                counts["plain"] = counts.get("plain", 0) + 1
        if counts.get("plain", 0) < 2:
            counts.pop("plain", None)
        if not counts:
            return None
        rank = ["roman", "caps", "digit1", "digit2", "letter", "digit3", "dash", "plain"]
        return max(counts, key=lambda s: (counts[s], -rank.index(s) if s in rank else -99))

    @staticmethod
    def _plain_area_heading(para: _Para) -> bool:
        """A heading with no marker, in a document that numbers nothing (Word styles): "Cải cách thể chế"."""
        return (
            para.kind == "plain"
            and not _is_caps(para.text)
            and _words(para.text) <= 12
            and not para.text.rstrip().endswith((".", ";", ":"))
            and bool(area_heading(para.text))
        )

    def _is_area_heading(self, para: _Para, style: str | None) -> bool:
        if not self._headingish(para) or self._sub_of(para) is not None:
            return False
        if style == "plain":
            return self._plain_area_heading(para)
        if style == "caps":
            return para.style == "caps"
        if style:
            return para.style == style and para.kind != "plain"
        return False

    def _body(self) -> None:
        style = self._area_style()
        section: str | None = None  # the roman section: objectives | tasks | organisation | other | None
        objective_list: str | None = None  # objectives | requirements | targets, while reading a list of aims
        area: _AreaState | None = None
        sub: str | None = None  # targets | tasks, under an area
        agency: _Agency | None = None
        item_kind: str | None = None
        for para in self.paras[self.body_start : self.body_end]:
            if para.text.startswith("(") and para.text.endswith(")"):
                continue  # "(Có Phụ lục nhiệm vụ kèm theo)", "(Ban hành kèm theo …)"
            if self._is_title(para):
                continue  # the title under "KẾ HOẠCH"
            if para.kind == "roman":
                section = self._section_of(para.rest)
                area, sub, agency, item_kind, objective_list = None, None, None, None, None
                if section == "other" and style == "roman" and not _NOT_AN_AREA.search(fold(para.rest)):
                    section = "area"  # a section among sections that are areas: an area not recognised
                if section == "area":
                    area, section = self._open_area(para.rest, para.line), "tasks"
                elif section in ("objectives", "requirements"):
                    section, objective_list = "objectives", section
                continue
            if section == "organisation":
                agency = self._organisation(para, agency)
                continue
            if section == "other":
                continue
            if section != "objectives" and self._is_area_heading(para, style):
                area = self._open_area(para.rest if para.kind != "plain" else para.text, para.line)
                sub, item_kind, objective_list = None, None, None
                continue
            if area is None:
                # aims: a section "Mục tiêu, yêu cầu", or such a heading before the first area
                found = self._objective_heading(para)
                if found:
                    objective_list, inline = found
                    if inline:
                        self._objective_item(objective_list, inline, para)
                    continue
                if objective_list:
                    self._objective_item(objective_list, para.rest if para.kind != "plain" else para.text, para)
                    continue
                if section != "tasks" or style is not None:
                    continue
                area = self._whole_plan_area(para.line)  # a plan not divided into areas (a thematic plan)
            found_sub = self._sub_of(para) if self._headingish(para) or ":" in para.text else None
            if found_sub:
                sub, inline = found_sub
                item_kind = None
                if inline:
                    self._add_item(area, "targets", _Para(para.line, inline, "plain", "", inline), None)
                continue
            item_kind = self._add_item(area, sub, para, item_kind)

    def _objective_heading(self, para: _Para) -> tuple[str, str] | None:
        if para.kind not in ("digit", "letter", "plain", "dash"):
            return None
        text = para.rest if para.kind != "plain" else para.text
        head, _colon, inline = text.partition(":")
        folded = fold(head).strip(" .")
        if _words(head) > 8:
            return None
        if re.fullmatch(r"(?:muc tieu|muc dich)(?: [\w ,]{0,30})?", folded):
            return "objectives", inline.strip()
        if re.fullmatch(r"yeu cau(?: [\w ,]{0,30})?", folded):
            return "requirements", inline.strip()
        if re.fullmatch(r"(?:cac )?chi tieu(?: [\w ,]{0,30})?", folded):
            return "targets", inline.strip()
        return None

    def _objective_item(self, which: str, text: str, para: _Para) -> None:
        text = _squash(text)
        if not text:
            return
        if which == "targets":
            self.target_lists.append(("", _Para(para.line, text, "plain", "", text)))
            return
        (self.result.requirements if which == "requirements" else self.result.objectives).append(text)
        if which == "objectives":
            self.target_fallback.append(("", _Para(para.line, text, "plain", "", text)))

    def _whole_plan_area(self, line: int) -> _AreaState:
        """The area of a plan whose tasks are not grouped by area: the one its title names, if any."""
        code = area_of(self.result.title) or ""
        if code:
            self._add_area(code, self.result.title)
        else:
            self.warn(line, "Kế hoạch không chia nhiệm vụ theo lĩnh vực; hãy chọn lĩnh vực cho từng nhiệm vụ.")
        return _AreaState(code, self.result.title, line)

    def _open_area(self, name: str, line: int) -> _AreaState:
        name = _squash(name).rstrip(":. ")
        code = area_of(name) or ""
        if not code:
            self.warn(line, f"Không nhận ra lĩnh vực «{name}»; hãy chọn lĩnh vực cải cách hành chính.")
        self._add_area(code, name)
        return _AreaState(code, name, line)

    def _add_area(self, code: str, name: str) -> None:
        for existing in self.result.areas:
            if (code and existing.code == code) or (not code and fold(existing.name) == fold(name)):
                return
        self.result.areas.append(Area(code=code, name=name))

    def _add_item(self, area: _AreaState, sub: str | None, para: _Para, item_kind: str | None) -> str | None:
        """One paragraph under an area: an item of a "Chỉ tiêu" list, or a task, or the continuation of one.

        The first item under an area (or its "Nhiệm vụ" heading) sets the kind of marker its tasks use ("a)",
        "1.", "-"); a paragraph with another marker ("-" under "a)", "+" under "-") or none continues the task."""
        text = _squash(para.rest if para.kind != "plain" else para.text)
        if not text:
            return item_kind
        if sub == "targets":
            self.target_lists.append((area.code, _Para(para.line, text, "plain", "", text)))
            return item_kind
        self.target_fallback.append((area.code, _Para(para.line, text, "plain", "", text)))
        kind = para.style if para.kind in ("digit", "letter") else para.kind
        current = self.body_tasks[-1] if self.body_tasks and self.body_tasks[-1].area is area else None
        if (
            current is not None
            and item_kind is not None
            and kind != item_kind
            and not (item_kind == "plain" and kind != "plain")
        ):
            current.task.title += " " + (para.text if para.kind in ("dash", "plus") else text)
            return item_kind
        if kind == "plain" and text.endswith(":") and item_kind is None:
            return item_kind  # "Tập trung thực hiện các nhiệm vụ sau:" introduces the items
        number = sum(1 for t in self.body_tasks if t.area is area) + 1
        task_code = para.marker.rstrip(".") if para.kind in ("digit", "letter") else str(number)
        task = Task(area=area.code, code=task_code, title=text, line=para.line)
        self.body_tasks.append(_BodyTask(task, area))
        return kind

    def _organisation(self, para: _Para, agency: _Agency | None) -> _Agency | None:
        """Section "Tổ chức thực hiện": an agency's heading, then its paragraphs."""
        text = para.rest if para.kind != "plain" else para.text
        folded = fold(text)
        starts_like_agency = bool(_NAME_START.match(folded)) and text[:1].isupper()
        same_level = agency is None or _LEVEL.get(para.kind, 5) <= _LEVEL.get(agency.kind, 5)
        if starts_like_agency and same_level:
            name, inline = text, ""
            head, colon, after = text.partition(":")
            if colon and _words(head) <= 15:
                name, inline = head, after
            elif _words(text) > 15 or text.rstrip().endswith((".", ";")):
                m = re.search(
                    r"\s(?:chu tri|co trach nhiem|tham muu|phoi hop|giup|theo doi|thuc hien|huong dan|la co quan"
                    r"|chiu trach nhiem|to chuc|day manh|can cu|nghiem tuc|xay dung|tang cuong|kiem tra)\b",
                    _fold_keep(text),
                )
                if m is None or (para.kind in ("dash", "plus", "plain") and agency is not None and m.start() > 80):
                    if agency is not None:
                        agency.text += " " + text
                    return agency
                name, inline = text[: m.start()], text[m.start() :]
            if para.kind == "plain" and agency is not None and not inline and _words(text) > 15:
                agency.text += " " + text
                return agency
            name = name.strip(" :.,;")
            names = split_agencies(name)
            group = len(names) != 1 or bool(
                re.match(r"^(?:cac|thu truong|chu tich|nguoi dung dau)\b", fold(name))
                or re.search(r"\bcac (?:so|co quan|huyen|don vi|nganh)\b", fold(name))
            )
            new = _Agency(name=name, line=para.line, text=inline, group=group, kind=para.kind)
            self.agencies.append(new)
            return new
        if agency is not None:
            agency.text += " " + text
        return agency

    # -- targets -------------------------------------------------------------------------------------------------

    def _targets(self) -> None:
        items = self.target_lists or self.target_fallback
        for area, para in items:
            for reading in read_percentages(para.text, whole_item=bool(self.target_lists)):
                self.result.targets.append(
                    Target(
                        area=area,
                        text=reading.text,
                        comparison=reading.comparison,
                        value=reading.value,
                        unit="%",
                        line=para.line,
                    )
                )
                if not reading.explicit:
                    value = f"{reading.value:g}"
                    self.warn(
                        para.line,
                        f"Chỉ tiêu «{_short(reading.text)}» không ghi rõ so sánh (ít nhất, trên, dưới …) với "
                        f"{value}%; tạm hiểu là {reading.comparison} {value}%, hãy kiểm tra.",
                    )

    # -- tasks ---------------------------------------------------------------------------------------------------

    def _tasks(self) -> None:
        table_tasks = _TableReader(self).read()
        if table_tasks:
            self.result.tasks = table_tasks
            return
        tasks = [bt.task for bt in self.body_tasks]
        for task in tasks:
            task.title = _squash(task.title)
            self._lead_from_organisation(task)
        if tasks:
            self.warn(
                None,
                "Các nhiệm vụ lấy từ nội dung kế hoạch không ghi thời gian hoàn thành; hãy nhập thời hạn cho từng "
                "nhiệm vụ.",
            )
        else:
            self.warn(None, "Không tìm thấy nhiệm vụ nào (bảng nhiệm vụ hoặc các mục dưới từng lĩnh vực).")
        self.result.tasks = tasks

    def task_label(self, task: Task) -> str:
        """ "Nhiệm vụ 4 (Cải cách thể chế)": codes restart in each area, so the area is said too."""
        area = next((a.name for a in self.result.areas if a.code and a.code == task.area), "")
        label = f"Nhiệm vụ {task.code}" if task.code else "Nhiệm vụ"
        return f"{label} ({_short(area, 50)})" if area else label

    def _lead_from_organisation(self, task: Task) -> None:
        """Section III names who leads each area; a task takes that lead when the text makes it clear."""
        lead = self._lead_for(task)
        if lead:
            task.lead = lead
        else:
            self.warn(task.line, f"{self.task_label(task)}: không xác định được cơ quan chủ trì; hãy chọn cơ quan.")

    def _lead_for(self, task: Task) -> str:
        singles = [a for a in self.agencies if not a.group]
        if not singles:
            return ""
        # a document both cite (e.g. "Quyết định số 1441/QĐ-TTg") points to one agency
        refs = set(_REFERENCE.findall(fold(task.title)))
        if refs:
            sharing = [a for a in singles if refs & set(_REFERENCE.findall(fold(a.text)))]
            if len(sharing) == 1:
                return sharing[0].name
        folded_task = fold(task.title)
        candidates: list[_Agency] = []
        for _topic, agency_pattern, task_pattern in _LEAD_TOPICS.get(task.area, ()):
            leads = [a for a in singles if re.search(agency_pattern, fold(a.text))]
            candidates += [a for a in leads if a not in candidates]
            if len(leads) == 1 and re.search(task_pattern, folded_task):
                return leads[0].name
        if len(candidates) == 1:
            return candidates[0].name
        if candidates or task.area not in _LEAD_AREA:
            return ""
        pattern = _LEAD_AREA[task.area]
        scored = [(n, a) for a in singles if (n := len(re.findall(pattern, fold(a.text))))]
        if not scored:
            return ""
        best = max(n for n, _ in scored)
        top = [a for n, a in scored if n == best]
        if len(top) == 1:
            return top[0].name
        names = ", ".join(a.name for a in top)
        self.warn(task.line, f"{self.task_label(task)}: phần tổ chức thực hiện giao lĩnh vực này cho {names}.")
        return ""


_REFERENCE = re.compile(r"\b\d+[a-z]?/(?:\d{4}/)?[a-z]+(?:-[a-z]+)*")  # "1441/qd-ttg", "61/2018/nd-cp" (folded)


def _short(text: str, limit: int = 80) -> str:
    text = _squash(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- task tables ------------------------------------------------------------------------------------------------

_COLUMN_WORDS = (
    ("tt", r"^(?:s\.?\s?tt|stt|tt|so tt|so thu tu|thu tu|so)\.?$"),
    ("lead", r"chu tri"),
    ("coordinators", r"phoi hop"),
    ("time", r"thoi gian|thoi han|tien do|han hoan thanh|moc hoan thanh"),
    ("products", r"san pham|ket qua|hinh thuc van ban"),
    ("title", r"nhiem vu|noi dung|cong viec|ten de an|ten van ban|hoat dong"),
)


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """The column of each field in a header row, found by its words, or None when the row is not a header."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        folded = fold(cell).strip(" .:*")
        if not folded or len(folded) > 60:
            continue
        for key, pattern in _COLUMN_WORDS:
            if key not in columns and re.search(pattern, folded):
                columns[key] = index
                break
    if "title" in columns and len(columns.keys() & {"lead", "time", "products", "coordinators"}) >= 1:
        return columns
    return None


# The number of an area row in a task table: a roman numeral or a capital letter ("A", "B").
_AREA_NUMBER = re.compile(r"^(?:(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})|[A-ZĐ])$")
_SUBHEADER_WORDS = frozenset({"bat dau", "ket thuc", "hoan thanh", "chu tri", "phoi hop", "tu", "den", "nam", "quy"})


def _subheader_columns(cells: list[str]) -> dict[str, int]:
    """The second row of a two-row header: the columns under a merged "Cơ quan" or "Thời gian"."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        folded = fold(cell).strip(" .:*")
        if not folded:
            continue
        if folded not in _SUBHEADER_WORDS and not re.fullmatch(r"(?:co quan |don vi )?(?:chu tri|phoi hop)", folded):
            return {}
        if "chu tri" in folded:
            found["lead"] = index
        elif "phoi hop" in folded:
            found["coordinators"] = index
        elif folded in ("hoan thanh", "ket thuc", "den"):
            found["time"] = index
    return found


@dataclass
class _TableReader:
    parser: _Parser
    columns: dict[str, int] | None = None
    width: int = 0
    area: str = ""
    area_seen: bool = False
    tasks: list[Task] = field(default_factory=list)
    raw: dict[int, dict[str, str]] = field(default_factory=dict)  # id(task) → cells as written (for "nt")
    years: tuple[int, int] | None = None

    def read(self) -> list[Task]:
        years = self.parser.result.years
        if years:
            self.years = (years[0], years[-1])
        elif self.parser.result.date:
            self.years = (self.parser.result.date.year, self.parser.result.date.year)
        for table in self.parser.source.tables:
            try:
                self._table(table)
            except Exception as exc:  # noqa: BLE001 - one odd table must not lose the others
                self.parser.warn(table.first_line, f"Không đọc được bảng ({type(exc).__name__}); hãy kiểm tra.")
        for task in self.tasks:
            self._finish(task)
        return self.tasks

    def _table(self, table: Table) -> None:
        rows = [[_nfc(c or "") for c in row] for row in table.rows]
        if self.columns is not None and not any(header_columns(r) for r in rows[:3]):
            widest = max((len(r) for r in rows), default=0)
            if widest != self.width and (widest <= 3 or abs(widest - self.width) > 1):
                return  # another kind of table (a signature block) between or after the task tables
        after_header = False
        for index, cells in enumerate(rows):
            line = table.row_lines[index] if index < len(table.row_lines) else table.first_line + index
            found = header_columns(cells)
            if found:
                self.columns, self.width, after_header = found, len(cells), True
                continue
            if self.columns is None:
                continue
            if after_header and (sub := _subheader_columns(cells)):
                self.columns.update(sub)  # "Cơ quan" over "Chủ trì | Phối hợp", "Thời gian" over "… | Hoàn thành"
                continue
            after_header = False
            self._row(cells, line)

    def _cell(self, cells: list[str], key: str) -> str:
        index = self.columns.get(key) if self.columns else None
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def _row(self, cells: list[str], line: int) -> None:
        filled = [c.strip() for c in cells if c.strip()]
        if not filled:
            return
        if all(fold(c).strip(" .") in _SUBHEADER_WORDS for c in filled):
            return  # the second row of a two-row header ("Bắt đầu", "Hoàn thành")
        if area := self._area_row(cells, filled):
            code, name = area
            self.area, self.area_seen = code, True
            if not code:
                self.parser.warn(line, f"Không nhận ra lĩnh vực «{name}» trong bảng nhiệm vụ; hãy chọn lĩnh vực.")
            self.parser._add_area(code, name)
            return
        if len(cells) < self.width:
            self.parser.warn(line, "Dòng bảng có ô gộp (ít cột hơn tiêu đề); hãy kiểm tra các cột của nhiệm vụ này.")
        code = self._cell(cells, "tt")
        title = _squash(self._cell(cells, "title"))
        lead = self._cell(cells, "lead")
        previous = self.tasks[-1] if self.tasks else None
        code_clean = code.strip().rstrip(".)").strip()
        if previous is not None and not code_clean and (not lead or lead == self.raw[id(previous)]["lead"]):
            self._continue(previous, cells, title)  # a title split by a page break
            return
        if previous is not None and code_clean and code_clean == previous.code and title == previous.title:
            self._continue(previous, cells, "")  # a row merged down (docx): the same task
            return
        if not title:
            self.parser.warn(line, f"Dòng «{_short(' | '.join(filled))}» không có nội dung nhiệm vụ; đã bỏ qua.")
            return
        if previous is not None and code_clean and code_clean == previous.code:
            self.parser.warn(line, f"Số thứ tự «{code_clean}» trùng với dòng trên; hãy kiểm tra.")
        if not self.area_seen:
            self.area_seen = True
            self.area = area_of(self.parser.result.title) or ""  # a thematic plan: the area its title names
            if self.area:
                self.parser._add_area(self.area, self.parser.result.title)
            else:
                self.parser.warn(line, "Bảng nhiệm vụ không có dòng lĩnh vực (I, II …) trước nhiệm vụ đầu tiên.")
        task = Task(area=self.area, code=code_clean, title=title, line=line)
        raw = {key: self._cell(cells, key) for key in ("lead", "coordinators", "products", "time")}
        for key in raw:
            if is_same_as_above(raw[key]):
                if previous is None:
                    self.parser.warn(line, f"Ô «{raw[key]}» (như trên) ở dòng đầu tiên; không có dòng trên để chép.")
                    raw[key] = ""
                else:
                    raw[key] = self.raw[id(previous)][key]
        self.raw[id(task)] = raw
        self.tasks.append(task)

    def _area_row(self, cells: list[str], filled: list[str]) -> tuple[str, str] | None:
        code = self._cell(cells, "tt")
        if code and _AREA_NUMBER.match(code.strip(" .")) and len(filled) <= 3:
            name = next((c for c in filled if c != code), "")
            name = _squash(name)
            return (area_of(name) or "", name) if name else None
        if len(filled) == 1 or (len(filled) == 2 and _AREA_NUMBER.match(filled[0].strip(" ."))):
            text = _squash(filled[-1])
            kind, _marker, rest = _classify(text)
            if len(filled) == 2 or kind == "roman":
                name = rest if kind == "roman" else text
                return area_of(name) or "", name
            if not any(self._cell(cells, key) == filled[0] for key in ("tt", "title")):
                return None  # the only text is a lead, a time …: a row that continues the task above
            if _is_caps(text) and _words(text) <= 20:
                return area_of(text) or "", text
            if text[:1].isupper() and _words(text) <= 15 and (code := area_heading(text)):
                return code, text  # "Cải cách thể chế" alone on its row (not a title's continuation)
        return None

    def _continue(self, task: Task, cells: list[str], title: str) -> None:
        raw = self.raw[id(task)]
        if title and fold(title) not in fold(task.title):
            task.title = _squash(f"{task.title} {title}")
        for key in ("coordinators", "products", "time"):
            value = self._cell(cells, key)
            if value and not is_same_as_above(value) and value not in raw[key]:
                raw[key] = f"{raw[key]}\n{value}" if raw[key] else value
        lead = self._cell(cells, "lead")
        if lead and not raw["lead"]:
            raw["lead"] = lead

    def _finish(self, task: Task) -> None:
        raw = self.raw[id(task)]
        task.lead = _squash(raw["lead"])
        task.coordinators = split_agencies(raw["coordinators"])
        task.products = split_products(raw["products"])
        task.time_text = _squash(raw["time"])
        where = self.parser.task_label(task)
        if not task.lead:
            self.parser.warn(task.line, f"{where} «{_short(task.title, 60)}» không có cơ quan chủ trì; hãy chọn.")
        if not self.years:
            if task.time_text:
                self.parser.warn(task.line, f"{where}: chưa biết năm của kế hoạch nên chưa tính được thời hạn.")
            return
        start, end = self.years
        try:
            parsed = parse_time_phrase(raw["time"], start, end_year=end, first_day=dt.date(start, 1, 1))
        except Exception:  # noqa: BLE001 - parse_time_phrase never raises, but a year out of range might
            self.parser.warn(task.line, f"{where}: không đọc được thời gian «{task.time_text}».")
            return
        task.milestones = [Milestone(label=m.label or m.text, due=m.due) for m in parsed.milestones]
        for message in parsed.warnings:
            self.parser.warn(task.line, f"{where}: {message}")


def parse_plan(source: Source) -> Extracted:
    """U-6: a plan decision (its lines and tables) → the plan's structure, with warnings. Never raises."""
    result = Extracted(kind="plan")
    try:
        _Parser(source, result).run()
    except Exception as exc:  # noqa: BLE001 - the contract: a result with a warning, never an exception
        result.warn(None, f"Lỗi khi đọc văn bản ({type(exc).__name__}); hãy kiểm tra lại toàn bộ kết quả.")
    return result

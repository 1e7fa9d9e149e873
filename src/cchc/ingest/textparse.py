"""Text helpers both parsers share (pure: stdlib and `cchc.core.text` only).

- Folding that keeps positions: `aligned` (the regulation parser: one folded character per original character,
  white space as " ") and `fold_keep` (the plan parser: white space kept), so that a match in the folded text
  slices the text as written; `norm` spells out abbreviations for keyword matching.
- Paragraphs, markers and the article / clause / point structure of a legal text (`parse_articles`).
- The plan parser's logical paragraphs (`paragraphs`: lines broken mid-sentence joined back, each with its
  marker "I.", "1.", "a)", "-", "+", classified by `classify`).
- Numbers and dates: a document number ("925/QĐ-UBND", its type), a date phrase ("ngày 17 tháng 4 năm 2018"),
  a day and month ("30 tháng 11", "15/11").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cchc.core.text import fold
from cchc.ingest.structure import Extracted

if TYPE_CHECKING:
    from cchc.ingest.reader import Source, Table

# --- folding that keeps positions: one folded character per original character -------------------------------


@functools.lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    folded = fold(ch)
    if len(folded) == 1:
        return folded
    lower = ch.lower()
    return lower if len(lower) == 1 else "?"


def aligned(text: str) -> str:
    """`fold` character by character, so that a match in the folded text has the same span in the original."""
    return "".join(fold_char(ch) for ch in text)


_ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh",
    "cchc": "cai cach hanh chinh",
    "cntt": "cong nghe thong tin",
    "vbqppl": "van ban quy pham phap luat",
    "qppl": "quy pham phap luat",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ktxh": "kinh te xa hoi",
    "kt xh": "kinh te xa hoi",
    "qlcl": "quan ly chat luong",
    "htqlcl": "he thong quan ly chat luong",
}
_ABBREVIATION_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len, reverse=True)) + r")\b")


def norm(folded: str) -> str:
    """Folded text for keyword matching: punctuation but sentence ends ('.', ';') becomes a space, abbreviations
    are spelled out."""
    text = re.sub(r"[^\w@.;]+", " ", folded)
    text = text.replace("_", " ")
    text = _ABBREVIATION_RE.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
    return re.sub(r"\s+", " ", text).strip()


# --- the plan parser's folding and small helpers -------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _plan_fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    lower = base.lower()
    return lower if len(base) == 1 and len(lower) == 1 else ch


def fold_keep(text: str) -> str:
    """Lower case without accents, one character for one character (unlike `fold`, white space is kept)."""
    return "".join(_plan_fold_char(ch) for ch in text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


_LETTER = re.compile(r"[^\W\d_]")


def is_caps(text: str) -> bool:
    """Written in capitals (a heading): at least three letters, none of them lower case."""
    return text == text.upper() and len(_LETTER.findall(text, 0, 200)) >= 3


# --- structure ----------------------------------------------------------------------------------------------

LETTERS = "abcdđeghiklmnopqrstuvxy"
ART_RE = re.compile(r"^(?:dieu|dien)\s+(\d{1,3})\s*[.:](?!\d)\s*(.*)$")
CHAPTER_RE = re.compile(r"^(?:chuong|phan)\s+(?:[ivxlc]+|\d+)\b")
CLAUSE_RE = re.compile(r"^(\d{1,2})\s*[.)](?:\s+(.*))?$")
POINT_RE = re.compile(r"^(?:[-–•+]\s*)?([a-zđ])\s*\)\s*(.*)$")
BULLET_RE = re.compile(r"^[-–•+]\s+(.*)$")


@dataclass
class Para:
    line: int
    text: str
    bullet: bool = False


@dataclass
class Unit:
    label: str
    line: int
    paras: list[Para] = field(default_factory=list)
    points: list[Unit] = field(default_factory=list)


@dataclass
class Article:
    number: int
    line: int
    title: str
    body: list[Para] = field(default_factory=list)
    clauses: list[Unit] = field(default_factory=list)


def paras_of(item: Unit | Para) -> list[Para]:
    return item.paras if isinstance(item, Unit) else [item]


def starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def append_para(paras: list[Para], line: int, text: str, blank_before: bool, bullet: bool = False) -> None:
    if paras and not bullet:
        last = paras[-1]
        ends = last.text.rstrip().endswith((".", ";", ":", "!", "?"))
        if (not blank_before and not ends) or starts_lower(text):
            last.text = last.text.rstrip() + " " + text.strip()
            return
    paras.append(Para(line, text.strip(), bullet))


def fix_point_labels(unit: Unit, ex: Extracted, article: int) -> None:
    """A misprinted letter ("a), b), e), d)") is read by its position when the next letter confirms it."""
    points = unit.points
    for i, point in enumerate(points):
        previous = points[i - 1].label if i else ""
        if point.label not in LETTERS or (previous and previous not in LETTERS):
            continue
        expected_index = LETTERS.index(previous) + 1 if previous else 0
        if expected_index + 1 >= len(LETTERS) or point.label == LETTERS[expected_index]:
            continue
        expected = LETTERS[expected_index]
        nxt = points[i + 1].label if i + 1 < len(points) else None
        if nxt == LETTERS[expected_index + 1]:
            ex.warn(
                point.line,
                f"Điều {article} khoản {unit.label}: điểm in là “{point.label})” nằm giữa các điểm "
                f"{previous}) và {nxt}); được đọc là điểm {expected}).",
            )
            point.label = expected


def parse_articles(lines: list[tuple[int, str]], ex: Extracted, outside: list | None = None) -> list[Article]:
    """Articles ("Điều N."), their clauses ("1.") and points ("a)"). Lines of the text outside any article after
    the first article or chapter (other than a chapter heading and its capitals title) go to `outside`."""
    articles: list[Article] = []
    article: Article | None = None
    clause: Unit | None = None
    point: Unit | None = None
    in_title = False
    in_chapter = False
    blank = False
    for number, text in lines:
        stripped = text.strip()
        if not stripped:
            blank = True
            continue
        folded = aligned(stripped)
        art = ART_RE.match(folded)
        if art:
            article = Article(int(art.group(1)), number, stripped[art.start(2) :].strip())
            articles.append(article)
            clause = point = None
            in_title, in_chapter, blank = True, False, False
            if stripped.endswith("./."):
                break
            continue
        if CHAPTER_RE.match(folded):
            in_chapter, in_title, blank = True, False, False
            article = clause = point = None
            continue
        if in_chapter or article is None:
            if outside is not None and (articles or in_chapter) and not is_caps(stripped):
                outside.append((number, stripped))
            blank = False
            continue
        cl = CLAUSE_RE.match(stripped)
        pt = POINT_RE.match(stripped)
        bl = BULLET_RE.match(stripped)
        if cl:
            clause = Unit(cl.group(1), number)
            if cl.group(2):
                clause.paras.append(Para(number, cl.group(2).strip()))
            article.clauses.append(clause)
            point, in_title = None, False
        elif pt and (clause is not None or article is not None):
            point = Unit(pt.group(1), number, [Para(number, pt.group(2).strip())] if pt.group(2) else [])
            if clause is None:  # points directly under an article
                clause = Unit("", number)
                article.clauses.append(clause)
            clause.points.append(point)
            in_title = False
        elif in_title and (starts_lower(stripped) or (not blank and article.title.rstrip().endswith((",", "-", "–")))):
            # a title wrapped by the page: the next line goes on in lower case or after a comma
            article.title = (article.title.rstrip() + " " + stripped).strip()
        else:
            in_title = False
            target = point.paras if point is not None else clause.paras if clause is not None else article.body
            if bl:
                append_para(target, number, bl.group(1), blank, bullet=True)
            else:
                append_para(target, number, stripped, blank)
        blank = False
        if stripped.endswith("./."):
            break
    for art in articles:
        for cl_unit in art.clauses:
            fix_point_labels(cl_unit, ex, art.number)
    return articles


# --- numbers and dates ----------------------------------------------------------------------------------------

NUMBER_RE = re.compile(r"(\d+[a-zA-Z]?)?\s*/\s*((?:\d{4}\s*/\s*)?[A-ZĐ]{1,6}(?:\s*-\s*[A-ZĐ0-9]{1,12})+)")
DATE_WORDS_RE = re.compile(r"ngay\s*(\d{1,2})?\s+thang\s*(\d{1,2})?\s+nam\s*(\d{4})?")
DATE_SLASH_RE = re.compile(r"ngay\s*(\d{1,2})?\s*/\s*(\d{1,2})?\s*/\s*(\d{4})")
DAY_MONTH_RE = re.compile(r"\bngay\s+(\d{1,2})\s*(?:thang\s+|/\s*|-\s*)(\d{1,2})\b(?!\s*(?:/|-)\s*\d)(?!\s+nam\s+\d)")


def find_date(folded: str) -> tuple[bool, dt.date | None] | None:
    """None when there is no date phrase; else (True, the date, or None when its day, month or year is blank)."""
    m = DATE_WORDS_RE.search(folded) or DATE_SLASH_RE.search(folded)
    if not m:
        return None
    day, month, year = m.groups()
    if not (day and month and year):
        return True, None
    try:
        return True, dt.date(int(year), int(month), int(day))
    except ValueError:
        return True, None


def find_day_month(folded: str) -> tuple[int, int] | None:
    """A day and month without a year ("ngày 30 tháng 11", "ngày 15/11"), if it is a real one."""
    for m in DAY_MONTH_RE.finditer(folded):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return day, month
    return None


def number_type(number: str) -> str:
    """The type of a document number: "12/KH-UBND" → "KH", "925/QĐ-UBND" → "QD" (folded), "" if none."""
    m = NUMBER_RE.search(number or "")
    if not m:
        return ""
    return fold(re.split(r"\s*-\s*", m.group(2).split("/")[-1])[0]).upper()


# --- the plan parser's paragraphs and markers -----------------------------------------------------------------
_ROMAN_MARK = re.compile(r"^(?P<m>[IVXL]{1,6})\s*[.):/\-–]\s*(?P<rest>\S.*)$")
_ROMAN_VALID = re.compile(r"^(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})$")
_SECTION_LETTER = re.compile(r"^(?P<m>[A-HĐ])\s*[.)]\s+(?P<rest>\S.*)$")
_DIGIT_MARK = re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]\s*(?P<rest>[^\d\s].*)$")
_DIGIT_MARK_BARE = re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2}){1,3})\s+(?P<rest>\S.*)$")
_LETTER_MARK = re.compile(r"^(?P<m>[a-zđ])\s*\)\s*(?P<rest>\S.*)$")
_LETTER_MARK_DOT = re.compile(r"^(?P<m>[a-zđ])\.\s+(?P<rest>\S.*)$")
_BULLET_MARK = re.compile(r"^(?P<m>[-–—•●▪◦·]|\+|\*(?=\s))\s*(?P<rest>\S.*)$")


@dataclass
class PlanPara:
    """A logical paragraph: lines of the page joined back when a sentence was broken."""

    line: int
    text: str
    kind: str = "plain"  # roman | digit | letter | dash | plus | plain
    marker: str = ""
    rest: str = ""

    @property
    def content(self) -> str:
        """The paragraph's text without its marker ("1.", "a)", "-")."""
        return self.rest if self.kind != "plain" else self.text

    @property
    def style(self) -> str:
        """The marker style, with the depth of a digit marker ("1." and "1.1." are different styles)."""
        if self.kind == "digit":
            return f"digit{self.marker.count('.') + 1}"
        if self.kind == "plain" and is_caps(self.text):
            return "caps"
        return self.kind


def classify(text: str) -> tuple[str, str, str]:
    """(kind, marker, rest) of a paragraph."""
    if (m := _ROMAN_MARK.match(text)) and _ROMAN_VALID.match(m["m"]):
        return "roman", m["m"], m["rest"].strip()
    if (m := _SECTION_LETTER.match(text)) and is_caps(m["rest"]):
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


def strip_markup(text: str) -> str:
    """What the reader leaves of Markdown: links and single-asterisk italics."""
    text = _LINK.sub(r"\1", nfc(text))
    text = re.sub(r"^\*+(?=\S)|(?<=\S)\*+$", "", text.strip())
    return squash(text)


# A line continues the one before when it starts with a lower-case letter or a digit (not an item), or when the
# one before ends with a comma or a word that cannot end a sentence.
_CONNECTIVE_END = re.compile(
    r"(?:^|\s)(?:cua|va|voi|ngay|tai|theo|ve|cac|nhung|cho|trong|den|so|la|duoc|de|tu|hoac|tren|thuoc|doi|bang"
    r"|nham|giua|cung|nhu|khi|sau|truoc|vao|ra|o|thang|nam|quy|dinh|muc)$"
)


def joins(prev: PlanPara, last: str, text: str, kind: str) -> bool:
    """Whether `text` continues paragraph `prev`, whose last line is `last` (only the ends are looked at: a
    paragraph of many lines costs no more than one)."""
    if kind != "plain":
        return False
    before = last.rstrip()
    if not before or before[-1] in ".:;!?" or is_caps(before):
        return False
    first = text[:1]
    if first.islower():
        return True
    if prev.kind in ("roman", "digit", "letter") and prev.text is last and words(prev.rest) <= 10:
        return False  # a short heading ("a) Chỉ tiêu") is not continued by "100% cơ quan …"
    if first.isdigit():
        return True
    return before.endswith(",") or bool(_CONNECTIVE_END.search(fold(before[-20:])))


def table_lines(table: Table) -> list[int]:
    return table.row_lines or list(range(table.first_line, table.first_line + len(table.rows)))


def cell_paragraphs(parts: list[str]) -> list[list[str]]:
    """The lines of a header cell grouped into paragraphs: a heading in capitals ("ỦY BAN NHÂN DÂN" / "TỈNH AN
    LẠC") apart from the number ("Số: 12/KH-UBND") and the place and date that follow it."""
    groups: list[list[str]] = []
    for part in parts:
        starts = fold(part.strip()).startswith(("so:", "so ")) or ", ngay" in fold(part)
        if groups and not starts and is_caps(part) == is_caps(groups[-1][-1]):
            groups[-1].append(part)
        else:
            groups.append([part])
    return groups


def paragraphs(source: Source, is_task_header: Callable[[list[str]], object]) -> list[PlanPara]:
    """The text lines outside task tables, as logical paragraphs.

    A small table with no task header (at most three columns: the national header block "ỦY BAN NHÂN DÂN TỈNH … |
    CỘNG HÒA …", "Số: … | …, ngày …", a signature block) gives one paragraph per cell, its lines joined.
    `is_task_header` tells a task table's header row (plan_tables.header_columns)."""
    in_tables: set[int] = set()
    layout: dict[int, list[str]] = {}
    for table in source.tables:
        lines = table_lines(table)
        in_tables.update(lines)
        if max((len(row) for row in table.rows), default=0) <= 3 and not any(map(is_task_header, table.rows)):
            layout.update(zip(lines, table.rows, strict=False))
    paras: list[PlanPara] = []
    tails: list[list[str]] = []  # the lines joined to each paragraph, joined once at the end
    for line in source.lines:
        if line.number in layout:
            for cell in layout.pop(line.number):
                parts = [part for part in cell.split("\n") if not re.fullmatch(r"[\s\-_–—=.*]*", part)]
                for group in cell_paragraphs(parts):
                    text = strip_markup(" ".join(group))
                    if text:
                        paras.append(PlanPara(line.number, text, *classify(text)))
                        tails.append([])
            continue
        if line.number in in_tables:
            continue
        text = strip_markup(line.text)
        if not text:
            continue
        kind, marker, rest = classify(text)
        if paras and joins(paras[-1], tails[-1][-1] if tails[-1] else paras[-1].text, text, kind):
            tails[-1].append(text)
            continue
        paras.append(PlanPara(line.number, text, kind, marker, rest))
        tails.append([])
    for para, tail in zip(paras, tails, strict=True):
        if tail:
            joined = " ".join(tail)
            para.text = f"{para.text} {joined}"
            para.rest = f"{para.rest} {joined}" if para.kind != "plain" else para.text
    return paras


def words(text: str) -> int:
    return len(text.split())


# --- the plan header's dates and years (folded text) ----------------------------------------------------------

DATE_LINE_RE = re.compile(r"ngay\s*(?P<d>\d{1,2})?\s*thang\s*(?P<m>\d{1,2})?\s*nam\s*(?P<y>\d{4})")
DATE_SLASH_LINE_RE = re.compile(r"ngay\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")
YEAR_RANGE_RE = re.compile(r"(?P<a>(?:19|20)\d{2})\s*[-–—]\s*(?P<b>(?:19|20)\d{2})")
YEAR_RE = re.compile(r"\bnam\s+(?P<y>(?:19|20)\d{2})\b")

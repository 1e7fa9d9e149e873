"""Read a document into numbered lines and tables (pure; python-docx for .docx).

Refuses what is not a document (an image renamed .docx, a zip bomb, a file too large) with a Vietnamese
message, before anything else reads it. Markdown bold, <b> tags and heading marks are removed; tables come from
.docx tables, tab-separated lines and pipe tables.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field

MAX_BYTES = 10 * 1024 * 1024  # a plan decision is a few hundred KB; 10 MB leaves room for embedded images
MAX_TEXT_CHARS = 2_000_000
MAX_UNZIPPED = 60 * 1024 * 1024
MAX_RATIO = 100  # a zip bomb expands far beyond this


class NotADocument(Exception):
    """The input cannot be read as a document; the message says why, in Vietnamese."""


@dataclass
class Line:
    number: int
    text: str


@dataclass
class Table:
    first_line: int
    rows: list[list[str]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)  # the line number of each row (for warnings)


@dataclass
class Source:
    name: str
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


_TAGS = re.compile(r"</?(?:b|i|u|strong|em|br|span|p|sup|sub)\b[^>]*>", re.IGNORECASE)
_BOLD = re.compile(r"\*\*|__")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def clean(text: str) -> str:
    """One line of text without markup; keeps tabs (they separate table cells)."""
    text = _TAGS.sub("", text)
    text = _BOLD.sub("", text)
    text = _HEADING.sub("", text)
    text = html.unescape(text).replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"[ \f\v]+", " ", text).strip(" ")


def _cells_of(raw: str) -> list[str] | None:
    """The cells of a table line (tab-separated or a pipe table), or None for ordinary text."""
    if "\t" in raw and raw.count("\t") >= 2:
        return [clean(c) for c in raw.split("\t")]
    stripped = raw.strip()
    if stripped.startswith("|") and stripped.count("|") >= 3:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]  # keep empty cells: "| a | b |||"
        return [clean(c) for c in inner.split("|")]
    return None


def read_text(text: str, name: str = "văn bản dán vào") -> Source:
    if len(text) > MAX_TEXT_CHARS:
        raise NotADocument(
            f"Văn bản quá dài ({len(text):,} ký tự); giới hạn là {MAX_TEXT_CHARS:,} ký tự.".replace(",", ".")
        )
    source = Source(name=name)
    table: Table | None = None
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if _PIPE_RULE.match(raw) and table is not None:
            continue
        cells = _cells_of(raw)
        if cells is not None:
            if table is None:
                table = Table(first_line=number)
                source.tables.append(table)
            table.rows.append(cells)
            table.row_lines.append(number)
        else:
            table = None
        source.lines.append(Line(number, clean(raw.replace("\t", " "))))
    return source


def _check_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        total = sum(info.file_size for info in archive.infolist())
    except Exception as exc:  # noqa: BLE001 - a corrupt zip raises BadZipFile, ValueError, struct.error, EOFError …
        raise NotADocument("Tệp không phải là văn bản Word (.docx) hợp lệ; có thể tệp bị hỏng hoặc đổi đuôi.") from exc
    if total > MAX_UNZIPPED or total > MAX_RATIO * max(len(data), 1) and total > 5 * 1024 * 1024:
        raise NotADocument("Tệp .docx giải nén ra quá lớn so với kích thước tệp; hệ thống từ chối đọc.")
    if "word/document.xml" not in archive.namelist():
        raise NotADocument("Tệp .zip không chứa văn bản Word (thiếu word/document.xml).")
    return archive


def read_docx(data: bytes, name: str) -> Source:
    """Paragraphs and tables in document order, with Word's automatic numbering written in front of a paragraph
    ("1. ", "a) ", "- " for a bullet). A table row has one cell per column of the table's grid: a merged cell's
    text appears once per row (in its first column; the columns it spans are ""), a cell merged down repeats its
    text in the next rows. A row's line is its non-empty cells joined by " | ".

    Anything that goes wrong while reading a file that passed the zip checks (a corrupt part, malformed XML, a
    table whose merges do not add up) is refused with NotADocument, never another exception.
    """
    _check_zip(data)
    try:
        return _read_docx(data, name)
    except NotADocument:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds on corrupt files
        raise NotADocument("Không đọc được tệp Word: tệp bị hỏng hoặc không đúng định dạng .docx.") from exc


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _roman(n: int) -> str:
    """1 → "I", 14 → "XIV" (below 1000; larger numbers are written in digits)."""
    hundreds = ("", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM")
    tens = ("", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC")
    ones = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
    return hundreds[n // 100 % 10] + tens[n // 10 % 10] + ones[n % 10]


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


class _Numbering:
    """Word's automatic numbering ("1.", "a)", "II.", bullets), rendered as the text a reader sees on the page:
    python-docx leaves it out of a paragraph's text, and plans number their areas and tasks with it."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (format, lvlText, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}  # styleId → numId, ilvl, basedOn
        try:
            self._read(document)
        except Exception:  # noqa: BLE001 - no numbering part, or odd XML: the text without its numbers
            self.levels, self.styles = {}, {}

    def _read(self, document) -> None:
        root = document.part.numbering_part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(_W + "abstractNum"):
            abstract[node.get(_W + "abstractNumId")] = self._levels_of(node)
        for node in root.iter(_W + "num"):
            ref = node.find(_W + "abstractNumId")
            if ref is None:
                continue
            levels = dict(abstract.get(ref.get(_W + "val"), {}))
            for override in node.iter(_W + "lvlOverride"):
                ilvl, start = int(override.get(_W + "ilvl", "0")), override.find(_W + "startOverride")
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start.get(_W + "val", "1")))
            self.levels[node.get(_W + "numId")] = levels
        try:
            for style in document.styles.element.iter(_W + "style"):
                num_id = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
                ilvl = style.find(f"{_W}pPr/{_W}numPr/{_W}ilvl")
                based = style.find(_W + "basedOn")
                self.styles[style.get(_W + "styleId")] = (
                    num_id.get(_W + "val") if num_id is not None else None,
                    ilvl.get(_W + "val") if ilvl is not None else None,
                    based.get(_W + "val") if based is not None else None,
                )
        except Exception:  # noqa: BLE001 - no styles: numbering written on the paragraphs only
            pass

    def _from_style(self, style_id: str | None) -> tuple[str | None, str | None]:
        """The numbering a paragraph style gives (numId, ilvl), following its basedOn chain."""
        num_id = ilvl = None
        for _ in range(10):
            if not style_id or style_id not in self.styles:
                break
            own_num, own_ilvl, style_id = self.styles[style_id]
            num_id, ilvl = num_id or own_num, ilvl or own_ilvl
            if num_id:
                break
        return num_id, ilvl

    @staticmethod
    def _levels_of(node) -> dict[int, tuple[str, str, int]]:
        levels = {}
        for lvl in node.iter(_W + "lvl"):
            fmt, text, start = lvl.find(_W + "numFmt"), lvl.find(_W + "lvlText"), lvl.find(_W + "start")
            levels[int(lvl.get(_W + "ilvl", "0"))] = (
                fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                text.get(_W + "val", "") if text is not None else "",
                int(start.get(_W + "val", "1")) if start is not None else 1,
            )
        return levels

    def prefix(self, p) -> str:
        """The number Word shows before paragraph `p` (a w:p element), or ""."""
        try:
            num_pr = p.find(f"{_W}pPr/{_W}numPr")
            num_node = num_pr.find(_W + "numId") if num_pr is not None else None
            ilvl_node = num_pr.find(_W + "ilvl") if num_pr is not None else None
            num_id = num_node.get(_W + "val") if num_node is not None else None
            ilvl_val = ilvl_node.get(_W + "val") if ilvl_node is not None else None
            if num_id is None:
                style = p.find(f"{_W}pPr/{_W}pStyle")
                style_num, style_ilvl = self._from_style(style.get(_W + "val") if style is not None else None)
                num_id, ilvl_val = style_num, ilvl_val or style_ilvl
            ilvl = int(ilvl_val or 0)
            if not num_id or num_id == "0" or num_id not in self.levels:
                return ""
            levels = self.levels[num_id]
            counters = self.counters.setdefault(num_id, {})
            counters[ilvl] = counters.get(ilvl, levels.get(ilvl, ("", "", 1))[2] - 1) + 1
            for deeper in [k for k in counters if k > ilvl]:
                del counters[deeper]
            fmt, text, _ = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
            if fmt == "bullet":
                return "- "
            if fmt == "none" or not text:
                return ""

            def render(m: re.Match) -> str:
                level = int(m.group(1)) - 1
                value = counters.get(level, levels.get(level, ("", "", 1))[2])
                kind = levels.get(level, ("decimal", "", 1))[0]
                if not 0 < value < 1000:  # a start of 0 or a million: digits, not letters or numerals
                    return str(value)
                if kind == "lowerLetter":
                    return _letters(value)
                if kind == "upperLetter":
                    return _letters(value).upper()
                if kind == "lowerRoman":
                    return _roman(value).lower()
                if kind == "upperRoman":
                    return _roman(value)
                if kind == "decimalZero":
                    return f"{value:02d}"
                return str(value)

            rendered = re.sub(r"%([1-9])", render, text).strip()
            return f"{rendered} " if rendered else ""
        except Exception:  # noqa: BLE001 - odd numbering XML: the text without its number
            return ""


def _paragraph_text(p, numbering: _Numbering) -> str:
    """A w:p element's text as python-docx reads it, with Word's automatic number in front."""
    from docx.text.paragraph import Paragraph

    text = Paragraph(p, None).text or ""
    prefix = numbering.prefix(p)
    return text if prefix == "- " and not text.strip() else prefix + text  # a numbered empty cell shows "1."


def _docx_rows(table, numbering: _Numbering) -> list[list[str]]:
    """The rows of a python-docx table, one cell per column of the table's grid: a cell merged across columns
    gives its text once, in its first column, and "" in the others; a cell merged down rows repeats its text in
    each row (python-docx returns the top cell)."""
    rendered: dict[object, str] = {}  # tc element → text (a cell merged down is numbered once)

    def cell_text(tc) -> str:
        if tc not in rendered:
            parts = [_paragraph_text(p, numbering) for p in tc.iterchildren(_W + "p")]
            rendered[tc] = clean("\n".join(parts).replace("\n", " \n ")).replace(" \n ", "\n")
        return rendered[tc]

    rows = []
    for row in table.rows:
        cells: list[str] = []
        try:
            tcs = [cell._tc for cell in row.cells]
            before, after = row.grid_cols_before or 0, row.grid_cols_after or 0
        except Exception:  # noqa: BLE001 - malformed merges: the cells as stored in the row
            tcs, before, after = list(row._tr.tc_lst), 0, 0
        cells.extend([""] * before)
        previous = None
        for tc in tcs:
            cells.append("" if tc is previous else cell_text(tc))
            previous = tc
        cells.extend([""] * after)
        rows.append(cells)
    return rows


def _blocks(parent):
    """The paragraphs and tables of the body in order, including those inside content controls (w:sdt)."""
    for block in parent.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1] if isinstance(block.tag, str) else ""
        if tag in ("p", "tbl"):
            yield tag, block
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from _blocks(block)


def _read_docx(data: bytes, name: str) -> Source:
    import docx
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable

    try:
        document: DocxDocument = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on corrupt files
        raise NotADocument("Không đọc được tệp Word: tệp bị hỏng hoặc không đúng định dạng .docx.") from exc
    numbering = _Numbering(document)
    source = Source(name=name)
    number = 0
    total = 0
    for tag, block in _blocks(document.element.body):
        if tag == "p":
            for part in _paragraph_text(block, numbering).split("\n"):
                number += 1
                source.lines.append(Line(number, clean(part)))
                total += len(part)
        elif tag == "tbl":
            table = Table(first_line=number + 1)
            for cells in _docx_rows(DocxTable(block, document), numbering):
                number += 1
                table.rows.append(cells)
                table.row_lines.append(number)
                line = " | ".join(c.replace("\n", " ") for c in cells if c)
                source.lines.append(Line(number, line))
                total += len(line)
            source.tables.append(table)
        if total > MAX_TEXT_CHARS:
            raise NotADocument(
                f"Văn bản quá dài (hơn {MAX_TEXT_CHARS:,} ký tự); hệ thống từ chối đọc.".replace(",", ".")
            )
    return source


def read_upload(data: bytes, filename: str) -> Source:
    """A .docx, .txt or .md file; anything else is refused."""
    if len(data) > MAX_BYTES:
        raise NotADocument(
            f"Tệp quá lớn ({len(data) // (1024 * 1024)} MB); giới hạn là {MAX_BYTES // (1024 * 1024)} MB."
        )
    lower = filename.lower()
    if lower.endswith(".docx"):
        return read_docx(data, filename)
    if lower.endswith((".txt", ".md")):
        if data[:4] in (b"PK\x03\x04",) or b"\x00" in data[:4096]:
            raise NotADocument("Tệp không phải văn bản thuần (.txt, .md).")
        for encoding in ("utf-8-sig", "utf-16"):
            try:
                return read_text(data.decode(encoding), filename)
            except UnicodeDecodeError:
                continue
        raise NotADocument("Tệp văn bản phải được lưu bằng mã UTF-8.")
    raise NotADocument("Chỉ nhận tệp .docx, .txt hoặc .md (hoặc dán nội dung văn bản).")

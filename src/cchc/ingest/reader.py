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
        return [clean(c) for c in stripped.strip("|").split("|")]
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
    """Paragraphs and tables in document order; a merged cell's text appears once per row.

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


def _docx_rows(table) -> list[list[str]]:
    """The rows of a python-docx table; a cell merged across columns is kept once per row (python-docx returns
    it once per column it spans), a cell merged down rows repeats its text in each row."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        try:
            row_cells = list(row.cells)
        except Exception:  # noqa: BLE001 - malformed merges: fall back to the cells as stored in the row
            row_cells = [_CellText(tc) for tc in row._tr.tc_lst]
        for cell in row_cells:
            key = id(cell._tc)
            if key in seen:
                continue
            seen.add(key)
            cells.append(clean(cell.text.replace("\n", " \n ")).replace(" \n ", "\n"))
        rows.append(cells)
    return rows


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _CellText:
    """A table cell read straight from its XML (for rows python-docx cannot lay out)."""

    def __init__(self, tc) -> None:
        self._tc = tc

    @property
    def text(self) -> str:
        return "\n".join("".join(t.text or "" for t in p.iter(_W + "t")) for p in self._tc.iter(_W + "p"))


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
    from docx.text.paragraph import Paragraph

    try:
        document: DocxDocument = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on corrupt files
        raise NotADocument("Không đọc được tệp Word: tệp bị hỏng hoặc không đúng định dạng .docx.") from exc
    source = Source(name=name)
    number = 0
    total = 0
    for tag, block in _blocks(document.element.body):
        if tag == "p":
            for part in (Paragraph(block, document).text or "").split("\n"):
                number += 1
                source.lines.append(Line(number, clean(part)))
                total += len(part)
        elif tag == "tbl":
            table = Table(first_line=number + 1)
            for cells in _docx_rows(DocxTable(block, document)):
                number += 1
                table.rows.append(cells)
                table.row_lines.append(number)
                line = " | ".join(c.replace("\n", " ") for c in cells)
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

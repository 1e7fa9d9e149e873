"""Read a document into numbered lines and tables (pure; python-docx for .docx).

Refuses what is not a document (an image renamed .docx, a zip bomb, a file too large) with a Vietnamese
message, before anything else reads it. Markdown bold, <b> tags and heading marks are removed; tables come from
.docx tables, tab-separated lines and pipe tables.

SEC-5: an upload is bounded by what it expands to, never by what its headers claim. A .docx is inflated member
by member as a stream (zlib, from the compressed bytes; the sizes in the zip headers are not trusted) with a
running budget over all members, and word/document.xml is counted by a pull parser while it inflates. Python's
zipfile is not enough: ZipExtFile.read() inflates a whole member before it truncates it to the size the header
claims, so a 1 MB file whose header says 1,000 bytes can take gigabytes. The limits, each refused the moment it
is passed with a Vietnamese message naming it:

- MAX_BYTES: 10 MB uploaded;
- MAX_XML_BYTES: 20 MB of XML inflated, over all members; MAX_UNZIPPED: 30 MB inflated in all (with images);
- MAX_MEMBERS: 1,000 parts in the zip;
- MAX_PARAGRAPHS: 20,000 paragraphs outside tables (lines of a text outside tables);
- MAX_TABLE_ROWS: 5,000 table rows in the whole document (a plan of 2,000 tasks needs about 2,100);
- MAX_CELLS: 100,000 table cells; MAX_CELL_PARAGRAPHS: 100,000 paragraphs inside cells;
- MAX_ELEMENTS: 1,000,000 XML elements in word/document.xml (runs, properties …: what python-docx loads);
- MAX_TEXT_CHARS: 2,000,000 characters of text.

Within these limits python-docx reads the document (measured: a 12 MB flood of empty paragraphs took 165 s and
585 MB before; it is now refused in well under a second).
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

MB = 1024 * 1024
MAX_BYTES = 10 * MB  # a plan decision is a few hundred KB; 10 MB leaves room for embedded images
MAX_TEXT_CHARS = 2_000_000
MAX_XML_BYTES = 20 * MB  # a long plan decision is about 2 MB of XML
MAX_UNZIPPED = 30 * MB
MAX_MEMBERS = 1000
MAX_PARAGRAPHS = 20_000
MAX_TABLE_ROWS = 5_000
MAX_CELLS = 100_000
MAX_CELL_PARAGRAPHS = 100_000
MAX_ELEMENTS = 1_000_000  # XML elements of word/document.xml; a 2,000-task plan written in Word has ~150,000
_CHUNK = 64 * 1024  # compressed bytes fed to zlib at a time
_OUT = 1 * MB  # at most this many bytes inflated per zlib call


def format_count(value: int) -> str:
    """12345 → "12.345" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


_n = format_count


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


class _Counter:
    """The running counts of one document against the limits (SEC-5)."""

    def __init__(self) -> None:
        self.paragraphs = self.rows = self.cells = self.cell_paragraphs = 0

    def paragraph(self, in_table: bool) -> None:
        if in_table:
            self.cell_paragraphs += 1
            if self.cell_paragraphs > MAX_CELL_PARAGRAPHS:
                raise NotADocument(
                    f"Văn bản có hơn {_n(MAX_CELL_PARAGRAPHS)} đoạn trong các ô bảng (giới hạn là "
                    f"{_n(MAX_CELL_PARAGRAPHS)} đoạn); hệ thống từ chối đọc."
                )
            return
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise NotADocument(
                f"Văn bản có hơn {_n(MAX_PARAGRAPHS)} đoạn (giới hạn là {_n(MAX_PARAGRAPHS)} đoạn ngoài bảng); "
                "hệ thống từ chối đọc. Hãy bỏ các đoạn trống hoặc tách văn bản."
            )

    def row(self, cells: int = 0) -> None:
        self.rows += 1
        if self.rows > MAX_TABLE_ROWS:
            raise NotADocument(
                f"Văn bản có hơn {_n(MAX_TABLE_ROWS)} dòng bảng (giới hạn là {_n(MAX_TABLE_ROWS)} dòng bảng); "
                "hệ thống từ chối đọc. Hãy tách phụ lục thành nhiều văn bản."
            )
        self.cell(cells)

    def cell(self, count: int = 1) -> None:
        self.cells += count
        if self.cells > MAX_CELLS:
            raise NotADocument(
                f"Văn bản có hơn {_n(MAX_CELLS)} ô bảng (giới hạn là {_n(MAX_CELLS)} ô bảng); hệ thống từ chối đọc."
            )


def read_text(text: str, name: str = "văn bản dán vào") -> Source:
    if len(text) > MAX_TEXT_CHARS:
        raise NotADocument(
            f"Văn bản quá dài ({len(text):,} ký tự); giới hạn là {MAX_TEXT_CHARS:,} ký tự.".replace(",", ".")
        )
    source = Source(name=name)
    counter = _Counter()
    table: Table | None = None
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if _PIPE_RULE.match(raw) and table is not None:
            continue
        cells = _cells_of(raw)
        if cells is not None:
            counter.row(len(cells))
            if table is None:
                table = Table(first_line=number)
                source.tables.append(table)
            table.rows.append(cells)
            table.row_lines.append(number)
        else:
            counter.paragraph(in_table=False)
            table = None
        source.lines.append(Line(number, clean(raw.replace("\t", " "))))
    return source


def _too_large(limit: int, what: str) -> NotADocument:
    return NotADocument(
        f"Tệp .docx giải nén ra quá lớn: hơn {limit // MB} MB {what} (giới hạn là {limit // MB} MB); "
        "hệ thống dừng đọc và từ chối tệp."
    )


def _members(data: bytes) -> list[zipfile.ZipInfo]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as exc:  # noqa: BLE001 - a corrupt zip raises BadZipFile, ValueError, struct.error, EOFError …
        raise NotADocument("Tệp không phải là văn bản Word (.docx) hợp lệ; có thể tệp bị hỏng hoặc đổi đuôi.") from exc
    if len(members) > MAX_MEMBERS:
        raise NotADocument(f"Tệp .docx có hơn {_n(MAX_MEMBERS)} thành phần; hệ thống từ chối đọc.")
    if "word/document.xml" not in {m.filename for m in members}:
        raise NotADocument("Tệp .zip không chứa văn bản Word (thiếu word/document.xml).")
    return members


def _inflate(data: bytes, info: zipfile.ZipInfo):
    """The member's bytes as they inflate, chunk by chunk, read from its compressed bytes in the file: neither
    the uncompressed size nor the compressed size in the headers is trusted (the input ends with the file)."""
    broken = NotADocument("Không đọc được tệp Word: tệp bị hỏng hoặc không đúng định dạng .docx.")
    if info.flag_bits & 0x1:
        raise NotADocument("Tệp .docx được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
    offset = info.header_offset
    if data[offset : offset + 4] != b"PK\x03\x04" or len(data) < offset + 30:
        raise broken
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_length + extra_length
    end = min(len(data), start + info.compress_size) if info.compress_size else len(data)
    if info.compress_type == zipfile.ZIP_STORED:
        for position in range(start, end, _CHUNK):
            yield data[position : min(end, position + _CHUNK)]
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise NotADocument("Tệp .docx dùng kiểu nén không được hỗ trợ; hãy lưu lại bằng Word rồi tải lên.")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for position in range(start, end, _CHUNK):
            chunk = inflater.decompress(data[position : min(end, position + _CHUNK)], _OUT)
            if chunk:
                yield chunk
            while inflater.unconsumed_tail:
                chunk = inflater.decompress(inflater.unconsumed_tail, _OUT)
                if chunk:
                    yield chunk
            if inflater.eof:
                return
        tail = inflater.flush()
        if tail:
            yield tail
    except zlib.error as exc:
        raise broken from exc


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def inflate_all(data: bytes, counter: _Counter | None = None) -> dict[str, bytes]:
    """Every member of the zip inflated within the budgets (MAX_XML_BYTES of XML, MAX_UNZIPPED in all); the body
    (word/document.xml) is counted against the paragraph, row and cell limits while it inflates."""
    counter = counter or _Counter()
    members: dict[str, bytes] = {}
    xml_total = total = 0
    for info in _members(data):
        if info.is_dir():
            continue
        body = _BodyCounter(counter) if info.filename == "word/document.xml" else None
        parts = []
        for chunk in _inflate(data, info):
            total += len(chunk)
            if _is_xml(info.filename):
                xml_total += len(chunk)
                if xml_total > MAX_XML_BYTES:
                    raise _too_large(MAX_XML_BYTES, "nội dung XML")
            if total > MAX_UNZIPPED:
                raise _too_large(MAX_UNZIPPED, "dữ liệu")
            if body is not None:
                body.feed(chunk)
            parts.append(chunk)
        if body is not None:
            body.feed(b"", final=True)
        members[info.filename] = b"".join(parts)
    return members


_W_NAMESPACE = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DECLARATION = re.compile(rb'xmlns(?::([A-Za-z_][\w.-]{0,40}))?\s*=\s*["\']' + re.escape(_W_NAMESPACE) + rb'["\']')
_CARRY = 128  # bytes kept from one chunk to the next, so that a tag cut in two is counted once


class _BodyCounter:
    """Counts the paragraphs (outside and inside tables), table rows, cells and elements of word/document.xml as
    it inflates, from its bytes: a regular expression over each chunk, no tree and no callback per element, so
    the count costs milliseconds and no memory whatever the size. The prefixes bound to Word's namespace are
    read from the declarations as they come (a document may name it otherwise than "w"); a tag inside a comment
    counts too, which can only refuse sooner."""

    def __init__(self, counter: _Counter) -> None:
        self.counter = counter
        self.depth = 0  # tables open
        self.elements = 0
        self.prefixes: set[bytes] = set()
        self.pattern: re.Pattern | None = None
        self.carry = b""

    def _learn(self, buffer: bytes) -> None:
        found = {(m.group(1) or b"") for m in _DECLARATION.finditer(buffer)}
        if found - self.prefixes:
            self.prefixes |= found
            names = b"|".join(re.escape(p + b":") if p else b"" for p in sorted(self.prefixes))
            self.pattern = re.compile(rb"<(/?)(?:" + names + rb")(p|tr|tc|tbl)(?=[\s/>])")

    def feed(self, chunk: bytes, final: bool = False) -> None:
        buffer = self.carry + chunk
        self.elements += chunk.count(b"<") - chunk.count(b"</")
        if self.elements > MAX_ELEMENTS:
            raise NotADocument(
                f"Văn bản Word có hơn {_n(MAX_ELEMENTS)} phần tử XML (giới hạn là {_n(MAX_ELEMENTS)}); "
                "hệ thống từ chối đọc."
            )
        self._learn(buffer)
        limit = len(buffer) if final else max(0, len(buffer) - _CARRY)
        if self.pattern is not None:
            for match in self.pattern.finditer(buffer, 0, len(buffer)):
                if match.start() >= limit:
                    break
                closing, tag = match.group(1), match.group(2)
                if tag == b"tbl":
                    self.depth = max(0, self.depth + (-1 if closing else 1))
                elif closing:
                    continue
                elif tag == b"p":
                    self.counter.paragraph(in_table=self.depth > 0)
                elif tag == b"tr":
                    self.counter.row()
                else:
                    self.counter.cell()
        self.carry = buffer[limit:]


def read_docx(data: bytes, name: str) -> Source:
    """Paragraphs and tables in document order, with Word's automatic numbering written in front of a paragraph
    ("1. ", "a) ", "- " for a bullet). A table row has one cell per column of the table's grid: a merged cell's
    text appears once per row (in its first column; the columns it spans are ""), a cell merged down repeats its
    text in the next rows. A row's line is its non-empty cells joined by " | ".

    Anything that goes wrong while reading a file that passed the zip checks (a corrupt part, malformed XML, a
    table whose merges do not add up) is refused with NotADocument, never another exception.
    """
    members = inflate_all(data)
    try:
        return _read_docx(_rezip(members), name)
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


def _rezip(members: dict[str, bytes]) -> bytes:
    """The inflated members stored again in a zip whose headers tell the truth, for python-docx to open: it never
    inflates anything the budget has not already counted."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


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

"""Official documents in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I), for any kind of document.

A4 portrait (a landscape section for wide tables), margins top and bottom 20 mm, left 30 mm, right 15 mm,
Times New Roman everywhere (also for East Asian text, so that Vietnamese never falls back to another font),
body 14; the national header as a borderless two-column table; the document type and subject centred in bold;
page numbers centred at the top from page 2.

    doc = new_official_document(title="Kế hoạch cải cách hành chính năm 2027")
    add_national_header(doc, "", "ỦY BAN NHÂN DÂN\\nTỈNH QUẢNG NAM", "", "Quảng Nam", None, year=2027)
    add_title(doc, "KẾ HOẠCH", "Cải cách hành chính năm 2027")
    add_text(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    add_landscape_section(doc)
    add_table(doc, ["TT", "Nhiệm vụ"], [Group("CẢI CÁCH THỂ CHẾ", "I"), ["1", "Rà soát văn bản"]], [15, 100])
    data = document_bytes(doc)
"""

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from cchc.core.dates import today
from cchc.exports import table_rows

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12
PAGE_SHORT, PAGE_LONG = 210, 297  # A4, mm
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}  # mm
FIRST_LINE_INDENT = Mm(10)
CELL_PADDING = 3.8  # mm: the default left and right cell margins of a table (0.08" each)
TABLE_STYLE, TABLE_STYLE_ID = "Table Text", "TableText"

# Characters that XML 1.0 does not allow; pasted text sometimes carries them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text) -> str:
    return _ILLEGAL.sub("", str(text or ""))


CORE_PROPERTY_MAX = 255
# The date of a document recorded from a copy that bears none: printed "ngày … tháng … năm …", never a made-up year.
BLANK_COPY = dt.date.min


def _property(text) -> str:
    value = " ".join(clean(text).split())
    return value if len(value) <= CORE_PROPERTY_MAX else value[: CORE_PROPERTY_MAX - 1].rstrip() + "…"


@dataclass(frozen=True)
class Group:
    """A group row of a table (an area of an appendix): bold, upper case, merged across the row after `number`."""

    label: str
    number: str = ""


# --- the document and its pages ----------------------------------------------------------------------------------


def new_official_document(*, title: str = "", author: str = "", font_size: int = BODY_SIZE) -> DocxDocument:
    """An empty document: A4 portrait, official margins, Times New Roman, page numbers from page 2."""
    doc = Document()
    _set_fonts(doc, font_size)
    _add_table_text_style(doc)
    section = doc.sections[0]
    set_page(section)
    add_page_number(section)
    props = doc.core_properties
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    # Word's core properties hold at most 255 characters (python-docx refuses more): a long title is cut there;
    # the document's own text keeps it whole.
    props.title = _property(title)
    props.author = props.last_modified_by = _property(author)
    props.comments, props.language, props.created, props.modified = "", "vi-VN", now, now
    return doc


def _fonts_element(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for name in list(fonts.attrib):
        if name.endswith("Theme") or name.endswith("theme"):
            del fonts.attrib[name]  # a theme font would win over the named font
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _set_fonts(doc, font_size: int) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts_element(defaults)
    lang = defaults.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(font_size)
    _fonts_element(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for name in ("Header", "Footer"):
        doc.styles[name].font.size = Pt(font_size)


def _add_table_text_style(doc) -> None:
    style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = TABLE_STYLE_ID
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(TABLE_SIZE)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(2), Pt(2)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


def set_page(section, *, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (PAGE_LONG, PAGE_SHORT) if landscape else (PAGE_SHORT, PAGE_LONG)
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    section.header_distance, section.footer_distance = Mm(10), Mm(10)


def text_width_mm(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def add_landscape_section(doc):
    """A new landscape section on a new page; its header (the page number) continues the previous one."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    set_page(section, landscape=True)
    section.different_first_page_header_footer = False
    return section


def add_page_number(section) -> None:
    """The page number centred at the top, not on the first page (a PAGE field, "different first page")."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty header on page 1
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(paragraph, "PAGE")


def _add_field(paragraph, instruction: str) -> None:
    def char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    for part in (char("begin"), code, char("separate")):
        paragraph.add_run()._r.append(part)
    paragraph.add_run("2")  # shown until the field is updated
    paragraph.add_run()._r.append(char("end"))


def document_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- paragraphs ------------------------------------------------------------------------------------------------


def add_text(
    container,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    size: int | None = None,
):
    """A paragraph of body text (justified, first line indented 10 mm) in a document or a table cell."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: int | None = None):
    run = paragraph.add_run(clean(text))
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    return run


def _tight(paragraph, *, before: float = 0, after: float = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)


# The children of w:pPr that come after w:pBdr, in schema order.
_AFTER_PBDR = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct"),
    *("w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind"),
    *("w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment"),
    *("w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)


def add_rule(container, length_mm: float, space_mm: float):
    """A short centred horizontal rule (a paragraph with a top border, indented to `length_mm`)."""
    paragraph = container.add_paragraph()
    indent = max((space_mm - length_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(indent)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(4)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)
    return paragraph


# --- header and title ----------------------------------------------------------------------------------------------

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
_HEADER_WIDTHS = (65, 100)  # mm, of the 165 mm between the margins


def format_date_words(date: dt.date | None, *, year: int | None = None) -> str:
    """ "ngày 05 tháng 3 năm 2020": days below 10 and months 1 and 2 take a leading zero; with no date, blanks to
    fill in by hand, in `year` (the current year by default)."""
    if date is None:
        return f"ngày     tháng     năm {year or today().year}"
    if date == BLANK_COPY:
        return "ngày … tháng … năm …"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def format_place_date(place: str, date: dt.date | None, *, year: int | None = None) -> str:
    """ "Quảng Nam, ngày 05 tháng 3 năm 2020"; with no date "Quảng Nam, ngày     tháng     năm 2027"."""
    return f"{place}, {format_date_words(date, year=year)}"


def add_national_header(
    doc,
    governing: str,
    issuer: str,
    number: str,
    place: str,
    date: dt.date | None,
    *,
    symbol: str = "KH-UBND",
    year: int | None = None,
) -> Table:
    """The header block: governing and issuing body on the left, the national name and motto on the right, then
    the number ("Số:      /KH-UBND" when not yet numbered) and the place and date. `governing` may be empty (a
    UBND issues in its own name); `issuer` may span lines ("ỦY BAN NHÂN DÂN\\nTỈNH QUẢNG NAM")."""
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    _fix_widths(table, _HEADER_WIDTHS)
    left, right = table.cell(0, 0), table.cell(0, 1)
    _header_lines(left, governing, upper=True, size=13)
    _header_lines(left, issuer, upper=True, bold=True, size=13)
    add_rule(left, 22, _HEADER_WIDTHS[0] - CELL_PADDING)
    _header_lines(right, NATION, upper=True, bold=True, size=13)
    _header_lines(right, MOTTO, bold=True, size=14)
    add_rule(right, 62, _HEADER_WIDTHS[1] - CELL_PADDING)
    for cell in (left, right):
        _drop_first_paragraph(cell)
    number_text = f"Số: {number}" if number.strip() else f"Số:      /{symbol}"
    _header_lines(table.cell(1, 0), number_text, bold=False, size=13, before=6)
    _header_lines(table.cell(1, 1), format_place_date(place, date, year=year), italic=True, size=14, before=6)
    for cell in (table.cell(1, 0), table.cell(1, 1)):
        _drop_first_paragraph(cell)
    return table


def _header_lines(
    cell, text: str, *, upper: bool = False, bold: bool = False, italic: bool = False, size: int, before: float = 0
):
    text = clean(text)
    for line in (text.upper() if upper else text).splitlines():
        paragraph = cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _tight(paragraph, before=before)
        _run(paragraph, line, bold=bold, italic=italic, size=size)


def _drop_first_paragraph(cell) -> None:
    """A new cell holds one empty paragraph; the content was added after it."""
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)


def add_title(doc, kind: str, subject: str) -> None:
    """The document type in upper case bold ("KẾ HOẠCH"), the subject in bold below it, a short rule under."""
    heading = add_text(doc, kind.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _tight(heading, before=18)
    for line in clean(subject).splitlines() or [""]:
        _tight(add_text(doc, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False))
    add_rule(doc, 40, text_width_mm(doc.sections[-1]))
    _tight(doc.add_paragraph(), after=0)


# --- tables ----------------------------------------------------------------------------------------------------


def add_table(
    doc,
    headers: Sequence[str],
    rows: Iterable,
    widths: Sequence[float],
    *,
    center_columns: Sequence[int] = (0,),
) -> Table:
    """A bordered table with fixed column widths (mm) and a header row repeated on every page. A row is a list of
    cells, each a string or a list of lines; a `Group` is a bold group row merged across after its number."""
    table = doc.add_table(rows=1, cols=len(headers))
    _borders(table)
    _fix_widths(table, widths)
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        _fill(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    # The body in one go (table_rows.py): python-docx takes about a millisecond a cell.
    table_rows.append_rows(table, rows, center_columns=center_columns, style=TABLE_STYLE_ID, group=Group, clean=clean)
    _tight(doc.add_paragraph())  # a document never ends on a table, and what follows keeps clear of it
    return table


def _fill(cell, value, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    lines = [value] if isinstance(value, str) else [str(line) for line in value or ()]
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines or [""]):
        if index:
            paragraph = cell.add_paragraph()
        paragraph._p.get_or_add_pPr().style = TABLE_STYLE_ID  # by id: a lookup by name scans every style
        paragraph.alignment = align
        _run(paragraph, line, bold=bold)


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


# The children of w:tblPr that come after w:tblW, in schema order.
_AFTER_TBLW = (
    *("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"),
    *("w:tblCaption", "w:tblDescription", "w:tblPrChange"),
)


def _fix_widths(table, widths: Sequence[float]) -> None:
    """Fixed layout: the grid (read by LibreOffice) and every cell (read by Word) get the widths."""
    table.autofit = False  # w:tblLayout fixed
    tbl_pr = table._tbl.tblPr
    existing = tbl_pr.find(qn("w:tblW"))
    if existing is not None:
        tbl_pr.remove(existing)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(Mm(sum(widths)).twips))
    total.set(qn("w:type"), "dxa")
    tbl_pr.insert_element_before(total, *_AFTER_TBLW)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def _set_borders(table, value: str) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, *_AFTER_TBLW[4:])


def _borders(table) -> None:
    _set_borders(table, "single")


def _no_borders(table) -> None:
    _set_borders(table, "nil")


# --- recipients and signature ------------------------------------------------------------------------------------

_RECIPIENTS_WIDTHS = (80, 85)  # mm, of the 165 mm between the margins


def add_recipients_and_signature(doc, recipients: Sequence[str], authority: Sequence[str], signer_name: str) -> Table:
    """NĐ 30/2020 (Phụ lục I, mục 8–9): "Nơi nhận:" and its list (size 11, each line "- …;", the last "- Lưu: …")
    on the left; on the right the signer's authority and title in bold upper case ("TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), room for the signature, then the name in bold."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fix_widths(table, _RECIPIENTS_WIDTHS)
    left, right = table.cell(0, 0), table.cell(0, 1)
    heading = left.add_paragraph()
    _tight(heading, before=6)
    _run(heading, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in recipients:
        paragraph = left.add_paragraph()
        _tight(paragraph)
        _run(paragraph, line, size=11)
    for index, line in enumerate(authority):
        paragraph = right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _tight(paragraph, before=6 if index == 0 else 0)
        _run(paragraph, line.upper(), bold=True, size=14)
    for _ in range(4):  # the signature and the seal
        _tight(right.add_paragraph())
    name = right.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _tight(name)
    _run(name, signer_name, bold=True, size=14)
    for cell in (left, right):
        _drop_first_paragraph(cell)
    return table

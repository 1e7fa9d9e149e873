"""The body rows of an official table (official.add_table) written as WordprocessingML in one go.

python-docx builds a cell in about a millisecond (each element found, checked and inserted in schema order), so the
appendix of a 2,000-task plan took seconds. Here every row is written as text and the whole body parsed once; the
XML is the one python-docx wrote, element for element (tests/exports/test_table_rows.py compares the two):

    <w:tr>
      <w:tc><w:tcPr><w:tcW w:type="dxa" w:w="680"/></w:tcPr>
        <w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr/><w:t>1</w:t></w:r></w:p>
      </w:tc>
      …
    </w:tr>

A cell is a string or a list of lines, each line a paragraph; a tab becomes <w:tab/>, a line break <w:br/>, as
python-docx's `run.text` does. A `Group` row is bold: its number in the first column, its label in upper case in a
cell spanning the rest (or the whole row when it has no number).
"""

import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml

_BREAKS = re.compile(r"([\t\r\n])")
_SPECIAL = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}


def _run_content(text: str) -> str:
    out = []
    for part in _BREAKS.split(text):
        if part in _SPECIAL:
            out.append(_SPECIAL[part])
        elif part:
            space = ' xml:space="preserve"' if len(part.strip()) < len(part) else ""
            out.append(f"<w:t{space}>{escape(part)}</w:t>")
    return "".join(out)


def _paragraphs(value, *, style: str, align: str, bold: bool, clean) -> str:
    lines = [value] if isinstance(value, str) else [str(line) for line in value or ()]
    run_properties = "<w:rPr><w:b/></w:rPr>" if bold else "<w:rPr/>"
    head = f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{align}"/></w:pPr><w:r>{run_properties}'
    return "".join(f"{head}{_run_content(clean(line))}</w:r></w:p>" for line in lines or [""])


def _cell(width: int, content: str, span: int = 1) -> str:
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{grid_span}</w:tcPr>{content}</w:tc>'


def rows_xml(rows: Iterable, widths: Sequence[int], *, center_columns: Sequence[int], style: str, group, clean) -> str:
    """The rows as the children of a <w:tbl>, `widths` the grid's columns in twips."""
    out = []
    centered = [("center" if index in center_columns else "left") for index in range(len(widths))]
    for row in rows:
        if isinstance(row, group):
            label = row.label.upper()
            if row.number:
                number = _paragraphs(row.number, style=style, align="center", bold=True, clean=clean)
                rest = _paragraphs(label, style=style, align="left", bold=True, clean=clean)
                cells = _cell(widths[0], number) + _cell(sum(widths[1:]), rest, len(widths) - 1)
            else:
                text = _paragraphs(label, style=style, align="left", bold=True, clean=clean)
                cells = _cell(sum(widths), text, len(widths))
        else:
            values = list(row)
            if len(values) != len(widths):
                raise ValueError(f"a row of {len(values)} cells in a table of {len(widths)} columns")
            cells = "".join(
                _cell(width, _paragraphs(value, style=style, align=align, bold=False, clean=clean))
                for value, width, align in zip(values, widths, centered, strict=True)
            )
        out.append(f"<w:tr>{cells}</w:tr>")
    return "".join(out)


def append_rows(table, rows: Iterable, *, center_columns: Sequence[int], style: str, group, clean) -> None:
    """Append the rows to a python-docx table whose grid is set, in one parse."""
    tbl = table._tbl
    widths = [int(column.get(qn("w:w"))) for column in tbl.tblGrid.gridCol_lst]
    body = rows_xml(rows, widths, center_columns=center_columns, style=style, group=group, clean=clean)
    if body:
        tbl.extend(list(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")))

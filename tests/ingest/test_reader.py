"""U-6: what is not a document is refused with a clear message, before anything reads it."""

import contextlib
import io
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.ingest.reader import NotADocument, read_text, read_upload


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=2, cols=3)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text, table.rows[0].cells[2].text = "TT", "Nhiệm vụ", "Chủ trì"
    merged = table.rows[1].cells[0].merge(table.rows[1].cells[2])
    merged.text = "I. CÔNG TÁC CHỈ ĐẠO"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_U_6_a_docx_gives_its_paragraphs_and_tables_a_merged_cell_once():
    source = read_upload(_docx_bytes(), "ke-hoach.docx")
    assert source.lines[0].text == "KẾ HOẠCH"
    # A cell merged across the row keeps the columns aligned: its text once, then empty cells.
    assert source.tables[0].rows == [["TT", "Nhiệm vụ", "Chủ trì"], ["I. CÔNG TÁC CHỈ ĐẠO", "", ""]]


def test_U_6_an_image_renamed_docx_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    with pytest.raises(NotADocument, match="không phải là văn bản Word"):
        read_upload(png, "anh.docx")


def test_U_6_a_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (80 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(NotADocument, match="giải nén ra quá lớn"):
        read_upload(out.getvalue(), "bom.docx")


def test_U_6_fifty_megabytes_of_text_is_refused():
    with pytest.raises(NotADocument, match="Tệp quá lớn"):
        read_upload(b"a" * (50 * 1024 * 1024), "lon.txt")


def test_U_6_other_file_types_are_refused():
    with pytest.raises(NotADocument, match="Chỉ nhận tệp .docx, .txt hoặc .md"):
        read_upload(b"%PDF-1.4", "ke-hoach.pdf")
    with pytest.raises(NotADocument, match="không phải văn bản thuần"):
        read_upload(_docx_bytes(), "doi-duoi.txt")


def test_U_6_markup_is_removed_and_tables_found_in_text():
    source = read_text(
        "**Điều 1.** <b>Ban hành</b>\nTT\tNhiệm vụ\tChủ trì\n1\tRà soát\tSở Tư pháp\n| a | b | c |\n|---|---|---|"
    )
    assert source.lines[0].text == "Điều 1. Ban hành"
    assert source.tables[0].rows == [["TT", "Nhiệm vụ", "Chủ trì"], ["1", "Rà soát", "Sở Tư pháp"], ["a", "b", "c"]]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_U_6_corrupted_docx_bytes_raise_only_not_a_document(data):
    valid = _docx_bytes()
    for candidate in (data, valid[: len(data) % len(valid)], valid[:200] + data):
        with contextlib.suppress(NotADocument):
            read_upload(candidate, "x.docx")

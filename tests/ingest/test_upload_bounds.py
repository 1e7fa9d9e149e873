"""SEC-5, U-6: an upload is bounded by what it expands to, not by what its headers claim. A zip bomb whose
headers understate its size, a flood of empty paragraphs and a 40,000-row table are each refused (with the reason
in Vietnamese) or handled within 5 s of processor time and 300 MB. Processor time, not the wall clock: a machine
busy with other work must not fail the bound, and a bomb would spend it all the same. The files are built here, in
tmp_path, never kept in the repository; each is read in a fresh Python process so that the peak memory (ru_maxrss,
which counts lxml's C allocations too) and the time are measured for the upload alone."""

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from cchc.ingest import reader
from cchc.ingest.reader import NotADocument, read_text, read_upload
from tests.ingest.texts import plan_text

MB = 1024 * 1024
SECONDS, MEGABYTES = 5.0, 300

_MEASURE = r"""
import json, os, resource, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://")
import django
django.setup()
from cchc.ingest import reader, services
path = sys.argv[1]
data = open(path, "rb").read()
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = cpu()
outcome = {"refused": ""}
try:
    source = reader.read_upload(data, os.path.basename(path))
    extracted = services.extract(source)
    outcome["tasks"] = len(extracted.tasks)
    outcome["lines"] = len(source.lines)
except reader.NotADocument as exc:
    outcome["refused"] = str(exc)
outcome["seconds"] = cpu() - start
outcome["megabytes"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps(outcome, ensure_ascii=False))
"""


def measure(path: Path) -> dict:
    """Read the upload in a fresh process: what it said, how long it took, how much memory its peak grew by."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _template_parts() -> dict[str, bytes]:
    out = io.BytesIO()
    docx.Document().save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _docx_with_body(path: Path, body_chunks, *, lie_about_size: bool = False, padding: int = MB) -> Path:
    """A .docx whose word/document.xml body is the given chunks (written as a stream, never held whole), padded
    with an incompressible image of `padding` bytes so that a check of the compression ratio does not catch it;
    with lie_about_size the zip's headers claim the document is 1,000 bytes."""
    parts = _template_parts()
    template = parts["word/document.xml"].decode()
    head, tail = template.split("<w:body>")[0] + "<w:body>", "</w:body>" + template.split("</w:body>")[1]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if name != "word/document.xml":
                archive.writestr(name, content)
        if padding:
            archive.writestr("word/media/image1.png", os.urandom(padding), compress_type=zipfile.ZIP_STORED)
        with archive.open("word/document.xml", "w", force_zip64=False) as stream:
            stream.write(head.encode())
            for chunk in body_chunks:
                stream.write(chunk)
            stream.write(tail.encode())
    if lie_about_size:
        _understate(path, "word/document.xml", 1000)
    return path


def _understate(path: Path, member: str, claimed: int) -> None:
    """Overwrite the uncompressed size of `member` in its local header and in the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, claimed)
    name = member.encode()
    central = 0
    while True:
        central = data.find(b"PK\x01\x02", central)
        assert central != -1
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == name:
            struct.pack_into("<I", data, central + 24, claimed)
            break
        central += 4
    path.write_bytes(bytes(data))


def _repeat(piece: bytes, total: int, chunk: int = MB):
    block = piece * max(1, chunk // len(piece))
    written = 0
    while written < total:
        yield block
        written += len(block)


def _assert_bounded(outcome: dict) -> None:
    assert outcome["seconds"] < SECONDS, outcome
    assert outcome["megabytes"] < MEGABYTES, outcome


def test_SEC_5_a_zip_bomb_whose_headers_understate_its_size_is_refused_within_bounds(tmp_path):
    """SEC-5, U-6: the headers say 1,000 bytes; the member inflates to 200 MB. Each member is inflated as a
    stream with a running byte budget, so the upload is refused the moment the budget is passed."""
    body = [b"<w:p><w:r><w:t>", *_repeat(b"0", 200 * MB), b"</w:t></w:r></w:p>"]
    bomb = _docx_with_body(tmp_path / "bom.docx", body, lie_about_size=True)
    assert bomb.stat().st_size < 2 * MB
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1000, "the headers lie"
    outcome = measure(bomb)
    assert "giải nén ra quá lớn" in outcome["refused"] and "20 MB" in outcome["refused"], outcome
    _assert_bounded(outcome)


def test_SEC_5_a_docx_with_honest_headers_beyond_the_budget_is_refused(tmp_path):
    """SEC-5: 50 MB of empty paragraphs in a small .docx (the headers tell the truth) is refused, by whichever
    limit it passes first (here the paragraph count, long before the byte budget)."""
    flood = _docx_with_body(tmp_path / "doan-trong.docx", _repeat(b"<w:p/>", 50 * MB))
    outcome = measure(flood)
    assert "giới hạn là" in outcome["refused"], outcome
    _assert_bounded(outcome)


def test_SEC_5_a_paragraph_flood_within_the_byte_budget_is_refused_by_the_paragraph_cap(tmp_path):
    """SEC-5: two million empty paragraphs (12 MB of XML, under the byte budget) are refused with the paragraph
    limit named, in Vietnamese, as soon as the count passes it."""
    flood = _docx_with_body(tmp_path / "hai-trieu-doan.docx", _repeat(b"<w:p/>", 12 * MB))
    outcome = measure(flood)
    limit = f"{reader.MAX_PARAGRAPHS:,}".replace(",", ".")
    assert "đoạn" in outcome["refused"] and limit in outcome["refused"], outcome
    _assert_bounded(outcome)


def test_SEC_5_a_table_of_too_many_rows_in_a_docx_is_refused_naming_the_limit(tmp_path):
    """SEC-5: a Word table of 6,000 rows passes the byte budget and is refused by the table-row limit."""
    row = b"<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
    table = [b"<w:tbl>", row * 6000, b"</w:tbl>"]
    outcome = measure(_docx_with_body(tmp_path / "bang.docx", table))
    limit = f"{reader.MAX_TABLE_ROWS:,}".replace(",", ".")
    assert "dòng bảng" in outcome["refused"] and limit in outcome["refused"], outcome
    _assert_bounded(outcome)


def test_SEC_5_a_text_of_40000_table_rows_is_refused_within_bounds(tmp_path):
    """SEC-5, U-6: a 2 MB text whose appendix has 40,000 rows is refused (the table-row limit, said in
    Vietnamese) before any parsing, instead of a review page of 460 MB."""
    path = tmp_path / "bon-muoi-nghin-dong.txt"
    rows = "".join(f"{n}.\tViệc {n}\tBC\tSở Nội vụ\tSở Tư pháp\tQuý I\n" for n in range(1, 40_001))
    text = plan_text(0) + rows
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= 2 * MB and len(text) < reader.MAX_TEXT_CHARS
    outcome = measure(path)
    limit = f"{reader.MAX_TABLE_ROWS:,}".replace(",", ".")
    assert "dòng bảng" in outcome["refused"] and limit in outcome["refused"], outcome
    _assert_bounded(outcome)


def test_SEC_5_a_2000_task_plan_is_read_within_bounds(tmp_path):
    """SEC-5, U-6: a real long plan (2,000 tasks) is under every limit and read within the same bounds."""
    path = tmp_path / "hai-nghin-nhiem-vu.txt"
    path.write_text(plan_text(2000), encoding="utf-8")
    outcome = measure(path)
    assert outcome["refused"] == "" and outcome["tasks"] == 2000, outcome
    _assert_bounded(outcome)


def _cell(text: str) -> bytes:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>".encode()


def test_SEC_5_a_2000_task_plan_written_in_word_is_read_within_bounds(tmp_path):
    """SEC-5, U-6: the same 2,000-task appendix as a Word table passes every limit and reads within bounds."""
    head = ["TT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    rows = [b"<w:tr>" + b"".join(_cell(c) for c in head) + b"</w:tr>"]
    rows.append(b"<w:tr>" + _cell("I") + _cell("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH") + _cell("") * 4 + b"</w:tr>")
    for n in range(1, 2001):
        cells = [f"{n}.", f"Nhiệm vụ thử số {n}", "Báo cáo", "Sở Nội vụ", "Các sở, ban, ngành", "Quý II"]
        rows.append(b"<w:tr>" + b"".join(_cell(c) for c in cells) + b"</w:tr>")
    title = ["<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>".encode()]
    body = [*title, "<w:p><w:r><w:t>Cải cách hành chính năm 2025</w:t></w:r></w:p>".encode(), b"<w:tbl>", *rows]
    outcome = measure(_docx_with_body(tmp_path / "hai-nghin.docx", [*body, b"</w:tbl>"], padding=0))
    assert outcome["refused"] == "" and outcome["tasks"] == 2000, outcome
    _assert_bounded(outcome)


def test_SEC_5_the_text_limits_name_themselves_in_vietnamese():
    """SEC-5: lines outside tables, table rows and cells of a text each have a limit, said in Vietnamese."""
    with pytest.raises(NotADocument, match="đoạn"):
        read_text("dòng\n" * (reader.MAX_PARAGRAPHS + 1))
    with pytest.raises(NotADocument, match="ô bảng"):
        read_text(("\t".join(["x"] * 30) + "\n") * 4000)
    assert len(read_text("dòng\n" * 1000).lines) == 1001


def test_SEC_5_a_docx_member_that_is_not_deflated_or_stored_is_refused():
    """SEC-5: a member compressed otherwise (bzip2, lzma) is refused rather than inflated blindly."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in _template_parts().items():
            archive.writestr(name, content, compress_type=zipfile.ZIP_BZIP2)
    with pytest.raises(NotADocument):
        read_upload(out.getvalue(), "nen-la.docx")


def test_SEC_5_a_run_flood_in_one_paragraph_is_refused_by_the_element_cap(tmp_path):
    """SEC-5: one paragraph of a million runs (under the byte budget, one paragraph) is refused by the limit on
    XML elements, before python-docx would load them all."""
    body = [b"<w:p>", *_repeat(b"<w:r><w:t>x</w:t></w:r>", 18 * MB), b"</w:p>"]
    outcome = measure(_docx_with_body(tmp_path / "mot-doan.docx", body))
    assert "phần tử XML" in outcome["refused"] and "1.000.000" in outcome["refused"], outcome
    _assert_bounded(outcome)


def test_SEC_5_a_paragraph_flood_under_another_prefix_is_counted(tmp_path):
    """SEC-5: Word's namespace bound to another prefix does not hide the paragraphs from the count."""
    body = [b'<x:sdt xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main">']
    body += [b"<x:p/>" * (reader.MAX_PARAGRAPHS + 10), b"</x:sdt>"]
    outcome = measure(_docx_with_body(tmp_path / "tien-to.docx", body, padding=0))
    assert "đoạn" in outcome["refused"], outcome


def test_SEC_5_an_ordinary_docx_still_reads():
    """SEC-5, U-6: the bounds leave ordinary Word files alone."""
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=2, cols=2)
    table.rows[1].cells[0].text = "1"
    out = io.BytesIO()
    document.save(out)
    source = read_upload(out.getvalue(), "ke-hoach.docx")
    assert source.lines[0].text == "KẾ HOẠCH" and source.tables[0].rows[1] == ["1", ""]


def test_SEC_5_the_stream_inflater_agrees_with_zipfile():
    """SEC-5: the budgeted inflater reads the same bytes zipfile does for an honest archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a/>")
        archive.writestr("a.xml", b"<a>" + b"x" * 300_000 + b"</a>")
        archive.writestr("b.bin", bytes(range(256)) * 10, compress_type=zipfile.ZIP_STORED)
    members = reader.inflate_all(out.getvalue())
    assert members["a.xml"] == b"<a>" + b"x" * 300_000 + b"</a>" and members["b.bin"] == bytes(range(256)) * 10
    assert zlib.crc32(members["a.xml"]) == zipfile.ZipFile(out).getinfo("a.xml").CRC


def test_SEC_5_the_upload_page_states_the_limits(client, db):
    """SEC-5: the upload page tells the limits before anyone uploads, and that the result is a draft."""
    from django.urls import reverse

    from tests.factories import world

    w = world()
    client.force_login(w.user("standing_focal"))
    page = client.get(reverse("ingest-upload", args=[w.province.slug])).content.decode()
    assert "5.000 dòng bảng" in page and "20 MB nội dung XML" in page and "dự thảo" in page


def test_SEC_5_an_upload_over_the_size_limit_is_refused_before_it_is_read(client, db):
    """SEC-5: an 11 MB file is refused by its size, in Vietnamese, and nothing is kept."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from cchc.ingest.models import IngestedDocument
    from tests.factories import world

    w = world()
    client.force_login(w.user("standing_focal"))
    upload = SimpleUploadedFile("lon.txt", b"a" * (11 * MB))
    response = client.post(reverse("ingest-upload", args=[w.province.slug]), {"file": upload})
    assert response.status_code == 200 and "Tệp quá lớn (11 MB); giới hạn là 10 MB." in response.content.decode()
    assert not IngestedDocument.objects.filter(province=w.province).exists()

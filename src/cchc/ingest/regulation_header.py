"""REG-1: a regulation's header: number, date, issuer and title, from the decision that issues it ("Số: 925
/QĐ-UBND", "Kiên Giang, ngày 17 tháng 4 năm 2018", "Điều 1. Ban hành kèm theo Quyết định này Quy chế …"), else
from the regulation's own "(Ban hành kèm theo Quyết định số … ngày … của …)". A blank number or day gives ""
/ None and a warning."""

from __future__ import annotations

import re

from cchc.ingest.regulation_agencies import _clean_name
from cchc.ingest.structure import Extracted
from cchc.ingest.textparse import ART_RE, CHAPTER_RE, NUMBER_RE, aligned, find_date

_ISSUER_RE = re.compile(r"^(chu tich\s+)?(?:uy ban nhan dan|ubnd)\s+(tinh|thanh pho)\b\s*(.*)$")
_PREAMBLE_END_RE = re.compile(r"^\W*(can cu|xet de nghi|theo de nghi|quyet dinh\s*:)")


def _annex(lines: list[tuple[int, str]]) -> tuple[int | None, str]:
    """The regulation's "(Ban hành kèm theo Quyết định số … ngày … của …)", from "số" on."""
    for i, (number, text) in enumerate(lines):
        folded = aligned(text)
        m = re.search(r"kem theo quyet dinh\s+(so\b)?", folded)
        if m:
            joined = " ".join(t.strip() for _, t in lines[i : i + 3])
            start = aligned(joined).index("kem theo quyet dinh")
            tail = joined[start + len("kem theo quyet dinh") :]
            return number, tail.split(")")[0]
    return None, ""


def _parse_number(preamble, annex_line, annex_tail, ex: Extracted) -> None:
    candidates: list[tuple[int | None, str]] = []
    for number, text in preamble:
        m = re.match(r"^\W*so(\s+hieu)?\s*:", aligned(text))
        if m:
            candidates.append((number, text[m.end() :]))
            break
    if annex_tail:
        candidates.append((annex_line, re.sub(r"^\s*số\s*", "", annex_tail, flags=re.IGNORECASE)[:60]))
    blank_line = None
    for line, text in candidates:
        m = NUMBER_RE.search(text)
        if m and m.group(1):
            ex.number = m.group(1) + "/" + re.sub(r"\s+", "", m.group(2))
            return
        blank_line = blank_line if blank_line is not None else line
    ex.warn(blank_line, "Số của quyết định để trống hoặc không đọc được (Số: …/QĐ-UBND); cần điền khi có số.")


def _parse_date(preamble, annex_line, annex_tail, ex: Extracted) -> str:
    """The decision date; returns the place of the date line ("Kiên Giang") for the issuer."""
    sources: list[tuple[int | None, str]] = []
    place = ""
    for number, text in preamble:
        folded = aligned(text)
        m = re.search(r",\s*ngay\b", folded) or re.match(r"^\W*ngay\b", folded)
        if m:
            words = text[: m.start()].split()
            named = []
            while words and words[-1][:1].isupper():  # the place: the capitalised words before ", ngày"
                named.insert(0, words.pop())
            place = place or " ".join(named)
            sources.append((number, folded[m.start() :]))
    if annex_tail:
        folded = aligned(annex_tail)
        if "ngay" in folded:
            sources.append((annex_line, folded[folded.index("ngay") :]))
    blank_line = None
    for line, folded in sources:
        found = find_date(folded)
        if found is None:
            continue
        if found[1] is not None:
            ex.date = found[1]
            return place
        blank_line = blank_line if blank_line is not None else line
    if blank_line is not None:
        ex.warn(blank_line, "Ngày ban hành để trống (ngày … tháng … năm …); cần điền khi quyết định được ký.")
    else:
        ex.warn(None, "Không tìm thấy ngày ban hành của quyết định.")
    return place


def _parse_issuer(preamble, annex_tail, place: str, ex: Extracted) -> None:
    texts = [t.strip() for _, t in preamble if t.strip()]
    for i, stripped in enumerate(texts):
        if re.match(r"^(chu tich\s+)?(uy ban nhan dan|ubnd)$", aligned(stripped)) and i + 1 < len(texts):
            stripped = stripped + " " + texts[i + 1]  # "ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NAM" on two lines
        m = _ISSUER_RE.match(aligned(stripped))
        if not m:
            continue
        named = re.split(r"\s*[|\t]|\s+(?=CỘNG HÒA|Cộng hòa|Số\s*:)", stripped[m.start(3) :])[0].strip()
        if not named:  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH": the place of the date line
            named = re.sub(r"^(tỉnh|thành phố)\s+", "", place, flags=re.IGNORECASE)
        named = named.title() if named.isupper() else named
        kind = "tỉnh" if m.group(2) == "tinh" else "thành phố"
        ex.issuer = _clean_name(f"{'Chủ tịch ' if m.group(1) else ''}Ủy ban nhân dân {kind} {named}")
        return
    m = re.search(r"\bcua\s+((?:chu tich\s+)?(?:uy ban nhan dan|ubnd)\b.*)$", aligned(annex_tail))
    if m:
        ex.issuer = _clean_name(annex_tail[m.start(1) :])
        return
    ex.warn(None, "Không tìm thấy cơ quan ban hành (Ủy ban nhân dân tỉnh …).")


def _parse_title(decision, heading, ex: Extracted) -> None:
    """The decision's "Điều 1. Ban hành kèm theo Quyết định này Quy chế …", else its "Ban hành Quy chế …" line,
    else the regulation's own heading."""
    joined: list[str] = []
    for number, text in decision:
        folded = aligned(text.strip())
        if joined:
            if not text.strip() or ART_RE.match(folded):
                break
            joined.append(text.strip())
        elif re.match(r"^dieu 1\s*[.:]\s*ban hanh kem theo", folded):
            joined.append(text.strip())
        del number
    candidates = [" ".join(joined)]
    for i, (_, text) in enumerate(decision):
        if re.match(r"^\W*(ve viec\s+)?ban hanh\s+quy che\b", aligned(text.strip())):
            more = [t.strip() for _, t in decision[i + 1 : i + 3] if t.strip() and not aligned(t.strip()).isupper()]
            candidates.append(" ".join([text.strip()] + more[:1]))
            break
    candidates.append(" ".join(t.strip() for _, t in heading))
    for text in candidates:
        m = re.search(r"\bquy che\b", aligned(text))
        if not m:
            continue
        title = re.split(r"\s*\./\.|\.\s*$|\.\s+(?=[A-ZĐ])|\s+(?=\()", text[m.start() :])[0]
        if aligned(title).strip(" .*") == "quy che":
            continue  # the bare heading says nothing of the subject
        if title.isupper():
            title = title.capitalize()
        ex.title = _clean_name(title[0].upper() + title[1:])
        return
    ex.warn(None, "Không tìm thấy tên Quy chế.")


def _parse_header(lines: list[tuple[int, str]], body_start: int | None, ex: Extracted) -> None:
    """Number, date, issuer and title; `body_start` is the line of the regulation's "QUY CHẾ" heading."""
    decision = [(n, t) for n, t in lines if body_start is None or n < body_start]
    preamble: list[tuple[int, str]] = []
    for number, text in decision[:40]:
        if _PREAMBLE_END_RE.match(aligned(text.strip())) or ART_RE.match(aligned(text.strip())):
            break
        preamble.append((number, text))
    heading: list[tuple[int, str]] = []
    if body_start is not None:
        for number, text in lines:
            if number <= body_start:
                continue
            folded = aligned(text.strip())
            if ART_RE.match(folded) or CHAPTER_RE.match(folded) or folded.startswith("("):
                break
            heading.append((number, text))
        heading = [(body_start, "Quy chế")] + heading
    annex_lines = [(n, t) for n, t in lines if body_start is not None and n > body_start][:12] or decision[:40]
    annex_line, annex_tail = _annex(annex_lines)
    _parse_number(preamble, annex_line, annex_tail, ex)
    place = _parse_date(preamble, annex_line, annex_tail, ex)
    _parse_issuer(preamble, annex_tail, place, ex)
    _parse_title(decision, heading, ex)

"""REG-1, REG-4, U-6: the kinds of clause the regulation parser reads apart from the role sentences.

- The index appraisal in its common form: an intro ("Các cơ quan sau thẩm định kết quả tự đánh giá, chấm điểm
  Chỉ số CCHC …:") then one lettered point per agency naming the areas it appraises → (agency, area) pairs; the
  points are never read as "lead" sentences.
- The yearly proposal deadline ("Trước ngày 30 tháng 11 hằng năm … gửi đề xuất", "chậm nhất ngày 15/11 hằng
  năm") → {day, month, article}; the meeting cadence ("định kỳ 6 tháng", "hằng quý", "mỗi quý một lần",
  "hằng năm") → {cadence, article}.
- The lines read into nothing: each is a warning, so that nothing vanishes without the person seeing it.
Pure; the words are in `regulation_vocabulary`.
"""

from __future__ import annotations

import re

from cchc.ingest.regulation_agencies import _masked, _names, _scan
from cchc.ingest.regulation_vocabulary import (
    APPRAISAL_INTRO_RE,
    AREA_NAME_PATTERNS,
    CADENCES,
    DEADLINE_RE,
    DEADLINE_SUBJECT_RE,
    MEETING_RE,
    YEARLY_RE,
)
from cchc.ingest.structure import Extracted
from cchc.ingest.textparse import Article, Para, Unit, aligned, find_day_month, norm

_AREA_RES = [(code, re.compile(pattern)) for code, pattern in AREA_NAME_PATTERNS]
_CADENCE_RES = [(code, re.compile(pattern)) for code, pattern in CADENCES]


def ref(article: int, clause: str = "", point: str = "") -> str:
    return f"Đ{article}" + (f".{clause}" if clause else "") + point


def is_appraisal_intro(text: str) -> bool:
    """An intro that hands the index appraisal out to the points that follow."""
    return bool(APPRAISAL_INTRO_RE.search(norm(aligned(text))))


def areas_named(text: str) -> list[str]:
    """The reform areas a text names (agency names masked, so "Sở Tài chính" is not public finance)."""
    folded = aligned(text)
    normed = norm(_masked(folded, _scan(text, folded)))
    return [code for code, pattern in _AREA_RES if pattern.search(normed)]


def appraisal_rows(points: list[Unit]) -> list[tuple[str, str, int, str]]:
    """(agency, area, line, point label) for each point "a) Sở Tư pháp thẩm định lĩnh vực cải cách thể chế;" or
    "b) Lĩnh vực cải cách thủ tục hành chính: Văn phòng Ủy ban nhân dân tỉnh"."""
    rows = []
    for point in points:
        text = " ".join(p.text for p in point.paras)
        agencies = [name for name, _ in _names(_scan(text))]
        for area in areas_named(text):
            rows.extend((name, area, point.line, point.label) for name in agencies)
    return rows


def _units(article: Article):
    """(ref, paragraph) of every paragraph of an article, in order."""
    for para in article.body:
        yield ref(article.number), para
    for clause in article.clauses:
        for para in clause.paras:
            yield ref(article.number, clause.label), para
        for point in clause.points:
            for para in point.paras:
                yield ref(article.number, clause.label, point.label), para


def read_times(articles: list[Article], ex: Extracted) -> set[int]:
    """The proposal deadline and the meeting cadence into `ex`; returns the lines they were read from."""
    lines: set[int] = set()
    for article in articles:
        for where, para in _units(article):
            folded = aligned(para.text)
            normed = norm(folded)
            if ex.proposal_deadline is None and DEADLINE_RE.search(folded) and YEARLY_RE.search(normed):
                found = find_day_month(folded)
                if found and DEADLINE_SUBJECT_RE.search(normed):
                    ex.proposal_deadline = {"day": found[0], "month": found[1], "article": where}
                    ex.proposal_deadline |= {"line": para.line, "source": para.text[:300]}
                    lines.add(para.line)
            if ex.meetings is None and MEETING_RE.search(normed):
                cadence = next((code for code, pattern in _CADENCE_RES if pattern.search(normed)), None)
                if cadence:
                    ex.meetings = {"cadence": cadence, "article": where, "line": para.line, "source": para.text[:300]}
                    lines.add(para.line)
    return lines


def _start(text: str) -> str:
    return text if len(text) <= 90 else text[:90].rsplit(" ", 1)[0] + " …"


_BOILERPLATE_RE = re.compile(r"^\W*(can cu|noi nhan|nhu dieu|luu\s*:|tm\.|kt\.|chu tich|pho chu tich)")


def warn_unplaced(articles: list[Article], read: set[int], skipped: set[int], ex: Extracted, outside=()) -> None:
    """U-6: every paragraph of an article that assigns work, read into nothing and not already warned about, and
    every line outside the articles (between chapters), becomes a warning naming its line and its start."""
    warned = {w.line for w in ex.warnings}
    for line, text in outside:
        if not _BOILERPLATE_RE.match(aligned(text)):
            ex.warn(line, f"Dòng {line} nằm ngoài các điều của Quy chế, không được đọc: «{_start(text)}».")
    for article in articles:
        if article.number in skipped:
            continue
        for where, para in _units(article):
            if para.line in read or para.line in warned or _BOILERPLATE_RE.match(aligned(para.text)):
                continue
            message = f"{where} (dòng {para.line}): không đọc được thành trách nhiệm nào: «{_start(para.text)}»."
            ex.warn(para.line, message)
            warned.add(para.line)


__all__ = ["Para", "appraisal_rows", "is_appraisal_intro", "read_times", "warn_unplaced"]

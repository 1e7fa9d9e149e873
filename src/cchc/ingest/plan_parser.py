"""U-6, PLAN-1 to PLAN-3: a plan decision's text (a `Source` of the reader) becomes an `Extracted` (kind "plan").

Pure: no Django, no database; it never raises (every doubt becomes a warning in Vietnamese with its line).

What it reads:
- the header: number ("Số: 1605/QĐ-UBND"; blank → "" and a warning), date ("Hưng Yên, ngày 04 tháng 8 năm
  2016"; a blank day or month → None and a warning), issuer ("ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" → "Ủy ban nhân dân
  tỉnh Hưng Yên"; a province missing from it is taken from the place of the date line), title (the subject of
  the "KẾ HOẠCH" heading, else of the decision's "Về việc ban hành Kế hoạch …"), years (from the title). The
  national header block may be a small table (Word): its cells are read as paragraphs, a heading in capitals
  apart from the number and the date. An issuer on two lines ("ỦY BAN NHÂN DÂN" / "TỈNH NGỌC CHÂU") is one.
- the body, by its sections ("I.", "II." or "A.", "B."), classified by their words: objectives and requirements
  ("Mục tiêu", "Mục đích", "Yêu cầu"), the areas and their tasks ("Nhiệm vụ", "Chỉ tiêu", "Giải pháp", or a
  section that is itself an area), the organisation ("Tổ chức thực hiện": each agency's paragraphs say which
  area it leads). Lines broken in the middle of a sentence are joined back first.
- the areas: headings that read as an area's name, matched by folded keywords; the marker style of the
  recognised headings ("1.", "a)", "II.", capitals, none) decides which other headings are areas (an
  unrecognised one is kept with code "" and a warning). A plan with no areas takes the area its title names.
- the targets: every percentage of a "Chỉ tiêu" list, one target per number, with its comparison and the area
  it stands under ("II. CHỈ TIÊU" as a section of its own, "Chỉ tiêu:" alone on its line then "+"/"-" bullets,
  or a "Chỉ tiêu" sub-heading under an area); a document without any "Chỉ tiêu" list takes its targets from the
  percentages of its objectives and tasks.
- the tasks: from the task tables when there are any (columns found by their header words, in any order; area
  rows "I", "A" or a merged row; repeated headers skipped; a row with no number and no other lead continues the
  task above; "nt" is the cell above), else from the items under each area (the document's own numbering;
  labelled lines after an item — "Cơ quan chủ trì: …; cơ quan phối hợp: … Thời gian: …", "Đơn vị chủ trì",
  "Chủ trì:", "Phối hợp:", "Thời gian hoàn thành:", "Sản phẩm:", in any order, on one line or several, in
  brackets — give its lead, coordinators, time and products; else leads from the organisation section, "" and a
  warning when it does not say).
- nothing vanishes: a line after a task's labelled lines, a line after a task table in its section, a line of a
  section the parser does not read ("Kinh phí") or before the first area is a warning with its line number;
  boilerplate ("Căn cứ …", a line introducing a list, "Nơi nhận", signatures) is not.

Where: plan_header (header), plan_body (sections, areas, body tasks, targets, leads), plan_tables (task tables),
plan_cells (agencies, products, percentages, labels of a line), plan_times (times → milestones); the paragraphs,
markers and header dates are textparse's (shared with the regulation parser); the words are plan_vocabulary's.

Decisions:
- A percentage with no comparison word is "=" when it is 100, else ">=" with a warning (a plan's "90% văn bản"
  means at least 90%). A comparison word carries over to the next numbers of its clause ("tối thiểu 80% cấp
  tỉnh, 60% cấp huyện và 30% cấp xã" → three ">=").
- A milestone's label is the phase label as written, or the phrase itself when the phase has none ("Quý I"),
  so that the JSON says what each due date is. Phases joined by "và" ("Quý II và Quý IV", "Tháng 9 và tháng
  12", "30/6 và 31/12") are one milestone each; a phase that cannot be read is a warning with the task's line.
- Body items are not tasks when a task table exists (the appendix is the plan's own list of tasks).
- Agency names stay as written; only "nt"/"như trên" is replaced by the cell above, and coordinator cells are
  split into names ("UBND cấp huyện, cấp xã" → "UBND cấp huyện", "UBND cấp xã").
- Responsibilities stay empty for a plan: section III only decides the leads of the body's tasks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cchc.core.text import fold
from cchc.ingest.plan_body import BodyMixin, _Agency, _BodyTask
from cchc.ingest.plan_cells import area_heading, area_of, is_same_as_above, read_percentages, split_agencies
from cchc.ingest.plan_header import HeaderMixin
from cchc.ingest.plan_tables import header_columns
from cchc.ingest.plan_vocabulary import APPENDIX_ENDS, SIGNATURE_TITLES
from cchc.ingest.reader import Source
from cchc.ingest.structure import Extracted
from cchc.ingest.textparse import PlanPara as _Para
from cchc.ingest.textparse import is_caps as _is_caps
from cchc.ingest.textparse import paragraphs
from cchc.ingest.textparse import words as _words

__all__ = ["area_heading", "area_of", "header_columns", "is_same_as_above", "parse_plan", "read_percentages"]
__all__ += ["split_agencies"]


@dataclass
class _Parser(HeaderMixin, BodyMixin):
    source: Source
    result: Extracted
    paras: list[_Para] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0
    heading: int | None = None
    title_para: _Para | None = None
    title_extra: list[_Para] = field(default_factory=list)
    place: str = ""
    subject: str = ""
    agencies: list[_Agency] = field(default_factory=list)
    body_tasks: list[_BodyTask] = field(default_factory=list)
    target_lists: list[tuple[str, _Para]] = field(default_factory=list)  # (area, item) under "Chỉ tiêu"
    target_fallback: list[tuple[str, _Para]] = field(default_factory=list)  # (area, item) elsewhere

    def warn(self, line: int | None, message: str) -> None:
        self.result.warn(line, message)

    def run(self) -> None:
        stages: list[tuple[Callable[[], None], str]] = [
            (self._read_paragraphs, "đọc các đoạn văn"),
            (self._header, "đọc phần đầu văn bản"),
            (self._body, "đọc nội dung kế hoạch"),
            (self._targets, "đọc chỉ tiêu"),
            (self._tasks, "đọc nhiệm vụ"),
            (self._appendix_lines, "đọc phụ lục"),
        ]
        for stage, what in stages:
            try:
                stage()
            except Exception as exc:  # noqa: BLE001 - never raise: the person checking the draft is told
                self.warn(None, f"Lỗi khi {what} ({type(exc).__name__}); phần này có thể thiếu, hãy kiểm tra lại.")

    # -- paragraphs and regions ----------------------------------------------------------------------------------

    def _read_paragraphs(self) -> None:
        self.paras = paragraphs(self.source, header_columns)
        self.heading = self._find_heading()
        if self.heading is not None:
            self.body_start = self.heading + 1
        else:
            first = (i for i, p in enumerate(self.paras) if p.kind == "roman" and p.marker in ("I", "A"))
            self.body_start = next(first, 0)
        self.body_end = self._find_body_end()

    def _find_heading(self) -> int | None:
        """The plan's own heading "KẾ HOẠCH" (after the decision that issues it, if any)."""
        for i, para in enumerate(self.paras):
            folded = fold(para.text)
            if _is_caps(para.text) and re.match(r"^ke hoach\b", folded) and _words(para.text) <= 30:
                return i
        return None

    def _find_body_end(self) -> int:
        for i in range(self.body_start, len(self.paras)):
            para = self.paras[i]
            folded = fold(para.text)
            if folded.startswith("tren day la") or folded.startswith("noi nhan"):
                return i
            if _is_caps(para.text) and (folded.startswith(("phu luc", *APPENDIX_ENDS)) or folded in SIGNATURE_TITLES):
                return i
        return len(self.paras)

    def _appendix_lines(self) -> None:
        """U-6: nothing vanishes after the body either: in an appendix (from its "PHỤ LỤC" heading to a signature
        block, "Nơi nhận" or the end), each line outside the task tables that is not a heading in capitals or its
        "(Kèm theo …)" line is shown to the person reviewing."""
        inside = False
        for para in self.paras[self.body_end :]:
            folded = fold(para.text)
            caps = _is_caps(para.text)
            if caps and folded.startswith("phu luc"):
                inside = True
            elif folded.startswith(APPENDIX_ENDS) or (caps and folded in SIGNATURE_TITLES):
                inside = False
            elif inside and not caps and not folded.startswith("("):
                self.unplaced(para)


def parse_plan(source: Source) -> Extracted:
    """U-6: a plan decision (its lines and tables) → the plan's structure, with warnings. Never raises."""
    result = Extracted(kind="plan")
    try:
        _Parser(source, result).run()
    except Exception as exc:  # noqa: BLE001 - the contract: a result with a warning, never an exception
        result.warn(None, f"Lỗi khi đọc văn bản ({type(exc).__name__}); hãy kiểm tra lại toàn bộ kết quả.")
    return result

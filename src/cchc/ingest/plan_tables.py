"""PLAN-2, U-6: the plan's task tables (Word tables, pipe or tab tables): columns found by their header words in
any order, area rows, "nt" cells, rows continued across a page break; each task's time read into milestones."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cchc.core.text import fold
from cchc.ingest import plan_vocabulary as vocab
from cchc.ingest.plan_cells import area_heading, area_of, is_same_as_above, short, split_agencies, split_products
from cchc.ingest.reader import Table
from cchc.ingest.structure import Task
from cchc.ingest.textparse import classify as _classify
from cchc.ingest.textparse import is_caps as _is_caps
from cchc.ingest.textparse import nfc as _nfc
from cchc.ingest.textparse import squash as _squash
from cchc.ingest.textparse import words as _words

if TYPE_CHECKING:
    from cchc.ingest.plan_parser import _Parser

_short = short
_COLUMN_WORDS = vocab.COLUMN_WORDS


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """The column of each field in a header row, found by its words, or None when the row is not a header."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        folded = fold(cell).strip(" .:*")
        if not folded or len(folded) > 60:
            continue
        for key, pattern in _COLUMN_WORDS:
            if key not in columns and re.search(pattern, folded):
                columns[key] = index
                break
    if "title" in columns and len(columns.keys() & {"lead", "time", "products", "coordinators"}) >= 1:
        return columns
    return None


# The number of an area row in a task table: a roman numeral or a capital letter ("A", "B").
_AREA_NUMBER = re.compile(r"^(?:(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})|[A-ZĐ])$")
_SUBHEADER_WORDS = vocab.SUBHEADER_WORDS


def _subheader_columns(cells: list[str]) -> dict[str, int]:
    """The second row of a two-row header: the columns under a merged "Cơ quan" or "Thời gian"."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        folded = fold(cell).strip(" .:*")
        if not folded:
            continue
        if folded not in _SUBHEADER_WORDS and not re.fullmatch(r"(?:co quan |don vi )?(?:chu tri|phoi hop)", folded):
            return {}
        if "chu tri" in folded:
            found["lead"] = index
        elif "phoi hop" in folded:
            found["coordinators"] = index
        elif folded in ("hoan thanh", "ket thuc", "den"):
            found["time"] = index
    return found


@dataclass
class _TableReader:
    parser: _Parser
    columns: dict[str, int] | None = None
    width: int = 0
    area: str = ""
    area_seen: bool = False
    tasks: list[Task] = field(default_factory=list)
    raw: dict[int, dict[str, str]] = field(default_factory=dict)  # id(task) → cells as written (for "nt")
    years: tuple[int, int] | None = None

    def read(self) -> list[Task]:
        self.years = self.parser.plan_years()
        for table in self.parser.source.tables:
            try:
                self._table(table)
            except Exception as exc:  # noqa: BLE001 - one odd table must not lose the others
                self.parser.warn(table.first_line, f"Không đọc được bảng ({type(exc).__name__}); hãy kiểm tra.")
        for task in self.tasks:
            self._finish(task)
        return self.tasks

    def _table(self, table: Table) -> None:
        rows = [[_nfc(c or "") for c in row] for row in table.rows]
        if self.columns is not None and not any(header_columns(r) for r in rows[:3]):
            widest = max((len(r) for r in rows), default=0)
            if widest != self.width and (widest <= 3 or abs(widest - self.width) > 1):
                return  # another kind of table (a signature block) between or after the task tables
        after_header = False
        for index, cells in enumerate(rows):
            line = table.row_lines[index] if index < len(table.row_lines) else table.first_line + index
            found = header_columns(cells)
            if found:
                self.columns, self.width, after_header = found, len(cells), True
                continue
            if self.columns is None:
                continue
            if after_header and (sub := _subheader_columns(cells)):
                self.columns.update(sub)  # "Cơ quan" over "Chủ trì | Phối hợp", "Thời gian" over "… | Hoàn thành"
                continue
            after_header = False
            self._row(cells, line)

    def _cell(self, cells: list[str], key: str) -> str:
        index = self.columns.get(key) if self.columns else None
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def _row(self, cells: list[str], line: int) -> None:
        filled = [c.strip() for c in cells if c.strip()]
        if not filled:
            return
        if all(fold(c).strip(" .") in _SUBHEADER_WORDS for c in filled):
            return  # the second row of a two-row header ("Bắt đầu", "Hoàn thành")
        if area := self._area_row(cells, filled):
            code, name = area
            self.area, self.area_seen = code, True
            if not code:
                self.parser.warn(line, f"Không nhận ra lĩnh vực «{name}» trong bảng nhiệm vụ; hãy chọn lĩnh vực.")
            self.parser._add_area(code, name)
            return
        if len(cells) < self.width:
            self.parser.warn(line, "Dòng bảng có ô gộp (ít cột hơn tiêu đề); hãy kiểm tra các cột của nhiệm vụ này.")
        code = self._cell(cells, "tt")
        title = _squash(self._cell(cells, "title"))
        lead = self._cell(cells, "lead")
        previous = self.tasks[-1] if self.tasks else None
        code_clean = code.strip().rstrip(".)").strip()
        if previous is not None and not code_clean and (not lead or lead == self.raw[id(previous)]["lead"]):
            self._continue(previous, cells, title)  # a title split by a page break
            return
        if previous is not None and code_clean and code_clean == previous.code and title == previous.title:
            self._continue(previous, cells, "")  # a row merged down (docx): the same task
            return
        if not title:
            self.parser.warn(line, f"Dòng «{_short(' | '.join(filled))}» không có nội dung nhiệm vụ; đã bỏ qua.")
            return
        if previous is not None and code_clean and code_clean == previous.code:
            self.parser.warn(line, f"Số thứ tự «{code_clean}» trùng với dòng trên; hãy kiểm tra.")
        if not self.area_seen:
            self.area_seen = True
            self.area = area_of(self.parser.result.title) or ""  # a thematic plan: the area its title names
            if self.area:
                self.parser._add_area(self.area, self.parser.result.title)
            else:
                self.parser.warn(line, "Bảng nhiệm vụ không có dòng lĩnh vực (I, II …) trước nhiệm vụ đầu tiên.")
        task = Task(area=self.area, code=code_clean, title=title, line=line)
        raw = {key: self._cell(cells, key) for key in ("lead", "coordinators", "products", "time")}
        for key in raw:
            if is_same_as_above(raw[key]):
                if previous is None:
                    self.parser.warn(line, f"Ô «{raw[key]}» (như trên) ở dòng đầu tiên; không có dòng trên để chép.")
                    raw[key] = ""
                else:
                    raw[key] = self.raw[id(previous)][key]
        self.raw[id(task)] = raw
        self.tasks.append(task)

    def _area_row(self, cells: list[str], filled: list[str]) -> tuple[str, str] | None:
        code = self._cell(cells, "tt")
        if code and _AREA_NUMBER.match(code.strip(" .")) and len(filled) <= 3:
            name = next((c for c in filled if c != code), "")
            name = _squash(name)
            return (area_of(name) or "", name) if name else None
        if len(filled) == 1 or (len(filled) == 2 and _AREA_NUMBER.match(filled[0].strip(" ."))):
            text = _squash(filled[-1])
            kind, _marker, rest = _classify(text)
            if len(filled) == 2 or kind == "roman":
                name = rest if kind == "roman" else text
                return area_of(name) or "", name
            if not any(self._cell(cells, key) == filled[0] for key in ("tt", "title")):
                return None  # the only text is a lead, a time …: a row that continues the task above
            if _is_caps(text) and _words(text) <= 20:
                return area_of(text) or "", text
            if text[:1].isupper() and _words(text) <= 15 and (code := area_heading(text)):
                return code, text  # "Cải cách thể chế" alone on its row (not a title's continuation)
        return None

    def _continue(self, task: Task, cells: list[str], title: str) -> None:
        raw = self.raw[id(task)]
        if title and fold(title) not in fold(task.title):
            task.title = _squash(f"{task.title} {title}")
        for key in ("coordinators", "products", "time"):
            value = self._cell(cells, key)
            if value and not is_same_as_above(value) and value not in raw[key]:
                raw[key] = f"{raw[key]}\n{value}" if raw[key] else value
        lead = self._cell(cells, "lead")
        if lead and not raw["lead"]:
            raw["lead"] = lead

    def _finish(self, task: Task) -> None:
        raw = self.raw[id(task)]
        task.lead = _squash(raw["lead"])
        task.coordinators = split_agencies(raw["coordinators"])
        task.products = split_products(raw["products"])
        task.time_text = _squash(raw["time"])
        where = self.parser.task_label(task)
        if not task.lead:
            self.parser.warn(task.line, f"{where} «{_short(task.title, 60)}» không có cơ quan chủ trì; hãy chọn.")
        if not self.years:
            if task.time_text:
                self.parser.warn(task.line, f"{where}: chưa biết năm của kế hoạch nên chưa tính được thời hạn.")
            return
        self.parser.read_task_time(task, raw["time"], self.years)

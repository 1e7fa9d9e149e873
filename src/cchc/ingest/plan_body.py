"""PLAN-1 to PLAN-3: the body of a plan in text: sections, areas, objectives, target lists, tasks and the
organisation section that names who leads each area (a mixin of plan_parser._Parser)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.core.text import fold
from cchc.ingest import plan_vocabulary as vocab
from cchc.ingest.plan_cells import NAME_START as _NAME_START
from cchc.ingest.plan_cells import (
    area_heading,
    area_of,
    read_percentages,
    short,
    split_agencies,
    split_products,
    task_labels,
)
from cchc.ingest.plan_tables import _TableReader, header_columns
from cchc.ingest.plan_times import read_time
from cchc.ingest.structure import Area, Target, Task
from cchc.ingest.textparse import PlanPara as _Para
from cchc.ingest.textparse import fold_keep as _fold_keep
from cchc.ingest.textparse import is_caps as _is_caps
from cchc.ingest.textparse import squash as _squash
from cchc.ingest.textparse import words as _words

_short = short
_NOT_AN_AREA = re.compile(vocab.NOT_AN_AREA)
_BOILERPLATE = re.compile(vocab.BOILERPLATE)
_LEAD_AREA = vocab.LEAD_AREA
_LEAD_TOPICS = vocab.LEAD_TOPICS
_ROLE_VERB = re.compile(r"\s(?:" + vocab.ROLE_VERBS + r")\b")
_REFERENCE = re.compile(r"\b\d+[a-z]?/(?:\d{4}/)?[a-z]+(?:-[a-z]+)*")  # "1441/qd-ttg", "61/2018/nd-cp" (folded)


@dataclass
class _AreaState:
    code: str
    name: str
    line: int


@dataclass
class _Agency:
    name: str
    line: int
    text: str = ""
    group: bool = False
    kind: str = "plain"  # the marker of its heading: a "-" under "2. Sở Nội vụ" is its text, not another agency


_LEVEL = {"roman": 0, "digit": 1, "letter": 2, "dash": 3, "plus": 4, "plain": 5}


@dataclass
class _BodyTask:
    task: Task
    area: _AreaState
    labelled: bool = False  # labelled lines followed it ("Cơ quan chủ trì: …")
    fields: dict[str, str] = field(default_factory=dict)  # lead | coordinators | time | products, as written


class BodyMixin:
    """The body, targets and tasks stages of the plan parser (self is a plan_parser._Parser)."""

    # -- body ----------------------------------------------------------------------------------------------------

    @staticmethod
    def _section_of(text: str) -> str:
        folded = fold(text)
        if re.search(vocab.SECTION_ORGANISATION, folded):
            return "organisation"
        if area_heading(text) and _words(text) <= 20:
            return "area"
        for section, pattern in vocab.SECTION_WORDS:
            if re.search(pattern, folded):
                return section
        return "other"

    @staticmethod
    def _headingish(para: _Para) -> bool:
        text = para.content
        return _words(text) <= 20 and not text.rstrip().endswith((".", ";"))

    @staticmethod
    def _sub_of(para: _Para) -> tuple[str, str] | None:
        """A sub-heading within an area: ("targets" | "tasks", inline text after a colon) or None."""
        text = para.content
        head, colon, inline = text.partition(":")
        folded = fold(head).strip(" .")
        if _words(head) > 8:
            return None
        if re.fullmatch(r"(?:cac |mot so )?(?:chi tieu|muc tieu)(?: [\w ]{0,30})?", folded):
            return "targets", inline.strip()
        if re.fullmatch(r"(?:cac )?(?:nhiem vu|giai phap)(?: [\w ,]{0,40})?", folded) and not inline.strip():
            return "tasks", ""
        return None

    def _is_title(self, para: _Para) -> bool:
        return para is self.title_para or any(para is extra for extra in self.title_extra)

    def _area_style(self) -> str | None:
        """The marker style of the area headings: the most common style of the recognised ones."""
        counts: dict[str, int] = {}
        section = None
        for para in self.paras[self.body_start : self.body_end]:
            if self._is_title(para):
                continue
            if para.kind == "roman":
                section = self._section_of(para.rest)
                if section == "area":
                    counts["roman"] = counts.get("roman", 0) + 1
                continue
            if (
                section in ("tasks", None)
                and (para.kind in ("digit", "letter", "dash") or para.style == "caps")
                and self._headingish(para)
                and area_heading(para.rest or para.text)
            ):
                counts[para.style] = counts.get(para.style, 0) + 1
            elif section in ("tasks", None) and self._plain_area_heading(para):
                counts["plain"] = counts.get("plain", 0) + 1
        if counts.get("plain", 0) < 2:
            counts.pop("plain", None)
        if not counts:
            return None
        rank = ["roman", "caps", "digit1", "digit2", "letter", "digit3", "dash", "plain"]
        return max(counts, key=lambda s: (counts[s], -rank.index(s) if s in rank else -99))

    @staticmethod
    def _plain_area_heading(para: _Para) -> bool:
        """A heading with no marker, in a document that numbers nothing (Word styles): "Cải cách thể chế"."""
        return (
            para.kind == "plain"
            and not _is_caps(para.text)
            and _words(para.text) <= 12
            and not para.text.rstrip().endswith((".", ";", ":"))
            and bool(area_heading(para.text))
        )

    def _is_area_heading(self, para: _Para, style: str | None) -> bool:
        if not self._headingish(para) or self._sub_of(para) is not None:
            return False
        if style == "plain":
            return self._plain_area_heading(para)
        if style == "caps":
            return para.style == "caps"
        if style:
            return para.style == style and para.kind != "plain"
        return False

    def _body(self) -> None:
        style = self._area_style()
        section: str | None = None  # the roman section: objectives | tasks | organisation | other | None
        objective_list: str | None = None  # objectives | requirements | targets, while reading a list of aims
        area: _AreaState | None = None
        sub: str | None = None  # targets | tasks, under an area
        agency: _Agency | None = None
        item_kind: str | None = None
        tables = self.task_table_lines()
        section_line = 0
        for para in self.paras[self.body_start : self.body_end]:
            if section == "tasks" and sub != "targets" and self._labels(para, area):
                continue  # "Cơ quan chủ trì: …; cơ quan phối hợp: …; Thời gian: …" after a task
            if para.text.startswith("(") and para.text.endswith(")"):
                continue  # "(Có Phụ lục nhiệm vụ kèm theo)", "(Ban hành kèm theo …)"
            if self._is_title(para):
                continue  # the title under "KẾ HOẠCH"
            if para.kind == "roman":
                section = self._section_of(para.rest)
                section_line = para.line
                area, sub, agency, item_kind, objective_list = None, None, None, None, None
                if section == "targets":  # "II. CHỈ TIÊU" then "1. …", "2. …"
                    section, objective_list = "objectives", "targets"
                    continue
                if section == "other" and style == "roman" and not _NOT_AN_AREA.search(fold(para.rest)):
                    section = "area"  # a section among sections that are areas: an area not recognised
                if section == "area":
                    area, section = self._open_area(para.rest, para.line), "tasks"
                elif section in ("objectives", "requirements"):
                    section, objective_list = "objectives", section
                continue
            if section == "organisation":
                agency = self._organisation(para, agency)
                continue
            if section == "other":
                self.unplaced(para)  # a section the parser does not read ("IV. KINH PHÍ THỰC HIỆN")
                continue
            if section == "tasks" and any(section_line < line < para.line for line in tables):
                self.unplaced(para)  # a line after the task table, in its section
                continue
            if section != "objectives" and self._is_area_heading(para, style):
                area = self._open_area(para.content, para.line)
                sub, item_kind, objective_list = None, None, None
                continue
            if area is None:
                # aims: a section "Mục tiêu, yêu cầu", or such a heading before the first area
                found = self._objective_heading(para)
                if found:
                    objective_list, inline = found
                    if inline:
                        self._objective_item(objective_list, inline, para)
                    continue
                if objective_list:
                    self._objective_item(objective_list, para.content, para)
                    continue
                if section != "tasks" or style is not None:
                    self.unplaced(para)
                    continue
                area = self._whole_plan_area(para.line)  # a plan not divided into areas (a thematic plan)
            found_sub = self._sub_of(para) if self._headingish(para) or ":" in para.text else None
            if found_sub:
                sub, inline = found_sub
                item_kind = None
                if inline:
                    self._add_item(area, "targets", _Para(para.line, inline, "plain", "", inline), None)
                continue
            item_kind = self._add_item(area, sub, para, item_kind)

    def _labels(self, para: _Para, area: _AreaState | None) -> bool:
        """PLAN-2: labelled lines after a body task give its lead, coordinators, time and products."""
        current = self.body_tasks[-1] if self.body_tasks else None
        if current is None or area is None or current.area is not area:
            return False
        fields = task_labels(para.text)
        if fields is None:
            return False
        current.labelled = True
        for key, value in fields.items():
            current.fields[key] = f"{current.fields[key]}; {value}" if key in current.fields else value
        return True

    def task_table_lines(self) -> list[int]:
        """The first line of each task table (one whose header names the task columns)."""
        return [t.first_line for t in self.source.tables if any(header_columns(row) for row in t.rows[:3])]

    def unplaced(self, para: _Para) -> None:
        """U-6: nothing vanishes: a line the parser cannot place is shown to the person reviewing (boilerplate
        such as "Căn cứ …" and a line introducing a list ("… như sau:") are not)."""
        if _BOILERPLATE.match(fold(para.text)) or para.text.rstrip().endswith(":"):
            return
        self.warn(para.line, f"Dòng {para.line} chưa được đọc vào kế hoạch: «{_short(para.text)}»; hãy kiểm tra.")

    def _objective_heading(self, para: _Para) -> tuple[str, str] | None:
        if para.kind not in ("digit", "letter", "plain", "dash"):
            return None
        text = para.content
        head, _colon, inline = text.partition(":")
        folded = fold(head).strip(" .")
        if _words(head) > 8:
            return None
        if re.fullmatch(r"(?:muc tieu|muc dich)(?: [\w ,]{0,30})?", folded):
            return "objectives", inline.strip()
        if re.fullmatch(r"yeu cau(?: [\w ,]{0,30})?", folded):
            return "requirements", inline.strip()
        if re.fullmatch(r"(?:cac )?chi tieu(?: [\w ,]{0,30})?", folded):
            return "targets", inline.strip()
        return None

    def _objective_item(self, which: str, text: str, para: _Para) -> None:
        text = _squash(text)
        if not text:
            return
        if which == "targets":
            self.target_lists.append(("", _Para(para.line, text, "plain", "", text)))
            return
        (self.result.requirements if which == "requirements" else self.result.objectives).append(text)
        if which == "objectives":
            self.target_fallback.append(("", _Para(para.line, text, "plain", "", text)))

    def _whole_plan_area(self, line: int) -> _AreaState:
        """The area of a plan whose tasks are not grouped by area: the one its title names, if any."""
        code = area_of(self.result.title) or ""
        if code:
            self._add_area(code, self.result.title)
        else:
            self.warn(line, "Kế hoạch không chia nhiệm vụ theo lĩnh vực; hãy chọn lĩnh vực cho từng nhiệm vụ.")
        return _AreaState(code, self.result.title, line)

    def _open_area(self, name: str, line: int) -> _AreaState:
        name = _squash(name).rstrip(":. ")
        code = area_of(name) or ""
        if not code:
            self.warn(line, f"Không nhận ra lĩnh vực «{name}»; hãy chọn lĩnh vực cải cách hành chính.")
        self._add_area(code, name)
        return _AreaState(code, name, line)

    def _add_area(self, code: str, name: str) -> None:
        for existing in self.result.areas:
            if (code and existing.code == code) or (not code and fold(existing.name) == fold(name)):
                return
        self.result.areas.append(Area(code=code, name=name))

    def _add_item(self, area: _AreaState, sub: str | None, para: _Para, item_kind: str | None) -> str | None:
        """One paragraph under an area: an item of a "Chỉ tiêu" list, or a task, or the continuation of one.

        The first item under an area (or its "Nhiệm vụ" heading) sets the kind of marker its tasks use ("a)",
        "1.", "-"); a paragraph with another marker ("-" under "a)", "+" under "-") or none continues the task."""
        text = _squash(para.content)
        if not text:
            return item_kind
        if sub == "targets":
            self.target_lists.append((area.code, _Para(para.line, text, "plain", "", text)))
            return item_kind
        kind = para.style if para.kind in ("digit", "letter") else para.kind
        current = self.body_tasks[-1] if self.body_tasks and self.body_tasks[-1].area is area else None
        if current is not None and current.labelled and kind != item_kind:
            self.unplaced(para)  # a line after a task's labelled lines is not part of its title
            return item_kind
        self.target_fallback.append((area.code, _Para(para.line, text, "plain", "", text)))
        if (
            current is not None
            and item_kind is not None
            and kind != item_kind
            and not (item_kind == "plain" and kind != "plain")
        ):
            current.task.title += " " + (para.text if para.kind in ("dash", "plus") else text)
            return item_kind
        if kind == "plain" and text.endswith(":") and item_kind is None:
            return item_kind  # "Tập trung thực hiện các nhiệm vụ sau:" introduces the items
        number = sum(1 for t in self.body_tasks if t.area is area) + 1
        task_code = para.marker.rstrip(".") if para.kind in ("digit", "letter") else str(number)
        task = Task(area=area.code, code=task_code, title=text, line=para.line)
        self.body_tasks.append(_BodyTask(task, area))
        return kind

    def _organisation(self, para: _Para, agency: _Agency | None) -> _Agency | None:
        """Section "Tổ chức thực hiện": an agency's heading, then its paragraphs."""
        text = para.content
        folded = fold(text)
        starts_like_agency = bool(_NAME_START.match(folded)) and text[:1].isupper()
        same_level = agency is None or _LEVEL.get(para.kind, 5) <= _LEVEL.get(agency.kind, 5)
        if starts_like_agency and same_level:
            name, inline = text, ""
            head, colon, after = text.partition(":")
            if colon and _words(head) <= 15:
                name, inline = head, after
            elif _words(text) > 15 or text.rstrip().endswith((".", ";")):
                m = _ROLE_VERB.search(_fold_keep(text))
                if m is None or (para.kind in ("dash", "plus", "plain") and agency is not None and m.start() > 80):
                    if agency is not None:
                        agency.text += " " + text
                    return agency
                name, inline = text[: m.start()], text[m.start() :]
            if para.kind == "plain" and agency is not None and not inline and _words(text) > 15:
                agency.text += " " + text
                return agency
            name = name.strip(" :.,;")
            names = split_agencies(name)
            group = len(names) != 1 or bool(
                re.match(r"^(?:cac|thu truong|chu tich|nguoi dung dau)\b", fold(name))
                or re.search(r"\bcac (?:so|co quan|huyen|don vi|nganh)\b", fold(name))
            )
            new = _Agency(name=name, line=para.line, text=inline, group=group, kind=para.kind)
            self.agencies.append(new)
            return new
        if agency is not None:
            agency.text += " " + text
        return agency

    # -- targets -------------------------------------------------------------------------------------------------

    def _targets(self) -> None:
        items = self.target_lists or self.target_fallback
        for area, para in items:
            for reading in read_percentages(para.text, whole_item=bool(self.target_lists)):
                self.result.targets.append(
                    Target(
                        area=area,
                        text=reading.text,
                        comparison=reading.comparison,
                        value=reading.value,
                        unit="%",
                        line=para.line,
                    )
                )
                if not reading.explicit:
                    value = f"{reading.value:g}"
                    self.warn(
                        para.line,
                        f"Chỉ tiêu «{_short(reading.text)}» không ghi rõ so sánh (ít nhất, trên, dưới …) với "
                        f"{value}%; tạm hiểu là {reading.comparison} {value}%, hãy kiểm tra.",
                    )

    # -- tasks ---------------------------------------------------------------------------------------------------

    def _tasks(self) -> None:
        table_tasks = _TableReader(self).read()
        if table_tasks:
            self.result.tasks = table_tasks
            return
        tasks = [bt.task for bt in self.body_tasks]
        years = self.plan_years()
        for body_task in self.body_tasks:
            task, fields = body_task.task, body_task.fields
            task.title = _squash(task.title)
            task.lead = _squash(fields.get("lead", ""))
            task.coordinators = split_agencies(fields.get("coordinators", ""))
            task.products = split_products(fields.get("products", ""))
            task.time_text = _squash(fields.get("time", ""))
            if not task.lead:
                self._lead_from_organisation(task)
            if task.time_text and years:
                self.read_task_time(task, task.time_text, years)
        if not tasks:
            self.warn(None, "Không tìm thấy nhiệm vụ nào (bảng nhiệm vụ hoặc các mục dưới từng lĩnh vực).")
        elif any(not task.time_text for task in tasks):
            self.warn(
                None,
                "Các nhiệm vụ lấy từ nội dung kế hoạch không ghi thời gian hoàn thành; hãy nhập thời hạn cho từng "
                "nhiệm vụ.",
            )
        self.result.tasks = tasks

    def plan_years(self) -> tuple[int, int] | None:
        """The years a phrase without its own year falls in: the plan's, else its date's."""
        years = self.result.years
        if years:
            return years[0], years[-1]
        if self.result.date:
            return self.result.date.year, self.result.date.year
        return None

    def read_task_time(self, task: Task, text: str, years: tuple[int, int]) -> None:
        """PLAN-2: a task's time → its milestones; whatever cannot be read is a warning with the task's line."""
        where = self.task_label(task)
        try:
            task.milestones, warnings = read_time(text, years)
        except Exception:  # noqa: BLE001 - parse_time_phrase never raises, but a year out of range might
            self.warn(task.line, f"{where}: không đọc được thời gian «{task.time_text}».")
            return
        for message in warnings:
            self.warn(task.line, f"{where}: {message}")

    def task_label(self, task: Task) -> str:
        """ "Nhiệm vụ 4 (Cải cách thể chế)": codes restart in each area, so the area is said too."""
        area = next((a.name for a in self.result.areas if a.code and a.code == task.area), "")
        label = f"Nhiệm vụ {task.code}" if task.code else "Nhiệm vụ"
        return f"{label} ({_short(area, 50)})" if area else label

    def _lead_from_organisation(self, task: Task) -> None:
        """Section III names who leads each area; a task takes that lead when the text makes it clear."""
        lead = self._lead_for(task)
        if lead:
            task.lead = lead
        else:
            self.warn(task.line, f"{self.task_label(task)}: không xác định được cơ quan chủ trì; hãy chọn cơ quan.")

    def _lead_for(self, task: Task) -> str:
        singles = [a for a in self.agencies if not a.group]
        if not singles:
            return ""
        # a document both cite (e.g. "Quyết định số 1441/QĐ-TTg") points to one agency
        refs = set(_REFERENCE.findall(fold(task.title)))
        if refs:
            sharing = [a for a in singles if refs & set(_REFERENCE.findall(fold(a.text)))]
            if len(sharing) == 1:
                return sharing[0].name
        folded_task = fold(task.title)
        candidates: list[_Agency] = []
        for _topic, agency_pattern, task_pattern in _LEAD_TOPICS.get(task.area, ()):
            leads = [a for a in singles if re.search(agency_pattern, fold(a.text))]
            candidates += [a for a in leads if a not in candidates]
            if len(leads) == 1 and re.search(task_pattern, folded_task):
                return leads[0].name
        if len(candidates) == 1:
            return candidates[0].name
        if candidates or task.area not in _LEAD_AREA:
            return ""
        pattern = _LEAD_AREA[task.area]
        scored = [(n, a) for a in singles if (n := len(re.findall(pattern, fold(a.text))))]
        if not scored:
            return ""
        best = max(n for n, _ in scored)
        top = [a for n, a in scored if n == best]
        if len(top) == 1:
            return top[0].name
        names = ", ".join(a.name for a in top)
        self.warn(task.line, f"{self.task_label(task)}: phần tổ chức thực hiện giao lĩnh vực này cho {names}.")
        return ""

"""U-6: the header of a plan decision: number, date, issuer, title and years (a mixin of plan_parser._Parser)."""

from __future__ import annotations

import datetime as dt
import re

from cchc.core.text import fold
from cchc.ingest.textparse import DATE_LINE_RE as _DATE_LINE
from cchc.ingest.textparse import DATE_SLASH_LINE_RE as _DATE_SLASH
from cchc.ingest.textparse import YEAR_RANGE_RE as _RANGE
from cchc.ingest.textparse import YEAR_RE as _YEAR
from cchc.ingest.textparse import PlanPara as _Para
from cchc.ingest.textparse import fold_keep as _fold_keep
from cchc.ingest.textparse import is_caps as _is_caps
from cchc.ingest.textparse import squash as _squash

_NUMBER = re.compile(r"^so\s*:?\s*(?P<n>[^\s,;]*(?:\s*/\s*[^\s,;]+)?)")  # "Số: 925 /QĐ-UBND" → "925/QĐ-UBND"
_ATTACHED_NUMBER = re.compile(r"quyet dinh so\s*:?\s*(?P<n>\d+[a-z]?\s*/\s*[^\s,;)]+)")
_PLACE_UNIT = re.compile(r"\b(tinh|thanh pho|huyen|thi xa|quan)\b")


def _sentence_case(text: str) -> str:
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def _title_words(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def _is_date_line(text: str) -> bool:
    """ "Hưng Yên, ngày 04 tháng 8 năm 2016" (a place, then the date), not a date cited in a sentence."""
    folded = _fold_keep(text)
    if folded.lstrip().startswith("ngay"):
        return True
    place = _place_before_date(text)
    if not place:
        return False
    return ", ngay" in folded or _squash(text[: folded.find(" ngay ")]) == place


def _place_before_date(text: str) -> str:
    """ "Hưng Yên, ngày 04 tháng 8 năm 2016" → "Hưng Yên" (the capitalised words before ", ngày")."""
    folded = _fold_keep(text)
    at = folded.find(", ngay")
    if at < 0:
        at = folded.find(" ngay ")
    words = text[:at].split() if at > 0 else []
    place: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper() or "/" in word or ":" in word or len(place) == 4:
            break
        place.insert(0, word)
    return " ".join(place)


def _issuer(text: str, place: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" → "Ủy ban nhân dân tỉnh Hưng Yên"; "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" with the
    place "Bình Định" → "Ủy ban nhân dân tỉnh Bình Định"."""
    text = _squash(text)
    folded = _fold_keep(text)
    for cut in ("cong hoa", "doc lap"):
        if (at := folded.find(cut)) > 0:
            text, folded = text[:at].strip(" -|"), folded[:at].strip(" -|")
    for prefix in ("tm. ", "tm ", "kt. ", "chu tich "):
        if folded.startswith(prefix):
            text, folded = text[len(prefix) :].strip(), folded[len(prefix) :].strip()
    was_caps = _is_caps(text)
    if folded.startswith("ubnd"):
        text, folded = "Ủy ban nhân dân" + text[4:], "uy ban nhan dan" + folded[4:]
    unit = _PLACE_UNIT.search(folded)
    if not unit:
        return _sentence_case(text) if was_caps else text
    head, name = text[: unit.end()], text[unit.end() :].strip()
    head = _sentence_case(head) if was_caps else head
    if folded.startswith("uy ban nhan dan"):
        head = "Ủy ban nhân dân" + head[15:]
    if name and _is_caps(name):
        name = _title_words(name)
    return _squash(f"{head} {name or place}")


class HeaderMixin:
    """The header stage of the plan parser (self is a plan_parser._Parser)."""

    def _header_paras(self) -> list[_Para]:
        """The national header block and the decision's title: before "Căn cứ …" and the plan's heading."""
        end = self.heading if self.heading is not None else (self.body_start or min(len(self.paras), 40))
        for i, para in enumerate(self.paras[:end]):
            if re.match(r"^(?:can cu|xet de nghi|theo de nghi)\b", fold(para.text)):
                return self.paras[:i]
        return self.paras[:end]

    def _attached(self) -> list[_Para]:
        """ "(Ban hành kèm theo Quyết định số 1605/QĐ-UBND ngày 04/8/2016 …)" near the plan's heading."""
        start = self.heading if self.heading is not None else 0
        return [p for p in self.paras[start : self.body_start + 12] if "kem theo" in fold(p.text)]

    def _header(self) -> None:
        header = self._header_paras()
        result = self.result
        number_para = next((p for p in header if _NUMBER.match(fold(p.text))), None)
        if number_para is None:
            for para in self._attached():
                if m := _ATTACHED_NUMBER.search(_fold_keep(para.text)):
                    result.number = re.sub(r"\s+", "", para.text[m.start("n") : m.end("n")])
                    break
            else:
                self.warn(None, "Không thấy số văn bản («Số: …»); hãy nhập số văn bản.")
        else:
            token = _NUMBER.match(_fold_keep(number_para.text))
            raw = re.sub(r"\s+", "", number_para.text[token.start("n") : token.end("n")])
            if re.match(r"\d", raw) and "/" in raw:
                result.number = raw.strip(" .,;")
            else:
                self.warn(number_para.line, "Số văn bản để trống (dự thảo hoặc chưa cấp số); hãy nhập số khi có.")

        date_para = next((p for p in header if _DATE_LINE.search(fold(p.text)) and _is_date_line(p.text)), None)
        if date_para is not None:
            self.place = _place_before_date(date_para.text)
            m = _DATE_LINE.search(fold(date_para.text))
            if m["d"] and m["m"]:
                try:
                    result.date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
                except ValueError:
                    self.warn(date_para.line, f"Ngày ký «{_squash(date_para.text)}» không hợp lệ; hãy nhập ngày ký.")
            else:
                self.warn(date_para.line, "Ngày ký để trống (chưa ghi ngày, tháng); hãy nhập ngày ký khi có.")
        else:
            for para in self._attached():
                folded = fold(para.text)
                if m := _DATE_SLASH.search(folded) or _DATE_LINE.search(folded):
                    try:
                        result.date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
                    except (TypeError, ValueError):
                        continue
                    break
            if result.date is None:
                self.warn(None, "Không thấy ngày ký («…, ngày … tháng … năm …»); hãy nhập ngày ký.")

        self._read_issuer(header)
        self._read_title(header)

    def _read_issuer(self, header: list[_Para]) -> None:
        candidates = [
            p
            for p in header
            if _is_caps(p.text)
            and re.search(r"uy ban nhan dan|\bubnd\b", fold(p.text))
            and not fold(p.text).startswith(("tm", "kt", "cong hoa"))
        ]
        if not candidates:  # the signature "TM. ỦY BAN NHÂN DÂN" names it too
            candidates = [
                p for p in self.paras if _is_caps(p.text) and re.search(r"uy ban nhan dan|\bubnd\b", fold(p.text))
            ]
        if candidates:
            text = candidates[0].text
            at = self.paras.index(candidates[0])
            after = self.paras[at + 1] if at + 1 < len(self.paras) else None
            two_lines = after is not None and _is_caps(after.text) and _PLACE_UNIT.match(fold(after.text))
            if two_lines and not _PLACE_UNIT.search(fold(text)):  # "ỦY BAN NHÂN DÂN" / "TỈNH NGỌC CHÂU"
                text = f"{text} {after.text}"
            self.result.issuer = _issuer(text, self.place)
        else:
            self.warn(None, "Không thấy cơ quan ban hành (ỦY BAN NHÂN DÂN …); hãy nhập cơ quan ban hành.")

    def _read_title(self, header: list[_Para]) -> None:
        result = self.result
        title, title_line = "", None
        if self.heading is not None:
            heading = self.paras[self.heading]
            m = re.match(r"ke hoach\b", _fold_keep(heading.text))
            rest = heading.text[m.end() if m else 0 :].strip(" :.-")
            title_line = heading.line
            if rest:
                title = rest
            elif self.heading + 1 < len(self.paras):
                nxt = self.paras[self.heading + 1]
                if not nxt.text.startswith("(") and nxt.kind == "plain":
                    title, title_line, self.title_para = nxt.text, nxt.line, nxt
                    # a title in capitals broken over lines: "CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC" / "NĂM 2021"
                    for more in self.paras[self.heading + 2 : self.heading + 4]:
                        if not (_is_caps(title) and _is_caps(more.text) and more.kind == "plain"):
                            break
                        title = f"{title} {more.text}"
                        self.title_extra.append(more)
        for para in header:
            folded = fold(para.text)
            if m := re.match(r"^(?:ve viec|v/v)\s+", folded):
                self.subject = para.text[m.end() :]
                break
        if not title and self.subject:
            m = re.match(r"^(?:ban hanh\s+)?ke hoach\s+", fold(self.subject))
            title = self.subject[m.end() :] if m else self.subject
        if title and _is_caps(title):
            title = _sentence_case(title)
            if self.place and fold(self.place) in fold(title):
                at = _fold_keep(title).find(fold(self.place))
                title = title[:at] + self.place + title[at + len(self.place) :]
        title = _squash(title).strip(" .*")
        result.title = title[:1].upper() + title[1:] if title else ""
        if not result.title:
            self.warn(title_line, "Không thấy tên kế hoạch; hãy nhập tên kế hoạch.")
        for text in (result.title, self.subject):
            folded = fold(text)
            if m := _RANGE.search(folded):
                result.years = [int(m["a"]), int(m["b"])]
                break
            if m := _YEAR.search(folded):
                result.years = [int(m["y"]), int(m["y"])]
                break
        if result.years and result.years[0] > result.years[1]:
            result.years = [result.years[1], result.years[0]]
        if not result.years:
            self.warn(title_line, "Không thấy năm hoặc giai đoạn của kế hoạch trong tên; hãy nhập năm của kế hoạch.")

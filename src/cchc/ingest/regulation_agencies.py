"""REG-1: the agencies a regulation's sentence names, as written: "Sở Tư pháp", "Các Sở: A, B và C" (the head
distributed), "Văn phòng Ủy ban nhân dân tỉnh", groups ("các sở, ban, ngành", "UBND cấp huyện, cấp xã"), and
where a sentence's subject ends and its predicate starts. Pure; names stay as written (the resolver maps them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.core.text import fold
from cchc.ingest.regulation_vocabulary import (
    ADVERBIAL_RE,
    COORD_RE,
    DEPARTMENTS,
    HEAD_WORDS,
    LEAD_RE,
    STOP_WORDS,
)
from cchc.ingest.textparse import aligned, norm

_DEPARTMENT_RE = re.compile(r"(?:" + "|".join(re.escape(d) for d in DEPARTMENTS) + r")\b")
_UB = r"(?:uy ban nhan dan|ubnd)"

_RE_LIST_HEAD = re.compile(r"cac so(?:\s*,\s*(?:ban\s*,?\s*)?nganh)?(?:\s+tinh)?\s*:\s*")
_RE_VP = re.compile(rf"(?:chanh )?van phong {_UB}(?: (?:tinh|thanh pho))?\b|vp ubnd(?: tinh)?\b")
_RE_PROVINCE = re.compile(rf"(?:chu tich )?{_UB} tinh\b")
_RE_DISTRICT = re.compile(rf"{_UB} (?:cac )?(?:cap huyen|cap xa|cac cap|huyen|xa|thi xa|thanh pho)\b")
_RE_DISTRICT_MORE = re.compile(r"\s*,?\s*(?:va\s+)?(?:cap xa|cap huyen|thi xa|thanh pho|phuong|thi tran|huyen|xa)\b")
_RE_DEPTS_GROUP = re.compile(
    r"(?:cac )?so\s*,?\s*(?:ban\s*,?\s*)?nganh(?:\s+(?:tinh|cap tinh|thuoc tinh))?(?:\s+(?:co\s+)?lien quan)?\b(?!\s*:)"
)
_RE_BODIES_GROUP = re.compile(
    r"cac (?:co quan|don vi)((?:\s*,\s*|\s+va\s+)(?:co quan|don vi|dia phuong|to chuc))*(?:\s+khac)?"
    r"(?:\s+(?:co\s+)?lien quan)?\b"
)
_RE_SPECIAL_GROUP = re.compile(
    rf"cac co quan chuyen mon thuoc {_UB} tinh\b"
    r"|cac co quan (?:trung uong|nganh doc)(?: (?:dong )?tren dia ban tinh| cap tinh)?\b"
)
_RE_OTHER = re.compile(
    r"(?:thanh tra tinh|cong an tinh|kho bac nha nuoc(?: tinh)?|cuc (?:thue|thong ke|hai quan)(?: tinh)?"
    r"|bao hiem xa hoi(?: tinh)?|ban dan toc(?: tinh)?|trung tam phuc vu hanh chinh cong(?: tinh)?)\b"
)
_RE_MINISTRY = re.compile(r"bo (?=\S)")
_RE_SO = re.compile(r"so (?=\S)")
_RE_AMP = re.compile(r"[a-zđ]{1,4}(?:&|-)[a-zđ&-]{1,8}\b")


@dataclass
class _Mention:
    start: int
    end: int
    names: list[str]
    group: bool = False
    skip: bool = False  # the issuing committee or a ministry: never a responsible agency here


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,;:.-–")


def _extend_place(orig: str, folded: str, end: int, limit: int = 3) -> int:
    """Extend a name over the capitalised words that follow it on the same line ("tỉnh Quảng Nam")."""
    for _ in range(limit):
        m = re.match(r" (\w+)", folded[end:])
        if not m:
            break
        word_start = end + 1
        if not orig[word_start : word_start + 1].isupper() or m.group(1) in HEAD_WORDS:
            break
        end = word_start + len(m.group(1))
    return end


def _department_name(folded: str, orig: str, pos: int) -> int | None:
    """End of a department name (without "Sở") at pos, or None."""
    m = _DEPARTMENT_RE.match(folded, pos)
    if m:
        return m.end()
    m = _RE_AMP.match(folded, pos)
    if m and "&" in m.group(0):
        return m.end()
    # an unknown name: up to five words, stopping at a verb or preposition ("Sở Du lịch chủ trì …")
    if not orig[pos : pos + 1].isupper():
        return None
    end = None
    for count, word in enumerate(re.finditer(r"[^\s,;.:()]+", folded[pos : pos + 80])):
        start = pos + word.start()
        if count >= 5 or word.group(0) in STOP_WORDS or (end is not None and start != end + 1):
            break
        if end is None and start != pos:
            break
        end = pos + word.end()
    return end


def _match_single(folded: str, orig: str, pos: int) -> _Mention | None:
    """An agency with its own head word at pos."""
    m = _RE_VP.match(folded, pos)
    if m:
        end = _extend_place(orig, folded, m.end())
        return _Mention(pos, end, [_clean_name(orig[pos:end])])
    m = _RE_PROVINCE.match(folded, pos)
    if m:
        end = _extend_place(orig, folded, m.end())
        return _Mention(pos, end, [_clean_name(orig[pos:end])], skip=True)
    m = _RE_DISTRICT.match(folded, pos)
    if m:
        end = _extend_place(orig, folded, m.end(), limit=2)
        while True:
            more = _RE_DISTRICT_MORE.match(folded, end)
            if not more:
                break
            end = _extend_place(orig, folded, more.end(), limit=2)
        span = folded[pos:end]
        head_len = len(re.match(_UB, folded[pos:]).group(0))
        if "cap huyen" in span and "cap xa" in span:
            i_huyen, i_xa = span.index("cap huyen"), span.index("cap xa")
            first = _clean_name(orig[pos : pos + i_huyen + len("cap huyen")])
            second = _clean_name(orig[pos : pos + head_len] + " " + orig[pos + i_xa : pos + i_xa + len("cap xa")])
            return _Mention(pos, end, [first, second], group=True)
        # "Ủy ban nhân dân thành phố Nha Trang" is one committee; "… các huyện, thị xã …" is a group
        named = any(ch.isupper() for ch in orig[pos + head_len : end])
        is_group = bool(re.search(r"\b(cac|cap)\b", span)) or "," in span or not named
        return _Mention(pos, end, [_clean_name(orig[pos:end])], group=is_group)
    m = _RE_SPECIAL_GROUP.match(folded, pos)
    if m:
        return _Mention(pos, m.end(), [_clean_name(orig[pos : m.end()])], group=True)
    m = _RE_DEPTS_GROUP.match(folded, pos)
    if m and (pos == 0 or folded[pos - 3 : pos] != "co "):
        return _Mention(pos, m.end(), [_clean_name(orig[pos : m.end()])], group=True)
    m = _RE_BODIES_GROUP.match(folded, pos)
    if m and ("," in m.group(0) or " va " in m.group(0) or "lien quan" in m.group(0)):
        return _Mention(pos, m.end(), [_clean_name(orig[pos : m.end()])], group=True)
    m = _RE_OTHER.match(folded, pos)
    if m:
        end = _extend_place(orig, folded, m.end())
        return _Mention(pos, end, [_clean_name(orig[pos:end])])
    if orig[pos : pos + 1] == "S" and _RE_SO.match(folded, pos):
        end = _department_name(folded, orig, pos + 3)
        if end is not None:
            return _Mention(pos, end, [_clean_name(orig[pos:end])])
    if orig[pos : pos + 1] == "B" and _RE_MINISTRY.match(folded, pos):
        end = _department_name(folded, orig, pos + 3)
        if end is not None and _DEPARTMENT_RE.match(folded, pos + 3):
            return _Mention(pos, end, [_clean_name(orig[pos:end])], skip=True)
    return None


def _match_list(folded: str, orig: str, pos: int) -> _Mention | None:
    """ "Các Sở: Tư pháp, Tài chính và Văn phòng Ủy ban nhân dân tỉnh" → "Sở Tư pháp", …, "Văn phòng …"."""
    m = _RE_LIST_HEAD.match(folded, pos)
    if not m:
        return None
    names: list[str] = []
    cursor = m.end()
    end = cursor
    while cursor < len(folded):
        own = _match_single(folded, orig, cursor)
        if own is not None:
            if not own.skip:
                names.extend(own.names)
            item_end = own.end
        else:
            item_end = _department_name(folded, orig, cursor)
            if item_end is None:
                break
            names.append(_clean_name("Sở " + orig[cursor:item_end]))
        end = item_end
        sep = re.match(r"\s*[,;]\s*(?:va\s+)?|\s+va\s+", folded[item_end:])
        if not sep or item_end + sep.end() >= len(folded):
            break
        cursor = item_end + sep.end()
    if not names:
        return None
    return _Mention(pos, end, names)


def _scan(orig: str, folded: str | None = None) -> list[_Mention]:
    """Every agency named in the text, left to right, without overlaps."""
    folded = aligned(orig) if folded is None else folded
    found: list[_Mention] = []
    pos = 0
    n = len(folded)
    while pos < n:
        if folded[pos].isalnum() and (pos == 0 or not folded[pos - 1].isalnum()):
            mention = _match_list(folded, orig, pos) or _match_single(folded, orig, pos)
            if mention is not None and mention.end > pos:
                found.append(mention)
                pos = mention.end
                continue
        pos += 1
    return found


_GAP_RE = re.compile(r"^(?:[\s,;]|\bva\b|\bcung\b|\bhoac\b|\([^)]*\))*$")


def _runs(mentions: list[_Mention], folded: str) -> list[list[_Mention]]:
    """Mentions separated only by commas, semicolons, "và" or a parenthesis form one list."""
    runs: list[list[_Mention]] = []
    for mention in mentions:
        if runs and _GAP_RE.match(folded[runs[-1][-1].end : mention.start]):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return runs


def _run_at(runs: list[list[_Mention]], pos: int, slack: int = 2) -> list[_Mention] | None:
    for run in runs:
        if pos <= run[0].start <= pos + slack:
            return run
    return None


def _names(run: list[_Mention] | None) -> list[tuple[str, bool]]:
    """(name, is_group) of a list, without the issuer."""
    result: list[tuple[str, bool]] = []
    for mention in run or []:
        if mention.skip:
            continue
        result.extend((name, mention.group) for name in mention.names)
    return result


def _masked(folded: str, mentions: list[_Mention]) -> str:
    """The folded text with each agency replaced by "@" (same length, so positions still match)."""
    chars = list(folded)
    for mention in mentions:
        chars[mention.start : mention.end] = "@" + " " * (mention.end - mention.start - 1)
    return "".join(chars)


def _key(name: str) -> str:
    """One key per agency or group however the text spells it ("các cơ quan, đơn vị có liên quan" and "các cơ
    quan liên quan" are one group; "UBND" is "Ủy ban nhân dân")."""
    key = re.sub(r"[,;:.]", " ", fold(name))
    key = re.sub(r"\bubnd\b", "uy ban nhan dan", key)
    key = re.sub(r"\s+", " ", key).strip()
    key = re.sub(r"^cac ", "", key)
    related = bool(re.search(r"\blien quan\b", key))
    bare = re.sub(r"\b(co )?lien quan\b|\bkhac\b|\b(thuoc |cap )?tinh\b", " ", key)
    bare = re.sub(r"\s+", " ", bare).strip()
    if re.match(r"(co quan|don vi)\b", bare) and not re.match(r"co quan (chuyen mon|trung uong|nganh doc)", bare):
        return "@bodies-related" if related else "@bodies"
    if re.match(r"so (ban )?nganh$", bare):
        return "@departments"
    if re.match(r"uy ban nhan dan (cac )?(cap huyen|huyen)\b", bare):
        return "@districts"
    if re.match(r"uy ban nhan dan (cac )?(cap xa|xa phuong)\b", bare):
        return "@communes"
    return key


def _is_pure_list(text: str) -> list[tuple[str, bool]] | None:
    """The agencies of a line that is nothing but a list of agencies ("- Sở Tư pháp;", "2. Các Sở: …")."""
    folded = aligned(text)
    mentions = _scan(text, folded)
    if not mentions:
        return None
    rest = folded
    for mention in reversed(mentions):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    if re.sub(r"[\s,;:.\-–•+()]|\bva\b|\bgom\b", "", rest):
        return None
    return _names(mentions) or None


def _cut_reference(folded: str) -> int:
    """Where a sentence opening with "Căn cứ …" really starts: at its first agency, or after the comma before its
    first verb ("Căn cứ kế hoạch …, xây dựng dự thảo …")."""
    if not re.match(r"^\W*can cu\b", folded):
        return 0
    verb = re.search(
        r",\s*(xay dung|tham gia|chu tri|phoi hop|to chuc|thuc hien|de xuat|tong hop|trien khai)\b", folded
    )
    agency = re.search(rf",\s*((?:cac )?so\b|van phong\b|{_UB} (?:cac|cap)\b|cac (?:co quan|don vi)\b)", folded)
    starts = [m.start(1) for m in (verb, agency) if m]
    return min(starts) if starts else 0


def _subject_at(folded: str, runs: list[list[_Mention]], start: int) -> tuple[list[tuple[str, bool]], int]:
    """The agencies a sentence starts with (after "Giao", or after an adverbial phrase ending with a comma:
    "Định kỳ hằng quý, Sở Nội vụ …"), else the agents of a passive "… do sở, ban, ngành … dự toán"; and where
    the predicate starts."""
    while start < len(folded) and folded[start] in " ,;-–•+*":
        start += 1
    m = re.match(r"(?:giao|dong thoi)\s+", folded[start:])
    if m:
        start += m.end()
    for run in runs:
        if run[-1].end <= start:
            continue
        gap = folded[start : run[0].start].strip()
        adverbial = (
            gap.endswith(",")
            and bool(ADVERBIAL_RE.match(gap))
            and not LEAD_RE.search(norm(gap))
            and not COORD_RE.search(norm(gap))
        )
        if not gap.strip(" -–•+*:") or adverbial:
            names = _names(run)
            if names:
                return names, run[-1].end
        break
    for run in runs:
        before = folded[max(0, run[0].start - 3) : run[0].start]
        after = folded[run[-1].end : run[-1].end + 14]
        if before == "do " and not re.match(r"\s*(giao|phan cong|ban hanh|quy dinh)\b", after):
            names = _names(run)
            if names:
                return names, run[-1].end
    return [], start

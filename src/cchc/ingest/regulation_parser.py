"""REG-1, U-6: a coordination regulation's text (a `Source` of the reader) becomes an `Extracted` (kind
"regulation"): number, date, issuer, title and the responsibilities (agency, role, area or topic, article).

Pure: stdlib, `cchc.core.text` and `cchc.ingest.*` only; it never raises (every doubt becomes a warning in
Vietnamese with its line).

How it reads a regulation:
- The header comes from the decision ("Số: 925 /QĐ-UBND", "Kiên Giang, ngày 17 tháng 4 năm 2018", the issuing
  body in capitals, "Điều 1. Ban hành kèm theo Quyết định này Quy chế …"), else from the regulation's own
  "(Ban hành kèm theo Quyết định số … ngày … của …)". A blank number or day gives "" / None and a warning.
- Responsibilities come from the regulation only (after its "QUY CHẾ" heading), by article ("Điều N."; also
  "Điền N." and bold or heading marks), clause ("1."; a repeated number is kept as written) and point ("a)",
  "- a)"; a misprinted letter that breaks the sequence is read by its position, with a warning).
- Each clause or point is read for its subject (the agencies it opens with, else those of a "Trách nhiệm của
  X" heading, of a heading-only clause "2. Các Sở: …" or of a passive "do X dự toán"), its role verbs (chủ trì,
  làm đầu mối → lead; phối hợp, tham gia → coordinate; "phối hợp với Y" → Y leads unless Y is a group;
  "thẩm định Chỉ số" or "theo dõi, đánh giá Chỉ số … đối với các nội dung" → appraise, of those contents and
  of a clause it refers to ("quy định tại khoản 2 Điều này"); "phối hợp thẩm định" → co-appraise) and its
  topics (folded keywords → codes of data/programmes.yaml). A clause with no agency or no topic gives a warning
  naming its line; nothing is guessed.
- "Các Sở: A, B, C và Văn phòng …" distributes "Sở" over the list, "Văn phòng …", "Ủy ban nhân dân …" and
  groups keep their own head, "UBND cấp huyện, cấp xã" is two groups. Names stay as written otherwise; the
  resolver maps them to agencies.

Decisions (the data files of the three seed regulations were the check; see also the comments where they
apply):
- The loader's rules shape the result: one row per (topic, role, agency), one lead per topic, a lead is never
  also a coordinator. Among candidates the statement in the agency's own article or heading ("Trách nhiệm của
  X") wins, then a clause-level statement (that heading, or a clause enumerating its contents "… các nội dung
  sau:"), then the first in the text. Recipients of a draft ("gửi dự thảo cho X để lấy ý kiến") and the
  province's self-assessment read from the "theo dõi, đánh giá Chỉ số … của tỉnh" clauses count only where the
  text says nothing more direct.
- The list of coordinating agencies (topic "general") is the article "Cơ quan chủ trì, cơ quan phối hợp" when
  there is one, else every agency named in the scope article ("Phạm vi …").
- A topic that names a deliverable or a process (a plan, a budget, proposals, comments, reports, an
  inspection) absorbs the reform areas the same sentence names: they are its content, not separate duties. A
  sentence naming four areas or more is about the reform as a whole ("general").
- Topics an article gives coordinators but no lead take the agency that presides over the article ("Sở Nội vụ
  chủ trì, phối hợp với … trong thực hiện các nhiệm vụ sau:").
- Articles that only state principles, purposes, forms or requirements give no responsibilities.
- The yearly proposal deadline is not part of the contract and is not extracted here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from cchc.core.text import fold
from cchc.ingest.reader import Source
from cchc.ingest.structure import Extracted, Responsibility

LEAD, APPRAISE, CO_APPRAISE, COORDINATE = "lead", "appraise", "co-appraise", "coordinate"

# --- folding that keeps positions: one folded character per original character -------------------------------


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    folded = fold(ch)
    if len(folded) == 1:
        return folded
    lower = ch.lower()
    return lower if len(lower) == 1 else "?"


def _aligned(text: str) -> str:
    """`fold` character by character, so that a match in the folded text has the same span in the original."""
    return "".join(_fold_char(ch) for ch in text)


_ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh",
    "cchc": "cai cach hanh chinh",
    "cntt": "cong nghe thong tin",
    "vbqppl": "van ban quy pham phap luat",
    "qppl": "quy pham phap luat",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ktxh": "kinh te xa hoi",
    "kt xh": "kinh te xa hoi",
    "qlcl": "quan ly chat luong",
    "htqlcl": "he thong quan ly chat luong",
}
_ABBREVIATION_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len, reverse=True)) + r")\b")


def _norm(folded: str) -> str:
    """Folded text for keyword matching: punctuation but sentence ends ('.', ';') becomes a space, abbreviations
    are spelled out."""
    text = re.sub(r"[^\w@.;]+", " ", folded)
    text = text.replace("_", " ")
    text = _ABBREVIATION_RE.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
    return re.sub(r"\s+", " ", text).strip()


# --- topics --------------------------------------------------------------------------------------------------

# The area of each topic, as in data/programmes.yaml (a test keeps the two the same).
AREA_OF = {
    "assigned-tasks": "direction",
    "communication": "direction",
    "province-self-assessment": "direction",
    "index-improvement": "direction",
    "legal-documents": "institutions",
    "tthc-control": "procedures",
    "one-stop": "procedures",
    "land-environment-procedures": "procedures",
    "training": "civil-service",
    "cchc-budget": "public-finance",
    "project-funding": "public-finance",
    "one-stop-facilities": "public-finance",
    "it-application": "modernisation",
    "online-services": "modernisation",
    "postal-services": "modernisation",
    "iso": "modernisation",
    "it-plan": "modernisation",
    "iso-plan": "modernisation",
    "socio-economic-impact": "impact",
}
AREAS = {"direction", "institutions", "procedures", "organisation", "civil-service", "public-finance"}
AREAS |= {"modernisation", "impact"}
PROCESS_TOPICS = {
    "plan-proposals",
    "plan-comments",
    "plan-adjustment",
    "agency-plans",
    "periodic-reports",
    "inspection",
    "regulation-review",
    "quarterly-briefing",
}
BUDGET_TOPICS = ("one-stop-facilities", "project-funding", "cchc-budget")  # most specific first
PLAN_TOPICS = ("it-plan", "iso-plan")

# (code, pattern on `_norm` text). Patterns say what a clause is about, not who does it (agency names are
# masked as "@" before matching, so "Sở Tài nguyên và Môi trường" is not the land topic).
_TOPIC_PATTERNS: list[tuple[str, str]] = [
    ("general", r"tong hop chung|co quan chu tri co quan phoi hop|trach nhiem trien khai thuc hien (nghiem )?quy che"),
    ("assigned-tasks", r"nhiem vu (do )?(chinh phu thu tuong chinh phu|chinh phu|thu tuong chinh phu) (\w+ ){0,2}giao"),
    ("communication", r"thong tin tuyen truyen|cong tac tuyen truyen"),
    ("province-self-assessment", r"\btu (danh gia|cham diem)\b"),
    ("index-improvement", r"\bpar ?index\b|\bsipas\b|\bpapi\b|cai thien (nang cao )?chi so"),
    ("legal-documents", r"van ban quy pham phap luat|thi hanh phap luat"),
    ("institutions", r"cai cach the che|\bthe che\b"),
    ("tthc-control", r"(kiem soat|cai cach) (quy dinh )?thu tuc hanh chinh"),
    ("one-stop", r"mot cua mot cua lien thong|co che mot cua"),
    ("land-environment-procedures", r"\bdat dai\b|tai nguyen (va )?moi truong"),
    ("training", r"\btap huan\b|boi duong (cho )?(can bo|cong chuc|nghiep vu)"),
    (
        "cchc-budget",
        r"du toan\b[^.;]{0,30}\bkinh phi|kinh phi\b[^.;]{0,100}\bdu toan|phan bo kinh phi|kinh phi (\w+ ){0,6}hang nam",
    ),
    ("project-funding", r"\b(bo tri|cap|phan bo)\b[^.;]{0,20}\b(kinh phi|von)\b[^.;]{0,100}\b(de an|du an)\b"),
    ("one-stop-facilities", r"tru so (cap )?xa|noi lam viec (cua|cho) bo phan (tiep nhan|mot cua)"),
    ("it-plan", r"ke hoach ung dung cong nghe thong tin"),
    (
        "iso-plan",
        r"ke hoach (ap dung )?(he thong )?(quan ly chat luong )?(theo )?(tieu chuan )?(tcvn )?iso\b",
    ),
    ("it-application", r"ung dung cong nghe\b|cong nghe thong tin"),
    ("online-services", r"dich vu (hanh chinh )?cong truc tuyen"),
    ("postal-services", r"buu chinh cong ich"),
    ("iso", r"\biso\b"),
    ("socio-economic-impact", r"kinh te xa hoi"),
    ("organisation", r"to chuc bo may"),
    ("civil-service", r"che do cong vu|can bo cong chuc vien chuc|doi ngu can bo"),
    (
        "direction",
        r"chi dao dieu hanh|chu truong (chinh sach )?(bien phap|giai phap)\b[^.;]{0,10}day manh|\bxep hang\b"
        r"|ban hanh (cac )?chuong trinh ke hoach",
    ),
    ("public-finance", r"tai chinh cong"),
    ("modernisation", r"hien dai hoa (nen )?hanh chinh"),
    (
        "plan-proposals",
        r"truoc ngay \d+ thang \d+|tong hop de xuat|ke hoach cai cach hanh chinh (cua )?nam sau",
    ),
    (
        "plan-comments",
        r"y kien[^.;]{0,30}du thao (cac )?(chuong trinh )?(ke hoach )?cai cach hanh chinh"
        r"|y kien[^.;]{0,30}du thao chuong trinh ke hoach"
        r"|du thao (chuong trinh )?ke hoach cai cach hanh chinh[^.;]{0,60}y kien",
    ),
    ("plan-adjustment", r"dieu chinh\b[^.;]{0,100}\b(chuong trinh|ke hoach)\b"),
    ("agency-plans", r"ke hoach cai cach hanh chinh (hang nam )?cua (cac )?(co quan|don vi|@)[^.;]{0,60}\bgui\b"),
    ("periodic-reports", r"bao cao (cai cach hanh chinh )?dinh ky|che do (thong tin )?bao cao"),
    ("inspection", r"kiem tra (viec thuc hien )?(cong tac )?cai cach hanh chinh|thanh tra kiem tra cong tac cai cach"),
    ("project-appraisal", r"tham dinh (cac )?de an"),
    ("quarterly-briefing", r"giao ban"),
    ("regulation-review", r"(danh gia|theo doi)\b[^.;]{0,40}thuc hien (cac )?(noi dung )?quy che"),
]
_TOPIC_RES = [(code, re.compile(pattern)) for code, pattern in _TOPIC_PATTERNS]
# Phrases where a one-letter typo must not hide the topic ("cải cách thể thế").
_FUZZY_PHRASES = [("institutions", "cai cach the che"), ("tthc-control", "kiem soat thu tuc hanh chinh")]
_FUZZY_PHRASES += [("online-services", "dich vu cong truc tuyen"), ("postal-services", "dich vu buu chinh cong ich")]
_FUZZY_PHRASES += [("public-finance", "cai cach tai chinh cong")]

# Reference phrases name a document the work is based on, not the work: "Căn cứ kế hoạch … đã được phê duyệt",
# "theo kế hoạch áp dụng … đã được Ủy ban nhân dân tỉnh phê duyệt", "(thuộc lĩnh vực hiện đại hóa hành chính)".
_REFERENCE_RES = [
    re.compile(r"\b(theo|can cu)\b[^.;]{0,160}?\bda duoc\b[^.;]{0,40}?\bphe duyet\b"),
    re.compile(r"\bthuoc linh vuc\b[^.;]{0,60}"),
]


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(a == b[:i] + b[i + 1 :] for i in range(len(b)))


def _fuzzy_found(words: list[str], phrase: str) -> bool:
    target = phrase.split()
    head, rest = target[:2], target[2:]
    for i in range(len(words) - len(target) + 1):
        if words[i : i + 2] != head:
            continue
        window = words[i + 2 : i + len(target)]
        misses = [(w, t) for w, t in zip(window, rest, strict=True) if w != t]
        if len(misses) == 1 and len(misses[0][1]) >= 3 and _within_one_edit(*misses[0]):
            return True
    return False


def _raw_topics(normed: str) -> list[str]:
    text = normed
    for pattern in _REFERENCE_RES:
        text = pattern.sub(" ", text)
    found = [code for code, pattern in _TOPIC_RES if pattern.search(text)]
    words = text.replace(".", " ").replace(";", " ").split()
    for code, phrase in _FUZZY_PHRASES:
        if code not in found and _fuzzy_found(words, phrase):
            found.append(code)
    return found


def _refine(found: list[str]) -> list[str]:
    """The more specific topic absorbs the general one it overlaps with (see the module's decisions)."""
    topics = list(dict.fromkeys(found))
    if "general" in topics or len({AREA_OF.get(t, t) for t in topics if t in AREAS or t in AREA_OF}) >= 4:
        return ["general"]  # a sentence naming four reform areas at once is about the reform as a whole
    drop: set[str] = set()
    pairs = [
        ("one-stop-facilities", "one-stop"),
        ("land-environment-procedures", "tthc-control"),
        ("iso-plan", "iso"),
        ("it-plan", "it-application"),
        ("training", "civil-service"),
    ]
    drop |= {general for specific, general in pairs if specific in topics}
    content = {t for t in topics if t in AREAS or t in AREA_OF}
    budget = [t for t in BUDGET_TOPICS if t in topics]
    if budget:
        drop |= content - {budget[0]}
        drop |= set(BUDGET_TOPICS) - {budget[0]}
    plan = [t for t in PLAN_TOPICS if t in topics]
    if plan and not budget:
        drop |= content - set(plan)
    if any(t in PROCESS_TOPICS for t in topics):
        drop |= content
    return [t for t in topics if t not in drop]


def _topics(normed: str) -> list[str]:
    return _refine(_raw_topics(normed))


# --- agencies --------------------------------------------------------------------------------------------------

# Department names as the text writes them after "Sở" or in "Các Sở: …" (folded; longest first).
_DEPARTMENTS = sorted(
    [
        "noi vu",
        "tu phap",
        "tai chinh",
        "tai chinh - ke hoach",
        "ke hoach va dau tu",
        "ke hoach - dau tu",
        "thong tin va truyen thong",
        "khoa hoc va cong nghe",
        "khoa hoc - cong nghe",
        "tai nguyen va moi truong",
        "cong thuong",
        "nong nghiep va phat trien nong thon",
        "nong nghiep va moi truong",
        "giao thong van tai",
        "giao thong - van tai",
        "xay dung",
        "lao dong - thuong binh va xa hoi",
        "lao dong, thuong binh va xa hoi",
        "lao dong thuong binh va xa hoi",
        "van hoa, the thao va du lich",
        "van hoa - the thao va du lich",
        "van hoa va the thao",
        "du lich",
        "giao duc va dao tao",
        "y te",
        "ngoai vu",
        "dan toc va ton giao",
    ],
    key=len,
    reverse=True,
)
_DEPARTMENT_RE = re.compile(r"(?:" + "|".join(re.escape(d) for d in _DEPARTMENTS) + r")\b")
_UB = r"(?:uy ban nhan dan|ubnd)"
_HEAD_WORDS = {"so", "van", "uy", "ubnd", "ban", "thanh", "cong", "kho", "cuc", "bao", "cac", "chu", "bo"}
_STOP_WORDS = {
    "chu",
    "phoi",
    "co",
    "thuc",
    "tham",
    "trong",
    "de",
    "ve",
    "theo",
    "cho",
    "voi",
    "lam",
    "huong",
    "to",
    "gui",
    "chiu",
    "can",
    "la",
    "duoc",
    "tong",
    "bao",
    "xay",
    "nghien",
    "trinh",
    "kip",
    "cung",
    "giai",
    "tiep",
    "tren",
    "nham",
    "khi",
    "neu",
    "thi",
    "va",
    "dong",
    "dinh",
}

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
    r"|bao hiem xa hoi(?: tinh)?|ban dan toc(?: tinh)?)\b"
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
        if not orig[word_start : word_start + 1].isupper() or m.group(1) in _HEAD_WORDS:
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
        if count >= 5 or word.group(0) in _STOP_WORDS or (end is not None and start != end + 1):
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
    folded = _aligned(orig) if folded is None else folded
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
    folded = _aligned(text)
    mentions = _scan(text, folded)
    if not mentions:
        return None
    rest = folded
    for mention in reversed(mentions):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    if re.sub(r"[\s,;:.\-–•+()]|\bva\b|\bgom\b", "", rest):
        return None
    return _names(mentions) or None


# --- structure ----------------------------------------------------------------------------------------------

_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ART_RE = re.compile(r"^(?:dieu|dien)\s+(\d{1,3})\s*[.:](?!\d)\s*(.*)$")
_CHAPTER_RE = re.compile(r"^(?:chuong|phan)\s+(?:[ivxlc]+|\d+)\b")
_CLAUSE_RE = re.compile(r"^(\d{1,2})\s*[.)](?:\s+(.*))?$")
_POINT_RE = re.compile(r"^(?:[-–•+]\s*)?([a-zđ])\s*\)\s*(.*)$")
_BULLET_RE = re.compile(r"^[-–•+]\s+(.*)$")


@dataclass
class _Para:
    line: int
    text: str
    bullet: bool = False


@dataclass
class _Unit:
    label: str
    line: int
    paras: list[_Para] = field(default_factory=list)
    points: list[_Unit] = field(default_factory=list)


@dataclass
class _Article:
    number: int
    line: int
    title: str
    body: list[_Para] = field(default_factory=list)
    clauses: list[_Unit] = field(default_factory=list)


def _paras_of(item: _Unit | _Para) -> list[_Para]:
    return item.paras if isinstance(item, _Unit) else [item]


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def _append(paras: list[_Para], line: int, text: str, blank_before: bool, bullet: bool = False) -> None:
    if paras and not bullet:
        last = paras[-1]
        ends = last.text.rstrip().endswith((".", ";", ":", "!", "?"))
        if (not blank_before and not ends) or _starts_lower(text):
            last.text = last.text.rstrip() + " " + text.strip()
            return
    paras.append(_Para(line, text.strip(), bullet))


def _fix_point_labels(unit: _Unit, ex: Extracted, article: int) -> None:
    """A misprinted letter ("a), b), e), d)") is read by its position when the next letter confirms it."""
    points = unit.points
    for i, point in enumerate(points):
        previous = points[i - 1].label if i else ""
        if point.label not in _LETTERS or (previous and previous not in _LETTERS):
            continue
        expected_index = _LETTERS.index(previous) + 1 if previous else 0
        if expected_index + 1 >= len(_LETTERS) or point.label == _LETTERS[expected_index]:
            continue
        expected = _LETTERS[expected_index]
        nxt = points[i + 1].label if i + 1 < len(points) else None
        if nxt == _LETTERS[expected_index + 1]:
            ex.warn(
                point.line,
                f"Điều {article} khoản {unit.label}: điểm in là “{point.label})” nằm giữa các điểm "
                f"{previous}) và {nxt}); được đọc là điểm {expected}).",
            )
            point.label = expected


def _parse_articles(lines: list[tuple[int, str]], ex: Extracted) -> list[_Article]:
    articles: list[_Article] = []
    article: _Article | None = None
    clause: _Unit | None = None
    point: _Unit | None = None
    in_title = False
    in_chapter = False
    blank = False
    for number, text in lines:
        stripped = text.strip()
        if not stripped:
            blank = True
            continue
        folded = _aligned(stripped)
        art = _ART_RE.match(folded)
        if art:
            article = _Article(int(art.group(1)), number, stripped[art.start(2) :].strip())
            articles.append(article)
            clause = point = None
            in_title, in_chapter, blank = True, False, False
            if stripped.endswith("./."):
                break
            continue
        if _CHAPTER_RE.match(folded):
            in_chapter, in_title, blank = True, False, False
            article = clause = point = None
            continue
        if in_chapter or article is None:
            blank = False
            continue
        cl = _CLAUSE_RE.match(stripped)
        pt = _POINT_RE.match(stripped)
        bl = _BULLET_RE.match(stripped)
        if cl:
            clause = _Unit(cl.group(1), number)
            if cl.group(2):
                clause.paras.append(_Para(number, cl.group(2).strip()))
            article.clauses.append(clause)
            point, in_title = None, False
        elif pt and (clause is not None or article is not None):
            point = _Unit(pt.group(1), number, [_Para(number, pt.group(2).strip())] if pt.group(2) else [])
            if clause is None:  # points directly under an article
                clause = _Unit("", number)
                article.clauses.append(clause)
            clause.points.append(point)
            in_title = False
        elif in_title and (_starts_lower(stripped) or (not blank and article.title.rstrip().endswith((",", "-", "–")))):
            # a title wrapped by the page: the next line goes on in lower case or after a comma
            article.title = (article.title.rstrip() + " " + stripped).strip()
        else:
            in_title = False
            target = point.paras if point is not None else clause.paras if clause is not None else article.body
            if bl:
                _append(target, number, bl.group(1), blank, bullet=True)
            else:
                _append(target, number, stripped, blank)
        blank = False
        if stripped.endswith("./."):
            break
    for art in articles:
        for cl_unit in art.clauses:
            _fix_point_labels(cl_unit, ex, art.number)
    return articles


# --- header ---------------------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"(\d+[a-zA-Z]?)?\s*/\s*((?:\d{4}\s*/\s*)?[A-ZĐ]{1,6}(?:\s*-\s*[A-ZĐ0-9]{1,12})+)")
_DATE_WORDS_RE = re.compile(r"ngay\s*(\d{1,2})?\s+thang\s*(\d{1,2})?\s+nam\s*(\d{4})?")
_DATE_SLASH_RE = re.compile(r"ngay\s*(\d{1,2})?\s*/\s*(\d{1,2})?\s*/\s*(\d{4})")
_ISSUER_RE = re.compile(r"^(chu tich\s+)?(?:uy ban nhan dan|ubnd)\s+(tinh|thanh pho)\b\s*(.*)$")
_PREAMBLE_END_RE = re.compile(r"^\W*(can cu|xet de nghi|theo de nghi|quyet dinh\s*:)")


def _find_date(folded: str) -> tuple[bool, dt.date | None] | None:
    """None when there is no date phrase; else (True, the date, or None when its day, month or year is blank)."""
    m = _DATE_WORDS_RE.search(folded) or _DATE_SLASH_RE.search(folded)
    if not m:
        return None
    day, month, year = m.groups()
    if not (day and month and year):
        return True, None
    try:
        return True, dt.date(int(year), int(month), int(day))
    except ValueError:
        return True, None


def _annex(lines: list[tuple[int, str]]) -> tuple[int | None, str]:
    """The regulation's "(Ban hành kèm theo Quyết định số … ngày … của …)", from "số" on."""
    for i, (number, text) in enumerate(lines):
        folded = _aligned(text)
        m = re.search(r"kem theo quyet dinh\s+(so\b)?", folded)
        if m:
            joined = " ".join(t.strip() for _, t in lines[i : i + 3])
            start = _aligned(joined).index("kem theo quyet dinh")
            tail = joined[start + len("kem theo quyet dinh") :]
            return number, tail.split(")")[0]
    return None, ""


def _parse_number(preamble, annex_line, annex_tail, ex: Extracted) -> None:
    candidates: list[tuple[int | None, str]] = []
    for number, text in preamble:
        m = re.match(r"^\W*so(\s+hieu)?\s*:", _aligned(text))
        if m:
            candidates.append((number, text[m.end() :]))
            break
    if annex_tail:
        candidates.append((annex_line, re.sub(r"^\s*số\s*", "", annex_tail, flags=re.IGNORECASE)[:60]))
    blank_line = None
    for line, text in candidates:
        m = _NUMBER_RE.search(text)
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
        folded = _aligned(text)
        m = re.search(r",\s*ngay\b", folded) or re.match(r"^\W*ngay\b", folded)
        if m:
            words = text[: m.start()].split()
            named = []
            while words and words[-1][:1].isupper():  # the place: the capitalised words before ", ngày"
                named.insert(0, words.pop())
            place = place or " ".join(named)
            sources.append((number, folded[m.start() :]))
    if annex_tail:
        folded = _aligned(annex_tail)
        if "ngay" in folded:
            sources.append((annex_line, folded[folded.index("ngay") :]))
    blank_line = None
    for line, folded in sources:
        found = _find_date(folded)
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
        if re.match(r"^(chu tich\s+)?(uy ban nhan dan|ubnd)$", _aligned(stripped)) and i + 1 < len(texts):
            stripped = stripped + " " + texts[i + 1]  # "ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NAM" on two lines
        m = _ISSUER_RE.match(_aligned(stripped))
        if not m:
            continue
        named = re.split(r"\s*[|\t]|\s+(?=CỘNG HÒA|Cộng hòa|Số\s*:)", stripped[m.start(3) :])[0].strip()
        if not named:  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH": the place of the date line
            named = re.sub(r"^(tỉnh|thành phố)\s+", "", place, flags=re.IGNORECASE)
        named = named.title() if named.isupper() else named
        kind = "tỉnh" if m.group(2) == "tinh" else "thành phố"
        ex.issuer = _clean_name(f"{'Chủ tịch ' if m.group(1) else ''}Ủy ban nhân dân {kind} {named}")
        return
    m = re.search(r"\bcua\s+((?:chu tich\s+)?(?:uy ban nhan dan|ubnd)\b.*)$", _aligned(annex_tail))
    if m:
        ex.issuer = _clean_name(annex_tail[m.start(1) :])
        return
    ex.warn(None, "Không tìm thấy cơ quan ban hành (Ủy ban nhân dân tỉnh …).")


def _parse_title(decision, heading, ex: Extracted) -> None:
    """The decision's "Điều 1. Ban hành kèm theo Quyết định này Quy chế …", else its "Ban hành Quy chế …" line,
    else the regulation's own heading."""
    joined: list[str] = []
    for number, text in decision:
        folded = _aligned(text.strip())
        if joined:
            if not text.strip() or _ART_RE.match(folded):
                break
            joined.append(text.strip())
        elif re.match(r"^dieu 1\s*[.:]\s*ban hanh kem theo", folded):
            joined.append(text.strip())
        del number
    candidates = [" ".join(joined)]
    for i, (_, text) in enumerate(decision):
        if re.match(r"^\W*(ve viec\s+)?ban hanh\s+quy che\b", _aligned(text.strip())):
            more = [t.strip() for _, t in decision[i + 1 : i + 3] if t.strip() and not _aligned(t.strip()).isupper()]
            candidates.append(" ".join([text.strip()] + more[:1]))
            break
    candidates.append(" ".join(t.strip() for _, t in heading))
    for text in candidates:
        m = re.search(r"\bquy che\b", _aligned(text))
        if not m:
            continue
        title = re.split(r"\s*\./\.|\.\s*$|\.\s+(?=[A-ZĐ])|\s+(?=\()", text[m.start() :])[0]
        if _aligned(title).strip(" .*") == "quy che":
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
        if _PREAMBLE_END_RE.match(_aligned(text.strip())) or _ART_RE.match(_aligned(text.strip())):
            break
        preamble.append((number, text))
    heading: list[tuple[int, str]] = []
    if body_start is not None:
        for number, text in lines:
            if number <= body_start:
                continue
            folded = _aligned(text.strip())
            if _ART_RE.match(folded) or _CHAPTER_RE.match(folded) or folded.startswith("("):
                break
            heading.append((number, text))
        heading = [(body_start, "Quy chế")] + heading
    annex_lines = [(n, t) for n, t in lines if body_start is not None and n > body_start][:12] or decision[:40]
    annex_line, annex_tail = _annex(annex_lines)
    _parse_number(preamble, annex_line, annex_tail, ex)
    place = _parse_date(preamble, annex_line, annex_tail, ex)
    _parse_issuer(preamble, annex_tail, place, ex)
    _parse_title(decision, heading, ex)


# --- responsibilities -------------------------------------------------------------------------------------------


@dataclass
class _Row:
    topic: str
    role: str
    agency: str
    article: str
    line: int
    own: bool = False  # stated in the agency's own article or heading ("Trách nhiệm của X")
    level: bool = False  # a clause-level statement (a heading, a clause enumerating its contents)
    weak: bool = False  # recipients of a draft, the article's lead for its unattributed topics
    derived: bool = False  # the province's self-assessment read from the index clauses

    def rank(self) -> tuple:
        return (self.weak, self.derived, not self.own, not self.level, self.line)


@dataclass
class _Context:
    subjects: list[tuple[str, bool]] = field(default_factory=list)
    own: set[str] = field(default_factory=set)
    lead: bool = False  # the intro says "chủ trì"
    partners: list[tuple[str, bool]] = field(default_factory=list)  # the intro's "phối hợp với"
    topics: list[str] = field(default_factory=list)


_SKIP_TITLES = re.compile(
    r"^(nguyen tac|muc tieu|muc dich|phuong thuc|hinh thuc|noi dung phoi hop|yeu cau|giai thich|hieu luc|doi tuong)"
)
_SCOPE_TITLE = re.compile(r"^pham vi")
_ROSTER_TITLE = re.compile(r"co quan chu tri\s*,?\s*(co quan )?phoi hop")
_OWN_RE = re.compile(r"^\s*trach nhiem (cua|thuc hien cua)\s+")
_ENUM_RE = re.compile(r"(noi dung sau|linh vuc sau|bao gom|\bgom|\bnhu)$")
_LEAD_RE = re.compile(
    r"(?<!co quan )(?<!don vi )(?<!duoc giao )(?<!phan cong )(?<!nganh )(?<!so )\bchu tri\b|\bdau moi\b"
)
_LEAD_START_RE = re.compile(r"^\W*(?:co trach nhiem |chiu trach nhiem )?(?:chu tri|huong dan|lam dau moi)\b")
_COORD_RE = re.compile(
    r"(?<!co quan )(?<!don vi )(?<!su )(?<!quy che )(?<!cong tac )(?<!hinh thuc )(?<!noi dung )(?<!viec )"
    r"(?<!chu tri )\bphoi hop\b|\btham gia\b"
)
_CO_APPRAISE_RE = re.compile(r"phoi hop (trong viec )?tham dinh\b")
_APPRAISE_RE = re.compile(
    r"tham dinh chi so|(theo doi|danh gia)\b[^.;]{0,40}\bchi so\b[^.;]{0,80}\b(doi voi|thuoc) (cac )?noi dung"
)
_PROVINCE_INDEX_RE = re.compile(r"chi so cai cach hanh chinh (cua )?tinh\b")
_PARTNER_RE = re.compile(r"phoi hop(?:\s+chat che)?\s+(?:voi|cung)\s+")
_INVITE_RE = re.compile(r"(?<!phoi )\bhop(?:\s+giao ban)?\s+voi\s+|\bgiao ban\s+voi\s+")
_REQUEST_RE = re.compile(r"theo de nghi cua\s+")
_URGE_RE = re.compile(r"don doc\s+")
_SEND_RE = re.compile(r"\bgui\b")
_SOLICIT_RE = re.compile(r"\bgui\b[^.;]*\bde\b[^.;]{0,20}\by kien\b|\blay y kien\b")
_COMMENT_RE = re.compile(r"\by kien\b|\bgop y\b")
_ADVERBIAL_RE = re.compile(
    r"^(dinh ky|trong|ngoai|khi|sau khi|truoc khi|hang (nam|quy|thang)|doi voi|truong hop|neu|can cu|dong thoi)\b"
)
_REF_RE = re.compile(r"\bkhoan\s+(\d{1,2})\b(?!\s*dieu\s+\d)")


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
            and bool(_ADVERBIAL_RE.match(gap))
            and not _LEAD_RE.search(_norm(gap))
            and not _COORD_RE.search(_norm(gap))
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


class _Extractor:
    def __init__(self, articles: list[_Article], ex: Extracted):
        self.articles = articles
        self.ex = ex
        self.rows: list[_Row] = []
        self.has_roster = any(_ROSTER_TITLE.search(_norm(_aligned(a.title))) for a in articles)
        # the article being read
        self.article_topics: list[str] = []
        self.plan_topic: str | None = None
        self.roster = False
        self.article_lead: tuple[str, str, int] | None = None
        self.clause_topics: dict[str, list[str]] = {}

    # -- helpers

    def _row(self, topic, role, name, ref, line, **flags) -> None:
        self.rows.append(_Row(topic, role, _clean_name(name), ref, line, **flags))

    @staticmethod
    def _ref(article: int, clause: str = "", point: str = "") -> str:
        ref = f"Đ{article}"
        if clause:
            ref += f".{clause}"
        return ref + point

    def _unit_topics(self, text: str) -> list[str]:
        folded = _aligned(text)
        return _topics(_norm(_masked(folded, _scan(text, folded))))

    # -- articles

    def run(self) -> None:
        for article in self.articles:
            try:
                self._article(article)
            except Exception as exc:  # noqa: BLE001 - one odd article must not lose the others
                self.ex.warn(article.line, f"Điều {article.number}: không đọc được ({type(exc).__name__}).")

    def _article(self, article: _Article) -> None:
        title_norm = _norm(_aligned(article.title))
        if _SCOPE_TITLE.match(title_norm):
            if not self.has_roster:
                self._scope(article)
            return
        if _SKIP_TITLES.match(title_norm):
            return
        roster = bool(_ROSTER_TITLE.search(title_norm))
        own_match = _OWN_RE.match(_aligned(article.title))
        ctx = _Context()
        if own_match:
            run = _runs(_scan(article.title), _aligned(article.title))
            names = _names(_run_at(run, own_match.end()))
            ctx.subjects = names
            ctx.own = {_key(n) for n, _ in names}
            ctx.topics = []
        else:
            ctx.topics = self._unit_topics(article.title)
        if roster:
            ctx.topics = ["general"]
        self.article_topics = ctx.topics
        self.plan_topic = next((t for t in PLAN_TOPICS if t in ctx.topics), None)
        self.roster = roster
        self.article_lead = None
        self.clause_topics = {}
        start = len(self.rows)
        if not article.clauses:
            paras = article.body or ([_Para(article.line, article.title)] if not own_match else [])
            if paras:
                self._unit(paras, self._ref(article.number), ctx)
        else:
            # an article's introduction ("Tùy theo tính chất … các hình thức sau:") assigns nothing
            self.clause_topics = {
                c.label: self._unit_topics(" ".join(p.text for p in self._all_paras(c))) for c in article.clauses
            }
            first_heading = True
            for clause in article.clauses:
                first_heading = self._clause(article, clause, ctx, first_heading)
        self._article_lead_fallback(start)

    def _article_lead_fallback(self, start: int) -> None:
        """Topics that the article gives coordinators but no lead take the agency that presides the article."""
        if self.article_lead is None:
            return
        rows = self.rows[start:]
        led = {r.topic for r in rows if r.role == LEAD}
        name, ref, line = self.article_lead
        for topic in dict.fromkeys(r.topic for r in rows if r.role == COORDINATE and not r.derived):
            if topic not in led:
                self._row(topic, LEAD, name, ref, line, weak=True)

    @staticmethod
    def _all_paras(clause: _Unit) -> list[_Para]:
        paras = list(clause.paras)
        for point in clause.points:
            paras.extend(point.paras)
        return paras

    def _scope(self, article: _Article) -> None:
        units = [(self._ref(article.number, c.label), c.line, self._all_paras(c)) for c in article.clauses]
        if not article.clauses and article.body:
            units = [(self._ref(article.number), article.line, article.body)]
        for ref, line, paras in units:
            for para in paras:
                for name, _ in _names(_scan(para.text)):
                    self._row("general", COORDINATE, name, ref, line)

    def _clause(self, article: _Article, clause: _Unit, actx: _Context, first_heading: bool) -> bool:
        """One clause; returns whether the next "Trách nhiệm của X" heading of the article is still the first."""
        ref = self._ref(article.number, clause.label)
        if not clause.paras and not clause.points:
            return first_heading
        intro = clause.paras[0].text if clause.paras else ""
        intro_folded = _aligned(intro)
        ctx = _Context(list(actx.subjects), set(actx.own), topics=list(actx.topics))
        own_match = _OWN_RE.match(intro_folded)
        pure = _is_pure_list(intro) if intro else None
        heading = bool(own_match or pure)
        if own_match:  # "1. Trách nhiệm của Sở Nội vụ": its agencies do the article's work
            names = _names(_run_at(_runs(_scan(intro, intro_folded), intro_folded), own_match.end()))
            if names:
                ctx.subjects, ctx.own = names, {_key(n) for n, _ in names}
                if self.article_topics and not self.roster:
                    for i, (name, _) in enumerate(names):
                        role = LEAD if first_heading and i == 0 else COORDINATE
                        for topic in self.article_topics:
                            self._row(topic, role, name, ref, clause.line, own=True, level=True)
                    first_heading = False
        elif pure:  # "2. Các Sở: Tư pháp, …, Văn phòng Ủy ban nhân dân tỉnh" heads its points
            ctx.subjects, ctx.own = pure, set()
        rest = clause.paras[1:] if heading or clause.points else clause.paras

        # agencies listed one per point or bullet under an intro ("Các cơ quan … phối hợp với Sở Nội vụ …:")
        items: list = clause.points or [p for p in rest if p.bullet]
        item_lists = [(_is_pure_list(" ".join(p.text for p in _paras_of(item))), item) for item in items]
        if items and not heading and all(names for names, _ in item_lists):
            self._roster_items(article, clause, intro, item_lists, ctx)
            return first_heading

        # a clause enumerating its contents ("… thuộc các nội dung sau: a) …") is one statement
        if clause.points and intro.rstrip().endswith(":") and _ENUM_RE.search(_norm(intro_folded)):
            text = " ".join(p.text for p in self._all_paras(clause))
            self._unit([_Para(clause.line, text)], ref, ctx, level=True)
            return first_heading

        if clause.points:  # the intro gives its subject, role, partners and topics to the points
            if intro and not heading:
                self._intro_context(intro, ctx, ref, clause.line)
            if rest:
                self._unit(rest, ref, ctx)
            for point in clause.points:
                if point.paras:
                    self._unit(point.paras, self._ref(article.number, clause.label, point.label), ctx)
        elif rest:
            self._unit(rest, ref, ctx)
        return first_heading

    def _intro_context(self, intro: str, ctx: _Context, ref: str, line: int) -> None:
        """A clause's intro passes its subject, role and partners to its points ("Sở Nội vụ chủ trì, phối hợp
        với … trong thực hiện các nhiệm vụ sau:")."""
        folded = _aligned(intro)
        runs = _runs(_scan(intro, folded), folded)
        subject, pred_start = _subject_at(folded, runs, 0)
        if subject:
            ctx.subjects = subject
        if _LEAD_RE.search(_norm(folded[pred_start:])):
            ctx.lead = True
            if len(ctx.subjects) == 1 and self.article_lead is None:
                self.article_lead = (ctx.subjects[0][0], ref, line)
        for m in _PARTNER_RE.finditer(folded, pred_start):
            ctx.partners = _names(_run_at(runs, m.end()))
            break
        topics = self._unit_topics(intro)
        if topics:
            ctx.topics = topics

    def _roster_items(self, article, clause, intro, item_lists, ctx) -> None:
        ref = self._ref(article.number, clause.label)
        folded = _aligned(intro)
        runs = _runs(_scan(intro, folded), folded)
        topics = self._unit_topics(intro) or ctx.topics
        if self.roster:
            topics = ["general"]
        if not topics:
            self.ex.warn(clause.line, f"{ref} (dòng {clause.line}): không xác định được nội dung của danh sách này.")
            return
        lead = None
        for m in _PARTNER_RE.finditer(folded):
            partners = _names(_run_at(runs, m.end()))
            if partners and not partners[0][1]:
                lead = partners[0][0]
            break
        normed = _norm(folded)
        role = COORDINATE if (_COORD_RE.search(normed) or lead or not _LEAD_RE.search(normed)) else LEAD
        for names, item in item_lists:
            item_ref = ref + (item.label if isinstance(item, _Unit) else "")
            line = item.line
            for name, _ in names:
                for topic in topics:
                    self._row(topic, role, name, item_ref, line)
        if lead:
            for topic in topics:
                self._row(topic, LEAD, lead, ref, clause.line)

    # -- units

    def _groups(self, paras: list[_Para]) -> list[_Para]:
        """A paragraph with its own role verb stands alone; any other one continues the previous one."""
        groups: list[_Para] = []
        for para in paras:
            normed = _norm(_aligned(para.text))
            verb = _LEAD_RE.search(normed) or _COORD_RE.search(normed) or _APPRAISE_RE.search(normed)
            if groups and not verb:
                groups[-1] = _Para(groups[-1].line, groups[-1].text + "\n" + para.text)
            else:
                groups.append(_Para(para.line, para.text))
        return groups

    def _unit(self, paras: list[_Para], ref: str, ctx: _Context, level: bool = False) -> None:
        subjects = list(ctx.subjects)
        for i, group in enumerate(self._groups(paras)):
            try:
                subjects = self._sentence(group, ref, ctx, subjects, level, first=i == 0)
            except Exception as exc:  # noqa: BLE001 - never raise: a warning names the line
                self.ex.warn(group.line, f"{ref} (dòng {group.line}): không đọc được đoạn này ({type(exc).__name__}).")

    def _sentence(self, para: _Para, ref: str, ctx: _Context, subjects, level: bool, first: bool) -> list:
        """The rows of one sentence group; returns the subjects for the next group of the same unit."""
        text, line = para.text, para.line
        pure = _is_pure_list(text)
        if pure:  # "b) Các Sở, ngành: Tư pháp, …" heads the paragraphs that follow
            return pure
        folded = _aligned(text)
        cut = _cut_reference(folded)
        mentions = [m for m in _scan(text, folded) if m.start >= cut]
        runs = _runs(mentions, folded)
        subject, pred_start = _subject_at(folded, runs, cut)
        explicit = bool(subject)
        subject = subject or subjects
        pred = folded[pred_start:]
        masked = _masked(folded, mentions)
        normed_pred = _norm(masked[pred_start:])
        normed_all = _norm(masked[cut:])

        def named_after(pattern: re.Pattern) -> list[tuple[str, bool]]:
            m = pattern.search(pred)
            return _names(_run_at(runs, pred_start + m.end())) if m else []

        partners = named_after(_PARTNER_RE) or (ctx.partners if first and not explicit else [])
        invitees = named_after(_INVITE_RE)
        requester = named_after(_REQUEST_RE)
        urged = named_after(_URGE_RE)
        recipients: list[tuple[str, bool]] = []
        send = _SEND_RE.search(pred)
        if send:
            stop = re.search(r"[.;]|\bde\b", pred[send.end() :])
            limit = pred_start + send.end() + (stop.start() if stop else len(pred))
            run = next((r for r in runs if pred_start + send.end() <= r[0].start < limit), None)
            recipients = _names(run)

        co_appraise = bool(_CO_APPRAISE_RE.search(normed_pred))
        appraise = bool(_APPRAISE_RE.search(normed_pred))
        lead_start = bool(_LEAD_START_RE.match(normed_pred))
        lead_verb = lead_start or bool(_LEAD_RE.search(normed_pred)) or (first and not explicit and ctx.lead)
        coord_verb = bool(_COORD_RE.search(normed_pred))
        solicit = bool(_SOLICIT_RE.search(normed_pred))
        comment = bool(_COMMENT_RE.search(normed_pred))

        topics = _topics(normed_all)
        if self.roster:
            topics = ["general"]
        elif comment and not co_appraise and not appraise:
            # a comment is about the draft commented on: the CCHC plan, else the plan the article is about
            if "plan-comments" in topics:
                topics = ["plan-comments"]
            elif self.plan_topic:
                topics = [self.plan_topic]
        topics = topics or list(ctx.topics) or list(self.article_topics)

        agencies = [name for name, _ in subject]
        single = len(subject) == 1 and not subject[0][1]  # one agency, not a group: it can lead
        if not topics or not (agencies or (recipients and "agency-plans" in topics)):
            what = "cơ quan thực hiện" if not agencies else "nội dung (lĩnh vực, chủ đề)"
            self.ex.warn(line, f"{ref} (dòng {line}): không xác định được {what}; đoạn này không thành trách nhiệm.")
            return subjects

        def add(topic_list: list[str], role: str, name: str, **extra) -> None:
            for topic in topic_list:
                self._row(topic, role, name, ref, line, own=_key(name) in ctx.own, level=level, **extra)

        def add_all(topic_list: list[str], role: str, names) -> None:
            for name in names:
                add(topic_list, role, name[0] if isinstance(name, tuple) else name)

        if not agencies:  # "Kế hoạch CCHC … của các cơ quan, đơn vị phải đồng gửi A, B, C": A leads
            add(["agency-plans"], LEAD, recipients[0][0])
            add_all(["agency-plans"], COORDINATE, recipients[1:])
        elif co_appraise:
            add_all([t for t in topics if t != "project-appraisal"] or topics, CO_APPRAISE, agencies)
        elif appraise:
            referred = [t for m in _REF_RE.finditer(normed_pred) for t in self.clause_topics.get(m.group(1), [])]
            add_all(list(dict.fromkeys(topics + [t for t in referred if t != "general"])), APPRAISE, agencies)
            if lead_start:
                add(topics, LEAD, agencies[0])
            if _PROVINCE_INDEX_RE.search(normed_pred):
                # whoever leads the direction area's index content leads the province's self-assessment
                role = LEAD if lead_start and "direction" in topics else COORDINATE
                for name in agencies:
                    add(["province-self-assessment"], role, name, derived=True)
        elif lead_verb:
            add(topics, LEAD, agencies[0])
            add_all(topics, COORDINATE, agencies[1:] + partners + invitees + urged)
            if self.article_lead is None and single:
                self.article_lead = (agencies[0], ref, line)
        elif invitees or (solicit and not partners):
            add(topics, LEAD, agencies[0])
            add_all(topics, COORDINATE, agencies[1:] + invitees)
        elif coord_verb and partners and not partners[0][1]:  # "phối hợp với Sở Nội vụ": Sở Nội vụ leads
            add(topics, LEAD, partners[0][0])
            add_all(topics, COORDINATE, partners[1:] + agencies)
        elif coord_verb and partners:  # "phối hợp với các cơ quan liên quan": a group cannot lead
            if single:
                add(topics, LEAD, agencies[0])
            else:
                add_all(topics, COORDINATE, agencies)
            add_all(topics, COORDINATE, partners)
        elif coord_verb:
            if requester and not requester[0][1]:  # "phối hợp kiểm tra … theo đề nghị của Sở Nội vụ"
                add(topics, LEAD, requester[0][0])
            add_all(topics, COORDINATE, agencies)
        else:  # no role verb: one agency does the work, several share it
            if single:
                add(topics, LEAD, agencies[0])
            else:
                add_all(topics, COORDINATE, agencies)
            add_all(topics, COORDINATE, urged)
        if solicit:
            for name, _ in recipients:
                add(topics, COORDINATE, name, weak=True)
        return subjects

    # -- consolidation

    def responsibilities(self) -> list[Responsibility]:
        """The candidates under the loader's rules: one row per (topic, role, agency), one lead per topic, no
        lead among its coordinators; the best-ranked candidate wins (`_Row.rank`)."""
        best: dict[tuple[str, str, str], _Row] = {}
        for row in self.rows:
            key = (row.topic, row.role, _key(row.agency))
            if key not in best or row.rank() < best[key].rank():
                best[key] = row
        rows = list(best.values())
        direct_topics = {r.topic for r in rows if not r.derived}
        rows = [r for r in rows if not r.derived or r.topic not in direct_topics]
        leads: dict[str, _Row] = {}
        for row in rows:
            if row.role == LEAD and (row.topic not in leads or row.rank() < leads[row.topic].rank()):
                leads[row.topic] = row
        kept = []
        for row in rows:
            lead = leads.get(row.topic)
            if row.role == LEAD and row is not lead:
                continue
            if row.role == COORDINATE and lead is not None and _key(lead.agency) == _key(row.agency):
                continue
            kept.append(row)
        order = {LEAD: 0, APPRAISE: 1, CO_APPRAISE: 2, COORDINATE: 3}
        kept.sort(key=lambda r: (r.line, order[r.role], r.topic))
        return [Responsibility(r.agency, r.role, r.topic, r.article, r.line) for r in kept]


# --- entry point ------------------------------------------------------------------------------------------------


def _prepared(source: Source) -> list[tuple[int, str]]:
    lines = []
    for line in getattr(source, "lines", None) or []:
        text = getattr(line, "text", "") or ""
        # NFC keeps one character per letter (the folding relies on it); "Ð" (Icelandic eth) stands in for "Đ"
        text = unicodedata.normalize("NFC", str(text)).replace("\u00d0", "Đ")
        lines.append((int(getattr(line, "number", len(lines) + 1)), text))
    return lines


def _body_start(lines: list[tuple[int, str]]) -> int | None:
    """The line of the regulation's own heading ("QUY CHẾ"), if the text has one."""
    for number, text in lines:
        if _aligned(text.strip()).strip("*#_ ") == "quy che":
            return number
    return None


def parse_regulation(source: Source) -> Extracted:
    """The regulation's header and responsibilities; never raises (a warning says what could not be read)."""
    ex = Extracted(kind="regulation")
    try:
        lines = _prepared(source)
        if not any(text.strip() for _, text in lines):
            ex.warn(None, "Văn bản trống: không có nội dung để đọc.")
            return ex
        start = _body_start(lines)
        _parse_header(lines, start, ex)
        body = [(n, t) for n, t in lines if n > start] if start is not None else lines
        articles = _parse_articles(body, ex)
        if not articles:
            ex.warn(None, "Không tìm thấy điều khoản nào (Điều 1., Điều 2., …) trong Quy chế.")
            return ex
        extractor = _Extractor(articles, ex)
        extractor.run()
        ex.responsibilities = extractor.responsibilities()
        if not ex.responsibilities:
            ex.warn(None, "Không tìm thấy trách nhiệm nào (cơ quan chủ trì, phối hợp, thẩm định) trong Quy chế.")
    except Exception as exc:  # noqa: BLE001 - the parser never raises; the person sees why nothing was read
        ex.warn(None, f"Không đọc được văn bản như một Quy chế ({type(exc).__name__}).")
    return ex

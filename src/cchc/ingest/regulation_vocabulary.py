"""REG-1: the regulation parser's vocabulary, as data a maintainer extends without touching the logic.

All patterns match folded text (`cchc.ingest.textparse.norm`: lower case, no accents, abbreviations spelled
out), and agency names are masked as "@" before the topic patterns run.
- Topics and areas: `AREA_OF` (kept the same as data/programmes.yaml by a test), `TOPIC_PATTERNS`,
  `FUZZY_PHRASES`.
- Agencies: `DEPARTMENTS` (names after "Sở", pre- and post-2025), `HEAD_WORDS`, `STOP_WORDS`.
- Role verbs and article kinds: `LEAD_RE`, `COORD_RE`, `APPRAISE_RE`, … and the titles of articles that assign
  nothing.
- Time phrases: the yearly proposal deadline and the meeting cadence (`CADENCES`), the appraisal intro.
"""

from __future__ import annotations

import re

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
TOPIC_PATTERNS: list[tuple[str, str]] = [
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
        r"truoc ngay \d+ thang \d+|tong hop de xuat|ke hoach cai cach hanh chinh (cua )?nam sau"
        r"|\bgui de xuat\b|de xuat (cac )?nhiem vu cai cach hanh chinh|cham nhat ngay \d+ \d+ hang nam",
    ),
    (
        "plan-comments",
        r"y kien[^.;]{0,30}du thao (cac )?(chuong trinh )?(ke hoach )?cai cach hanh chinh"
        r"|y kien[^.;]{0,30}du thao chuong trinh ke hoach"
        r"|du thao (chuong trinh )?ke hoach cai cach hanh chinh[^.;]{0,60}y kien"
        r"|\bgop y\b[^.;]{0,20}du thao (chuong trinh )?(ke hoach )?cai cach hanh chinh",
    ),
    ("plan-adjustment", r"dieu chinh\b[^.;]{0,100}\b(chuong trinh|ke hoach)\b"),
    (
        "agency-plans",
        r"ke hoach cai cach hanh chinh (hang nam )?cua (cac )?(co quan|don vi|@)[^.;]{0,60}\bgui\b"
        r"|\bgui\b (cac |ban )?ke hoach cai cach hanh chinh hang nam",
    ),
    ("periodic-reports", r"bao cao (cai cach hanh chinh )?dinh ky|che do (thong tin )?bao cao"),
    ("inspection", r"kiem tra (viec thuc hien )?(cong tac )?cai cach hanh chinh|thanh tra kiem tra cong tac cai cach"),
    ("project-appraisal", r"tham dinh (cac )?de an"),
    ("quarterly-briefing", r"giao ban|\bhop (dinh ky|danh gia|so ket)|hoi nghi so ket"),
    ("regulation-review", r"(danh gia|theo doi)\b[^.;]{0,40}thuc hien (cac )?(noi dung )?quy che"),
]

# Phrases where a one-letter typo must not hide the topic ("cải cách thể thế").
FUZZY_PHRASES = [("institutions", "cai cach the che"), ("tthc-control", "kiem soat thu tuc hanh chinh")]
FUZZY_PHRASES += [("online-services", "dich vu cong truc tuyen"), ("postal-services", "dich vu buu chinh cong ich")]
FUZZY_PHRASES += [("public-finance", "cai cach tai chinh cong")]

# Reference phrases name a document the work is based on, not the work: "Căn cứ kế hoạch … đã được phê duyệt",

# Department names as the text writes them after "Sở" or in "Các Sở: …" (folded; longest first).
DEPARTMENTS = sorted(
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
HEAD_WORDS = {"so", "van", "uy", "ubnd", "ban", "thanh", "cong", "kho", "cuc", "bao", "cac", "chu", "bo"}
STOP_WORDS = {
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

SKIP_TITLES = re.compile(
    r"^(nguyen tac|muc tieu|muc dich|phuong thuc|hinh thuc|noi dung phoi hop|yeu cau|giai thich|hieu luc|doi tuong)"
)
SCOPE_TITLE = re.compile(r"^pham vi")
ROSTER_TITLE = re.compile(r"co quan chu tri\s*,?\s*(co quan )?phoi hop")
OWN_RE = re.compile(r"^\s*trach nhiem (cua|thuc hien cua)\s+")
ENUM_RE = re.compile(r"(noi dung sau|linh vuc sau|bao gom|\bgom|\bnhu)$")
LEAD_RE = re.compile(
    r"(?<!co quan )(?<!don vi )(?<!duoc giao )(?<!phan cong )(?<!nganh )(?<!so )\bchu tri\b|\bdau moi\b"
)
LEAD_START_RE = re.compile(r"^\W*(?:co trach nhiem |chiu trach nhiem )?(?:chu tri|huong dan|lam dau moi)\b")
COORD_RE = re.compile(
    r"(?<!co quan )(?<!don vi )(?<!su )(?<!quy che )(?<!cong tac )(?<!hinh thuc )(?<!noi dung )(?<!viec )"
    r"(?<!chu tri )\bphoi hop\b|\btham gia\b"
)
CO_APPRAISE_RE = re.compile(r"phoi hop (trong viec )?tham dinh\b")
APPRAISE_RE = re.compile(
    r"tham dinh chi so|(theo doi|danh gia)\b[^.;]{0,40}\bchi so\b[^.;]{0,80}\b(doi voi|thuoc) (cac )?noi dung"
)
PROVINCE_INDEX_RE = re.compile(r"chi so cai cach hanh chinh (cua )?tinh\b")
PARTNER_RE = re.compile(r"phoi hop(?:\s+chat che)?\s+(?:voi|cung)\s+")
INVITE_RE = re.compile(r"(?<!phoi )\bhop(?:\s+giao ban)?\s+voi\s+|\bgiao ban\s+voi\s+")
REQUEST_RE = re.compile(r"theo de nghi cua\s+")
URGE_RE = re.compile(r"don doc\s+")
SEND_RE = re.compile(r"\bgui\b")
SOLICIT_RE = re.compile(r"\bgui\b[^.;]*\bde\b[^.;]{0,20}\by kien\b|\blay y kien\b")
COMMENT_RE = re.compile(r"\by kien\b|\bgop y\b")
ADVERBIAL_RE = re.compile(
    r"^(dinh ky|trong|ngoai|khi|sau khi|truoc khi|hang (nam|quy|thang)|doi voi|truong hop|neu|can cu|dong thoi"
    r"|truoc ngay|cham nhat|han chot)\b"
)
REF_RE = re.compile(r"\bkhoan\s+(\d{1,2})\b(?!\s*dieu\s+\d)")

# Where a sentence sending something names its receiver: "gửi … về Sở Nội vụ để tổng hợp" (the "để" of purpose
# ends the search; "đề xuất", "đề nghị" are nouns here).
SEND_STOP_RE = re.compile(r"[.;]|\bde\b(?!\s+(?:xuat|nghi|an)\b)")
# Topics a sentence with the agencies as subject and a receiver ("gửi … về Sở Nội vụ") gives to the receiver.
# "… để lấy ý kiến các sở, ban, ngành": those asked for comments coordinate.
CONSULT_RE = re.compile(r"lay y kien(?:\s+gop y)?(?:\s+cua)?\s+")
RECEIVED_TOPICS = ("plan-proposals", "plan-comments", "agency-plans")
# "…; Văn phòng Ủy ban nhân dân tỉnh phối hợp thực hiện": a second agency after a semicolon that coordinates.
AFTER_SEMICOLON_COORD_RE = re.compile(r"^\s*(?:cung\s+)?(?:co trach nhiem\s+)?(?:phoi hop|tham gia)\b")

# --- the index appraisal: an intro, then one point per agency with the areas it appraises ---------------------
APPRAISAL_INTRO_RE = re.compile(
    r"tham dinh\b[^.;]{0,80}\b(?:tu danh gia|tu cham diem|cham diem|chi so cai cach hanh chinh|chi so)"
)
# Area names as an appraisal point writes them (folded, on `norm` text with agencies masked).
AREA_NAME_PATTERNS: tuple[tuple[str, str], ...] = (
    ("direction", r"chi dao,? (?:va )?dieu hanh|cong tac chi dao"),
    ("institutions", r"\bthe che\b|van ban quy pham phap luat"),
    ("procedures", r"thu tuc hanh chinh"),
    ("organisation", r"to chuc bo may"),
    ("civil-service", r"che do cong vu|\bcong vu\b|cong chuc vien chuc"),
    ("public-finance", r"tai chinh cong"),
    ("modernisation", r"hien dai hoa|chinh quyen dien tu|chinh quyen so|chinh phu dien tu|chuyen doi so"),
    ("impact", r"tac dong cua cai cach|tac dong\b[^.;]{0,30}phat trien kinh te"),
)

# --- time phrases ------------------------------------------------------------------------------------------------
# The yearly proposal deadline: "trước ngày 30 tháng 11 hằng năm … gửi đề xuất", "chậm nhất ngày 15/11 hằng năm".
DEADLINE_RE = re.compile(r"\b(?:truoc|cham nhat(?: la)?|han chot(?: la)?|khong muon hon)\s+ngay\s+\d")
DEADLINE_SUBJECT_RE = re.compile(r"de xuat|ke hoach cai cach hanh chinh (?:nam sau|hang nam)|du kien nhiem vu")
YEARLY_RE = re.compile(r"hang nam|moi nam|thuong nien")
# The meetings: a sentence about meetings ("tổ chức họp", "giao ban", "hội nghị sơ kết") and how often.
# "họp" folds like "hợp" (tổng hợp, phối hợp, phù hợp, trường hợp), so a meeting is named with its verb or object.
MEETING_RE = re.compile(
    r"giao ban|hoi nghi (?:so ket|giao ban)|(?:to chuc|chu tri|cuoc|buoi|cac co quan|cac don vi) hop\b"
    r"|(?<!phoi )(?<!tong )(?<!phu )\bhop (?:dinh ky|danh gia|so ket)\b"
)
CADENCES: tuple[tuple[str, str], ...] = (  # (cadence, pattern); the first that matches wins
    ("half-yearly", r"6 thang|sau thang|nua nam|hai lan (?:moi|mot) nam|(?:moi|mot) nam (?:hai|2) lan"),
    ("quarterly", r"hang quy|moi quy|dinh ky quy|theo quy|3 thang mot lan|ba thang mot lan"),
    ("yearly", r"hang nam|moi nam|mot lan (?:moi|mot) nam|dinh ky nam|cuoi nam"),
)

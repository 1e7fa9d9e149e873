"""The plan parser's vocabulary, as data (U-6, PLAN-1 to PLAN-3): a maintainer extends these lists without
touching the logic (plan_*.py compile them once at import).

Patterns are regular expressions on folded text (lower case, no accents, "đ" → "d"), unless said otherwise.
Names of agencies are never written here: only the words a name starts with.
"""

from __future__ import annotations

# --- areas (data/programmes.yaml's area codes) ---------------------------------------------------------------

# An area heading is recognised by these keywords; the earliest match in the heading wins.
AREA_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("direction", r"chi dao,? (?:va )?dieu hanh"),
    ("institutions", r"\bthe che\b"),
    ("procedures", r"thu tuc hanh chinh|\btthc\b"),
    ("organisation", r"to chuc bo may|\bbo may\b"),
    ("public-finance", r"tai chinh cong"),
    ("modernisation", r"hien dai hoa|chinh (?:phu|quyen) (?:dien tu|so)"),
    ("civil-service", r"cong vu|cong chuc|doi ngu|can bo"),
    ("impact", r"tac dong cua cai cach"),
)

# How a heading starts when it names an area ("Cải cách thể chế", "Công tác chỉ đạo, điều hành"), unlike a task
# about it ("Công khai thủ tục hành chính").
AREA_START_PREFIXES = ("cong tac", "ve", "linh vuc", "nhiem vu")
AREA_START_WORDS = (
    "chi dao",
    "cai cach",
    "hien dai hoa",
    "doi moi",
    "nang cao chat luong doi ngu",
    "xay dung va (?:phat trien|nang cao)",
    "(?:xay dung|phat trien) chinh (?:phu|quyen)",
    "tac dong",
    "the che",
    "thu tuc hanh chinh",
    "to chuc bo may",
    "tai chinh cong",
    "doi ngu",
    "che do cong vu",
    "chinh (?:phu|quyen) (?:dien tu|so)",
)

# What an agency's paragraph in "Tổ chức thực hiện" must say for it to lead an area: the area named as a duty,
# not a word in passing ("cán bộ, công chức" appears in every paragraph).
LEAD_AREA: dict[str, str] = {
    "direction": r"chi dao,? dieu hanh cai cach|huong dan,? don doc|ke hoach cai cach hanh chinh|chi so cai cach",
    "institutions": r"\bthe che\b",
    "procedures": r"(?:cai cach|kiem soat)(?: va don gian hoa)? thu tuc hanh chinh",
    "organisation": r"to chuc bo may",
    "civil-service": r"doi ngu can bo|che do cong vu|cai cach cong vu",
    "public-finance": r"tai chinh cong",
    "modernisation": r"hien dai hoa",
}
# Modernisation has two leads in most provinces (IT and ISO): (topic, what the agency's paragraph says, what the
# task says), tried in this order.
LEAD_TOPICS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "modernisation": (
        ("premises", r"\btru so\b", r"\btru so\b"),
        ("iso", r"\biso\b|quan ly chat luong", r"\biso\b|quan ly chat luong"),
        (
            "it",
            r"cong nghe thong tin|chinh (?:phu|quyen) (?:dien tu|so)|chuyen doi so",
            r"cong nghe thong tin|\bcntt\b|dien tu|truc tuyen|phan mem|mang lan|mang noi bo|chu ky so|internet"
            r"|du lieu|so hoa|thong tin|chuyen doi so",
        ),
    ),
}

# --- sections of the body -------------------------------------------------------------------------------------

# (section, pattern), tried in this order after "organisation" and "area" (see plan_body._section_of).
SECTION_ORGANISATION = r"to chuc thuc hien|trach nhiem thuc hien|phan cong (?:nhiem vu|trach nhiem)"
SECTION_WORDS: tuple[tuple[str, str], ...] = (
    ("targets", r"^(?:cac |mot so )?chi tieu\b(?!.*(?:nhiem vu|giai phap|noi dung))"),  # "II. CHỈ TIÊU" alone
    ("tasks", r"nhiem vu|giai phap|noi dung|chuong trinh cong tac"),
    ("objectives", r"muc tieu|muc dich"),
    ("requirements", r"yeu cau"),
    ("tasks", r"chi tieu"),
)
# Sections that are never areas, even among sections that are ("IV. KINH PHÍ THỰC HIỆN").
NOT_AN_AREA = r"kinh phi|bao cao|hieu luc|dieu khoan|phu luc|to chuc thuc hien|trach nhiem"

# --- agencies -------------------------------------------------------------------------------------------------

# Groups whose commas are part of the name ("Các sở, ban, ngành" is one group, not three names). As written.
GROUP_PHRASES = (
    "các sở, ban, ngành",
    "các cơ quan, đơn vị, tổ chức",
    "các cơ quan, đơn vị",
    "huyện, thị xã, thành phố",
    "cơ quan, đơn vị, địa phương",
    "sở, ban, ngành",
    "đơn vị, địa phương",
    "huyện, thành phố",
    "xã, phường, thị trấn",
    "cán bộ, công chức, viên chức",
    "ban, ngành",
)
# A piece after a comma starts a new name when it starts like a name; otherwise the comma was inside a name.
NAME_START_WORDS = (
    "so|ban|bo|cuc|chi cuc|van phong|ubnd|hdnd|uy ban|hoi dong|thanh tra|cong an|dai|bao|kho bac|trung tam"
    "|bao hiem|hoi|lien doan|tinh doan|mat tran|truong|vien|chi nhanh|buu dien|cong|toa an|tong cong ty|cong ty"
    "|ngan hang|quy|doan|dang uy|tinh uy|thuong truc|phong|chu tich|giam doc|thu truong|nguoi dung dau|to"
    "|cac|co quan|don vi|dia phuong|nganh"
)
LOWER_NAME_START_WORDS = "cac|co quan|don vi|to chuc|ubnd|uy ban|nhung|dia phuong"
# "A và B": split before these words (as written, case-sensitive).
AND_SPLIT_HEADS = "các|Các|Sở|UBND|Ủy ban|Văn phòng|Công an|Ban|Bộ|Đài|Báo|Cục"
# The verbs after an agency's name in "Tổ chức thực hiện" ("Sở Nội vụ chủ trì …").
ROLE_VERBS = (
    "chu tri|co trach nhiem|tham muu|phoi hop|giup|theo doi|thuc hien|huong dan|la co quan|chiu trach nhiem|to chuc"
    "|day manh|can cu|nghiem tuc|xay dung|tang cuong|kiem tra"
)

# --- labelled lines after a task in body text ("Cơ quan chủ trì: …; cơ quan phối hợp: …; Thời gian: …") -------

# (field, pattern of the label up to its colon); a label starts the line or follows ";", "." or "-".
TASK_LABELS: tuple[tuple[str, str], ...] = (
    ("lead", r"(?:co quan|don vi|bo phan)?\s*(?:chu tri|chiu trach nhiem chinh)(?: thuc hien)?"),
    ("coordinators", r"(?:co quan|don vi|bo phan)?\s*phoi hop(?: thuc hien)?"),
    ("time", r"thoi gian(?: hoan thanh| thuc hien)?|thoi han(?: hoan thanh)?|tien do(?: thuc hien)?|hoan thanh"),
    ("products", r"san pham(?: dau ra)?|ket qua(?: dau ra)?"),
)

# --- percentages and comparisons --------------------------------------------------------------------------------

COMPARISONS = (
    ("khong it hon", ">="),
    ("khong thap hon", ">="),
    ("khong duoi", ">="),
    ("toi thieu", ">="),
    ("it nhat", ">="),
    ("khong vuot qua", "<="),
    ("khong lon hon", "<="),
    ("khong cao hon", "<="),
    ("khong vuot", "<="),
    ("khong qua", "<="),
    ("toi da", "<="),
    ("nhieu nhat", "<="),
    ("cao hon", ">"),
    ("lon hon", ">"),
    ("nhieu hon", ">"),
    ("thap hon", "<"),
    ("nho hon", "<"),
    ("it hon", "<"),
    ("vuot", ">"),
    ("tren", ">"),
    ("hon", ">"),
    ("duoi", "<"),
    ("dat", ">="),
    ("bang", "="),
    ("tu", ""),  # "từ 90% trở lên": the direction is after the number
)
COMPARISON_FILLER = "doi voi|voi|o muc|dat muc|muc|dat|co|la|khoang|so|ty le|chiem|tong so|cua"

# --- task tables ------------------------------------------------------------------------------------------------

COLUMN_WORDS = (
    ("tt", r"^(?:s\.?\s?tt|stt|tt|so tt|so thu tu|thu tu|so)\.?$"),
    ("lead", r"chu tri"),
    ("coordinators", r"phoi hop"),
    ("time", r"thoi gian|thoi han|tien do|han hoan thanh|moc hoan thanh"),
    ("products", r"san pham|ket qua|hinh thuc van ban"),
    ("title", r"nhiem vu|noi dung|cong viec|ten de an|ten van ban|hoat dong"),
)
SUBHEADER_WORDS = frozenset({"bat dau", "ket thuc", "hoan thanh", "chu tri", "phoi hop", "tu", "den", "nam", "quy"})

# --- time phrases ---------------------------------------------------------------------------------------------

# Words joining two phases of one time ("Quý II và Quý IV", "Tháng 9 và tháng 12", "30/6 và 31/12"): each side
# becomes its own milestone when it reads as a time.
TIME_JOINERS = r"\s+(?:va|và)\s+|\s*;\s*|\s*,\s*(?=(?:quy|quý|thang|tháng|ngay|ngày|\d{1,2}/\d{1,2}))"
# How a phase starts when it is meant as a time (folded): "Quý …", "Tháng …", "Ngày …", "Năm …", "30/6".
TIME_PHASE_START = r"^(?:quy|thang|ngay|nam|truoc ngay|\d{1,2}\s*/)"

# --- boilerplate: lines left unread without a warning (folded, from the start of the line) ----------------------

BOILERPLATE = (
    r"^(?:can cu|xet de nghi|theo de nghi|thuc hien (?:chi thi|nghi quyet|quyet dinh|ke hoach|chuong trinh|van ban"
    r"|cong van|y kien|chi dao)|noi nhan|tren day la|luu\s*:)"
)

# --- the end of the body and of an appendix: the signature block and "Nơi nhận" (folded, line starts) -----------

APPENDIX_ENDS = ("noi nhan", "tren day la", "tm.", "tm ", "kt.", "kt ")
SIGNATURE_TITLES = frozenset({"chu tich", "pho chu tich", "kt. chu tich"})

"""Agency names as documents write them → the province's agencies and groups (ORG-3, U-6).

Matching ignores accents, case and punctuation, and treats common written variants as one: "Ủy ban nhân dân"
↔ "UBND", "Văn phòng UBND tỉnh" ↔ "VP UBND tỉnh", "Sở Thông tin và Truyền thông" ↔ "Sở TT&TT", and the
abbreviations and aliases the agency records hold. A name that does not resolve to exactly one agency or
group is a warning; it is never guessed.
"""

import datetime as dt
import re

from cchc.agencies.models import Agency, AgencyGroup
from cchc.core.dates import format_date
from cchc.core.models import Province
from cchc.core.text import fold
from cchc.ingest.structure import Extracted
from cchc.plans.services import agency_inactive_reason, group_end_reason

# Written variants, folded, each mapped to one spelling (applied in this order).
_VARIANTS = [
    (r"\buy ban nhan dan\b", "ubnd"),
    (r"\bvan phong\b", "vp"),
    (r"\btt ?& ?tt\b|\btttt\b", "thong tin va truyen thong"),
    (r"\bkh ?& ?cn\b|\bkhcn\b", "khoa hoc va cong nghe"),
    (r"\bkh ?& ?dt\b|\bkhdt\b", "ke hoach va dau tu"),
    (r"\btn ?& ?mt\b|\btnmt\b", "tai nguyen va moi truong"),
    (r"\bnn ?& ?ptnt\b|\bnnptnt\b", "nong nghiep va phat trien nong thon"),
    (r"\bld ?- ?tb ?& ?xh\b|\bldtbxh\b", "lao dong - thuong binh va xa hoi"),
    (r"\bgd ?& ?dt\b|\bgddt\b", "giao duc va dao tao"),
    (r"\bvh ?, ?tt ?& ?dl\b", "van hoa, the thao va du lich"),
]
_NOISE = re.compile(r"[^\w&]+")
_LEADING = re.compile(r"^(?:cac |cua |va )+")


def canonical(name: str, province_name: str = "") -> str:
    """One spelling for the ways a document may write an agency's name."""
    text = fold(name)
    for pattern, replacement in _VARIANTS:
        text = re.sub(pattern, replacement, text)
    text = _NOISE.sub(" ", text).strip()
    text = _LEADING.sub("", text)
    province = fold(province_name)
    if province:
        text = re.sub(rf"\b(?:tinh )?{re.escape(province)}$", "", text).strip()
    text = re.sub(r" tinh$", "", text)  # "Sở Tư pháp tỉnh", "UBND tỉnh": the province is implied
    return re.sub(r"\s+", " ", text).strip()


class Resolver:
    def __init__(self, province: Province):
        self.province = province
        self._index: dict[str, set] = {}
        for party in [*Agency.objects.filter(province=province), *AgencyGroup.objects.filter(province=province)]:
            for written in party.names:
                self._index.setdefault(canonical(written, province.name), set()).add(party)

    def candidates(self, name: str) -> list:
        key = canonical(name, self.province.name)
        found = self._index.get(key) or set()
        return sorted(found, key=lambda p: p.name)

    def resolve(self, name: str):
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None

    def choices(self) -> list[tuple[str, str]]:
        """Every agency and group, for the review page's select boxes."""
        agencies = Agency.objects.filter(province=self.province).order_by("kind", "name")
        groups = AgencyGroup.objects.filter(province=self.province).order_by("name")
        return [(a.name, a.name) for a in agencies] + [(g.name, f"Nhóm: {g.name}") for g in groups]


def document_date(extracted: Extracted) -> dt.date | None:
    """The date a document's agencies are resolved on: its date, else (a plan) the first day of its first year,
    as the saved plan will be (plans.services.plan_reference_date)."""
    if extracted.date:
        return extracted.date
    if extracted.kind == "plan" and extracted.years:
        return dt.date(extracted.years[0], 1, 1)
    return None


class GroupDates:
    """ORG-3: why a group has no agency on the document's date, worked out once per group (None: it has some)."""

    def __init__(self, on: dt.date | None):
        self.on = on
        self._reasons: dict[int, str | None] = {}

    def warning(self, group: AgencyGroup, what: str) -> str | None:
        if self.on is None:
            return None
        if group.pk not in self._reasons:
            self._reasons[group.pk] = None if group.resolve(self.on) else self._message(group)
        reason = self._reasons[group.pk]
        return f"{what}: {reason}" if reason else None

    def _message(self, group: AgencyGroup) -> str:
        reason = group_end_reason(group, self.on)
        verb = "không còn" if reason else "không có"
        return (
            f"nhóm «{group.name}» {verb} cơ quan nào vào ngày {format_date(self.on)} (ngày của văn bản){reason}; "
            "hãy chọn cơ quan khác hoặc bỏ dòng này."
        )


def _ended_agency(extracted: Extracted, line, what: str, agency: Agency, on: dt.date, province: Province) -> str:
    """ORG-2, ORG-5: a document dated after an agency ended names it: its successor in the province takes the row,
    with a warning to check; without one, the row keeps the name and the warning says why it cannot be saved."""
    reason = agency_inactive_reason(agency, on)
    successor = agency.current(on)
    if successor.pk != agency.pk and successor.is_active_on(on) and successor.province_id == province.pk:
        extracted.warn(
            line,
            f"{what}: «{agency.name}» đã chấm dứt hoạt động trước ngày của văn bản ({format_date(on)}); đã thay "
            f"bằng cơ quan kế thừa «{successor.name}», hãy kiểm tra.",
        )
        return successor.name
    extracted.warn(line, f"{what}: {reason} (ngày của văn bản {format_date(on)}); hãy chọn cơ quan khác.")
    return agency.name


def resolve_extracted(extracted: Extracted, province: Province) -> Extracted:
    """Replace every agency field by the resolved agency's or group's name; warn about the rest, and about a
    group that has no agency on the document's date (ORG-3: "UBND cấp huyện" after 30/06/2025)."""
    resolver = Resolver(province)
    dates = GroupDates(document_date(extracted))

    def fix(name: str, line, what: str) -> str:
        if not name:
            return name
        found = resolver.candidates(name)
        if len(found) == 1:
            if isinstance(found[0], AgencyGroup) and (warning := dates.warning(found[0], what)):
                extracted.warn(line, warning)
            if isinstance(found[0], Agency) and dates.on and not found[0].is_active_on(dates.on):
                return _ended_agency(extracted, line, what, found[0], dates.on, province)
            return found[0].name
        if found:
            extracted.warn(line, f"{what} «{name}» trùng với nhiều cơ quan: {'; '.join(p.name for p in found)}.")
        else:
            extracted.warn(line, f"{what} «{name}» không khớp cơ quan nào của {province.title}; hãy chọn cơ quan.")
        return name

    for task in extracted.tasks:
        if not task.lead:
            extracted.warn(task.line, f"Nhiệm vụ {task.code} chưa có cơ quan chủ trì.")
        task.lead = fix(task.lead, task.line, "Cơ quan chủ trì")
        task.coordinators = [fix(c, task.line, "Cơ quan phối hợp") for c in task.coordinators]
    for target in extracted.targets:
        target.scope = [fix(s, target.line, "Phạm vi chỉ tiêu") for s in target.scope]
    for row in extracted.responsibilities:
        row.agency = fix(row.agency, row.line, "Cơ quan")
    return extracted

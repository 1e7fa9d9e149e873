"""Reads of regulations shared by pages and API: lists, the responsibility matrix, routing questions."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from cchc.agencies.models import Agency, AgencyGroup, AgencyKind
from cchc.core import audit
from cchc.core.dates import format_date
from cchc.core.models import Province
from cchc.regulation import routing
from cchc.regulation.models import ReformArea, Regulation, Responsibility, Topic


def regulations_of(province: Province) -> QuerySet[Regulation]:
    return (
        Regulation.objects.filter(province=province)
        .select_related("programme", "standing_agency", "replaces")
        .order_by("-effective_from", "-id")
    )


def regulation_for_page(province: Province, pk: int) -> Regulation | None:
    return regulations_of(province).filter(pk=pk).first()


def responsibilities_of(regulation: Regulation) -> QuerySet[Responsibility]:
    return regulation.responsibilities.select_related("area", "topic", "agency__successor", "group").order_by(
        "order", "id"
    )


@dataclass
class MatrixRow:
    code: str
    name: str
    is_area: bool
    is_duty: bool
    starts_duties: bool = False
    cells: dict[str, list[Responsibility]] = field(default_factory=dict)
    ordered: list[tuple] = field(default_factory=list)  # (party, responsibilities) in column order


@dataclass
class Matrix:
    """Areas and topics down the side, agencies and groups across; each cell the roles with their articles."""

    columns: list[Agency | AgencyGroup]
    rows: list[MatrixRow]


def party_column_key(party: Agency | AgencyGroup) -> str:
    return f"{'a' if isinstance(party, Agency) else 'g'}{party.pk}"


_KIND_ORDER = {
    kind: i
    for i, kind in enumerate(
        [
            AgencyKind.DEPARTMENT,
            AgencyKind.COMMITTEE_OFFICE,
            AgencyKind.BOARD,
            AgencyKind.CENTRAL,
            AgencyKind.DISTRICT,
            AgencyKind.COMMUNE,
            AgencyKind.PROVINCIAL_COMMITTEE,
        ]
    )
}


def responsibility_matrix(regulation: Regulation) -> Matrix:
    """The regulation as a matrix (three queries whatever its size)."""
    responsibilities = list(responsibilities_of(regulation))
    areas = list(ReformArea.objects.filter(programme=regulation.programme_id).order_by("order"))
    topics = list(Topic.objects.order_by("order"))
    used_topics = {r.topic_id for r in responsibilities if r.topic_id}

    rows: list[MatrixRow] = []
    by_code: dict[str, MatrixRow] = {}
    for area in areas:
        row = MatrixRow(area.code, area.name, is_area=True, is_duty=False)
        rows.append(row)
        by_code[area.code] = row
        for topic in topics:
            if topic.area_code == area.code and topic.pk in used_topics:
                by_code[topic.code] = MatrixRow(topic.code, topic.name, is_area=False, is_duty=False)
                rows.append(by_code[topic.code])
    for topic in topics:
        if topic.pk in used_topics and topic.code not in by_code:
            by_code[topic.code] = MatrixRow(topic.code, topic.name, is_area=False, is_duty=True)
            by_code[topic.code].starts_duties = not any(r.is_duty for r in rows)
            rows.append(by_code[topic.code])

    columns: dict[str, Agency | AgencyGroup] = {}
    for responsibility in responsibilities:
        party = responsibility.party
        key = party_column_key(party)
        columns.setdefault(key, party)
        by_code[responsibility.subject_code].cells.setdefault(key, []).append(responsibility)

    standing_id = regulation.standing_agency_id

    def column_order(party):
        if isinstance(party, AgencyGroup):
            return (2, 0, party.name)
        return (0 if party.pk == standing_id else 1, _KIND_ORDER.get(party.kind, 9), party.name)

    ordered_columns = sorted(columns.values(), key=column_order)
    for row in rows:
        row.ordered = [(party, row.cells.get(party_column_key(party), [])) for party in ordered_columns]
    return Matrix(columns=ordered_columns, rows=rows)


QUESTIONS = {
    "standing": "Cơ quan thường trực CCHC",
    "lead": "Cơ quan chủ trì lĩnh vực, nội dung",
    "appraisers": "Cơ quan thẩm định Chỉ số CCHC của lĩnh vực, nội dung",
    "co-appraisers": "Cơ quan phối hợp thẩm định đề án, dự án về nội dung",
    "coordinators": "Cơ quan phối hợp",
    "proposals": "Cơ quan được đề nghị gửi đề xuất kế hoạch CCHC năm sau",
    "comments": "Cơ quan được lấy ý kiến dự thảo kế hoạch",
    "briefing": "Cơ quan được mời dự giao ban CCHC hằng quý",
    "agency-plans": "Cơ quan nhận kế hoạch CCHC năm của các cơ quan, đơn vị",
}
NEEDS_SUBJECT = {"lead", "appraisers", "co-appraisers", "coordinators"}


def ask(province: Province, question: str, subject: str | None, on: dt.date) -> list[routing.Route]:
    """Answer a routing question; raises NoRegulationInForce where the province has none on that date."""
    if question == "standing":
        return [routing.route_standing_agency(province, on)]
    if question == "lead":
        route = routing.route_lead(province, subject, on)
        return [route] if route else []
    handlers = {
        "appraisers": lambda: routing.route_appraisers(province, subject, on),
        "co-appraisers": lambda: routing.route_co_appraisers(province, subject, on),
        "coordinators": lambda: routing.route_coordinators(province, subject, on),
        "proposals": lambda: routing.route_proposal_requests(province, on),
        "comments": lambda: routing.route_comment_requests(province, on),
        "briefing": lambda: routing.route_briefing_invitees(province, on),
        "agency-plans": lambda: routing.route_agency_plan_recipients(province, on),
    }
    return handlers[question]()


def subject_choices(regulation: Regulation | None) -> list[tuple[str, str]]:
    """(code, name) of the areas of the regulation's programme and of every topic."""
    areas = ReformArea.objects.filter(programme=regulation.programme_id) if regulation else ReformArea.objects.none()
    choices = [(a.code, f"Lĩnh vực: {a.name}") for a in areas.order_by("order")]
    choices += [(t.code, f"{'Công việc' if t.is_duty else 'Nội dung'}: {t.name}") for t in Topic.objects.all()]
    return choices


@dataclass
class HeaderChange:
    label: str
    before: str
    after: str
    is_standing_agency: bool = False


@dataclass
class Changes:
    """What issuing a draft changes against the regulation it supersedes (shown before the leader issues)."""

    base: Regulation
    header: list[HeaderChange]
    added: list[Responsibility]
    removed: list[Responsibility]

    @property
    def standing_agency_changes(self) -> bool:
        return any(c.is_standing_agency for c in self.header)

    @property
    def empty(self) -> bool:
        return not (self.header or self.added or self.removed)


# Header fields compared between a draft and the regulation it supersedes (the number and dates always differ).
_COMPARED = [
    "programme",
    "title",
    "issuer",
    "standing_agency",
    "standing_article",
    "proposal_deadline_day",
    "proposal_deadline_month",
    "proposal_deadline_article",
    "meeting_cadence",
    "meeting_article",
]


def _row_key(row: Responsibility) -> tuple:
    return (
        row.subject_code,
        row.role,
        row.agency_id,
        row.group_id,
        row.article,
        row.note,
        tuple(row.assessed_kinds),
        row.assessed_scope,
    )


def changes_against(draft: Regulation) -> Changes | None:
    """The draft against the regulation it was started from, or else the open-ended regulation in force."""
    base = draft.based_on
    if base is None:
        base = (
            Regulation.objects.filter(
                province=draft.province_id, status=Regulation.Status.ISSUED, effective_to__isnull=True
            )
            .exclude(pk=draft.pk)
            .order_by("-effective_from")
            .first()
        )
    if base is None:
        return None
    header = []
    old_header, new_header = audit.snapshot(base), audit.snapshot(draft)
    for name in _COMPARED:
        label = str(Regulation._meta.get_field(name).verbose_name)
        if old_header[label] != new_header[label]:
            header.append(HeaderChange(label, old_header[label], new_header[label], name == "standing_agency"))
    old = {_row_key(r): r for r in responsibilities_of(base)}
    new = {_row_key(r): r for r in responsibilities_of(draft)}
    return Changes(
        base=base,
        header=header,
        added=[r for key, r in new.items() if key not in old],
        removed=[r for key, r in old.items() if key not in new],
    )


@dataclass
class PredecessorRegulation:
    """ORG-5: a province merged into this one, the regulation it had on its last day, and a draft of this province
    already started from it (if any)."""

    province: Province
    predecessor: Province
    regulation: Regulation | None
    draft: Regulation | None

    @property
    def message(self) -> str:
        """The plain statement the province and routing pages make while the province has no regulation."""
        ended = f" không còn áp dụng từ {format_date(self.predecessor.merged_on)}" if self.predecessor.merged_on else ""
        return (
            f"{self.province.title} chưa có quy chế phối hợp của mình; quy chế của "
            f"{self.predecessor.kind} {self.predecessor.name}{ended}."
        )


def predecessor_regulations(province: Province, on: dt.date) -> list[PredecessorRegulation]:
    """ORG-5, REG-4: for each province merged into `province`, the issued regulation in force on its last day
    (the one a draft may start from, `services.draft_from_predecessor`). Three queries, however many."""
    predecessors = list(province.predecessors.order_by("name"))
    if not predecessors:
        return []
    issued = list(
        Regulation.objects.filter(province__in=predecessors, status=Regulation.Status.ISSUED, has_text=True)
        .select_related("province")
        .order_by("-effective_from", "-id")
    )
    drafts = {
        d.based_on_id: d
        for d in Regulation.objects.filter(
            province=province, status=Regulation.Status.DRAFT, based_on__in=[r.pk for r in issued]
        )
    }
    found = []
    for predecessor in predecessors:
        last_day = predecessor.valid_to or on
        regulation = next(
            (r for r in issued if r.province_id == predecessor.pk and r.is_in_force_on(last_day)),
            None,
        )
        draft = drafts.get(regulation.pk) if regulation else None
        found.append(PredecessorRegulation(province, predecessor, regulation, draft))
    return found

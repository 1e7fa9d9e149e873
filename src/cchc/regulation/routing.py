"""REG-4: the routing service. Everything that asks "who leads / appraises / is asked / is invited" asks here.

Answers come from the regulation in force in the province on a date, never from code. An agency the
regulation names that has ended is replaced by its successor on that date (ORG-2), and the answer says so.
A group the regulation names ("Các sở, ban, ngành") is resolved to its agencies on that date (ORG-3).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from cchc.agencies.models import Agency, AgencyGroup
from cchc.core.dates import format_date
from cchc.core.errors import UserError
from cchc.core.models import Province
from cchc.regulation.models import AssessedScope, Regulation, Responsibility, ResponsibilityRole, Topic, scope_label

# The coordination duties that route the yearly cycle (topic codes of data/programmes.yaml).
PROPOSALS = "plan-proposals"
COMMENTS = "plan-comments"
BRIEFING = "quarterly-briefing"
AGENCY_PLANS = "agency-plans"
PROJECT_APPRAISAL = "project-appraisal"
IT_APPLICATION = "it-application"
ISO = "iso"


class NoRegulationInForce(Exception):
    def __init__(self, province: Province, on: dt.date):
        self.province, self.on = province, on
        if has_ended(province, on):
            successor = province.successor.title if province.successor_id else province.successor_name
            message = (
                f"{province.title} đã hợp nhất vào {successor} từ {format_date(province.merged_on)}; quy chế phối "
                f"hợp của tỉnh không còn hiệu lực sau ngày {format_date(province.valid_to)}. Công việc từ ngày "
                f"{format_date(province.merged_on)} theo quy chế phối hợp của {successor}."
            )
        else:
            message = f"{province.title} chưa có quy chế phối hợp có hiệu lực vào ngày {format_date(on)}."
        super().__init__(message)


def has_ended(province: Province, on: dt.date) -> bool:
    """ORG-5: the province merged into another before the date (its last day, valid_to, is before it)."""
    return province.valid_to is not None and on > province.valid_to


@dataclass(frozen=True)
class Route:
    """One agency that a piece of work goes to, and why."""

    agency: Agency
    named: Agency | AgencyGroup
    role: str
    article: str
    subject_code: str
    # IDX-4: whom an appraisal concerns: the kinds of assessed agencies (all if empty), and whether only those
    # under this agency (the agency named, or the member of the group named, is their parent).
    assessed_kinds: tuple[str, ...] = ()
    subordinates: bool = False

    @property
    def scoped(self) -> bool:
        return bool(self.assessed_kinds) or self.subordinates

    def concerns(self, kind: str, parent_id: int | None) -> bool:
        """IDX-4: this route names the assessed agency of this kind and parent (pure: no query)."""
        if self.assessed_kinds and kind not in self.assessed_kinds:
            return False
        if not self.subordinates:
            return True
        named = self.named.pk if isinstance(self.named, Agency) else self.agency.pk  # a group's pk is no agency's
        return parent_id is not None and parent_id in {self.agency.pk, named}

    @property
    def via_successor(self) -> bool:
        return isinstance(self.named, Agency) and self.named.pk != self.agency.pk

    @property
    def via_group(self) -> bool:
        return isinstance(self.named, AgencyGroup)

    def explain(self) -> str:
        role = ResponsibilityRole(self.role).label
        text = f"{self.agency.name} — {role.lower()} theo {self.article or 'quy chế'}"
        if self.via_successor:
            text += f" (kế thừa {self.named.name})"
        elif self.via_group:
            text += f" (thuộc nhóm {self.named.name})"
        if self.scoped:
            scope = AssessedScope.SUBORDINATES if self.subordinates else AssessedScope.ALL
            text += f" [{scope_label(self.assessed_kinds, scope)}]"
        return text


def regulation_in_force(province: Province, on: dt.date) -> Regulation | None:
    """REG-2: the one issued regulation whose effect covers the date.

    ORG-5: a province that merged into another has none after its last day, whatever its regulations say, so
    nothing is routed from an old province's regulation silently; up to its last day its history reads as
    before. `require_regulation` says why in words (the successor and the date)."""
    if has_ended(province, on):
        return None
    return (
        Regulation.objects.filter(province=province, status=Regulation.Status.ISSUED, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .select_related("standing_agency", "programme")
        .order_by("-effective_from")
        .first()
    )


def require_regulation(province: Province, on: dt.date) -> Regulation:
    regulation = regulation_in_force(province, on)
    if regulation is None:
        raise NoRegulationInForce(province, on)
    return regulation


def _subject_filter(regulation: Regulation, subject_code: str) -> Q:
    return Q(area__programme=regulation.programme_id, area__code=subject_code) | Q(topic__code=subject_code)


def _expand(responsibility: Responsibility, on: dt.date) -> list[Route]:
    def route(agency: Agency, named) -> Route:
        return Route(
            agency,
            named,
            responsibility.role,
            responsibility.article,
            responsibility.subject_code,
            tuple(responsibility.assessed_kinds),
            responsibility.assessed_scope == AssessedScope.SUBORDINATES,
        )

    if responsibility.agency_id:
        return [route(responsibility.agency.current(on), responsibility.agency)]
    return [route(agency, responsibility.group) for agency in responsibility.group.resolve(on)]


def routes_for(regulation: Regulation, subject_code: str, roles: list[str], on: dt.date) -> list[Route]:
    """The agencies that take one of the roles for a subject (an area or topic code), on a date.

    A topic the regulation does not mention falls back to its area: whoever leads modernisation leads
    a modernisation topic that the regulation does not assign on its own.
    """
    rows = (
        regulation.responsibilities.filter(
            _subject_filter(regulation, subject_code), role__in={*roles, ResponsibilityRole.LEAD}
        )
        .select_related("agency__successor", "group", "area", "topic")
        .order_by("order", "id")
    )
    routes: list[Route] = []
    for responsibility in rows:
        routes.extend(_expand(responsibility, on))
    if not routes:
        topic = Topic.objects.filter(code=subject_code).first()
        if topic and topic.area_code:
            return routes_for(regulation, topic.area_code, roles, on)
    # REG-3: the lead is never among the coordinators, even when a group it belongs to is named.
    leads = {r.agency.pk for r in routes if r.role == ResponsibilityRole.LEAD}
    routes = [
        r for r in routes if r.role in roles and not (r.role == ResponsibilityRole.COORDINATE and r.agency.pk in leads)
    ]
    return _unique(routes)


def _unique(routes: list[Route]) -> list[Route]:
    """Each agency once (per scope: IDX-4, an agency may appraise the departments and, apart, its communes)."""
    seen: set[tuple] = set()
    unique = []
    for route in routes:
        key = (route.agency.pk, route.assessed_kinds, route.subordinates)
        if key not in seen:
            seen.add(key)
            unique.append(route)
    return unique


def route_standing_agency(province: Province, on: dt.date) -> Route:
    regulation = require_regulation(province, on)
    named = regulation.standing_agency
    if named is None:  # SEC-3: an old regulation recorded without it answers in words, not with a 500
        raise UserError(
            f"Quy chế {regulation.number} (có hiệu lực vào ngày {format_date(on)}) không ghi cơ quan thường trực."
        )
    return Route(named.current(on), named, ResponsibilityRole.LEAD, regulation.standing_article, "general")


def route_lead(province: Province, subject_code: str, on: dt.date) -> Route | None:
    """Who leads an area or topic in the province on a date (None where the regulation names nobody)."""
    routes = routes_for(require_regulation(province, on), subject_code, [ResponsibilityRole.LEAD], on)
    return routes[0] if routes else None


def route_appraisers(province: Province, subject_code: str, on: dt.date) -> list[Route]:
    """Who appraises the index criteria of an area or topic (IDX-4)."""
    return routes_for(require_regulation(province, on), subject_code, [ResponsibilityRole.APPRAISE], on)


def route_co_appraisers(province: Province, topic_code: str, on: dt.date) -> list[Route]:
    """Who co-appraises the part of a reform project on this topic (APR-2)."""
    return routes_for(require_regulation(province, on), topic_code, [ResponsibilityRole.CO_APPRAISE], on)


def route_coordinators(province: Province, subject_code: str, on: dt.date) -> list[Route]:
    return routes_for(require_regulation(province, on), subject_code, [ResponsibilityRole.COORDINATE], on)


def route_proposal_requests(province: Province, on: dt.date) -> list[Route]:
    """PLAN-4: whom the standing agency asks for proposed tasks of next year's plan."""
    return route_coordinators(province, PROPOSALS, on)


def proposal_deadline(province: Province, year: int, on: dt.date) -> dt.date | None:
    """PLAN-4: the date in `year` by which proposals are due, as the regulation in force sets it."""
    regulation = require_regulation(province, on)
    if regulation.proposal_deadline is None:
        return None
    day, month = regulation.proposal_deadline
    return dt.date(year, month, day)


def route_comment_requests(province: Province, on: dt.date) -> list[Route]:
    """PLAN-5: whom a draft plan is sent to for comments."""
    return route_coordinators(province, COMMENTS, on)


def route_briefing_invitees(province: Province, on: dt.date) -> list[Route]:
    """COO-2: whom the standing agency invites to the quarterly briefing."""
    return route_coordinators(province, BRIEFING, on)


def route_agency_plan_recipients(province: Province, on: dt.date) -> list[Route]:
    """PLAN-7: who receives an agency's yearly plan: the standing agency, and whoever the regulation's
    `agency-plans` topic names as lead or coordinator (002 Đ7.3 names Sở Nội vụ, Sở TT&TT and Sở KH&CN).
    Nothing is added in code: a regulation that names nobody else sends the plan to the standing agency only
    (REG-4)."""
    regulation = require_regulation(province, on)
    routes = [route_standing_agency(province, on)]
    routes += routes_for(regulation, AGENCY_PLANS, [ResponsibilityRole.LEAD, ResponsibilityRole.COORDINATE], on)
    return _unique(routes)


def standing_agency_for_permissions(province: Province, on: dt.date) -> Agency | None:
    """The standing agency whose staff may edit the province's regulation: the one the regulation in force
    names (following successors), or the one the province designates while no regulation is in force."""
    regulation = regulation_in_force(province, on)
    if regulation is not None and regulation.standing_agency_id:
        return regulation.standing_agency.current(on)
    if province.standing_agency_id:
        return province.standing_agency.current(on)
    return None


@dataclass(frozen=True)
class OutdatedName:
    named: Agency
    successor: Agency | None
    ended_on: dt.date


def outdated_names(regulation: Regulation, on: dt.date) -> list[OutdatedName]:
    """ORG-2: agencies the regulation names that have ended by the date; the regulation needs updating."""
    agencies = {r.agency for r in regulation.responsibilities.select_related("agency__successor") if r.agency_id}
    if regulation.standing_agency_id:
        agencies.add(regulation.standing_agency)
    outdated = [
        OutdatedName(agency, agency.current(on) if agency.successor_id else None, agency.valid_to)
        for agency in agencies
        if agency.has_ended_by(on)
    ]
    return sorted(outdated, key=lambda o: o.named.name)

"""Reads of agencies shared by pages, API and loaders: search, and resolving a written name."""

import datetime as dt

from django.db.models import Case, Q, QuerySet, Value, When

from cchc.agencies.models import Agency, AgencyGroup, AgencyKind
from cchc.core.models import Province
from cchc.core.text import fold, search_terms


def search_agencies(province: Province, query: str = "", kind: str = "") -> QuerySet[Agency]:
    """U-1: "so noi vu" finds "Sở Nội vụ": each folded word must start a word of the name, abbreviation or an
    alias; agencies whose names hold the whole phrase come first."""
    agencies = Agency.objects.filter(province=province).select_related("parent", "successor__province")
    terms = search_terms(query)
    for term in terms:
        agencies = agencies.filter(search_text__contains=f" {term}")
    if kind:
        agencies = agencies.filter(kind=kind)
    if not terms:
        return agencies.order_by("kind", "name")
    phrase = Case(When(search_text__contains=f" {' '.join(terms)}", then=Value(0)), default=Value(1))
    return agencies.annotate(phrase_rank=phrase).order_by("phrase_rank", "kind", "name")


def search_predecessor_agencies(province: Province, query: str, kind: str = "") -> list[Agency]:
    """ORG-5: a search in a province that others merged into also finds their agencies (the reader marks them
    "trước hợp nhất"); only when something is searched, one query more."""
    from cchc.core.succession import predecessors_of

    if not search_terms(query) and not kind:
        return []
    predecessors = predecessors_of(province)
    if not predecessors:
        return []
    agencies = Agency.objects.filter(province__in=predecessors).select_related(
        "province", "parent", "successor__province"
    )
    for term in search_terms(query):
        agencies = agencies.filter(search_text__contains=f" {term}")
    if kind:
        agencies = agencies.filter(kind=kind)
    return list(agencies.order_by("province__name", "kind", "name"))


def provincial_committee(province: Province, on: dt.date | None = None) -> Agency | None:
    """The province's People's Committee (UBND tỉnh) as its agency record says, active on the date if given."""
    agencies = Agency.objects.filter(province=province, kind=AgencyKind.PROVINCIAL_COMMITTEE)
    if on is not None:
        agencies = agencies.active_on(on)
    return agencies.order_by("-valid_from", "pk").first()


def default_issuer(province: Province, on: dt.date | None = None) -> str:
    """Who issues the province's documents by default: the name of its UBND tỉnh record, never a name built in
    code. Empty when the province has no such record (the person then types it)."""
    committee = provincial_committee(province, on)
    return committee.name if committee else ""


def groups_of(province: Province) -> QuerySet[AgencyGroup]:
    return AgencyGroup.objects.filter(province=province).prefetch_related("members")


class NameIndex:
    """Resolve names as documents write them to the province's agencies and groups.

    Matching ignores case and accents and is by whole name: the full name, the abbreviation or an alias.
    """

    def __init__(self, province: Province):
        self.province = province
        self._index: dict[str, list[Agency | AgencyGroup]] = {}
        for agency in Agency.objects.filter(province=province):
            self._add(agency)
        for group in AgencyGroup.objects.filter(province=province):
            self._add(group)

    def _add(self, party: Agency | AgencyGroup) -> None:
        for name in {fold(n) for n in party.names}:
            self._index.setdefault(name, []).append(party)

    def candidates(self, name: str) -> list[Agency | AgencyGroup]:
        return self._index.get(fold(name), [])

    def resolve(self, name: str) -> Agency | AgencyGroup | None:
        """The one agency or group with that name, or None when there is none or more than one."""
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None


def agencies_active_on(province: Province, on: dt.date) -> QuerySet[Agency]:
    return Agency.objects.filter(province=province).active_on(on)


def parties_for_choice(province: Province) -> list[Agency | AgencyGroup]:
    """Agencies then groups of the province, for a select box."""
    agencies = list(Agency.objects.filter(province=province).order_by("kind", "name"))
    groups = list(AgencyGroup.objects.filter(province=province))
    return [*agencies, *groups]


def ended_filter(on: dt.date) -> Q:
    return Q(valid_to__lt=on)


# U-1: agency pickers. The option groups of a select box, in this order; the labels are what a person reads.
PICKER_GROUPS = (
    (AgencyKind.PROVINCIAL_COMMITTEE, "UBND tỉnh"),
    (AgencyKind.COMMITTEE_OFFICE, "Văn phòng UBND tỉnh"),
    (AgencyKind.DEPARTMENT, "Sở"),
    (AgencyKind.BOARD, "Ban ngành"),
    (AgencyKind.DISTRICT, "UBND cấp huyện"),
    (AgencyKind.COMMUNE, "UBND cấp xã"),
    (AgencyKind.CENTRAL, "Cơ quan TW"),
)
PICKER_GROUPS_LABEL = "Nhóm cơ quan"
PICKER_ENDED_LABEL = "Đã chấm dứt hoạt động"


def _by_name(items):
    return sorted(items, key=lambda item: (fold(item.name), item.name))


def grouped_agency_choices(
    agencies, on: dt.date, *, key=lambda agency: agency.pk, groups=(), group_key=None
) -> list[tuple[str, list[tuple]]]:
    """U-1: choices for a select box of agencies, as Django's option groups: one group per kind (UBND tỉnh, Văn
    phòng UBND tỉnh, Sở, Ban ngành, UBND cấp huyện, UBND cấp xã, Cơ quan TW), then the agency groups if given,
    each sorted by name without regard to accents; agencies not active on `on` come last, under "Đã chấm dứt hoạt
    động", with their end date, so that a value saved before they ended still shows and stays valid."""
    agencies = list(agencies)
    current = [a for a in agencies if a.is_active_on(on)]
    inactive = [a for a in agencies if not a.is_active_on(on)]
    choices: list[tuple[str, list[tuple]]] = []
    for kind, label in PICKER_GROUPS:
        options = [(key(a), a.name) for a in _by_name(a for a in current if a.kind == kind)]
        if options:
            choices.append((label, options))
    if groups:
        choices.append((PICKER_GROUPS_LABEL, [(group_key(g), g.name) for g in _by_name(groups)]))
    if inactive:
        choices.append((PICKER_ENDED_LABEL, [(key(a), _ended_label(a)) for a in _by_name(inactive)]))
    return choices


def _ended_label(agency: Agency) -> str:
    if agency.valid_to:
        return f"{agency.name} (đến {agency.valid_to:%d/%m/%Y})"
    if agency.valid_from:
        return f"{agency.name} (từ {agency.valid_from:%d/%m/%Y})"
    return agency.name


def grouped_party_choices(province: Province, on: dt.date) -> list[tuple[str, list[tuple[str, str]]]]:
    """U-1: the province's agencies and agency groups for a picker, keyed "agency:<id>" and "group:<id>" as the
    forms read them, grouped by kind (see grouped_agency_choices)."""
    return grouped_agency_choices(
        Agency.objects.filter(province=province),
        on,
        key=lambda agency: f"agency:{agency.pk}",
        groups=list(AgencyGroup.objects.filter(province=province)),
        group_key=lambda group: f"group:{group.pk}",
    )

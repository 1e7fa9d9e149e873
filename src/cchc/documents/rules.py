# ruff: noqa: E501 - the table of rules reads best one rule a line
"""Who may do what with shared documents (TRK-5, SEC-1, ORG-4), asked by pages and the API alike.

| rule | object | who |
| --- | --- | --- |
| documents.view_documents | province | anyone in the province (the list holds only what each may read) |
| documents.view_document | document | the members (any role) of an agency it reached and of the publisher; the standing agency's members; provincial leadership (UBND tỉnh); the province's administrator; and, read-only, the people of the province it merged into (ORG-5: history) |
| documents.publish | province | leader or focal officer of the standing agency (Sở Nội vụ), or of a domain agency (one that leads a reform area in the regulation in force), publishing in its own name |

Another province's people get 404 for everything here. A province that merged into another takes no new document:
its people hold no role any more (`cchc.core.rules.memberships`), and the service refuses it too.
"""

import rules

from cchc.core.dates import today
from cchc.core.rules import (
    EDITOR_ROLES,
    is_in_province,
    is_province_admin,
    is_province_member,
    is_provincial_leadership,
    is_standing_agency_staff,
    is_successor_reader,
    memberships,
    per_request,
    province_id_of,
    standing_agency_of,
    standing_agency_roles,
)


def domain_agency_ids(user, province) -> set[int]:
    """The agencies that lead a reform area in the regulation in force today (following successors, ORG-2)."""

    def compute() -> set[int]:
        from cchc.regulation.models import ResponsibilityRole
        from cchc.regulation.routing import regulation_in_force

        on = today()
        regulation = regulation_in_force(province, on)
        if regulation is None:
            return set()
        rows = regulation.responsibilities.filter(
            role=ResponsibilityRole.LEAD, area__isnull=False, agency__isnull=False
        ).select_related("agency__successor")
        return {row.agency.current(on).pk for row in rows}

    return per_request(user, f"domain-agencies:{province_id_of(province)}", compute)


def publishing_agencies(user, province) -> list:
    """The agencies in whose name the user may publish: the standing agency first, then their domain agencies."""
    if not is_province_member(user, province):
        return []
    agencies = []
    if is_standing_agency_staff(user, province):
        agencies.append(standing_agency_of(user, province))
    domains = domain_agency_ids(user, province)
    for m in memberships(user):
        if m.role in EDITOR_ROLES and m.agency_id in domains and m.agency not in agencies:
            agencies.append(m.agency)
    return agencies


@rules.predicate
def may_publish(user, province) -> bool:
    return bool(publishing_agencies(user, province))


@rules.predicate
def is_standing_agency_member(user, obj) -> bool:
    """Any role (viewer too) in the standing agency: Sở Nội vụ follows every document of the province."""
    return bool(standing_agency_roles(user, obj))


@rules.predicate
def reads_as_history(user, obj) -> bool:
    """ORG-5: a person of the province this one merged into reads its records as history."""
    return is_successor_reader(user, obj) and not is_province_member(user, obj)


def delivered_ids(document) -> set[int]:
    cached = getattr(document, "_delivered_ids", None)
    if cached is None:
        cached = set(document.delivered_to.values_list("pk", flat=True))
        document._delivered_ids = cached
    return cached


@rules.predicate
def is_recipient_or_publisher_member(user, document) -> bool:
    mine = {m.agency_id for m in memberships(user)}
    return document.publisher_id in mine or bool(mine & delivered_ids(document))


sees_every_document = is_in_province & (
    is_standing_agency_member | is_provincial_leadership | is_province_admin | reads_as_history
)

rules.add_perm("documents.view_documents", is_in_province)
rules.add_perm("documents.view_document", sees_every_document | (is_in_province & is_recipient_or_publisher_member))
rules.add_perm("documents.publish", is_in_province & may_publish)

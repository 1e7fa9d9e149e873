"""What the API returns: plain shapes, with dates in ISO format."""

import datetime as dt

from ninja import Path, Schema

from cchc.core.params import ID_MAX


class ProvinceOut(Schema):
    """ORG-5: `valid_to` is a merged province's last day; `successor` the slug of the province it merged into
    from the next day (null when that province is not in the system: then `successor_name` names it);
    `predecessors` the slugs of the provinces merged into this one."""

    slug: str
    name: str
    kind: str
    note: str
    valid_to: dt.date | None
    successor: str | None
    successor_name: str
    predecessors: list[str]


class AgencyRef(Schema):
    id: int
    name: str


class AgencyOut(Schema):
    id: int
    name: str
    abbreviation: str
    aliases: list[str]
    kind: str
    kind_label: str
    parent: AgencyRef | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor: AgencyRef | None


class CommuneRef(Schema):
    id: int
    name: str
    province: str


class SuccessorOut(Schema):
    """One step of an agency's successor chain (ORG-2, ORG-5); `province` is the slug of its province; a district
    lists the communes it handed its work to (`successor_communes`)."""

    id: int
    name: str
    province: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_communes: list[CommuneRef] = []


class ResponsibilityOut(Schema):
    subject_code: str
    subject_name: str
    role: str
    role_label: str
    agency: AgencyRef | None
    group: str | None
    article: str
    note: str
    assessed_kinds: list[str] = []  # IDX-4: the kinds of assessed agencies an appraisal row concerns (all if empty)
    assessed_scope: str = "all"  # "subordinates": each named agency appraises those whose parent it is
    scope_label: str = ""


class RegulationOut(Schema):
    id: int
    province: str
    programme: str
    number: str
    title: str
    issuer: str
    signed_on: dt.date
    effective_from: dt.date
    effective_to: dt.date | None
    status: str
    in_force: bool
    replaces_id: int | None
    standing_agency: AgencyRef | None
    proposal_deadline: str | None
    meeting_cadence: str


class RegulationDetailOut(RegulationOut):
    responsibilities: list[ResponsibilityOut]


class RouteOut(Schema):
    agency: AgencyRef
    named: str
    via_successor: bool
    via_group: bool
    role: str
    article: str


class RoutingOut(Schema):
    province: str
    on: dt.date
    question: str
    subject: str | None
    in_force: bool
    regulation_id: int | None
    message: str
    routes: list[RouteOut]


class ErrorOut(Schema):
    """Every refusal: 400 (a bad parameter value), 401, 403, 404 (nothing there, or not for this user), 409 (the
    data cannot answer, e.g. no regulation in force on that date), 422 (a parameter of the wrong type or out of
    bounds). `detail` says why, in Vietnamese."""

    detail: str


# The refusals every operation may answer, described in the OpenAPI schema (SEC-3).
ERRORS = {frozenset({400, 401, 403, 404, 409, 422}): ErrorOut}


# An id in a path: a record's id is from 1 to 2**31 - 1; a larger one is refused with 422, not looked up (SEC-3).
def Id():  # noqa: N802 - reads as a type in a signature: `plan_id: int = Id()`
    return Path(..., ge=1, le=ID_MAX, description="Mã (1 đến 2147483647)")


def Slug():  # noqa: N802 - reads as a type in a signature: `slug: str = Slug()`
    """A province in a path, as the pages' <slug:…> converter reads it: ASCII letters, digits, "-" and "_" (a NUL
    or any other character is refused with 422 before it reaches the database, SEC-3)."""
    return Path(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=100, description="Mã tỉnh, ví dụ quang-nam")

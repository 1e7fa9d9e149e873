"""The coordination part of the API (U-5, COO-1 to COO-3): read-only, with the pages' permissions and queries."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from cchc.api.schemas import ERRORS, Id, Slug
from cchc.core.params import YEAR_MAX, YEAR_MIN, parse_choice
from cchc.core.rules import require
from cchc.core.scope import visible_province_or_404
from cchc.meetings import queries
from cchc.meetings.models import Activity, ActivityKind

router = Router(tags=["Phối hợp"])
LIST_MAX = 500


class Ref(Schema):
    id: int
    name: str


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    held_on: dt.date
    place: str
    host: Ref
    participants: list[Ref]
    year: int | None
    quarter: int | None
    has_outcome: bool


class ConclusionOut(Schema):
    id: int
    order: int
    text: str
    lead: Ref | None
    deadline: dt.date | None
    task_id: int | None
    plan_id: int | None


class ActivityDocumentOut(Schema):
    id: int
    number: str
    issued_on: dt.date | None
    summary: str
    file_name: str


class ActivityDetailOut(ActivityOut):
    agenda: str
    outcome: str
    regulation_id: int | None
    conclusions: list[ConclusionOut]
    documents: list[ActivityDocumentOut]


class ActivityQuery(Schema):
    kind: str = Field("", max_length=40, description="Hình thức: " + ", ".join(ActivityKind.values))
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="Năm (2000–2100)")


def _ref(agency) -> dict:
    return {"id": agency.pk, "name": agency.name}


def _activity_out(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "kind": activity.kind,
        "kind_label": activity.get_kind_display(),
        "title": activity.title,
        "held_on": activity.held_on,
        "place": activity.place,
        "host": _ref(activity.host),
        "participants": [_ref(a) for a in sorted(activity.participants.all(), key=lambda a: a.name)],
        "year": activity.year,
        "quarter": activity.quarter,
        "has_outcome": bool(activity.outcome),
    }


@router.get(
    "/provinces/{slug}/activities",
    response={200: list[ActivityOut], **ERRORS},
    summary="Hoạt động phối hợp, giao ban hằng quý, đánh giá quy chế (mới nhất trước)",
    openapi_extra={"x-rule": "meetings.view_activities"},
)
def list_activities(request, params: Query[ActivityQuery], slug: str = Slug()):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "meetings.view_activities", province, or_404=True)
    kind = parse_choice(params.kind, ActivityKind.values, label="Hình thức (kind)") or ""  # SEC-3
    return [_activity_out(a) for a in queries.activities_of(province, kind=kind, year=params.year)[:LIST_MAX]]


@router.get(
    "/provinces/{slug}/activities/{activity_id}",
    response={200: ActivityDetailOut, **ERRORS},
    summary="Một hoạt động phối hợp: kết quả, biên bản, kết luận, tài liệu",
    openapi_extra={"x-rule": "meetings.view_activity"},
)
def get_activity(request, slug: str = Slug(), activity_id: int = Id()):
    province = visible_province_or_404(request.user, slug)
    activity = queries.visible_activity_or_404(request.user, province, activity_id)
    return {
        **_activity_out(activity),
        "agenda": activity.agenda,
        "outcome": activity.outcome,
        "regulation_id": activity.regulation_id,
        "conclusions": [
            {
                "id": c.pk,
                "order": c.order,
                "text": c.text,
                "lead": _ref(c.lead) if c.lead_id else None,
                "deadline": c.deadline,
                "task_id": c.task_id,
                "plan_id": c.task.plan_id if c.task_id else None,
            }
            for c in activity.conclusions.all()
        ],
        "documents": [
            {"id": d.pk, "number": d.number, "issued_on": d.issued_on, "summary": d.summary, "file_name": d.file_name}
            for d in activity.documents.all()
        ],
    }

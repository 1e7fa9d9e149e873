"""The API's endpoints. Each asks the same policy and queries as the pages (U-5)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from cchc.agencies.models import Agency, AgencyKind
from cchc.agencies.queries import search_agencies
from cchc.api import schemas
from cchc.api.services import user_for_token
from cchc.core.dates import format_day_month, today
from cchc.core.errors import UserError
from cchc.core.params import parse_choice, parse_search
from cchc.core.rules import visible_provinces
from cchc.core.scope import visible_province_or_404
from cchc.regulation import queries as regulation_queries
from cchc.regulation.models import Regulation
from cchc.regulation.routing import NoRegulationInForce


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="CCHC API",
    version="1",
    description="API của hệ thống điều phối cải cách hành chính (CCHC). Xác thực: Authorization: Bearer <mã>.",
    auth=BearerToken(),
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": "Không có quyền truy cập."}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "Chưa xác thực: gửi kèm Authorization: Bearer <mã>."}, status=401)


@api.exception_handler(UserError)
def bad_value(request, exc):
    """SEC-3: a parameter that parses but is not allowed (a kind, a status, agency:<id>)."""
    return api.create_response(request, {"detail": exc.message}, status=400)


_PROBLEMS = {
    "int_parsing": "phải là một số nguyên viết bằng chữ số 0–9",
    "int_from_float": "phải là một số nguyên",
    "greater_than_equal": "phải từ {ge} trở lên",
    "less_than_equal": "phải không quá {le}",
    "date_from_datetime_parsing": "phải là một ngày dạng yyyy-mm-dd",
    "date_parsing": "phải là một ngày dạng yyyy-mm-dd",
    "date_from_datetime_inexact": "phải là một ngày dạng yyyy-mm-dd",
    "string_too_long": "dài quá {max_length} ký tự",
    "missing": "còn thiếu",
}


@api.exception_handler(ValidationError)
def invalid(request, exc):
    """SEC-3: a parameter of the wrong type or out of its bounds, in Vietnamese (422)."""
    problems = []
    for error in exc.errors:
        name = str(error.get("loc", ["", "?"])[-1])
        problem = _PROBLEMS.get(error.get("type"), "không hợp lệ")
        try:
            problem = problem.format(**(error.get("ctx") or {}))
        except (KeyError, IndexError):
            problem = "không hợp lệ"
        problems.append(f"{name} {problem}")
    return api.create_response(request, {"detail": f"Tham số không hợp lệ: {'; '.join(problems)}."}, status=422)


def _agency_ref(agency: Agency | None) -> dict | None:
    return {"id": agency.pk, "name": agency.name} if agency else None


def _agency_out(agency: Agency) -> dict:
    return {
        "id": agency.pk,
        "name": agency.name,
        "abbreviation": agency.abbreviation,
        "aliases": agency.aliases,
        "kind": agency.kind,
        "kind_label": agency.get_kind_display(),
        "parent": _agency_ref(agency.parent),
        "valid_from": agency.valid_from,
        "valid_to": agency.valid_to,
        "successor": _agency_ref(agency.successor),
    }


def _regulation_out(regulation: Regulation, on: dt.date) -> dict:
    deadline = regulation.proposal_deadline
    return {
        "id": regulation.pk,
        "province": regulation.province.slug,
        "programme": regulation.programme.code,
        "number": regulation.number,
        "title": regulation.title,
        "issuer": regulation.issuer,
        "signed_on": regulation.signed_on,
        "effective_from": regulation.effective_from,
        "effective_to": regulation.effective_to,
        "status": regulation.status,
        "in_force": regulation.is_in_force_on(on),
        "replaces_id": regulation.replaces_id,
        "standing_agency": _agency_ref(regulation.standing_agency),
        "proposal_deadline": format_day_month(*deadline) if deadline else None,
        "meeting_cadence": regulation.meeting_cadence,
    }


@api.get(
    "/provinces",
    response={200: list[schemas.ProvinceOut], **schemas.ERRORS},
    summary="Các tỉnh mà người dùng được xem",
    openapi_extra={"x-rule": "core.view_province"},
)
def list_provinces(request):
    """ORG-5: each province with its last day, its successor and its predecessors (by slug)."""
    provinces = visible_provinces(request.user).select_related("successor").prefetch_related("predecessors")
    return [
        {
            "slug": p.slug,
            "name": p.name,
            "kind": p.kind,
            "note": p.note,
            "valid_to": p.valid_to,
            "successor": p.successor.slug if p.successor_id else None,
            "successor_name": p.successor_name,
            "predecessors": sorted(q.slug for q in p.predecessors.all()),
        }
        for p in provinces
    ]


class AgencyQuery(schemas.Schema):
    q: str = Field("", max_length=200, description="Tìm theo tên, tên viết tắt, tên gọi khác (gõ không dấu được)")
    kind: str = Field("", max_length=40, description="Loại cơ quan: " + ", ".join(AgencyKind.values))


@api.get(
    "/provinces/{slug}/agencies",
    response={200: list[schemas.AgencyOut], **schemas.ERRORS},
    summary="Cơ quan của tỉnh (tìm không dấu)",
    openapi_extra={"x-rule": "core.view_province"},
)
def list_agencies(request, params: Query[AgencyQuery], slug: str = schemas.Slug()):
    province = visible_province_or_404(request.user, slug)
    kind = parse_choice(params.kind, AgencyKind.values, label="Loại cơ quan (kind)") or ""  # SEC-3
    return [_agency_out(a) for a in search_agencies(province, parse_search(params.q), kind)]


@api.get(
    "/provinces/{slug}/agencies/{agency_id}",
    response={200: schemas.AgencyOut, **schemas.ERRORS},
    summary="Một cơ quan",
    openapi_extra={"x-rule": "core.view_province"},
)
def get_agency(request, slug: str = schemas.Slug(), agency_id: int = schemas.Id()):
    province = visible_province_or_404(request.user, slug)
    agency = search_agencies(province).filter(pk=agency_id).first()
    if agency is None:
        raise Http404
    return _agency_out(agency)


@api.get(
    "/provinces/{slug}/agencies/{agency_id}/successors",
    response={200: list[schemas.SuccessorOut], **schemas.ERRORS},
    summary="Chuỗi cơ quan kế thừa của một cơ quan (kể cả ở tỉnh, thành phố mà tỉnh hợp nhất vào)",
    openapi_extra={"x-rule": "core.view_province"},
)
def agency_successors(request, slug: str = schemas.Slug(), agency_id: int = schemas.Id()):
    """ORG-2, ORG-5: the agency itself, then its successor, that one's successor, … (across provinces)."""
    province = visible_province_or_404(request.user, slug)
    agency = Agency.objects.filter(province=province, pk=agency_id).select_related("province").first()
    if agency is None:
        raise Http404
    return [
        {
            "id": a.pk,
            "name": a.name,
            "province": a.province.slug,
            "valid_from": a.valid_from,
            "valid_to": a.valid_to,
            "successor_communes": [
                {"id": c.pk, "name": c.name, "province": c.province.slug}
                for c in a.successor_communes.select_related("province").order_by("name")
            ],
        }
        for a in agency.successor_chain()
    ]


# REG-2, ORG-5: "in_force" answers for a day: today by default, or the day asked (a merged province's regulation
# was in force on its last day, not today).
ON = Query(None, description="Ngày (yyyy-mm-dd) mà trường in_force trả lời; mặc định hôm nay")


@api.get(
    "/provinces/{slug}/regulations",
    response={200: list[schemas.RegulationOut], **schemas.ERRORS},
    summary="Các quy chế phối hợp",
    openapi_extra={"x-rule": "core.view_province"},
)
def list_regulations(request, slug: str = schemas.Slug(), on: dt.date | None = ON):
    province = visible_province_or_404(request.user, slug)
    on = on or today()
    return [_regulation_out(r, on) for r in regulation_queries.regulations_of(province)]


@api.get(
    "/provinces/{slug}/regulations/{regulation_id}",
    response={200: schemas.RegulationDetailOut, **schemas.ERRORS},
    summary="Một quy chế với các trách nhiệm",
    openapi_extra={"x-rule": "core.view_province"},
)
def get_regulation(request, slug: str = schemas.Slug(), regulation_id: int = schemas.Id(), on: dt.date | None = ON):
    province = visible_province_or_404(request.user, slug)
    regulation = regulation_queries.regulation_for_page(province, regulation_id)
    if regulation is None:
        raise Http404
    out = _regulation_out(regulation, on or today())
    out["responsibilities"] = [
        {
            "subject_code": r.subject_code,
            "subject_name": str(r.subject),
            "role": r.role,
            "role_label": r.get_role_display(),
            "agency": _agency_ref(r.agency),
            "group": r.group.name if r.group_id else None,
            "article": r.article,
            "note": r.note,
            "assessed_kinds": list(r.assessed_kinds),
            "assessed_scope": r.assessed_scope,
            "scope_label": r.scope_label,
        }
        for r in regulation_queries.responsibilities_of(regulation)
    ]
    return out


class RoutingQuery(schemas.Schema):
    question: str = Field("standing", max_length=40, description="Câu hỏi: " + ", ".join(regulation_queries.QUESTIONS))
    subject: str | None = Field(None, max_length=60, description="Mã lĩnh vực hoặc nội dung (data/programmes.yaml)")
    on: dt.date | None = Field(None, description="Ngày hỏi (yyyy-mm-dd); mặc định hôm nay")


@api.get(
    "/provinces/{slug}/routing",
    response={200: schemas.RoutingOut, **schemas.ERRORS},
    summary="Hỏi quy chế: ai chủ trì, thẩm định, phối hợp, được hỏi ý kiến, được mời giao ban",
    openapi_extra={"x-rule": "core.view_province"},
)
def route(request, params: Query[RoutingQuery], slug: str = schemas.Slug()):
    """REG-4: `question` is one of standing, lead, appraisers, co-appraisers, coordinators, proposals,
    comments, briefing, agency-plans; `subject` is an area or topic code (data/programmes.yaml).
    A date on which no regulation is in force answers 404; a regulation that cannot answer (no standing agency
    recorded) answers 409; each with its reason in `detail` (SEC-3)."""
    province = visible_province_or_404(request.user, slug)
    if params.question not in regulation_queries.QUESTIONS:
        raise HttpError(400, f"Câu hỏi không hợp lệ; dùng: {', '.join(regulation_queries.QUESTIONS)}.")
    subject = parse_search(params.subject, max_length=60) or None
    if params.question in regulation_queries.NEEDS_SUBJECT and not subject:
        raise HttpError(400, "Câu hỏi này cần mã lĩnh vực hoặc nội dung (subject).")
    on = params.on or today()
    answer = {
        "province": province.slug,
        "on": on,
        "question": params.question,
        "subject": subject,
        "in_force": False,
        "regulation_id": None,
        "routes": [],
    }
    try:
        routes = regulation_queries.ask(province, params.question, subject, on)
    except NoRegulationInForce as exc:
        raise HttpError(404, str(exc)) from exc
    except UserError as exc:
        raise HttpError(409, exc.message) from exc
    regulation = regulation_queries.routing.regulation_in_force(province, on)
    return {
        **answer,
        "in_force": True,
        "regulation_id": regulation.pk,
        "message": "" if routes else "Quy chế không giao nội dung này cho cơ quan nào.",
        "routes": [
            {
                "agency": _agency_ref(r.agency),
                "named": r.named.name,
                "via_successor": r.via_successor,
                "via_group": r.via_group,
                "role": r.role,
                "article": r.article,
            }
            for r in routes
        ],
    }


from cchc.api.notifications import router as notifications_router  # noqa: E402 - TRK-4
from cchc.documents.api import router as documents_router  # noqa: E402 - TRK-5
from cchc.meetings.api import router as meetings_router  # noqa: E402 - COO-1 to COO-3
from cchc.plans.api import router as plans_router  # noqa: E402
from cchc.reports.api import router as reports_router  # noqa: E402 - RPT-1 to RPT-5
from cchc.tracking.api import router as tracking_router  # noqa: E402 - TRK-1 to TRK-3

for router in (plans_router, tracking_router, reports_router, meetings_router, documents_router, notifications_router):
    api.add_router("/", router)
from cchc.index.api import router as index_router  # noqa: E402 - IDX-1, IDX-2

api.add_router("/", index_router)
from cchc.index.api_scores import router as index_scores_router  # noqa: E402 - IDX-3 to IDX-7: scores, results

api.add_router("/", index_scores_router)

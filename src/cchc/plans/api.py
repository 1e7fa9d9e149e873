"""The plans part of the API (U-5): read-only, with exactly the plan pages' permissions and filters.

Each endpoint finds the province with `visible_province_or_404` and the plan with `visible_plan_or_404`, as the
pages do; what the user may not see answers 404. The tasks are read through `filter_tasks`, so the API lists
exactly what the appendix table shows, in a fixed number of queries whatever the number of tasks.
"""

import datetime as dt

from django.db.models import Count, Prefetch
from django.http import Http404
from ninja import Field, Query, Router, Schema

from cchc.api.schemas import ERRORS, Id, Slug
from cchc.core.dates import today
from cchc.core.params import ID_MAX, YEAR_MAX, YEAR_MIN, parse_choice, parse_party_key, parse_search
from cchc.core.scope import visible_province_or_404
from cchc.plans import queries
from cchc.plans.models import Milestone, Plan, PlanKind, Target, TargetResult, Task
from cchc.plans.targets import evaluate

router = Router(tags=["Kế hoạch"])

STATUSES = ("dated", "undated", "overdue", "upcoming")


# --- schemas ------------------------------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class PlanOut(Schema):
    id: int
    kind: str
    thematic_type: str
    number: str
    title: str
    issuer: str
    signed_on: dt.date | None
    start_year: int
    end_year: int
    programme: str
    status: str
    owner: Ref
    task_count: int
    received_at: dt.datetime | None = Field(
        None, description="PLAN-7: khi cơ quan thường trực CCHC xác nhận đã tiếp nhận kế hoạch của cơ quan"
    )


class TargetYearOut(Schema):
    year: int
    actual: float | None
    status: str
    status_label: str


class TargetAgencyResultOut(Schema):
    year: int
    agency: Ref
    actual: float
    status: str


class TargetOut(Schema):
    id: int
    area: str | None
    text: str
    measure: str
    comparison: str
    value: float
    unit: str
    start_year: int
    end_year: int
    scope_agencies: list[Ref]
    scope_groups: list[str]
    topic: str | None
    years: list[TargetYearOut]
    agency_results: list[TargetAgencyResultOut]


class AreaCountOut(Schema):
    area: str | None
    name: str
    tasks: int


class PlanCountsOut(Schema):
    objectives: int
    targets: int
    tasks: int
    milestones: int
    undated_tasks: int
    tasks_per_area: list[AreaCountOut]


class PlanDetailOut(PlanOut):
    objectives: list[str]
    requirements: str
    targets: list[TargetOut]
    counts: PlanCountsOut


class MilestoneOut(Schema):
    id: int
    label: str
    text: str
    kind: str
    due: dt.date | None


class TaskOut(Schema):
    id: int
    code: str
    title: str
    area: str | None
    products: list[str]
    lead: Ref | None
    lead_group: Ref | None
    coordinator_agencies: list[Ref]
    coordinator_groups: list[Ref]
    time_text: str
    owner_unit: str
    milestones: list[MilestoneOut]


class PlanQuery(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="Năm (2000–2100)")
    kind: str = Field("", max_length=40, description="Loại: " + ", ".join(PlanKind.values))


class TaskQuery(Schema):
    area: str = Field("", max_length=40, description="Mã lĩnh vực")
    lead: int | None = Field(None, ge=1, le=ID_MAX, description="Mã cơ quan chủ trì")
    coordinator: str = Field("", max_length=40, description="Cơ quan phối hợp: agency:<mã> hoặc group:<mã>")
    quarter: int | None = Field(None, ge=1, le=4, description="Quý 1–4 của năm đầu kế hoạch")
    status: str = Field("", max_length=40, description="Tình trạng: " + ", ".join(STATUSES))
    q: str = Field("", max_length=200, description="Tìm không dấu trong mã, tên, sản phẩm, thời gian")


# --- shapes -------------------------------------------------------------------------------------------------------


def _ref(obj) -> dict:
    return {"id": obj.pk, "name": obj.name}


def _plan_out(plan: Plan, task_count: int) -> dict:
    return {
        "id": plan.pk,
        "kind": plan.kind,
        "thematic_type": plan.thematic_type,
        "number": plan.number,
        "title": plan.title,
        "issuer": plan.issuer,
        "signed_on": plan.signed_on,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "programme": plan.programme.code,
        "status": plan.status,
        "owner": _ref(plan.owner),
        "task_count": task_count,
        "received_at": plan.received_at,
    }


def _number(value) -> float | None:
    return None if value is None else float(value)


def _target_out(target: Target) -> dict:
    """PLAN-3: the target with, for each of its years, the status of the latest province-wide result (a result
    with no agency); results reported for single agencies are listed with their own status."""
    latest_per_agency: dict[tuple[int, int], TargetResult] = {}
    for result in sorted(target.results.all(), key=lambda r: (r.reported_at, r.pk)):  # the latest report wins
        if result.agency_id is not None:
            latest_per_agency[(result.year, result.agency_id)] = result
    years = [
        {"year": y.year, "actual": _number(y.actual), "status": y.status, "status_label": y.label}
        for y in queries.target_years(target)
    ]
    return {
        "id": target.pk,
        "area": target.area.code if target.area_id else None,
        "text": target.text,
        "measure": target.measure,
        "comparison": target.comparison,
        "value": float(target.value),
        "unit": target.unit,
        "start_year": target.start_year,
        "end_year": target.end_year,
        "scope_agencies": [_ref(a) for a in target.scope_agencies.all()],
        "scope_groups": [g.name for g in target.scope_groups.all()],
        "topic": target.topic.code if target.topic_id else None,
        "years": years,
        "agency_results": [
            {
                "year": r.year,
                "agency": _ref(r.agency),
                "actual": float(r.value),
                "status": evaluate(target.comparison, target.value, r.value),
            }
            for r in sorted(latest_per_agency.values(), key=lambda r: (r.year, r.agency.name))
        ],
    }


def _milestone_out(milestone: Milestone) -> dict:
    return {
        "id": milestone.pk,
        "label": milestone.label,
        "text": milestone.text,
        "kind": milestone.kind,
        "due": milestone.due,
    }


def _task_out(task: Task) -> dict:
    return {
        "id": task.pk,
        "code": task.code,
        "title": task.title,
        "area": task.area.code if task.area_id else None,
        "products": list(task.products),
        "lead": _ref(task.lead) if task.lead_id else None,
        "lead_group": _ref(task.lead_group) if task.lead_group_id else None,
        "coordinator_agencies": [_ref(a) for a in task.coordinator_agencies.all()],
        "coordinator_groups": [_ref(g) for g in task.coordinator_groups.all()],
        "time_text": task.time_text,
        "owner_unit": task.owner_unit,
        "milestones": [_milestone_out(m) for m in task.milestones.all()],
    }


def _counts(plan: Plan, objectives: int, targets: int) -> dict:
    per_area = (
        plan.tasks.values("area__code", "area__name", "area__order")
        .annotate(n=Count("id"))
        .order_by("area__order", "area__code")
    )
    areas = [
        {"area": row["area__code"], "name": row["area__name"] or "Chưa xếp lĩnh vực", "tasks": row["n"]}
        for row in per_area
    ]
    return {
        "objectives": objectives,
        "targets": targets,
        "tasks": sum(a["tasks"] for a in areas),
        "milestones": Milestone.objects.filter(task__plan=plan).count(),
        "undated_tasks": plan.tasks.exclude(milestones__due__isnull=False).count(),
        "tasks_per_area": areas,
    }


def _plan(request, slug: str, plan_id: int) -> Plan:
    """The plan page's permission: the province, then the plan, each 404 when the user may not see it."""
    province = visible_province_or_404(request.user, slug)
    return queries.visible_plan_or_404(request.user, province, plan_id)


def _task(plan: Plan, task_id: int) -> Task:
    task = queries.tasks_of(plan).filter(pk=task_id).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


def _filters(params: TaskQuery) -> queries.TaskFilters:
    """SEC-3: each filter parsed and bounded; a bad value answers 400 with its reason (a UserError)."""
    status = parse_choice(params.status, STATUSES, label="Tình trạng (status)") or ""
    coordinator = parse_party_key(params.coordinator, label="Cơ quan phối hợp (coordinator)")
    return queries.TaskFilters(
        area=parse_search(params.area, max_length=40),
        lead=params.lead,
        coordinator=f"{coordinator[0]}:{coordinator[1]}" if coordinator else "",
        quarter=params.quarter,
        status=status,
        query=parse_search(params.q),
    )


# --- endpoints ----------------------------------------------------------------------------------------------------


@router.get(
    "/provinces/{slug}/plans",
    response={200: list[PlanOut], **ERRORS},
    summary="Các kế hoạch mà người dùng được xem",
    openapi_extra={"x-rule": "plans.view_plan"},
)
def list_plans(request, params: Query[PlanQuery], slug: str = Slug()):
    """PLAN-1: `year` keeps the plans whose years include it; `kind` is period, annual, agency or thematic."""
    province = visible_province_or_404(request.user, slug)
    kind = parse_choice(params.kind, PlanKind.values, label="Loại kế hoạch (kind)") or ""  # SEC-3
    plans = queries.plans_of(request.user, province, year=params.year, kind=kind)
    # PLAN-1: a discarded draft is kept (U-3) but listed nowhere, here as on the plan list page.
    return [_plan_out(plan, plan.task_count) for plan in plans if not plan.discarded]


@router.get(
    "/provinces/{slug}/plans/{plan_id}",
    response={200: PlanDetailOut, **ERRORS},
    summary="Một kế hoạch: mục tiêu, yêu cầu, chỉ tiêu và số liệu",
    openapi_extra={"x-rule": "plans.view_plan"},
)
def get_plan(request, slug: str = Slug(), plan_id: int = Id()):
    plan = _plan(request, slug, plan_id)
    objectives = [o.text for o in plan.objectives.all()]
    targets = list(
        plan.targets.select_related("area", "topic").prefetch_related(
            "scope_agencies",
            "scope_groups",
            Prefetch("results", queryset=TargetResult.objects.select_related("agency")),
        )
    )
    counts = _counts(plan, len(objectives), len(targets))
    return {
        **_plan_out(plan, counts["tasks"]),
        "objectives": objectives,
        "requirements": plan.requirements,
        "targets": [_target_out(t) for t in targets],
        "counts": counts,
    }


@router.get(
    "/provinces/{slug}/plans/{plan_id}/tasks",
    response={200: list[TaskOut], **ERRORS},
    summary="Phụ lục nhiệm vụ của kế hoạch, lọc như trên trang",
    openapi_extra={"x-rule": "plans.view_plan"},
)
def list_tasks(request, params: Query[TaskQuery], slug: str = Slug(), plan_id: int = Id()):
    """PLAN-2: `area` is an area code; `lead` an agency id; `coordinator` is agency:<id> or group:<id>;
    `quarter` 1 to 4 (of the plan's first year); `status` dated, undated, overdue or upcoming; `q` searches
    code, title, products and time without regard to accents."""
    plan = _plan(request, slug, plan_id)
    filters = _filters(params)
    return [_task_out(t) for t in queries.filter_tasks(plan, filters, today())]


@router.get(
    "/provinces/{slug}/plans/{plan_id}/tasks/{task_id}",
    response={200: TaskOut, **ERRORS},
    summary="Một nhiệm vụ của kế hoạch",
    openapi_extra={"x-rule": "plans.view_plan"},
)
def get_task(request, slug: str = Slug(), plan_id: int = Id(), task_id: int = Id()):
    plan = _plan(request, slug, plan_id)
    return _task_out(_task(plan, task_id))


@router.get(
    "/provinces/{slug}/plans/{plan_id}/tasks/{task_id}/milestones",
    response={200: list[MilestoneOut], **ERRORS},
    summary="Các mốc thời gian của một nhiệm vụ",
    openapi_extra={"x-rule": "plans.view_plan"},
)
def list_milestones(request, slug: str = Slug(), plan_id: int = Id(), task_id: int = Id()):
    """PLAN-2: a phrase with no computable date keeps its text and has `due` null until a person sets one."""
    plan = _plan(request, slug, plan_id)
    return [_milestone_out(m) for m in _task(plan, task_id).milestones.all()]

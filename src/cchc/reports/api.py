"""The reports part of the API (U-5): read-only, with exactly the report pages' rules: report cycles, the board of
submissions (RPT-3), an agency's report (RPT-1), the consolidated results (RPT-3)."""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema

from cchc.agencies.models import Agency
from cchc.api.schemas import ERRORS, Id, Slug
from cchc.core.rules import require
from cchc.core.scope import visible_province_or_404
from cchc.reports import queries
from cchc.reports.models import ReportCycle
from cchc.reports.rules import AgencyReport

router = Router(tags=["Báo cáo"])


class CycleOut(Schema):
    id: int
    kind: str
    year: int
    title: str
    period_start: dt.date
    period_end: dt.date
    due_date: dt.date
    status: str
    in_scope: int
    submitted: int


class BoardRowOut(Schema):
    agency_id: int
    agency: str
    state: str
    state_label: str
    version: int | None
    late: bool
    submitted_at: dt.datetime | None
    return_comment: str


class SubmissionOut(Schema):
    version: int
    status: str
    late: bool
    submitted_at: dt.datetime | None
    return_comment: str
    values: dict[str, str]
    texts: dict[str, str]
    area_texts: dict[str, str]


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    rule: str
    value: float | None
    reported: int


class ConsolidatedOut(Schema):
    cycle: CycleOut
    submitted: int
    late: int
    indicators: list[IndicatorOut]
    tasks_by_area: dict[str, dict[str, int]]
    targets_met: int
    targets_not_met: int
    problems: list[dict[str, str]]


def _cycle(request, slug, cycle_id) -> ReportCycle:
    province = visible_province_or_404(request.user, slug)
    require(request.user, "reports.view_cycles", province, or_404=True)
    cycle = ReportCycle.objects.filter(province=province, pk=cycle_id).select_related("province").first()
    if cycle is None:
        raise Http404
    return cycle


def _cycle_out(cycle, submitted: int, in_scope: int) -> dict:
    fields = ("id", "kind", "year", "title", "period_start", "period_end", "due_date", "status")
    return {**{f: getattr(cycle, f) for f in fields}, "submitted": submitted, "in_scope": in_scope}


@router.get(
    "/provinces/{slug}/report-cycles",
    response={200: list[CycleOut], **ERRORS},
    summary="Các kỳ báo cáo CCHC của tỉnh",
    openapi_extra={"x-rule": "reports.view_cycles"},
)
def list_cycles(request, slug: str = Slug()):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "reports.view_cycles", province, or_404=True)
    return [_cycle_out(c, s, n) for c, s, n in queries.submission_rates(province)]


@router.get(
    "/provinces/{slug}/report-cycles/{cycle_id}/submissions",
    response={200: list[BoardRowOut], **ERRORS},
    summary="RPT-3: tình hình gửi báo cáo của các cơ quan (đúng hạn, muộn, bị trả lại, chưa gửi)",
    openapi_extra={"x-rule": "reports.view_board"},
)
def board(request, slug: str = Slug(), cycle_id: int = Id()):
    cycle = _cycle(request, slug, cycle_id)
    require(request.user, "reports.view_board", cycle)
    return [
        {
            "agency_id": row.agency.pk,
            "agency": row.agency.name,
            "state": row.state,
            "state_label": row.state_label,
            "version": row.latest.version if row.latest else None,
            "late": bool(row.standing and row.standing.late),
            "submitted_at": row.standing.submitted_at if row.standing else None,
            "return_comment": row.latest.return_comment if row.latest else "",
        }
        for row in queries.board(cycle)
    ]


@router.get(
    "/provinces/{slug}/report-cycles/{cycle_id}/submissions/{agency_id}",
    response={200: list[SubmissionOut], **ERRORS},
    summary="RPT-1: các lần gửi báo cáo của một cơ quan, mới nhất trước",
    openapi_extra={"x-rule": "reports.view_agency_report"},
)
def agency_report(request, slug: str = Slug(), cycle_id: int = Id(), agency_id: int = Id()):
    cycle = _cycle(request, slug, cycle_id)
    agency = Agency.objects.filter(province=cycle.province, pk=agency_id).first()
    if agency is None:
        raise Http404
    require(request.user, "reports.view_agency_report", AgencyReport(cycle, agency), or_404=True)
    return [
        {
            "version": s.version,
            "status": s.status,
            "late": s.late,
            "submitted_at": s.submitted_at,
            "return_comment": s.return_comment,
            "values": {k: str(v) for k, v in s.values.items()},
            "texts": {k: str(v) for k, v in s.texts.items()},
            "area_texts": {k: str(v) for k, v in s.area_texts.items()},
        }
        for s in queries.versions(cycle, agency)
    ]


@router.get(
    "/provinces/{slug}/report-cycles/{cycle_id}/consolidated",
    response={200: ConsolidatedOut, **ERRORS},
    summary="RPT-3: báo cáo tổng hợp của tỉnh, mỗi chỉ số tổng hợp theo quy tắc của nó",
    openapi_extra={"x-rule": "reports.view_consolidated"},
)
def consolidated(request, slug: str = Slug(), cycle_id: int = Id()):
    cycle = _cycle(request, slug, cycle_id)
    require(request.user, "reports.view_consolidated", cycle)
    result = queries.consolidation(cycle)
    return {
        "cycle": _cycle_out(cycle, len(result.submissions), result.in_scope),
        "submitted": len(result.submissions),
        "late": result.late,
        "indicators": [
            {
                "code": r.indicator.code,
                "name": r.indicator.name,
                "unit": r.indicator.unit,
                "rule": r.indicator.rule,
                "value": float(r.value) if r.value is not None else None,
                "reported": r.reported,
            }
            for r in result.results
        ],
        "tasks_by_area": result.tasks_by_area,
        "targets_met": result.targets_met,
        "targets_not_met": result.targets_not_met,
        "problems": [{"agency": a, "text": t} for a, t in result.problems],
    }

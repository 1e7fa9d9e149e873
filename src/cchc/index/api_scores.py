"""The reform index's scores and results in the API (U-5, IDX-3 to IDX-7): read-only, with the pages' rules.

Visibility (IDX-7, SEC-1): before publication an agency's scores and result are seen by its own members and Sở Nội
vụ's staff only; after publication by everyone in the province. Another province's user gets 404.
"""

import datetime as dt

from django.http import Http404
from ninja import Path, Router, Schema

from cchc.api.schemas import ERRORS, Id, Slug
from cchc.core.rules import can, memberships, require
from cchc.core.scope import visible_province_or_404
from cchc.index import queries
from cchc.index.models import Assessment, Result, Score
from cchc.index.rules_province import AgencyInProvince

router = Router(tags=["Chỉ số CCHC"])


def Year():  # noqa: N802 - reads as a type in a signature
    return Path(..., ge=2000, le=2100, description="Năm đánh giá")


class AssessmentOut(Schema):
    agency_id: int
    agency_name: str
    agency_kind: str
    framework: str
    status: str
    submitted_at: dt.datetime | None


class ScoreOut(Schema):
    node_id: int
    code: str
    name: str
    kind: str
    area_code: str
    method: str
    max_points: str
    self_points: str | None
    explanation: str
    appraiser_id: int | None
    appraisal_state: str
    appraised_points: str | None
    survey_points: str | None


class AreaOut(Schema):
    code: str
    points: str
    max: str
    percent: str | None


class ResultOut(Schema):
    agency_id: int
    agency_name: str
    appraised_points: str
    survey_points: str
    bonus_points: str
    penalty_points: str
    max_points: str
    percent: str | None
    group: str
    rank: int | None
    band: str
    areas: list[AreaOut]


def _text(value) -> str | None:
    return None if value is None else str(value)


def appraised_leaf_ids(user, campaign, file) -> list[int]:
    """IDX-4: the leaves of a submitted file that the user's agencies appraise (none for a file not submitted)."""
    from cchc.index.appraisal_queries import appraised_leaves
    from cchc.index.appraisal_routing import (
        NOT_APPRAISED_KINDS,
        area_code_of,
        cached_user_agency_ids,
        cached_user_areas,
    )
    from cchc.index.models import AssessmentStatus

    if file.status != AssessmentStatus.SUBMITTED or file.agency.kind in NOT_APPRAISED_KINDS:
        return []
    areas, _ = cached_user_areas(user, campaign)
    mine = cached_user_agency_ids(user, campaign)
    codes = {route.code for route in areas if route.appraises(mine, file.agency)}
    if not codes:
        return []
    return [
        leaf.pk
        for leaf in appraised_leaves(campaign)
        if leaf.framework_id == file.framework_id and area_code_of(leaf) in codes
    ]


def _campaign(request, slug, year):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "index.view_campaigns", province, or_404=True)
    return province, queries.campaign_or_404(province, year)


@router.get(
    "/provinces/{slug}/index/campaigns/{year}/assessments",
    response={200: list[AssessmentOut], **ERRORS},
    summary="Hồ sơ tự đánh giá của các cơ quan trong đợt: trạng thái từng hồ sơ",
    openapi_extra={"x-rule": "index.view_campaigns"},
)
def list_assessments(request, slug: str = Slug(), year: int = Year()):
    province, campaign = _campaign(request, slug, year)
    files = (
        Assessment.objects.filter(campaign=campaign)
        .select_related("agency", "framework")
        .order_by("agency__name", "agency_id")
    )
    return [
        {
            "agency_id": f.agency_id,
            "agency_name": f.agency.name,
            "agency_kind": f.agency.kind,
            "framework": f.framework.code,
            "status": f.status,
            "submitted_at": f.submitted_at,
        }
        for f in files
    ]


@router.get(
    "/provinces/{slug}/index/campaigns/{year}/assessments/{agency_id}/scores",
    response={200: list[ScoreOut], **ERRORS},
    summary="Điểm từng tiêu chí của một cơ quan: tự chấm, thẩm định, điều tra xã hội học",
    openapi_extra={"x-rule": "index.view_agency_scores"},
)
def agency_scores(request, slug: str = Slug(), year: int = Year(), agency_id: int = Id()):
    """Before publication: the agency's members and Sở Nội vụ's staff; an appraiser the regulation names (IDX-4)
    reads the leaves it appraises of a submitted file, and no other; after publication: the province (others 404)."""
    province, campaign = _campaign(request, slug, year)
    file = Assessment.objects.filter(campaign=campaign, agency_id=agency_id).select_related("agency").first()
    whole = campaign.published_at is not None or can(
        request.user, "index.view_agency_scores", AgencyInProvince(province, agency_id)
    )
    leaves = None if file is None or whole else appraised_leaf_ids(request.user, campaign, file)
    if file is None or leaves == []:
        raise Http404
    scores = Score.objects.filter(assessment=file).select_related("node").order_by("node__order")
    if leaves is not None:  # IDX-4: an appraiser reads exactly the leaves of the file that it appraises
        scores = scores.filter(node__in=leaves)
    return [
        {
            "node_id": s.node_id,
            "code": s.node.code,
            "name": s.node.name,
            "kind": s.node.kind,
            "area_code": s.node.area_code,
            "method": s.node.method,
            "max_points": str(s.node.max_points),
            "self_points": _text(s.self_points),
            "explanation": s.explanation,
            "appraiser_id": s.appraiser_id,
            "appraisal_state": s.appraisal_state,
            "appraised_points": _text(s.appraised_points),
            "survey_points": _text(s.survey_points),
        }
        for s in scores
    ]


@router.get(
    "/provinces/{slug}/index/campaigns/{year}/results",
    response={200: list[ResultOut], **ERRORS},
    summary="Kết quả Chỉ số CCHC: trước khi công bố chỉ kết quả của cơ quan mình (cơ quan thường trực CCHC: tất cả)",
    openapi_extra={"x-rule": "index.view_campaigns"},
)
def list_results(request, slug: str = Slug(), year: int = Year()):
    province, campaign = _campaign(request, slug, year)
    results = (
        Result.objects.filter(campaign=campaign).select_related("agency").order_by("group", "rank", "agency__name")
    )
    if campaign.published_at is None and not can(request.user, "index.view_all_scores", province):
        own = [m.agency_id for m in memberships(request.user) if m.agency.province_id == province.pk]
        results = results.filter(agency_id__in=own)
    return [
        {
            "agency_id": r.agency_id,
            "agency_name": r.agency.name,
            "appraised_points": str(r.appraised_points),
            "survey_points": str(r.survey_points),
            "bonus_points": str(r.bonus_points),
            "penalty_points": str(r.penalty_points),
            "max_points": str(r.max_points),
            "percent": _text(r.percent),
            "group": r.group,
            "rank": r.rank,
            "band": r.band,
            "areas": [
                {
                    "code": code,
                    "points": str(a.get("points", "")),
                    "max": str(a.get("max", "")),
                    "percent": _text(a.get("percent")),
                }
                for code, a in (r.areas.items() if isinstance(r.areas, dict) else [])
                if isinstance(a, dict)
            ],
        }
        for r in results
    ]

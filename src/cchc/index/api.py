"""The reform index in the API (U-5, IDX-1, IDX-2): read-only, with the pages' rules and queries."""

import datetime as dt

from ninja import Router, Schema

from cchc.api.schemas import ERRORS, Id, Slug
from cchc.core.rules import require
from cchc.core.scope import visible_province_or_404
from cchc.index import queries

router = Router(tags=["Chỉ số CCHC"])


class LevelOut(Schema):
    points: str
    text: str


class NodeOut(Schema):
    id: int
    parent_id: int | None
    kind: str
    code: str
    name: str
    area_code: str
    max_points: str  # a decimal as text, so that 0.5 stays 0.5
    method: str
    guidance: str
    formula: str
    evidence: str
    levels: list[LevelOut]


class FrameworkOut(Schema):
    id: int
    code: str
    version: int
    name: str
    agency_kind: str
    programme: str
    max_points: str
    province: str | None
    note: str


class FrameworkDetailOut(FrameworkOut):
    nodes: list[NodeOut]


class CampaignFrameworkOut(Schema):
    agency_kind: str
    code: str
    version: int
    name: str
    max_points: str


class BandOut(Schema):
    label: str
    min: str


class CampaignOut(Schema):
    id: int
    year: int
    self_assessment_deadline: dt.date
    appraisal_deadline: dt.date
    explanation_deadline: dt.date
    publication_deadline: dt.date
    bands: list[BandOut]
    frameworks: list[CampaignFrameworkOut]
    agency_ids: list[int]


def _framework_out(framework) -> dict:
    return {
        "id": framework.pk,
        "code": framework.code,
        "version": framework.version,
        "name": framework.name,
        "agency_kind": framework.agency_kind,
        "programme": framework.programme.code,
        "max_points": str(framework.max_points),
        "province": framework.province.slug if framework.province_id else None,
        "note": framework.note,
    }


@router.get(
    "/provinces/{slug}/index/frameworks",
    response={200: list[FrameworkOut], **ERRORS},
    summary="Bộ tiêu chí Chỉ số CCHC tỉnh được dùng (dùng chung và của tỉnh)",
    openapi_extra={"x-rule": "index.view_frameworks"},
)
def list_frameworks(request, slug: str = Slug()):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "index.view_frameworks", province, or_404=True)
    return [_framework_out(f) for f in queries.frameworks_for(province)]


@router.get(
    "/provinces/{slug}/index/frameworks/{framework_id}",
    response={200: FrameworkDetailOut, **ERRORS},
    summary="Một bộ tiêu chí: cây lĩnh vực, tiêu chí, tiêu chí thành phần, điểm thưởng, điểm trừ",
    openapi_extra={"x-rule": "index.view_frameworks"},
)
def get_framework(request, slug: str = Slug(), framework_id: int = Id()):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "index.view_frameworks", province, or_404=True)
    framework = queries.framework_or_404(province, framework_id)
    nodes = [
        {
            "id": n.pk,
            "parent_id": n.parent_id,
            "kind": n.kind,
            "code": n.code,
            "name": n.name,
            "area_code": n.area_code,
            "max_points": str(n.max_points),
            "method": n.method,
            "guidance": n.guidance,
            "formula": n.formula,
            "evidence": n.evidence,
            "levels": n.levels,
        }
        for n in framework.nodes.order_by("order")
    ]
    return {**_framework_out(framework), "nodes": nodes}


@router.get(
    "/provinces/{slug}/index/campaigns",
    response={200: list[CampaignOut], **ERRORS},
    summary="Các đợt đánh giá Chỉ số CCHC của tỉnh (mới nhất trước)",
    openapi_extra={"x-rule": "index.view_campaigns"},
)
def list_campaigns(request, slug: str = Slug()):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "index.view_campaigns", province, or_404=True)
    return [
        {
            "id": c.pk,
            "year": c.year,
            "self_assessment_deadline": c.self_assessment_deadline,
            "appraisal_deadline": c.appraisal_deadline,
            "explanation_deadline": c.explanation_deadline,
            "publication_deadline": c.publication_deadline,
            "bands": c.bands,
            "frameworks": [
                {
                    "agency_kind": f.agency_kind,
                    "code": f.code,
                    "version": f.version,
                    "name": f.name,
                    "max_points": str(f.max_points),
                }
                for f in c.frameworks.all()
            ],
            "agency_ids": sorted(a.pk for a in c.agencies.all()),
        }
        for c in queries.campaigns_of(province).prefetch_related("agencies")
    ]

"""IDX-8: the province's own self-assessment for the Ministry (tự đánh giá Chỉ số CCHC cấp tỉnh).

When a campaign has a framework for kind provincial-committee, UBND tỉnh's file is the province's self-assessment.
Each leaf of area X is scored by the staff (leader, focal officer) of the agency the regulation in force names as
LEAD of X (`route_lead`); where it names none, by Sở Nội vụ. Sở Nội vụ's staff consolidate, may correct any leaf
with a comment (the event is kept), and its leader marks the file submitted once every appraisal leaf is scored;
then the file is read-only. Reads (`consolidation`) take a fixed number of queries.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cchc.agencies.models import AgencyKind
from cchc.core import audit
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.core.rules import agency_roles, can, province_is_live
from cchc.index.models import (
    Assessment,
    AssessmentStatus,
    CampaignNode,
    EvidenceSource,
    Method,
    Score,
    ScoreEvent,
    ScoreEventKind,
    ScoreEvidence,
)

KIND = AgencyKind.PROVINCIAL_COMMITTEE
EDITOR_ROLES = {"leader", "focal"}
READ_ONLY = "Hồ sơ tự đánh giá của tỉnh đã gửi: chỉ xem, không sửa được."
STALE = "Tiêu chí này vừa được người khác lưu. Hãy tải lại trang để xem điểm mới rồi lưu lại."


def province_file(campaign) -> Assessment | None:
    """UBND tỉnh's file in the campaign, when the campaign has a framework for the province's own index."""
    return (
        Assessment.objects.filter(campaign=campaign, agency__kind=KIND)
        .select_related("agency", "framework", "campaign__province", "submitted_by")
        .first()
    )


def province_file_or_404(campaign) -> Assessment:
    file = province_file(campaign)
    if file is None:
        raise Http404("Đợt đánh giá này không có bộ tiêu chí tự đánh giá của tỉnh.")
    return file


def _standing(province, on: dt.date):
    from cchc.regulation.routing import NoRegulationInForce, route_standing_agency

    try:
        return route_standing_agency(province, on).agency
    except (NoRegulationInForce, UserError):
        return province.standing_agency


def area_scorers(province, area_codes, on: dt.date) -> dict:
    """IDX-8: {area code: the agency that scores it}: the regulation's lead of the area, else Sở Nội vụ."""
    from cchc.regulation.routing import NoRegulationInForce, route_lead

    standing = _standing(province, on)
    out = {}
    for code in area_codes:
        try:
            route = route_lead(province, code, on)
        except NoRegulationInForce:
            route = None
        out[code] = route.agency if route is not None and route.agency is not None else standing
    return out


@dataclass
class Scope:
    """What one user may do on the province's file: see all (Sở Nội vụ, leadership), consolidate (Sở Nội vụ's
    staff), and the areas they score (as staff of the lead agency)."""

    sees_all: bool
    consolidates: bool
    submits: bool
    own_areas: set = field(default_factory=set)

    @property
    def sees_any(self) -> bool:
        return self.sees_all or bool(self.own_areas)


def scope_of(user, file: Assessment, scorers: dict) -> Scope:
    province = file.campaign.province
    own = {code for code, agency in scorers.items() if agency and agency_roles(user, agency.pk) & EDITOR_ROLES}
    return Scope(
        sees_all=can(user, "index.view_province_assessment_all", province),
        consolidates=can(user, "index.consolidate_province_assessment", province),
        submits=can(user, "index.submit_province_assessment", province),
        own_areas=own if can(user, "index.view_campaigns", province) else set(),
    )


# --- reads ----------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    score: Score
    area: CampaignNode
    scorer: object  # Agency
    evidence: list
    last: ScoreEvent | None
    editable: bool = False

    @property
    def scored(self) -> bool:
        return self.score.self_points is not None

    @property
    def survey(self) -> bool:
        return self.score.node.method == Method.SURVEY


@dataclass
class Progress:
    label: str
    scored: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.scored / self.total) if self.total else 100


@dataclass
class Consolidation:
    file: Assessment
    rows: list[Row]
    areas: list[CampaignNode]
    by_area: dict[str, Progress]
    by_agency: dict[int, Progress]

    @property
    def complete(self) -> bool:
        return all(row.scored for row in self.rows if not row.survey)

    @property
    def total(self) -> Progress:
        appraisal = [r for r in self.rows if not r.survey]
        return Progress("Tổng", sum(1 for r in appraisal if r.scored), len(appraisal))

    @property
    def points(self) -> Decimal:
        return sum((r.score.self_points or Decimal(0) for r in self.rows if not r.survey), Decimal(0))


def consolidation(file: Assessment, on: dt.date, scope: Scope | None = None) -> Consolidation:
    """Every leaf (or the user's own, when `scope` sees only some areas) with its scorer, points, evidence, last
    change, and progress per area and per scoring agency: a fixed number of queries."""
    nodes = list(CampaignNode.objects.filter(framework=file.framework).order_by("order"))
    areas = [n for n in nodes if n.kind == CampaignNode.Kind.AREA]
    area_of = {a.pk: a for a in areas}
    parent = {n.pk: n.parent_id for n in nodes}

    def top(node_id):
        while parent.get(node_id):
            node_id = parent[node_id]
        return area_of.get(node_id)

    scorers = area_scorers(file.campaign.province, [a.area_code for a in areas], on)
    scores = list(
        Score.objects.filter(assessment=file)
        .select_related("node")
        .exclude(node__kind__in=[CampaignNode.Kind.BONUS, CampaignNode.Kind.PENALTY])
        .order_by("node__order")
    )
    ids = [s.pk for s in scores]
    evidence = defaultdict(list)
    for item in ScoreEvidence.objects.filter(score_id__in=ids).order_by("id"):
        evidence[item.score_id].append(item)
    last = {}
    for event in ScoreEvent.objects.filter(score_id__in=ids).select_related("agency", "actor").order_by("at", "id"):
        last[event.score_id] = event
    rows, by_area, by_agency = [], {}, {}
    draft = file.status == AssessmentStatus.DRAFT
    for score in scores:
        area = top(score.node_id)
        if area is None:
            continue
        scorer = scorers.get(area.area_code)
        if scope is not None and not scope.sees_all and area.area_code not in scope.own_areas:
            continue
        editable = bool(
            scope
            and draft
            and (area.area_code in scope.own_areas or scope.consolidates)
            and score.node.method != Method.SURVEY
        )
        row = Row(score, area, scorer, evidence[score.pk], last.get(score.pk), editable)
        rows.append(row)
        if row.survey:
            continue
        a = by_area.setdefault(area.area_code, Progress(f"{area.code}. {area.name}"))
        a.total += 1
        a.scored += row.scored
        if scorer is not None:
            g = by_agency.setdefault(scorer.pk, Progress(scorer.name))
            g.total += 1
            g.scored += row.scored
    return Consolidation(file, rows, areas, by_area, by_agency)


# --- writes ---------------------------------------------------------------------------------------------------------


def _points(value, node) -> Decimal:
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise UserError(f"Điểm của tiêu chí {node.code} phải là một số.") from None
    if not points.is_finite() or points < 0:
        raise UserError(f"Điểm của tiêu chí {node.code} không được âm.")
    if points > node.max_points:
        raise UserError(f"Điểm của tiêu chí {node.code} không được vượt quá {node.max_points} điểm tối đa.")
    if points.as_tuple().exponent < -2:
        raise UserError(f"Điểm của tiêu chí {node.code} chỉ có tối đa hai chữ số thập phân.")
    levels = [Decimal(str(level["points"])) for level in node.levels or []]
    if levels and points not in levels:
        allowed = ", ".join(str(level.normalize()) for level in levels)
        raise UserError(f"Điểm của tiêu chí {node.code} phải là một trong các mức: {allowed}.")
    return points


@transaction.atomic
def save_leaf(
    file: Assessment,
    score_id: int,
    *,
    actor,
    points,
    revision,
    explanation: str = "",
    evidence_title: str = "",
    upload=None,
    comment: str = "",
    on: dt.date,
) -> Score:
    """IDX-8: a lead agency's staff score a leaf of their area; Sở Nội vụ's staff score any leaf, a correction of
    another agency's leaf needing a comment. A leaf the user may not see: 404; one they see but may not edit: 403.
    Refused with nothing written: a submitted file, a stale revision, points off the leaf's max or levels, a
    survey leaf, no evidence and no explanation, a file of the wrong type."""
    from cchc.tracking.services import check_evidence_file

    file = Assessment.objects.select_for_update().select_related("campaign__province").get(pk=file.pk)
    score = Score.objects.select_for_update().select_related("node").filter(assessment=file, pk=score_id).first()
    if score is None:
        raise Http404("Không tìm thấy tiêu chí.")
    province = file.campaign.province
    node = score.node
    area = node
    while area.parent_id:
        area = CampaignNode.objects.get(pk=area.parent_id)
    scorer = area_scorers(province, [area.area_code], on)[area.area_code]
    scope = scope_of(actor, file, {area.area_code: scorer})
    own = area.area_code in scope.own_areas
    if not own and not scope.sees_all:
        raise Http404("Không tìm thấy tiêu chí.")
    if not own and not scope.consolidates:
        raise PermissionDenied(f"Chỉ cơ quan chủ trì lĩnh vực và {province.standing_name} chấm điểm tiêu chí này.")
    if not province_is_live(actor, province):  # ORG-5: a merged province's records are history
        raise PermissionDenied("Tỉnh đã hợp nhất: hồ sơ chỉ để xem.")
    if file.status != AssessmentStatus.DRAFT:
        raise UserError(READ_ONLY)
    if node.method == Method.SURVEY or node.kind in (CampaignNode.Kind.BONUS, CampaignNode.Kind.PENALTY):
        raise UserError(f"Tiêu chí {node.code} không tự chấm (điểm điều tra xã hội học, điểm thưởng, điểm trừ).")
    try:
        expected = int(str(revision))
    except (TypeError, ValueError):
        raise UserError(STALE) from None
    if expected != score.revision:
        raise UserError(STALE)
    checked = _points(points, node)
    explanation = (explanation or "").strip()[:5000]
    evidence_title = (evidence_title or "").strip()[:500]
    comment = (comment or "").strip()[:2000]
    correction = not own
    if correction and not comment:
        raise UserError(
            f"{province.standing_name} điều chỉnh điểm do {scorer.name if scorer else 'cơ quan khác'} chấm: cần ý kiến."
        )
    if upload is not None:
        check_evidence_file(upload)
        evidence_title = evidence_title or upload.name[:500]
    has_evidence = bool(evidence_title) or score.evidence.exists()
    if not has_evidence and not explanation:
        raise UserError(f"Tiêu chí {node.code}: không có tài liệu kiểm chứng thì phải giải trình.")
    before = audit.snapshot(score)
    score.self_points = checked
    score.explanation = explanation
    score.revision += 1
    score.save(update_fields=["self_points", "explanation", "revision", "updated_at"])
    if evidence_title:
        item = ScoreEvidence(score=score, source=EvidenceSource.UPLOAD, title=evidence_title, added_by=actor)
        if upload is not None:
            item.file.save(upload.name[-100:], upload, save=False)
        item.save()
    acting = scorer if own else _standing(province, on)
    ScoreEvent.objects.create(
        score=score,
        kind=ScoreEventKind.CHANGE if correction else ScoreEventKind.SELF,
        points=checked,
        text=comment or explanation,
        agency=acting,
        actor=actor,
    )
    Assessment.objects.filter(pk=file.pk).update(revision=file.revision + 1)
    by = f"{province.standing_name} điều chỉnh" if correction else "Tự chấm"
    audit.record(
        actor=actor,
        obj=score,
        action=AuditEntry.Action.UPDATE,
        province=province,
        before=before,
        after=audit.snapshot(score),
        summary=f"{by} tiêu chí {node.code}: {checked} điểm",
    )
    return score


@transaction.atomic
def submit(file: Assessment, *, actor, on: dt.date) -> Assessment:
    """IDX-8: Sở Nội vụ's leader marks the province's file submitted once every appraisal leaf is scored."""
    file = Assessment.objects.select_for_update().select_related("campaign__province").get(pk=file.pk)
    if not can(actor, "index.submit_province_assessment", file.campaign.province):
        raise PermissionDenied(f"Chỉ lãnh đạo {file.campaign.province.standing_name} gửi hồ sơ tự đánh giá của tỉnh.")
    if file.status != AssessmentStatus.DRAFT:
        raise UserError("Hồ sơ tự đánh giá của tỉnh đã được gửi.")
    missing = list(
        Score.objects.filter(assessment=file, self_points__isnull=True, node__method=Method.APPRAISAL)
        .order_by("node__order")
        .values_list("node__code", flat=True)
    )
    if missing:
        raise UserError(f"Còn {len(missing)} tiêu chí chưa chấm: {', '.join(missing[:10])}.")
    before = audit.snapshot(file)
    file.status = AssessmentStatus.SUBMITTED
    file.submitted_at = timezone.now()
    file.submitted_by = actor
    file.revision += 1
    file.save(update_fields=["status", "submitted_at", "submitted_by", "revision"])
    audit.record(
        actor=actor,
        obj=file,
        action=AuditEntry.Action.UPDATE,
        province=file.campaign.province,
        before=before,
        after=audit.snapshot(file),
        summary="Gửi hồ sơ tự đánh giá Chỉ số CCHC của tỉnh",
    )
    return file


@transaction.atomic
def save_texts(file: Assessment, *, actor, difficulties: str, recommendations: str) -> Assessment:
    """IDX-8: Sở Nội vụ's staff write the report's difficulties and recommendations while the file is a draft."""
    file = Assessment.objects.select_for_update().select_related("campaign__province").get(pk=file.pk)
    if not can(actor, "index.consolidate_province_assessment", file.campaign.province):
        raise PermissionDenied(f"Chỉ {file.campaign.province.standing_name} tổng hợp hồ sơ tự đánh giá của tỉnh.")
    if file.status != AssessmentStatus.DRAFT:
        raise UserError(READ_ONLY)
    from cchc.index.selfassessment import store_texts

    return store_texts(
        actor, file, difficulties, recommendations, summary="Khó khăn, kiến nghị của báo cáo tự đánh giá của tỉnh"
    )

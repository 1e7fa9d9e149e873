"""IDX-3: the agency's self-assessment: save a leaf's score, its evidence, submit, withdraw, reopen, the signed scan.

Each write is in a transaction, locks the row it changes, is audited, and refuses bad input with a Vietnamese
message, changing nothing. The rules (rules_self.py) say who; these functions also say when (the file's status,
the deadline, the leaf's method).
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from cchc.agencies.models import AgencyKind
from cchc.core import audit
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.core.rules import require
from cchc.index.models import (
    AssessmentStatus,
    CampaignNode,
    EvidenceSource,
    Method,
    Score,
    ScoreEvent,
    ScoreEventKind,
    ScoreEvidence,
)
from cchc.index.models_scores import Assessment

Kind = CampaignNode.Kind


def fmt_points(value) -> str:
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def is_self_scored(node) -> bool:
    """Leaves the agency scores: appraised leaves and bonus items; never survey leaves nor penalty items."""
    if node.kind == Kind.PENALTY:
        return False
    return node.method != Method.SURVEY


def is_required(node) -> bool:
    """Leaves that must carry a score before the file is submitted: the appraised leaves (bonus is optional)."""
    return node.kind != Kind.BONUS and is_self_scored(node)


def open_until(assessment) -> dt.date:
    """The last day the form is open: the campaign's deadline, or the date Sở Nội vụ reopened it to."""
    deadline = assessment.campaign.self_assessment_deadline
    return max(deadline, assessment.reopened_until) if assessment.reopened_until else deadline


def closed_reason(assessment, on: dt.date | None = None) -> str:
    """Why the form cannot be edited now ("" when it can)."""
    on = on or today()
    if assessment.agency.kind == AgencyKind.PROVINCIAL_COMMITTEE:
        return "Hồ sơ của tỉnh do các sở chuyên ngành chấm ở trang tự đánh giá cấp tỉnh."
    if assessment.status == AssessmentStatus.SUBMITTED:
        return "Hồ sơ đã gửi: không sửa được (người đứng đầu có thể rút lại trước hạn)."
    if on > open_until(assessment):
        until = open_until(assessment)
        return f"Đã quá hạn tự đánh giá ({until:%d/%m/%Y}); cơ quan thường trực CCHC có thể mở lại cho cơ quan."
    return ""


def _check_open(assessment) -> None:
    reason = closed_reason(assessment)
    if reason:
        raise UserError(reason)


def parse_points(value) -> Decimal:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        raise UserError("Nhập điểm tự chấm.")
    try:
        points = Decimal(text)
    except InvalidOperation:
        raise UserError(f"«{str(value)[:20]}» không phải là số điểm.") from None
    if not points.is_finite():
        raise UserError(f"«{str(value)[:20]}» không phải là số điểm.")
    if points < 0:
        raise UserError("Điểm không được âm.")
    if points != points.quantize(Decimal("0.01")):
        raise UserError("Điểm có tối đa 2 chữ số thập phân.")
    return points.quantize(Decimal("0.01"))


def _locked_score(score) -> Score:
    return (
        Score.objects.select_for_update()
        .select_related("assessment__campaign__province", "assessment__agency", "node")
        .get(pk=score.pk)
    )


@transaction.atomic
def save_self_score(user, score, points, explanation: str, revision, *, on: dt.date | None = None) -> Score:
    """IDX-3: the agency's score of one leaf, with its explanation. `revision` is the score's revision the user
    saw: a stale one (someone saved in between) is refused, telling what the other saved."""
    from cchc.index import suggestions

    score = _locked_score(score)
    assessment = score.assessment
    require(user, "index.edit_self", assessment)
    node = score.node
    if node.framework_id != assessment.framework_id:
        raise UserError("Tiêu chí không thuộc bộ tiêu chí của cơ quan.")
    if not is_self_scored(node):
        if node.kind == Kind.PENALTY:
            raise UserError(f"{node.code} là điểm trừ: cơ quan không tự chấm.")
        raise UserError(f"{node.code} chấm bằng điều tra xã hội học: cơ quan không tự chấm.")
    _check_open(assessment)
    try:
        seen = int(revision)
    except (TypeError, ValueError):
        seen = -1
    if seen != score.revision:
        shown = fmt_points(score.self_points) if score.self_points is not None else "chưa chấm"
        raise UserError(
            f"Tiêu chí {node.code} vừa được người khác lưu (điểm {shown}; giải trình: «{score.explanation[:200]}»). "
            "Hãy xem lại rồi lưu lần nữa."
        )
    value = parse_points(points)
    if value > node.max_points:
        raise UserError(f"Điểm của {node.code} tối đa là {fmt_points(node.max_points)}.")
    if node.levels:
        allowed = [Decimal(str(level["points"])) for level in node.levels]
        if value not in allowed:
            raise UserError(
                f"Điểm của {node.code} phải là một trong các mức: {'; '.join(fmt_points(a) for a in allowed)}."
            )
    explanation = (explanation or "").strip()
    if len(explanation) > 5000:
        raise UserError("Giải trình dài tối đa 5.000 ký tự.")
    suggestion = suggestions.suggest(assessment, [node], on or today()).get(node.pk)
    if suggestion and suggestion.points is not None and value != suggestion.points and not explanation:
        raise UserError(
            f"Điểm khác điểm gợi ý từ dữ liệu hệ thống ({fmt_points(suggestion.points)}): cần ghi giải trình."
        )
    before = audit.snapshot(score)
    score.self_points = value
    score.explanation = explanation
    score.revision += 1
    score.save(update_fields=["self_points", "explanation", "revision", "updated_at"])
    ScoreEvent.objects.create(
        score=score, kind=ScoreEventKind.SELF, points=value, text=explanation, agency=assessment.agency, actor=user
    )
    audit.record(
        actor=user,
        obj=score,
        action=AuditEntry.Action.UPDATE,
        province=assessment.campaign.province,
        before=before,
        after=audit.snapshot(score),
        summary=f"Tự chấm {node.code}: {fmt_points(value)}",
    )
    return score


# --- evidence -------------------------------------------------------------------------------------------------------


def candidates(agency) -> dict[str, list]:
    """IDX-3: documents the system already holds that the agency may cite: its tasks' evidence (led or
    contributed), its submitted reports, its issued plans."""
    from django.db.models import Q

    from cchc.plans.models import Plan, PlanStatus
    from cchc.reports.models import ReportSubmission
    from cchc.tracking.models import EvidenceDocument

    return {
        EvidenceSource.TASK_EVIDENCE: EvidenceDocument.objects.filter(
            Q(update__task__lead=agency) | Q(update__task__coordinator_agencies=agency) | Q(update__agency=agency)
        )
        .distinct()
        .order_by("-issued_on", "pk"),
        EvidenceSource.REPORT: ReportSubmission.objects.filter(agency=agency, submitted_at__isnull=False)
        .select_related("cycle")
        .order_by("-submitted_at"),
        EvidenceSource.PLAN: Plan.objects.filter(
            owner=agency, status__in=[PlanStatus.ISSUED, PlanStatus.ADJUSTED, PlanStatus.CLOSED], discarded=False
        ).order_by("-signed_on"),
    }


def _copied(source: str, record) -> dict:
    if source == EvidenceSource.TASK_EVIDENCE:
        return {
            "task_evidence": record,
            "number": record.number,
            "issued_on": record.issued_on,
            "title": record.summary,
        }
    if source == EvidenceSource.REPORT:
        return {
            "report": record,
            "number": "",
            "issued_on": timezone.localdate(record.submitted_at),
            "title": f"{record.cycle.title} (lần gửi {record.version})",
        }
    return {"plan": record, "number": record.number, "issued_on": record.signed_on, "title": record.title}


@transaction.atomic
def add_evidence(
    user, score, *, source: str, upload=None, record_id=None, title: str = "", number: str = "", locator: str = ""
) -> ScoreEvidence:
    """IDX-3: an uploaded file (checked: type, size, magic bytes) or a document the system holds, with the page or
    section that proves the point."""
    from cchc.tracking.services import check_evidence_file

    score = _locked_score(score)
    assessment = score.assessment
    require(user, "index.edit_self", assessment)
    _check_open(assessment)
    locator = (locator or "").strip()
    if len(locator) > 200:
        raise UserError("Trang, mục chứng minh dài tối đa 200 ký tự.")
    fields = {}
    if source == EvidenceSource.UPLOAD:
        if upload is None:
            raise UserError("Chọn tệp tài liệu kiểm chứng.")
        check_evidence_file(upload)
        title = (title or "").strip() or upload.name.rsplit("/", 1)[-1]
        fields = {"file": upload, "title": title[:500], "number": (number or "").strip()[:60]}
    elif source in (EvidenceSource.TASK_EVIDENCE, EvidenceSource.REPORT, EvidenceSource.PLAN):
        try:
            pk = int(record_id)
        except (TypeError, ValueError):
            raise UserError("Chọn tài liệu đã có trong hệ thống.") from None
        record = candidates(assessment.agency)[source].filter(pk=pk).first()
        if record is None:
            raise UserError("Tài liệu này không phải của cơ quan (hoặc không còn): không dùng được.")
        fields = _copied(source, record)
    else:
        raise UserError("Nguồn tài liệu không hợp lệ.")
    evidence = ScoreEvidence.objects.create(score=score, source=source, locator=locator, added_by=user, **fields)
    audit.record(
        actor=user,
        obj=evidence,
        action=AuditEntry.Action.ADD,
        province=assessment.campaign.province,
        after=audit.snapshot(evidence),
        summary=f"Thêm tài liệu kiểm chứng cho {score.node.code}",
    )
    return evidence


@transaction.atomic
def remove_evidence(user, evidence) -> None:
    score = _locked_score(evidence.score)
    assessment = score.assessment
    require(user, "index.edit_self", assessment)
    _check_open(assessment)
    before = audit.snapshot(evidence)
    audit.record(
        actor=user,
        obj=evidence,
        action=AuditEntry.Action.REMOVE,
        province=assessment.campaign.province,
        before=before,
        summary=f"Gỡ tài liệu kiểm chứng của {score.node.code}",
    )
    evidence.delete()


@transaction.atomic
def save_texts(user, assessment, *, difficulties: str, recommendations: str) -> Assessment:
    """IDX-3: the "Khó khăn, vướng mắc" and "Kiến nghị, đề xuất" of the report, while draft."""
    assessment = _locked_file(assessment)
    require(user, "index.edit_self", assessment)
    _check_open(assessment)
    return store_texts(user, assessment, difficulties, recommendations, summary="Sửa khó khăn, kiến nghị")


def store_texts(user, assessment, difficulties: str, recommendations: str, *, summary: str) -> Assessment:
    """The report's two texts of a locked file whose writer was checked by the caller (IDX-3, IDX-8), audited."""
    before = audit.snapshot(assessment)
    assessment.difficulties = (difficulties or "").strip()[:10000]
    assessment.recommendations = (recommendations or "").strip()[:10000]
    assessment.revision += 1
    assessment.save(update_fields=["difficulties", "recommendations", "revision"])
    audit.record(
        actor=user,
        obj=assessment,
        action=AuditEntry.Action.UPDATE,
        province=assessment.campaign.province,
        before=before,
        after=audit.snapshot(assessment),
        summary=summary,
    )
    return assessment


# --- the file's status ----------------------------------------------------------------------------------------------


def _locked_file(assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update()
        .select_related("campaign__province", "agency", "framework")
        .get(pk=assessment.pk)
    )


def missing(assessment) -> tuple[list[str], list[str]]:
    """The leaf codes not yet scored, and the scored leaf codes with neither evidence nor explanation."""
    from django.db.models import Count

    unscored, unproved = [], []
    for score in assessment.scores.select_related("node").annotate(n=Count("evidence")).order_by("node__order"):
        if not is_self_scored(score.node):
            continue
        if score.self_points is None:
            if is_required(score.node):
                unscored.append(score.node.code)
        elif score.n == 0 and not score.explanation.strip():
            unproved.append(score.node.code)
    return unscored, unproved


def _status_event(user, assessment, summary: str, before) -> None:
    audit.record(
        actor=user,
        obj=assessment,
        action=AuditEntry.Action.UPDATE,
        province=assessment.campaign.province,
        before=before,
        after=audit.snapshot(assessment),
        summary=summary,
    )


@transaction.atomic
def submit_assessment(user, assessment) -> Assessment:
    """IDX-3, SEC-1: the leader submits the file, once every appraised leaf is scored and every score is proved
    (evidence or explanation)."""
    assessment = _locked_file(assessment)
    require(user, "index.submit_self", assessment, message="Chỉ người đứng đầu cơ quan gửi hồ sơ tự đánh giá.")
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise UserError("Hồ sơ đã được gửi.")
    _check_open(assessment)
    unscored, unproved = missing(assessment)
    problems = []
    if unscored:
        problems.append(f"chưa chấm điểm: {', '.join(unscored)}")
    if unproved:
        problems.append(f"chưa có tài liệu kiểm chứng hoặc giải trình: {', '.join(unproved)}")
    if problems:
        raise UserError("Chưa gửi được hồ sơ — " + "; ".join(problems) + ".")
    before = audit.snapshot(assessment)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    assessment.revision += 1
    assessment.save(update_fields=["status", "submitted_at", "submitted_by", "revision"])
    _status_event(user, assessment, "Gửi hồ sơ tự đánh giá", before)
    return assessment


@transaction.atomic
def withdraw_assessment(user, assessment) -> Assessment:
    """IDX-3: the leader takes the file back to draft, until the deadline and before any appraisal."""
    assessment = _locked_file(assessment)
    require(user, "index.submit_self", assessment, message="Chỉ người đứng đầu cơ quan rút lại hồ sơ.")
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise UserError("Hồ sơ chưa gửi: không có gì để rút lại.")
    if today() > open_until(assessment):
        raise UserError(f"Đã quá hạn tự đánh giá ({open_until(assessment):%d/%m/%Y}): không rút lại được.")
    if assessment.scores.exclude(appraisal_state="").exists():
        raise UserError("Hồ sơ đã được thẩm định: không rút lại được.")
    before = audit.snapshot(assessment)
    assessment.status = AssessmentStatus.DRAFT
    assessment.submitted_at = None
    assessment.submitted_by = None
    assessment.revision += 1
    assessment.save(update_fields=["status", "submitted_at", "submitted_by", "revision"])
    _status_event(user, assessment, "Rút lại hồ sơ tự đánh giá", before)
    return assessment


@transaction.atomic
def reopen_assessment(user, assessment, until: dt.date) -> Assessment:
    """IDX-3: Sở Nội vụ reopens one agency's form until a date (today or later)."""
    assessment = _locked_file(assessment)
    require(user, "index.reopen_self", assessment, message="Chỉ {standing} mở lại hồ sơ tự đánh giá.")
    if until is None or until < today():
        raise UserError("Ngày mở lại đến phải từ hôm nay trở đi.")
    if assessment.scores.exclude(appraisal_state="").exists():
        raise UserError("Hồ sơ đã được thẩm định: không mở lại được.")
    before = audit.snapshot(assessment)
    assessment.reopened_until = until
    assessment.status = AssessmentStatus.DRAFT
    assessment.revision += 1
    assessment.save(update_fields=["reopened_until", "status", "revision"])
    _status_event(user, assessment, f"Mở lại hồ sơ đến {until:%d/%m/%Y}", before)
    return assessment


@transaction.atomic
def attach_scan(user, assessment, upload) -> Assessment:
    """IDX-3: the signed scan (pdf, jpg, png) of the submitted report."""
    from cchc.tracking.services import check_evidence_file

    assessment = _locked_file(assessment)
    require(user, "index.edit_self", assessment)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise UserError("Chỉ đính kèm bản ký sau khi hồ sơ đã gửi.")
    if upload is None:
        raise UserError("Chọn tệp bản ký.")
    if upload.name.rsplit(".", 1)[-1].lower() not in ("pdf", "jpg", "jpeg", "png"):
        raise UserError("Bản ký chỉ nhận tệp pdf, jpg, png.")
    check_evidence_file(upload)
    before = audit.snapshot(assessment)
    assessment.signed_scan = upload
    assessment.revision += 1
    assessment.save(update_fields=["signed_scan", "revision"])
    _status_event(user, assessment, "Đính kèm bản ký", before)
    return assessment

"""IDX-4, IDX-5: the appraisal of a leaf's score and the explanation it may ask for.

Each write locks the Score row (`select_for_update`), checks the revision the caller saw (two appraisers saving
the same leaf at once: the second is told what the first saved, nothing is lost), keeps a ScoreEvent (IDX-5:
every score change is kept) and an audit record. Only on submitted files, while the province is live, by the
staff (leader or focal officer) of the agency the regulation gives the leaf's area to (IDX-4, appraisal_routing);
the answer by the assessed agency's leader or focal officer. Refusals: PermissionDenied (who) or UserError
(what, when), in Vietnamese, with nothing changed.
"""

import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cchc.core import audit
from cchc.core.dates import format_date, today
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.core.rules import EDITOR_ROLES, agency_roles, province_is_live
from cchc.index import appraisal_routing
from cchc.index.models import AppraisalState, AssessmentStatus, Score, ScoreEvent, ScoreEventKind

NOT_YOURS = "Quy chế phối hợp không giao cơ quan của bạn thẩm định tiêu chí này."
NUMBER = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,10})?")  # ASCII digits only: no exponent, NaN or infinity


def parse_points(node, raw) -> Decimal:
    """A score the leaf allows: a number ≥ 0, at most 2 decimals, within its max, on its levels if it has any."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if not text:
        raise UserError(f"Nhập điểm cho tiêu chí {node.code}.")
    if not NUMBER.fullmatch(text):
        raise UserError(f"«{text[:20]}» không phải là số điểm (ví dụ 1 hoặc 1,5).")
    points = Decimal(text)
    if points < 0:
        raise UserError("Điểm không được âm.")
    if points != points.quantize(Decimal("0.01")):
        raise UserError("Điểm chỉ lấy tối đa 2 chữ số thập phân.")
    if points > node.max_points:
        raise UserError(f"Điểm {points} vượt điểm tối đa {node.max_points} của tiêu chí {node.code}.")
    levels = [Decimal(str(level["points"])) for level in node.levels or []]
    if levels and points not in levels:
        allowed = "; ".join(f"{level.normalize():f}" for level in levels)
        raise UserError(f"Tiêu chí {node.code} chỉ chấm theo các mức: {allowed}.")
    return points.quantize(Decimal("0.01"))


def _locked(score) -> Score:
    pk = score.pk if isinstance(score, Score) else int(score)
    return (
        Score.objects.select_for_update(of=("self",))
        .select_related("assessment__campaign__province", "assessment__agency", "node")
        .get(pk=pk)
    )


def _check_revision(score: Score, revision) -> None:
    try:
        seen = int(revision)
    except (TypeError, ValueError):
        seen = -1
    if seen == score.revision:
        return
    last = score.events.select_related("actor", "agency").order_by("-at", "-id").first()
    if last is None:
        raise UserError("Tiêu chí này vừa được người khác lưu. Tải lại trang để xem và lưu lại.")
    who = (last.actor.get_full_name() or last.actor.username) if last.actor else "Người khác"
    where = f" ({last.agency.name})" if last.agency else ""
    what = last.get_kind_display().lower()
    points = f", điểm {last.points}" if last.points is not None else ""
    at = timezone.localtime(last.at)
    raise UserError(
        f"{who}{where} vừa lưu tiêu chí {score.node.code} ({what}{points}) lúc {at:%H:%M %d/%m/%Y}. "
        "Giá trị bạn nhập chưa được lưu: tải lại để xem rồi lưu lại."
    )


def _check_live(user, score: Score) -> None:
    if not province_is_live(user, score.assessment.campaign.province):
        raise PermissionDenied("Tỉnh đã hợp nhất; không thẩm định được nữa.")
    if score.assessment.agency.kind in appraisal_routing.NOT_APPRAISED_KINDS:
        raise PermissionDenied("Hồ sơ tự đánh giá của tỉnh không do tỉnh thẩm định.")


def _check_open(score: Score) -> None:
    campaign = score.assessment.campaign
    if campaign.published_at is not None:
        raise UserError("Kết quả đã công bố; điểm chỉ thay đổi bằng đính chính.")
    if score.assessment.status != AssessmentStatus.SUBMITTED:
        raise UserError("Hồ sơ tự đánh giá chưa được gửi; chưa thẩm định được.")


def _appraiser(user, score: Score):
    agency = appraisal_routing.appraising_agency(user, score.assessment.campaign, score.node, score.assessment.agency)
    if agency is None:
        raise PermissionDenied(NOT_YOURS)
    return agency


def _before_appraisal_deadline(score: Score) -> None:
    deadline = score.assessment.campaign.appraisal_deadline
    if today() > deadline:
        raise UserError(f"Đã quá hạn thẩm định ({format_date(deadline)}).")


def _save(user, score: Score, agency, kind: str, *, points=None, text: str = "", summary: str) -> Score:
    before = audit.snapshot(score)
    score.revision += 1
    score.save()
    ScoreEvent.objects.create(score=score, kind=kind, points=points, text=text, agency=agency, actor=user)
    audit.record(
        actor=user,
        obj=score,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=audit.snapshot(score),
        province=score.assessment.campaign.province,
        summary=f"{summary}: tiêu chí {score.node.code}, {score.assessment.agency.name}",
    )
    return score


def _appraise(user, score, revision):
    score = _locked(score)
    _check_live(user, score)
    agency = _appraiser(user, score)
    _check_open(score)
    _check_revision(score, revision)
    _before_appraisal_deadline(score)
    if score.appraisal_state == AppraisalState.FINAL:
        raise UserError("Điểm của tiêu chí này đã chốt.")
    if score.appraisal_state == AppraisalState.ANSWERED:
        raise UserError("Cơ quan đã giải trình: hãy chốt điểm.")
    if score.appraisal_state == AppraisalState.EXPLANATION_REQUESTED:
        raise UserError("Đang chờ cơ quan giải trình tiêu chí này.")
    return score, agency


def _required(text, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise UserError(message)
    return text


@transaction.atomic
def accept(user, score, revision) -> Score:
    """IDX-4: the appraiser accepts the self-score as it is."""
    score, agency = _appraise(user, score, revision)
    if score.self_points is None:
        raise UserError("Cơ quan chưa tự chấm tiêu chí này: hãy nhập điểm thẩm định kèm ý kiến.")
    score.appraised_points = score.self_points
    score.appraisal_state = AppraisalState.ACCEPTED
    score.appraisal_comment = ""
    score.appraiser = agency
    return _save(user, score, agency, ScoreEventKind.ACCEPT, points=score.appraised_points, summary="Chấp nhận")


@transaction.atomic
def change(user, score, points, comment, revision) -> Score:
    """IDX-4: the appraiser sets other points, with a comment (for a penalty item: the deduction)."""
    score, agency = _appraise(user, score, revision)
    value = parse_points(score.node, points)
    comment = _required(comment, "Điều chỉnh điểm cần ghi ý kiến thẩm định.")
    score.appraised_points = value
    score.appraisal_state = AppraisalState.CHANGED
    score.appraisal_comment = comment
    score.appraiser = agency
    return _save(user, score, agency, ScoreEventKind.CHANGE, points=value, text=comment, summary="Điều chỉnh điểm")


@transaction.atomic
def request_explanation(user, score, text, revision) -> Score:
    """IDX-5: the appraiser asks the agency to explain the leaf."""
    score, agency = _appraise(user, score, revision)
    text = _required(text, "Ghi nội dung đề nghị giải trình.")
    score.explanation_request = text
    score.explanation_answer = ""
    score.appraisal_state = AppraisalState.EXPLANATION_REQUESTED
    score.appraiser = agency
    return _save(user, score, agency, ScoreEventKind.REQUEST, text=text, summary="Đề nghị giải trình")


@transaction.atomic
def answer_explanation(user, score, text, revision) -> Score:
    """IDX-5: the assessed agency's leader or focal officer answers, within the explanation window."""
    score = _locked(score)
    agency = score.assessment.agency
    if not agency_roles(user, agency.pk) & EDITOR_ROLES:
        raise PermissionDenied("Chỉ lãnh đạo hoặc chuyên viên đầu mối của cơ quan được đánh giá trả lời giải trình.")
    _check_live(user, score)
    _check_open(score)
    _check_revision(score, revision)
    if score.appraisal_state != AppraisalState.EXPLANATION_REQUESTED:
        raise UserError("Tiêu chí này không có đề nghị giải trình đang chờ trả lời.")
    deadline = score.assessment.campaign.explanation_deadline
    if today() > deadline:
        raise UserError(f"Đã quá hạn giải trình ({format_date(deadline)}).")
    text = _required(text, "Ghi nội dung giải trình.")
    score.explanation_answer = text
    score.appraisal_state = AppraisalState.ANSWERED
    return _save(user, score, agency, ScoreEventKind.ANSWER, text=text, summary="Giải trình")


@transaction.atomic
def finalize(user, score, points, comment, revision) -> Score:
    """IDX-5: the appraiser fixes the final points after the answer (or once the explanation window closed
    unanswered), with a comment, until the publication deadline."""
    score = _locked(score)
    _check_live(user, score)
    agency = _appraiser(user, score)
    _check_open(score)
    _check_revision(score, revision)
    campaign = score.assessment.campaign
    state = score.appraisal_state
    late = today() > campaign.explanation_deadline
    if state == AppraisalState.FINAL:
        raise UserError("Điểm của tiêu chí này đã chốt.")
    if state != AppraisalState.ANSWERED and not (state == AppraisalState.EXPLANATION_REQUESTED and late):
        if state == AppraisalState.EXPLANATION_REQUESTED:
            raise UserError(
                f"Cơ quan chưa giải trình; chốt điểm sau khi cơ quan trả lời hoặc sau hạn giải trình "
                f"({format_date(campaign.explanation_deadline)})."
            )
        raise UserError("Chỉ chốt điểm sau khi đã đề nghị giải trình; hãy chấp nhận hoặc điều chỉnh điểm.")
    if today() > campaign.publication_deadline:
        raise UserError(f"Đã quá hạn công bố ({format_date(campaign.publication_deadline)}).")
    value = parse_points(score.node, points)
    comment = _required(comment, "Chốt điểm cần ghi ý kiến thẩm định.")
    score.appraised_points = value
    score.appraisal_state = AppraisalState.FINAL
    score.appraisal_comment = comment
    score.appraiser = agency
    return _save(user, score, agency, ScoreEventKind.FINAL, points=value, text=comment, summary="Chốt điểm")


ACTIONS = {
    "accept": lambda user, score, data, revision: accept(user, score, revision),
    "change": lambda user, score, data, revision: change(
        user, score, data.get("points"), data.get("comment"), revision
    ),
    "request": lambda user, score, data, revision: request_explanation(user, score, data.get("text"), revision),
    "finalize": lambda user, score, data, revision: finalize(
        user, score, data.get("points"), data.get("comment"), revision
    ),
}


def act(user, score, action: str, data, revision) -> Score:
    """One of the appraiser's actions by name (the grid's cell and the leaf page post the same fields)."""
    if action not in ACTIONS:
        raise UserError("Thao tác không hợp lệ.")
    return ACTIONS[action](user, score, data, revision)

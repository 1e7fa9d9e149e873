"""Every write of tracking, each in a transaction with its audit entry (U-3).

Rules enforced here:
- TRK-1: the lead records progress (status, percent, note, evidence documents), coordinators add contributions;
  every update is kept with its author and time; a "done" report needs the day it was finished (not in the
  future) and 100 %, and waits for the standing agency (Sở Nội vụ), which confirms it or returns it with a
  comment; the lead is told.
- Concurrency (issue 10): two people saving the same task's update at once: the form carries the id of the
  latest update it was based on; the task row is locked (select_for_update) and a save based on an older update
  is refused with what changed (Conflict; 409 in the API): neither change is lost silently.
- TRK-2: a task is cancelled by the standing agency's leader, with a reason.
- TRK-3: problems and adjustment requests raised by the agencies involved reach the standing agency; it answers.
- Only tasks of issued (or adjusted) plans of a province that has not ended can be updated (ORG-5); evidence
  files are bounded in size and type.
"""

import datetime as dt
import os
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cchc.core import audit
from cchc.core.dates import format_date, today
from cchc.core.errors import Conflict, UserError
from cchc.core.models import AuditEntry
from cchc.core.notify import notify
from cchc.core.succession import refuse_if_ended
from cchc.ingest.reader import MAX_BYTES
from cchc.plans.models import PlanStatus, Task
from cchc.regulation.routing import standing_agency_for_permissions
from cchc.tracking import rules as tracking_rules
from cchc.tracking.models import (
    EvidenceDocument,
    Problem,
    ProblemKind,
    ProgressUpdate,
    Reported,
    Review,
    TaskCancellation,
    UpdateKind,
)

MAX_EVIDENCE_BYTES = MAX_BYTES  # as the ingest bounds an upload: 10 MB
MAX_EVIDENCE_FILES = 10
# The types an evidence file may have, with the first bytes each starts with (a renamed file is refused).
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
NOTE_MAX = 4000
COMMENT_MAX = 1000
UPDATABLE_PLAN_STATUSES = (PlanStatus.ISSUED, PlanStatus.ADJUSTED)
CREATE, UPDATE, END = AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE, AuditEntry.Action.END


@dataclass
class EvidenceInput:
    """TRK-1: one evidence document: trích yếu (required), số/ký hiệu, date, issuer, and the file if any."""

    summary: str
    number: str = ""
    issued_on: dt.date | None = None
    issuer: str = ""
    file: object = None  # an UploadedFile


# --- checks ---------------------------------------------------------------------------------------------------


def _text(value, *, label: str, max_length: int, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise UserError(f"{label} không hợp lệ.")
    if "\x00" in text:
        raise UserError(f"{label} chứa ký tự không hợp lệ.")
    if required and not text:
        raise UserError(f"Hãy nhập {label.lower()}.")
    if len(text) > max_length:
        raise UserError(f"{label} dài quá {max_length} ký tự.")
    return text


def _percent(value) -> int:
    if isinstance(value, bool):
        raise UserError("Tỷ lệ hoàn thành phải là một số nguyên từ 0 đến 100.")
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise UserError("Tỷ lệ hoàn thành phải là một số nguyên từ 0 đến 100.") from None
    if not 0 <= number <= 100:
        raise UserError("Tỷ lệ hoàn thành phải từ 0 đến 100 (%).")
    return number


def check_evidence_file(upload) -> None:
    """A file of an allowed type (pdf, docx, xlsx, jpg, png), not empty, at most MAX_EVIDENCE_BYTES."""
    name = os.path.basename(getattr(upload, "name", "") or "")
    ext = os.path.splitext(name)[1].lower()
    allowed = ", ".join(sorted({e.lstrip(".") for e in EVIDENCE_TYPES if e != ".jpeg"}))
    if ext not in EVIDENCE_TYPES:
        raise UserError(f"Tệp «{name[:100]}» không được nhận: chỉ nhận tệp {allowed}.")
    size = getattr(upload, "size", 0) or 0
    if size <= 0:
        raise UserError(f"Tệp «{name[:100]}» rỗng.")
    if size > MAX_EVIDENCE_BYTES:
        raise UserError(
            f"Tệp «{name[:100]}» quá lớn ({size / 1024 / 1024:.1f} MB): mỗi tệp tối đa "
            f"{MAX_EVIDENCE_BYTES // (1024 * 1024)} MB."
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in EVIDENCE_TYPES[ext]):
        raise UserError(f"Tệp «{name[:100]}» không phải tệp {ext.lstrip('.')} hợp lệ.")


def _evidence(items, on: dt.date) -> list[EvidenceInput]:
    items = list(items or [])
    if len(items) > MAX_EVIDENCE_FILES:
        raise UserError(f"Mỗi lần cập nhật có tối đa {MAX_EVIDENCE_FILES} tài liệu kiểm chứng.")
    checked = []
    for item in items:
        summary = _text(item.summary, label="Trích yếu của tài liệu kiểm chứng", max_length=500, required=True)
        number = _text(item.number, label="Số, ký hiệu", max_length=60)
        issuer = _text(item.issuer, label="Cơ quan ban hành", max_length=200)
        if item.issued_on is not None and item.issued_on > on:
            raise UserError(f"Ngày ban hành của tài liệu «{summary[:60]}» ở sau hôm nay.")
        if item.file:
            check_evidence_file(item.file)
        checked.append(EvidenceInput(summary, number, item.issued_on, issuer, item.file or None))
    return checked


def _check_writable(task: Task, on: dt.date) -> None:
    """Only tasks of issued (or adjusted) plans, in a province that has not ended, not cancelled."""
    plan = task.plan
    if plan.discarded or plan.status not in UPDATABLE_PLAN_STATUSES:
        raise UserError("Chỉ cập nhật được nhiệm vụ của kế hoạch đã ban hành và đang thực hiện.")
    refuse_if_ended(plan.province, on)
    if TaskCancellation.objects.filter(task=task).exists():
        raise UserError("Nhiệm vụ đã bị hủy: không cập nhật được nữa.")


def _lock(task: Task) -> Task:
    """The task row, locked until the transaction ends: updates of one task are written one after another."""
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__province", "lead", "lead_group")
        .get(pk=task.pk)
    )


def latest_lead_update(task) -> ProgressUpdate | None:
    return (
        ProgressUpdate.objects.filter(task=task, kind=UpdateKind.LEAD)
        .select_related("author", "agency")
        .order_by("-created_at", "-id")
        .first()
    )


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def conflict_message(update: ProgressUpdate) -> str:
    """What changed meanwhile, for the person whose save was refused."""
    note = f"; nội dung: «{update.note[:200]}»" if update.note else ""
    return (
        f"Trong lúc bạn nhập, {audit.person(update.author) or 'một người khác'} ({update.agency.name}) đã lưu một "
        f"cập nhật lúc {_local(update.created_at)}: {update.get_reported_display()}, {update.percent}%{note}. "
        "Cập nhật của bạn chưa được lưu: hãy xem lại tiến độ mới nhất rồi gửi lại."
    )


def _task_link(task: Task) -> str:
    return reverse("task-detail", args=[task.plan.province.slug, task.pk])


def _save_evidence(update: ProgressUpdate, items: list[EvidenceInput]) -> None:
    for item in items:
        document = EvidenceDocument(
            update=update, summary=item.summary, number=item.number, issued_on=item.issued_on, issuer=item.issuer
        )
        if item.file:
            document.file.save(os.path.basename(item.file.name)[:100], item.file, save=False)
        document.save()


def _audit(actor, obj, action: str, province, summary: str, before=None) -> None:
    """U-3: the act as a person reads it: `action` is an AuditEntry.Action code, `summary` says what was done."""
    audit.record(
        actor=actor,
        obj=obj,
        action=action,
        before=before,
        after=audit.snapshot(obj),
        province=province,
        summary=summary[:300],
    )


# --- TRK-1: progress and contributions --------------------------------------------------------------------------


@transaction.atomic
def record_progress(
    user,
    task: Task,
    *,
    reported: str,
    percent,
    note: str = "",
    done_on: dt.date | None = None,
    evidence=(),
    expected_last_update_id: int | None = None,
) -> ProgressUpdate:
    """TRK-1: the lead's report of progress. A "done" report needs done_on (not in the future) and 100 %, and
    waits for the standing agency's confirmation. Refused (Conflict) when another update landed after the one
    the form was based on (`expected_last_update_id`, None or 0 when there was none)."""
    on = today()
    if reported not in Reported.values:
        raise UserError("Tình trạng báo cáo không hợp lệ: chọn «Đang thực hiện» hoặc «Đã hoàn thành».")
    percent = _percent(percent)
    note = _text(note, label="Nội dung cập nhật", max_length=NOTE_MAX)
    if reported == Reported.DONE:
        if done_on is None:
            raise UserError("Báo cáo hoàn thành cần ngày hoàn thành.")
        if done_on > on:
            raise UserError(f"Ngày hoàn thành ({format_date(done_on)}) không được sau hôm nay.")
        if percent != 100:
            raise UserError("Báo cáo hoàn thành thì tỷ lệ hoàn thành phải là 100%.")
    else:
        done_on = None
    items = _evidence(evidence, on)

    task = _lock(task)
    agencies = tracking_rules.lead_agencies(user, task)
    if not agencies:
        raise PermissionDenied("Chỉ lãnh đạo, chuyên viên đầu mối của cơ quan chủ trì cập nhật tiến độ.")
    _check_writable(task, on)
    latest = latest_lead_update(task)
    if latest is not None and latest.pk != (expected_last_update_id or None):
        raise Conflict(conflict_message(latest))
    if latest is None and expected_last_update_id:
        raise Conflict("Cập nhật mà bạn dựa vào không còn: hãy tải lại trang rồi gửi lại.")
    if latest is not None and latest.reported == Reported.DONE and latest.review == Review.CONFIRMED:
        raise UserError(
            f"Nhiệm vụ đã được {task.plan.province.standing_name} xác nhận hoàn thành: không cập nhật thêm."
        )

    update = ProgressUpdate.objects.create(
        task=task,
        agency=agencies[0],
        kind=UpdateKind.LEAD,
        reported=reported,
        percent=percent,
        note=note,
        done_on=done_on,
        author=user,
        review=Review.PENDING if reported == Reported.DONE else Review.NONE,
    )
    _save_evidence(update, items)
    province = task.plan.province
    _audit(user, update, CREATE, province, f"Cập nhật tiến độ: {update.get_reported_display()} {percent}%")
    if reported == Reported.DONE:
        standing = standing_agency_for_permissions(province, on)
        if standing is not None:
            notify(
                [standing],
                province=province,
                subject="Báo cáo hoàn thành nhiệm vụ chờ xác nhận",
                message=f"{agencies[0].name} báo cáo đã hoàn thành nhiệm vụ «{task.title[:200]}» "
                f"ngày {format_date(done_on)}: chờ xác nhận.",
                link=_task_link(task),
            )
    return update


@transaction.atomic
def add_contribution(user, task: Task, *, note: str, percent=0, evidence=()) -> ProgressUpdate:
    """TRK-1: a coordinator agency's contribution to the task (kept in the history; the status is the lead's)."""
    on = today()
    note = _text(note, label="Nội dung đóng góp", max_length=NOTE_MAX, required=True)
    percent = _percent(percent)
    items = _evidence(evidence, on)
    task = _lock(task)
    agencies = tracking_rules.coordinator_agencies(user, task)
    if not agencies:
        raise PermissionDenied("Chỉ lãnh đạo, chuyên viên đầu mối của cơ quan phối hợp gửi đóng góp.")
    _check_writable(task, on)
    update = ProgressUpdate.objects.create(
        task=task,
        agency=agencies[0],
        kind=UpdateKind.CONTRIBUTION,
        reported=Reported.IN_PROGRESS,
        percent=percent,
        note=note,
        author=user,
    )
    _save_evidence(update, items)
    _audit(user, update, CREATE, task.plan.province, "Đóng góp của cơ quan phối hợp")
    return update


def _pending_update(user, update: ProgressUpdate) -> tuple[Task, ProgressUpdate]:
    task = _lock(update.task)
    if not tracking_rules.task_standing_staff.test(user, task):
        raise PermissionDenied(f"Chỉ {task.plan.province.standing_name} xác nhận hoặc trả lại báo cáo hoàn thành.")
    _check_writable(task, today())
    update = ProgressUpdate.objects.select_related("agency").get(pk=update.pk)
    if update.review != Review.PENDING:
        raise UserError(f"Báo cáo này đã được xử lý ({update.get_review_display().lower()}).")
    latest = latest_lead_update(task)
    if latest is None or latest.pk != update.pk:
        raise UserError("Cơ quan chủ trì đã gửi cập nhật mới hơn: hãy xem cập nhật mới nhất.")
    return task, update


def _standing_name(province) -> str:
    """The standing agency's name as the regulation in force gives it (never written into code)."""
    standing = standing_agency_for_permissions(province, today())
    return standing.name if standing else province.standing_name


def _tell_lead(task: Task, update: ProgressUpdate, subject: str, message: str) -> None:
    notify([update.agency], province=task.plan.province, subject=subject, message=message, link=_task_link(task))


@transaction.atomic
def confirm_update(user, update: ProgressUpdate) -> ProgressUpdate:
    """TRK-1, TRK-2: Sở Nội vụ confirms a "done" report: the task counts as done (on time or late)."""
    task, update = _pending_update(user, update)
    before = audit.snapshot(update)
    update.review, update.reviewed_by, update.reviewed_at = Review.CONFIRMED, user, timezone.now()
    update.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    _audit(user, update, UPDATE, task.plan.province, "Xác nhận hoàn thành", before=before)
    standing = _standing_name(task.plan.province)
    _tell_lead(
        task,
        update,
        f"{standing} xác nhận hoàn thành nhiệm vụ",
        f"{standing} đã xác nhận nhiệm vụ «{task.title[:200]}» hoàn thành ngày {format_date(update.done_on)}.",
    )
    return update


@transaction.atomic
def return_update(user, update: ProgressUpdate, comment: str) -> ProgressUpdate:
    """TRK-1: Sở Nội vụ returns a "done" report with a comment (required); the report no longer counts."""
    comment = _text(comment, label="Ý kiến khi trả lại", max_length=COMMENT_MAX, required=True)
    task, update = _pending_update(user, update)
    before = audit.snapshot(update)
    update.review, update.reviewed_by, update.reviewed_at = Review.RETURNED, user, timezone.now()
    update.review_comment = comment
    update.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_comment"])
    _audit(user, update, UPDATE, task.plan.province, f"Trả lại báo cáo hoàn thành: {comment}", before=before)
    standing = _standing_name(task.plan.province)
    _tell_lead(
        task,
        update,
        f"{standing} trả lại báo cáo hoàn thành",
        f"{standing} trả lại báo cáo hoàn thành nhiệm vụ «{task.title[:200]}»: {comment[:250]}",
    )
    return update


# --- TRK-2: cancelling a task ---------------------------------------------------------------------------------


@transaction.atomic
def cancel_task(user, task: Task, reason: str) -> TaskCancellation:
    """TRK-2: the standing agency's leader cancels a task, with the reason; its status is "cancelled" from today."""
    reason = _text(reason, label="Lý do hủy", max_length=COMMENT_MAX, required=True)
    task = _lock(task)
    if not tracking_rules.task_standing_leader.test(user, task):
        raise PermissionDenied(f"Chỉ lãnh đạo {task.plan.province.standing_name} hủy nhiệm vụ.")
    _check_writable(task, today())  # an already cancelled task is refused here
    cancellation = TaskCancellation.objects.create(task=task, reason=reason, cancelled_on=today(), cancelled_by=user)
    _audit(user, cancellation, END, task.plan.province, f"Hủy nhiệm vụ: {reason}")
    if task.lead_id:
        notify(
            [task.lead],
            province=task.plan.province,
            subject="Nhiệm vụ đã bị hủy",
            message=f"Nhiệm vụ «{task.title[:200]}» đã bị hủy: {reason[:250]}",
            link=_task_link(task),
        )
    return cancellation


# --- TRK-3: problems and adjustment requests ------------------------------------------------------------------


def raising_agencies(user, task: Task) -> list:
    """The agencies for which the user raises a problem on the task: lead, coordinators, the standing agency."""
    found = [*tracking_rules.lead_agencies(user, task), *tracking_rules.coordinator_agencies(user, task)]
    if tracking_rules.task_standing_staff.test(user, task):
        standing = standing_agency_for_permissions(task.plan.province, today())
        if standing is not None:
            found.append(standing)
    return list({a.pk: a for a in found}.values())


@transaction.atomic
def raise_problem(user, task: Task, *, kind: str, text: str) -> Problem:
    """TRK-3: a problem or an adjustment request on a task; it reaches the standing agency (notified)."""
    if kind not in ProblemKind.values:
        raise UserError("Loại không hợp lệ: chọn «Vướng mắc» hoặc «Đề nghị điều chỉnh».")
    text = _text(text, label="Nội dung", max_length=NOTE_MAX, required=True)
    task = _lock(task)
    agencies = raising_agencies(user, task)
    if not agencies:
        raise PermissionDenied(
            f"Chỉ các cơ quan chủ trì, phối hợp và {task.plan.province.standing_name} nêu vướng mắc, đề nghị."
        )
    _check_writable(task, today())
    if Problem.objects.filter(task=task, kind=kind, text=text, answered_at__isnull=True).exists():
        raise UserError("Nội dung này đã được gửi và đang chờ trả lời.")  # a double submit does not double
    problem = Problem.objects.create(task=task, agency=agencies[0], raised_by=user, kind=kind, text=text)
    province = task.plan.province
    _audit(user, problem, CREATE, province, f"Nêu {problem.get_kind_display().lower()}")
    standing = standing_agency_for_permissions(province, today())
    if standing is not None and standing.pk != agencies[0].pk:
        notify(
            [standing],
            province=province,
            subject=f"{problem.get_kind_display()} về nhiệm vụ",
            message=f"{agencies[0].name} nêu {problem.get_kind_display().lower()} về nhiệm vụ "
            f"«{task.title[:150]}»: {text[:250]}",
            link=reverse("problem-list", args=[province.slug]),
        )
    return problem


@transaction.atomic
def answer_problem(user, problem: Problem, *, answer: str, accepted: bool | None = None) -> Problem:
    """TRK-3: Sở Nội vụ answers; an adjustment request is accepted or declined (an accepted one leads to a plan
    adjustment, begun from the plan's page)."""
    answer = _text(answer, label="Nội dung trả lời", max_length=NOTE_MAX, required=True)
    problem = (
        Problem.objects.select_for_update(of=("self",))
        .select_related("task__plan__province", "agency")
        .get(pk=problem.pk)
    )
    province = problem.task.plan.province
    if not tracking_rules.is_standing_agency_staff.test(user, province):
        raise PermissionDenied(f"Chỉ {province.standing_name} trả lời vướng mắc, đề nghị.")
    refuse_if_ended(province)
    if problem.answered_at is not None:
        raise UserError("Nội dung này đã được trả lời.")
    if problem.kind == ProblemKind.ADJUSTMENT:
        if accepted is None:
            raise UserError("Hãy chọn chấp thuận hoặc không chấp thuận đề nghị điều chỉnh.")
    else:
        accepted = None
    before = audit.snapshot(problem)
    problem.answer, problem.accepted = answer, accepted
    problem.answered_by, problem.answered_at = user, timezone.now()
    problem.save(update_fields=["answer", "accepted", "answered_by", "answered_at"])
    _audit(user, problem, UPDATE, province, "Trả lời", before=before)
    notify(
        [problem.agency],
        province=province,
        subject=f"{_standing_name(province)} đã trả lời",
        message=f"{_standing_name(province)} đã trả lời {problem.get_kind_display().lower()} về nhiệm vụ "
        f"«{problem.task.title[:150]}»: {answer[:250]}",
        link=_task_link(problem.task),
    )
    return problem

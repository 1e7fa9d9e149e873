"""The tracking part of the API (U-5): a task's progress updates and problems, read and written through the same
rules, queries and services as the task page (TRK-1, TRK-3).

A write answers 201 with the record; 403 when the rule refuses; 404 for a task the user may not see; 409 when
another update landed after the one the client based its update on (`base_update_id`: the id of the latest lead
update it read, or 0 when there was none: neither change is lost silently); 422 for bad input (a parameter of the
wrong type, or a value the rules refuse: a future done date, a percent over 100 …), with `detail` in Vietnamese.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from cchc.api.schemas import ERRORS, Id, Slug
from cchc.core.errors import Conflict, UserError
from cchc.core.rules import require
from cchc.core.scope import visible_province_or_404
from cchc.tracking import queries, services
from cchc.tracking.models import Problem, ProblemKind, ProgressUpdate, Reported

router = Router(tags=["Theo dõi nhiệm vụ"])


# --- schemas ------------------------------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class EvidenceOut(Schema):
    number: str
    issued_on: dt.date | None
    issuer: str
    summary: str
    file_url: str | None


class UpdateOut(Schema):
    id: int
    kind: str
    agency: Ref
    author: str
    created_at: dt.datetime
    reported: str
    percent: int
    note: str
    done_on: dt.date | None
    review: str = Field(description='"" (không cần xác nhận), pending, confirmed, returned')
    review_comment: str
    evidence: list[EvidenceOut]


class TaskUpdatesOut(Schema):
    task_id: int
    status: str
    status_label: str
    percent: int
    last_due: dt.date | None
    latest_lead_update_id: int = Field(description="Gửi lại làm base_update_id khi cập nhật (0: chưa có)")
    updates: list[UpdateOut]


class EvidenceIn(Schema):
    summary: str = Field(..., min_length=1, max_length=500)
    number: str = Field("", max_length=60)
    issued_on: dt.date | None = None
    issuer: str = Field("", max_length=200)


class UpdateIn(Schema):
    reported: str = Field(Reported.IN_PROGRESS, max_length=20, description="in_progress hoặc done")
    percent: int = Field(..., ge=0, le=100)
    note: str = Field("", max_length=services.NOTE_MAX)
    done_on: dt.date | None = Field(None, description="Ngày hoàn thành (bắt buộc khi done)")
    base_update_id: int = Field(0, ge=0, le=2**62, description="Mã cập nhật mới nhất đã đọc (0: chưa có)")
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=services.MAX_EVIDENCE_FILES)


class ProblemOut(Schema):
    id: int
    task_id: int
    kind: str
    kind_label: str
    agency: Ref
    text: str
    created_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None
    accepted: bool | None


class ProblemIn(Schema):
    kind: str = Field(ProblemKind.OBSTACLE, max_length=20, description="obstacle (vướng mắc) hoặc adjustment")
    text: str = Field(..., min_length=1, max_length=services.NOTE_MAX)


# --- helpers ------------------------------------------------------------------------------------------------------


def _task(request, slug: str, task_id: int):
    province = visible_province_or_404(request.user, slug)
    return queries.tracked_task_or_404(request.user, province, task_id)


def _update_out(update: ProgressUpdate) -> dict:
    return {
        "id": update.pk,
        "kind": update.kind,
        "agency": {"id": update.agency_id, "name": update.agency.name},
        "author": (update.author.get_full_name() or update.author.username) if update.author else "",
        "created_at": update.created_at,
        "reported": update.reported,
        "percent": update.percent,
        "note": update.note,
        "done_on": update.done_on,
        "review": update.review,
        "review_comment": update.review_comment,
        "evidence": [
            {
                "number": e.number,
                "issued_on": e.issued_on,
                "issuer": e.issuer,
                "summary": e.summary,
                "file_url": e.file.url if e.file else None,
            }
            for e in update.evidence.all()
        ],
    }


def _problem_out(problem: Problem) -> dict:
    return {
        "id": problem.pk,
        "task_id": problem.task_id,
        "kind": problem.kind,
        "kind_label": problem.get_kind_display(),
        "agency": {"id": problem.agency_id, "name": problem.agency.name},
        "text": problem.text,
        "created_at": problem.created_at,
        "answer": problem.answer,
        "answered_at": problem.answered_at,
        "accepted": problem.accepted,
    }


def _write(action):
    """Run a service: Conflict answers 409, another refusal of the rules 422, PermissionDenied 403."""
    try:
        return action()
    except Conflict as exc:
        raise HttpError(409, exc.message) from exc
    except UserError as exc:
        raise HttpError(422, exc.message) from exc
    except PermissionDenied as exc:
        raise HttpError(403, "Không có quyền truy cập.") from exc


# --- routes -------------------------------------------------------------------------------------------------------


@router.get(
    "/provinces/{slug}/tasks/{task_id}/updates",
    response={200: TaskUpdatesOut, **ERRORS},
    summary="Lịch sử cập nhật tiến độ của một nhiệm vụ",
    openapi_extra={"x-rule": "tracking.view_task"},
)
def list_updates(request, slug: str = Slug(), task_id: int = Id()):
    """TRK-1, TRK-2: the task's derived status and every update (lead's and contributions), newest first."""
    from cchc.core.dates import today

    task = _task(request, slug, task_id)
    state = queries.task_states([task.pk], today())[task.pk]
    history = queries.history_of(task)
    latest = next((u for u in history if u.kind == "lead"), None)
    return {
        "task_id": task.pk,
        "status": state.status.value,
        "status_label": state.status.label,
        "percent": state.percent,
        "last_due": state.last_due,
        "latest_lead_update_id": latest.pk if latest else 0,
        "updates": [_update_out(u) for u in history],
    }


@router.post(
    "/provinces/{slug}/tasks/{task_id}/updates",
    response={201: UpdateOut, **ERRORS},
    summary="Cơ quan chủ trì cập nhật tiến độ (409 nếu đã có cập nhật mới hơn base_update_id)",
    openapi_extra={"x-rule": "tracking.record_progress"},
)
def post_update(request, body: UpdateIn, slug: str = Slug(), task_id: int = Id()):
    """TRK-1: the same service as the page; evidence documents without files (attach files on the page)."""
    task = _task(request, slug, task_id)
    require(request.user, "tracking.record_progress", task)
    update = _write(
        lambda: services.record_progress(
            request.user,
            task,
            reported=body.reported,
            percent=body.percent,
            note=body.note,
            done_on=body.done_on,
            evidence=[services.EvidenceInput(e.summary, e.number, e.issued_on, e.issuer) for e in body.evidence],
            expected_last_update_id=body.base_update_id,
        )
    )
    return 201, _update_out(update)


@router.get(
    "/provinces/{slug}/tasks/{task_id}/problems",
    response={200: list[ProblemOut], **ERRORS},
    summary="Vướng mắc, đề nghị điều chỉnh của một nhiệm vụ",
    openapi_extra={"x-rule": "tracking.view_task"},
)
def list_task_problems(request, slug: str = Slug(), task_id: int = Id()):
    """TRK-3: open ones first."""
    task = _task(request, slug, task_id)
    return [_problem_out(p) for p in queries.problems_of_task(task)]


@router.post(
    "/provinces/{slug}/tasks/{task_id}/problems",
    response={201: ProblemOut, **ERRORS},
    summary="Nêu vướng mắc hoặc đề nghị điều chỉnh về một nhiệm vụ",
    openapi_extra={"x-rule": "tracking.raise_problem"},
)
def post_problem(request, body: ProblemIn, slug: str = Slug(), task_id: int = Id()):
    """TRK-3: the lead, a coordinator or Sở Nội vụ raises it; Sở Nội vụ is notified."""
    task = _task(request, slug, task_id)
    require(request.user, "tracking.raise_problem", task)
    problem = _write(lambda: services.raise_problem(request.user, task, kind=body.kind, text=body.text))
    return 201, _problem_out(problem)


@router.get(
    "/provinces/{slug}/problems",
    response={200: list[ProblemOut], **ERRORS},
    summary="Vướng mắc, đề nghị điều chỉnh của tỉnh (chưa trả lời trước)",
    openapi_extra={"x-rule": "tracking.view_problems"},
)
def list_problems(request, slug: str = Slug()):
    """TRK-3: for Sở Nội vụ, UBND tỉnh and the province's administrator; at most 500, open ones first."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "tracking.view_problems", province)
    return [_problem_out(p) for p in queries.problems_of(province)[:500]]

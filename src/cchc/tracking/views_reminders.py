"""TRK-4 pages: the overdue tasks of a province, and Sở Nội vụ's reminders by hand (from a task, or from the list)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.params import ID_MAX, parse_id
from cchc.core.rules import can, require
from cchc.core.scope import visible_province_or_404
from cchc.tracking import reminders

STANDING_ONLY = "Chỉ lãnh đạo, chuyên viên đầu mối của cơ quan thường trực CCHC ({standing}) gửi nhắc nhở."


def _task_or_404(province, task_id: int):
    """A task of one of the province's plans in force; any other id (another province's, a draft's) is 404."""
    task = None
    if 0 < task_id <= ID_MAX:
        task = (
            reminders.tasks_in_force(province)
            .select_related("plan__province", "lead__successor", "lead_group")
            .filter(pk=task_id)
            .first()
        )
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


@login_required
@require_GET
def overdue_tasks(request, slug):
    """TRK-4: the province's overdue tasks; Sở Nội vụ's staff tick some and remind their leads."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "tracking.view_overdue_tasks", province, or_404=True)
    on = today()
    return render(
        request,
        "tracking/overdue_tasks.html",
        {
            "province": province,
            "today": on,
            "rows": reminders.overdue_tasks(province, on),
            "can_remind": can(request.user, "tracking.remind_by_hand", province),
            "note_max": reminders.NOTE_MAX,
        },
    )


@login_required
@require_POST
def task_remind(request, slug, task_id):
    """TRK-4: Sở Nội vụ reminds the lead of one task; back to the task's page."""
    province = visible_province_or_404(request.user, slug)
    task = _task_or_404(province, task_id)
    require(request.user, "tracking.remind_by_hand", task.plan, message=STANDING_ONLY)
    try:
        count = reminders.remind_by_hand(task, actor=request.user, on=today(), note=request.POST.get("note", ""))
    except UserError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã gửi nhắc nhở tới {count} người của cơ quan chủ trì.")
    return redirect(reminders.task_path(task))


@login_required
@require_POST
def overdue_remind(request, slug):
    """TRK-4: Sở Nội vụ reminds the leads of the ticked tasks of the overdue list; each task on its own."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "tracking.remind_by_hand", province, message=STANDING_ONLY)
    back = redirect(reverse("overdue-tasks", args=[slug]))
    raw = request.POST.getlist("tasks")
    try:
        if not raw:
            raise UserError("Hãy chọn ít nhất một nhiệm vụ để nhắc nhở.")
        if len(raw) > reminders.MANY_MAX:
            raise UserError(f"Mỗi lần nhắc nhở tối đa {reminders.MANY_MAX} nhiệm vụ.")
        ids = list(dict.fromkeys(parse_id(value, label="Mã nhiệm vụ", required=True) for value in raw))
        tasks = list(
            reminders.tasks_in_force(province)
            .filter(pk__in=ids)
            .select_related("plan__province", "lead__successor", "lead_group")
        )
        if len(tasks) != len(ids):
            raise UserError("Có nhiệm vụ không thuộc kế hoạch đang thực hiện của tỉnh: không gửi nhắc nhở nào.")
        note = reminders.clean_note(request.POST.get("note", ""))
    except UserError as exc:
        messages.error(request, str(exc))
        return back
    people, reminded, problems = reminders.remind_many(tasks, actor=request.user, on=today(), note=note)
    if reminded:
        messages.success(request, f"Đã gửi nhắc nhở về {reminded} nhiệm vụ tới {people} người.")
    for problem in problems:
        messages.warning(request, problem)
    return back

"""Tracking pages: the task page with its history (TRK-1), the forms acting on it, the list of tracked tasks with
the derived status (TRK-2), and the problems and adjustment requests (TRK-3). Thin: the rules are in rules.py,
the writes in services.py, the reads in queries.py."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cchc.agencies.models import Agency
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.params import ID_MAX, lenient, parse_choice, parse_id, parse_int, parse_search
from cchc.core.rules import can, require
from cchc.core.scope import visible_province_or_404
from cchc.plans.models import PlanStatus, Task
from cchc.regulation.models import ReformArea
from cchc.tracking import queries, services
from cchc.tracking.forms import AnswerForm, CancelForm, ContributionForm, ProblemForm, ProgressForm, ReturnForm
from cchc.tracking.models import Problem, ProblemKind, ProgressUpdate, Review, UpdateKind
from cchc.tracking.status import BADGE, TaskStatus

TASKS_PER_PAGE = 50


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors) or "Dữ liệu không hợp lệ."


@login_required
@require_GET
def task_detail(request, slug, task_id):
    """TRK-1, TRK-2, TRK-3: the task with its milestones, derived status, history of updates and problems."""
    province = visible_province_or_404(request.user, slug)
    task = queries.tracked_task_or_404(request.user, province, task_id)
    on = today()
    state = queries.task_states([task.pk], on)[task.pk]
    history = queries.history_of(task)
    latest_lead = next((u for u in history if u.kind == UpdateKind.LEAD), None)
    user = request.user
    updatable = task.plan.status in services.UPDATABLE_PLAN_STATUSES and state.status != TaskStatus.CANCELLED
    confirmed = latest_lead is not None and latest_lead.review == Review.CONFIRMED
    pending = latest_lead if latest_lead is not None and latest_lead.review == Review.PENDING else None
    context = {
        "province": province,
        "task": task,
        "plan": task.plan,
        "state": state,
        "badge": BADGE[state.status],
        "milestones": task.milestones.order_by("order", "id"),
        "coordinator_agencies": task.coordinator_agencies.all(),
        "coordinator_groups": task.coordinator_groups.all(),
        "lead_updates": [u for u in history if u.kind == UpdateKind.LEAD],
        "contributions": [u for u in history if u.kind == UpdateKind.CONTRIBUTION],
        "problems": queries.problems_of_task(task),
        "cancellation": getattr(task, "cancellation", None) if state.status == TaskStatus.CANCELLED else None,
        "today": on,
        "can_record": updatable and not confirmed and can(user, "tracking.record_progress", task),
        "can_contribute": updatable and can(user, "tracking.contribute", task),
        "can_review": pending is not None and updatable and can(user, "tracking.review_update", task),
        "pending": pending,
        "can_cancel": updatable and can(user, "tracking.cancel_task", task),
        "can_raise": updatable and can(user, "tracking.raise_problem", task),
        "can_answer": can(user, "tracking.answer_problem", province),
        "progress_form": ProgressForm(initial={"base": latest_lead.pk if latest_lead else 0, "percent": state.percent}),
        "contribution_form": ContributionForm(),
        "return_form": ReturnForm(),
        "cancel_form": CancelForm(),
        "problem_form": ProblemForm(),
        "answer_form": AnswerForm(),
    }
    return render(request, "tracking/task_detail.html", context)


def _task(request, slug, task_id, rule: str, message: str):
    province = visible_province_or_404(request.user, slug)
    task = queries.tracked_task_or_404(request.user, province, task_id)
    require(request.user, rule, task, message=message)
    return province, task


def _back(slug, task):
    return redirect("task-detail", slug=slug, task_id=task.pk)


@login_required
@require_POST
def task_progress(request, slug, task_id):
    """TRK-1: the lead records progress (with an evidence document); a stale form is refused (concurrency)."""
    _, task = _task(
        request, slug, task_id, "tracking.record_progress", "Chỉ cơ quan chủ trì cập nhật tiến độ nhiệm vụ này."
    )
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(slug, task)
    data = form.cleaned_data
    try:
        update = services.record_progress(
            request.user,
            task,
            reported=data["reported"],
            percent=data["percent"],
            note=data["note"],
            done_on=data["done_on"],
            evidence=form.evidence(),
            expected_last_update_id=data["base"],
        )
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        if update.review == Review.PENDING:
            messages.success(request, f"Đã gửi báo cáo hoàn thành; chờ {task.plan.province.standing_name} xác nhận.")
        else:
            messages.success(request, "Đã cập nhật tiến độ.")
    return _back(slug, task)


@login_required
@require_POST
def task_contribute(request, slug, task_id):
    """TRK-1: a coordinator agency adds its contribution."""
    _, task = _task(
        request, slug, task_id, "tracking.contribute", "Chỉ cơ quan phối hợp gửi đóng góp cho nhiệm vụ này."
    )
    form = ContributionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(slug, task)
    try:
        services.add_contribution(request.user, task, note=form.cleaned_data["note"], evidence=form.evidence())
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã gửi đóng góp của cơ quan phối hợp.")
    return _back(slug, task)


def _update(task, update_id) -> ProgressUpdate:
    update = ProgressUpdate.objects.filter(task=task, pk=update_id, kind=UpdateKind.LEAD).first()
    if update is None:
        raise Http404("Không tìm thấy cập nhật.")
    return update


@login_required
@require_POST
def update_confirm(request, slug, task_id, update_id):
    """TRK-1, TRK-2: Sở Nội vụ confirms a "done" report."""
    _, task = _task(request, slug, task_id, "tracking.review_update", "Chỉ {standing} xác nhận báo cáo hoàn thành.")
    try:
        services.confirm_update(request.user, _update(task, update_id))
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã xác nhận hoàn thành nhiệm vụ.")
    return _back(slug, task)


@login_required
@require_POST
def update_return(request, slug, task_id, update_id):
    """TRK-1: Sở Nội vụ returns a "done" report with a comment (required)."""
    _, task = _task(request, slug, task_id, "tracking.review_update", "Chỉ {standing} trả lại báo cáo hoàn thành.")
    update = _update(task, update_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy nhập ý kiến khi trả lại (tối đa 1000 ký tự).")
        return _back(slug, task)
    try:
        services.return_update(request.user, update, form.cleaned_data["comment"])
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã trả lại báo cáo hoàn thành kèm ý kiến.")
    return _back(slug, task)


@login_required
@require_POST
def task_cancel(request, slug, task_id):
    """TRK-2: Sở Nội vụ's leader cancels the task."""
    _, task = _task(request, slug, task_id, "tracking.cancel_task", "Chỉ lãnh đạo {standing} hủy nhiệm vụ.")
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy nhập lý do hủy nhiệm vụ (tối đa 1000 ký tự).")
        return _back(slug, task)
    try:
        services.cancel_task(request.user, task, form.cleaned_data["reason"])
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã hủy nhiệm vụ.")
    return _back(slug, task)


@login_required
@require_POST
def problem_raise(request, slug, task_id):
    """TRK-3: the lead, a coordinator or Sở Nội vụ raises a problem or an adjustment request."""
    _, task = _task(
        request,
        slug,
        task_id,
        "tracking.raise_problem",
        "Chỉ các cơ quan chủ trì, phối hợp và {standing} nêu vướng mắc.",
    )
    form = ProblemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(slug, task)
    try:
        problem = services.raise_problem(request.user, task, **form.cleaned_data)
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Đã gửi {problem.get_kind_display().lower()} đến {task.plan.province.standing_name}."
        )
    return _back(slug, task)


@login_required
@require_GET
def problem_list(request, slug):
    """TRK-3: the province's problems and adjustment requests, open ones first, for Sở Nội vụ and UBND tỉnh."""
    province = visible_province_or_404(request.user, slug)
    require(
        request.user,
        "tracking.view_problems",
        province,
        message="Chỉ {standing} và lãnh đạo UBND tỉnh xem danh sách này.",
    )
    show = lenient(request, parse_choice, request.GET.get("xem"), choices=("mo",), label="Xem") or ""
    problems = queries.problems_of(province, open_only=show == "mo")
    number = lenient(request, parse_int, request.GET.get("trang"), low=1, high=ID_MAX, label="Trang") or 1
    paginator = Paginator(problems, TASKS_PER_PAGE)
    page = paginator.get_page(number)
    return render(
        request,
        "tracking/problem_list.html",
        {
            "province": province,
            "page": page,
            "paginator": paginator,
            "show": show,
            "can_answer": can(request.user, "tracking.answer_problem", province),
            "answer_form": AnswerForm(),
        },
    )


@login_required
@require_POST
def problem_answer(request, slug, problem_id):
    """TRK-3: Sở Nội vụ answers; an accepted adjustment request leads to the plan's adjustment."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "tracking.answer_problem", province, message="Chỉ {standing} trả lời vướng mắc, đề nghị.")
    problem = (
        Problem.objects.filter(task__plan__province=province, pk=problem_id)
        .select_related("task", "task__plan")
        .first()
    )
    if problem is None:
        raise Http404("Không tìm thấy vướng mắc, đề nghị.")
    back = request.POST.get("tu") == "nhiem-vu"
    target = reverse("task-detail", args=[slug, problem.task_id]) if back else reverse("problem-list", args=[slug])
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy nhập nội dung trả lời (tối đa 4000 ký tự).")
        return redirect(target)
    try:
        problem = services.answer_problem(
            request.user, problem, answer=form.cleaned_data["answer"], accepted=form.accepted_value()
        )
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect(target)
    if problem.kind == ProblemKind.ADJUSTMENT and problem.accepted:
        plan = problem.task.plan
        if plan.is_issued and can(request.user, "plans.begin_adjustment", plan):
            messages.success(
                request,
                "Đã chấp thuận đề nghị điều chỉnh. Bắt đầu điều chỉnh kế hoạch: bấm «Bắt đầu điều chỉnh» "
                "trên trang kế hoạch, sửa nhiệm vụ rồi ghi nhận quyết định điều chỉnh.",
            )
            return redirect(reverse("plan-detail", args=[slug, plan.pk]) + "#adjustment")
        messages.success(request, "Đã chấp thuận đề nghị điều chỉnh; cơ quan soạn thảo kế hoạch điều chỉnh kế hoạch.")
    else:
        messages.success(request, "Đã trả lời.")
    return redirect(target)


def _filters(request) -> queries.TrackingFilters:
    """SEC-3: each filter parsed and bounded; a bad one is ignored and the page says so."""
    return queries.TrackingFilters(
        status=lenient(
            request, parse_choice, request.GET.get("tinh_trang"), choices=TaskStatus.values, label="Tình trạng"
        )
        or "",
        area=parse_search(request.GET.get("linh_vuc"), max_length=40),
        lead=lenient(request, parse_id, request.GET.get("chu_tri"), label="Cơ quan chủ trì"),
        query=parse_search(request.GET.get("q")),
        awaiting=bool(
            lenient(request, parse_choice, request.GET.get("cho_xac_nhan"), choices=("1",), label="Chờ xác nhận")
        ),
    )


@login_required
@require_GET
def task_tracking(request, slug):
    """TRK-2: the tasks of the province's issued plans with their derived status; filter by status (the overdue
    list is status=overdue), area, lead agency, words (accents ignored); paginated; fixed number of queries."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "tracking.view_tracking", province, or_404=True)
    filters = _filters(request)
    on = today()
    ids, states = queries.tracked_tasks(province, filters, on)
    number = lenient(request, parse_int, request.GET.get("trang"), low=1, high=ID_MAX, label="Trang") or 1
    paginator = Paginator(ids, TASKS_PER_PAGE)
    page = paginator.get_page(number)
    query = {
        "tinh_trang": filters.status,
        "linh_vuc": filters.area,
        "chu_tri": filters.lead or "",
        "q": filters.query,
        "cho_xac_nhan": "1" if filters.awaiting else "",
    }
    return render(
        request,
        "tracking/task_tracking.html",
        {
            "province": province,
            "rows": queries.rows_for(page.object_list, states),
            "page": page,
            "paginator": paginator,
            "filters": filters,
            "query": urlencode({key: value for key, value in query.items() if value}),
            "statuses": TaskStatus.choices,
            "areas": ReformArea.objects.filter(
                pk__in=Task.objects.filter(plan__province=province, area__isnull=False).values("area")
            ).order_by("programme", "order"),
            "leads": Agency.objects.filter(
                led_tasks__plan__province=province, led_tasks__plan__status__in=queries.TRACKED_PLAN_STATUSES
            )
            .distinct()
            .order_by("name"),
            "today": on,
            "plan_statuses": PlanStatus,
        },
    )

"""Coordination pages (COO-1 to COO-3): the list, recording an activity, scheduling the briefing and the review,
an activity with its outcome, documents and conclusions, and a conclusion turned into a task."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.core import audit
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.params import lenient, parse_choice, parse_year
from cchc.core.rules import can, require
from cchc.core.scope import visible_province_or_404
from cchc.meetings import queries, services
from cchc.meetings.forms import (
    ActivityForm,
    ConclusionForm,
    ConclusionTaskForm,
    DocumentForm,
    OutcomeForm,
    ScheduleForm,
)
from cchc.meetings.models import ActivityKind
from cchc.meetings.rules import hosting_agencies

STANDING_ONLY = "Chỉ {standing} (cơ quan thường trực CCHC) lên lịch giao ban và đánh giá việc thực hiện quy chế."
HOSTS_ONLY = "Chỉ lãnh đạo, chuyên viên đầu mối của cơ quan chủ trì cập nhật hoạt động này."


def _activity(request, province, activity_id):
    return queries.visible_activity_or_404(request.user, province, activity_id)


@login_required
@require_GET
def activity_list(request, slug):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "meetings.view_activities", province, or_404=True)
    kind = lenient(request, parse_choice, request.GET.get("loai"), choices=ActivityKind.values, label="Hình thức")
    year = lenient(request, parse_year, request.GET.get("nam"), label="Năm")
    activities = list(queries.activities_of(province, kind=kind or "", year=year)[:200])
    return render(
        request,
        "meetings/activity_list.html",
        {
            "province": province,
            "activities": activities,
            "kinds": ActivityKind.choices,
            "kind": kind or "",
            "year": year or "",
            "can_record": can(request.user, "meetings.record_activity", province),
            "can_schedule": can(request.user, "meetings.schedule_briefing", province),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, slug):
    """COO-1: an agency records a coordination activity it hosts."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "meetings.record_activity", province, message="Bạn không có quyền ghi hoạt động phối hợp.")
    hosts = hosting_agencies(request.user, province)
    form = ActivityForm(request.POST or None, province=province, hosts=hosts, initial={"held_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.record_activity(
                province,
                actor=request.user,
                host=form.host_agency(),
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                place=data["place"],
                agenda=data["agenda"],
                outcome=data["outcome"],
                participants=form.participant_agencies(),
                submit_key=data.get("submit_key") or "",
            )
        except UserError as exc:
            if exc.message == services.ALREADY_RECORDED:
                messages.info(request, exc.message)
                return redirect("activity-list", slug=slug)
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã ghi hoạt động phối hợp; các cơ quan tham gia được thông báo.")
            return redirect("activity-detail", slug=slug, activity_id=activity.pk)
    return render(request, "meetings/activity_form.html", {"province": province, "form": form})


def _schedule(request, slug, kind):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "meetings.schedule_briefing", province, message=STANDING_ONLY)
    on = today()
    try:
        invited = services.invitation(province, kind, on)
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect("activity-list", slug=slug)
    if kind == ActivityKind.BRIEFING:
        year, quarter = services.next_briefing_period(province, invited.quarters, on)
        held_on = services.default_date(year, quarter, on)
    else:
        year, quarter, held_on = on.year, None, on
    initial = {
        "year": year,
        "quarter": quarter,
        "held_on": held_on,
        "participants": [str(a.pk) for a in invited.agencies],
    }
    form = ScheduleForm(request.POST or None, province=province, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.schedule(
                province,
                actor=request.user,
                kind=kind,
                year=data["year"],
                quarter=data.get("quarter"),
                held_on=data["held_on"],
                place=data["place"],
                agenda=data["agenda"],
                participants=form.participant_agencies(),
                submit_key=data.get("submit_key") or "",
            )
        except UserError as exc:
            if exc.message == services.ALREADY_RECORDED:
                messages.info(request, exc.message)
                return redirect("activity-list", slug=slug)
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã lên lịch «{activity.title}»; các cơ quan được mời đã được thông báo.")
            return redirect("activity-detail", slug=slug, activity_id=activity.pk)
    return render(
        request,
        "meetings/schedule_form.html",
        {"province": province, "form": form, "invited": invited, "kind": kind, "is_briefing": kind == "briefing"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def briefing_schedule(request, slug):
    """COO-2: the quarterly briefing, from the regulation's cadence and invitees."""
    return _schedule(request, slug, ActivityKind.BRIEFING)


@login_required
@require_http_methods(["GET", "POST"])
def review_schedule(request, slug):
    """COO-3: the yearly review of the regulation."""
    return _schedule(request, slug, ActivityKind.REVIEW)


@login_required
@require_GET
def activity_detail(request, slug, activity_id):
    province = visible_province_or_404(request.user, slug)
    activity = _activity(request, province, activity_id)
    may_edit = can(request.user, "meetings.edit_activity", activity)
    may_task = can(request.user, "meetings.conclusion_to_task", activity)
    plans = queries.plans_for_conclusions(request.user, province) if may_task else []
    return render(
        request,
        "meetings/activity_detail.html",
        {
            "province": province,
            "activity": activity,
            "participants": sorted(activity.participants.all(), key=lambda a: a.name),
            "conclusions": list(activity.conclusions.all()),
            "documents": list(activity.documents.all()),
            "may_edit": may_edit,
            "may_task": may_task,
            "outcome_form": OutcomeForm(initial={"outcome": activity.outcome, "version": activity.version}),
            "document_form": DocumentForm(),
            "conclusion_form": ConclusionForm(province=province) if may_edit else None,
            "task_form": ConclusionTaskForm(plans=plans) if plans else None,
            "entries": audit.trail(activity)[:30],
        },
    )


def _edit(request, slug, activity_id):
    province = visible_province_or_404(request.user, slug)
    activity = _activity(request, province, activity_id)
    require(request.user, "meetings.edit_activity", activity, message=HOSTS_ONLY)
    return province, activity


def _back(activity):
    return redirect("activity-detail", slug=activity.province.slug, activity_id=activity.pk)


@login_required
@require_POST
def activity_outcome(request, slug, activity_id):
    """COO-1 outcome, COO-2 minutes, COO-3 report."""
    _, activity = _edit(request, slug, activity_id)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy nhập kết quả, biên bản (tối đa 20.000 ký tự).")
        return _back(activity)
    try:
        services.record_outcome(
            activity,
            actor=request.user,
            outcome=form.cleaned_data["outcome"],
            expected_version=form.cleaned_data["version"],
        )
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã ghi kết quả, biên bản.")
    return _back(activity)


@login_required
@require_POST
def activity_document_add(request, slug, activity_id):
    _, activity = _edit(request, slug, activity_id)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Hãy nhập trích yếu của tài liệu (ngày dạng dd/mm/yyyy).")
        return _back(activity)
    data = form.cleaned_data
    try:
        services.add_document(
            activity,
            actor=request.user,
            summary=data["summary"],
            number=data["number"],
            issued_on=data["issued_on"],
            upload=data.get("file"),
        )
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã thêm tài liệu.")
    return _back(activity)


@login_required
@require_GET
def activity_document_file(request, slug, activity_id, document_id):
    province = visible_province_or_404(request.user, slug)
    activity = _activity(request, province, activity_id)
    document = activity.documents.filter(pk=document_id).first()
    if document is None or not document.file:
        raise Http404("Không tìm thấy tệp.")
    try:
        handle = document.file.open("rb")
    except OSError as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    return FileResponse(handle, as_attachment=True, filename=document.file_name or "tai-lieu")


@login_required
@require_POST
def conclusion_add(request, slug, activity_id):
    """COO-2: a conclusion of the briefing, with its lead and deadline."""
    province, activity = _edit(request, slug, activity_id)
    form = ConclusionForm(request.POST, province=province)
    if not form.is_valid():
        messages.error(request, "Hãy nhập nội dung kết luận (thời hạn dạng dd/mm/yyyy).")
        return _back(activity)
    data = form.cleaned_data
    try:
        services.add_conclusion(
            activity, actor=request.user, text=data["text"], lead=form.lead_agency(), deadline=data["deadline"]
        )
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã ghi kết luận.")
    return _back(activity)


@login_required
@require_POST
def conclusion_task(request, slug, activity_id, conclusion_id):
    """COO-2: one action turns a conclusion into a task of a plan being prepared or adjusted."""
    province = visible_province_or_404(request.user, slug)
    activity = _activity(request, province, activity_id)
    require(request.user, "meetings.conclusion_to_task", activity, message=STANDING_ONLY)
    conclusion = next((c for c in activity.conclusions.all() if c.pk == conclusion_id), None)
    if conclusion is None:
        raise Http404("Không tìm thấy kết luận.")
    form = ConclusionTaskForm(request.POST, plans=queries.plans_for_conclusions(request.user, province))
    if not form.is_valid():
        messages.error(
            request,
            "Hãy chọn một kế hoạch đang soạn thảo hoặc đang điều chỉnh (kế hoạch đã ban hành không sửa trực tiếp).",
        )
        return _back(activity)
    try:
        task, warnings = services.conclusion_to_task(conclusion, actor=request.user, plan=form.chosen_plan())
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Kết luận đã thành nhiệm vụ của kế hoạch «{task.plan.title}».")
        for warning in warnings:
            messages.warning(request, warning)
    return _back(activity)

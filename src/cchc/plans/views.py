"""Plan pages: list, create, the document view, the appendix table with filters, tasks, targets, milestones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.agencies.models import Agency, AgencyGroup
from cchc.agencies.queries import default_issuer
from cchc.core import audit
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.params import (
    ID_MAX,
    lenient,
    parse_choice,
    parse_id,
    parse_int,
    parse_party_key,
    parse_search,
    parse_year,
)
from cchc.core.rules import can, editable_owner_agencies, require
from cchc.core.scope import visible_province_or_404
from cchc.plans import cycle, queries, services
from cchc.plans.forms import (
    AppendixFilterForm,
    MilestoneDueForm,
    PlanForm,
    TargetForm,
    TaskForm,
    lines,
    split_parties,
)
from cchc.plans.models import Milestone, Plan, PlanKind, Task
from cchc.plans.views_cycle import plan_cycle_context
from cchc.regulation.models import ReformArea
from cchc.regulation.routing import regulation_in_force, standing_agency_for_permissions

STATUSES = ("dated", "undated", "overdue", "upcoming")
APPENDIX_PAGE_SIZE = 50  # tasks a page of the appendix (issue 12: a page opens in the same time at any size)


def _plan(request, province, plan_id) -> Plan:
    return queries.visible_plan_or_404(request.user, province, plan_id)


def _require_edit(request, plan: Plan) -> None:
    """Kept for code written before the rules modules: names the rule plans.edit_plan."""
    require(request.user, "plans.edit_plan", plan, message="Bạn không có quyền sửa kế hoạch này.")


@login_required
@require_GET
def plan_list(request, slug):
    province = visible_province_or_404(request.user, slug)
    year = lenient(request, parse_year, request.GET.get("nam"), label="Năm")  # SEC-3
    kind = lenient(request, parse_choice, request.GET.get("loai"), choices=PlanKind.values, label="Loại kế hoạch") or ""
    show_discarded = lenient(request, parse_choice, request.GET.get("da_huy"), choices=("1",), label="Dự thảo đã hủy")
    plans = queries.plans_of(request.user, province, year=year, kind=kind)
    discarded_count = sum(1 for p in plans if p.discarded)
    if not show_discarded:  # PLAN-1: a discarded draft stays (U-3) but is hidden unless asked for
        plans = [p for p in plans if not p.discarded]
    return render(
        request,
        "plans/plan_list.html",
        {
            "province": province,
            "plans": plans,
            "predecessor_plans": queries.predecessor_plans(request.user, province, year=year, kind=kind),
            "year": year or "",
            "kind": kind,
            "kinds": PlanKind.choices,
            "show_discarded": bool(show_discarded),
            "discarded_count": discarded_count,
            "can_create": can(request.user, "plans.create_plan", province),
            "owner_agencies": editable_owner_agencies(request.user, province),
            "can_import": can(request.user, "ingest.upload", province),
            "next_year": today().year + 1,
        },
    )


def _creatable_kinds(user, province) -> list[str]:
    kinds = []
    if can(user, "plans.create_provincial_plan", province):
        kinds += [PlanKind.PERIOD, PlanKind.ANNUAL, PlanKind.THEMATIC]
    if can(user, "plans.create_agency_plan", province):
        kinds.append(PlanKind.AGENCY)
    return kinds


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, slug):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "plans.create_plan", province, message="Bạn không có quyền lập kế hoạch.")
    kinds = _creatable_kinds(request.user, province)
    regulation = regulation_in_force(province, today())
    initial = {
        "start_year": today().year + 1,
        "end_year": today().year + 1,
        "issuer": default_issuer(province),
        "kind": kinds[0],
        "programme": regulation.programme_id if regulation else None,
    }
    form = PlanForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.plan_fields()
        owner = _owner_for(request.user, province, fields["kind"])
        try:
            plan = services.create_plan(
                actor=request.user,
                province=province,
                owner=owner,
                fields=fields,
                objectives=lines(form.cleaned_data["objectives_text"]),
            )
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã tạo dự thảo kế hoạch. Thêm chỉ tiêu và nhiệm vụ theo từng lĩnh vực.")
            return redirect("plan-detail", slug=slug, plan_id=plan.pk)
    return render(request, "plans/plan_form.html", {"province": province, "form": form, "plan": None})


def _owner_for(user, province, kind: str) -> Agency:
    if kind == PlanKind.AGENCY:
        return editable_owner_agencies(user, province)[0]
    return standing_agency_for_permissions(province, today())


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, slug, plan_id):
    province = visible_province_or_404(request.user, slug)
    plan = _plan(request, province, plan_id)
    require(request.user, "plans.edit_plan", plan)
    kinds = [plan.kind]
    form = PlanForm(request.POST or None, kinds=kinds, instance=Plan.objects.get(pk=plan.pk))
    version = request.POST.get("version", plan.version)
    if request.method == "POST" and form.is_valid():
        try:
            expected = parse_int(version, low=0, high=ID_MAX, label="Phiên bản", required=True)  # SEC-3
            services.update_plan(plan, actor=request.user, fields=form.plan_fields(), expected_version=expected)
            services.set_objectives(plan, actor=request.user, texts=lines(form.cleaned_data["objectives_text"]))
        except (UserError, ValueError) as exc:
            form.add_error(None, getattr(exc, "message", "Dữ liệu không hợp lệ."))
        else:
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect("plan-detail", slug=slug, plan_id=plan.pk)
    return render(
        request, "plans/plan_form.html", {"province": province, "form": form, "plan": plan, "version": version}
    )


@login_required
@require_GET
def plan_detail(request, slug, plan_id):
    """The plan as the document reads: objectives, requirements, then each area with its targets and tasks."""
    province = visible_province_or_404(request.user, slug)
    plan = _plan(request, province, plan_id)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "province": province,
            "plan": plan,
            "objectives": plan.objectives.all(),
            "sections": queries.document_sections(plan),
            "can_edit": can(request.user, "plans.edit_plan", plan) and plan.is_editable,
            "may_edit": can(request.user, "plans.edit_plan", plan),
            "can_discard": can(request.user, "plans.discard_plan", plan),
            "entries": audit.trail(plan)[:50],
            "today": today(),
            **plan_cycle_context(request, province, plan),
            # PLAN-7: the standing agency's staff acknowledge receiving an agency's issued plan (_plan_cycle.html).
            "can_acknowledge": can(request.user, "plans.acknowledge_agency_plan", plan)
            and cycle.awaits_receipt(plan, today()),
        },
    )


def _filters(request, area_codes: list[str]) -> queries.TaskFilters:
    """SEC-3: each filter parsed and bounded; a bad one is ignored and the page says so."""
    coordinator = lenient(request, parse_party_key, request.GET.get("phoi_hop"), label="Cơ quan phối hợp")
    return queries.TaskFilters(
        area=lenient(request, parse_choice, request.GET.get("linh_vuc"), choices=area_codes, label="Lĩnh vực") or "",
        lead=lenient(request, parse_id, request.GET.get("chu_tri"), label="Cơ quan chủ trì"),
        coordinator=f"{coordinator[0]}:{coordinator[1]}" if coordinator else "",
        quarter=lenient(request, parse_int, request.GET.get("quy"), low=1, high=4, label="Quý"),
        status=lenient(request, parse_choice, request.GET.get("tinh_trang"), choices=STATUSES, label="Tình trạng")
        or "",
        query=parse_search(request.GET.get("q")),
    )


def _filter_query(filters: queries.TaskFilters, **changes) -> str:
    """The filters as a query string, for the links of the page (pages, areas); `changes` replace some."""
    from urllib.parse import urlencode

    values = {
        "q": filters.query,
        "linh_vuc": filters.area,
        "chu_tri": filters.lead or "",
        "phoi_hop": filters.coordinator,
        "quy": filters.quarter or "",
        "tinh_trang": filters.status,
        **changes,
    }
    return urlencode({key: value for key, value in values.items() if value not in ("", None)})


def _page_window(number: int, pages: int) -> list[int | None]:
    """The pages a pagination shows: the first, the last, two either side of the current; None for a gap."""
    shown = sorted({1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)})
    window: list[int | None] = []
    for page in shown:
        if window and page - window[-1] > 1:
            window.append(None)
        window.append(page)
    return window


@login_required
@require_GET
def plan_appendix(request, slug, plan_id):
    """The appendix table of the plan (TT, Nhiệm vụ, Sản phẩm, Chủ trì, Phối hợp, Thời gian) with filters, a page
    of APPENDIX_PAGE_SIZE tasks at a time (issue 12), with the number of matching tasks of each area."""
    province = visible_province_or_404(request.user, slug)
    plan = _plan(request, province, plan_id)
    areas = list(ReformArea.objects.filter(programme=plan.programme_id).order_by("order"))
    filters = _filters(request, [a.code for a in areas])
    number = lenient(request, parse_int, request.GET.get("trang"), low=1, high=ID_MAX, label="Trang") or 1
    page = queries.appendix_page(plan, filters, today(), number=number, size=APPENDIX_PAGE_SIZE)
    context = {
        "province": province,
        "plan": plan,
        "page": page,
        "tasks": page.tasks,
        "filters": filters,
        "counts": page.areas,
        "total": page.total,
        "query": _filter_query(filters),
        "area_links": [(a, _filter_query(filters, linh_vuc=a.code)) for a in page.areas],
        "all_areas_query": _filter_query(filters, linh_vuc=""),
        "page_numbers": _page_window(page.number, page.pages),
        "today": today(),
        "can_edit": can(request.user, "plans.edit_plan", plan) and plan.is_editable,
    }
    # htmx asks for the table alone, except when it restores a page of its history (it wants the whole page).
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        response = render(request, "plans/_appendix_table.html", context)
    else:
        context.update(
            {
                "areas": areas,
                # U-1: the lead and coordinator filters are agency pickers, grouped by kind.
                "agency_filters": AppendixFilterForm(
                    leads=Agency.objects.filter(pk__in=plan.tasks.values("lead")),
                    coordinator_agencies=Agency.objects.filter(pk__in=plan.tasks.values("coordinator_agencies")),
                    coordinator_groups=AgencyGroup.objects.filter(pk__in=plan.tasks.values("coordinator_groups")),
                    lead=filters.lead,
                    coordinator=filters.coordinator,
                ),
                "quarters": [(1, "Quý I"), (2, "Quý II"), (3, "Quý III"), (4, "Quý IV")],
            }
        )
        response = render(request, "plans/plan_appendix.html", context)
    patch_vary_headers(response, ["HX-Request"])  # one address answers a table or a page: caches keep them apart
    return response


def _task_input(form: TaskForm) -> services.TaskInput:
    data = form.cleaned_data
    agencies, groups = form.coordinator_parties()
    return services.TaskInput(
        title=data["title"],
        lead=form.lead_party(),
        code=data["code"],
        area_id=data["area"].pk if data["area"] else None,
        products=tuple(lines(data["products_text"])),
        coordinator_agencies=tuple(agencies),
        coordinator_groups=tuple(groups),
        time_text=data["time_text"],
        owner_unit=data["owner_unit"],
    )


def _warn(request, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, slug, plan_id):
    province = visible_province_or_404(request.user, slug)
    plan = _plan(request, province, plan_id)
    require(request.user, "plans.edit_plan", plan)
    area = lenient(request, parse_id, request.GET.get("linh_vuc"), label="Lĩnh vực")  # SEC-3
    form = TaskForm(request.POST or None, plan=plan, initial={"area": area})
    if request.method == "POST" and form.is_valid():
        try:
            task, warnings = services.add_task(plan, actor=request.user, data=_task_input(form))
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã thêm nhiệm vụ {task.code}".strip() + ".")
            _warn(request, warnings)
            return redirect("plan-appendix", slug=slug, plan_id=plan.pk)
    return render(request, "plans/task_form.html", {"province": province, "plan": plan, "form": form, "task": None})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, slug, plan_id, task_id):
    province = visible_province_or_404(request.user, slug)
    plan = _plan(request, province, plan_id)
    require(request.user, "plans.edit_plan", plan)
    task = Task.objects.filter(plan=plan, pk=task_id).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    initial = {
        "code": task.code,
        "title": task.title,
        "area": task.area_id,
        "products_text": "\n".join(task.products),
        "lead": f"agency:{task.lead_id}" if task.lead_id else f"group:{task.lead_group_id}",
        "time_text": task.time_text,
        "owner_unit": task.owner_unit,
        "coordinators": [f"agency:{a.pk}" for a in task.coordinator_agencies.all()]
        + [f"group:{g.pk}" for g in task.coordinator_groups.all()],
    }
    form = TaskForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            task, warnings = services.update_task(task, actor=request.user, data=_task_input(form))
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu nhiệm vụ.")
            _warn(request, warnings)
            return redirect("plan-appendix", slug=slug, plan_id=plan.pk)
    return render(request, "plans/task_form.html", {"province": province, "plan": plan, "form": form, "task": task})


@login_required
@require_POST
def task_remove(request, slug, plan_id, task_id):
    province = visible_province_or_404(request.user, slug)
    plan = _plan(request, province, plan_id)
    require(request.user, "plans.edit_plan", plan)
    task = Task.objects.filter(plan=plan, pk=task_id).first()
    if task is None:
        messages.error(request, "Nhiệm vụ này không còn trong kế hoạch (có thể đã được gỡ).")
    else:
        try:
            services.remove_task(task, actor=request.user)
            messages.success(request, "Đã gỡ nhiệm vụ.")
        except UserError as exc:
            messages.error(request, exc.message)
    return redirect("plan-appendix", slug=slug, plan_id=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request, slug, plan_id):
    province = visible_province_or_404(request.user, slug)
    plan = _plan(request, province, plan_id)
    require(request.user, "plans.edit_plan", plan)
    form = TargetForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agencies, groups = split_parties(province, data["scope"])
        try:
            services.add_target(
                plan,
                actor=request.user,
                data=services.TargetInput(
                    text=data["text"],
                    measure=data["measure"],
                    comparison=data["comparison"],
                    value=data["value"],
                    unit=data["unit"],
                    area_id=data["area"].pk if data["area"] else None,
                    topic_id=data["topic"].pk if data["topic"] else None,
                    scope_agencies=tuple(agencies),
                    scope_groups=tuple(groups),
                ),
            )
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã thêm chỉ tiêu.")
            return redirect("plan-detail", slug=slug, plan_id=plan.pk)
    return render(request, "plans/target_form.html", {"province": province, "plan": plan, "form": form})


@login_required
@require_POST
def milestone_set_due(request, slug, plan_id, milestone_id):
    province = visible_province_or_404(request.user, slug)
    plan = _plan(request, province, plan_id)
    milestone = Milestone.objects.filter(task__plan=plan, pk=milestone_id).select_related("task").first()
    if milestone is None:
        raise Http404("Không tìm thấy mốc.")
    require(request.user, "plans.set_milestone", milestone, message="Bạn không có quyền đặt hạn cho mốc này.")
    form = MilestoneDueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy nhập hạn theo dạng dd/mm/yyyy.")
    else:
        try:
            services.set_milestone_due(milestone, actor=request.user, due=form.cleaned_data["due"])
            messages.success(request, "Đã đặt hạn cho mốc.")
        except UserError as exc:
            messages.error(request, exc.message)
    return redirect("plan-appendix", slug=slug, plan_id=plan.pk)


@login_required
@require_POST
def target_result(request, slug, plan_id, target_id):
    """PLAN-3: record a reported actual value of a target."""
    province = visible_province_or_404(request.user, slug)
    plan = _plan(request, province, plan_id)
    require(request.user, "plans.edit_plan", plan)
    target = plan.targets.filter(pk=target_id).first()
    if target is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    try:
        year = parse_year(request.POST.get("year"), label="Năm", required=True)  # SEC-3
        services.record_target_result(target, actor=request.user, year=year, value=request.POST.get("value", ""))
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã ghi kết quả thực hiện chỉ tiêu.")
    return redirect("plan-detail", slug=slug, plan_id=plan.pk)


@login_required
@require_POST
def plan_discard(request, slug, plan_id):
    """PLAN-1, U-3: discard a draft made by mistake (marked, hidden, audited; never deleted). An issued plan never."""
    province = visible_province_or_404(request.user, slug)
    plan = _plan(request, province, plan_id)
    require(request.user, "plans.discard_plan", plan, message="Chỉ hủy bỏ được dự thảo mà bạn có quyền sửa.")
    try:
        services.discard_plan(plan, actor=request.user)
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect("plan-detail", slug=slug, plan_id=plan.pk)
    messages.success(
        request, f"Đã hủy bỏ dự thảo «{plan.title}». Dự thảo được giữ lại cùng nhật ký, không còn trong danh sách."
    )
    return redirect("plan-list", slug=slug)

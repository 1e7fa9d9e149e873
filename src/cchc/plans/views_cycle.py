"""Pages of the yearly cycle: calls for proposals, consultation, issue, adjustment, versions, agency plans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.agencies.models import Agency
from cchc.core.dates import today
from cchc.core.errors import UserError, UserErrors
from cchc.core.params import ID_MAX, lenient, parse_id, parse_int, parse_year
from cchc.core.rules import acting_agencies, can, editable_owner_agencies, require
from cchc.core.scope import visible_province_or_404
from cchc.plans import alignment, cycle, versions
from cchc.plans.forms import AdjustmentForm, CallForm, DateForm, IssueForm, ProposalForm
from cchc.plans.models import Comment, Consultation, PlanKind, Proposal, ProposalCall, Task
from cchc.plans.queries import visible_plan_or_404
from cchc.regulation.models import ReformProgramme
from cchc.regulation.routing import regulation_in_force, standing_agency_for_permissions

STANDING_ONLY = "Chỉ cơ quan thường trực CCHC thực hiện thao tác này."


def _require_standing(request, province) -> None:
    """Kept for code written before the rules modules: names the rule plans.manage_call."""
    require(request.user, "plans.manage_call", province, message=STANDING_ONLY)


def _programme_for(province, year):
    regulation = regulation_in_force(province, today())
    return (regulation.programme if regulation else None) or ReformProgramme.objects.filter(
        start_year__lte=year, end_year__gte=year
    ).first()


def _done(request, action, success: str, target: str):
    try:
        action()
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(target)


# --- calls for proposals ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def call_list(request, slug):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "plans.view_calls", province)
    can_open_call = can(request.user, "plans.open_call", province)
    calls = ProposalCall.objects.filter(province=province).prefetch_related("recipients__agency")
    calls = [c for c in calls if can(request.user, "plans.view_call", c)]
    for c in calls:
        c.basis = cycle.deadline_basis(c)  # U-1: "theo quy chế (Đ…)" only for the regulation's own date
    form = CallForm(request.POST or None, initial={"year": today().year + 1})
    # U-1: what a blank deadline means this year (the regulation's date, or that it has passed).
    form.fields["deadline"].help_text = cycle.regulation_deadline_hint(province, today().year + 1, today())
    existing = None
    if request.method == "POST":
        require(request.user, "plans.open_call", province, message=STANDING_ONLY)
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = cycle.open_call(
                    province,
                    year=data["year"],
                    actor=request.user,
                    on=today(),
                    deadline=data["deadline"],
                    message=data["message"],
                    link=request.build_absolute_uri(reverse("call-list", args=[slug])),
                )
            except UserError as exc:
                form.add_error(None, exc.message)
                existing = ProposalCall.objects.filter(province=province, year=data["year"]).first()
            else:
                messages.success(request, f"Đã gửi đề nghị đến {call.recipients.count()} cơ quan.")
                return redirect("call-detail", slug=slug, call_id=call.pk)
    return render(
        request,
        "plans/call_list.html",
        {"province": province, "calls": calls, "form": form, "can_open_call": can_open_call, "existing": existing},
    )


def _call(province, call_id) -> ProposalCall:
    call = ProposalCall.objects.filter(province=province, pk=call_id).first()
    if call is None:
        raise Http404("Không tìm thấy đợt đề xuất.")
    return call


@login_required
@require_http_methods(["GET", "POST"])
def call_detail(request, slug, call_id):
    province = visible_province_or_404(request.user, slug)
    call = _call(province, call_id)
    recipients = list(call.recipients.select_related("agency"))
    require(request.user, "plans.view_call", call, or_404=True)
    can_manage_call = can(request.user, "plans.manage_call", call)
    mine = acting_agencies(request.user, province, [r.agency_id for r in recipients])
    proposals = call.proposals.select_related("agency", "lead", "area").prefetch_related(
        "coordinator_agencies", "coordinator_groups"
    )
    if not can(request.user, "plans.view_all_proposals", call):
        proposals = proposals.filter(agency__in=mine)
    programme = _programme_for(province, call.year)
    form = ProposalForm(
        request.POST or None, province=province, programme=programme, initial={"lead": mine[0].pk if mine else None}
    )
    if request.method == "POST":
        require(
            request.user,
            "plans.submit_proposal",
            call,
            message="Cơ quan của bạn không được đề nghị gửi đề xuất trong đợt này.",
        )
        if form.is_valid():
            try:
                cycle.submit_proposal(call, agency=mine[0], actor=request.user, on=today(), **form.proposal_fields())
            except UserError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã gửi đề xuất đến cơ quan thường trực CCHC.")
                return redirect("call-detail", slug=slug, call_id=call.pk)
    counts = {}
    for p in call.proposals.all():
        counts[p.agency_id] = counts.get(p.agency_id, 0) + 1
    return render(
        request,
        "plans/call_detail.html",
        {
            "province": province,
            "call": call,
            "proposals": proposals,
            "form": form,
            "mine": mine,
            "recipients": [(r, counts.get(r.agency_id, 0)) for r in recipients],
            "can_manage_call": can_manage_call,
            # PLAN-4: a proposal accepted after consolidation joins the draft while it is still a draft.
            "can_decide": can_manage_call and (call.is_open or bool(call.draft_plan and call.draft_plan.is_draft)),
            "today": today(),
            "date_form": DateForm(),
            "deadline_basis": cycle.deadline_basis(call),
            # PLAN-4: who has not proposed yet while they still may; consolidating now closes the call on them.
            "silent": cycle.silent_recipients(call, today()) if can_manage_call and call.is_open else [],
            "editable_ids": {
                p.pk
                for p in proposals
                if p.status in (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED)
                and call.is_open
                and can(request.user, "plans.edit_proposal", p)
            },
        },
    )


def _own_proposal(request, slug, call_id, proposal_id):
    province = visible_province_or_404(request.user, slug)
    call = _call(province, call_id)
    proposal = Proposal.objects.filter(call=call, pk=proposal_id).select_related("call", "agency").first()
    if proposal is None:
        raise Http404("Không tìm thấy đề xuất.")
    require(request.user, "plans.view_call", call, or_404=True)
    require(request.user, "plans.edit_proposal", proposal, message="Chỉ cơ quan gửi đề xuất được sửa, rút đề xuất.")
    return province, call, proposal


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, slug, call_id, proposal_id):
    """PLAN-4: the proposing agency corrects its proposal before the deadline."""
    province, call, proposal = _own_proposal(request, slug, call_id, proposal_id)
    form = ProposalForm(
        request.POST or None,
        province=province,
        programme=_programme_for(province, call.year),
        initial=ProposalForm.initial_for(proposal),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.proposal_fields()
        try:
            cycle.edit_proposal(proposal, actor=request.user, on=today(), **fields)
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã sửa đề xuất «{fields['title'].strip()[:80]}».")
            return redirect("call-detail", slug=slug, call_id=call.pk)
    return render(
        request,
        "plans/call_detail.html",
        {"province": province, "call": call, "editing": proposal, "form": form, "deadline_basis": ""},
    )


@login_required
@require_POST
def proposal_withdraw(request, slug, call_id, proposal_id):
    """PLAN-4, U-3: the proposing agency withdraws its proposal before the deadline; it stays, marked withdrawn."""
    _province, call, proposal = _own_proposal(request, slug, call_id, proposal_id)
    return _done(
        request,
        lambda: cycle.withdraw_proposal(proposal, actor=request.user, on=today()),
        f"Đã rút đề xuất «{proposal.title[:80]}».",
        reverse("call-detail", args=[slug, call.pk]),
    )


@login_required
@require_POST
def call_reopen(request, slug, call_id, agency_id):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "plans.manage_call", province, message=STANDING_ONLY)
    call = _call(province, call_id)
    agency = Agency.objects.filter(province=province, pk=agency_id).first()
    form = DateForm(request.POST)
    if agency is None or not form.is_valid():
        messages.error(request, "Hãy chọn cơ quan và nhập ngày theo dạng dd/mm/yyyy.")
        return redirect("call-detail", slug=slug, call_id=call.pk)
    return _done(
        request,
        lambda: cycle.reopen_for(call, agency=agency, until=form.cleaned_data["date"], actor=request.user, on=today()),
        f"Đã mở lại cho {agency.name}.",
        reverse("call-detail", args=[slug, call.pk]),
    )


@login_required
@require_POST
def proposal_decide(request, slug, call_id, proposal_id):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "plans.manage_call", province, message=STANDING_ONLY)
    call = _call(province, call_id)
    proposal = Proposal.objects.filter(call=call, pk=proposal_id).select_related("call").first()
    if proposal is None:
        raise Http404("Không tìm thấy đề xuất.")
    accept = request.POST.get("decision") == "accept"
    decided = "Đã tiếp nhận" if accept else "Đã không tiếp nhận"
    return _done(
        request,
        lambda: cycle.decide_proposal(proposal, accept=accept, note=request.POST.get("note", ""), actor=request.user),
        f"{decided} đề xuất «{proposal.title[:80]}» của {proposal.agency.name}.",
        reverse("call-detail", args=[slug, call.pk]),
    )


@login_required
@require_POST
def call_consolidate(request, slug, call_id):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "plans.manage_call", province, message=STANDING_ONLY)
    call = _call(province, call_id)
    try:
        plan = cycle.consolidate(
            call,
            actor=request.user,
            owner=standing_agency_for_permissions(province, today()),
            programme=_programme_for(province, call.year),
            on=today(),
            confirm_early=request.POST.get("confirm") == "1",
        )
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect("call-detail", slug=slug, call_id=call.pk)
    messages.success(request, "Đã tổng hợp các đề xuất được tiếp nhận thành dự thảo kế hoạch.")
    return redirect("plan-detail", slug=slug, plan_id=plan.pk)


# --- consultation, issue, adjustment on a plan ---------------------------------------------------------------


@login_required
@require_POST
def plan_send_for_comments(request, slug, plan_id):
    province = visible_province_or_404(request.user, slug)
    plan = visible_plan_or_404(request.user, province, plan_id)
    require(
        request.user, "plans.send_for_comments", plan, message="Chỉ cơ quan soạn thảo kế hoạch gửi dự thảo lấy ý kiến."
    )
    form = DateForm(request.POST)
    target = reverse("plan-detail", args=[slug, plan.pk])
    if not form.is_valid():
        messages.error(request, "Hãy nhập hạn góp ý theo dạng dd/mm/yyyy.")
        return redirect(target)
    return _done(
        request,
        lambda: cycle.send_for_comments(
            plan,
            actor=request.user,
            deadline=form.cleaned_data["date"],
            on=today(),
            link=request.build_absolute_uri(target),
        ),
        "Đã gửi dự thảo lấy ý kiến.",
        target,
    )


def consultation_for_user(request, province, plan):
    """The consultation of the plan sent to one of the user's agencies, and that agency."""
    for consultation in Consultation.objects.filter(plan=plan).prefetch_related("agencies"):
        agencies = acting_agencies(request.user, province, [a.pk for a in consultation.agencies.all()])
        if agencies:
            return consultation, agencies[0]
    return None, None


@login_required
@require_POST
def plan_comment(request, slug, plan_id):
    """A consulted agency comments only on a draft sent to it."""
    province = visible_province_or_404(request.user, slug)
    plan = visible_plan_or_404(request.user, province, plan_id)
    require(request.user, "plans.comment", plan, message="Dự thảo này không được gửi lấy ý kiến cơ quan của bạn.")
    consultation, agency = consultation_for_user(request, province, plan)
    task = None
    try:
        task_id = parse_id(request.POST.get("task") or None, label="Nhiệm vụ", required=False)  # SEC-3
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect("plan-detail", slug=slug, plan_id=plan.pk)
    if task_id is not None:
        task = Task.objects.filter(plan=plan, pk=task_id).first()
        if task is None:
            messages.error(request, "Nhiệm vụ được góp ý không thuộc dự thảo này.")
            return redirect("plan-detail", slug=slug, plan_id=plan.pk)
    return _done(
        request,
        lambda: cycle.add_comment(
            consultation, agency=agency, actor=request.user, text=request.POST.get("text", ""), on=today(), task=task
        ),
        "Đã gửi ý kiến góp ý.",
        reverse("plan-detail", args=[slug, plan.pk]),
    )


@login_required
@require_POST
def comment_answer(request, slug, plan_id, comment_id):
    province = visible_province_or_404(request.user, slug)
    plan = visible_plan_or_404(request.user, province, plan_id)
    require(request.user, "plans.answer_comment", plan)
    comment = (
        Comment.objects.filter(consultation__plan=plan, pk=comment_id).select_related("consultation__plan").first()
    )
    if comment is None:
        raise Http404("Không tìm thấy ý kiến.")
    return _done(
        request,
        lambda: cycle.answer_comment(
            comment, actor=request.user, answer=request.POST.get("answer", ""), text=request.POST.get("text", "")
        ),
        "Đã sửa trả lời ý kiến." if comment.answer else "Đã trả lời ý kiến.",
        reverse("plan-detail", args=[slug, plan.pk]),
    )


@login_required
@require_POST
def plan_issue(request, slug, plan_id):
    province = visible_province_or_404(request.user, slug)
    plan = visible_plan_or_404(request.user, province, plan_id)
    require(request.user, "plans.issue_plan", plan, message="Chỉ lãnh đạo cơ quan soạn thảo ban hành, gửi kế hoạch.")
    form = IssueForm(request.POST, plan=plan)
    target = reverse("plan-detail", args=[slug, plan.pk])
    if not form.is_valid():
        messages.error(request, form.problem("Hãy nhập số, ký hiệu và ngày ban hành (dd/mm/yyyy)."))
        return redirect(target)
    data = form.cleaned_data
    sent = "Đã gửi kế hoạch." if plan.kind == PlanKind.AGENCY else "Đã ban hành kế hoạch."
    return _done(
        request,
        lambda: cycle.issue_plan(
            plan,
            actor=request.user,
            number=data["number"],
            signed_on=data["signed_on"],
            decision=data["decision"],
            on=today(),
            link=request.build_absolute_uri(target),
            confirm_silent=data["confirm_silent"],
            **form.signer_fields(),  # U-2: the signature block, as the leader confirms it when issuing
        ),
        sent,
        target,
    )


@login_required
@require_POST
def plan_record_issued(request, slug, plan_id):
    """SEC-1: the leader records a plan imported from a document issued outside the system as issued."""
    province = visible_province_or_404(request.user, slug)
    plan = visible_plan_or_404(request.user, province, plan_id)
    require(
        request.user,
        "plans.record_as_issued",
        plan,
        message="Chỉ lãnh đạo cơ quan soạn thảo ghi nhận kế hoạch đã ban hành.",
    )
    form = IssueForm(request.POST, plan=plan)
    target = reverse("plan-detail", args=[slug, plan.pk])
    if not form.is_valid():
        messages.error(request, form.problem("Hãy nhập số, ký hiệu và ngày ban hành (dd/mm/yyyy) như trên văn bản."))
        return redirect(target)
    data = form.cleaned_data
    return _done(
        request,
        lambda: cycle.record_as_issued(
            plan,
            actor=request.user,
            number=data["number"],
            signed_on=data["signed_on"],
            decision=data["decision"],
            on=today(),
            **form.signer_fields(),  # U-2: the signer as the document shows it
        ),
        "Đã ghi nhận kế hoạch đã ban hành.",
        target,
    )


@login_required
@require_POST
def plan_adjust(request, slug, plan_id):
    province = visible_province_or_404(request.user, slug)
    plan = visible_plan_or_404(request.user, province, plan_id)
    require(request.user, "plans.begin_adjustment", plan, message="Bạn không có quyền điều chỉnh kế hoạch này.")
    target = reverse("plan-detail", args=[slug, plan.pk])
    if request.POST.get("step") == "begin":
        return _done(
            request,
            lambda: cycle.begin_adjustment(plan, actor=request.user),
            "Kế hoạch đang được điều chỉnh: sửa nhiệm vụ, chỉ tiêu rồi ghi nhận quyết định điều chỉnh.",
            target,
        )
    require(
        request.user, "plans.record_adjustment", plan, message="Chỉ lãnh đạo cơ quan ghi nhận quyết định điều chỉnh."
    )
    form = AdjustmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy nhập lý do, quyết định và ngày quyết định điều chỉnh.")
        return redirect(target)
    return _done(
        request,
        lambda: cycle.record_adjustment(plan, actor=request.user, **form.cleaned_data),
        "Đã ghi nhận điều chỉnh kế hoạch thành phiên bản mới.",
        target,
    )


@login_required
@require_GET
def plan_versions(request, slug, plan_id):
    province = visible_province_or_404(request.user, slug)
    plan = visible_plan_or_404(request.user, province, plan_id)
    all_versions = list(plan.versions.select_related("created_by"))
    numbers = [v.number for v in all_versions]

    def pick(value, default):
        number = lenient(request, parse_int, value, low=1, high=ID_MAX, label="Phiên bản")  # SEC-3
        return number if number in numbers else default

    comparison = None
    if len(all_versions) >= 2:
        a, b = pick(request.GET.get("a"), numbers[-2]), pick(request.GET.get("b"), numbers[-1])
        older, newer = (next(v for v in all_versions if v.number == n) for n in sorted((a, b)))
        comparison = (older, newer, versions.diff(older.snapshot, newer.snapshot))
    return render(
        request,
        "plans/plan_versions.html",
        {"province": province, "plan": plan, "versions": all_versions, "comparison": comparison},
    )


# --- PLAN-7: agency plans ------------------------------------------------------------------------------------


@login_required
@require_POST
def agency_plan_create(request, slug):
    province = visible_province_or_404(request.user, slug)
    require(
        request.user, "plans.create_agency_plan", province, message="Bạn không thuộc cơ quan nào có thể lập kế hoạch."
    )
    agencies = editable_owner_agencies(request.user, province)
    agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), agencies[0] if agencies else None)
    try:
        year = parse_year(request.POST.get("year"), label="Năm của kế hoạch", required=True)  # SEC-3
        plan = cycle.create_agency_plan(agency, year=year, actor=request.user, programme=_programme_for(province, year))
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect("plan-list", slug=slug)
    except UserErrors as exc:  # a task taken over that the agency's plan cannot hold (PLAN-2): each one is named
        for error in exc.errors:
            messages.error(request, error.message)
        return redirect("plan-list", slug=slug)
    messages.success(request, f"Đã lập dự thảo với {plan.tasks.count()} nhiệm vụ được giao từ kế hoạch của tỉnh.")
    return redirect("plan-detail", slug=slug, plan_id=plan.pk)


@login_required
@require_POST
def gap_explain(request, slug, plan_id):
    province = visible_province_or_404(request.user, slug)
    plan = visible_plan_or_404(request.user, province, plan_id)
    require(request.user, "plans.explain_gap", plan, message="Bạn không có quyền sửa kế hoạch này.")
    return _done(
        request,
        lambda: cycle.explain_gap(
            plan, actor=request.user, key=request.POST.get("key", ""), text=request.POST.get("text", "")
        ),
        "Đã ghi giải trình.",
        reverse("plan-detail", args=[slug, plan.pk]),
    )


def plan_cycle_context(request, province, plan) -> dict:
    """What the plan page shows of the cycle: consultation, comments, issue, versions, alignment."""
    consultations = list(
        Consultation.objects.filter(plan=plan).prefetch_related("agencies", "comments__agency", "comments__answered_by")
    )
    my_consultation, my_agency = consultation_for_user(request, province, plan)
    return {
        "consultations": consultations,
        "my_consultation": my_consultation,
        "my_agency": my_agency,
        "can_answer_comments": can(request.user, "plans.answer_comment", plan),
        "can_send_for_comments": can(request.user, "plans.send_for_comments", plan),
        "can_issue": can(request.user, "plans.issue_plan", plan),
        "can_record_as_issued": (
            plan.is_draft and can(request.user, "plans.record_as_issued", plan) and plan.has_source_document
        ),
        "gaps": alignment.check(plan) if plan.kind == PlanKind.AGENCY else [],
        "versions": list(plan.versions.all()),
        "answers": Comment.Answer.choices,
        # PLAN-5: the issue form warns of consulted agencies still silent before the comment deadline.
        "silent_consulted": cycle.silent_consulted(plan, today()) if plan.in_consultation else "",
        "comment_tasks": list(plan.tasks.order_by("order")) if my_consultation and plan.in_consultation else [],
    }


@login_required
@require_POST
def plan_acknowledge(request, slug, plan_id):
    """PLAN-7: the standing agency's staff acknowledge receiving an agency's issued yearly plan."""
    province = visible_province_or_404(request.user, slug)
    plan = visible_plan_or_404(request.user, province, plan_id)
    require(
        request.user,
        "plans.acknowledge_agency_plan",
        plan,
        message="Chỉ cơ quan thường trực CCHC xác nhận tiếp nhận kế hoạch của các cơ quan.",
    )
    target = reverse("plan-detail", args=[slug, plan.pk])
    return _done(
        request,
        lambda: cycle.acknowledge_agency_plan(
            plan, actor=request.user, note=request.POST.get("note", ""), link=request.build_absolute_uri(target)
        ),
        "Đã xác nhận tiếp nhận kế hoạch.",
        target,
    )

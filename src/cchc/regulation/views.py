"""Regulation pages: the matrix, history, draft editing, issuing, and routing questions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.agencies.models import Agency, AgencyGroup
from cchc.agencies.queries import default_issuer, grouped_party_choices
from cchc.core import audit
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.params import ID_MAX, lenient, parse_choice, parse_id, parse_int, parse_party_key, parse_search
from cchc.core.rules import can, require
from cchc.core.scope import visible_province_or_404
from cchc.regulation import queries, routing, services
from cchc.regulation.forms import RegulationForm, ResponsibilityForm
from cchc.regulation.models import AssessedScope, Regulation, Responsibility


def _regulation(province, regulation_id) -> Regulation:
    regulation = queries.regulation_for_page(province, regulation_id)
    if regulation is None:
        raise Http404("Không tìm thấy quy chế.")
    return regulation


def _party_choices(province) -> list:
    return grouped_party_choices(province, today())  # U-1: grouped by kind for the picker


def _party(province, key: str):
    kind, pk = parse_party_key(key, label="Cơ quan hoặc nhóm cơ quan", required=True)  # SEC-3
    model = Agency if kind == "agency" else AgencyGroup
    party = model.objects.filter(province=province, pk=pk).first()
    if party is None:
        raise UserError("Cơ quan hoặc nhóm cơ quan không hợp lệ.")
    return party


@login_required
@require_GET
def regulation_current(request, slug):
    """The regulation in force, or the list when there is none."""
    province = visible_province_or_404(request.user, slug)
    regulation = routing.regulation_in_force(province, today())
    if regulation is not None:
        return redirect("regulation-detail", slug=slug, regulation_id=regulation.pk)
    return redirect("regulation-list", slug=slug)


@login_required
@require_GET
def regulation_list(request, slug):
    province = visible_province_or_404(request.user, slug)
    on = today()
    return render(
        request,
        "regulation/regulation_list.html",
        {
            "province": province,
            "regulations": queries.regulations_of(province),
            "in_force": routing.regulation_in_force(province, on),
            "can_edit": can(request.user, "regulation.edit", province),
            "today": on,
        },
    )


def _open_regulation(province) -> Regulation | None:
    """The latest issued regulation without an end date: the one an amendment starts from."""
    return (
        Regulation.objects.filter(province=province, status=Regulation.Status.ISSUED, effective_to__isnull=True)
        .order_by("-effective_from", "-id")
        .first()
    )


@login_required
@require_GET
def regulation_detail(request, slug, regulation_id):
    province = visible_province_or_404(request.user, slug)
    regulation = _regulation(province, regulation_id)
    on = today()
    in_force = regulation.is_in_force_on(on)
    can_edit = can(request.user, "regulation.edit", province)
    # U-3: only a draft is edited; an issued regulation is superseded by an amendment or a new regulation.
    editable = can_edit and regulation.is_draft
    open_regulation = _open_regulation(province) if can_edit else None
    # ORG-5: a draft started from a predecessor's regulation lists its replacements (it alone has any).
    replacements = list(regulation.replacements.all())
    from_predecessor = bool(replacements)
    shows_source = from_predecessor or regulation.kind != Regulation.Kind.NEW or regulation.reason
    based_on = (
        Regulation.objects.select_related("province").get(pk=regulation.based_on_id)
        if regulation.based_on_id and shows_source
        else None
    )
    context = {
        "province": province,
        "regulation": regulation,
        "matrix": queries.responsibility_matrix(regulation),
        "in_force": in_force,
        "outdated": routing.outdated_names(regulation, on) if in_force or not regulation.is_issued else [],
        "can_edit": can_edit,
        "editable": editable,
        "can_amend": bool(can_edit and regulation.has_text and open_regulation and open_regulation.pk == regulation.pk),
        "can_issue": can(request.user, "regulation.issue", province) and regulation.is_draft,
        # ORG-5: not a comparison with the predecessor's regulation, whose agencies all differ.
        "changes": queries.changes_against(regulation) if regulation.is_draft and not from_predecessor else None,
        "replacements": replacements,
        "based_on": based_on,
        "replaced_by": regulation.replaced_by.all(),
        "entries": audit.trail(regulation),
        "today": on,
    }
    if editable:
        context["responsibility_form"] = ResponsibilityForm(
            subjects=queries.subject_choices(regulation), parties=_party_choices(province)
        )
        context["rows"] = queries.responsibilities_of(regulation)
    return render(request, "regulation/regulation_detail.html", context)


def _initial_from(source: Regulation) -> dict:
    return {
        "programme": source.programme_id,
        "title": source.title,
        "issuer": source.issuer,
        "standing_agency": source.standing_agency_id,
        "standing_article": source.standing_article,
        "proposal_deadline_day": source.proposal_deadline_day,
        "proposal_deadline_month": source.proposal_deadline_month,
        "proposal_deadline_article": source.proposal_deadline_article,
        "meeting_cadence": source.meeting_cadence,
        "meeting_article": source.meeting_article,
    }


def _draft_form(request, province, *, source: Regulation | None, kind: str):
    """The form that creates a draft (new regulation, amendment or correction); the view redirects on success."""
    initial = {"issuer": default_issuer(province), "standing_agency": province.standing_agency_id}
    if source is not None:
        initial.update(_initial_from(source))
    form = RegulationForm(request.POST or None, province=province, initial=initial, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            regulation = services.create_draft(
                province, actor=request.user, fields=form.fields_dict(), copy_from=source, kind=kind
            )
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                "Đã tạo dự thảo. Sửa trách nhiệm trong dự thảo; lãnh đạo cơ quan thường trực ban hành khi sẵn sàng.",
            )
            return redirect("regulation-detail", slug=province.slug, regulation_id=regulation.pk)
    context = {"province": province, "form": form, "source": source, "regulation": None, "kind": kind}
    return render(request, "regulation/regulation_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def regulation_create(request, slug):
    """A draft of a new regulation, optionally starting from the rows of another one (?tu=id)."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "regulation.edit", province)
    source = None
    source_id = lenient(request, parse_id, request.GET.get("tu"), label="Quy chế gốc")  # SEC-3
    if source_id is not None:
        source = _regulation(province, source_id)
    return _draft_form(request, province, source=source, kind=Regulation.Kind.NEW)


AMEND_KINDS = {"sua-doi": Regulation.Kind.AMENDMENT, "dinh-chinh": Regulation.Kind.CORRECTION}


@login_required
@require_http_methods(["GET", "POST"])
def regulation_amend(request, slug, regulation_id):
    """REG-2, U-3: "Soạn sửa đổi, bổ sung" (?loai=sua-doi) or "Đính chính" (?loai=dinh-chinh) on the regulation
    in force: a draft pre-filled with its rows, with a required reason; the leader issues it later."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "regulation.edit", province)
    regulation = _regulation(province, regulation_id)
    kind = AMEND_KINDS.get(request.GET.get("loai", "sua-doi"), Regulation.Kind.AMENDMENT)
    open_regulation = _open_regulation(province)
    if open_regulation is None or open_regulation.pk != regulation.pk or not regulation.has_text:
        messages.error(request, "Chỉ soạn sửa đổi, bổ sung hoặc đính chính từ quy chế đang có hiệu lực.")
        return redirect("regulation-detail", slug=slug, regulation_id=regulation.pk)
    return _draft_form(request, province, source=regulation, kind=kind)


@login_required
@require_http_methods(["GET", "POST"])
def regulation_edit(request, slug, regulation_id):
    """The header of a draft. An issued regulation is never edited (U-3): the page sends the user back."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "regulation.edit", province)
    regulation = _regulation(province, regulation_id)
    if not regulation.is_draft:
        messages.error(
            request,
            "Quy chế đã ban hành không được sửa trực tiếp; hãy soạn sửa đổi, bổ sung hoặc đính chính.",
        )
        return redirect("regulation-detail", slug=slug, regulation_id=regulation.pk)
    form = RegulationForm(
        request.POST or None,
        province=province,
        instance=Regulation.objects.get(pk=regulation.pk),
        kind=regulation.kind,
    )
    version = request.POST.get("version", regulation.version)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_regulation(
                regulation,
                actor=request.user,
                fields=form.fields_dict(),
                expected_version=parse_int(version, low=0, high=ID_MAX, label="Phiên bản", required=True),
            )
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu dự thảo quy chế.")
            return redirect("regulation-detail", slug=slug, regulation_id=regulation.pk)
    return render(
        request,
        "regulation/regulation_form.html",
        {"province": province, "form": form, "regulation": regulation, "version": version, "kind": regulation.kind},
    )


@login_required
@require_POST
def responsibility_add(request, slug, regulation_id):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "regulation.edit", province)
    regulation = _regulation(province, regulation_id)
    form = ResponsibilityForm(
        request.POST, subjects=queries.subject_choices(regulation), parties=_party_choices(province)
    )
    if not form.is_valid():
        messages.error(request, "Hãy chọn lĩnh vực, vai trò và cơ quan.")
    else:
        data = form.cleaned_data
        try:
            services.add_responsibility(
                regulation,
                actor=request.user,
                subject_code=data["subject"],
                role=data["role"],
                party=_party(province, data["party"]),
                article=data["article"],
                note=data["note"],
                assessed_kinds=data["assessed_kinds"],
                assessed_scope=data["assessed_scope"] or AssessedScope.ALL,
            )
            messages.success(request, "Đã thêm trách nhiệm.")
        except UserError as exc:
            messages.error(request, exc.message)
    return redirect("regulation-detail", slug=slug, regulation_id=regulation.pk)


@login_required
@require_POST
def responsibility_remove(request, slug, regulation_id, responsibility_id):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "regulation.edit", province)
    regulation = _regulation(province, regulation_id)
    row = Responsibility.objects.filter(regulation=regulation, pk=responsibility_id).first()
    if row is None:
        messages.error(request, "Trách nhiệm này không còn trong quy chế (có thể đã được gỡ).")
    else:
        try:
            services.remove_responsibility(row, actor=request.user)
            messages.success(request, "Đã gỡ trách nhiệm.")
        except UserError as exc:
            messages.error(request, exc.message)
    return redirect("regulation-detail", slug=slug, regulation_id=regulation.pk)


@login_required
@require_POST
def regulation_issue(request, slug, regulation_id):
    """SEC-1: the standing agency's leader issues a draft (or records as issued a document issued long ago)."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "regulation.issue", province)
    regulation = _regulation(province, regulation_id)
    try:
        services.issue_regulation(regulation, actor=request.user)
        messages.success(
            request,
            "Đã ban hành quy chế. Quy chế trước (nếu có) hết hiệu lực từ ngày quy chế này có hiệu lực.",
        )
    except UserError as exc:
        messages.error(request, exc.message)
    return redirect("regulation-detail", slug=slug, regulation_id=regulation.pk)


@login_required
@require_POST
def regulation_from_predecessor(request, slug, regulation_id):
    """ORG-5, REG-2: "Soạn dự thảo từ quy chế … của …": a draft of this province from a predecessor's regulation,
    every ended agency replaced by its successor; the draft page lists the replacements for checking."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "regulation.draft_from_predecessor", province)
    source = Regulation.objects.filter(pk=regulation_id, province__successor=province).first()
    if source is None:
        raise Http404("Không tìm thấy quy chế của tỉnh đã hợp nhất.")
    try:
        draft = services.draft_from_predecessor(province, source, actor=request.user, on=today())
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect("province", slug=slug)
    messages.success(
        request,
        "Đã tạo dự thảo. Hãy kiểm tra từng cơ quan được thay thế (nhất là các dòng chưa có cơ quan kế thừa), nhập số "
        "và ngày; lãnh đạo cơ quan thường trực ban hành khi sẵn sàng.",
    )
    return redirect("regulation-detail", slug=slug, regulation_id=draft.pk)


@login_required
@require_GET
def routing_page(request, slug):
    """REG-4 in plain words: ask the regulation who leads, appraises, is asked or is invited."""
    province = visible_province_or_404(request.user, slug)
    on = today()
    regulation = routing.regulation_in_force(province, on)
    question = lenient(request, parse_choice, request.GET.get("question"), choices=queries.QUESTIONS, label="Câu hỏi")
    question = question or "lead"
    subject = parse_search(request.GET.get("subject"), max_length=60)
    answer, error = None, ""
    if question in queries.QUESTIONS and (subject or question not in queries.NEEDS_SUBJECT):
        try:
            answer = queries.ask(province, question, subject or None, on)
        except (routing.NoRegulationInForce, UserError) as exc:
            error = str(exc)
    elif regulation is None:
        error = str(routing.NoRegulationInForce(province, on))
    return render(
        request,
        "regulation/routing.html",
        {
            "province": province,
            "regulation": regulation,
            "questions": queries.QUESTIONS,
            "needs_subject": queries.NEEDS_SUBJECT,
            "subjects": queries.subject_choices(regulation),
            "question": question,
            "subject": subject,
            "answer": answer,
            "error": error,
            "today": on,
            # ORG-5: a merged province without a regulation of its own says so, and offers a draft from its
            # predecessors' regulations to the standing agency's staff.
            "from_predecessors": queries.predecessor_regulations(province, on) if regulation is None else [],
            "can_draft_from_predecessor": can(request.user, "regulation.draft_from_predecessor", province),
        },
    )

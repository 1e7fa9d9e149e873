"""Pages of periodic reports: the cycles, the board (RPT-3), an agency's report (RPT-1, RPT-2), the consolidated
report and its downloads (RPT-5). Thin: each asks a rule, calls one service or query, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.agencies.models import Agency
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.params import ID_MAX
from cchc.core.rules import can, memberships, require
from cchc.core.scope import visible_province_or_404
from cchc.exports.views import DOCX, XLSX, attachment
from cchc.reports import calendar, queries, services
from cchc.reports.forms import CycleForm, IndicatorForm, ReportForm, ReturnForm, SettingsForm
from cchc.reports.models import ReportCycle
from cchc.reports.rules import AgencyReport
from cchc.tracking.status import TaskStatus

STANDING_ONLY = "Chỉ cơ quan thường trực CCHC thực hiện thao tác này."
PREPARERS_ONLY = "Chỉ cán bộ đầu mối, lãnh đạo cơ quan soạn báo cáo."


def _cycle(request, slug, cycle_id) -> ReportCycle:
    province = visible_province_or_404(request.user, slug)
    cycle = None
    if cycle_id <= ID_MAX:
        cycle = ReportCycle.objects.filter(province=province, pk=cycle_id).select_related("province").first()
    if cycle is None:
        raise Http404("Không tìm thấy kỳ báo cáo.")
    require(request.user, "reports.view_cycles", province, or_404=True)
    return cycle


def _report(request, slug, cycle_id, agency_id) -> AgencyReport:
    cycle = _cycle(request, slug, cycle_id)
    agency = None if agency_id > ID_MAX else Agency.objects.filter(province=cycle.province, pk=agency_id).first()
    if agency is None:
        raise Http404("Không tìm thấy cơ quan.")
    report = AgencyReport(cycle, agency)
    require(request.user, "reports.view_agency_report", report, or_404=True)
    return report


def _link(request, name, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _my_agency_ids(user, province) -> list[int]:
    return [m.agency_id for m in memberships(user) if m.agency.province_id == province.pk]


@login_required
@require_http_methods(["GET", "POST"])
def cycle_list(request, slug):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "reports.view_cycles", province)
    can_open = can(request.user, "reports.open_cycle", province)
    kind, year = calendar.current_kind(today())
    agencies = services.default_agencies(province, today()).order_by("name")
    form = CycleForm(request.POST or None, agencies=agencies, initial={"kind": kind, "year": year})
    if request.method == "POST":
        require(request.user, "reports.open_cycle", province, message=STANDING_ONLY)
        if form.is_valid():
            data = form.cleaned_data
            try:
                cycle = services.open_cycle(
                    province,
                    kind=data["kind"],
                    year=data["year"],
                    actor=request.user,
                    agencies=list(data["agencies"]) or None,
                    due_date=data["due_date"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    link=_link(request, "report-cycle-list", slug),
                )
            except UserError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Đã mở kỳ báo cáo và gửi yêu cầu đến {cycle.agencies.count()} cơ quan.")
                return redirect("report-cycle", slug=slug, cycle_id=cycle.pk)
    cycles = list(queries.cycles_of(province))
    mine = _my_agency_ids(request.user, province)
    latest = queries.my_submissions(cycles, mine)
    rows = [(c, [(a, latest.get((c.pk, a))) for a in mine]) for c in cycles]
    return render(
        request,
        "reports/cycle_list.html",
        {
            "province": province,
            "rows": rows,
            "form": form,
            "can_open": can_open,
            "lead_days": services.lead_days(province),
            "settings_form": SettingsForm(initial={"agency_lead_days": services.lead_days(province)}),
        },
    )


@login_required
@require_POST
def report_settings(request, slug):
    """RPT-1: Sở Nội vụ sets how many days before the province's deadline its agencies report."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "reports.open_cycle", province, message=STANDING_ONLY)
    form = SettingsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Số ngày gửi trước hạn của tỉnh phải từ 0 đến 19.")
    else:
        days = form.cleaned_data["agency_lead_days"]
        _done(
            request,
            lambda: services.set_lead_days(province, days=days, actor=request.user),
            f"Các cơ quan gửi báo cáo trước hạn của tỉnh {days} ngày (áp dụng cho kỳ báo cáo mở sau).",
            None,
        )
    return redirect("report-cycle-list", slug=slug)


@login_required
@require_GET
def cycle_detail(request, slug, cycle_id):
    """RPT-3: the board for Sở Nội vụ and UBND tỉnh; each agency's own row for its people."""
    cycle = _cycle(request, slug, cycle_id)
    sees_board = can(request.user, "reports.view_board", cycle)
    rows = queries.board(cycle)
    if not sees_board:
        mine = set(_my_agency_ids(request.user, cycle.province))
        rows = [r for r in rows if r.agency.pk in mine]
    return render(
        request,
        "reports/cycle_detail.html",
        {
            "province": cycle.province,
            "cycle": cycle,
            "rows": rows,
            "sees_board": sees_board,
            "counts": queries.board_counts(rows) if sees_board else {},
            "labels": queries.STATE_LABELS,
            "can_manage": can(request.user, "reports.manage_cycle", cycle),
            "can_see_consolidated": can(request.user, "reports.view_consolidated", cycle),
            "indicators": cycle.indicators.select_related("numerator", "denominator").order_by("order", "id"),
            "indicator_form": IndicatorForm(sections=cycle.sections.order_by("order", "id")),
        },
    )


@login_required
@require_POST
def indicator_add(request, slug, cycle_id):
    """RPT-1, RPT-3: Sở Nội vụ adds an indicator to the cycle's template."""
    cycle = _cycle(request, slug, cycle_id)
    require(request.user, "reports.manage_cycle", cycle, message=STANDING_ONLY)
    form = IndicatorForm(request.POST, sections=cycle.sections.order_by("order", "id"))
    if not form.is_valid():
        messages.error(request, "Chỉ số chưa hợp lệ: hãy chọn đề mục, nhập mã (≤ 20 ký tự) và tên chỉ số.")
    else:
        _done(
            request,
            lambda: services.add_indicator(cycle, actor=request.user, **form.cleaned_data),
            lambda i: f"Đã thêm chỉ số {i.code}. {i.name}.",
            None,
        )
    return redirect("report-cycle", slug=slug, cycle_id=cycle.pk)


def _done(request, action, success, target):
    try:
        result = action()
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return target


@login_required
@require_POST
def cycle_remind(request, slug, cycle_id):
    cycle = _cycle(request, slug, cycle_id)
    require(request.user, "reports.manage_cycle", cycle, message=STANDING_ONLY)
    link = _link(request, "report-cycle", slug, cycle.pk)
    _done(
        request,
        lambda: services.remind_missing(cycle, actor=request.user, link=link),
        lambda n: f"Đã nhắc {n} cơ quan chưa gửi báo cáo.",
        None,
    )
    return redirect("report-cycle", slug=slug, cycle_id=cycle.pk)


@login_required
@require_http_methods(["GET", "POST"])
def consolidated(request, slug, cycle_id):
    """RPT-3: the province's consolidated report; POST closes the cycle (Sở Nội vụ)."""
    cycle = _cycle(request, slug, cycle_id)
    if request.method == "POST":
        require(request.user, "reports.manage_cycle", cycle, message=STANDING_ONLY)
        _done(request, lambda: services.mark_consolidated(cycle, actor=request.user), "Đã tổng hợp báo cáo.", None)
        return redirect("report-consolidated", slug=slug, cycle_id=cycle.pk)
    require(request.user, "reports.view_consolidated", cycle)
    return render(
        request,
        "reports/consolidated.html",
        {
            "province": cycle.province,
            "cycle": cycle,
            "result": queries.consolidation(cycle),
            "can_manage": can(request.user, "reports.manage_cycle", cycle),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_report(request, slug, cycle_id, agency_id):
    """RPT-1, RPT-2: the agency's report: its versions, its draft to complete (focal officer or leader)."""
    report = _report(request, slug, cycle_id, agency_id)
    cycle = report.cycle
    versions = queries.versions(cycle, report.agency)
    draft = versions[0] if versions and versions[0].is_draft else None
    can_prepare = can(request.user, "reports.prepare_report", report)
    sections = list(cycle.sections.order_by("order", "id"))
    indicators = list(cycle.indicators.select_related("numerator", "denominator").order_by("order", "id"))
    form = None
    if draft is not None and can_prepare:
        form = ReportForm(
            request.POST or None,
            sections=sections,
            indicators=indicators,
            areas=draft.prefill.get("areas", []),
            initial=ReportForm.initial_for(draft),
        )
    if request.method == "POST":
        require(request.user, "reports.prepare_report", report, message=PREPARERS_ONLY)
        if form is None:
            messages.error(request, "Không có dự thảo báo cáo để lưu.")
            return redirect("report-agency", slug=slug, cycle_id=cycle.pk, agency_id=report.agency.pk)
        if form.is_valid():
            values, texts, area_texts = form.parts()
            try:
                services.save_draft(draft, actor=request.user, values=values, texts=texts, area_texts=area_texts)
            except UserError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã lưu dự thảo báo cáo.")
                return redirect("report-agency", slug=slug, cycle_id=cycle.pk, agency_id=report.agency.pk)
    shown = versions[0] if versions else None
    return render(
        request,
        "reports/agency_report.html",
        {
            "province": cycle.province,
            "cycle": cycle,
            "agency": report.agency,
            "versions": versions,
            "shown": shown,
            "rows": _indicator_rows(indicators, shown),
            "sections": sections,
            "draft": draft,
            "form": form,
            "can_prepare": can_prepare,
            "can_submit": can(request.user, "reports.submit_report", report),
            "can_manage": can(request.user, "reports.manage_cycle", cycle),
            "return_form": ReturnForm(),
            "status_labels": dict(TaskStatus.choices),
        },
    )


def _indicator_rows(indicators, submission):
    values = submission.values if submission else {}
    return [(i, queries.agency_value(i, values)) for i in indicators]


@login_required
@require_POST
def report_prepare(request, slug, cycle_id, agency_id):
    report = _report(request, slug, cycle_id, agency_id)
    require(request.user, "reports.prepare_report", report, message=PREPARERS_ONLY)
    _done(
        request,
        lambda: services.prepare(report.cycle, report.agency, actor=request.user),
        "Đã mở dự thảo báo cáo với số liệu hệ thống đã có.",
        None,
    )
    return redirect("report-agency", slug=slug, cycle_id=cycle_id, agency_id=agency_id)


@login_required
@require_POST
def report_submit(request, slug, cycle_id, agency_id):
    """RPT-1: the agency's leader sends the draft; a second click sends nothing more."""
    report = _report(request, slug, cycle_id, agency_id)
    require(request.user, "reports.submit_report", report, message="Chỉ lãnh đạo cơ quan gửi báo cáo.")
    versions = queries.versions(report.cycle, report.agency)
    if not versions:
        messages.error(request, "Chưa có dự thảo báo cáo để gửi.")
    else:
        link = _link(request, "report-agency", slug, cycle_id, agency_id)

        def success(result):
            submission, sent = result
            if not sent:
                return "Báo cáo đã được gửi trước đó."
            return "Đã gửi báo cáo (quá hạn: ghi nhận gửi muộn)." if submission.late else "Đã gửi báo cáo."

        _done(request, lambda: services.submit(versions[0], actor=request.user, link=link), success, None)
    return redirect("report-agency", slug=slug, cycle_id=cycle_id, agency_id=agency_id)


@login_required
@require_POST
def report_return(request, slug, cycle_id, agency_id):
    """RPT-3: Sở Nội vụ returns the standing report for revision, with a comment."""
    report = _report(request, slug, cycle_id, agency_id)
    require(request.user, "reports.manage_cycle", report.cycle, message=STANDING_ONLY)
    form = ReturnForm(request.POST)
    versions = queries.versions(report.cycle, report.agency)
    if not form.is_valid():
        messages.error(request, "Hãy ghi lý do trả lại (không quá 1000 ký tự).")
    elif not versions:
        messages.error(request, "Cơ quan chưa gửi báo cáo.")
    else:
        link = _link(request, "report-agency", slug, cycle_id, agency_id)
        _done(
            request,
            lambda: services.return_submission(
                versions[0], actor=request.user, comment=form.cleaned_data["comment"], link=link
            ),
            "Đã trả lại báo cáo để cơ quan hoàn thiện.",
            None,
        )
    return redirect("report-agency", slug=slug, cycle_id=cycle_id, agency_id=agency_id)


@login_required
@require_GET
def export_docx(request, slug, cycle_id):
    """RPT-5: the consolidated report as .docx in the official layout."""
    from cchc.exports.reports import consolidated_docx

    cycle = _cycle(request, slug, cycle_id)
    require(request.user, "reports.view_consolidated", cycle)
    return attachment(consolidated_docx(queries.consolidation(cycle)), cycle.title, "docx", DOCX)


@login_required
@require_GET
def export_xlsx(request, slug, cycle_id):
    """RPT-5: the consolidated report as .xlsx: indicators, agencies' figures, tasks, the board."""
    from cchc.exports.reports import consolidated_xlsx

    cycle = _cycle(request, slug, cycle_id)
    require(request.user, "reports.view_consolidated", cycle)
    return attachment(consolidated_xlsx(queries.consolidation(cycle)), cycle.title, "xlsx", XLSX)

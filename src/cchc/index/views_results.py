"""Pages of IDX-6, IDX-7: survey import, the results page and its exports, recompute, publish, correct (thin: the
rules are in survey.py, results.py and results_queries.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.core.errors import UserError
from cchc.core.params import parse_id
from cchc.core.rules import require
from cchc.core.scope import visible_province_or_404
from cchc.index import queries, results_queries, survey
from cchc.index import results as results_service
from cchc.index.models import Result

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _campaign(request, slug, year):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "index.view_campaigns", province)
    return province, queries.campaign_or_404(province, year)


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def survey_import(request, slug, year):
    """IDX-6: Sở Nội vụ imports the survey points of a file; every rejected row is listed, nothing half-imported."""
    province, campaign = _campaign(request, slug, year)
    require(request.user, "index.import_survey", campaign, message=survey.STAFF_ONLY)
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise UserError("Chọn tệp .xlsx hoặc .csv có điểm điều tra.")
            report = survey.import_survey(request.user, campaign, upload)
        except UserError as exc:
            messages.error(request, exc.message)
            return redirect("index-survey", slug=slug, year=year)
        if report.ok:
            messages.success(
                request,
                f"Đã nhập điểm điều tra: {report.imported} điểm thay đổi, {report.unchanged} điểm không đổi.",
            )
            return redirect("index-survey", slug=slug, year=year)
    context = {"province": province, "campaign": campaign, "report": report}
    return render(request, "index/survey_import.html", context, status=400 if report else 200)


@login_required
@require_GET
def survey_template(request, slug, year):
    _, campaign = _campaign(request, slug, year)
    require(request.user, "index.import_survey", campaign, message=survey.STAFF_ONLY)
    return _download(survey.template_xlsx(campaign), XLSX, f"mau-diem-dieu-tra-{campaign.year}.xlsx")


@login_required
@require_GET
def results(request, slug, year):
    """IDX-7: the ranking per group, the area heat map, the change from last year; before publication an
    agency sees only its own row."""
    province, campaign = _campaign(request, slug, year)
    page = results_queries.results_page(request.user, campaign)
    return render(request, "index/results_page.html", {"province": province, "campaign": campaign, "page": page})


@login_required
@require_GET
def results_xlsx(request, slug, year):
    from cchc.exports.index_results import results_xlsx as build

    _, campaign = _campaign(request, slug, year)
    page = results_queries.results_page(request.user, campaign)
    return _download(build(page), XLSX, f"ket-qua-chi-so-cchc-{campaign.year}.xlsx")


@login_required
@require_GET
def results_docx(request, slug, year):
    from cchc.exports.index_results import results_docx as build

    _, campaign = _campaign(request, slug, year)
    page = results_queries.results_page(request.user, campaign)
    return _download(build(page), DOCX, f"bao-cao-chi-so-cchc-{campaign.year}.docx")


def _act(request, slug, year, rule, message, action):
    _, campaign = _campaign(request, slug, year)
    require(request.user, rule, campaign, message=message)
    try:
        text = action(campaign)
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, text)
    return redirect("index-campaign", slug=slug, year=year)


@login_required
@require_POST
def results_compute(request, slug, year):
    def act(campaign):
        count = results_service.recompute(request.user, campaign)
        return f"Đã tính lại kết quả của {count} cơ quan."

    return _act(request, slug, year, "index.compute_results", results_service.STAFF_ONLY, act)


@login_required
@require_POST
def results_publish(request, slug, year):
    def act(campaign):
        results_service.publish(request.user, campaign)
        return f"Đã công bố kết quả Chỉ số CCHC năm {campaign.year}."

    return _act(request, slug, year, "index.publish_results", results_service.LEADER_ONLY, act)


@login_required
@require_POST
def results_correct(request, slug, year):
    def act(campaign):
        # The correction recomputes the campaign; a result named in the form must be one of it.
        chosen = request.POST.get("result", "")
        results = Result.objects.filter(campaign=campaign)
        if chosen:
            try:
                chosen_id = parse_id(chosen)
            except UserError:
                chosen_id = None
            results = results.filter(pk=chosen_id) if chosen_id is not None else results.none()
        result = results.order_by("pk").first()
        if result is None:
            raise UserError("Không có kết quả nào để đính chính.")
        corrections = results_service.correct_result(request.user, result, request.POST.get("reason", ""))
        return f"Đã đính chính {len(corrections)} kết quả."

    return _act(request, slug, year, "index.correct_results", results_service.LEADER_ONLY, act)

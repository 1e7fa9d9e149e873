"""Pages of IDX-8 (the province's own self-assessment: consolidation, leaf forms, submission, .docx) and EVL-1 (the
head-of-agency evaluation: one agency, the list, .xlsx and .docx). Thin: the rules and reads are in
province_assessment.py, evaluation.py and rules_province.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.agencies.models import Agency
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.rules import can, require, standing_says
from cchc.core.scope import visible_province_or_404
from cchc.exports import index_province as exports
from cchc.index import evaluation, queries
from cchc.index import province_assessment as pa
from cchc.index.rules_province import AgencyInProvince

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOT_YOURS = "Chỉ {standing}, lãnh đạo tỉnh và cơ quan chủ trì lĩnh vực xem hồ sơ tự đánh giá của tỉnh."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_for(request, slug, year):
    """The province, campaign, file, scorers and the user's scope; 404 for who may see none of it."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "index.view_campaigns", province, or_404=True)
    campaign = queries.campaign_or_404(province, year)
    file = pa.province_file_or_404(campaign)
    on = today()
    areas = file.framework.nodes.filter(kind="area").values_list("area_code", flat=True)
    scorers = pa.area_scorers(province, list(areas), on)
    scope = pa.scope_of(request.user, file, scorers)
    return province, campaign, file, scope, on


def _download(content: bytes, name: str, kind: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def province_assessment(request, slug, year):
    """IDX-8: Sở Nội vụ and leadership see every leaf; a lead agency's staff see and score their area's leaves.
    POST: Sở Nội vụ's staff save the report's difficulties and recommendations."""
    province, campaign, file, scope, on = _file_for(request, slug, year)
    context = {"province": province, "campaign": campaign, "file": file, "scope": scope}
    if request.GET.get("section"):  # the campaign page's section (htmx): nothing for who may not see the file
        if not scope.sees_any:
            return HttpResponse("")
        return render(request, "index/province_section.html", {**context, "data": pa.consolidation(file, on, scope)})
    if not scope.sees_any:
        raise PermissionDenied(standing_says(NOT_YOURS, province))
    if request.method == "POST":
        try:
            pa.save_texts(
                file,
                actor=request.user,
                difficulties=request.POST.get("difficulties", ""),
                recommendations=request.POST.get("recommendations", ""),
            )
        except UserError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã lưu khó khăn, kiến nghị.")
        return redirect("index-province-assessment", slug=slug, year=year)
    return render(request, "index/province_assessment.html", {**context, "data": pa.consolidation(file, on, scope)})


@login_required
@require_POST
def province_leaf(request, slug, year, score_id):
    """IDX-8: save one leaf (points, explanation, evidence as text or file; Sở Nội vụ's correction with a comment)."""
    province, campaign, file, scope, on = _file_for(request, slug, year)
    try:
        score = pa.save_leaf(
            file,
            score_id,
            actor=request.user,
            points=request.POST.get("points", ""),
            explanation=request.POST.get("explanation", ""),
            revision=request.POST.get("revision", ""),
            evidence_title=request.POST.get("evidence_title", ""),
            upload=request.FILES.get("evidence_file"),
            comment=request.POST.get("comment", ""),
            on=on,
        )
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã lưu điểm tiêu chí {score.node.code}.")
    return redirect("index-province-assessment", slug=slug, year=year)


@login_required
@require_POST
def province_submit(request, slug, year):
    """IDX-8: Sở Nội vụ's leader marks the file submitted; then it is read-only."""
    province, campaign, file, scope, on = _file_for(request, slug, year)
    if not scope.sees_any:
        raise Http404("Không tìm thấy.")
    try:
        pa.submit(file, actor=request.user, on=on)
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã gửi hồ sơ tự đánh giá Chỉ số CCHC của tỉnh.")
    return redirect("index-province-assessment", slug=slug, year=year)


@login_required
@require_GET
def province_assessment_docx(request, slug, year):
    """IDX-8: the report in the official layout (Sở Nội vụ's staff and leadership)."""
    province, campaign, file, scope, on = _file_for(request, slug, year)
    if not scope.sees_all:
        raise PermissionDenied(f"Chỉ {province.standing_name} và lãnh đạo tỉnh tải báo cáo tự đánh giá của tỉnh.")
    content = exports.province_assessment_docx(pa.consolidation(file, on))
    return _download(content, f"tu-danh-gia-chi-so-cchc-tinh-{campaign.year}.docx", DOCX)


# --- EVL-1 ----------------------------------------------------------------------------------------------------------


def _evaluation(request, slug, year, agency_id):
    province = visible_province_or_404(request.user, slug)
    agency = Agency.objects.filter(province=province, pk=agency_id).first()
    if agency is None:
        raise Http404("Không tìm thấy cơ quan.")
    require(request.user, "index.view_evaluation", AgencyInProvince(province, agency.pk), or_404=True)
    campaign = queries.campaigns_of(province).filter(year=year).first()
    if campaign is None or not campaign.agencies.filter(pk=agency.pk).exists():
        raise Http404("Cơ quan không được đánh giá trong năm này.")
    return province, campaign, evaluation.evaluations(request.user, province, campaign, [agency], year, today())[0]


@login_required
@require_GET
def evaluation_detail(request, slug, year, agency_id):
    province, campaign, item = _evaluation(request, slug, year, agency_id)
    return render(request, "index/evaluation_detail.html", {"province": province, "campaign": campaign, "item": item})


@login_required
@require_GET
def evaluation_xlsx(request, slug, year, agency_id):
    province, campaign, item = _evaluation(request, slug, year, agency_id)
    return _download(exports.evaluations_xlsx(province, year, [item]), f"danh-gia-{item.agency.pk}-{year}.xlsx", XLSX)


@login_required
@require_GET
def evaluation_docx(request, slug, year, agency_id):
    province, campaign, item = _evaluation(request, slug, year, agency_id)
    return _download(exports.evaluation_docx(province, item), f"danh-gia-{item.agency.pk}-{year}.docx", DOCX)


@login_required
@require_GET
def evaluation_list(request, slug, year):
    """EVL-1: every assessed agency in one table (Sở Nội vụ's staff, provincial leadership)."""
    province = visible_province_or_404(request.user, slug)
    if request.GET.get("section"):  # the campaign page's links (htmx): the list, or one's own agencies' pages
        campaign = queries.campaign_or_404(province, year)
        sees_list = can(request.user, "index.view_evaluations", province)
        own = [] if sees_list else list(campaign.agencies.filter(pk__in=evaluation.own_agency_ids(request.user)))
        if not sees_list and not own:
            return HttpResponse("")
        context = {"province": province, "campaign": campaign, "sees_list": sees_list, "own": own}
        return render(request, "index/evaluation_section.html", context)
    require(request.user, "index.view_evaluations", province)
    campaign = queries.campaign_or_404(province, year)
    items = evaluation.evaluations(
        request.user, province, campaign, evaluation.assessed_agencies(campaign), year, today()
    )
    return render(request, "index/evaluation_list.html", {"province": province, "campaign": campaign, "items": items})

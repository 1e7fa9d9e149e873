"""Pages of IDX-4, IDX-5: the appraisal grid of an area, a cell's save (JSON for the grid's script, a redirect
without it), the full form of one leaf with its history, and the agency's explanations to answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.core.errors import UserError
from cchc.core.params import parse_id
from cchc.core.rules import require
from cchc.core.scope import visible_province_or_404
from cchc.index import appraisal, appraisal_queries, appraisal_routing, queries
from cchc.index.models import AppraisalState

NOT_APPRAISER = "Quy chế phối hợp không giao cơ quan của bạn thẩm định tiêu chí nào của đợt đánh giá này."
NO_FILE = "Chỉ lãnh đạo hoặc chuyên viên đầu mối của cơ quan được đánh giá xem và trả lời đề nghị giải trình."


def _campaign(request, slug, year):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "index.view_campaigns", province)
    return province, queries.campaign_or_404(province, year)


def self_page_url(slug, year, agency_id) -> str:
    """The agency's self-assessment page (IDX-3, another stage's route), built by hand if the name is missing."""
    try:
        return reverse("index-self", args=[slug, year, agency_id])
    except NoReverseMatch:
        return f"/tinh/{slug}/chi-so-cchc/{year}/tu-danh-gia/{agency_id}/"


@login_required
@require_GET
def grid(request, slug, year):
    """IDX-4: the appraiser's grid: agencies × the leaves of one of its areas."""
    province, campaign = _campaign(request, slug, year)
    require(request.user, "index.appraise", campaign, message=NOT_APPRAISER)
    areas, _ = appraisal_routing.cached_user_areas(request.user, campaign)
    wanted = request.GET.get("area")
    area = next((route for route in areas if route.code == wanted), areas[0])
    mine = appraisal_routing.cached_user_agency_ids(request.user, campaign)
    tables = appraisal_queries.grid(campaign, area.code, area, mine)
    return render(
        request,
        "index/appraisal_grid.html",
        {
            "province": province,
            "campaign": campaign,
            "areas": areas,
            "area": area,
            "tables": tables,
            "self_base": self_page_url(slug, year, 0).rsplit("0/", 1)[0],
        },
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _score(campaign, score_id):
    score = appraisal_queries.score_of_campaign(campaign, score_id)
    if score is None:
        raise Http404("Không tìm thấy tiêu chí.")
    return score


@login_required
@require_POST
def cell(request, slug, year, score_id):
    """IDX-4, IDX-5: one action on one cell; JSON for the grid's script, a redirect to the leaf page without it."""
    province, campaign = _campaign(request, slug, year)
    score = _score(campaign, score_id)
    action = request.POST.get("action", "change")
    try:
        score = appraisal.act(request.user, score, action, request.POST, request.POST.get("revision"))
    except PermissionDenied as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": str(exc) or appraisal.NOT_YOURS}, status=403)
        raise
    except UserError as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": exc.message}, status=400)
        messages.error(request, exc.message)
        return redirect("index-appraise-leaf", slug=slug, year=year, score_id=score_id)
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "revision": score.revision,
                "state": score.appraisal_state,
                "state_label": AppraisalState(score.appraisal_state).label,
                "points": str(score.appraised_points) if score.appraised_points is not None else "",
            }
        )
    messages.success(request, f"Đã lưu tiêu chí {score.node.code}: {AppraisalState(score.appraisal_state).label}.")
    return redirect("index-appraise-leaf", slug=slug, year=year, score_id=score_id)


@login_required
@require_http_methods(["GET", "POST"])
def leaf(request, slug, year, score_id):
    """IDX-4, IDX-5: one leaf of one agency: the full form (accept, change, ask, finalize) and its history."""
    province, campaign = _campaign(request, slug, year)
    score = _score(campaign, score_id)
    if appraisal_routing.appraising_agency(request.user, campaign, score.node, score.assessment.agency) is None:
        raise PermissionDenied(appraisal.NOT_YOURS)
    if score.assessment.agency.kind in appraisal_routing.NOT_APPRAISED_KINDS:
        raise PermissionDenied("Hồ sơ tự đánh giá của tỉnh không do tỉnh thẩm định.")
    if request.method == "POST":
        try:
            action, revision = request.POST.get("action", ""), request.POST.get("revision")
            appraisal.act(request.user, score, action, request.POST, revision)
        except UserError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã lưu tiêu chí {score.node.code}.")
            return redirect("index-appraise-leaf", slug=slug, year=year, score_id=score_id)
        score = _score(campaign, score_id)
    return render(
        request,
        "index/appraisal_leaf.html",
        {
            "province": province,
            "campaign": campaign,
            "score": score,
            "area_code": appraisal_routing.area_code_of(score.node),
            "self_url": self_page_url(slug, year, score.assessment.agency_id),
            "levels": score.node.levels,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def explanations(request, slug, year):
    """IDX-5: the agency's leaves with an explanation asked, and a form to answer each one still waiting."""
    province, campaign = _campaign(request, slug, year)
    require(request.user, "index.answer_explanations", campaign, message=NO_FILE)
    agencies = appraisal_queries.answering_agencies(request.user, campaign)
    if request.method == "POST":
        try:
            score_id = parse_id(request.POST.get("score", ""))
        except UserError:
            score_id = None
        score = None
        if score_id is not None:
            score = appraisal_queries.explanation_scores(campaign, agencies).filter(pk=score_id).first()
        if score is None:
            raise Http404("Không tìm thấy đề nghị giải trình.")
        try:
            appraisal.answer_explanation(request.user, score, request.POST.get("text"), request.POST.get("revision"))
        except UserError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã gửi giải trình tiêu chí {score.node.code}.")
            return redirect("index-explanation", slug=slug, year=year)
    return render(
        request,
        "index/appraisal_explanations.html",
        {
            "province": province,
            "campaign": campaign,
            "scores": appraisal_queries.explanation_scores(campaign, agencies),
            "requested": AppraisalState.EXPLANATION_REQUESTED,
        },
    )

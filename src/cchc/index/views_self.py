"""Pages of IDX-3: one agency's self-assessment file (the tree of leaves with scores, evidence and suggestions)
and its writes, each a thin call of selfassessment.py."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cchc.agencies.models import AgencyKind
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.rules import can, require
from cchc.core.scope import visible_province_or_404
from cchc.index import queries, selfassessment, suggestions
from cchc.index.models import Assessment, CampaignNode, EvidenceSource, Score, ScoreEvidence


def _file_or_404(request, slug, year, agency_id) -> Assessment:
    province = visible_province_or_404(request.user, slug)
    campaign = queries.campaign_or_404(province, year)
    assessment = (
        Assessment.objects.select_related("campaign__province", "agency", "framework", "submitted_by")
        .filter(campaign=campaign, agency_id=agency_id)
        .exclude(agency__kind=AgencyKind.PROVINCIAL_COMMITTEE)  # IDX-8: scored on the province's own page
        .first()
    )
    if assessment is None:
        raise Http404("Không tìm thấy hồ sơ tự đánh giá.")
    require(request.user, "index.view_self", assessment, or_404=True)
    return assessment


def _back(assessment, anchor: str = ""):
    response = redirect(
        "index-self",
        slug=assessment.campaign.province.slug,
        year=assessment.campaign.year,
        agency_id=assessment.agency_id,
    )
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _run(request, assessment, action, success: str, anchor: str = ""):
    try:
        action()
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return _back(assessment, anchor)


def rows_of(assessment, on: dt.date) -> dict:
    """The page's tree: each node with its depth; leaves with their score, evidence, events, suggestion. A fixed
    number of queries whatever the number of leaves."""
    nodes = list(CampaignNode.objects.filter(framework=assessment.framework_id).order_by("order"))
    scores = {
        s.node_id: s
        for s in Score.objects.filter(assessment=assessment).prefetch_related(
            Prefetch("evidence", queryset=ScoreEvidence.objects.order_by("pk")), "events"
        )
    }
    suggested = suggestions.suggest(assessment, nodes, on)
    depth: dict[int, int] = {}
    rows, scored, to_score, proved = [], 0, 0, 0
    for node in nodes:
        depth[node.pk] = 0 if node.parent_id is None else depth.get(node.parent_id, 0) + 1
        score = scores.get(node.pk)
        row = {"node": node, "depth": depth[node.pk], "score": score, "suggestion": suggested.get(node.pk)}
        if score is not None:
            row["self_scored"] = selfassessment.is_self_scored(node)
            if selfassessment.is_required(node):
                to_score += 1
                scored += score.self_points is not None
                proved += bool(score.explanation.strip() or score.evidence.all())
        rows.append(row)
    return {
        "rows": rows,
        "scored": scored,
        "to_score": to_score,
        "proved": proved,
        "scored_pct": round(100 * scored / to_score) if to_score else 0,
        "proved_pct": round(100 * proved / to_score) if to_score else 0,
    }


@login_required
@require_GET
def file_page(request, slug, year, agency_id):
    assessment = _file_or_404(request, slug, year, agency_id)
    on = today()
    user = request.user
    can_edit = can(user, "index.edit_self", assessment)
    reason = selfassessment.closed_reason(assessment, on)
    context = {
        "province": assessment.campaign.province,
        "campaign": assessment.campaign,
        "assessment": assessment,
        "editable": can_edit and not reason,
        "closed_reason": reason,
        "can_edit": can_edit,
        "can_submit": can(user, "index.submit_self", assessment),
        "can_reopen": can(user, "index.reopen_self", assessment),
        "sources": EvidenceSource.choices,
        **rows_of(assessment, on),
    }
    if context["editable"]:
        context["candidates"] = {
            str(k).replace("-", "_"): list(v[:200]) for k, v in selfassessment.candidates(assessment.agency).items()
        }
    return render(request, "index/self_file.html", context)


def _score(assessment, score_id) -> Score:
    score = Score.objects.filter(assessment=assessment, pk=score_id).first()
    if score is None:
        raise Http404("Không tìm thấy tiêu chí.")
    return score


def _editable_file(request, slug, year, agency_id, rule="index.edit_self") -> Assessment:
    assessment = _file_or_404(request, slug, year, agency_id)
    require(request.user, rule, assessment)
    return assessment


@login_required
@require_POST
def score_save(request, slug, year, agency_id, score_id):
    assessment = _editable_file(request, slug, year, agency_id)
    score = _score(assessment, score_id)
    data = request.POST
    return _run(
        request,
        assessment,
        lambda: selfassessment.save_self_score(
            request.user, score, data.get("points"), data.get("explanation", ""), data.get("revision")
        ),
        "Đã lưu điểm tự chấm.",
        f"leaf-{score.pk}",
    )


@login_required
@require_POST
def evidence_add(request, slug, year, agency_id, score_id):
    assessment = _editable_file(request, slug, year, agency_id)
    score = _score(assessment, score_id)
    data = request.POST
    picked = data.get("record", "")
    if picked:
        source, _, record_id = picked.partition(":")
    else:
        source, record_id = EvidenceSource.UPLOAD, None
    return _run(
        request,
        assessment,
        lambda: selfassessment.add_evidence(
            request.user,
            score,
            source=source,
            upload=request.FILES.get("file"),
            record_id=record_id,
            title=data.get("title", ""),
            number=data.get("number", ""),
            locator=data.get("locator", ""),
        ),
        "Đã thêm tài liệu kiểm chứng.",
        f"leaf-{score.pk}",
    )


@login_required
@require_POST
def evidence_remove(request, slug, year, agency_id, evidence_id):
    assessment = _editable_file(request, slug, year, agency_id)
    evidence = ScoreEvidence.objects.filter(score__assessment=assessment, pk=evidence_id).first()
    if evidence is None:
        raise Http404("Không tìm thấy tài liệu.")
    return _run(
        request,
        assessment,
        lambda: selfassessment.remove_evidence(request.user, evidence),
        "Đã gỡ tài liệu kiểm chứng.",
        f"leaf-{evidence.score_id}",
    )


@login_required
@require_GET
def evidence_file(request, slug, year, agency_id, evidence_id):
    """IDX-3: an uploaded evidence file, for those who may read the file."""
    assessment = _file_or_404(request, slug, year, agency_id)
    evidence = ScoreEvidence.objects.filter(score__assessment=assessment, pk=evidence_id).first()
    if evidence is None or not evidence.file:
        raise Http404("Không tìm thấy tài liệu.")
    return FileResponse(evidence.file.open("rb"), as_attachment=True)


@login_required
@require_POST
def texts_save(request, slug, year, agency_id):
    assessment = _editable_file(request, slug, year, agency_id)
    return _run(
        request,
        assessment,
        lambda: selfassessment.save_texts(
            request.user,
            assessment,
            difficulties=request.POST.get("difficulties", ""),
            recommendations=request.POST.get("recommendations", ""),
        ),
        "Đã lưu khó khăn, kiến nghị.",
    )


@login_required
@require_POST
def submit(request, slug, year, agency_id):
    assessment = _editable_file(request, slug, year, agency_id, "index.submit_self")
    return _run(
        request, assessment, lambda: selfassessment.submit_assessment(request.user, assessment), "Đã gửi hồ sơ."
    )


@login_required
@require_POST
def withdraw(request, slug, year, agency_id):
    assessment = _editable_file(request, slug, year, agency_id, "index.submit_self")
    return _run(
        request, assessment, lambda: selfassessment.withdraw_assessment(request.user, assessment), "Đã rút lại hồ sơ."
    )


@login_required
@require_POST
def reopen(request, slug, year, agency_id):
    assessment = _editable_file(request, slug, year, agency_id, "index.reopen_self")
    try:
        until = dt.datetime.strptime(request.POST.get("until", "").strip(), "%d/%m/%Y").date()
    except ValueError:
        try:
            until = dt.date.fromisoformat(request.POST.get("until", "").strip())
        except ValueError:
            messages.error(request, "Ngày mở lại đến không hợp lệ (dd/mm/yyyy).")
            return _back(assessment)
    return _run(
        request,
        assessment,
        lambda: selfassessment.reopen_assessment(request.user, assessment, until),
        f"Đã mở lại hồ sơ đến {until:%d/%m/%Y}.",
    )


@login_required
@require_GET
def export_docx(request, slug, year, agency_id):
    from cchc.exports.index_self import self_assessment_docx

    assessment = _file_or_404(request, slug, year, agency_id)
    data = self_assessment_docx(assessment, rows_of(assessment, today())["rows"])
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="tu-danh-gia-{assessment.campaign.year}.docx"'
    return response


@login_required
@require_POST
def scan_attach(request, slug, year, agency_id):
    assessment = _editable_file(request, slug, year, agency_id)
    return _run(
        request,
        assessment,
        lambda: selfassessment.attach_scan(request.user, assessment, request.FILES.get("scan")),
        "Đã đính kèm bản ký.",
    )


@login_required
@require_GET
def scan_download(request, slug, year, agency_id):
    assessment = _file_or_404(request, slug, year, agency_id)
    if not assessment.signed_scan:
        raise Http404("Chưa có bản ký.")
    return FileResponse(assessment.signed_scan.open("rb"), as_attachment=True)

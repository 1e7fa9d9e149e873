"""Upload a document, review what was extracted beside the warnings, correct and save (U-6)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cchc.core.errors import UserError, UserErrors
from cchc.core.rules import require
from cchc.core.scope import visible_province_or_404
from cchc.ingest import reader, services
from cchc.ingest.models import IngestedDocument
from cchc.ingest.resolver import Resolver
from cchc.ingest.review import apply_edits
from cchc.regulation.models import ReformArea, ReformProgramme, ResponsibilityRole, Topic

STANDING_ONLY = "Chỉ cơ quan thường trực CCHC nhập văn bản vào hệ thống."


def _require_standing(request, province) -> None:
    """Kept for code written before the rules modules: names the rule ingest.upload."""
    require(request.user, "ingest.upload", province, message=STANDING_ONLY)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, slug):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "ingest.upload", province, message=STANDING_ONLY)
    error = ""
    if request.method == "POST":
        upload_file = request.FILES.get("file")
        pasted = request.POST.get("text", "")
        kind = request.POST.get("kind") or None
        try:
            if upload_file:
                name, data = upload_file.name, upload_file.read()
            elif pasted.strip():
                name, data = "van-ban-dan-vao.txt", pasted.encode("utf-8")
            else:
                raise reader.NotADocument("Hãy chọn tệp hoặc dán nội dung văn bản.")
            document = services.start_review(province, actor=request.user, name=name, data=data, kind=kind)
        except reader.NotADocument as exc:
            error = str(exc)
        else:
            return redirect("ingest-review", slug=slug, document_id=document.pk)
    recent = IngestedDocument.objects.filter(province=province).select_related("uploaded_by", "plan", "regulation")[:20]
    return render(request, "ingest/upload.html", {"province": province, "error": error, "recent": recent})


def _subject_labels(year: int | None) -> dict[str, str]:
    """Vietnamese names of the area and topic codes, as the programme of that year names them."""
    programme = ReformProgramme.objects.filter(start_year__lte=year or 0, end_year__gte=year or 0).first()
    labels = {t.code: t.name for t in Topic.objects.all()}
    labels.update({a.code: a.name for a in ReformArea.objects.filter(programme=programme)})
    return labels


def _rows_with_warnings(items, warnings):
    by_line: dict = {}
    for warning in warnings:
        by_line.setdefault(warning.line, []).append(warning.message)
    return [(index, item, by_line.get(item.line, [])) for index, item in enumerate(items)]


@login_required
@require_http_methods(["GET", "POST"])
def review(request, slug, document_id):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "ingest.upload", province, message=STANDING_ONLY)
    document = IngestedDocument.objects.filter(province=province, pk=document_id).first()
    if document is None:
        raise Http404("Không tìm thấy văn bản.")
    require(request.user, "ingest.review", document, message=STANDING_ONLY)
    extracted = services.from_json(document.extracted)
    errors: list[str] = []
    if request.method == "POST" and document.status == IngestedDocument.Status.REVIEW:
        require(request.user, "ingest.save", document, message=STANDING_ONLY)
        if request.POST.get("action") == "discard":
            document.status = IngestedDocument.Status.DISCARDED
            document.save(update_fields=["status"])
            messages.info(request, "Đã bỏ văn bản; không có gì được lưu.")
            return redirect("ingest-upload", slug=slug)
        try:
            extracted = apply_edits(extracted, request.POST)
            saved = services.save(document, extracted, actor=request.user, status=request.POST.get("status", "issued"))
        except ValueError as exc:
            errors = [str(exc)]
        except (UserError, UserErrors) as exc:
            errors = [str(e) for e in (exc.errors if isinstance(exc, UserErrors) else [exc])]
        else:
            messages.success(request, f"Đã lưu «{saved}» từ văn bản {document.name}.")
            if extracted.kind == "regulation":
                return redirect("regulation-detail", slug=slug, regulation_id=saved.pk)
            return redirect("plan-appendix", slug=slug, plan_id=saved.pk)
        document.extracted = services.to_storable(extracted)  # keep the person's corrections
        document.save(update_fields=["extracted"])
    resolver = Resolver(province)
    year = (extracted.years or [extracted.date.year if extracted.date else None])[0]
    return render(
        request,
        "ingest/review.html",
        {
            "labels": _subject_labels(year),
            "roles": dict(ResponsibilityRole.choices),
            "province": province,
            "document": document,
            "x": extracted,
            "errors": errors,
            "choices": resolver.choices(),
            "resolved": {name for name, _ in resolver.choices()},
            "tasks": _rows_with_warnings(extracted.tasks, extracted.warnings),
            "targets": _rows_with_warnings(extracted.targets, extracted.warnings),
            "responsibilities": _rows_with_warnings(extracted.responsibilities, extracted.warnings),
            "general_warnings": list(extracted.warnings),
        },
    )

"""Upload a document, review what was extracted beside the warnings, correct and save (U-6)."""

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cchc.core.errors import UserError, UserErrors
from cchc.core.rules import require
from cchc.core.scope import visible_province_or_404
from cchc.ingest import reader, review_rows, services
from cchc.ingest import review as review_pages
from cchc.ingest.models import IngestedDocument
from cchc.ingest.resolver import Resolver
from cchc.regulation.models import ReformArea, ReformProgramme, ResponsibilityRole, Topic
from cchc.regulation.routing import standing_agency_for_permissions

MAX_WARNINGS_SHOWN = 200  # a long plan may bring thousands; the rest are counted, each row shows its own

_KIND_WORD = {"regulation": "quy chế", "plan": "kế hoạch"}
STANDING_ONLY = "Chỉ cơ quan thường trực CCHC nhập văn bản vào hệ thống."


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
            if upload_file and upload_file.size > reader.MAX_BYTES:  # refused before it is read into memory
                mb = reader.MAX_BYTES // reader.MB
                raise reader.NotADocument(f"Tệp quá lớn ({upload_file.size // reader.MB} MB); giới hạn là {mb} MB.")
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
    limits = {
        "bytes": reader.MAX_BYTES // reader.MB,
        "xml": reader.MAX_XML_BYTES // reader.MB,
        "paragraphs": reader.format_count(reader.MAX_PARAGRAPHS),
        "rows": reader.format_count(reader.MAX_TABLE_ROWS),
        "cells": reader.format_count(reader.MAX_CELLS),
        "chars": reader.format_count(reader.MAX_TEXT_CHARS),
    }
    context = {"province": province, "error": error, "recent": recent, "limits": limits}
    return render(request, "ingest/upload.html", context)


def _subjects(year: int | None) -> tuple[dict[str, str], dict[str, str]]:
    """The reform areas of the programme of that year, and the topics: code → Vietnamese name."""
    programme = ReformProgramme.objects.filter(start_year__lte=year or 0, end_year__gte=year or 0).first()
    areas = {a.code: a.name for a in ReformArea.objects.filter(programme=programme).order_by("order", "pk")}
    return areas, {t.code: t.name for t in Topic.objects.order_by("order", "pk")}


def _year(extracted) -> int | None:
    return (extracted.years or [extracted.date.year if extracted.date else None])[0]


def _added_row(action: str, post, extracted, agencies, year):
    """PLAN-2, REG-1: the row the person adds with the "add" button, checked (ValueError); None for another
    button, which refuses boxes filled in but not added (what is saved is what the person saw)."""
    areas, topics = _subjects(year)
    if action == "add-task" and extracted.kind == "plan":
        return "tasks", review_rows.new_task(post, extracted, agencies=agencies, areas=areas)
    if action == "add-resp" and extracted.kind == "regulation":
        subjects = {**areas, **topics}
        row = review_rows.new_responsibility(
            post, agencies=agencies, subjects=subjects, roles=ResponsibilityRole.values
        )
        return "responsibilities", row
    if review_rows.has_new_row(post):
        raise ValueError(
            "Dòng mới đang nhập chưa được thêm vào danh sách: bấm «Thêm» để thêm, hoặc xóa các ô của dòng mới; "
            "chưa có gì thay đổi."
        )
    return None


def _rows_with_warnings(items, warnings, rows: range, dropped: set):
    """The rows of one page: (index in the whole list, row, its warnings, kept?). A row the person added has no
    line, and so no warnings."""
    by_line: dict = {}
    for warning in warnings:
        if warning.line is not None:
            by_line.setdefault(warning.line, []).append(warning.message)
    return [
        (index, items[index], by_line.get(items[index].line, []), index not in dropped)
        for index in rows
        if index < len(items)
    ]


def _errors(exc) -> list[str]:
    if isinstance(exc, ValueError):
        return [str(exc)]
    return [str(e) for e in (exc.errors if isinstance(exc, UserErrors) else [exc])]


def _saved_message(saved, kind: str, document: IngestedDocument) -> str:
    what, where = ("quy chế", "quy chế") if kind == "regulation" else ("kế hoạch", "kế hoạch")
    return (
        f"Đã lưu «{saved}» từ văn bản {document.name} ở dạng dự thảo; lãnh đạo cơ quan thường trực cần ban hành "
        f"{what} này (hoặc ghi nhận đã ban hành, nếu văn bản đã được ban hành từ trước) trên trang {where}; "
        "cho đến lúc đó, không có gì đang có hiệu lực thay đổi."
    )


def _warn_other_standing_agency(request, province, regulation) -> None:
    """SEC-1: a draft naming another standing agency is said plainly; only issuing it would change the role."""
    current = standing_agency_for_permissions(province, dt.date.today())
    if regulation.standing_agency_id and current is not None and regulation.standing_agency_id != current.pk:
        messages.warning(
            request,
            f"Lưu ý: dự thảo nêu {regulation.standing_agency.name} là cơ quan thường trực, khác với "
            f"{current.name} hiện nay. Vai trò thường trực không đổi cho đến khi lãnh đạo {current.name} "
            "ban hành quy chế này.",
        )


@never_cache  # the back button shows the review as it is now, never a copy from before the last change
@login_required
@require_http_methods(["GET", "POST"])
def review(request, slug, document_id):
    """U-6, SEC-1, SEC-5: the review, PAGE_SIZE rows a page (?trang=N). Each POST carries the header and the rows
    of one page; moving to another page keeps that page's corrections on the document; "save" saves the whole
    document as a draft. Nothing a form posts chooses a status."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "ingest.upload", province, message=STANDING_ONLY)
    document = None
    if 0 < document_id < 2**63:  # a 23-digit id is not found, not an overflow (SEC-3)
        document = IngestedDocument.objects.filter(province=province, pk=document_id).first()
    if document is None:
        raise Http404("Không tìm thấy văn bản.")
    require(request.user, "ingest.review", document, message=STANDING_ONLY)
    extracted = services.from_json(document.extracted)
    dropped = (document.review_state or {}).get("dropped", {})
    page = review_pages.page_number(request.POST.get("page") or request.GET.get("trang"), extracted)
    errors: list[str] = []
    typed: dict = {}
    if request.method == "POST" and document.status == IngestedDocument.Status.REVIEW:
        require(request.user, "ingest.save", document, message=STANDING_ONLY)
        typed = {}
        action = "page" if "goto" in request.POST else request.POST.get("action", "save")
        try:
            if action == "discard":
                services.discard(document, actor=request.user)
                messages.info(request, "Đã bỏ văn bản; không có gì được lưu.")
                return redirect("ingest-upload", slug=slug)
            if action == "switch-kind":  # U-6: read the kept file again as the other kind
                services.switch_kind(document, actor=request.user)
                messages.info(request, "Đã đọc lại văn bản như " + _KIND_WORD[document.kind] + ".")
                return redirect("ingest-review", slug=slug, document_id=document.pk)
            agencies = {name for name, _ in Resolver(province).choices()}
            review_pages.apply_header(extracted, request.POST)
            if extracted.kind == "regulation":
                review_rows.apply_times(extracted, request.POST)
            dropped = review_pages.apply_page(extracted, dropped, request.POST, review_pages.page_range(page), agencies)
            added = _added_row(action, request.POST, extracted, agencies, _year(extracted))
            fresh = services.keep_review(
                document,
                extracted,
                dropped=dropped,
                actor=request.user,
                page=page,
                added=added,
                token=request.POST.get("add-token", "")[:64],
            )
            if added:  # the page where the new row is, scrolled to it
                extracted = services.from_json(document.extracted)
                last = review_pages.page_count(extracted)
                anchor = "new-task" if added[0] == "tasks" else "new-resp"
                messages.success(
                    request,
                    "Đã thêm dòng mới vào cuối danh sách; dòng này được lưu cùng văn bản."
                    if fresh
                    else "Dòng mới đã được thêm từ trước (bấm hai lần hoặc gửi lại trang); không thêm lần nữa.",
                )
                return redirect(f"{request.path}?trang={last}#{anchor}")
            if action == "page":
                target = review_pages.page_number(request.POST.get("goto"), extracted)
                return redirect(f"{request.path}?trang={target}")
            saved = services.save(
                document,
                review_pages.kept(extracted, dropped),
                actor=request.user,
                confirm_duplicate=request.POST.get("confirm_duplicate") == "1",  # PLAN-1: a second copy, on purpose
            )
        except (ValueError, UserError, UserErrors) as exc:
            errors = _errors(exc)
            typed = _typed_new_row(request.POST)
            extracted = services.from_json(document.extracted)
            dropped = (document.review_state or {}).get("dropped", dropped)
        else:
            messages.success(request, _saved_message(saved, document.kind, document))
            if document.kind == "regulation":
                _warn_other_standing_agency(request, province, saved)
            if document.kind == "regulation":
                return redirect("regulation-detail", slug=slug, regulation_id=saved.pk)
            return redirect("plan-appendix", slug=slug, plan_id=saved.pk)
    context = _review_context(document, extracted, dropped, page)
    return render(request, "ingest/review.html", {**context, "province": province, "errors": errors, "new": typed})


def _typed_new_row(post) -> dict:
    """What the person typed in the "add a row" boxes, shown again beside the message that refused it."""
    names = (*review_rows.NEW_TASK_FIELDS, *review_rows.NEW_RESP_FIELDS, "new-task-area", "new-resp-role")
    typed = {name.removeprefix("new-").replace("-", "_"): post.get(name, "") for name in names}
    typed["task_coordinators"] = post.getlist("new-task-coordinators")
    return typed


def _review_context(document, extracted, dropped: dict, page: int) -> dict:
    choices = Resolver(document.province).choices()
    rows = review_pages.page_range(page)
    pages = review_pages.page_count(extracted)
    gone = {name: set(dropped.get(name, ())) for name in review_pages.LISTS}
    warnings = list(extracted.warnings)
    areas, topics = _subjects(_year(extracted))
    reviewing = document.status == IngestedDocument.Status.REVIEW
    return {
        "labels": {**topics, **areas},
        "areas": areas,
        "topics": topics,
        "roles": dict(ResponsibilityRole.choices),
        "cadences": review_rows.CADENCES,
        "document": document,
        "saved_url": services.saved_url(document) if document.status == IngestedDocument.Status.SAVED else "",
        "x": extracted,
        "duplicates": services.duplicates_of(document, extracted) if reviewing else [],
        "choices": choices,
        "resolved": {name for name, _ in choices},
        "tasks": _rows_with_warnings(extracted.tasks, warnings, rows, gone["tasks"]),
        "targets": _rows_with_warnings(extracted.targets, warnings, rows, gone["targets"]),
        "responsibilities": _rows_with_warnings(extracted.responsibilities, warnings, rows, gone["responsibilities"]),
        "counts": {name: len(getattr(extracted, name)) - len(gone[name]) for name in review_pages.LISTS},
        "general_warnings": warnings[:MAX_WARNINGS_SHOWN],
        "more_warnings": max(0, len(warnings) - MAX_WARNINGS_SHOWN),
        "page": page,
        "last_page": page == pages,
        "pages": range(1, pages + 1) if pages > 1 else [],
        "page_size": review_pages.PAGE_SIZE,
        "add_token": uuid.uuid4().hex,
    }

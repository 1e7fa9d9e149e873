"""Shared-document pages (TRK-5): the list with its search, publishing, a document, its file."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cchc.core import audit
from cchc.core.errors import UserError
from cchc.core.params import parse_search
from cchc.core.rules import can, require
from cchc.core.scope import visible_province_or_404
from cchc.documents import queries, services
from cchc.documents.forms import DocumentForm, SearchForm
from cchc.documents.rules import publishing_agencies

PUBLISHERS_ONLY = "Chỉ {standing} và cơ quan chủ trì lĩnh vực CCHC chia sẻ văn bản."


def search_params(request) -> dict[str, str]:
    """The search box and filters as sent (each key read by name, SEC-3)."""
    raw = {
        "q": request.GET.get("q", ""),
        "so": request.GET.get("so", ""),
        "co_quan": request.GET.get("co_quan", ""),
        "loai": request.GET.get("loai", ""),
        "tu_ngay": request.GET.get("tu_ngay", ""),
        "den_ngay": request.GET.get("den_ngay", ""),
    }
    return {key: value for key, value in raw.items() if value}


def filters_from(request, params: dict[str, str]) -> queries.DocumentFilters:
    form = SearchForm(params)
    form.is_valid()
    if form.errors:
        messages.warning(request, "Một số bộ lọc không hợp lệ (ngày phải có dạng dd/mm/yyyy) nên đã được bỏ qua.")
    data = form.cleaned_data
    return queries.DocumentFilters(
        q=parse_search(data.get("q")),
        number=parse_search(data.get("so"), max_length=60),
        issuer=parse_search(data.get("co_quan")),
        kind=data.get("loai") or "",
        issued_from=data.get("tu_ngay"),
        issued_to=data.get("den_ngay"),
    )


@login_required
@require_GET
def document_list(request, slug):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "documents.view_documents", province, or_404=True)
    params = search_params(request)
    filters = filters_from(request, params)
    page = Paginator(queries.documents_for(request.user, province, filters), queries.PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "documents/document_list.html",
        {
            "province": province,
            "page": page,
            "form": SearchForm(params or None),
            "query": urlencode(params),
            "can_publish": can(request.user, "documents.publish", province),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request, slug):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "documents.publish", province, message=PUBLISHERS_ONLY)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        province=province,
        publishers=publishing_agencies(request.user, province),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agencies, groups = form.recipient_parties()
        try:
            document = services.publish(
                province,
                actor=request.user,
                publisher=form.publisher_agency(),
                data=services.DocumentInput(
                    kind=data["kind"],
                    number=data["number"],
                    issued_on=data["issued_on"],
                    issuer=data["issuer"],
                    title=data["title"],
                    summary=data["summary"],
                    agencies=tuple(agencies),
                    groups=tuple(groups),
                    upload=data.get("file"),
                    submit_key=data.get("submit_key") or "",
                ),
            )
        except UserError as exc:
            if exc.message == services.ALREADY_PUBLISHED:  # a double click: the first one did the work
                messages.info(request, exc.message)
                return redirect("document-list", slug=slug)
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã chia sẻ văn bản tới {document.delivered_to.count()} cơ quan.")
            return redirect("document-detail", slug=slug, document_id=document.pk)
    return render(request, "documents/document_form.html", {"province": province, "form": form})


@login_required
@require_GET
def document_detail(request, slug, document_id):
    province = visible_province_or_404(request.user, slug)
    document = queries.visible_document_or_404(request.user, province, document_id)
    return render(
        request,
        "documents/document_detail.html",
        {
            "province": province,
            "document": document,
            "delivered": document.delivered_to.order_by("name"),
            "groups": document.recipient_groups.order_by("name"),
            "entries": audit.trail(document)[:20],
        },
    )


@login_required
@require_GET
def document_file(request, slug, document_id):
    """The file, to whoever may read the document (never a public media URL)."""
    province = visible_province_or_404(request.user, slug)
    document = queries.visible_document_or_404(request.user, province, document_id)
    if not document.file:
        raise Http404("Văn bản không có tệp đính kèm.")
    try:
        handle = document.file.open("rb")
    except OSError as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    return FileResponse(handle, as_attachment=True, filename=document.file_name or "van-ban")

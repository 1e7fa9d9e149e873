"""The shared-documents part of the API (U-5, TRK-5): read-only, with the pages' permissions and search."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from cchc.api.schemas import ERRORS, Id, Slug
from cchc.core.params import parse_choice, parse_search
from cchc.core.rules import require
from cchc.core.scope import visible_province_or_404
from cchc.documents import queries
from cchc.documents.models import DocumentKind, SharedDocument

router = Router(tags=["Văn bản chia sẻ"])
LIST_MAX = 500


class Ref(Schema):
    id: int
    name: str


class DocumentOut(Schema):
    id: int
    kind: str
    number: str
    issued_on: dt.date
    issuer: str
    title: str
    publisher: Ref
    has_file: bool


class DocumentDetailOut(DocumentOut):
    summary: str
    published_at: dt.datetime
    recipient_groups: list[Ref]
    delivered_to: list[Ref]


class DocumentQuery(Schema):
    q: str = Field("", max_length=200, description="Từ khóa (không dấu được): số, cơ quan, trích yếu")
    number: str = Field("", max_length=60, description="Số, ký hiệu (một phần)")
    issuer: str = Field("", max_length=200, description="Cơ quan ban hành (không dấu được)")
    kind: str = Field("", max_length=40, description="Loại: " + ", ".join(DocumentKind.values))
    issued_from: dt.date | None = Field(None, description="Ban hành từ ngày (yyyy-mm-dd)")
    issued_to: dt.date | None = Field(None, description="Ban hành đến ngày (yyyy-mm-dd)")


def _ref(obj) -> dict:
    return {"id": obj.pk, "name": obj.name}


def _document_out(document: SharedDocument) -> dict:
    return {
        "id": document.pk,
        "kind": document.kind,
        "number": document.number,
        "issued_on": document.issued_on,
        "issuer": document.issuer,
        "title": document.title,
        "publisher": _ref(document.publisher),
        "has_file": bool(document.file),
    }


@router.get(
    "/provinces/{slug}/documents",
    response={200: list[DocumentOut], **ERRORS},
    summary="Văn bản chia sẻ mà người dùng được đọc, tìm không dấu",
    openapi_extra={"x-rule": "documents.view_documents"},
)
def list_documents(request, params: Query[DocumentQuery], slug: str = Slug()):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "documents.view_documents", province, or_404=True)
    filters = queries.DocumentFilters(
        q=parse_search(params.q),
        number=parse_search(params.number, max_length=60),
        issuer=parse_search(params.issuer),
        kind=parse_choice(params.kind, DocumentKind.values, label="Loại (kind)") or "",  # SEC-3
        issued_from=params.issued_from,
        issued_to=params.issued_to,
    )
    return [_document_out(d) for d in queries.documents_for(request.user, province, filters)[:LIST_MAX]]


@router.get(
    "/provinces/{slug}/documents/{document_id}",
    response={200: DocumentDetailOut, **ERRORS},
    summary="Một văn bản chia sẻ và các cơ quan nhận",
    openapi_extra={"x-rule": "documents.view_document"},
)
def get_document(request, slug: str = Slug(), document_id: int = Id()):
    province = visible_province_or_404(request.user, slug)
    document = queries.visible_document_or_404(request.user, province, document_id)
    return {
        **_document_out(document),
        "summary": document.summary,
        "published_at": document.published_at,
        "recipient_groups": [_ref(g) for g in document.recipient_groups.order_by("name")],
        "delivered_to": [_ref(a) for a in document.delivered_to.order_by("name")],
    }

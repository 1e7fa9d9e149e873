"""Reads of shared documents for pages and the API: what a person may read, searched without accents (TRK-5, U-1).

The list is filtered in the database (never row by row), so a page asks a fixed number of queries however many
documents the province holds."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from cchc.core.rules import can, memberships
from cchc.core.text import fold, search_terms
from cchc.documents.models import SharedDocument

PAGE_SIZE = 50


@dataclass(frozen=True)
class DocumentFilters:
    q: str = ""  # words, each of which must appear (number, issuer, title, summary, file name)
    number: str = ""
    issuer: str = ""
    kind: str = ""
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None


def _sees_every_document(user, province) -> bool:
    from cchc.documents.rules import sees_every_document

    return sees_every_document.test(user, province)


def documents_for(user, province, filters: DocumentFilters | None = None) -> QuerySet[SharedDocument]:
    """TRK-5: the documents of the province the user may read, newest first, matching the filters."""
    documents = SharedDocument.objects.filter(province=province).select_related("publisher")
    if not _sees_every_document(user, province):
        mine = [m.agency_id for m in memberships(user) if m.agency.province_id == province.pk]
        documents = documents.filter(Q(publisher__in=mine) | Q(delivered_to__in=mine)).distinct()
    f = filters or DocumentFilters()
    for word in search_terms(f.q):
        documents = documents.filter(search_text__contains=word)
    if f.number:
        documents = documents.filter(number_key__contains=fold(f.number))
    if f.issuer:
        documents = documents.filter(issuer_key__contains=fold(f.issuer))
    if f.kind:
        documents = documents.filter(kind=f.kind)
    if f.issued_from:
        documents = documents.filter(issued_on__gte=f.issued_from)
    if f.issued_to:
        documents = documents.filter(issued_on__lte=f.issued_to)
    return documents.order_by("-issued_on", "-id")


def visible_document_or_404(user, province, document_id) -> SharedDocument:
    document = (
        SharedDocument.objects.filter(province=province, pk=document_id)
        .select_related("publisher", "published_by", "province")
        .first()
    )
    if document is None or not can(user, "documents.view_document", document):
        raise Http404("Không tìm thấy văn bản.")
    return document

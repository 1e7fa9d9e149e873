"""TRK-5: publishing a shared document, in a transaction with its audit entry, and telling its recipients.

A document is published once and not edited afterwards (U-3): what reached the agencies is what they read.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from cchc.agencies.models import Agency, AgencyGroup
from cchc.core import audit
from cchc.core.dates import format_date, today
from cchc.core.errors import UserError, constraint_message
from cchc.core.models import AuditEntry, Province
from cchc.core.notify import notify
from cchc.core.succession import refuse_if_ended
from cchc.documents.files import check_upload
from cchc.documents.models import ONE_DOCUMENT_PER_SUBMIT, DocumentKind, SharedDocument
from cchc.documents.rules import publishing_agencies

ALREADY_PUBLISHED = "Văn bản này vừa được chia sẻ (biểu mẫu được gửi hai lần); không chia sẻ thêm bản thứ hai."


def check_province_alive(province: Province, on: dt.date) -> None:
    """ORG-5: nothing is written to a province after it merged into another."""
    refuse_if_ended(province, on)


@dataclass
class DocumentInput:
    kind: str
    number: str
    issued_on: dt.date
    issuer: str
    title: str
    summary: str = ""
    agencies: tuple[Agency, ...] = ()
    groups: tuple[AgencyGroup, ...] = ()
    upload: object = None  # an uploaded file, or None
    submit_key: str = ""


def _recipients(province: Province, data: DocumentInput, on: dt.date) -> list[Agency]:
    """ORG-3: the chosen agencies and the agencies of the chosen groups on the day, each once; an ended agency is
    refused with its successor named (ORG-2)."""
    found: dict[int, Agency] = {}
    for agency in data.agencies:
        if agency.province_id != province.pk:
            raise UserError(f"{agency.name} không thuộc {province.title}.")
        if not agency.is_active_on(on):
            successor = agency.current(on)
            hint = f"; hãy chọn {successor.name}" if successor.pk != agency.pk else ""
            raise UserError(f"{agency.name} không còn hoạt động{hint}.")
        found[agency.pk] = agency
    for group in data.groups:
        if group.province_id != province.pk:
            raise UserError(f"Nhóm «{group.name}» không thuộc {province.title}.")
        members = group.resolve(on)
        if not members:
            raise UserError(f"Nhóm «{group.name}» không có cơ quan nào vào ngày {format_date(on)}.")
        for agency in members:
            found.setdefault(agency.pk, agency)
    return list(found.values())


@transaction.atomic
def publish(province: Province, *, actor, publisher: Agency, data: DocumentInput) -> SharedDocument:
    """TRK-5: publish a document in the name of `publisher` to the chosen agencies and groups; notify them."""
    on = today()
    check_province_alive(province, on)
    if publisher not in publishing_agencies(actor, province):
        raise UserError(f"Bạn không chia sẻ văn bản nhân danh {publisher.name}.")
    if data.kind not in DocumentKind.values:
        raise UserError("Loại văn bản không hợp lệ.")
    title, issuer = " ".join(data.title.split()), " ".join(data.issuer.split())
    if not title:
        raise UserError("Hãy nhập trích yếu của văn bản.")
    if not issuer:
        raise UserError("Hãy nhập cơ quan ban hành văn bản.")
    if data.issued_on > on:
        raise UserError(f"Ngày ban hành ({format_date(data.issued_on)}) không được sau hôm nay.")
    recipients = _recipients(province, data, on)
    if not recipients:
        raise UserError("Hãy chọn ít nhất một cơ quan hoặc nhóm cơ quan nhận văn bản.")
    if data.submit_key and SharedDocument.objects.filter(publisher=publisher, submit_key=data.submit_key).exists():
        raise UserError(ALREADY_PUBLISHED)
    file_name = check_upload(data.upload) if data.upload is not None else ""
    document = SharedDocument(
        province=province,
        publisher=publisher,
        kind=data.kind,
        number=" ".join(data.number.split()),
        issued_on=data.issued_on,
        issuer=issuer,
        title=title,
        summary=data.summary.strip(),
        file_name=file_name,
        published_by=actor,
        submit_key=data.submit_key[:40],
    )
    if data.upload is not None:
        document.file.save(file_name, data.upload, save=False)
    with constraint_message({ONE_DOCUMENT_PER_SUBMIT: ALREADY_PUBLISHED}):
        document.save()
    document.recipient_agencies.set(data.agencies)
    document.recipient_groups.set(data.groups)
    document.delivered_to.set(recipients)
    audit.record(
        actor=actor,
        obj=document,
        action=AuditEntry.Action.CREATE,
        province=province,
        after=audit.snapshot(document, {"Các cơ quan nhận": "; ".join(a.name for a in recipients)}),
        summary=f"Chia sẻ văn bản {document.number}".strip(),
    )
    link = reverse("document-detail", args=[province.slug, document.pk])
    notify(
        [a for a in recipients if a.pk != publisher.pk],
        province=province,
        subject=f"Văn bản mới: {document}",
        message=f"{publisher.name} chia sẻ văn bản {document.number} ngày {format_date(document.issued_on)}: "
        f"{document.title}",
        link=link,
    )
    return document

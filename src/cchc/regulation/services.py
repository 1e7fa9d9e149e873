"""Every write to regulations: load from a file, export, draft, edit, add/remove responsibilities, issue.

Each write is one transaction with its audit entry (U-3). Bad input raises UserError/UserErrors with a
Vietnamese message and changes nothing.
"""

import datetime as dt

from django.db import transaction

from cchc.agencies.models import Agency, AgencyGroup
from cchc.agencies.queries import NameIndex
from cchc.core import audit
from cchc.core.dates import format_date
from cchc.core.errors import UserError, UserErrors
from cchc.core.models import AuditEntry, Province
from cchc.core.text import fold
from cchc.regulation import checks
from cchc.regulation.fileformat import RegulationDocument, ResponsibilityEntry
from cchc.regulation.models import (
    ReformArea,
    ReformProgramme,
    Regulation,
    Responsibility,
    ResponsibilityRole,
    Topic,
)

Party = Agency | AgencyGroup


# --- reading names -------------------------------------------------------------------------------------------


def find_province(name: str) -> Province | None:
    folded = fold(name)
    for province in Province.objects.all():
        if folded in {fold(province.name), fold(province.title), province.slug}:
            return province
    return None


class SubjectIndex:
    """Area and topic codes (and names) a regulation of a programme may assign."""

    def __init__(self, programme: ReformProgramme):
        self.areas = {a.code: a for a in ReformArea.objects.filter(programme=programme)}
        self.topics = {t.code: t for t in Topic.objects.all()}
        self._by_name = {fold(a.name): a.code for a in self.areas.values()}
        self._by_name.update({fold(t.name): t.code for t in self.topics.values()})

    def code(self, written: str) -> str | None:
        if written in self.areas or written in self.topics:
            return written
        return self._by_name.get(fold(written))

    def assign(self, responsibility: Responsibility, code: str) -> None:
        if code in self.areas:
            responsibility.area = self.areas[code]
        else:
            responsibility.topic = self.topics[code]


def party_key(party: Party) -> str:
    return f"{'agency' if isinstance(party, Agency) else 'group'}:{party.pk}"


def _resolve_party(names: NameIndex, written: str, line: int, errors: list[UserError]) -> Party | None:
    found = names.candidates(written)
    if len(found) == 1:
        return found[0]
    if not found:
        errors.append(
            UserError(f"Không tìm thấy cơ quan hoặc nhóm «{written}» trong {names.province.title}.", line=line)
        )
    else:
        listed = "; ".join(p.name for p in found)
        errors.append(UserError(f"Tên «{written}» trùng với nhiều cơ quan, nhóm: {listed}.", line=line))
    return None


# --- loading a file -----------------------------------------------------------------------------------------


@transaction.atomic
def load_regulation(document: RegulationDocument, *, actor=None) -> Regulation:
    """REG-1, REG-5: create an issued regulation from a file; it replaces the one before it (REG-2)."""
    errors: list[UserError] = []
    province = find_province(document.province)
    if province is None:
        raise UserErrors(
            [UserError(f"Không có tỉnh «{document.province}» trong hệ thống.", line=document.line("province"))]
        )
    programme = ReformProgramme.objects.filter(code=document.programme).first()
    if programme is None:
        codes = ", ".join(ReformProgramme.objects.values_list("code", flat=True))
        raise UserErrors(
            [
                UserError(
                    f"Không có chương trình CCHC «{document.programme}» (có: {codes}).",
                    line=document.line("programme"),
                )
            ]
        )
    names = NameIndex(province)
    subjects = SubjectIndex(programme)

    standing = _resolve_party(names, document.standing_agency, document.line("standing_agency"), errors)
    if isinstance(standing, AgencyGroup):
        errors.append(
            UserError(
                "Cơ quan thường trực phải là một cơ quan, không phải một nhóm.",
                line=document.line("standing_agency"),
            )
        )

    rows: list[tuple[ResponsibilityEntry, str, Party]] = []
    unknown_subjects: set[str] = set()
    for entry in document.responsibilities:
        code = subjects.code(entry.subject)
        if code is None:
            if entry.subject not in unknown_subjects:
                unknown_subjects.add(entry.subject)
                message = f"«{entry.subject}» không phải là lĩnh vực hay nội dung của chương trình {programme.code}."
                errors.append(UserError(message, line=entry.subject_line or entry.line))
            continue
        party = _resolve_party(names, entry.party, entry.line, errors)
        if party is not None:
            rows.append((entry, code, party))
    for line, message in checks.responsibility_problems(
        [checks.Row(code, e.role, party_key(p), p.name, e.line) for e, code, p in rows]
    ):
        errors.append(UserError(message, line=line))

    existing = _same_document(province, document)
    if existing is not None:
        errors.append(UserError(f"{existing} đã có trong hệ thống.", line=document.line("number")))
    replaced = _replaced_for_load(province, programme, document, errors)
    if errors:
        raise UserErrors(sorted(errors, key=lambda e: e.line or 0))

    regulation = Regulation.objects.create(
        province=province,
        programme=programme,
        number=document.number,
        title=document.title,
        issuer=document.issuer,
        signed_on=document.signed_on,
        effective_from=document.effective_from,
        status=Regulation.Status.ISSUED,
        standing_agency=standing,
        standing_article=document.standing_article,
        proposal_deadline_day=document.proposal_deadline[0] if document.proposal_deadline else None,
        proposal_deadline_month=document.proposal_deadline[1] if document.proposal_deadline else None,
        proposal_deadline_article=document.proposal_deadline_article,
        meeting_cadence=document.meeting_cadence,
        meeting_article=document.meeting_article,
        source=document.source,
        note=document.note,
    )
    for order, (entry, code, party) in enumerate(rows):
        responsibility = Responsibility(
            regulation=regulation, role=entry.role, article=entry.article, note=entry.note, order=order
        )
        subjects.assign(responsibility, code)
        _set_party(responsibility, party)
        responsibility.save()
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.LOAD,
        province=province,
        after=audit.snapshot(regulation),
        summary=f"Nạp từ tệp với {len(rows)} trách nhiệm",
    )
    if replaced is not None:
        _end(replaced, regulation, actor)
    return regulation


def _same_document(province: Province, document: RegulationDocument) -> Regulation | None:
    candidates = Regulation.objects.filter(province=province, signed_on=document.signed_on, has_text=True)
    if document.number:
        return candidates.filter(number=document.number).first()
    return candidates.filter(number="", title=document.title).first()


def _replaced_for_load(province, programme, document: RegulationDocument, errors) -> Regulation | None:
    """The regulation this file ends: the one it names (created as a reference if the system lacks its text),
    or else the one in force on the new effective date."""
    if document.effective_from is None:
        return None
    if document.replaces_signed_on:
        replaced = Regulation.objects.filter(
            province=province, number=document.replaces_number, signed_on=document.replaces_signed_on
        ).first()
        if replaced is None:
            replaced = Regulation.objects.create(
                province=province,
                programme=_programme_of_year(document.replaces_signed_on.year) or programme,
                number=document.replaces_number,
                title=document.replaces_title or "Quy chế phối hợp thực hiện nhiệm vụ cải cách hành chính",
                issuer=document.issuer,
                signed_on=document.replaces_signed_on,
                effective_from=document.replaces_signed_on,
                status=Regulation.Status.ISSUED,
                has_text=False,
                note="Văn bản được thay thế; hệ thống chỉ biết số và ngày của văn bản này.",
            )
    else:
        replaced = _in_force_without_end(province, document.effective_from)
    _check_replacement(replaced, document.effective_from, document.line("effective_from"), errors)
    later = Regulation.objects.filter(
        province=province, status=Regulation.Status.ISSUED, effective_from__gte=document.effective_from
    ).exclude(pk=getattr(replaced, "pk", None))
    for other in later:
        errors.append(
            UserError(
                f"{other} có hiệu lực từ {format_date(other.effective_from)}, không trước "
                f"ngày hiệu lực {format_date(document.effective_from)} của quy chế này.",
                line=document.line("effective_from"),
            )
        )
    return replaced


def _programme_of_year(year: int) -> ReformProgramme | None:
    return ReformProgramme.objects.filter(start_year__lte=year, end_year__gte=year).first()


def _in_force_without_end(province: Province, on: dt.date) -> Regulation | None:
    return (
        Regulation.objects.filter(province=province, status=Regulation.Status.ISSUED, effective_to__isnull=True)
        .order_by("-effective_from")
        .first()
    )


def _check_replacement(replaced: Regulation | None, effective_from: dt.date, line: int, errors) -> None:
    if replaced is not None and effective_from <= replaced.effective_from:
        errors.append(
            UserError(
                f"Ngày hiệu lực {format_date(effective_from)} không sau ngày hiệu lực "
                f"{format_date(replaced.effective_from)} của {replaced} mà quy chế này thay thế.",
                line=line,
            )
        )


def _end(replaced: Regulation, successor: Regulation, actor) -> None:
    """REG-2: the old regulation ends on the new one's effective date and stays readable."""
    before = audit.snapshot(replaced)
    replaced.effective_to = successor.effective_from
    replaced.version += 1
    replaced.save(update_fields=["effective_to", "version"])
    successor.replaces = replaced
    successor.save(update_fields=["replaces"])
    audit.record(
        actor=actor,
        obj=replaced,
        action=AuditEntry.Action.END,
        province=replaced.province,
        before=before,
        after=audit.snapshot(replaced),
        summary=f"Được thay thế bởi {successor}",
    )


def _set_party(responsibility: Responsibility, party: Party) -> None:
    responsibility.agency = party if isinstance(party, Agency) else None
    responsibility.group = party if isinstance(party, AgencyGroup) else None


# --- exporting ----------------------------------------------------------------------------------------------


def export_regulation(regulation: Regulation) -> RegulationDocument:
    """The regulation as the document `load_regulation` reads (cchc export-regulation)."""
    replaced = regulation.replaces
    rows = regulation.responsibilities.select_related("area", "topic", "agency", "group").order_by("order", "id")
    return RegulationDocument(
        province=regulation.province.name,
        programme=regulation.programme.code,
        number=regulation.number,
        title=regulation.title,
        issuer=regulation.issuer,
        signed_on=regulation.signed_on,
        effective_from=regulation.effective_from,
        standing_agency=regulation.standing_agency.name if regulation.standing_agency_id else "",
        standing_article=regulation.standing_article,
        source=regulation.source,
        note=regulation.note,
        replaces_number=replaced.number if replaced else "",
        replaces_signed_on=replaced.signed_on if replaced else None,
        replaces_title=replaced.title if replaced and not replaced.has_text else "",
        proposal_deadline=regulation.proposal_deadline,
        proposal_deadline_article=regulation.proposal_deadline_article,
        meeting_cadence=regulation.meeting_cadence,
        meeting_article=regulation.meeting_article,
        responsibilities=[
            ResponsibilityEntry(subject=r.subject_code, role=r.role, party=r.party.name, article=r.article, note=r.note)
            for r in rows
        ],
    )


# --- editing in the app -------------------------------------------------------------------------------------


def _check_editable(regulation: Regulation, on: dt.date) -> None:
    if regulation.is_issued and not regulation.is_in_force_on(on):
        raise UserError("Quy chế đã hết hiệu lực hoặc chưa có hiệu lực chỉ được xem, không được sửa.")
    if not regulation.has_text:
        raise UserError("Quy chế này chỉ có số và ngày trong hệ thống; không sửa được nội dung.")


@transaction.atomic
def create_draft(province: Province, *, actor, fields: dict, copy_from: Regulation | None = None) -> Regulation:
    """A new draft regulation, optionally starting from the responsibilities of another one."""
    regulation = Regulation(province=province, status=Regulation.Status.DRAFT, **fields)
    _validate_header(regulation)
    regulation.save()
    if copy_from is not None:
        for row in copy_from.responsibilities.all():
            row.pk = None
            row.regulation = regulation
            row.save()
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.CREATE,
        province=province,
        after=audit.snapshot(regulation),
        summary=f"Dự thảo mới từ {copy_from}" if copy_from else "Dự thảo mới",
    )
    return regulation


def _validate_header(regulation: Regulation) -> None:
    if regulation.standing_agency_id and regulation.standing_agency.province_id != regulation.province_id:
        raise UserError("Cơ quan thường trực phải là cơ quan của tỉnh.")
    if bool(regulation.proposal_deadline_day) != bool(regulation.proposal_deadline_month):
        raise UserError("Hạn gửi đề xuất cần cả ngày và tháng.")
    if regulation.proposal_deadline_day:
        try:
            dt.date(2024, regulation.proposal_deadline_month, regulation.proposal_deadline_day)
        except ValueError as exc:
            raise UserError("Hạn gửi đề xuất không phải là một ngày trong năm.") from exc
    if regulation.effective_from < regulation.signed_on:
        raise UserError("Ngày có hiệu lực không được trước ngày ký.")


@transaction.atomic
def update_regulation(regulation: Regulation, *, actor, fields: dict, expected_version: int, on: dt.date):
    """Edit the header; refused if someone else saved the regulation since the form was opened."""
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    _check_editable(regulation, on)
    if regulation.version != expected_version:
        raise UserError("Quy chế vừa được người khác sửa. Hãy tải lại trang để xem thay đổi rồi sửa lại.")
    before = audit.snapshot(regulation)
    for name, value in fields.items():
        setattr(regulation, name, value)
    _validate_header(regulation)
    if regulation.is_issued and regulation.replaces_id:
        errors: list[UserError] = []
        _check_replacement(regulation.replaces, regulation.effective_from, 0, errors)
        if errors:
            raise UserError(errors[0].message)
    regulation.version += 1
    regulation.save()
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.UPDATE,
        province=regulation.province,
        before=before,
        after=audit.snapshot(regulation),
    )
    return regulation


def _responsibility_snapshot(row: Responsibility) -> dict[str, str]:
    return {
        "Lĩnh vực, nội dung": str(row.subject),
        "Vai trò": row.get_role_display(),
        "Cơ quan": str(row.party),
        "Điều khoản": row.article,
        "Ghi chú": row.note,
    }


@transaction.atomic
def add_responsibility(
    regulation: Regulation,
    *,
    actor,
    subject_code: str,
    role: str,
    party: Party,
    article: str,
    note: str = "",
    on: dt.date,
) -> Responsibility:
    """REG-1: assign a role for an area or topic; REG-3 holds (one lead, never its own coordinator)."""
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    _check_editable(regulation, on)
    if role not in ResponsibilityRole.values:
        raise UserError("Vai trò không hợp lệ.")
    if party.province_id != regulation.province_id:
        raise UserError("Cơ quan phải thuộc tỉnh của quy chế.")
    subjects = SubjectIndex(regulation.programme)
    code = subjects.code(subject_code)
    if code is None:
        raise UserError("Lĩnh vực hoặc nội dung không hợp lệ.")
    existing = [
        checks.Row(r.subject_code, r.role, party_key(r.party), r.party.name)
        for r in regulation.responsibilities.select_related("area", "topic", "agency", "group")
    ]
    problems = checks.responsibility_problems([*existing, checks.Row(code, role, party_key(party), party.name)])
    if problems:
        raise UserError(problems[0][1])
    row = Responsibility(
        regulation=regulation, role=role, article=article.strip(), note=note.strip(), order=len(existing)
    )
    subjects.assign(row, code)
    _set_party(row, party)
    row.save()
    regulation.version += 1
    regulation.save(update_fields=["version"])
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.ADD,
        province=regulation.province,
        after=_responsibility_snapshot(row),
        summary=f"Thêm trách nhiệm: {row}",
    )
    return row


@transaction.atomic
def remove_responsibility(row: Responsibility, *, actor, on: dt.date) -> None:
    regulation = Regulation.objects.select_for_update().get(pk=row.regulation_id)
    _check_editable(regulation, on)
    before = _responsibility_snapshot(row)
    label = str(row)
    row.delete()
    regulation.version += 1
    regulation.save(update_fields=["version"])
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.REMOVE,
        province=regulation.province,
        before=before,
        summary=f"Gỡ trách nhiệm: {label}",
    )


@transaction.atomic
def issue_regulation(regulation: Regulation, *, actor) -> Regulation:
    """REG-2: issuing a draft puts it in force from its effective date and ends the one it replaces."""
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    if regulation.is_issued:
        raise UserError("Quy chế này đã được ban hành.")
    if not regulation.number.strip():
        raise UserError("Cần nhập số, ký hiệu của quyết định trước khi ban hành.")
    if regulation.standing_agency_id is None:
        raise UserError("Cần chọn cơ quan thường trực trước khi ban hành.")
    if not regulation.responsibilities.exists():
        raise UserError("Quy chế chưa có trách nhiệm nào; hãy thêm trách nhiệm trước khi ban hành.")
    replaced = _in_force_without_end(regulation.province, regulation.effective_from)
    errors: list[UserError] = []
    _check_replacement(replaced, regulation.effective_from, 0, errors)
    if errors:
        raise UserError(errors[0].message)
    before = audit.snapshot(regulation)
    regulation.status = Regulation.Status.ISSUED
    regulation.version += 1
    regulation.save(update_fields=["status", "version"])
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.ISSUE,
        province=regulation.province,
        before=before,
        after=audit.snapshot(regulation),
    )
    if replaced is not None:
        _end(replaced, regulation, actor)
    return regulation

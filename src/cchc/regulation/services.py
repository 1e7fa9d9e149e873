"""Every write to regulations: load from a file, export, draft, edit, add/remove responsibilities, issue.

Each write is one transaction with its audit entry (U-3). Bad input raises UserError/UserErrors with a
Vietnamese message and changes nothing.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from cchc.agencies.models import Agency, AgencyGroup
from cchc.agencies.queries import NameIndex, default_issuer
from cchc.core import audit, rules
from cchc.core.dates import format_date
from cchc.core.errors import UserError, UserErrors, constraint_message
from cchc.core.models import AuditEntry, Province
from cchc.core.text import fold
from cchc.regulation import checks
from cchc.regulation.fileformat import RegulationDocument, ResponsibilityEntry
from cchc.regulation.models import (
    HEADER_FIELD_ORDER,
    AssessedScope,
    ReformArea,
    ReformProgramme,
    Regulation,
    Replacement,
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


@dataclass
class _Resolved:
    """A regulation document read against the province's agencies and the programme's areas and topics."""

    province: Province
    programme: ReformProgramme
    standing: Party | None
    rows: list[tuple[ResponsibilityEntry, str, Party]]
    subjects: "SubjectIndex"
    errors: list[UserError]


def _resolve_document(document: RegulationDocument) -> _Resolved:
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
        [
            checks.Row(code, e.role, party_key(p), p.name, e.line, checks.scope_key(e.assessed_kinds, e.assessed_scope))
            for e, code, p in rows
        ]
    ):
        errors.append(UserError(message, line=line))

    existing = _same_document(province, document)
    if existing is not None:
        errors.append(UserError(f"{existing} đã có trong hệ thống.", line=document.line("number")))
    return _Resolved(province, programme, standing, rows, subjects, errors)


def _header_from_document(document: RegulationDocument, resolved: _Resolved) -> dict:
    return {
        "province": resolved.province,
        "programme": resolved.programme,
        "number": document.number,
        "title": document.title,
        "issuer": document.issuer,
        "signed_on": document.signed_on,
        "effective_from": document.effective_from,
        "standing_agency": resolved.standing,
        "standing_article": document.standing_article,
        "proposal_deadline_day": document.proposal_deadline[0] if document.proposal_deadline else None,
        "proposal_deadline_month": document.proposal_deadline[1] if document.proposal_deadline else None,
        "proposal_deadline_article": document.proposal_deadline_article,
        "meeting_cadence": document.meeting_cadence,
        "meeting_article": document.meeting_article,
        "source": document.source,
        "note": document.note,
    }


def _create_rows(regulation: Regulation, resolved: _Resolved) -> list[Responsibility]:
    created = []
    for order, (entry, code, party) in enumerate(resolved.rows):
        responsibility = Responsibility(
            regulation=regulation,
            role=entry.role,
            article=entry.article,
            note=entry.note,
            order=order,
            assessed_kinds=list(entry.assessed_kinds),
            assessed_scope=entry.assessed_scope,
        )
        resolved.subjects.assign(responsibility, code)
        _set_party(responsibility, party)
        responsibility.save()
        created.append(responsibility)
    return created


@transaction.atomic
def load_regulation(document: RegulationDocument, *, actor=None) -> Regulation:
    """REG-1, REG-5: record an issued regulation from a file (the admin command `cchc load-regulation` and the
    demo); it replaces the one before it (REG-2), which ends on its effective date and stays readable."""
    resolved = _resolve_document(document)
    errors = resolved.errors
    replaced = _replaced_for_load(resolved.province, resolved.programme, document, errors)
    if errors:
        raise UserErrors(sorted(errors, key=lambda e: e.line or 0))

    with constraint_message(ONE_OPEN_REGULATION):
        ended = _close(replaced, document.effective_from) if replaced is not None else None
        regulation = Regulation.objects.create(
            status=Regulation.Status.ISSUED, replaces=replaced, **_header_from_document(document, resolved)
        )
    rows = _create_rows(regulation, resolved)
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.LOAD,
        province=resolved.province,
        after=audit.snapshot(regulation),
        summary=f"Nạp từ tệp với {len(rows)} trách nhiệm",
    )
    if ended is not None:
        _record_end(replaced, ended, regulation, actor)
    return regulation


@transaction.atomic
def draft_from_document(document: RegulationDocument, *, actor) -> Regulation:
    """SEC-2: a regulation read from a document (the ingest) is saved as a DRAFT, never as issued. Nothing
    changes (neither routing nor who holds the standing agency's powers) until the standing agency's leader
    issues it with `issue_regulation`; for a document issued long ago that records it as issued, keeping its
    number and dates. The same checks as a regulation file apply (REG-1, REG-3); bad input raises UserErrors."""
    resolved = _resolve_document(document)
    errors = resolved.errors
    if document.effective_from is None:
        errors.append(UserError("Cần nhập ngày có hiệu lực của quy chế.", line=document.line("effective_from")))
    if errors:
        raise UserErrors(sorted(errors, key=lambda e: e.line or 0))
    if actor is not None:
        _require_edit(actor, resolved.province)
    header = _header_from_document(document, resolved)
    regulation = Regulation(status=Regulation.Status.DRAFT, kind=Regulation.Kind.NEW, **header)
    _validate_header(regulation)
    regulation.save()
    rows = _create_rows(regulation, resolved)
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.CREATE,
        province=resolved.province,
        after=audit.snapshot(regulation),
        summary=f"Dự thảo nhập từ văn bản với {len(rows)} trách nhiệm",
    )
    _record_rows(regulation, rows, actor, summary=f"Nhập {len(rows)} trách nhiệm từ văn bản")
    return regulation


def _same_document(province: Province, document: RegulationDocument) -> Regulation | None:
    candidates = Regulation.objects.filter(province=province, signed_on=document.signed_on, has_text=True)
    if document.number:
        return candidates.filter(number=document.number).first()
    return candidates.filter(number="", title=document.title).first()


def _replaced_for_load(province, programme, document: RegulationDocument, errors) -> Regulation | None:
    """The regulation this file ends: the one it names (recorded as a reference, already ended, if the system
    lacks its text), or else the open-ended one in force."""
    if document.effective_from is None:
        return None
    if document.replaces_signed_on:
        replaced = Regulation.objects.filter(
            province=province, number=document.replaces_number, signed_on=document.replaces_signed_on
        ).first()
        if replaced is None:
            if document.effective_from <= document.replaces_signed_on:
                errors.append(
                    UserError(
                        f"Ngày hiệu lực {format_date(document.effective_from)} không sau ngày "
                        f"{format_date(document.replaces_signed_on)} của văn bản được thay thế.",
                        line=document.line("effective_from"),
                    )
                )
                return None
            # A reference to the replaced document: issued long ago, ended by this one (has_text=False).
            replaced = Regulation.objects.create(
                province=province,
                programme=_programme_of_year(document.replaces_signed_on.year) or programme,
                number=document.replaces_number,
                title=document.replaces_title or "Quy chế phối hợp thực hiện nhiệm vụ cải cách hành chính",
                issuer=document.issuer,
                signed_on=document.replaces_signed_on,
                effective_from=document.replaces_signed_on,
                effective_to=document.effective_from,
                status=Regulation.Status.ISSUED,
                has_text=False,
                note="Văn bản được thay thế; hệ thống chỉ biết số và ngày của văn bản này.",
            )
            audit.record(
                actor=None,
                obj=replaced,
                action=AuditEntry.Action.LOAD,
                province=province,
                after=audit.snapshot(replaced),
                summary="Ghi nhận văn bản được thay thế (chỉ có số và ngày)",
            )
    else:
        replaced = _open_regulation(province)
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


def _open_regulation(province: Province, *, lock: bool = False) -> Regulation | None:
    """The latest issued regulation without an end date: the one a new regulation or an amendment supersedes.
    With lock, its row is locked (select_for_update) until the transaction ends (SEC-5)."""
    query = Regulation.objects.filter(province=province, status=Regulation.Status.ISSUED, effective_to__isnull=True)
    if lock:
        query = query.select_for_update()
    return query.order_by("-effective_from", "-id").first()


def _check_replacement(replaced: Regulation | None, effective_from: dt.date, line: int, errors) -> None:
    if replaced is not None and effective_from <= replaced.effective_from:
        errors.append(
            UserError(
                f"Ngày hiệu lực {format_date(effective_from)} không sau ngày hiệu lực "
                f"{format_date(replaced.effective_from)} của {replaced} mà quy chế này thay thế.",
                line=line,
            )
        )


def _close(replaced: Regulation, on: dt.date) -> dict[str, str] | None:
    """REG-2: the old regulation ends on the new one's effective date and stays readable. Done before the new
    one is saved as issued, so that the one-open-regulation constraint holds at every statement."""
    if replaced.effective_to is not None:  # a reference recorded already ended by the document that names it
        return None
    before = audit.snapshot(replaced)
    replaced.effective_to = on
    replaced.version += 1
    replaced.save(update_fields=["effective_to", "version"])
    return before


def _record_end(replaced: Regulation, before: dict[str, str], successor: Regulation, actor) -> None:
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
            ResponsibilityEntry(
                subject=r.subject_code,
                role=r.role,
                party=r.party.name,
                article=r.article,
                note=r.note,
                assessed_kinds=list(r.assessed_kinds),
                assessed_scope=r.assessed_scope,
            )
            for r in rows
        ],
    )


# --- drafts, amendments and issuing (U-3, REG-2, SEC-1, SEC-2) ---------------------------------------------
#
# An issued regulation is never changed in place. Standing-agency staff (leader or focal officer) prepare a
# draft: a new regulation, an amendment (sửa đổi, bổ sung) or a correction of a typing error (đính chính),
# started from the regulation in force with its rows copied. Only the standing agency's leader issues it; it
# takes effect from its effective date and the one it supersedes ends that day and stays readable. The
# standing agency that holds these powers is the one of the regulation in force, never the one a draft names.

ONE_OPEN_REGULATION = {
    "one_open_regulation_per_programme": (
        "Một quy chế khác vừa được ban hành cùng lúc; tỉnh chỉ có một quy chế phối hợp đang có hiệu lực. "
        "Hãy tải lại trang để xem quy chế đang có hiệu lực."
    )
}
HEADER_FIELDS = frozenset(HEADER_FIELD_ORDER)


def _require_edit(actor, province: Province) -> None:
    if not rules.can(actor, "regulation.edit", province):
        raise UserError("Chỉ lãnh đạo hoặc cán bộ đầu mối của cơ quan thường trực mới được soạn dự thảo quy chế.")


def _require_issue(actor, province: Province) -> None:
    if actor is None or not rules.can(actor, "regulation.issue", province):
        raise UserError("Chỉ lãnh đạo cơ quan thường trực (theo quy chế đang có hiệu lực) mới được ban hành quy chế.")


def _check_editable(regulation: Regulation) -> None:
    """U-3: only a draft is edited; an issued regulation changes only by an amendment or a new regulation."""
    if not regulation.is_draft:
        raise UserError(
            "Quy chế đã ban hành không được sửa trực tiếp. Hãy soạn văn bản sửa đổi, bổ sung (hoặc đính chính) "
            "để lãnh đạo cơ quan thường trực ban hành."
        )


def _row_label(row: Responsibility) -> str:
    scope = f" [{row.scope_label}]" if row.is_scoped else ""
    return f"{row.subject}: {row.get_role_display()} — {row.party}{scope}" + (
        f" ({row.article})" if row.article else ""
    )


def _record_rows(regulation: Regulation, rows: list[Responsibility], actor, *, summary: str) -> None:
    """U-3: one entry per draft naming every row written into it (a copy or an import)."""
    if not rows:
        return
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.ADD,
        province=regulation.province,
        after={f"Trách nhiệm {n}": str(row) for n, row in enumerate(rows, start=1)},
        summary=summary,
    )


@transaction.atomic
def create_draft(
    province: Province,
    *,
    actor,
    fields: dict,
    copy_from: Regulation | None = None,
    kind: str = Regulation.Kind.NEW,
    reason: str = "",
) -> Regulation:
    """A new draft: a new regulation, or (kind amendment/correction) an amendment of the regulation in force,
    started from its rows, with its reason. Standing-agency staff only; nothing is issued here."""
    _require_edit(actor, province)
    if kind not in Regulation.Kind.values:
        raise UserError("Loại văn bản không hợp lệ.")
    unknown = set(fields) - HEADER_FIELDS
    if unknown:
        raise UserError("Dữ liệu không hợp lệ.")
    if copy_from is not None and copy_from.province_id != province.pk:
        raise UserError("Quy chế nguồn không thuộc tỉnh này.")
    fields = {**fields, "reason": (reason or fields.get("reason") or "").strip()}
    if kind != Regulation.Kind.NEW:
        base = _open_regulation(province)
        if copy_from is None or base is None or copy_from.pk != base.pk:
            raise UserError(
                "Chỉ soạn sửa đổi, bổ sung hoặc đính chính từ quy chế đang có hiệu lực (quy chế mới nhất đã ban hành)."
            )
    based_on = copy_from if copy_from is not None and copy_from.is_issued else None
    regulation = Regulation(province=province, status=Regulation.Status.DRAFT, kind=kind, based_on=based_on, **fields)
    _validate_header(regulation)
    regulation.save()
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.CREATE,
        province=province,
        after=audit.snapshot(regulation),
        summary=f"{regulation.get_kind_display()}: dự thảo mới từ {copy_from}" if copy_from else "Dự thảo mới",
    )
    if copy_from is not None:
        copied = []
        for row in copy_from.responsibilities.select_related("area", "topic", "agency", "group").order_by(
            "order", "id"
        ):
            row.pk = None
            row.id = None
            row._state.adding = True
            row.regulation = regulation
            row.save()
            copied.append(row)
        _record_rows(regulation, copied, actor, summary=f"Chép {len(copied)} trách nhiệm từ {copy_from}")
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
    if regulation.needs_reason and not regulation.reason.strip():
        what = "đính chính" if regulation.kind == Regulation.Kind.CORRECTION else "sửa đổi, bổ sung"
        raise UserError(f"Cần ghi lý do {what}.")


@transaction.atomic
def update_regulation(regulation: Regulation, *, actor, fields: dict, expected_version: int):
    """Edit the header of a draft; refused for an issued regulation (U-3) and if someone else saved the draft
    since the form was opened."""
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    _check_editable(regulation)
    _require_edit(actor, regulation.province)
    if set(fields) - HEADER_FIELDS:
        raise UserError("Dữ liệu không hợp lệ.")
    if regulation.version != expected_version:
        raise UserError("Quy chế vừa được người khác sửa. Hãy tải lại trang để xem thay đổi rồi sửa lại.")
    before = audit.snapshot(regulation)
    for name, value in fields.items():
        setattr(regulation, name, value)
    _validate_header(regulation)
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
    } | ({"Phạm vi cơ quan được đánh giá": row.scope_label} if row.is_scoped else {})


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
    assessed_kinds=(),
    assessed_scope: str = AssessedScope.ALL,
) -> Responsibility:
    """REG-1: assign a role for an area or topic in a draft; REG-3 holds (one lead, never its own coordinator).
    IDX-4: an appraisal row may concern only some assessed agencies (their kinds; those under the named agency)."""
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    _check_editable(regulation)
    _require_edit(actor, regulation.province)
    if role not in ResponsibilityRole.values:
        raise UserError("Vai trò không hợp lệ.")
    if party.province_id != regulation.province_id:
        raise UserError("Cơ quan phải thuộc tỉnh của quy chế.")
    assessed_kinds = list(assessed_kinds)
    problem = checks.scope_problem(role, assessed_kinds, assessed_scope)
    if problem:
        raise UserError(problem)
    scope = checks.scope_key(assessed_kinds, assessed_scope)
    subjects = SubjectIndex(regulation.programme)
    code = subjects.code(subject_code)
    if code is None:
        raise UserError("Lĩnh vực hoặc nội dung không hợp lệ.")
    existing = [
        checks.Row(
            r.subject_code,
            r.role,
            party_key(r.party),
            r.party.name,
            scope=checks.scope_key(r.assessed_kinds, r.assessed_scope),
        )
        for r in regulation.responsibilities.select_related("area", "topic", "agency", "group")
    ]
    problems = checks.responsibility_problems(
        [*existing, checks.Row(code, role, party_key(party), party.name, scope=scope)]
    )
    if problems:
        raise UserError(problems[0][1])
    row = Responsibility(
        regulation=regulation,
        role=role,
        article=article.strip(),
        note=note.strip(),
        order=len(existing),
        assessed_kinds=assessed_kinds,
        assessed_scope=assessed_scope,
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
def remove_responsibility(row: Responsibility, *, actor) -> None:
    regulation = Regulation.objects.select_for_update().get(pk=row.regulation_id)
    _check_editable(regulation)
    _require_edit(actor, regulation.province)
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
    """REG-2, SEC-1: the standing agency's leader issues a draft (a new regulation, an amendment, a correction,
    or a document issued long ago recorded as issued). It takes effect from its effective date; the open-ended
    regulation it supersedes is locked, ends that day and stays readable. Routing for dates before the
    effective date is unchanged."""
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    province = regulation.province
    _require_issue(actor, province)
    if regulation.is_issued:
        raise UserError("Quy chế này đã được ban hành.")
    if not regulation.number.strip():
        raise UserError("Cần nhập số, ký hiệu của quyết định trước khi ban hành.")
    if regulation.standing_agency_id is None:
        raise UserError("Cần chọn cơ quan thường trực trước khi ban hành.")
    if not regulation.responsibilities.exists():
        raise UserError("Quy chế chưa có trách nhiệm nào; hãy thêm trách nhiệm trước khi ban hành.")
    if regulation.needs_reason and not regulation.reason.strip():
        raise UserError("Cần ghi lý do sửa đổi, bổ sung hoặc đính chính trước khi ban hành.")
    replaced = _open_regulation(province, lock=True)
    if regulation.needs_reason and (replaced is None or replaced.pk != regulation.based_on_id):
        raise UserError(
            f"Quy chế đang có hiệu lực đã thay đổi kể từ khi soạn dự thảo này ({regulation.based_on}); "
            "hãy soạn lại sửa đổi, bổ sung từ quy chế đang có hiệu lực."
        )
    later = (
        Regulation.objects.filter(
            province=province, status=Regulation.Status.ISSUED, effective_from__gte=regulation.effective_from
        )
        .order_by("-effective_from")
        .first()
    )
    if later is not None:
        raise UserError(
            f"Quy chế này có hiệu lực từ {format_date(regulation.effective_from)}, không sau ngày hiệu lực "
            f"{format_date(later.effective_from)} của {later} đã ban hành. Ban hành (hoặc ghi nhận) văn bản này "
            "sẽ làm sai lịch sử các quy chế, nên không thực hiện được; nếu văn bản là bản cũ, không cần ghi nhận."
        )
    before = audit.snapshot(regulation)
    with constraint_message(ONE_OPEN_REGULATION):
        ended = _close(replaced, regulation.effective_from) if replaced is not None else None
        regulation.status = Regulation.Status.ISSUED
        regulation.replaces = replaced
        regulation.version += 1
        regulation.save(update_fields=["status", "replaces", "version"])
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.ISSUE,
        province=province,
        before=before,
        after=audit.snapshot(regulation),
        summary=f"{regulation.get_kind_display()}"
        + (f"; lý do: {regulation.reason}" if regulation.reason else "")
        + (f"; thay thế {replaced} từ {format_date(regulation.effective_from)}" if replaced else ""),
    )
    if ended is not None:
        _record_end(replaced, ended, regulation, actor)
    return regulation


# --- a draft from a predecessor province's regulation (ORG-5, REG-2, REG-4) ------------------------------------
#
# A province formed by a merger has no regulation of its own at first, and routing there answers that plainly
# (nothing is routed from an old province's regulation). Its standing agency may start a draft from a
# predecessor's issued regulation: every agency is replaced by the one of the new province that carries its work
# (following successors), every group by the group of the same name; each replacement is recorded for a person
# to check, and a row whose agency or group has no counterpart is not copied but listed as needing a choice.


def _lower_title(province: Province) -> str:
    """ "tỉnh Quảng Nam", "thành phố Đà Nẵng": the title as written inside a sentence."""
    return f"{province.kind} {province.name}"


class _SuccessorMap:
    """Agencies and groups of an old province mapped to those of the province that succeeded it, on a date."""

    def __init__(self, province: Province, on: dt.date):
        self.province, self.on = province, on
        self._agencies: dict[int, Agency | None] = {}
        self._groups: dict[str, AgencyGroup] = {}
        self._live_groups: dict[int, bool] = {}
        for group in AgencyGroup.objects.filter(province=province):
            for name in group.names:
                self._groups.setdefault(fold(name), group)

    def agency(self, agency: Agency | None) -> Agency | None:
        if agency is None:
            return None
        if agency.pk not in self._agencies:
            current = agency.current(self.on)
            found = current.province_id == self.province.pk and current.is_active_on(self.on)
            self._agencies[agency.pk] = current if found else None
        return self._agencies[agency.pk]

    def group(self, group: AgencyGroup) -> AgencyGroup | None:
        """The group of the same name, if it holds any agency on the date ("UBND cấp huyện" holds none after
        30/06/2025: its rows need a choice, not a silent copy)."""
        found = next((self._groups[fold(n)] for n in group.names if fold(n) in self._groups), None)
        if found is not None and found.pk not in self._live_groups:
            self._live_groups[found.pk] = bool(found.resolve(self.on))
        return found if found is not None and self._live_groups[found.pk] else None

    def party(self, row: Responsibility) -> Party | None:
        return self.agency(row.agency) if row.agency_id else self.group(row.group)


def _check_source(province: Province, source: Regulation, on: dt.date) -> None:
    predecessor = source.province
    if predecessor.successor_id != province.pk:
        raise UserError(f"{source} không phải quy chế của một tỉnh đã hợp nhất vào {province.title}.")
    if not source.is_issued:
        raise UserError(f"{source} chưa ban hành (là dự thảo); chỉ soạn từ quy chế đã ban hành.")
    if not source.has_text:
        raise UserError(f"Hệ thống chỉ biết số và ngày của {source}, không có trách nhiệm nào để soạn từ đó.")
    if province.valid_to is not None and province.valid_to < on:
        raise UserError(f"{province.title} đã chấm dứt hoạt động; không soạn quy chế mới cho tỉnh này.")
    existing = Regulation.objects.filter(province=province, based_on=source, status=Regulation.Status.DRAFT).first()
    if existing is not None:
        raise UserError(
            f"{province.title} đã có dự thảo soạn từ {source} của {predecessor.title}; "
            "hãy mở dự thảo đó để kiểm tra và ban hành."
        )


@transaction.atomic
def draft_from_predecessor(province: Province, source: Regulation, *, actor, on: dt.date) -> Regulation:
    """ORG-5, REG-2, REG-4: a DRAFT regulation of `province` (kind new) started from `source`, an issued regulation
    of one of its predecessors. The header is copied (the issuer and the province's name made the new
    province's), the standing agency and every agency replaced by the agency of `province` that carries its work
    on the later of `on` and the merger date (following successors), every group by the group of `province` of the
    same name (accents, case and aliases ignored). Each replacement is recorded (`Replacement`); a row with no
    counterpart is not copied and is listed as needing a choice, a row that would repeat another (REG-3) is not
    copied either. Nothing routes from it until the standing agency's leader issues it (`issue_regulation`).
    The standing agency's staff of `province` only; actor None is the system (the demo)."""
    if actor is not None and not rules.can(actor, "regulation.draft_from_predecessor", province):
        raise UserError(
            f"Chỉ lãnh đạo hoặc cán bộ đầu mối của cơ quan thường trực của {province.title} mới được soạn dự thảo "
            "từ quy chế của tỉnh đã hợp nhất."
        )
    # Locking the source serialises two clicks on the same button (the second finds the first's draft). Only its
    # own row: PostgreSQL refuses FOR UPDATE on the nullable side of the standing agency's outer join.
    source = (
        Regulation.objects.select_for_update(of=("self",))
        .select_related("province", "standing_agency")
        .get(pk=source.pk)
    )
    _check_source(province, source, on)
    predecessor = source.province
    at = max(on, predecessor.merged_on) if predecessor.merged_on else on
    successors = _SuccessorMap(province, at)
    replacements: list[Replacement] = []

    def note(subject: str, role: str, article: str, before: str, after: str, outcome: str) -> None:
        replacements.append(
            Replacement(
                subject=subject,
                role=role,
                article=article,
                before=before,
                after=after,
                outcome=outcome,
                order=len(replacements),
            )
        )

    standing = successors.agency(source.standing_agency) or province.standing_agency
    if source.standing_agency_id:
        note(
            "Cơ quan thường trực",
            "",
            source.standing_article,
            source.standing_agency.name,
            standing.name if standing else "",
            Replacement.Outcome.REPLACED if standing else Replacement.Outcome.NO_SUCCESSOR,
        )
    issuer = default_issuer(province, at) or source.issuer
    if issuer != source.issuer:
        note("Cơ quan ban hành", "", "", source.issuer, issuer, Replacement.Outcome.REPLACED)
    title = source.title
    for old, new in [(predecessor.title, province.title), (_lower_title(predecessor), _lower_title(province))]:
        title = title.replace(old, new)
    if title != source.title:
        note("Trích yếu", "", "", source.title, title, Replacement.Outcome.REPLACED)

    # Map every row first: whether a coordinator repeats the lead (REG-3) depends on the rows after it.
    rows = list(source.responsibilities.select_related("area", "topic", "agency", "group").order_by("order", "id"))
    mapped = [(row, successors.party(row)) for row in rows]
    leads = {
        row.subject_code: party_key(p) for row, p in mapped if p is not None and row.role == ResponsibilityRole.LEAD
    }
    copied: list[Responsibility] = []
    seen: set[tuple[str, str, str, str]] = set()
    for row, party in mapped:
        scope = checks.scope_key(row.assessed_kinds, row.assessed_scope)
        key = (row.subject_code, row.role, party_key(party), scope) if party is not None else None
        if party is None:
            outcome = Replacement.Outcome.NO_SUCCESSOR
        elif key in seen or (row.role == ResponsibilityRole.COORDINATE and leads.get(row.subject_code) == key[2]):
            outcome = Replacement.Outcome.MERGED
        else:
            outcome = Replacement.Outcome.REPLACED
            seen.add(key)
            copy = Responsibility(
                area=row.area,
                topic=row.topic,
                role=row.role,
                article=row.article,
                note=row.note,
                order=len(copied),
                assessed_kinds=list(row.assessed_kinds),
                assessed_scope=row.assessed_scope,
            )
            _set_party(copy, party)
            copied.append(copy)
        note(
            str(row.subject), row.get_role_display(), row.article, row.party.name, party.name if party else "", outcome
        )

    reason = f"Xây dựng trên cơ sở quy chế {source.number} của {predecessor.title}"
    regulation = Regulation(
        province=province,
        programme=source.programme,
        title=title,
        issuer=issuer,
        signed_on=on,
        effective_from=on,
        standing_agency=standing,
        standing_article=source.standing_article,
        proposal_deadline_day=source.proposal_deadline_day,
        proposal_deadline_month=source.proposal_deadline_month,
        proposal_deadline_article=source.proposal_deadline_article,
        meeting_cadence=source.meeting_cadence,
        meeting_article=source.meeting_article,
        note=(
            f"Dự thảo soạn từ {source} của {predecessor.title}; cần kiểm tra các cơ quan được thay thế, nhập số, "
            "ngày ký và ngày có hiệu lực trước khi ban hành."
        ),
        status=Regulation.Status.DRAFT,
        kind=Regulation.Kind.NEW,
        reason=reason,
        based_on=source,
    )
    _validate_header(regulation)
    regulation.save()
    # U-3: saved one by one (not bulk_create) so that the audit log records each row, as every other write does.
    for row in [*copied, *replacements]:
        row.regulation = regulation
        row.save()
    needing = sum(r.needs_choice for r in replacements)
    audit.record(
        actor=actor,
        obj=regulation,
        action=AuditEntry.Action.CREATE,
        province=province,
        after=audit.snapshot(regulation),
        summary=f"Dự thảo từ {source} của {predecessor.title}: {len(copied)} trách nhiệm chép, "
        f"{needing} cần chọn cơ quan",
    )
    _record_rows(regulation, copied, actor, summary=f"Chép {len(copied)} trách nhiệm từ {source} (đã thay cơ quan)")
    return regulation

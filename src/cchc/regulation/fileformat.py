"""The regulation file (docs/data-formats.md): parse it into a plain structure, and write it back.

Pure: no database. Names of agencies stay as written; the services resolve them against the province.
"""

import datetime as dt
from dataclasses import dataclass, field

from cchc.core import yamlfile
from cchc.core.errors import UserError, UserErrors
from cchc.core.yamlfile import Mapping, check_keys, quote, text
from cchc.regulation.checks import scope_problem
from cchc.regulation.models import AssessedScope, MeetingCadence, ResponsibilityRole

ROLES = [role.value for role in ResponsibilityRole]
CADENCES = [cadence.value for cadence in MeetingCadence]


@dataclass
class ResponsibilityEntry:
    subject: str
    role: str
    party: str
    article: str = ""
    note: str = ""
    line: int = 0
    subject_line: int = 0
    # IDX-4: an appraisal row may concern only some assessed agencies (kinds; those under the named agency)
    assessed_kinds: list[str] = field(default_factory=list)
    assessed_scope: str = AssessedScope.ALL


@dataclass
class RegulationDocument:
    province: str
    programme: str
    number: str
    title: str
    issuer: str
    signed_on: dt.date
    effective_from: dt.date
    standing_agency: str
    standing_article: str = ""
    source: str = ""
    note: str = ""
    replaces_number: str = ""
    replaces_signed_on: dt.date | None = None
    replaces_title: str = ""
    proposal_deadline: tuple[int, int] | None = None  # (day, month)
    proposal_deadline_article: str = ""
    meeting_cadence: str = MeetingCadence.NONE
    meeting_article: str = ""
    responsibilities: list[ResponsibilityEntry] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


TOP_KEYS = {
    "province",
    "programme",
    "number",
    "title",
    "issuer",
    "signed_on",
    "effective_from",
    "source",
    "note",
    "replaces",
    "standing_agency",
    "proposal_deadline",
    "meetings",
    "responsibilities",
}
REQUIRED_TOP = {"province", "programme", "title", "issuer", "signed_on", "effective_from", "standing_agency"}


def parse(source: str) -> RegulationDocument:
    """Read a regulation file; raise UserErrors listing every problem with its line."""
    data = yamlfile.load(source)
    if not isinstance(data, Mapping):
        raise UserErrors([UserError("Tệp quy chế phải là một bảng các trường (province, number, …).", line=1)])
    errors = check_keys(data, allowed=TOP_KEYS, required=REQUIRED_TOP, where="Quy chế")
    if errors:
        raise UserErrors(errors)

    def date_of(mapping: Mapping, key: str) -> dt.date | None:
        try:
            return yamlfile.as_date(mapping[key], field=key, line=mapping.line_of(key))
        except UserError as exc:
            errors.append(exc)
            return None

    standing = data["standing_agency"]
    standing_name, standing_article = (standing, "") if isinstance(standing, str) else ("", "")
    if isinstance(standing, Mapping):
        errors += check_keys(standing, allowed={"agency", "article"}, required={"agency"}, where="standing_agency")
        standing_name, standing_article = text(standing, "agency"), text(standing, "article")

    document = RegulationDocument(
        province=text(data, "province"),
        programme=text(data, "programme"),
        number=text(data, "number"),
        title=text(data, "title"),
        issuer=text(data, "issuer"),
        signed_on=date_of(data, "signed_on"),
        effective_from=date_of(data, "effective_from"),
        standing_agency=standing_name,
        standing_article=standing_article,
        source=text(data, "source"),
        note=text(data, "note"),
        lines=dict(data.key_lines),
    )
    _parse_replaces(data, document, errors, date_of)
    _parse_deadline(data, document, errors)
    _parse_meetings(data, document, errors)
    _parse_responsibilities(data, document, errors)
    if errors:
        raise UserErrors(sorted(errors, key=lambda e: e.line or 0))
    return document


def _parse_replaces(data: Mapping, document: RegulationDocument, errors: list, date_of) -> None:
    replaces = data.get("replaces")
    if replaces is None:
        return
    if not isinstance(replaces, Mapping):
        errors.append(UserError("«replaces» phải có number và signed_on.", line=data.line_of("replaces")))
        return
    errors += check_keys(replaces, allowed={"number", "signed_on", "title"}, required={"signed_on"}, where="replaces")
    document.replaces_number = text(replaces, "number")
    document.replaces_title = text(replaces, "title")
    if "signed_on" in replaces:
        document.replaces_signed_on = date_of(replaces, "signed_on")


def _parse_deadline(data: Mapping, document: RegulationDocument, errors: list) -> None:
    deadline = data.get("proposal_deadline")
    if deadline is None:
        return
    line = data.line_of("proposal_deadline")
    if not isinstance(deadline, Mapping):
        errors.append(UserError("«proposal_deadline» phải có day và month.", line=line))
        return
    errors += check_keys(
        deadline, allowed={"day", "month", "article"}, required={"day", "month"}, where="proposal_deadline"
    )
    day, month = deadline.get("day"), deadline.get("month")
    try:
        dt.date(2024, int(month), int(day))  # a leap year accepts 29/02
    except (TypeError, ValueError):
        errors.append(UserError(f"Hạn đề xuất {day}/{month} không phải là một ngày trong năm.", line=line))
        return
    document.proposal_deadline = (int(day), int(month))
    document.proposal_deadline_article = text(deadline, "article")


def _parse_meetings(data: Mapping, document: RegulationDocument, errors: list) -> None:
    meetings = data.get("meetings")
    if meetings is None:
        return
    line = data.line_of("meetings")
    if not isinstance(meetings, Mapping):
        errors.append(UserError("«meetings» phải có cadence.", line=line))
        return
    errors += check_keys(meetings, allowed={"cadence", "article"}, required={"cadence"}, where="meetings")
    cadence = text(meetings, "cadence")
    if cadence and cadence not in CADENCES:
        errors.append(
            UserError(
                f"Định kỳ giao ban «{cadence}» không hợp lệ (dùng: {', '.join(CADENCES)}).",
                line=meetings.line_of("cadence"),
            )
        )
        return
    document.meeting_cadence = cadence or MeetingCadence.NONE
    document.meeting_article = text(meetings, "article")


def _parse_responsibilities(data: Mapping, document: RegulationDocument, errors: list) -> None:
    section = data.get("responsibilities")
    if section is None:
        return
    if not isinstance(section, Mapping):
        errors.append(
            UserError(
                "«responsibilities» phải liệt kê theo mã lĩnh vực hoặc nội dung.",
                line=data.line_of("responsibilities"),
            )
        )
        return
    for subject, entries in section.items():
        subject_line = section.line_of(subject)
        if not isinstance(entries, list) or not entries:
            errors.append(
                UserError(f"«{subject}»: cần danh sách trách nhiệm (role, agency, article).", line=subject_line)
            )
            continue
        for entry in entries:
            if not isinstance(entry, Mapping):
                errors.append(
                    UserError(
                        f"«{subject}»: mỗi trách nhiệm là một bảng {{role, agency, article}}.",
                        line=subject_line,
                    )
                )
                continue
            problems = check_keys(
                entry,
                allowed={"role", "agency", "article", "note", "assessed_kinds", "assessed_scope"},
                required={"role", "agency"},
                where=f"«{subject}»",
            )
            role = text(entry, "role")
            if role and role not in ROLES:
                problems.append(
                    UserError(
                        f"«{subject}»: vai trò «{role}» không hợp lệ (dùng: {', '.join(ROLES)}).",
                        line=entry.line,
                    )
                )
            kinds = entry.get("assessed_kinds") or []
            scope = text(entry, "assessed_scope") or AssessedScope.ALL
            if role in ROLES:
                problem = scope_problem(role, kinds, scope)
                if problem:
                    problems.append(UserError(f"«{subject}»: {problem}", line=entry.line))
            errors += problems
            if not problems:
                document.responsibilities.append(
                    ResponsibilityEntry(
                        subject=str(subject),
                        role=role,
                        party=text(entry, "agency"),
                        article=text(entry, "article"),
                        note=text(entry, "note"),
                        line=entry.line,
                        subject_line=subject_line,
                        assessed_kinds=[str(kind) for kind in kinds],
                        assessed_scope=scope,
                    )
                )


def dump(document: RegulationDocument) -> str:
    """Write the document in the format `parse` reads, so that a round trip is lossless."""
    out = [
        "# Quy chế phối hợp thực hiện nhiệm vụ cải cách hành chính — định dạng: docs/data-formats.md",
        f"province: {quote(document.province)}",
        f"programme: {quote(document.programme)}",
        f"number: {quote(document.number)}",
        f"title: {quote(document.title)}",
        f"issuer: {quote(document.issuer)}",
        f"signed_on: {document.signed_on.isoformat()}",
        f"effective_from: {document.effective_from.isoformat()}",
    ]
    if document.source:
        out.append(f"source: {quote(document.source)}")
    if document.note:
        out.append(f"note: {quote(document.note)}")
    if document.replaces_signed_on:
        out.append("replaces:")
        out.append(f"  number: {quote(document.replaces_number)}")
        out.append(f"  signed_on: {document.replaces_signed_on.isoformat()}")
        if document.replaces_title:
            out.append(f"  title: {quote(document.replaces_title)}")
    out.append(
        f"standing_agency: {{agency: {quote(document.standing_agency)}, article: {quote(document.standing_article)}}}"
    )
    if document.proposal_deadline:
        day, month = document.proposal_deadline
        out.append(
            f"proposal_deadline: {{day: {day}, month: {month}, article: {quote(document.proposal_deadline_article)}}}"
        )
    if document.meeting_cadence != MeetingCadence.NONE or document.meeting_article:
        out.append(f"meetings: {{cadence: {document.meeting_cadence}, article: {quote(document.meeting_article)}}}")
    if document.responsibilities:
        out.append("responsibilities:")
        by_subject: dict[str, list[ResponsibilityEntry]] = {}
        for entry in document.responsibilities:
            by_subject.setdefault(entry.subject, []).append(entry)
        for subject, entries in by_subject.items():
            out.append(f"  {subject}:")
            for entry in entries:
                fields = [
                    f"role: {entry.role}",
                    f"agency: {quote(entry.party)}",
                    f"article: {quote(entry.article)}",
                ]
                if entry.note:
                    fields.append(f"note: {quote(entry.note)}")
                if entry.assessed_kinds:
                    fields.append(f"assessed_kinds: [{', '.join(entry.assessed_kinds)}]")
                if entry.assessed_scope != AssessedScope.ALL:
                    fields.append(f"assessed_scope: {entry.assessed_scope}")
                out.append(f"    - {{{', '.join(fields)}}}")
    return "\n".join(out) + "\n"

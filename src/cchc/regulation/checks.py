"""REG-3 checks on a set of responsibilities, shared by the file loader and the in-app editor. Pure."""

from dataclasses import dataclass

from cchc.agencies.models import AgencyKind
from cchc.regulation.models import AssessedScope, ResponsibilityRole


@dataclass(frozen=True)
class Row:
    subject: str  # area or topic code
    role: str
    party: str  # a stable key of the agency or group
    party_name: str
    line: int = 0
    scope: str = ""  # IDX-4: whom an appraisal row concerns (kinds and scope), "" for every assessed agency


def responsibility_problems(rows: list[Row]) -> list[tuple[int, str]]:
    """(line, message) for every rule the rows break: one lead per subject, a lead never its own
    coordinator, no agency twice in one role of one subject."""
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str, str, str, str], Row] = {}
    leads: dict[str, Row] = {}
    for row in rows:
        key = (row.subject, row.role, row.party, row.scope)
        if key in seen:
            problems.append((row.line, f"«{row.subject}»: {row.party_name} được ghi hai lần với cùng vai trò."))
            continue
        seen[key] = row
        if row.role == "lead":
            if row.subject in leads:
                problems.append(
                    (
                        row.line,
                        f"«{row.subject}» có hơn một cơ quan chủ trì "
                        f"({leads[row.subject].party_name} và {row.party_name}).",
                    )
                )
            else:
                leads[row.subject] = row
    for row in rows:
        lead = leads.get(row.subject)
        if row.role == "coordinate" and lead and lead.party == row.party:
            problems.append(
                (
                    row.line,
                    f"«{row.subject}»: {row.party_name} vừa chủ trì vừa phối hợp; "
                    "cơ quan chủ trì không là cơ quan phối hợp (REG-3).",
                )
            )
    return problems


def scope_key(kinds, scope: str) -> str:
    """IDX-4: a stable key of whom a row concerns ("" for every assessed agency)."""
    if not kinds and scope in ("", AssessedScope.ALL):
        return ""
    return f"{','.join(sorted(kinds))}|{scope}"


def scope_problem(role: str, kinds, scope: str) -> str | None:
    """IDX-4: the reason the scope of a row is refused, or None. Only an appraisal row of the index has one."""
    if scope not in AssessedScope.values:
        return f"Phạm vi «{scope}» không hợp lệ (dùng: {', '.join(AssessedScope.values)})."
    if not isinstance(kinds, list | tuple) or any(not isinstance(kind, str) for kind in kinds):
        return "Loại cơ quan được đánh giá phải là một danh sách."
    unknown = [kind for kind in kinds if kind not in AgencyKind.values]
    if unknown:
        return f"Loại cơ quan «{unknown[0]}» không hợp lệ (dùng: {', '.join(AgencyKind.values)})."
    if len(set(kinds)) != len(kinds):
        return "Loại cơ quan được đánh giá bị ghi hai lần."
    if scope_key(kinds, scope) and role != ResponsibilityRole.APPRAISE:
        return "Phạm vi cơ quan được đánh giá chỉ ghi cho vai trò thẩm định chỉ số."
    return None

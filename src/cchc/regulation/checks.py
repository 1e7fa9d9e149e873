"""REG-3 checks on a set of responsibilities, shared by the file loader and the in-app editor. Pure."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    subject: str  # area or topic code
    role: str
    party: str  # a stable key of the agency or group
    party_name: str
    line: int = 0


def responsibility_problems(rows: list[Row]) -> list[tuple[int, str]]:
    """(line, message) for every rule the rows break: one lead per subject, a lead never its own
    coordinator, no agency twice in one role of one subject."""
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str, str, str], Row] = {}
    leads: dict[str, Row] = {}
    for row in rows:
        key = (row.subject, row.role, row.party)
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

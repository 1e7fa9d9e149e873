"""What the parsers extract from a document (pure): the structure printed by `cchc ingest --json`.

The JSON keys are a contract other tools rely on: kind (plan | regulation), number, date (ISO), issuer, title,
years, areas [{code, name}], objectives [text], targets [{area, text, comparison, value, unit, scope}],
tasks [{area, code, title, products [text], lead, coordinators [text], time_text, milestones [{label, due}]}],
responsibilities [{agency, role, area_or_topic, article}], warnings [{line, message}], and for a regulation
proposal_deadline {day, month, article} and meetings {cadence, article} (or null). The review also keeps
kind_reason (why the document was read as a plan or a regulation) and the source line of those two.
Agency fields hold the text as written; the resolver replaces it with the resolved agency's name, or keeps the
text and adds a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


@dataclass
class Warning:
    line: int | None
    message: str


@dataclass
class Area:
    code: str  # an area code of data/programmes.yaml ("institutions"), or "" when not recognised
    name: str  # as written ("Cải cách thể chế")


@dataclass
class Target:
    area: str  # area code
    text: str
    comparison: str  # ">=", ">", "=", "<=", "<"
    value: float
    unit: str  # "%" or a unit word
    scope: list[str] = field(default_factory=list)  # agency or group names as written
    line: int | None = None


@dataclass
class Milestone:
    label: str
    due: dt.date | None


@dataclass
class Task:
    area: str  # area code
    code: str  # the document's own numbering: "4", "I.4", "a", "đ"
    title: str
    products: list[str] = field(default_factory=list)
    lead: str = ""
    coordinators: list[str] = field(default_factory=list)
    time_text: str = ""
    milestones: list[Milestone] = field(default_factory=list)
    line: int | None = None


@dataclass
class Responsibility:
    agency: str
    role: str  # lead | appraise | co-appraise | coordinate
    area_or_topic: str  # an area or topic code of data/programmes.yaml
    article: str  # "Đ15.2"
    line: int | None = None


@dataclass
class Extracted:
    kind: str  # "plan" | "regulation"
    number: str = ""
    date: dt.date | None = None
    issuer: str = ""
    title: str = ""
    years: list[int] = field(default_factory=list)  # [start, end]
    areas: list[Area] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    # a regulation's yearly proposal deadline {day, month, article} and meetings {cadence, article}
    # (cadence: quarterly | half-yearly | yearly); None when the text gives none
    proposal_deadline: dict | None = None
    meetings: dict | None = None
    kind_reason: str = ""  # why the document was read as a plan or a regulation (shown in the review)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(Warning(line, message))

    def to_json(self) -> dict:
        """The contract's keys; `line` fields are internal and left out (warnings keep theirs)."""

        def clean(value):
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items() if k != "line"}
            if isinstance(value, list):
                return [clean(v) for v in value]
            if isinstance(value, dt.date):
                return value.isoformat()
            return value

        data = clean(asdict(self))
        data["warnings"] = [{"line": w.line, "message": w.message} for w in self.warnings]
        data.pop("kind_reason", None)  # the review's, not the contract's
        for name, keys in (("proposal_deadline", ("day", "month", "article")), ("meetings", ("cadence", "article"))):
            if data.get(name):  # the source line and its text are for the review, not the contract
                data[name] = {key: data[name].get(key) for key in keys}
        return data

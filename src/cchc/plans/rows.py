"""A plan's tasks as plain rows for the exports (.docx, .xlsx): what a task prints, read in four queries of values.

Model instances and prefetching cost about a millisecond a task, most of the time the .docx of a 2,000-task plan
took; these rows carry the same values in the same order as `queries.tasks_of` (areas in order, then the task's
order; coordinators and milestones in their models' ordering).
"""

import datetime as dt
from dataclasses import dataclass, field

from cchc.plans.models import Milestone, Plan, Task


@dataclass(frozen=True)
class Party:
    """An agency (with its kind) or a group, as a task names it."""

    pk: int
    name: str
    kind: str = ""


@dataclass(frozen=True)
class MilestoneRow:
    label: str
    text: str
    due: dt.date | None


@dataclass
class TaskRow:
    pk: int
    code: str
    title: str
    products: list[str]
    time_text: str
    area_id: int | None
    lead: Party | None
    lead_group: Party | None
    coordinator_agencies: list[Party] = field(default_factory=list)
    coordinator_groups: list[Party] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)

    @property
    def lead_name(self) -> str:
        party = self.lead or self.lead_group
        return party.name if party else ""


def task_rows(plan: Plan) -> list[TaskRow]:
    """The plan's tasks as rows, in the order of the appendix. Four queries, whatever the number of tasks."""
    tasks = plan.tasks.order_by("area__order", "order", "id").values_list(
        *("pk", "code", "title", "products", "time_text", "area_id"),
        *("lead_id", "lead__name", "lead__kind", "lead_group_id", "lead_group__name"),
    )
    rows = {}
    for pk, code, title, products, time_text, area_id, lead_id, lead_name, lead_kind, group_id, group_name in tasks:
        rows[pk] = TaskRow(
            pk=pk,
            code=code,
            title=title,
            products=list(products or []),
            time_text=time_text,
            area_id=area_id,
            lead=Party(lead_id, lead_name, lead_kind) if lead_id else None,
            lead_group=Party(group_id, group_name) if group_id else None,
        )
    if not rows:
        return []
    in_plan = {"task__plan": plan}
    milestones = Milestone.objects.filter(**in_plan).order_by("task_id", "order", "id")
    for task_id, label, text, due in milestones.values_list("task_id", "label", "text", "due"):
        rows[task_id].milestones.append(MilestoneRow(label, text, due))
    agencies = Task.coordinator_agencies.through.objects.filter(**in_plan)
    agencies = agencies.order_by("task_id", "agency__province", "agency__name", "agency_id")  # as Agency's ordering
    for task_id, pk, name, kind in agencies.values_list("task_id", "agency_id", "agency__name", "agency__kind"):
        rows[task_id].coordinator_agencies.append(Party(pk, name, kind))
    groups = Task.coordinator_groups.through.objects.filter(**in_plan)
    groups = groups.order_by("task_id", "agencygroup__province", "agencygroup__name", "agencygroup_id")
    for task_id, pk, name in groups.values_list("task_id", "agencygroup_id", "agencygroup__name"):
        rows[task_id].coordinator_groups.append(Party(pk, name))
    return list(rows.values())

"""PLAN-6: a snapshot of the plan per version, and what changed between any two versions."""

import datetime as dt
from dataclasses import dataclass, field

from cchc.plans.models import Plan, PlanVersion

TASK_FIELDS = {
    "code": "TT",
    "title": "Nhiệm vụ",
    "area": "Lĩnh vực",
    "products": "Sản phẩm",
    "lead": "Cơ quan chủ trì",
    "coordinators": "Cơ quan phối hợp",
    "time_text": "Thời gian hoàn thành",
}


def snapshot(plan: Plan) -> dict:
    from cchc.plans.queries import tasks_of

    tasks = [
        {
            "key": task.source_task_id and f"source:{task.source_task_id}" or f"task:{task.pk}",
            "code": task.code,
            "title": task.title,
            "area": task.area.name if task.area_id else "",
            "products": "; ".join(task.products),
            "lead": task.lead_name,
            "coordinators": "; ".join(
                [a.name for a in task.coordinator_agencies.all()] + [g.name for g in task.coordinator_groups.all()]
            ),
            "time_text": task.time_text,
        }
        for task in tasks_of(plan)
    ]
    return {
        "title": plan.title,
        "number": plan.number,
        "objectives": list(plan.objectives.values_list("text", flat=True)),
        "targets": [t.text for t in plan.targets.all()],
        "tasks": tasks,
    }


def record_version(plan: Plan, *, actor, reason: str, decision: str, decided_on: dt.date | None) -> PlanVersion:
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return PlanVersion.objects.create(
        plan=plan,
        number=number,
        reason=reason.strip(),
        decision=decision.strip(),
        decided_on=decided_on,
        snapshot=snapshot(plan),
        created_by=actor,
    )


@dataclass
class TaskChange:
    label: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


@dataclass
class VersionDiff:
    added: list[dict]
    removed: list[dict]
    changed: list[TaskChange]
    targets_added: list[str]
    targets_removed: list[str]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.targets_added or self.targets_removed)


def diff(older: dict, newer: dict) -> VersionDiff:
    """Tasks added, removed and changed (field by field) between two snapshots. Tasks are matched by their
    identity in the system, so a renumbered task shows as changed, not as removed and added."""
    before = {t["key"]: t for t in older.get("tasks", [])}
    after = {t["key"]: t for t in newer.get("tasks", [])}
    changed = []
    for key in before.keys() & after.keys():
        fields = [
            (label, before[key][name], after[key][name])
            for name, label in TASK_FIELDS.items()
            if before[key].get(name) != after[key].get(name)
        ]
        if fields:
            code = after[key]["code"] or before[key]["code"]
            changed.append(
                TaskChange(f"{code}. {after[key]['title'][:80]}" if code else after[key]["title"][:80], fields)
            )
    old_targets, new_targets = older.get("targets", []), newer.get("targets", [])
    return VersionDiff(
        added=[after[k] for k in after if k not in before],
        removed=[before[k] for k in before if k not in after],
        changed=sorted(changed, key=lambda c: c.label),
        targets_added=[t for t in new_targets if t not in old_targets],
        targets_removed=[t for t in old_targets if t not in new_targets],
    )

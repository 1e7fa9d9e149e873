"""RPT-1, RPT-2: what the system already knows of an agency for a report's period, filled into its report when it
opens: its tasks (led by it in the province's tracked plans) by status and area, its targets' actuals, the
plans it issued in the period, and the areas the regulation has it lead."""

import datetime as dt
from collections import Counter, defaultdict

from cchc.core.dates import today
from cchc.plans.models import Plan, TargetResult, Task
from cchc.plans.targets import LABELS as TARGET_LABELS
from cchc.plans.targets import evaluate
from cchc.regulation import routing
from cchc.regulation.models import ResponsibilityRole
from cchc.tracking.queries import TRACKED_PLAN_STATUSES, task_states
from cchc.tracking.status import DONE, TaskStatus

NO_AREA = "Chưa phân lĩnh vực"
SOURCES = {
    "tasks_total": "Nhiệm vụ được giao chủ trì",
    "tasks_done": "Nhiệm vụ đã hoàn thành",
    "tasks_overdue": "Nhiệm vụ quá hạn",
    "tasks_open": "Nhiệm vụ đang thực hiện, chưa thực hiện",
    "documents_issued": "Kế hoạch, văn bản đã ban hành trong kỳ",
    "targets_met": "Chỉ tiêu đạt",
}


def as_of(cycle) -> dt.date:
    """The tasks' state is taken at the period's end, or today while the period runs."""
    return min(today(), cycle.period_end)


def task_summary(agency, cycle) -> dict:
    tasks = list(
        Task.objects.filter(
            lead=agency,
            plan__province_id=cycle.province_id,
            plan__status__in=TRACKED_PLAN_STATUSES,
            plan__discarded=False,
            plan__start_year__lte=cycle.year,
            plan__end_year__gte=cycle.year,
        ).select_related("area")
    )
    states = task_states([t.pk for t in tasks], as_of(cycle))
    by_status: Counter = Counter()
    by_area: dict[str, Counter] = defaultdict(Counter)
    for task in tasks:
        status = states[task.pk].status
        if status == TaskStatus.CANCELLED:
            continue  # cancelled tasks leave the totals
        by_status[str(status)] += 1
        by_area[task.area.name if task.area else NO_AREA][str(status)] += 1
    return {"by_status": dict(by_status), "by_area": {a: dict(c) for a, c in sorted(by_area.items())}}


def target_summary(agency, cycle) -> list[dict]:
    results = (
        TargetResult.objects.filter(agency=agency, year=cycle.year, target__plan__province_id=cycle.province_id)
        .select_related("target")
        .order_by("target_id", "-reported_at", "-id")
    )
    latest = {}
    for result in results:
        latest.setdefault(result.target_id, result)
    rows = []
    for result in latest.values():
        target = result.target
        status = evaluate(target.comparison, target.value, result.value)
        rows.append(
            {
                "text": target.text,
                "goal": f"{target.sign} {target.value.normalize():f} {target.unit}".strip(),
                "actual": f"{result.value.normalize():f}",
                "status": status,
                "status_label": TARGET_LABELS[status],
            }
        )
    return rows


def documents_issued(agency, cycle) -> list[str]:
    plans = Plan.objects.filter(
        owner=agency, discarded=False, signed_on__gte=cycle.period_start, signed_on__lte=cycle.period_end
    ).order_by("signed_on")
    return [f"{p.number} ngày {p.signed_on:%d/%m/%Y}: {p.title}".strip() for p in plans]


def led_areas(agency, cycle) -> list[dict]:
    """RPT-2: the reform areas the regulation in force has this agency lead (its lead rows, successors followed)."""
    on = as_of(cycle)
    regulation = routing.regulation_in_force(cycle.province, on)
    if regulation is None:
        return []
    rows = (
        regulation.responsibilities.filter(role=ResponsibilityRole.LEAD, area__isnull=False, agency__isnull=False)
        .select_related("area", "agency__successor")
        .order_by("order", "id")
    )
    seen, areas = set(), []
    for row in rows:
        if row.agency.current(on).pk == agency.pk and row.area.code not in seen:
            seen.add(row.area.code)
            areas.append({"code": row.area.code, "name": row.area.name, "article": row.article})
    return areas


def gather(agency, cycle) -> dict:
    """Everything the report shows from the system's data, kept with the draft as it was when prefilled."""
    tasks = task_summary(agency, cycle)
    targets = target_summary(agency, cycle)
    documents = documents_issued(agency, cycle)
    by_status = tasks["by_status"]
    total = sum(by_status.values())
    done = sum(n for s, n in by_status.items() if s in DONE)
    figures = {
        "tasks_total": total,
        "tasks_done": done,
        "tasks_overdue": by_status.get(TaskStatus.OVERDUE, 0),
        "tasks_open": total - done,
        "documents_issued": len(documents),
        "targets_met": sum(1 for t in targets if t["status"] == "met"),
    }
    return {
        "as_of": as_of(cycle).isoformat(),
        "tasks": tasks,
        "targets": targets,
        "documents": documents,
        "areas": led_areas(agency, cycle),
        "figures": figures,
    }


def task_text(summary: dict) -> str:
    """The tasks by area, as a first paragraph the agency may keep or rewrite."""
    labels = dict(TaskStatus.choices)
    lines = []
    for area_name, counts in summary["tasks"]["by_area"].items():
        parts = ", ".join(f"{labels.get(s, s).lower()}: {n}" for s, n in sorted(counts.items()))
        lines.append(f"- {area_name}: {sum(counts.values())} nhiệm vụ ({parts}).")
    return "\n".join(lines)

"""PLAN-7: does an agency's yearly plan cover what the province assigned it?

The check lists every gap in plain words: a provincial task it leads that is missing, a reform area with
nothing in it, a task with no owner, schedule or expected result, no ISO or computerisation target for its
one-stop procedures. A gap blocks sending until it is fixed or explained (002 Đ7.2; 003 III.1).
"""

import datetime as dt
from dataclasses import dataclass

from cchc.plans.models import GapExplanation, Plan, PlanKind
from cchc.regulation.models import ReformArea

ISO_TOPICS = {"iso", "iso-plan"}
COMPUTERISATION_TOPICS = {"it-application", "online-services", "it-plan"}
AREAS_NOT_PLANNED = {"impact"}  # the index's eighth area is measured, not planned


@dataclass
class Gap:
    key: str
    message: str
    explanation: str = ""


def check(plan: Plan) -> list[Gap]:
    if plan.kind != PlanKind.AGENCY:
        return []
    from cchc.plans.queries import tasks_of

    tasks = list(tasks_of(plan))
    gaps: list[Gap] = []
    covered = {t.source_task_id for t in tasks if t.source_task_id}
    from cchc.plans.queries import issued_provincial_plans, tasks_led_by

    plans = issued_provincial_plans(plan.province_id, plan.start_year)
    provincial = (
        tasks_led_by(plan.owner, plans, dt.date(plan.start_year, 1, 1)).select_related("plan").order_by("plan", "order")
    )
    for task in provincial:
        if task.pk not in covered:
            gaps.append(
                Gap(
                    f"missing-task:{task.pk}",
                    f"Thiếu nhiệm vụ {task.code} «{task.title[:120]}» mà cơ quan chủ trì tại «{task.plan.title}».",
                )
            )
    areas = ReformArea.objects.filter(programme=plan.programme_id).exclude(code__in=AREAS_NOT_PLANNED)
    used = {t.area_id for t in tasks}
    for area in areas.order_by("order"):
        if area.pk not in used:
            gaps.append(Gap(f"empty-area:{area.code}", f"Lĩnh vực «{area.name}» chưa có nhiệm vụ nào."))
    for task in tasks:
        label = f"Nhiệm vụ {task.code} «{task.title[:80]}»" if task.code else f"Nhiệm vụ «{task.title[:80]}»"
        if not task.owner_unit:
            gaps.append(Gap(f"owner:{task.pk}", f"{label} chưa phân công người, bộ phận thực hiện."))
        if not task.time_text or not list(task.milestones.all()):
            gaps.append(Gap(f"schedule:{task.pk}", f"{label} chưa có tiến độ thực hiện."))
        if not task.products:
            gaps.append(Gap(f"result:{task.pk}", f"{label} chưa có kết quả, sản phẩm dự kiến."))
    topics = set(plan.targets.filter(topic__isnull=False).values_list("topic__code", flat=True))
    if not topics & ISO_TOPICS:
        gaps.append(
            Gap(
                "target:iso",
                "Chưa đặt chỉ tiêu áp dụng ISO 9001 cho thủ tục hành chính giải quyết theo cơ "
                "chế một cửa, một cửa liên thông.",
            )
        )
    if not topics & COMPUTERISATION_TOPICS:
        gaps.append(
            Gap(
                "target:computerisation",
                "Chưa đặt chỉ tiêu tin học hóa quy trình, giải quyết trực tuyến "
                "thủ tục hành chính theo cơ chế một cửa.",
            )
        )
    explained = dict(GapExplanation.objects.filter(plan=plan).values_list("gap_key", "text"))
    for gap in gaps:
        gap.explanation = explained.get(gap.key, "")
    return gaps

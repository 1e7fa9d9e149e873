"""Every write to plans, objectives, targets, tasks and milestones, each in a transaction with its audit entry.

Rules enforced here: REG-3 (a task has one lead, never among its coordinators), ORG-3 (a coordinator group must
resolve to somebody on the plan's date), PLAN-2 (milestones from the time phrase; none due before the plan's
first day), PLAN-6 (an issued plan is not edited in place).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q

from cchc.agencies.models import Agency, AgencyGroup
from cchc.core import audit
from cchc.core.dates import format_date, today
from cchc.core.errors import UserError, UserErrors, constraint_message
from cchc.core.models import AuditEntry
from cchc.plans.bounds import check_signed_on, plan_year, target_value
from cchc.plans.models import (
    ONE_AGENCY_PLAN_PER_YEAR,
    Milestone,
    Objective,
    Plan,
    PlanKind,
    PlanStatus,
    Target,
    Task,
)
from cchc.plans.timephrases import parse_time_phrase


def plan_first_day(plan: Plan) -> dt.date:
    return dt.date(plan.start_year, 1, 1)


def plan_reference_date(plan: Plan) -> dt.date:
    """The date at which the plan's groups and agencies are resolved: its signing date, or its first day."""
    return plan.signed_on or plan_first_day(plan)


def _check_editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise UserError("Kế hoạch đã ban hành không được sửa trực tiếp; hãy lập một lần điều chỉnh kế hoạch.")


def _touch(plan: Plan) -> None:
    plan.version += 1
    plan.save(update_fields=["version"])


@transaction.atomic
def create_plan(*, actor, province, owner: Agency, fields: dict, objectives: list[str] = ()) -> Plan:
    """PLAN-1: a new draft plan."""
    plan = Plan(province=province, owner=owner, status=PlanStatus.DRAFT, **fields)
    _validate_plan(plan)
    _check_one_agency_plan(plan)
    with constraint_message({ONE_AGENCY_PLAN_PER_YEAR: agency_plan_taken(plan.owner, plan.start_year)}):
        plan.save()
    for order, text in enumerate(o.strip() for o in objectives if o.strip()):
        Objective.objects.create(plan=plan, text=text, order=order)
    audit.record(actor=actor, obj=plan, action=AuditEntry.Action.CREATE, province=province, after=audit.snapshot(plan))
    return plan


def agency_plan_taken(owner: Agency, year: int) -> str:
    return (
        f"{owner.name} đã có kế hoạch CCHC năm {year}; mỗi cơ quan có một kế hoạch mỗi năm. "
        "Hãy mở kế hoạch đó trong danh sách kế hoạch để tiếp tục."
    )


def _check_one_agency_plan(plan: Plan) -> None:
    """SEC-5, PLAN-7: one plan of its own per agency and year. The database's partial unique constraint backs
    this check when two people create the plan at the same moment."""
    if plan.kind != PlanKind.AGENCY:
        return
    taken = Plan.objects.filter(owner=plan.owner_id, kind=PlanKind.AGENCY, start_year=plan.start_year, discarded=False)
    if taken.exclude(pk=plan.pk).exists():
        raise UserError(agency_plan_taken(plan.owner, plan.start_year))


def _validate_plan(plan: Plan) -> None:
    if plan.owner.province_id != plan.province_id:
        raise UserError("Cơ quan soạn thảo phải thuộc tỉnh của kế hoạch.")
    plan.start_year = plan_year(plan.start_year, label="Năm bắt đầu")  # SEC-3: 2000–2100
    plan.end_year = plan_year(plan.end_year, label="Năm kết thúc")
    if plan.end_year < plan.start_year:
        raise UserError("Năm kết thúc không được trước năm bắt đầu.")
    check_signed_on(plan.signed_on, start_year=plan.start_year, on=today())  # PLAN-1
    for name in ("signer_authority", "signer_title", "signer_name"):
        setattr(plan, name, " ".join((getattr(plan, name) or "").split()))
    if plan.kind == PlanKind.THEMATIC and not plan.thematic_type:
        raise UserError("Kế hoạch chuyên đề cần chọn chuyên đề.")
    if plan.kind != PlanKind.THEMATIC:
        plan.thematic_type = ""


@transaction.atomic
def update_plan(plan: Plan, *, actor, fields: dict, expected_version: int) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_editable(plan)
    if plan.version != expected_version:
        raise UserError("Kế hoạch vừa được người khác sửa. Hãy tải lại trang để xem thay đổi rồi sửa lại.")
    before = audit.snapshot(plan)
    for name, value in fields.items():
        setattr(plan, name, value)
    _validate_plan(plan)
    _check_one_agency_plan(plan)
    plan.version += 1
    with constraint_message({ONE_AGENCY_PLAN_PER_YEAR: agency_plan_taken(plan.owner, plan.start_year)}):
        plan.save()
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        before=before,
        after=audit.snapshot(plan),
    )
    return plan


@transaction.atomic
def set_objectives(plan: Plan, *, actor, texts: list[str]) -> None:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_editable(plan)
    before = {"Mục tiêu": "\n".join(plan.objectives.values_list("text", flat=True))}
    plan.objectives.all().delete()
    for order, text in enumerate(t.strip() for t in texts if t.strip()):
        Objective.objects.create(plan=plan, text=text, order=order)
    _touch(plan)
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        before=before,
        after={"Mục tiêu": "\n".join(t.strip() for t in texts if t.strip())},
        summary="Sửa mục tiêu",
    )


# --- targets ------------------------------------------------------------------------------------------------


@dataclass
class TargetInput:
    text: str
    measure: str
    comparison: str
    value: object
    unit: str = "%"
    area_id: int | None = None
    start_year: int | None = None
    end_year: int | None = None
    scope_agencies: tuple[Agency, ...] = ()
    scope_groups: tuple[AgencyGroup, ...] = ()
    topic_id: int | None = None


@transaction.atomic
def add_target(plan: Plan, *, actor, data: TargetInput) -> Target:
    """PLAN-3: a target with its measure, comparison, value, scope and years."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_editable(plan)
    start, end = data.start_year or plan.start_year, data.end_year or plan.end_year
    if not (plan.start_year <= start <= end <= plan.end_year):
        raise UserError(f"Năm của chỉ tiêu phải nằm trong thời gian của kế hoạch ({plan.years_label}).")
    _check_parties(plan, [*data.scope_agencies, *data.scope_groups], "Phạm vi áp dụng")
    value = target_value(data.value, data.measure)  # SEC-3: within the measure and the column
    target = Target.objects.create(
        plan=plan,
        text=data.text.strip(),
        measure=data.measure,
        comparison=data.comparison,
        value=value,
        unit=data.unit,
        area_id=data.area_id,
        topic_id=data.topic_id,
        start_year=start,
        end_year=end,
        order=plan.targets.count(),
    )
    target.scope_agencies.set(data.scope_agencies)
    target.scope_groups.set(data.scope_groups)
    _touch(plan)
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.ADD,
        province=plan.province,
        after=audit.snapshot(target),
        summary=f"Thêm chỉ tiêu: {target}",
    )
    return target


# --- tasks --------------------------------------------------------------------------------------------------


@dataclass
class TaskInput:
    title: str
    lead: Agency | AgencyGroup | None
    code: str = ""
    area_id: int | None = None
    products: tuple[str, ...] = ()
    coordinator_agencies: tuple[Agency, ...] = ()
    coordinator_groups: tuple[AgencyGroup, ...] = ()
    time_text: str = ""
    owner_unit: str = ""
    source_task_id: int | None = None
    line: int | None = None  # the line of the document it was read from, named in a message about it


def group_last_day(group: AgencyGroup, on: dt.date) -> dt.date | None:
    """ORG-3, ORG-2: when every agency of a group has ended before `on` (the district level after 30/06/2025),
    the last day the latest of them existed; otherwise None (the group has agencies then, or never had any)."""
    if group.kinds:
        agencies = Agency.objects.filter(province=group.province_id, kind__in=group.kinds)
        found = agencies.aggregate(
            total=Count("pk"), ended=Count("pk", filter=Q(valid_to__lt=on)), last=Max("valid_to")
        )
        return found["last"] if found["total"] and found["total"] == found["ended"] else None
    agencies = [member.current(on) for member in group.members.select_related("successor")]
    if agencies and all(agency.has_ended_by(on) for agency in agencies):
        return max(agency.valid_to for agency in agencies)
    return None


def group_end_reason(group: AgencyGroup, on: dt.date) -> str:
    """ORG-3: why a group has no agency on a date, as the end of a sentence ("" when no agency of it ended)."""
    last = group_last_day(group, on)
    if last is None:
        return ""
    kinds = f" ({group.kinds_display})" if group.kinds else ""
    return f" vì các cơ quan, đơn vị của nhóm{kinds} chỉ hoạt động đến ngày {format_date(last)}"


def agency_inactive_reason(agency: Agency, on: dt.date) -> str:
    """ORG-2, ORG-5: why an agency cannot be named for work on a date ("" when it is active then): it ended (and
    which agency carries its work), or it did not yet exist."""
    if agency.is_active_on(on):
        return ""
    if agency.valid_from and on < agency.valid_from:
        return f"{agency.name} chỉ hoạt động từ ngày {format_date(agency.valid_from)}"
    successor = agency.current(on)
    carried = f"; cơ quan kế thừa: {successor.name}" if successor.pk != agency.pk and successor.is_active_on(on) else ""
    return f"{agency.name} đã chấm dứt hoạt động từ ngày {format_date(agency.valid_to + dt.timedelta(days=1))}{carried}"


def _check_parties(plan: Plan, parties: list, what: str, checked: set | None = None) -> None:
    """ORG-3, ORG-5: each party belongs to the plan's province and exists on the plan's date. `checked` holds the
    parties already found good, so a plan of many tasks resolves each group once."""
    on = plan_reference_date(plan)
    for party in parties:
        key = (type(party), party.pk)
        if checked is not None and key in checked:
            continue
        if party.province_id != plan.province_id:
            raise UserError(f"{what}: {party.name} không thuộc tỉnh của kế hoạch.")
        if isinstance(party, Agency) and (reason := agency_inactive_reason(party, on)):
            # ORG-5: no work goes to an ended agency; its successor is named so the person can choose it.
            raise UserError(f"{what}: {reason} (kế hoạch tính từ ngày {format_date(on)}).")
        if isinstance(party, AgencyGroup) and not party.resolve(on):
            reason = group_end_reason(party, on)  # ORG-3: say so when its agencies all ended before the date
            raise UserError(f"{what}: nhóm «{party.name}» không có cơ quan nào vào ngày {format_date(on)}{reason}.")
        if checked is not None:
            checked.add(key)


def _check_task(plan: Plan, data: TaskInput, checked: set | None = None) -> None:
    if not data.title.strip():
        raise UserError("Cần nhập tên nhiệm vụ.")
    if data.lead is None:
        raise UserError("Mỗi nhiệm vụ cần đúng một cơ quan chủ trì (REG-3).")
    _check_parties(plan, [data.lead], "Cơ quan chủ trì", checked)
    # REG-3: the lead is never among its coordinators.
    if data.lead in data.coordinator_agencies or data.lead in data.coordinator_groups:
        raise UserError(f"{data.lead.name} đã là cơ quan chủ trì nên không thể đồng thời là cơ quan phối hợp.")
    _check_parties(plan, [*data.coordinator_agencies, *data.coordinator_groups], "Cơ quan phối hợp", checked)


def _lead_fields(lead) -> dict:
    return {
        "lead": lead if isinstance(lead, Agency) else None,
        "lead_group": lead if isinstance(lead, AgencyGroup) else None,
    }


def milestones_for(plan: Plan, time_text: str) -> tuple[list[Milestone], list[str]]:
    """PLAN-2: the milestones a time phrase gives in this plan, and the parser's warnings."""
    parsed = parse_time_phrase(time_text, plan.start_year, end_year=plan.end_year, first_day=plan_first_day(plan))
    milestones = [
        Milestone(label=spec.label[:200], text=spec.text[:300], kind=spec.kind, due=spec.due, order=order)
        for order, spec in enumerate(parsed.milestones)
    ]
    return milestones, list(parsed.warnings)


def _checked_milestones(plan: Plan, time_text: str) -> tuple[list[Milestone], list[str]]:
    """PLAN-2: the milestones of a time phrase, refused when one falls before the plan's first day."""
    milestones, warnings = milestones_for(plan, time_text)
    first_day = plan_first_day(plan)
    for milestone in milestones:
        if milestone.due and milestone.due < first_day:
            raise UserError(
                f"Mốc «{milestone.label or milestone.text}» ({format_date(milestone.due)}) trước ngày "
                f"bắt đầu của kế hoạch ({format_date(first_day)})."
            )
    return milestones, warnings


def _save_milestones(plan: Plan, task: Task, time_text: str) -> list[str]:
    milestones, warnings = _checked_milestones(plan, time_text)
    task.milestones.all().delete()
    for milestone in milestones:
        milestone.task = task
        milestone.save()
    return warnings


def _task_snapshot(task: Task, coordinators: list | None = None) -> dict[str, str]:
    if coordinators is None:
        coordinators = [*task.coordinator_agencies.all(), *task.coordinator_groups.all()]
    return {
        "TT": task.code,
        "Nhiệm vụ": task.title,
        "Sản phẩm": task.products_text,
        "Cơ quan chủ trì": task.lead_name,
        "Cơ quan phối hợp": "; ".join(party.name for party in coordinators),
        "Thời gian hoàn thành": task.time_text,
    }


def _new_task(plan: Plan, data: TaskInput, order: int) -> Task:
    return Task.objects.create(
        plan=plan,
        code=data.code.strip(),
        title=data.title.strip(),
        area_id=data.area_id,
        products=[p.strip() for p in data.products if p.strip()],
        **_lead_fields(data.lead),
        time_text=data.time_text.strip(),
        owner_unit=data.owner_unit.strip(),
        source_task_id=data.source_task_id,
        order=order,
    )


def _next_order(plan: Plan) -> int:
    return (plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0) + 1


def _insert_task(plan: Plan, data: TaskInput, order: int, milestones: list[Milestone]) -> Task:
    """A checked task written with its coordinators and milestones (each row through the model: U-3)."""
    task = _new_task(plan, data, order)
    if data.coordinator_agencies:
        task.coordinator_agencies.set(data.coordinator_agencies)
    if data.coordinator_groups:
        task.coordinator_groups.set(data.coordinator_groups)
    for milestone in milestones:
        milestone.task = task
        milestone.save()
    return task


@transaction.atomic
def add_task(plan: Plan, *, actor, data: TaskInput) -> tuple[Task, list[str]]:
    """PLAN-2: add a task; its milestones are computed from its time. Returns the task and the warnings."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_editable(plan)
    _check_task(plan, data)
    milestones, warnings = _checked_milestones(plan, data.time_text.strip())
    task = _insert_task(plan, data, _next_order(plan), milestones)
    _touch(plan)
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.ADD,
        province=plan.province,
        after=_task_snapshot(task),
        summary=f"Thêm nhiệm vụ {task.code}".strip(),
    )
    return task, warnings


@transaction.atomic
def add_tasks(plan: Plan, *, actor, inputs: list[TaskInput]) -> list[Task]:
    """PLAN-2: add the tasks of a whole plan (read from a document, or taken over from another plan) with the
    checks of `add_task`, under one lock and one version step. Each row is still saved one by one, so the audit
    log holds every row (U-3); what is shared (the lock, the order, each group's resolution) is done once.

    Raises UserErrors with one message per refused task (its code first); nothing is written then."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_editable(plan)
    checked: set = set()
    problems: list[UserError] = []
    prepared = []
    for data in inputs:
        try:
            _check_task(plan, data, checked)
            milestones, _ = _checked_milestones(plan, data.time_text.strip())
        except UserError as exc:
            code = data.code.strip()
            problems.append(UserError(f"Nhiệm vụ {code}: {exc.message}" if code else exc.message, line=data.line))
            continue
        prepared.append((data, milestones))
    if problems:
        raise UserErrors(problems)
    order = _next_order(plan)
    tasks, entries = [], []
    for data, milestones in prepared:
        task = _insert_task(plan, data, order, milestones)
        order += 1
        tasks.append(task)
        snapshot = _task_snapshot(task, [*data.coordinator_agencies, *data.coordinator_groups])
        entries.append((snapshot, f"Thêm nhiệm vụ {task.code}".strip()))
    if tasks:
        _touch(plan)
        audit.record_many(actor=actor, obj=plan, action=AuditEntry.Action.ADD, province=plan.province, added=entries)
    return tasks


@transaction.atomic
def update_task(task: Task, *, actor, data: TaskInput) -> tuple[Task, list[str]]:
    plan = Plan.objects.select_for_update().get(pk=task.plan_id)
    _check_editable(plan)
    _check_task(plan, data)
    before = _task_snapshot(task)
    time_changed = task.time_text != data.time_text.strip()
    task.code, task.title, task.area_id = data.code.strip(), data.title.strip(), data.area_id
    task.products = [p.strip() for p in data.products if p.strip()]
    task.lead, task.lead_group = _lead_fields(data.lead).values()
    task.time_text, task.owner_unit = data.time_text.strip(), data.owner_unit.strip()
    task.save()
    task.coordinator_agencies.set(data.coordinator_agencies)
    task.coordinator_groups.set(data.coordinator_groups)
    warnings = _save_milestones(plan, task, task.time_text) if time_changed else []
    _touch(plan)
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        before=before,
        after=_task_snapshot(task),
        summary=f"Sửa nhiệm vụ {task.code}".strip(),
    )
    return task, warnings


@transaction.atomic
def remove_task(task: Task, *, actor) -> None:
    """Only a draft loses a task; an issued plan drops a task by adjustment (PLAN-6)."""
    plan = Plan.objects.select_for_update().get(pk=task.plan_id)
    _check_editable(plan)
    before = _task_snapshot(task)
    task.delete()
    _touch(plan)
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.REMOVE,
        province=plan.province,
        before=before,
        summary=f"Gỡ nhiệm vụ {before['TT']}".strip(),
    )


@transaction.atomic
def set_milestone_due(milestone: Milestone, *, actor, due: dt.date) -> Milestone:
    """A person sets the date of a milestone the phrase could not date ("Theo tình hình thực tế")."""
    plan = Plan.objects.select_for_update().get(pk=milestone.task.plan_id)
    if plan.status == PlanStatus.CLOSED:
        raise UserError("Kế hoạch đã kết thúc.")
    if due < plan_first_day(plan):
        raise UserError(
            f"Hạn {format_date(due)} trước ngày bắt đầu của kế hoạch ({format_date(plan_first_day(plan))})."
        )
    before = audit.snapshot(milestone)
    milestone.due, milestone.set_by_person = due, True
    milestone.save(update_fields=["due", "set_by_person"])
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        before=before,
        after=audit.snapshot(milestone),
        summary=f"Đặt hạn cho mốc của nhiệm vụ {milestone.task.code}",
    )
    return milestone


@transaction.atomic
def record_target_result(target: Target, *, actor, year: int, value, agency: Agency | None = None, note: str = ""):
    """PLAN-3: a reported actual value; the latest one for a year decides met / not met. Nothing is overwritten."""
    from cchc.plans.models import TargetResult

    plan = target.plan
    if plan.status in (PlanStatus.DRAFT, PlanStatus.CONSULTATION):
        raise UserError("Chỉ ghi kết quả thực hiện cho kế hoạch đã ban hành.")
    if not (target.start_year <= year <= target.end_year):
        raise UserError(f"Chỉ tiêu áp dụng cho năm {target.start_year}–{target.end_year}, không cho năm {year}.")
    number = target_value(value, target.measure, label="Giá trị đạt được")  # SEC-3: no NaN, 1e30, > 100%
    if agency is not None and agency.province_id != plan.province_id:
        raise UserError("Cơ quan phải thuộc tỉnh của kế hoạch.")
    result = TargetResult.objects.create(
        target=target, agency=agency, year=year, value=number, note=note.strip(), reported_by=actor
    )
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.ADD,
        province=plan.province,
        after=audit.snapshot(result),
        summary=f"Kết quả chỉ tiêu năm {year}: {target}",
    )
    return result


@transaction.atomic
def discard_plan(plan: Plan, *, actor) -> Plan:
    """PLAN-1, U-3: a draft made by mistake (a document imported twice) is discarded: marked, hidden from the
    lists, kept with its audit trail; nothing is deleted. A plan sent for comments or issued never is."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.discarded:
        raise UserError("Dự thảo này đã được hủy bỏ.")
    if plan.status != PlanStatus.DRAFT or plan.adjusting:
        raise UserError(
            "Chỉ hủy bỏ được kế hoạch còn là dự thảo; kế hoạch đã gửi lấy ý kiến hoặc đã ban hành thì không."
        )
    before = audit.snapshot(plan)
    plan.discarded = True
    plan.version += 1
    plan.save(update_fields=["discarded", "version"])
    audit.record(
        actor=actor,
        obj=plan,
        action=AuditEntry.Action.UPDATE,
        province=plan.province,
        before=before,
        after=audit.snapshot(plan),
        summary=f"Hủy bỏ dự thảo kế hoạch: {plan.title}",
    )
    return plan

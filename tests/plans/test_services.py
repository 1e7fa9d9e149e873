"""PLAN-1, PLAN-2, PLAN-3, REG-3 for tasks, and PLAN-6's "nothing edited in place after issue"."""

import datetime as dt
from decimal import Decimal

import pytest

from cchc.agencies.models import Agency, AgencyKind
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.plans import services
from cchc.plans.models import Objective, PlanStatus, Task
from cchc.plans.targets import MET, NOT_MET, NOT_REPORTED, evaluate
from tests.conftest import agency, province
from tests.plans.conftest import DN, area, make_plan, task_input


def test_PLAN_1_a_plan_has_kind_years_programme_objectives_and_is_a_draft(draft_plan):
    assert draft_plan.status == PlanStatus.DRAFT and draft_plan.kind == "annual"
    assert draft_plan.years_label == "2027" and draft_plan.programme.code == "NQ76"
    assert list(Objective.objects.filter(plan=draft_plan).values_list("text", flat=True))[0].startswith("Đẩy mạnh")


def test_PLAN_8_a_thematic_plan_needs_its_theme(snv):
    with pytest.raises(UserError, match="chọn chuyên đề"):
        make_plan(snv, kind="thematic")
    plan = make_plan(snv, kind="thematic", thematic_type="iso", title="Kế hoạch áp dụng ISO 9001 năm 2027")
    assert plan.get_thematic_type_display() == "Áp dụng ISO 9001"


def test_PLAN_2_quarter_phrase_gives_end_of_quarter_due_date(draft_plan, snv):
    task, warnings = services.add_task(draft_plan, actor=snv, data=task_input(time_text="Quý III"))
    assert warnings == []
    assert [(m.label, m.due) for m in task.milestones.all()] == [("", dt.date(2027, 9, 30))]


def test_PLAN_2_two_phases_become_two_milestones(draft_plan, snv):
    task, _ = services.add_task(
        draft_plan, actor=snv, data=task_input(time_text="- Ban hành kế hoạch: Quý I - Thực hiện: Cả năm")
    )
    assert [(m.label, m.due) for m in task.milestones.all()] == [
        ("Ban hành kế hoạch", dt.date(2027, 3, 31)),
        ("Thực hiện", dt.date(2027, 12, 31)),
    ]


@pytest.mark.parametrize(
    "phrase",
    [
        "Thực hiện thường xuyên",
        "Theo tình hình thực tế",
        "Sau khi Chính phủ ban hành văn bản",
        "Theo Kế hoạch số 61/KH-UBND ngày 05/3/2019 của UBND tỉnh",
    ],
)
def test_PLAN_2_undated_phrases_keep_their_text_until_a_person_sets_a_date(draft_plan, snv, phrase):
    task, _ = services.add_task(draft_plan, actor=snv, data=task_input(time_text=phrase))
    milestone = task.milestones.get()
    assert milestone.due is None and milestone.text == phrase
    services.set_milestone_due(milestone, actor=snv, due=dt.date(2027, 6, 30))
    milestone.refresh_from_db()
    assert milestone.due == dt.date(2027, 6, 30) and milestone.set_by_person


def test_PLAN_2_a_milestone_is_not_due_before_the_plans_first_day(draft_plan, snv):
    task, _ = services.add_task(draft_plan, actor=snv, data=task_input(time_text="Theo tình hình thực tế"))
    with pytest.raises(UserError, match="trước ngày bắt đầu của kế hoạch"):
        services.set_milestone_due(task.milestones.get(), actor=snv, due=dt.date(2026, 12, 31))
    with pytest.raises(UserError, match="trước ngày bắt đầu của kế hoạch"):
        services.add_task(draft_plan, actor=snv, data=task_input(time_text="15/11/2026"))
    assert draft_plan.tasks.count() == 1


def test_REG_3_a_task_lead_is_never_among_its_coordinators(draft_plan, snv):
    with pytest.raises(UserError, match="không thể đồng thời là cơ quan phối hợp"):
        services.add_task(
            draft_plan, actor=snv, data=task_input(lead="Sở Tư pháp", coordinator_agencies=(agency(DN, "Sở Tư pháp"),))
        )
    assert not Task.objects.filter(plan=draft_plan).exists()


def test_REG_3_a_task_needs_exactly_one_lead(draft_plan, snv):
    with pytest.raises(UserError, match="đúng một cơ quan chủ trì"):
        services.add_task(draft_plan, actor=snv, data=services.TaskInput(title="Không có chủ trì", lead=None))


def test_ORG_3_a_coordinator_group_that_resolves_to_nobody_is_an_error(snv):
    from cchc.agencies.models import AgencyGroup

    plan = make_plan(snv, year=2026)  # districts ended on 30/06/2025
    districts = AgencyGroup.objects.get(province__name=DN, name="UBND cấp huyện")
    # Đà Nẵng's file records the city as it is in 2026; one of its former districts stands in for them here.
    Agency.objects.create(
        province=province(DN), name="UBND quận Hải Châu", kind=AgencyKind.DISTRICT, valid_to=dt.date(2025, 6, 30)
    )
    with pytest.raises(UserError, match="không có cơ quan nào vào ngày 01/01/2026"):
        services.add_task(plan, actor=snv, data=task_input(coordinator_groups=(districts,)))
    older = make_plan(snv, year=2024, title="Kế hoạch CCHC năm 2024")
    task, _ = services.add_task(older, actor=snv, data=task_input(coordinator_groups=(districts,)))
    assert list(task.coordinator_groups.all()) == [districts]


def test_PLAN_3_target_met_not_met_not_reported():
    assert evaluate(">=", Decimal(30), Decimal(30)) == MET
    assert evaluate(">=", Decimal(30), Decimal("29.5")) == NOT_MET
    assert evaluate(">", Decimal(85), Decimal(85)) == NOT_MET
    assert evaluate(">", Decimal(85), Decimal("85.1")) == MET
    assert evaluate("=", Decimal(100), Decimal(100)) == MET
    assert evaluate("<=", Decimal(5), Decimal(6)) == NOT_MET
    assert evaluate(">=", Decimal(30), None) == NOT_REPORTED


def test_PLAN_3_a_target_holds_measure_comparison_value_scope_and_years(draft_plan, snv):
    from cchc.agencies.models import AgencyGroup

    departments = AgencyGroup.objects.get(province__name=DN, name="Các sở, ban, ngành")
    target = services.add_target(
        draft_plan,
        actor=snv,
        data=services.TargetInput(
            text="Ít nhất 30% cơ quan được kiểm tra",
            measure="percent",
            comparison=">=",
            value=Decimal(30),
            area_id=area("direction").pk,
            scope_groups=(departments,),
        ),
    )
    assert (target.comparison, target.value, target.start_year, target.end_year) == (">=", 30, 2027, 2027)
    assert list(target.scope_groups.all()) == [departments]
    with pytest.raises(UserError, match="trong thời gian của kế hoạch"):
        services.add_target(
            draft_plan,
            actor=snv,
            data=services.TargetInput(text="x", measure="percent", comparison=">=", value=1, start_year=2030),
        )


def test_PLAN_6_an_issued_plan_is_not_edited_in_place(snv):
    plan = make_plan(snv, status=PlanStatus.ISSUED)
    with pytest.raises(UserError, match="điều chỉnh"):
        services.add_task(plan, actor=snv, data=task_input())
    with pytest.raises(UserError, match="điều chỉnh"):
        services.update_plan(plan, actor=snv, fields={"title": "Đổi"}, expected_version=plan.version)
    assert plan.tasks.count() == 0


def test_U_3_task_changes_are_audited_with_before_and_after(draft_plan, snv):
    task, _ = services.add_task(draft_plan, actor=snv, data=task_input(code="1"))
    services.update_task(task, actor=snv, data=task_input(code="1", time_text="Quý II"))
    entry = AuditEntry.objects.filter(record_id=str(draft_plan.pk), action="update").latest("id")
    assert (entry.before["Thời gian hoàn thành"], entry.after["Thời gian hoàn thành"]) == ("Quý I", "Quý II")
    assert task.milestones.get().due == dt.date(2027, 6, 30)
    services.remove_task(task, actor=snv)
    assert AuditEntry.objects.filter(record_id=str(draft_plan.pk), action="remove").get().before["TT"] == "1"


def test_PLAN_3_reported_values_decide_met_per_year(snv):
    from cchc.plans.queries import target_years

    plan = make_plan(snv, kind="period", year=2026, end_year=2027, title="Kế hoạch giai đoạn")
    target = services.add_target(
        plan,
        actor=snv,
        data=services.TargetInput(
            text="Trên 85% người dân hài lòng", measure="percent", comparison=">", value=Decimal(85)
        ),
    )
    with pytest.raises(UserError, match="kế hoạch đã ban hành"):
        services.record_target_result(target, actor=snv, year=2026, value="90")
    plan.__class__.objects.filter(pk=plan.pk).update(status="issued")
    target.refresh_from_db()
    services.record_target_result(target, actor=snv, year=2026, value="84,5")
    services.record_target_result(target, actor=snv, year=2026, value="86")  # a correction: the latest counts
    with pytest.raises(UserError, match="không được lớn hơn 100%"):
        services.record_target_result(target, actor=snv, year=2027, value="120")
    with pytest.raises(UserError, match="không cho năm 2030"):
        services.record_target_result(target, actor=snv, year=2030, value="90")
    target = plan.targets.prefetch_related("results").get()
    assert [(y.year, y.status) for y in target_years(target)] == [(2026, "met"), (2027, "not-reported")]
    assert target.results.count() == 2, "nothing reported is overwritten"


def test_REG_3_a_group_may_lead_each_agency_for_its_own_house_but_not_coordinate_too(draft_plan, snv):
    from cchc.agencies.models import AgencyGroup

    departments = AgencyGroup.objects.get(province__name=DN, name="Các sở, ban, ngành")
    task, _ = services.add_task(
        draft_plan,
        actor=snv,
        data=services.TaskInput(
            title="Tuyên truyền, phổ biến pháp luật",
            lead=departments,
            coordinator_agencies=(agency(DN, "Sở Tư pháp"),),
            time_text="Cả năm",
        ),
    )
    assert task.lead is None and task.lead_group == departments and task.lead_name == "Các sở, ban, ngành"
    with pytest.raises(UserError, match="không thể đồng thời là cơ quan phối hợp"):
        services.add_task(
            draft_plan,
            actor=snv,
            data=services.TaskInput(title="x", lead=departments, coordinator_groups=(departments,)),
        )


def test_PLAN_7_a_task_led_by_a_group_is_assigned_to_each_of_its_agencies(snv, demo_user):
    from cchc.agencies.models import AgencyGroup
    from cchc.plans import cycle
    from cchc.plans.queries import issued_provincial_plans, tasks_led_by

    departments = AgencyGroup.objects.get(province__name=DN, name="Các sở, ban, ngành")
    plan = make_plan(snv)
    services.add_task(
        plan, actor=snv, data=services.TaskInput(title="Tự kiểm tra CCHC", lead=departments, time_text="Quý IV")
    )
    cycle.issue_plan(
        plan,
        actor=demo_user("dnang.snv.lanhdao"),
        number="1/KH-UBND",
        signed_on=dt.date(2026, 12, 1),
        on=dt.date(2026, 12, 1),
    )
    plans = issued_provincial_plans(plan.province_id, 2027)
    assert [t.title for t in tasks_led_by(agency(DN, "Sở Y tế"), plans, dt.date(2027, 1, 1))] == ["Tự kiểm tra CCHC"]
    assert not tasks_led_by(agency(DN, "UBND phường Hải Châu"), plans, dt.date(2027, 1, 1)).exists()


def test_PLAN_2_REG_3_a_whole_plan_of_tasks_is_added_at_once_or_not_at_all(draft_plan, snv):
    """PLAN-2, REG-3: add_tasks (a plan read from a document) checks each task as add_task does; one bad task
    refuses the whole batch, each refused task named with its code and the line it was read from."""
    from cchc.core.errors import UserErrors

    justice = agency(DN, "Sở Tư pháp")
    bad = [
        task_input(code="1", line=11),
        task_input(code="2", lead="Sở Tư pháp", coordinator_agencies=(justice,), line=12),
        task_input(code="3", time_text="15/11/2026", line=13),
        task_input(code="", title=" ", line=14),
    ]
    with pytest.raises(UserErrors) as refused:
        services.add_tasks(draft_plan, actor=snv, inputs=bad)
    messages = [str(e) for e in refused.value.errors]
    assert messages[0].startswith("Dòng 12: Nhiệm vụ 2:") and "đồng thời là cơ quan phối hợp" in messages[0]
    assert messages[1].startswith("Dòng 13: Nhiệm vụ 3:") and "trước ngày bắt đầu" in messages[1]
    assert messages[2] == "Dòng 14: Cần nhập tên nhiệm vụ." and len(messages) == 3
    assert not draft_plan.tasks.exists()


def test_PLAN_2_U_3_tasks_added_at_once_are_ordered_dated_and_each_audited(draft_plan, snv):
    """PLAN-2, U-3: the tasks keep their order after the plan's own, get their milestones and coordinators, the
    plan's version steps once, and each task has its journal entry and its audit-log rows."""
    from cchc.core import auditing

    services.add_task(draft_plan, actor=snv, data=task_input(code="1"))
    version = type(draft_plan).objects.get(pk=draft_plan.pk).version
    group = draft_plan.province.groups.get(name="Các sở, ban, ngành")
    inputs = [
        task_input(code="2", time_text="Quý II", coordinator_groups=(group,)),
        task_input(
            code="3",
            lead="Sở Tư pháp",
            time_text="- Ban hành kế hoạch: Quý I - Thực hiện: Cả năm",
            coordinator_agencies=(agency(DN, "SNV"),),
        ),
    ]
    tasks = services.add_tasks(draft_plan, actor=snv, inputs=inputs)
    assert [t.code for t in draft_plan.tasks.order_by("order")] == ["1", "2", "3"]
    assert [m.due for m in tasks[0].milestones.all()] == [dt.date(2027, 6, 30)]
    assert [m.due for m in tasks[1].milestones.order_by("order")] == [dt.date(2027, 3, 31), dt.date(2027, 12, 31)]
    assert list(tasks[0].coordinator_groups.all()) == [group]
    assert type(draft_plan).objects.get(pk=draft_plan.pk).version == version + 1
    added = AuditEntry.objects.filter(record_id=str(draft_plan.pk), summary__in=["Thêm nhiệm vụ 2", "Thêm nhiệm vụ 3"])
    assert {e.actor_id for e in added} == {snv.pk} and added.count() == 2
    assert added.get(summary="Thêm nhiệm vụ 3").after["Cơ quan phối hợp"] == "Sở Nội vụ"
    assert auditing.unlogged_changes([Task.objects.filter(plan=draft_plan)]) == []

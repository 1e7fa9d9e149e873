"""Plans for the tests, built through the services as a user of Sở Nội vụ would."""

import datetime as dt

import pytest

from cchc.agencies.models import AgencyGroup
from cchc.plans import services
from cchc.plans.models import Milestone, Plan, Task
from cchc.regulation.models import ReformArea, ReformProgramme
from tests.conftest import agency, province

DN = "Đà Nẵng"  # a province alive today (Quảng Nam merged into it on 01/07/2025, ORG-5)


def area(code: str, programme: str = "NQ76") -> ReformArea:
    return ReformArea.objects.get(programme__code=programme, code=code)


def make_plan(actor, *, kind="annual", year=2027, status=None, owner=None, **fields) -> Plan:
    plan = services.create_plan(
        actor=actor,
        province=province(DN),
        owner=owner or agency(DN, "Sở Nội vụ"),
        fields={
            "kind": kind,
            "title": fields.pop("title", f"Kế hoạch cải cách hành chính năm {year}"),
            "issuer": "Ủy ban nhân dân thành phố Đà Nẵng",
            "start_year": year,
            "end_year": fields.pop("end_year", year),
            "programme": ReformProgramme.objects.get(code="NQ76"),
            **fields,
        },
        objectives=["Đẩy mạnh cải cách thủ tục hành chính", "Nâng cao Chỉ số CCHC của tỉnh"],
    )
    if status:
        Plan.objects.filter(pk=plan.pk).update(status=status, signed_on=dt.date(year - 1, 12, 20))
        plan.refresh_from_db()
    return plan


def task_input(title="Ban hành Kế hoạch CCHC năm", lead="Sở Nội vụ", time_text="Quý I", **kwargs):
    return services.TaskInput(title=title, lead=agency(DN, lead), time_text=time_text, **kwargs)


@pytest.fixture
def draft_plan(snv):
    return make_plan(snv)


def bulk_tasks(plan, count: int) -> None:
    """Many tasks at once (for query-count tests): each with a milestone, a coordinator and a group."""
    lead, other = agency(DN, "Sở Nội vụ"), agency(DN, "Sở Tư pháp")
    group = AgencyGroup.objects.get(province__name=DN, name="Các sở, ban, ngành")
    areas = [area(code) for code in ("direction", "institutions", "procedures", "modernisation")]
    tasks = Task.objects.bulk_create(
        [
            Task(
                plan=plan,
                code=str(i),
                title=f"Nhiệm vụ số {i}",
                area=areas[i % 4],
                lead=lead,
                products=["Báo cáo"],
                time_text="Quý II",
                order=i,
            )
            for i in range(count)
        ]
    )
    Milestone.objects.bulk_create([Milestone(task=t, text="Quý II", due=dt.date(2027, 6, 30)) for t in tasks])
    Task.coordinator_agencies.through.objects.bulk_create(
        [Task.coordinator_agencies.through(task_id=t.pk, agency_id=other.pk) for t in tasks]
    )
    Task.coordinator_groups.through.objects.bulk_create(
        [Task.coordinator_groups.through(task_id=t.pk, agencygroup_id=group.pk) for t in tasks]
    )


@pytest.fixture
def plan_with_tasks(snv):
    """A draft provincial plan of Đà Nẵng for 2027 with three tasks in three areas; its numbering has a gap."""
    draft_plan = make_plan(snv, requirements="Bám sát Nghị quyết 76/NQ-CP.")
    departments = AgencyGroup.objects.get(province__name=DN, name="Các sở, ban, ngành")
    services.add_task(
        draft_plan,
        actor=snv,
        data=task_input(
            code="1",
            title="Ban hành Kế hoạch cải cách hành chính",
            area_id=area("direction").pk,
            products=("Kế hoạch của UBND tỉnh",),
            coordinator_groups=(departments,),
            time_text="Quý I",
        ),
    )
    services.add_task(
        draft_plan,
        actor=snv,
        data=task_input(
            code="2",
            title="Rà soát văn bản quy phạm pháp luật",
            lead="Sở Tư pháp",
            area_id=area("institutions").pk,
            products=("Báo cáo rà soát",),
            coordinator_agencies=(agency(DN, "Sở Nội vụ"),),
            time_text="Quý III",
            owner_unit="Phòng Xây dựng và Kiểm tra văn bản",
        ),
    )
    services.add_task(
        draft_plan,
        actor=snv,
        data=task_input(
            code="4",
            title="Duy trì Hệ thống quản lý chất lượng ISO",
            lead="Sở Khoa học và Công nghệ",
            area_id=area("modernisation").pk,
            time_text="Thực hiện thường xuyên",
        ),
    )
    return draft_plan

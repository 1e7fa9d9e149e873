"""U-5: the plans part of the API: the plan pages' permissions (ORG-4), the appendix filters (PLAN-2), milestones,
target status from reported results (PLAN-3), a fixed number of queries, and the OpenAPI description."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.agencies.models import AgencyGroup
from cchc.plans import services
from cchc.plans.models import Plan, PlanStatus, TargetResult
from tests.api.conftest import DN_USERS as USERS
from tests.conftest import agency
from tests.plans.conftest import DN, area, bulk_tasks, make_plan, plan_with_tasks, task_input  # noqa: F401

BASE = "/provinces/da-nang/plans"


@pytest.fixture
def plan(plan_with_tasks):  # noqa: F811 - the fixture imported from tests/plans/conftest.py
    """The plan page's three-task draft (tests/plans/conftest.py)."""
    return plan_with_tasks


def _task_id(plan: Plan, code: str) -> int:
    return plan.tasks.get(code=code).pk


PATHS = [
    BASE,
    BASE + "/{plan}",
    BASE + "/{plan}/tasks",
    BASE + "/{plan}/tasks/{task}",
    BASE + "/{plan}/tasks/{task}/milestones",
]


def _status_codes(api, plan: Plan, path: str) -> list[int]:
    url = path.format(plan=plan.pk, task=_task_id(plan, "2"))
    codes = []
    for user in USERS:
        response = api(user, url)
        if response.status_code == 200 and path == BASE:
            # The list answers 200 to everyone in the province: what counts is whether the plan is in it.
            codes.append(200 if plan.pk in [p["id"] for p in response.json()] else 404)
        else:
            codes.append(response.status_code)
    return codes


@pytest.mark.parametrize("path", PATHS, ids=PATHS)
def test_ORG_4_plans_api_permission_table_for_a_draft(api, plan, path):
    assert _status_codes(api, plan, path) == [401, 404, 200, 200, 404, 200]


@pytest.mark.parametrize("path", PATHS, ids=PATHS)
def test_ORG_4_plans_api_permission_table_for_an_issued_plan(api, plan, path):
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ISSUED)
    assert _status_codes(api, plan, path) == [401, 200, 200, 200, 404, 200]


def test_ORG_4_the_plan_list_is_404_for_another_province(api, plan):
    assert api("kgiang.stc", BASE).status_code == 404
    assert api("dnang.stp", BASE).json() == []


def test_ORG_4_a_plan_or_task_under_the_wrong_address_is_404(api, plan, snv):
    other = make_plan(snv, title="Kế hoạch khác")
    task = _task_id(plan, "2")
    assert api("admin", f"/provinces/kien-giang/plans/{plan.pk}").status_code == 404
    assert api("admin", f"{BASE}/{other.pk}/tasks/{task}").status_code == 404
    assert api("admin", f"{BASE}/{other.pk}/tasks/{task}/milestones").status_code == 404
    assert api("admin", f"{BASE}/999999").status_code == 404
    assert api("admin", f"{BASE}/{plan.pk}/tasks/999999").json() == {"detail": "Không tìm thấy."}


def test_U_5_plan_list_filters_by_year_and_kind(api, plan, snv):
    make_plan(snv, kind="period", year=2026, end_year=2030, title="Kế hoạch giai đoạn 2026 - 2030")
    listed = api("dnang.snv", BASE).json()
    assert [p["title"] for p in listed] == ["Kế hoạch cải cách hành chính năm 2027", "Kế hoạch giai đoạn 2026 - 2030"]
    first = listed[0]
    assert first["id"] == plan.pk and first["task_count"] == 3 and first["status"] == "draft"
    assert first["owner"] == {"id": agency(DN, "Sở Nội vụ").pk, "name": "Sở Nội vụ"}
    assert first["programme"] == "NQ76" and (first["start_year"], first["end_year"]) == (2027, 2027)
    assert [p["kind"] for p in api("dnang.snv", BASE, year=2029).json()] == ["period"]
    assert [p["kind"] for p in api("dnang.snv", BASE, kind="annual").json()] == ["annual"]


def test_U_5_plan_detail_has_objectives_requirements_and_counts(api, plan):
    detail = api("dnang.snv", f"{BASE}/{plan.pk}").json()
    assert detail["objectives"] == ["Đẩy mạnh cải cách thủ tục hành chính", "Nâng cao Chỉ số CCHC của tỉnh"]
    assert detail["requirements"] == "Bám sát Nghị quyết 76/NQ-CP."
    counts = detail["counts"]
    assert (counts["objectives"], counts["targets"], counts["tasks"], counts["undated_tasks"]) == (2, 0, 3, 1)
    assert [(a["area"], a["tasks"]) for a in counts["tasks_per_area"]] == [
        ("direction", 1),
        ("institutions", 1),
        ("modernisation", 1),
    ]
    assert detail["task_count"] == 3 and detail["targets"] == []


def _codes(api, plan, **params) -> list[str]:
    response = api("dnang.snv", f"{BASE}/{plan.pk}/tasks", **params)
    assert response.status_code == 200, response.content
    return [t["code"] for t in response.json()]


def test_PLAN_1_a_discarded_draft_is_not_listed_by_the_api(api, plan, snv):
    """PLAN-1, U-3: the API lists what the plan list page lists: a discarded draft is kept but not listed."""
    from cchc.plans import services

    services.discard_plan(plan, actor=snv)
    assert plan.pk not in [p["id"] for p in api("dnang.snv", BASE).json()]
    assert Plan.objects.filter(pk=plan.pk, discarded=True).exists()


def test_PLAN_2_tasks_keep_the_documents_numbering(api, plan):
    assert _codes(api, plan) == ["1", "2", "4"]


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"area": "institutions"}, ["2"]),
        ({"area": "procedures"}, []),
        ({"quarter": 1}, ["1"]),
        ({"quarter": 3}, ["2"]),
        ({"status": "undated"}, ["4"]),
        ({"status": "dated"}, ["1", "2"]),
        ({"q": "ra soat van ban"}, ["2"]),
        ({"q": "RÀ SOÁT"}, ["2"]),
        ({"q": "iso"}, ["4"]),
        ({"q": "ke hoach ubnd"}, ["1"]),
        ({"area": "institutions", "q": "iso"}, []),
    ],
    ids=lambda value: str(value),
)
def test_PLAN_2_tasks_are_filtered_as_the_appendix_filters_them(api, plan, params, codes):
    assert _codes(api, plan, **params) == codes


def test_PLAN_2_tasks_filter_by_lead_and_coordinator(api, plan):
    assert _codes(api, plan, lead=agency(DN, "Sở Tư pháp").pk) == ["2"]
    assert _codes(api, plan, coordinator=f"agency:{agency(DN, 'Sở Nội vụ').pk}") == ["2"]
    departments = AgencyGroup.objects.get(province__name=DN, name="Các sở, ban, ngành")
    assert _codes(api, plan, coordinator=f"group:{departments.pk}") == ["1"]


def test_PLAN_2_tasks_filter_overdue_and_upcoming_against_today(api, plan, monkeypatch):
    monkeypatch.setattr("cchc.plans.api.today", lambda: dt.date(2027, 5, 1))
    assert _codes(api, plan, status="overdue") == ["1"]
    assert _codes(api, plan, status="upcoming") == ["2"]


@pytest.mark.parametrize(
    "params",
    [{"quarter": 5}, {"status": "late"}, {"coordinator": "agency:x"}, {"coordinator": "someone:3"}],
    ids=lambda value: str(value),
)
def test_PLAN_2_tasks_refuse_bad_filters(api, plan, params):
    """PLAN-2, SEC-3: a bad filter is refused with its reason in Vietnamese: 422 when the schema's bounds refuse
    it (quarter 1–4), 400 when the value is not one of the allowed ones."""
    response = api("dnang.snv", f"{BASE}/{plan.pk}/tasks", **params)
    assert response.status_code == (422 if "quarter" in params else 400)
    assert "không hợp lệ" in response.json()["detail"] or "phải" in response.json()["detail"]


def test_PLAN_2_task_has_the_appendix_columns_and_its_milestones(api, plan):
    task_id = _task_id(plan, "2")
    task = api("dnang.snv", f"{BASE}/{plan.pk}/tasks/{task_id}").json()
    assert task["id"] == task_id and task["code"] == "2" and task["area"] == "institutions"
    assert task["title"] == "Rà soát văn bản quy phạm pháp luật" and task["products"] == ["Báo cáo rà soát"]
    assert task["lead"] == {"id": agency(DN, "Sở Tư pháp").pk, "name": "Sở Tư pháp"}
    assert task["coordinator_agencies"] == [{"id": agency(DN, "Sở Nội vụ").pk, "name": "Sở Nội vụ"}]
    assert task["coordinator_groups"] == []
    assert task["time_text"] == "Quý III" and task["owner_unit"] == "Phòng Xây dựng và Kiểm tra văn bản"
    [milestone] = task["milestones"]
    assert milestone["text"] == "Quý III" and milestone["due"] == "2027-09-30"
    assert set(milestone) == {"id", "label", "text", "kind", "due"} and milestone["kind"]
    listed = next(t for t in api("dnang.snv", f"{BASE}/{plan.pk}/tasks").json() if t["id"] == task_id)
    assert listed == task
    assert api("dnang.snv", f"{BASE}/{plan.pk}/tasks/{task_id}/milestones").json() == [milestone]


def test_PLAN_2_a_phrase_without_a_date_keeps_its_text_and_has_no_due(api, plan):
    milestones = api("dnang.snv", f"{BASE}/{plan.pk}/tasks/{_task_id(plan, '4')}/milestones").json()
    assert [(m["text"], m["due"]) for m in milestones] == [("Thực hiện thường xuyên", None)]
    groups = api("dnang.snv", f"{BASE}/{plan.pk}/tasks/{_task_id(plan, '1')}").json()["coordinator_groups"]
    assert [g["name"] for g in groups] == ["Các sở, ban, ngành"]


def test_PLAN_3_target_status_per_year_from_reported_results(api, snv):
    plan = make_plan(snv, kind="period", end_year=2028, title="Kế hoạch cải cách hành chính 2027 - 2028")
    justice = agency(DN, "Sở Tư pháp")
    target = services.add_target(
        plan,
        actor=snv,
        data=services.TargetInput(
            text="Ít nhất 30% thủ tục hành chính được cắt giảm thời gian giải quyết",
            measure="percent",
            comparison=">=",
            value=Decimal("30"),
            area_id=area("procedures").pk,
            scope_agencies=(justice,),
        ),
    )
    first_report = TargetResult.objects.create(target=target, year=2027, value=Decimal("29.5"))
    TargetResult.objects.filter(pk=first_report.pk).update(reported_at=timezone.now() - dt.timedelta(days=30))
    TargetResult.objects.create(target=target, year=2027, value=Decimal("45"))  # the latest report counts
    TargetResult.objects.create(target=target, year=2027, agency=justice, value=Decimal("20"))
    strict = services.add_target(
        plan,
        actor=snv,
        data=services.TargetInput(text="Trên 85% hài lòng", measure="percent", comparison=">", value=Decimal("85")),
    )
    TargetResult.objects.create(target=strict, year=2028, value=Decimal("85"))

    first, second = api("dnang.snv", f"{BASE}/{plan.pk}").json()["targets"]
    assert first["id"] == target.pk and first["area"] == "procedures" and first["topic"] is None
    assert (first["measure"], first["comparison"], first["value"], first["unit"]) == ("percent", ">=", 30.0, "%")
    assert (first["start_year"], first["end_year"]) == (2027, 2028)
    assert first["scope_agencies"] == [{"id": justice.pk, "name": "Sở Tư pháp"}] and first["scope_groups"] == []
    assert [(y["year"], y["actual"], y["status"]) for y in first["years"]] == [
        (2027, 45.0, "met"),
        (2028, None, "not-reported"),
    ]
    assert [(r["agency"]["name"], r["actual"], r["status"]) for r in first["agency_results"]] == [
        ("Sở Tư pháp", 20.0, "not-met")
    ]
    assert [(y["year"], y["status"]) for y in second["years"]] == [(2027, "not-reported"), (2028, "not-met")]
    assert second["years"][1]["status_label"] == "Chưa đạt"


def _count_queries(api, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api("dnang.snv", url, **params)
    assert response.status_code == 200
    return len(captured)


def test_U_5_tasks_endpoint_issues_the_same_queries_for_5_and_60_tasks(api, snv):
    small, big = make_plan(snv, title="Nhỏ"), make_plan(snv, title="Lớn")
    bulk_tasks(small, 5)
    bulk_tasks(big, 60)
    assert len(api("dnang.snv", f"{BASE}/{big.pk}/tasks").json()) == 60
    for params in ({}, {"q": "nhiem vu", "status": "dated", "area": "direction"}):
        assert _count_queries(api, f"{BASE}/{small.pk}/tasks", params) == _count_queries(
            api, f"{BASE}/{big.pk}/tasks", params
        )


def test_U_5_openapi_lists_the_plan_endpoints(client, db):
    schema = client.get(reverse("openapi")).json()
    paths = {
        "/api/v1/provinces/{slug}/plans",
        "/api/v1/provinces/{slug}/plans/{plan_id}",
        "/api/v1/provinces/{slug}/plans/{plan_id}/tasks",
        "/api/v1/provinces/{slug}/plans/{plan_id}/tasks/{task_id}",
        "/api/v1/provinces/{slug}/plans/{plan_id}/tasks/{task_id}/milestones",
    }
    assert paths <= set(schema["paths"])
    assert all(list(schema["paths"][p]) == ["get"] for p in paths)
    assert all(schema["paths"][p]["get"]["tags"] == ["Kế hoạch"] for p in paths)
    parameters = {
        p["name"] for p in schema["paths"]["/api/v1/provinces/{slug}/plans/{plan_id}/tasks"]["get"]["parameters"]
    }
    assert {"area", "lead", "coordinator", "quarter", "status", "q"} <= parameters

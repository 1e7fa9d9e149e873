"""Plan pages: the document view, the appendix with filters and search, permissions, and query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.plans.models import Plan, PlanStatus, Task
from tests.conftest import agency
from tests.plans.conftest import DN, area, bulk_tasks, make_plan


def _appendix(client, plan, **params):
    return client.get(reverse("plan-appendix", args=["da-nang", plan.pk]), params)


def test_PLAN_1_plan_page_reads_like_the_document(client_for, plan_with_tasks):
    html = client_for("dnang.snv").get(reverse("plan-detail", args=["da-nang", plan_with_tasks.pk])).content.decode()
    assert html.index("Công tác chỉ đạo, điều hành") < html.index("Cải cách thể chế") < html.index("Chính phủ số")
    assert "Ban hành Kế hoạch cải cách hành chính" in html and "Đẩy mạnh cải cách thủ tục hành chính" in html


def test_PLAN_2_appendix_is_the_table_of_the_document_keeping_its_numbering(client_for, plan_with_tasks):
    response = _appendix(client_for("dnang.snv"), plan_with_tasks)
    html = response.content.decode()
    for header in ("TT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"):
        assert f">{header}<" in html
    assert [t.code for t in response.context["tasks"]] == ["1", "2", "4"], "the gap in numbering is kept"
    assert "hạn 31/03/2027" in html and "chưa có ngày cụ thể" in html
    assert response.context["counts"][0] == ("Công tác chỉ đạo, điều hành cải cách hành chính", 1)


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"linh_vuc": "institutions"}, ["2"]),
        ({"quy": "3"}, ["2"]),
        ({"tinh_trang": "undated"}, ["4"]),
        ({"q": "ra soat van ban"}, ["2"]),
        ({"q": "ISO"}, ["4"]),
    ],
)
def test_PLAN_2_appendix_filters_and_accent_insensitive_search(client_for, plan_with_tasks, params, codes):
    assert [t.code for t in _appendix(client_for("dnang.snv"), plan_with_tasks, **params).context["tasks"]] == codes


def test_PLAN_2_appendix_filters_by_lead_and_coordinator(client_for, plan_with_tasks):
    client = client_for("dnang.snv")
    justice = agency(DN, "Sở Tư pháp")
    assert [t.code for t in _appendix(client, plan_with_tasks, chu_tri=justice.pk).context["tasks"]] == ["2"]
    home = agency(DN, "Sở Nội vụ")
    assert [t.code for t in _appendix(client, plan_with_tasks, phoi_hop=f"agency:{home.pk}").context["tasks"]] == ["2"]


def test_PLAN_2_appendix_partial_for_htmx(client_for, plan_with_tasks):
    response = client_for("dnang.snv").get(
        reverse("plan-appendix", args=["da-nang", plan_with_tasks.pk]), {"q": "iso"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in response.content.decode() and "Duy trì Hệ thống" in response.content.decode()


def test_ORG_4_a_draft_is_seen_by_the_standing_agency_not_by_a_department(client_for, plan_with_tasks):
    url = reverse("plan-detail", args=["da-nang", plan_with_tasks.pk])
    assert client_for("dnang.stp").get(url).status_code == 404
    assert client_for("dnang.ubnd").get(url).status_code == 200
    Plan.objects.filter(pk=plan_with_tasks.pk).update(status=PlanStatus.ISSUED)
    assert client_for("dnang.stp").get(url).status_code == 200
    assert client_for("kgiang.snv").get(url).status_code == 404


def test_ORG_4_only_the_standing_agency_edits_provincial_plans(client_for, plan_with_tasks):
    count = Task.objects.count()
    response = client_for("dnang.ubnd").post(
        reverse("task-create", args=["da-nang", plan_with_tasks.pk]),
        {"title": "Chen vào", "lead": f"agency:{agency(DN, 'SNV').pk}"},
    )
    assert response.status_code == 403 and Task.objects.count() == count
    client = client_for("dnang.stp")
    form = client.get(reverse("plan-create", args=["da-nang"])).context["form"]
    assert [k for k, _ in form.fields["kind"].choices] == ["agency"], "a department plans only for itself"
    plans = Plan.objects.count()
    client.post(
        reverse("plan-create", args=["da-nang"]),
        {
            "kind": "annual",
            "title": "Kế hoạch tỉnh",
            "issuer": "x",
            "start_year": 2027,
            "end_year": 2027,
            "programme": 1,
        },
    )
    assert Plan.objects.count() == plans


def test_PLAN_2_standing_agency_adds_a_task_through_the_page(client_for, draft_plan):
    client = client_for("dnang.snv")
    response = client.post(
        reverse("task-create", args=["da-nang", draft_plan.pk]),
        {
            "code": "7",
            "title": "Tổ chức tập huấn nghiệp vụ CCHC",
            "area": area("civil-service").pk,
            "products_text": "Hội nghị tập huấn\nBáo cáo kết quả",
            "lead": f"agency:{agency(DN, 'SNV').pk}",
            "coordinators": [f"agency:{agency(DN, 'STP').pk}"],
            "time_text": "- Ban hành kế hoạch: Quý I\n- Thực hiện: Quý III",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(plan=draft_plan, code="7")
    assert task.products == ["Hội nghị tập huấn", "Báo cáo kết quả"]
    assert [m.due for m in task.milestones.all()] == [dt.date(2027, 3, 31), dt.date(2027, 9, 30)]


def test_REG_3_the_page_refuses_a_lead_as_coordinator_and_keeps_the_input(client_for, draft_plan):
    response = client_for("dnang.snv").post(
        reverse("task-create", args=["da-nang", draft_plan.pk]),
        {
            "title": "Nhiệm vụ thử",
            "lead": f"agency:{agency(DN, 'STP').pk}",
            "coordinators": [f"agency:{agency(DN, 'STP').pk}"],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "không thể đồng thời là cơ quan phối hợp" in html
    assert "Nhiệm vụ thử" in html and not Task.objects.filter(plan=draft_plan).exists()


def test_a_percentage_target_above_100_is_refused(client_for, draft_plan):
    """SEC-3, PLAN-3."""
    response = client_for("dnang.snv").post(
        reverse("target-create", args=["da-nang", draft_plan.pk]),
        {"text": "120% thủ tục", "measure": "percent", "comparison": ">=", "value": "120", "unit": "%"},
    )
    assert "không được lớn hơn 100%" in response.content.decode() and not draft_plan.targets.exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) > 3, "the queries were counted"
    return len(captured)


@pytest.mark.parametrize("page", ["plan-detail", "plan-appendix"])
def test_plan_pages_issue_the_same_queries_for_50_and_500_tasks(client_for, snv, page):
    client = client_for("dnang.snv")
    small, big = make_plan(snv, title="Nhỏ"), make_plan(snv, title="Lớn")
    bulk_tasks(small, 50)
    bulk_tasks(big, 500)
    assert _queries(client, reverse(page, args=["da-nang", small.pk])) == _queries(
        client, reverse(page, args=["da-nang", big.pk])
    )


def test_the_plan_list_issues_the_same_queries_for_2_and_10_draft_plans(client_for, snv):
    client = client_for("dnang.ubnd")  # provincial leadership sees drafts through the policy
    counts = []
    for count in (2, 10):
        for index in range(count):
            make_plan(snv, title=f"Kế hoạch {count}-{index}")
        counts.append(_queries(client, reverse("plan-list", args=["da-nang"])))
    assert counts[0] == counts[1]

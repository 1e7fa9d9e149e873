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
    first = response.context["counts"][0]
    assert (first.name, first.count) == ("Công tác chỉ đạo, điều hành cải cách hành chính", 1)


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


# --- issue 12: plans at real size: the appendix a page at a time, the counts per area, the filters kept ---------


def test_PLAN_2_a_large_appendix_is_shown_a_page_at_a_time_with_counts_per_area(client_for, snv):
    """PLAN-2 (issue 12): 250 tasks are shown 50 a page, in the order of the document; the counts per area cover
    all 250; a page that begins inside an area says "(tiếp theo)"; past the last page, the last page."""
    from cchc.plans.views import APPENDIX_PAGE_SIZE

    plan = make_plan(snv, title="Lớn")
    bulk_tasks(plan, 250)
    client = client_for("dnang.snv")
    first = _appendix(client, plan)
    assert APPENDIX_PAGE_SIZE == 50 and len(first.context["tasks"]) == 50 and first.context["total"] == 250
    counts = {a.code: a.count for a in first.context["counts"]}
    assert counts == {"direction": 63, "institutions": 63, "procedures": 62, "modernisation": 62}
    everything = [t.pk for t in Task.objects.filter(plan=plan).order_by("area__order", "order", "id")]
    pages = [_appendix(client, plan, trang=n).context["tasks"] for n in range(1, 6)]
    assert [t.pk for page in pages for t in page] == everything, "the pages follow one another, nothing twice"
    html = _appendix(client, plan, trang=2).content.decode()
    assert "(tiếp theo)" in html and "đang xem 51–100 (trang 2/5)" in html
    last = _appendix(client, plan, trang=40)
    assert last.status_code == 200 and last.context["page"].number == 5 and len(last.context["tasks"]) == 50


def test_PLAN_2_the_pages_and_areas_keep_the_filters_and_work_without_javascript(client_for, snv):
    """PLAN-2, U-1 (issue 12): the page links and the area links are plain links (no JavaScript needed) that keep
    the other filters; with an area chosen, the counts still show every area and the chosen one is marked."""
    plan = make_plan(snv, title="Lớn")
    bulk_tasks(plan, 450)
    Task.objects.filter(plan=plan).update(search_text="nhiem vu")  # bulk_create leaves it empty
    client = client_for("dnang.snv")
    response = _appendix(client, plan, q="nhiem vu", quy="2")
    html = response.content.decode()
    assert response.context["total"] == 450
    assert 'href="?q=nhiem+vu&amp;quy=2&amp;trang=2"' in html, "the next page keeps the search and the quarter"
    assert 'href="?q=nhiem+vu&amp;linh_vuc=procedures&amp;quy=2"' in html, "an area link keeps them too"
    chosen = _appendix(client, plan, q="nhiem vu", linh_vuc="procedures")
    assert chosen.context["total"] == 112 and {t.area.code for t in chosen.context["tasks"]} == {"procedures"}
    assert len(chosen.context["counts"]) == 4, "the other areas' counts stay, to move to them"
    assert 'aria-current="true">Cải cách thủ tục hành chính' in chosen.content.decode()
    assert 'name="trang"' not in html, "changing a filter starts again at the first page"


def test_PLAN_2_a_search_over_a_large_plan_still_ignores_accents(client_for, snv):
    """PLAN-2, U-1 (issue 12): the search runs over the whole plan, not over the page shown."""
    plan = make_plan(snv, title="Lớn")
    bulk_tasks(plan, 300)
    task = Task.objects.get(plan=plan, code="277")
    task.title = "Rà soát thủ tục cấp phép xây dựng"
    task.save()  # the search text is folded on save
    response = _appendix(client_for("dnang.snv"), plan, q="ra soat THU TUC")
    assert [t.code for t in response.context["tasks"]] == ["277"] and response.context["total"] == 1


def test_PLAN_2_htmx_gets_the_table_alone_but_a_history_restore_gets_the_page(client_for, plan_with_tasks):
    """PLAN-2 (issue 12): htmx swaps the table alone; when it restores a page of its history it asks for the
    whole page, and gets it; the answer varies with HX-Request so that no cache mixes the two."""
    client = client_for("dnang.snv")
    url = reverse("plan-appendix", args=["da-nang", plan_with_tasks.pk])
    partial = client.get(url, {"trang": "1"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "HX-Request" in partial["Vary"]
    restored = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restored.content.decode()


@pytest.mark.parametrize("params", [{"trang": "3"}, {"linh_vuc": "procedures", "trang": "2"}, {"q": "nhiem vu"}])
def test_PLAN_2_appendix_pages_issue_the_same_queries_for_300_and_1200_tasks(client_for, snv, params):
    """PLAN-2 (issue 12): a page of the appendix, filtered or not, costs the same queries whatever the plan's size."""
    client = client_for("dnang.snv")
    small, big = make_plan(snv, title="Nhỏ"), make_plan(snv, title="Lớn")
    bulk_tasks(small, 300)
    bulk_tasks(big, 1200)
    Task.objects.filter(plan__in=[small, big]).update(search_text="nhiem vu")
    query = "&".join(f"{key}={value.replace(' ', '+')}" for key, value in params.items())
    counts = [_queries(client, reverse("plan-appendix", args=["da-nang", p.pk]) + "?" + query) for p in (small, big)]
    assert counts[0] == counts[1]

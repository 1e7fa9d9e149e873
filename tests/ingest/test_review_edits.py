"""PLAN-2, PLAN-3, U-6: on the review page a person corrects a task's title and products, adds a task the parser
missed and drops a row read wrongly; what is saved is what the person saw and corrected. Bad edits (an empty or
huge title, an agency that is not the province's, boxes filled in but not added) are refused with a Vietnamese
message and change nothing; a double click adds one row; another province's officer, another province's
document and an ordinary department get 403/404 and nothing changes."""

import datetime as dt

from django.urls import reverse

from cchc.core.models import AuditEntry
from cchc.ingest.models import IngestedDocument
from cchc.plans.models import Plan
from tests.factories import AgencyFactory, world
from tests.ingest.test_review_pages import _form
from tests.ingest.texts import plan_text


def _start(client, w, tasks: int = 3) -> tuple[IngestedDocument, str]:
    client.force_login(w.user("standing_focal"))
    response = client.post(reverse("ingest-upload", args=[w.province.slug]), {"text": plan_text(tasks)})
    assert response.status_code == 302
    document = IngestedDocument.objects.filter(province=w.province).latest("id")
    return document, reverse("ingest-review", args=[w.province.slug, document.pk])


def _page(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return _form(response.content.decode())


def _new_task(post: dict, **fields) -> dict:
    values = {
        "new-task-area": "institutions",
        "new-task-code": "",
        "new-task-title": "Rà soát quy chế làm việc của các sở",
        "new-task-products": "Báo cáo rà soát\nDự thảo quy chế sửa đổi",
        "new-task-lead": "Sở Tư pháp",
        "new-task-time": "Quý III",
    }
    values.update(fields)
    return {**post, **{name: [value] for name, value in values.items()}}


def _state(document: IngestedDocument):
    document.refresh_from_db()
    return document.extracted, document.review_state, document.status


def _audits(document) -> int:
    return AuditEntry.objects.filter(record_id=str(document.pk)).count()


def test_PLAN_2_U_6_correct_a_title_and_products_add_a_task_drop_a_row_and_save_what_was_seen(client, db):
    """PLAN-2, U-6: task 1's title and products corrected, task 2 dropped, a missing task added with its area,
    products, lead, coordinators and time: the draft holds exactly that, the added task with its milestone."""
    w = world()
    document, url = _start(client, w)
    post = _page(client, url)
    post["task-0-title"] = ["  Xây dựng   kế hoạch kiểm tra CCHC  "]
    post["task-0-products"] = ["Kế hoạch kiểm tra\n\n Báo cáo kết quả kiểm tra "]
    del post["task-1-keep"]
    post = _new_task(post)
    post["new-task-coordinators"] = ["Các sở, ban, ngành", "Văn phòng UBND tỉnh"]
    post["action"] = ["add-task"]
    added = client.post(url, post)
    assert added.status_code == 302 and added["Location"].endswith("?trang=1#new-task")
    page = client.get(url).content.decode()
    assert "Xây dựng kế hoạch kiểm tra CCHC" in page and "thêm khi rà soát" in page
    assert 'name="task-1-keep" checked' not in page, "the dropped row stays dropped"
    post = _page(client, url)
    post["action"] = ["save"]
    saved = client.post(url, post)
    assert saved.status_code == 302, saved.content.decode()[-3000:]
    plan = Plan.objects.get(province=w.province)
    tasks = {t.code: t for t in plan.tasks.all()}
    assert set(tasks) == {"1", "3", "BS1"}
    assert tasks["1"].title == "Xây dựng kế hoạch kiểm tra CCHC"
    assert tasks["1"].products == ["Kế hoạch kiểm tra", "Báo cáo kết quả kiểm tra"]
    new = tasks["BS1"]
    assert (new.title, new.lead.name, new.area.code) == (
        "Rà soát quy chế làm việc của các sở",
        "Sở Tư pháp",
        "institutions",
    )
    assert new.products == ["Báo cáo rà soát", "Dự thảo quy chế sửa đổi"]
    assert {g.name for g in new.coordinator_groups.all()} == {"Các sở, ban, ngành"}
    assert {a.name for a in new.coordinator_agencies.all()} == {"Văn phòng UBND tỉnh"}
    assert new.milestones.get().due == dt.date(2025, 9, 30)


def test_PLAN_2_an_empty_title_is_refused_in_vietnamese_and_nothing_changes(client, db):
    """PLAN-2, U-6: a title emptied (or only spaces) is refused; the other edits of that request are not kept."""
    w = world()
    document, url = _start(client, w)
    before, audits = _state(document), _audits(document)
    post = _page(client, url)
    post["task-0-title"] = ["   "]
    post["task-2-title"] = ["Một tên mới hợp lệ"]
    for action in ({"action": ["save"]}, {"goto": ["1"]}):
        response = client.post(url, {**post, **action})
        assert response.status_code == 200
        assert "Nhiệm vụ 1: tên nhiệm vụ không được để trống." in response.content.decode()
        assert _state(document) == before and _audits(document) == audits
    assert not Plan.objects.filter(province=w.province).exists()


def test_PLAN_2_huge_titles_and_products_are_refused_and_nothing_changes(client, db):
    """PLAN-2: a 5,000-character title, a product list of 50 lines, a 1,000-character time: refused, unchanged."""
    w = world()
    document, url = _start(client, w)
    before = _state(document)
    post = _page(client, url)
    for field, value, message in (
        ("task-0-title", "x" * 5000, "tối đa 2000 ký tự"),
        ("task-0-products", "\n".join(f"Sản phẩm {n}" for n in range(50)), "tối đa 20 sản phẩm"),
        ("task-0-time", "Q" * 1000, "tối đa 300 ký tự"),
    ):
        response = client.post(url, {**post, field: [value], "goto": ["1"]})
        assert response.status_code == 200 and message in response.content.decode(), field
        assert _state(document) == before


def test_PLAN_2_an_agency_not_of_the_province_is_refused_and_nothing_changes(client, db):
    """PLAN-2, SEC-1: a lead or coordinator posted by name that is not the province's (another province's agency,
    a made-up name) is refused, on a row and on a new task."""
    w = world()
    other = world()
    AgencyFactory(province=other.province, name="Sở Chỉ Có Ở Tỉnh Khác")
    document, url = _start(client, w)
    before = _state(document)
    post = _page(client, url)
    for name, value in (("task-0-lead", "Sở Chỉ Có Ở Tỉnh Khác"), ("task-1-coordinators", "Sở Bịa Ra")):
        response = client.post(url, {**post, name: [value], "action": ["save"]})
        assert response.status_code == 200
        assert "không phải cơ quan, nhóm cơ quan của tỉnh" in response.content.decode()
        assert _state(document) == before
    response = client.post(url, {**_new_task(post, **{"new-task-lead": "Sở Chỉ Có Ở Tỉnh Khác"}), "action": "add-task"})
    assert "Nhiệm vụ mới: cơ quan chủ trì: «Sở Chỉ Có Ở Tỉnh Khác» không phải" in response.content.decode()
    assert _state(document) == before and not Plan.objects.filter(province=w.province).exists()


def test_PLAN_2_a_new_task_needs_an_area_a_title_and_a_lead_not_among_its_coordinators(client, db):
    """PLAN-2, REG-3: each missing or wrong box of a new task gets its message; what was typed is shown again."""
    w = world()
    document, url = _start(client, w)
    before = _state(document)
    post = _page(client, url)
    cases = (
        ({"new-task-area": ""}, "Nhiệm vụ mới: hãy chọn lĩnh vực trong danh sách."),
        ({"new-task-area": "khong-co"}, "Nhiệm vụ mới: hãy chọn lĩnh vực trong danh sách."),
        ({"new-task-title": "  "}, "Nhiệm vụ mới: tên nhiệm vụ không được để trống."),
        ({"new-task-lead": ""}, "Nhiệm vụ mới: hãy chọn cơ quan chủ trì (REG-3)."),
        ({"new-task-coordinators": "Sở Tư pháp"}, "đã là cơ quan chủ trì nên không thể là cơ quan phối hợp"),
        ({"new-task-code": "9" * 21}, "số thứ tự tối đa 20 ký tự"),
    )
    for fields, message in cases:
        response = client.post(url, {**_new_task(post, **fields), "action": "add-task"})
        text = response.content.decode()
        assert response.status_code == 200 and message in text, fields
        assert "Báo cáo rà soát" in text, "the boxes keep what was typed"
        assert _state(document) == before


def test_U_6_boxes_filled_but_not_added_are_refused_on_save_and_nothing_is_saved(client, db):
    """U-6: what is saved is what the person saw: a new task typed but not added stops the save (and a page
    change), says so, and keeps what was typed."""
    w = world()
    document, url = _start(client, w)
    before = _state(document)
    post = _new_task(_page(client, url))
    for action in ({"action": ["save"]}, {"goto": ["1"]}):
        response = client.post(url, {**post, **action})
        text = response.content.decode()
        assert response.status_code == 200 and "Dòng mới đang nhập chưa được thêm vào danh sách" in text
        assert "Rà soát quy chế làm việc của các sở" in text
    assert _state(document) == before and not Plan.objects.filter(province=w.province).exists()


def test_U_6_a_double_click_on_add_adds_one_task(client, db):
    """U-6: the add form carries a token; the same submission twice (a double click, the page sent again)
    adds the task once and says so."""
    w = world()
    document, url = _start(client, w)
    post = {**_new_task(_page(client, url)), "action": ["add-task"]}
    assert client.post(url, post).status_code == 302
    again = client.post(url, post, follow=True)
    assert "không thêm lần nữa" in again.content.decode()
    document.refresh_from_db()
    assert [t["code"] for t in document.extracted["tasks"]] == ["1", "2", "3", "BS1"]
    post = {**_new_task(_page(client, url), **{"new-task-title": "Nhiệm vụ thứ hai"}), "action": ["add-task"]}
    assert client.post(url, post).status_code == 302
    document.refresh_from_db()
    assert [t["code"] for t in document.extracted["tasks"]] == ["1", "2", "3", "BS1", "BS2"]


def test_U_6_an_added_task_can_be_dropped_again(client, db):
    """U-6: a task added by mistake is dropped like any row: untick "Giữ"; the save leaves it out."""
    w = world()
    document, url = _start(client, w)
    client.post(url, {**_new_task(_page(client, url)), "action": ["add-task"]})
    post = _page(client, url)
    del post["task-3-keep"]
    post["action"] = ["save"]
    assert client.post(url, post).status_code == 302
    assert sorted(Plan.objects.get(province=w.province).tasks.values_list("code", flat=True)) == ["1", "2", "3"]


def test_U_6_fields_the_page_does_not_show_change_nothing(client, db):
    """SEC-1, U-6: posted fields the page does not show (a status, a row's area or line, a task index beyond
    the list, a plan id) are ignored: the draft is saved as a draft from the rows shown."""
    w = world()
    document, url = _start(client, w)
    post = _page(client, url)
    post |= {
        "status": ["issued"],
        "task-0-area": ["institutions"],
        "task-0-line": ["1"],
        "task-99-title": ["Nhiệm vụ không có"],
        "task-99-keep": ["on"],
        "plan": ["1"],
        "new-task-line": ["5"],
        "action": ["save"],
    }
    assert client.post(url, post).status_code == 302
    plan = Plan.objects.get(province=w.province)
    assert plan.status == "draft" and plan.tasks.count() == 3
    assert plan.tasks.get(code="1").area.code == "direction"


def test_U_6_another_province_or_an_ordinary_department_cannot_edit_and_nothing_changes(client, db):
    """SEC-1, U-6: another province's standing agency (its own slug or ours) gets 404, an ordinary department
    403, for an edit and for an added task; the document is unchanged."""
    w = world()
    other = world()
    document, url = _start(client, w)
    before, audits = _state(document), _audits(document)
    post = {**_new_task(_page(client, url)), "task-0-title": ["Tên bị sửa trái phép"], "action": ["add-task"]}
    client.force_login(other.user("standing_focal"))
    assert client.post(url, post).status_code == 404
    their_url = reverse("ingest-review", args=[other.province.slug, document.pk])
    assert client.post(their_url, post).status_code == 404
    client.force_login(w.user("ordinary_focal"))
    assert client.post(url, post).status_code == 403
    assert client.post(url, {**post, "action": ["save"]}).status_code == 403
    assert _state(document) == before and _audits(document) == audits
    assert not Plan.objects.filter(province=w.province).exists()


def test_U_6_the_review_is_never_served_from_the_cache(client, db):
    """U-6: the back button shows the review as it is now (no-store), so an old page never overwrites edits."""
    w = world()
    _, url = _start(client, w)
    assert "no-store" in client.get(url)["Cache-Control"]


def test_U_6_the_review_page_asks_the_same_number_of_queries_however_many_rows(client, db):
    """U-6: the review of 3 tasks and of 150 (a page of 100 rows, each with its text boxes and agency choices)
    issue the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = world()
    counts = []
    for tasks in (3, 150):
        _, url = _start(client, w, tasks)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

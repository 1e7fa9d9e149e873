"""End-to-end in Chromium (U-6, SEC-1): upload the Bình Định plan, correct one agency on the review page, save,
and find its 35 tasks in the plan's appendix view, saved as a draft for the leader to issue."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

DOCUMENT = Path(settings.DATA_DIR) / "documents" / "binh-dinh-ke-hoach-cchc-2020.txt"


def _as_before_the_merger() -> None:
    """Bình Định merged into Gia Lai on 01/07/2025 and nobody acts in it since (ORG-5); the pages use today's date,
    so these tests take the province as it was before the merger (the database is emptied after each test)."""
    from cchc.core.models import Province

    Province.objects.filter(slug="binh-dinh").update(valid_to=None)


def test_U_6_upload_004_correct_an_agency_save_and_find_35_tasks(page, demo_server, tmp_path):
    """U-6, SEC-1: the review says the document is saved as a draft; the saved page says so and the plan is one."""
    from cchc.plans.models import Plan

    _as_before_the_merger()
    Plan.objects.filter(province__slug="binh-dinh").delete()  # the demo loaded it already; upload it afresh
    login(page, demo_server, "bdinh.snv")
    page.goto(f"{demo_server.url}/tinh/binh-dinh/nhap-van-ban/")
    page.set_input_files("#file", str(DOCUMENT))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_load_state("networkidle")
    assert "Rà soát trước khi lưu" in page.content()
    assert "dự thảo" in page.locator("#draft-notice").inner_text()
    assert page.locator("select[name=status]").count() == 0, "the review offers no status"
    rows = page.locator("#review-tasks tbody tr")
    assert rows.count() == 35
    # Correct one agency: the lead of the first task of area I becomes Văn phòng UBND tỉnh.
    first_lead = rows.first.locator("select").first
    first_lead.select_option(label="Văn phòng Ủy ban nhân dân tỉnh")
    page.get_by_role("button", name="Lưu vào hệ thống").click()
    page.wait_for_load_state("networkidle")
    assert "Phụ lục: nhiệm vụ trọng tâm" in page.content(), page.content()[:3000]
    assert "ở dạng dự thảo" in page.locator(".alert-success").inner_text()
    assert page.locator("#counts").inner_text().startswith("35 nhiệm vụ")
    plan = Plan.objects.get(province__slug="binh-dinh")
    assert plan.tasks.count() == 35 and plan.status == "draft"
    first = plan.tasks.order_by("order").first()
    assert first.lead.name == "Văn phòng Ủy ban nhân dân tỉnh"
    assert plan.sources.get().file.name.endswith(".txt"), "the source document is kept as evidence"


def test_U_6_SEC_5_a_long_plan_is_reviewed_page_by_page_in_the_browser(page, demo_server, tmp_path):
    """U-6, SEC-5: 250 tasks in three pages; a row unticked on page 3 stays unticked after visiting page 1; the
    save keeps 249 tasks, as a draft."""
    from cchc.plans.models import Plan
    from tests.ingest.texts import plan_text

    document = tmp_path / "ke-hoach-dai.txt"
    document.write_text(plan_text(250, year=2026), encoding="utf-8")
    _as_before_the_merger()
    login(page, demo_server, "bdinh.snv")
    page.goto(f"{demo_server.url}/tinh/binh-dinh/nhap-van-ban/")
    page.set_input_files("#file", str(document))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#review-tasks tbody tr").count() == 100
    page.get_by_role("button", name="3", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Giữ nhiệm vụ 205").uncheck()
    page.get_by_role("button", name="1", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="3", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert not page.get_by_label("Giữ nhiệm vụ 205").is_checked()
    assert page.get_by_label("Giữ nhiệm vụ 206").is_checked()
    # Saving 249 tasks is one long transaction (each task routed and audited): give it time on a busy machine.
    page.get_by_role("button", name="Lưu vào hệ thống").click(timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    plan = Plan.objects.get(province__slug="binh-dinh", start_year=2026)
    assert plan.tasks.count() == 249 and plan.status == "draft"
    assert not plan.tasks.filter(code="205").exists()


def test_PLAN_2_U_6_correct_a_title_and_add_a_missing_task_in_the_browser(page, demo_server, tmp_path):
    """PLAN-2, U-6: in Chromium, the person corrects task 2's title, adds a task the parser missed (area, title,
    product, lead and a coordinator picked by typing, time), sees it listed as added, and saves: the draft holds
    the corrected title and the added task with its milestone."""
    from cchc.plans.models import Plan
    from tests.e2e.conftest import pick
    from tests.ingest.texts import plan_text

    document = tmp_path / "ke-hoach-ngan.txt"
    document.write_text(plan_text(3, year=2026), encoding="utf-8")
    _as_before_the_merger()
    login(page, demo_server, "bdinh.snv")
    page.goto(f"{demo_server.url}/tinh/binh-dinh/nhap-van-ban/")
    page.set_input_files("#file", str(document))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Tên nhiệm vụ 2").fill("Rà soát, đánh giá thủ tục hành chính năm 2026")
    page.select_option("#new-task-area", label="Cải cách thủ tục hành chính")
    page.fill("#new-task-title", "Công khai thủ tục hành chính trên Cổng dịch vụ công")
    page.fill("#new-task-products", "Danh mục thủ tục được công khai")
    pick(page, "new-task-lead", "Văn phòng Ủy ban nhân dân tỉnh", search="Văn phòng")
    pick(page, "new-task-coordinators", "Sở Tư pháp")
    page.fill("#new-task-time", "Quý III")
    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    page.wait_for_load_state("networkidle")
    added = page.locator("#review-tasks tbody tr.review-added")
    assert added.count() == 1 and "BS1" in added.inner_text()
    assert page.get_by_label("Tên nhiệm vụ 2").input_value() == "Rà soát, đánh giá thủ tục hành chính năm 2026"
    page.get_by_role("button", name="Lưu vào hệ thống").click()
    page.wait_for_load_state("networkidle")
    assert "ở dạng dự thảo" in page.locator(".alert-success").inner_text()
    plan = Plan.objects.get(province__slug="binh-dinh", start_year=2026)
    assert plan.tasks.get(code="2").title == "Rà soát, đánh giá thủ tục hành chính năm 2026"
    new = plan.tasks.get(code="BS1")
    assert new.lead.name == "Văn phòng Ủy ban nhân dân tỉnh" and new.area.code == "procedures"
    assert new.products == ["Danh mục thủ tục được công khai"]
    assert {a.name for a in new.coordinator_agencies.all()} == {"Sở Tư pháp"}
    assert new.milestones.get().due.isoformat() == "2026-09-30"

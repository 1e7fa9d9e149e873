"""End-to-end in Chromium, in Khánh Hòa's demo (COO-2, TRK-5): Sở Nội vụ schedules the quarterly briefing from
the regulation (which sets no cadence and names no invitees: the quarterly default and the agencies that lead an
area or topic), records a conclusion led by Sở Khoa học và Công nghệ and turns it into a task of the year's plan
once its adjustment has begun (an issued plan is not edited in place); it shares a guidance document with Sở Khoa
học và Công nghệ, whose focal officer is told and finds it by typing without accents; the leader reads the
briefing. The pages use the real date (Asia/Ho_Chi_Minh)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import pick

pytestmark = pytest.mark.e2e

SKHCN = "Sở Khoa học và Công nghệ"


def _today():
    from cchc.core.dates import today

    return today()


def test_COO_2_TRK_5_briefing_conclusion_task_and_a_shared_document(demo_server, person):
    """COO-2, TRK-5, PLAN-6: the briefing, its conclusion as a task with one action, a document found without
    accents."""
    on = _today()
    url = demo_server.url
    snv = person(demo_server, "khoa.snv")

    # COO-2: the menu leads to coordination; the schedule page proposes the quarter and the regulation's invitees.
    snv.goto(f"{url}/tinh/khanh-hoa/")
    snv.locator("nav a[href='/tinh/khanh-hoa/phoi-hop/']").click()
    expect(snv.get_by_role("heading", name="Hoạt động phối hợp")).to_be_visible()
    snv.get_by_role("link", name="Lên lịch giao ban quý").click()
    basis = snv.locator("#schedule-basis")
    expect(basis).to_contain_text("2816/QĐ-UBND")
    expect(basis).to_contain_text("mặc định hằng quý")
    expect(basis).to_contain_text(SKHCN)
    snv.get_by_label("Ngày họp").fill(on.strftime("%d/%m/%Y"))
    snv.get_by_label("Địa điểm, cách thức").fill("Phòng họp Sở Nội vụ")
    snv.get_by_role("button", name="Lên lịch giao ban").click()
    expect(snv.locator(".alert-success")).to_contain_text("Đã lên lịch")
    expect(snv.locator("#activity-participants")).to_contain_text(SKHCN)
    briefing_url = snv.url

    # The minutes, and a conclusion led by Sở KH&CN by the end of the year.
    snv.locator("#id_outcome").fill("Các sở báo cáo tiến độ; Sở Nội vụ tổng hợp.")
    snv.get_by_role("button", name="Lưu kết quả").click()
    expect(snv.locator("#activity-outcome")).to_contain_text("Sở Nội vụ tổng hợp")
    form = snv.locator("#conclusion-form")
    form.get_by_label("Kết luận").fill("Rà soát quy trình ISO tại bộ phận một cửa")
    pick(form, "lead", SKHCN, search="khoa hoc")
    form.get_by_label("Thời hạn").fill(f"31/12/{on.year}")
    form.get_by_role("button", name="Thêm kết luận").click()
    expect(snv.locator(".alert-success")).to_contain_text("Đã ghi kết luận")
    row = snv.locator("#conclusion-table tbody tr").first
    expect(row).to_contain_text("Rà soát quy trình ISO")
    # PLAN-6: no plan is being prepared or adjusted: the page says an issued plan is adjusted, not edited.
    expect(row).to_contain_text("không sửa trực tiếp")

    # Sở Nội vụ begins the adjustment of this year's plan, then one action turns the conclusion into its task.
    snv.goto(f"{url}/tinh/khanh-hoa/ke-hoach/")
    snv.get_by_role("link", name=f"Kế hoạch cải cách hành chính năm {on.year}", exact=True).click()
    snv.get_by_role("button", name="Bắt đầu điều chỉnh").click()
    snv.goto(briefing_url)
    row = snv.locator("#conclusion-table tbody tr").first
    row.get_by_role("button", name="Thành nhiệm vụ").click()
    expect(snv.locator(".alert-success")).to_contain_text("Kết luận đã thành nhiệm vụ")
    row = snv.locator("#conclusion-table tbody tr").first
    expect(row.get_by_role("link", name=re.compile("Nhiệm vụ của"))).to_be_visible()
    expect(row.get_by_role("button", name="Thành nhiệm vụ")).to_have_count(0)
    row.get_by_role("link", name=re.compile("Nhiệm vụ của")).click()
    expect(snv.locator("body")).to_contain_text("Rà soát quy trình ISO tại bộ phận một cửa")

    # TRK-5: Sở Nội vụ shares a guidance document with Sở KH&CN.
    snv.goto(f"{url}/tinh/khanh-hoa/")
    snv.locator("nav a[href='/tinh/khanh-hoa/van-ban/']").click()
    snv.get_by_role("link", name="Chia sẻ văn bản").click()
    snv.get_by_label("Loại văn bản").select_option(label="Hướng dẫn")
    snv.get_by_label("Số, ký hiệu").fill("25/HD-SNV")
    snv.get_by_label("Cơ quan ban hành").fill("Sở Nội vụ tỉnh Khánh Hòa")
    snv.get_by_label("Trích yếu").fill("Hướng dẫn áp dụng hệ thống quản lý chất lượng ISO 9001 tại bộ phận một cửa")
    pick(snv, "recipients", SKHCN, search="khoa hoc cong nghe")
    snv.get_by_role("button", name="Chia sẻ").click()
    expect(snv.locator(".alert-success")).to_contain_text("Đã chia sẻ văn bản tới 1 cơ quan")
    expect(snv.locator("#document-recipients")).to_contain_text(SKHCN)

    # The recipient finds it typing without accents.
    skhcn = person(demo_server, "khoa.skhcn")
    skhcn.goto(f"{url}/tinh/khanh-hoa/van-ban/")
    skhcn.get_by_label("Từ khóa").fill("huong dan quan ly chat luong")
    skhcn.get_by_role("button", name="Tìm").click()
    table = skhcn.locator("#document-table")
    expect(table).to_contain_text("25/HD-SNV")
    table.get_by_role("link", name=re.compile("Hướng dẫn áp dụng")).click()
    expect(skhcn.get_by_role("heading", name=re.compile("Hướng dẫn áp dụng"))).to_be_visible()

    # The leader of Sở Nội vụ reads the briefing with its conclusion turned into a task.
    leader = person(demo_server, "khoa.snv.lanhdao")
    leader.goto(briefing_url)
    expect(leader.locator("#conclusion-table")).to_contain_text("Nhiệm vụ của")
    expect(leader.locator("#activity-outcome")).to_contain_text("Sở Nội vụ tổng hợp")

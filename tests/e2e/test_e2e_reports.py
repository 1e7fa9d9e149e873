"""End-to-end in Chromium: a periodic CCHC report in Khánh Hòa (RPT-1, RPT-3, RPT-5).

Sở Nội vụ (khoa.snv) opens the year's report (the demo holds Quý III) with a due date a week ahead; Sở Khoa học
và Công nghệ's focal officer (khoa.skhcn) opens its report prefilled from its tasks and completes it, its leader
(khoa.skhcn.lanhdao) sends it;
Sở Nội vụ returns it with a comment; the agency revises it as version 2 and resends it; Sở Nội vụ consolidates and
downloads the province's report as .docx, which reads back with the agency's figures."""

import datetime as dt

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.e2e.test_e2e_plan_cycle import _click, _d, _go, _today

pytestmark = pytest.mark.e2e

SCIENCE = "Sở Khoa học và Công nghệ"


def _expected_tasks(cycle_id: int) -> str:
    from cchc.reports import prefill
    from cchc.reports.models import ReportCycle
    from tests.conftest import agency

    cycle = ReportCycle.objects.get(pk=cycle_id)
    return str(prefill.gather(agency("Khánh Hòa", SCIENCE), cycle)["figures"]["tasks_total"])


def test_RPT_1_RPT_3_RPT_5_a_quarterly_report_submitted_returned_resubmitted_and_consolidated(person, demo_server):
    """RPT-1, RPT-3, RPT-5: the whole round of a periodic report through the pages, by four people."""
    from cchc.reports.models import ReportCycle, ReportSubmission

    url, today = demo_server.url, _today()
    reports = f"{url}/tinh/khanh-hoa/bao-cao/"

    # 1. Sở Nội vụ opens this year's report (the demo has Quý III already), due in a week.
    snv = person(demo_server, "khoa.snv")
    _go(snv, reports)
    form = snv.locator("#open-cycle")
    form.get_by_label("Kỳ báo cáo").select_option(label="Năm")
    form.get_by_label("Năm").fill(str(today.year))
    form.get_by_label("Hạn gửi").fill(_d(today + dt.timedelta(days=7)))
    _click(form.get_by_role("button", name="Mở kỳ báo cáo và gửi yêu cầu"))
    expect(snv.locator("h1")).to_have_text(f"Báo cáo công tác cải cách hành chính năm {today.year}")
    cycle = ReportCycle.objects.get(province__slug="khanh-hoa", kind="year", year=today.year)
    cycle_url = f"{reports}{cycle.pk}/"

    # 2. The agency's focal officer finds its row, opens the report prefilled with its tasks, completes it.
    focal = person(demo_server, "khoa.skhcn")
    _go(focal, cycle_url)
    expect(focal.locator("#board tbody tr")).to_have_count(1)
    _click(focal.get_by_role("link", name=SCIENCE))
    _click(focal.get_by_role("button", name="Soạn báo cáo (lấy số liệu hệ thống)"))
    expect(focal.locator("input[name='v-1.4']")).to_have_value(_expected_tasks(cycle.pk))
    focal.locator("input[name='v-2.3']").fill("120")
    focal.locator("input[name='v-2.4']").fill("90")
    focal.locator("textarea[name='t-V']").fill("Đề nghị bổ sung kinh phí số hóa hồ sơ")
    _click(focal.get_by_role("button", name="Lưu dự thảo"))
    expect(focal.get_by_role("alert").filter(has_text="Đã lưu dự thảo")).to_be_visible()
    expect(focal.get_by_role("button", name="Ký gửi báo cáo")).to_have_count(0)  # only the leader sends
    report_url = focal.url

    # 3. Its leader sends it.
    leader = person(demo_server, "khoa.skhcn.lanhdao")
    _go(leader, report_url)
    _click(leader.get_by_role("button", name="Ký gửi báo cáo"))
    expect(leader.locator("#report-status")).to_contain_text("Lần 1: Đã gửi")

    # 4. Sở Nội vụ sees it on the board and returns it with a comment.
    _go(snv, cycle_url)
    expect(snv.locator("#board tr", has_text=SCIENCE)).to_contain_text("Đã gửi đúng hạn")
    _go(snv, report_url)
    snv.get_by_label("Trả lại để hoàn thiện — lý do").fill("Tỷ lệ hồ sơ đúng hạn chưa khớp số liệu một cửa")
    _click(snv.get_by_role("button", name="Trả lại báo cáo"))
    expect(snv.locator("#report-status")).to_contain_text("Bị trả lại")

    # 5. The focal officer revises (version 2, starting from version 1) and the leader resends.
    _go(focal, report_url)
    expect(focal.get_by_text("Tỷ lệ hồ sơ đúng hạn chưa khớp")).to_be_visible()
    _click(focal.get_by_role("button", name="Soạn lại báo cáo"))
    expect(focal.locator("input[name='v-2.3']")).to_have_value("120")
    focal.locator("input[name='v-2.4']").fill("108")
    _click(focal.get_by_role("button", name="Lưu dự thảo"))
    _go(leader, report_url)
    _click(leader.get_by_role("button", name="Ký gửi báo cáo"))
    expect(leader.locator("#report-status")).to_contain_text("Lần 2: Đã gửi")
    assert ReportSubmission.objects.filter(cycle=cycle, status="submitted").count() == 1

    # 6. Sở Nội vụ consolidates and downloads the province's report.
    _go(snv, cycle_url)
    _click(snv.get_by_role("link", name="Báo cáo tổng hợp của tỉnh"))
    expect(snv.locator("#consolidated-values tr", has_text="Tỷ lệ hồ sơ giải quyết đúng hạn")).to_contain_text("90")
    _click(snv.get_by_role("button", name="Chốt tổng hợp kỳ báo cáo"))
    expect(snv.get_by_role("alert").filter(has_text="Đã tổng hợp báo cáo")).to_be_visible()
    with snv.expect_download() as info:
        snv.locator("#download-docx").click()
    doc = Document(str(info.value.path()))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "BÁO CÁO" in text and f"{SCIENCE}: Đề nghị bổ sung kinh phí số hóa hồ sơ" in text
    assert "120" in cells and "90" in cells  # 108 of 120 dossiers on time: 90%

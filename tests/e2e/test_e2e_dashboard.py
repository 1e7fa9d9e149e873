"""End-to-end in Chromium (TRK-6, U-4): Sở Nội vụ Khánh Hòa opens the province's dashboard from the menu; the
charts are drawn (Chart.js, vendored from the npm registry) with their tables; the agency's dashboard opens from
the update-rate table; at phone width (390 px) nothing scrolls sideways. The run saves the screenshot the README
shows (docs/screenshots/dashboard.png).

The demo's issued plan of Khánh Hòa gets some progress first, as its agencies would report it: updates on some
tasks, a few confirmed done, one cancelled."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

KH = "khanh-hoa"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "dashboard.png"
# Set to a folder to keep the phone's screenshots too (to look at).
PHONE_SCREENSHOTS = os.environ.get("CCHC_PHONE_SCREENSHOTS", "")


def _progress():
    """Progress on the demo's issued plans of Khánh Hòa: every other task reported on, every fifth confirmed done,
    one cancelled, and a province-wide result for its targets."""
    from cchc.core.dates import today
    from cchc.plans.models import Target, TargetResult, Task
    from cchc.tracking.dashboard import tracked_plans
    from cchc.tracking.models import ProgressUpdate, Reported, Review, TaskCancellation
    from tests.conftest import province

    on = today()
    tasks = list(Task.objects.filter(plan__in=tracked_plans(province("Khánh Hòa"), on.year), lead__isnull=False))
    assert tasks, "the demo has an issued plan of Khánh Hòa this year"
    for i, task in enumerate(tasks):
        if i % 5 == 0:
            ProgressUpdate.objects.create(
                task=task, agency=task.lead, reported=Reported.DONE, done_on=on, percent=100, review=Review.CONFIRMED
            )
        elif i % 2 == 0:
            ProgressUpdate.objects.create(task=task, agency=task.lead, percent=20 + (i * 7) % 70)
    TaskCancellation.objects.create(task=tasks[-1], reason="Điều chỉnh kế hoạch", cancelled_on=on)
    for i, target in enumerate(Target.objects.filter(plan__in=tracked_plans(province("Khánh Hòa"), on.year))):
        if i % 3 != 2:
            TargetResult.objects.create(target=target, year=on.year, value=target.value + (1 if i % 2 else -1))
    return len(tasks)


def test_TRK_6_U_4_the_province_dashboard_in_chromium(browser, demo_server, person):
    """TRK-6, U-4: the menu's "Tổng quan" opens the dashboard; the cards count the tasks; each chart is drawn and
    has its table with a caption; an agency's dashboard opens from the update-rate table."""
    count = _progress()
    page = person(demo_server, "khoa.snv")
    page.goto(f"{demo_server.url}/tinh/{KH}/")
    page.locator("#nav-dashboard").click()
    expect(page.get_by_role("heading", name="Tổng quan cải cách hành chính", exact=False)).to_be_visible()
    expect(page.locator("#card-total")).to_have_text(str(count))
    for name in ["areas", "overdue", "targets"]:
        if page.locator(f"canvas[data-chart='{name}']").count():
            expect(page.locator(f".chart-drawn > canvas[data-chart='{name}']")).to_have_count(1)
            assert page.locator(f"#{name}-table caption").count() == 1
    assert page.locator("canvas[data-chart]").count() >= 2
    page.locator("#areas-table").locator("xpath=ancestor::details").locator("summary").click()
    expect(page.locator("#areas-table caption")).to_be_visible()
    page.locator("#areas-table").locator("xpath=ancestor::details").locator("summary").click()
    page.wait_for_timeout(300)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.locator("#update-rates a").first.click()
    expect(page.locator("#card-total")).to_be_visible()
    assert "/co-quan/" in page.url and page.url.endswith("/bang-dieu-khien/")


def test_TRK_6_U_4_the_dashboard_is_readable_on_a_phone(browser, demo_server):
    """TRK-6, U-4, U-1: at 390 px the dashboard does not scroll sideways and the charts fit their cards."""
    _progress()
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 390, "height": 844},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login(page, demo_server, "khoa.snv")
        for url in [f"/tinh/{KH}/bang-dieu-khien/", None]:
            if url is None:  # the agency's dashboard, from the province's
                page.locator("#update-rates a").first.click()
            else:
                page.goto(demo_server.url + url)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            widths = page.evaluate("[...document.querySelectorAll('canvas[data-chart]')].map(c => c.clientWidth)")
            assert widths and all(0 < w <= 370 for w in widths)
            if PHONE_SCREENSHOTS:
                name = "dashboard-phone" if url else "dashboard-agency-phone"
                page.screenshot(path=f"{PHONE_SCREENSHOTS}/{name}.png", full_page=True)
    finally:
        context.close()

"""End-to-end in Chromium: the menu fits the desktop widths a civil servant's screen has (U-1).

A person of a merged province reads its predecessors too, so the menu carries the province switcher beside the
province's own links; at no width from the menu's breakpoint up may the page scroll sideways."""

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [1200, 1280, 1366, 1400, 1920])
def test_U_1_the_menu_fits_every_desktop_width_for_a_person_of_a_merged_city(browser, demo_server, width):
    """U-1, ORG-5: dnang.snv (Thành phố Đà Nẵng, which reads Quảng Nam's history) sees the whole menu, log-out
    button included, without sideways scrolling."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    try:
        login(page, demo_server, "dnang.snv")
        page.goto(f"{demo_server.url}/tinh/da-nang/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        logout = page.get_by_role("button", name="Đăng xuất")
        box = logout.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width
    finally:
        context.close()

"""End-to-end in Chromium: the responsibility matrix, and a department of another province kept out."""

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_REG_5_standing_agency_sees_justice_as_appraiser_of_institutional_reform(page, demo_server):
    login(page, demo_server, "qnam.snv")
    assert "Tỉnh Quảng Nam" in page.title()  # one province: the home page opens it
    page.get_by_role("link", name="Quy chế phối hợp").first.click()
    matrix = page.locator("#matrix")
    matrix.wait_for()
    row = matrix.locator("tr[data-subject='institutions']")
    cell = row.locator("td[data-party='Sở Tư pháp']")
    assert "TĐ Đ15.2" in " ".join(cell.inner_text().split())
    assert cell.locator("[title='Thẩm định chỉ số — Sở Tư pháp (Đ15.2)']").is_visible()
    assert "CT Đ15.1" in " ".join(cell.inner_text().split())
    # ORG-2: the standing agency is told the regulation names an agency that has ended.
    assert page.get_by_text("Quy chế cần cập nhật").is_visible()


def test_ORG_4_department_of_kien_giang_cannot_open_quang_nam_agencies(page, demo_server):
    login(page, demo_server, "kgiang.stc")
    response = page.goto(f"{demo_server.url}/tinh/quang-nam/co-quan/")
    assert response.status == 404
    assert "Sở Tư pháp" not in page.content()
    # Its own province opens, and the search ignores accents.
    page.goto(f"{demo_server.url}/tinh/kien-giang/co-quan/")
    page.get_by_label("Tìm cơ quan").fill("so noi vu")
    page.wait_for_function("document.querySelectorAll('#agency-rows tr').length === 1")
    assert page.locator("#agency-rows").inner_text().startswith("Sở Nội vụ")

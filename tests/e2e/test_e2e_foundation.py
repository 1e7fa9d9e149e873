"""End-to-end in Chromium: the responsibility matrix, and a department of another province kept out."""

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_REG_5_standing_agency_sees_justice_as_appraiser_of_institutional_reform(page, demo_server):
    """REG-5 in a province alive today: Đà Nẵng, with its regulation of the test data (Quảng Nam's regulation routes
    nothing after 30/06/2025, ORG-5). ORG-2: the regulation names the old city's Sở Thông tin và Truyền thông, ended
    on 28/02/2025 (recorded here: da-nang.yaml holds the city as it is in 2026), and the standing agency is told."""
    import datetime as dt

    from cchc.agencies.models import Agency, AgencyKind
    from cchc.regulation.models import Responsibility, ResponsibilityRole, Topic
    from cchc.regulation.routing import regulation_in_force
    from tests.conftest import agency, load_da_nang_test_data, province

    load_da_nang_test_data()
    da_nang = province("Đà Nẵng")
    ict = Agency.objects.create(
        province=da_nang,
        name="Sở Thông tin và Truyền thông",
        kind=AgencyKind.DEPARTMENT,
        valid_to=dt.date(2025, 2, 28),
        successor=agency("Đà Nẵng", "Sở Khoa học và Công nghệ"),
    )
    Responsibility.objects.create(
        regulation=regulation_in_force(da_nang, dt.date(2026, 1, 1)),
        topic=Topic.objects.get(code="online-services"),
        role=ResponsibilityRole.COORDINATE,
        agency=ict,
        article="Đ17.2",
    )
    login(page, demo_server, "dnang.snv")
    assert "Thành phố Đà Nẵng" in page.title()  # one province: the home page opens it
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

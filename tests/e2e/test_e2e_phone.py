"""End-to-end in Chromium at phone size (390×844): no main page scrolls sideways (U-1: wide tables scroll inside
their card), and the agency picker finds "Sở Nội vụ" when a person types "so noi vu" without accents (U-1).

The pages are the demo's cycle in progress in Khánh Hòa (an issued plan with tasks, a call with proposals), with
a draft of long tasks and a long proposal added through the services."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

KH = "Khánh Hòa"
PHONE = {"width": 390, "height": 844}
# Set to a folder to keep a full-page screenshot of each page (to look at, or for the README).
SCREENSHOTS = os.environ.get("CCHC_PHONE_SCREENSHOTS", "")
LONG = (
    "Rà soát, đánh giá thủ tục hành chính thuộc phạm vi quản lý của tỉnh; đề xuất cắt giảm, đơn giản hóa "
    "thủ tục hành chính, giấy tờ công dân liên quan đến quản lý dân cư và cung cấp dịch vụ công trực tuyến toàn trình"
)


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport=PHONE,
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _cycle_in_progress():
    """The demo's cycle in Khánh Hòa (this year's issued plan, next year's open call), with what stretches a
    phone's screen added as its people would: a draft with long tasks, and a long proposal in the call."""
    from django.contrib.auth import get_user_model

    from cchc.core.dates import today
    from cchc.plans import cycle, services
    from cchc.plans.models import ProposalCall
    from cchc.regulation.models import ReformArea, ReformProgramme
    from tests.conftest import agency, province

    on = today()
    users = get_user_model().objects
    snv = users.get(username="khoa.snv")
    programme = ReformProgramme.objects.get(code="NQ76")
    areas = list(ReformArea.objects.filter(programme=programme).order_by("order"))
    issued = ProposalCall.objects.get(province=province(KH), year=on.year).draft_plan
    call = ProposalCall.objects.get(province=province(KH), year=on.year + 1)
    draft = services.create_plan(
        actor=snv,
        province=province(KH),
        owner=agency(KH, "Sở Nội vụ"),
        fields={
            "kind": "thematic",
            "thematic_type": "communication",
            "title": f"Kế hoạch tuyên truyền cải cách hành chính năm {on.year + 1} của tỉnh Khánh Hòa",
            "issuer": "Ủy ban nhân dân tỉnh Khánh Hòa",
            "start_year": on.year + 1,
            "end_year": on.year + 1,
            "programme": programme,
        },
    )
    coordinators = (agency(KH, "Sở Tư pháp"), agency(KH, "Văn phòng Ủy ban nhân dân tỉnh"))
    for number, area in enumerate(areas[:4], start=1):
        services.add_task(
            draft,
            actor=snv,
            data=services.TaskInput(
                title=f"{LONG} ({number})",
                lead=agency(KH, "Sở Nội vụ"),
                code=str(number),
                area_id=area.pk,
                products=("Báo cáo kết quả rà soát, đánh giá gửi Ủy ban nhân dân tỉnh",),
                coordinator_agencies=coordinators,
                time_text="- Ban hành kế hoạch: Quý I - Thực hiện: Cả năm",
            ),
        )
    science = agency(KH, "Sở Khoa học và Công nghệ")
    cycle.submit_proposal(
        call,
        agency=science,
        actor=users.get(username="khoa.skhcn"),
        on=min(on, call.deadline),
        title=LONG,
        lead=science,
        area_id=areas[0].pk,
        coordinators_text="Sở Nội vụ; Văn phòng Ủy ban nhân dân tỉnh",
        time_text="Quý II",
    )
    return issued, draft, call


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# The outermost elements that reach past the screen's right edge, to name them when a page is too wide.
OFFENDERS = """() => {
  const limit = document.documentElement.clientWidth + 1;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const parent = el.parentElement;
    if (el.getBoundingClientRect().right > limit && parent.getBoundingClientRect().right <= limit) {
      out.push(el.tagName.toLowerCase() + "." + [...el.classList].join(".") + " in " +
        parent.tagName.toLowerCase() + "." + [...parent.classList].join("."));
    }
  }
  return out.slice(0, 5);
}"""


def test_U_1_no_main_page_scrolls_sideways_at_phone_width(phone, demo_server):
    """U-1: at 390×844 every main page of the demo's Khánh Hòa is no wider than the screen; wide tables scroll
    inside their card."""
    from tests.conftest import agency

    issued, draft, call = _cycle_in_progress()
    kh = "/tinh/khanh-hoa"
    phone.goto(f"{demo_server.url}/dang-nhap/")
    phone.wait_for_load_state("networkidle")
    too_wide = {}
    if _width(phone) > PHONE["width"]:
        too_wide["đăng nhập"] = _width(phone)
    login(phone, demo_server, "khoa.snv")
    pages = {
        "trang chủ": "/",
        "tỉnh": f"{kh}/",
        "cơ quan": f"{kh}/co-quan/",
        "một cơ quan": f"{kh}/co-quan/{agency(KH, 'Sở Nội vụ').pk}/",
        "quy chế đang có hiệu lực": f"{kh}/quy-che/",
        "danh sách quy chế": f"{kh}/quy-che/danh-sach/",
        "hỏi quy chế": f"{kh}/hoi-quy-che/",
        "kế hoạch": f"{kh}/ke-hoach/",
        "một kế hoạch": f"{kh}/ke-hoach/{issued.pk}/",
        "phụ lục": f"{kh}/ke-hoach/{issued.pk}/phu-luc/",
        "phiên bản": f"{kh}/ke-hoach/{issued.pk}/phien-ban/",
        "dự thảo": f"{kh}/ke-hoach/{draft.pk}/",
        "thêm nhiệm vụ": f"{kh}/ke-hoach/{draft.pk}/nhiem-vu/moi/",
        "đợt đề xuất": f"{kh}/de-xuat/",
        "một đợt đề xuất": f"{kh}/de-xuat/{call.pk}/",
        "nhập văn bản": f"{kh}/nhap-van-ban/",
    }
    for name, path in pages.items():
        response = phone.goto(f"{demo_server.url}{path}")
        phone.wait_for_load_state("networkidle")
        assert response.status == 200, (name, path, response.status)
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"\W+", "-", name)
            phone.screenshot(path=f"{SCREENSHOTS}/{slug}.png", full_page=True)
        width = _width(phone)
        if width > PHONE["width"]:
            too_wide[name] = (width, phone.evaluate(OFFENDERS))
    assert not too_wide, f"pages wider than {PHONE['width']}px: {too_wide}"


def test_U_1_the_agency_picker_finds_so_noi_vu_typed_without_accents(phone, demo_server):
    """U-1: on the task form, typing "so noi vu" in the lead picker offers Sở Nội vụ; picking it saves the task
    with that lead. The options are grouped by kind."""
    from cchc.plans.models import Task

    _issued, draft, _call = _cycle_in_progress()
    login(phone, demo_server, "khoa.snv")
    phone.goto(f"{demo_server.url}/tinh/khanh-hoa/ke-hoach/{draft.pk}/nhiem-vu/moi/")
    phone.wait_for_load_state("networkidle")
    phone.get_by_label("Nhiệm vụ", exact=True).fill("Nhiệm vụ chọn bằng ô tìm cơ quan")
    lead = phone.locator("select[name=lead] + .ts-wrapper")
    expect(lead.locator(".item")).to_have_count(0)  # the empty choice is the placeholder, not an item
    lead.locator(".ts-control").click()
    phone.keyboard.type("so noi vu")
    dropdown = lead.locator(".ts-dropdown")
    expect(dropdown.locator(".optgroup-header", has_text="Sở")).to_be_visible()
    option = dropdown.locator(".option", has_text="Sở Nội vụ")
    expect(option).to_have_count(1)
    expect(dropdown.locator(".option", has_text="Sở Tư pháp")).to_have_count(0)
    if SCREENSHOTS:
        phone.screenshot(path=f"{SCREENSHOTS}/picker.png")
    option.click()
    expect(lead.locator(".item")).to_have_text("Sở Nội vụ")
    assert _width(phone) <= PHONE["width"]
    phone.get_by_role("button", name="Lưu").first.click()
    phone.wait_for_load_state("networkidle")
    task = Task.objects.get(plan=draft, title="Nhiệm vụ chọn bằng ô tìm cơ quan")
    assert task.lead.name == "Sở Nội vụ"

"""End-to-end in Chromium (U-1): the agency picker as a quick person uses it. Someone who types a few letters and
clicks the agency at once must see the list close and stay closed: it must not open again over the form a moment
later (Tom Select filtered 300 ms after the last key by default, and that late filtering opened the list again over
the next field and the submit button)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_e2e_demo_cycle import _call_of_next_year

pytestmark = pytest.mark.e2e


def test_U_1_a_choice_clicked_right_after_typing_closes_the_list_for_good(person, demo_server):
    """U-1: type "so tai chinh" and click "Sở Tài chính" at once: the choice is made, the list is closed and still
    closed after the time a late filtering would take, and the next field can be used."""
    call = _call_of_next_year()
    page = person(demo_server, "khoa.skhcn")
    page.goto(f"{demo_server.url}/tinh/khanh-hoa/de-xuat/{call.pk}/")
    picker = page.locator("select[name='lead'] + .ts-wrapper")
    picker.locator(".ts-control").click()
    picker.locator(".ts-control input").press_sequentially("so tai chinh")
    picker.locator(".ts-dropdown .option", has_text="Sở Tài chính").first.click()
    expect(page.locator("select[name='lead'] option:checked")).to_have_text("Sở Tài chính")
    page.wait_for_timeout(800)  # longer than any filtering delay: the list must not come back
    expect(picker.locator(".ts-dropdown")).to_be_hidden()
    page.get_by_label("Thời gian hoàn thành", exact=True).fill("Quý II")
    expect(picker.locator(".ts-dropdown")).to_be_hidden()

"""End-to-end in Chromium: Đà Nẵng, merged from Quảng Nam on 01/07/2025, issues its own regulation (issue 9).

The demo leaves Thành phố Đà Nẵng without a regulation of its own and with a draft started from Quảng Nam's 2021
regulation, every agency replaced by its successor. Sở Nội vụ reads Quảng Nam's regulation in the history
(read-only), checks the replacements, completes the draft; its leader issues it, and "Hỏi quy chế" then answers
from Đà Nẵng's own regulation."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_e2e_plan_cycle import _alert, _click, _d, _go, _today

pytestmark = pytest.mark.e2e

DN = "Đà Nẵng"


def _replacement_rows(page, before: str):
    """The rows of the replacements table whose old agency is `before` (exactly)."""
    exact = re.compile(rf"^\s*{re.escape(before)}\s*$")
    return page.locator("#replacements tbody tr").filter(has=page.locator("td:nth-child(3)", has_text=exact))


def test_ORG_5_REG_2_REG_4_da_nang_issues_its_regulation_from_quang_nams(person, demo_server):
    """ORG-5, REG-2, REG-4: Đà Nẵng's Sở Nội vụ reads Quảng Nam's 2021 regulation from "Lịch sử trước hợp nhất"
    (read-only), reviews the demo's draft started from it (each agency replaced by its successor, the rows without
    one to choose), completes its number and dates; the leader issues it, it is in force, and "Hỏi quy chế" names
    Đà Nẵng's Sở Tư pháp, with the article, as the appraiser of institutional reform."""
    from cchc.regulation.models import Regulation
    from tests.conftest import province

    url, today = demo_server.url, _today()
    da_nang, quang_nam = province(DN), province("Quảng Nam")
    old = Regulation.objects.get(province=quang_nam, status=Regulation.Status.ISSUED, signed_on__year=2021)
    draft = Regulation.objects.get(province=da_nang, status=Regulation.Status.DRAFT)
    province_url = f"{url}/tinh/{da_nang.slug}/"

    # 1. Sở Nội vụ reads that Đà Nẵng has no regulation of its own, and Quảng Nam's in the history, read-only.
    snv = person(demo_server, "dnang.snv")
    _go(snv, province_url)
    notice = snv.locator(f".from-predecessor[data-predecessor={quang_nam.slug}]")
    expect(notice).to_contain_text(f"{da_nang.title} chưa có quy chế phối hợp của mình")
    expect(notice).to_contain_text("không còn áp dụng từ 01/07/2025")
    _click(snv.get_by_role("link", name="Lịch sử trước hợp nhất"))
    assert snv.url == f"{province_url}lich-su/"
    history = snv.locator(f"section[data-province={quang_nam.slug}]")
    expect(history).to_contain_text(quang_nam.title)
    _click(history.locator(f"a[href$='/quy-che/{old.pk}/']"))
    expect(snv.locator("[data-predecessor-banner]")).to_contain_text(
        f"Hồ sơ của {quang_nam.title} trước khi hợp nhất vào {da_nang.title} (chỉ xem)"
    )
    expect(snv.locator("h1")).to_have_text(old.title)
    for button in ("Sửa thông tin chung của dự thảo", "Soạn sửa đổi, bổ sung", "Đính chính", "Ban hành"):
        expect(snv.get_by_role("link", name=button)).to_have_count(0)
        expect(snv.get_by_role("button", name=button)).to_have_count(0)
    expect(snv.get_by_role("button", name="Thêm trách nhiệm")).to_have_count(0)

    # 2. Back on Đà Nẵng's page, the draft: every replacement listed, the rows without a successor to choose.
    _go(snv, province_url)
    notice = snv.locator(f".from-predecessor[data-predecessor={quang_nam.slug}]")
    _click(notice.get_by_role("link", name="mở dự thảo để kiểm tra"))
    assert snv.url == f"{province_url}quy-che/{draft.pk}/"
    expect(snv.locator(".badge", has_text="Dự thảo")).to_be_visible()
    replacements = snv.locator("#replacements")
    expect(replacements).to_contain_text(f"Thay thế khi chuyển từ quy chế của {quang_nam.title}")
    for before, after in (
        ("Sở Tư pháp", "Sở Tư pháp"),
        ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
    ):
        rows = _replacement_rows(snv, before)
        expect(rows).not_to_have_count(0)
        for text in rows.locator("td:nth-child(5)").all_inner_texts():
            assert text.strip().startswith(after), (before, text)
    to_choose = replacements.locator("tr.table-danger")
    expect(to_choose).not_to_have_count(0)
    expect(to_choose.first).to_contain_text("không có cơ quan kế thừa — cần chọn")

    # 3. The focal officer completes what the draft needs before issue: its number and dates (today).
    number = "1234/QĐ-UBND"
    _click(snv.get_by_role("link", name="Sửa thông tin chung của dự thảo"))
    snv.get_by_label("Số, ký hiệu").fill(number)
    snv.get_by_label("Ngày ký").fill(_d(today))
    snv.get_by_label("Ngày có hiệu lực").fill(_d(today))
    _click(snv.get_by_role("button", name="Lưu"))
    expect(_alert(snv, "Đã lưu dự thảo quy chế.")).to_be_visible()
    assert snv.url == f"{province_url}quy-che/{draft.pk}/"
    # The focal officer prepares; only the leader issues.
    expect(snv.get_by_role("button", name="Ban hành")).to_have_count(0)

    # 4. The leader issues it (after confirming): it is in force.
    leader = person(demo_server, "dnang.snv.lanhdao")
    _go(leader, f"{province_url}quy-che/{draft.pk}/")
    leader.once("dialog", lambda dialog: dialog.accept())
    _click(leader.get_by_role("button", name="Ban hành"))
    expect(_alert(leader, "Đã ban hành quy chế.")).to_be_visible()
    expect(leader.locator(".badge", has_text="Đang có hiệu lực")).to_be_visible()
    expect(leader.locator("dl")).to_contain_text(number)

    # 5. "Hỏi quy chế" in Đà Nẵng: Đà Nẵng's Sở Tư pháp appraises institutional reform, by the article.
    _go(snv, province_url)
    _click(snv.get_by_role("link", name="Hỏi quy chế", exact=True))
    assert snv.url.startswith(f"{province_url}hoi-quy-che/")
    expect(snv.locator(".from-predecessor")).to_have_count(0)
    snv.get_by_label("Câu hỏi", exact=True).select_option(label="Cơ quan thẩm định Chỉ số CCHC của lĩnh vực, nội dung")
    snv.get_by_label("Lĩnh vực, nội dung (cho câu hỏi").select_option(label="Lĩnh vực: Cải cách thể chế")
    _click(snv.get_by_role("button", name="Hỏi", exact=True))
    answer = snv.locator(".card-body", has=snv.locator(".bi-arrow-right-circle"))
    expect(answer.locator("strong")).to_have_text(["Sở Tư pháp"])
    expect(answer).to_contain_text("theo Đ15.2")
    expect(answer).not_to_contain_text("kế thừa")

    # In the database: issued, Đà Nẵng's, based on Quảng Nam's regulation.
    draft.refresh_from_db()
    assert draft.status == Regulation.Status.ISSUED
    assert draft.province_id == da_nang.pk
    assert draft.based_on_id == old.pk and draft.based_on.province_id == quang_nam.pk
    assert (draft.number, draft.signed_on, draft.effective_from) == (number, today, today)

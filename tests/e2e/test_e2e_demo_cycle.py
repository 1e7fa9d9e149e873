"""End-to-end in Chromium: a new user continues the demo's cycle in Khánh Hòa without building it first (issue 8).

The demo holds this year's issued plan and the call for next year's proposals (deadline 10/12 by 2816/QĐ-UBND
Đ4.2a) with two proposals of Sở Khoa học và Công nghệ in. Each person finds what waits for them under "Việc cần
làm", with its count, and takes the cycle to next year's issued plan: a proposal with coordinators becomes a
consolidated task with them (REG-3), an empty answer to a comment is refused (PLAN-5), and the plan is issued."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import pick
from tests.e2e.test_e2e_plan_cycle import _alert, _click, _d, _go, _today

pytestmark = pytest.mark.e2e

KH = "Khánh Hòa"


def _call_of_next_year():
    from django.contrib.auth import get_user_model

    from cchc.plans import cycle
    from cchc.plans.models import ProposalCall
    from tests.conftest import agency, province

    today = _today()
    call = ProposalCall.objects.get(province=province(KH), year=today.year + 1)
    if call.deadline < today:
        # Loaded after 10/12: Sở Nội vụ lets Sở Khoa học và Công nghệ send late, as the call page allows.
        cycle.reopen_for(
            call,
            agency=agency(KH, "Sở Khoa học và Công nghệ"),
            until=today + dt.timedelta(days=3),
            actor=get_user_model().objects.get(username="khoa.snv"),
            on=today,
        )
    return call


def test_PLAN_4_PLAN_5_a_new_user_takes_the_demo_cycle_to_next_years_issued_plan(person, demo_server):
    """PLAN-4, PLAN-5, REG-3, U-1: from the demo as loaded, the people of the cycle each find their next step under
    "Việc cần làm" with its count (UBND tỉnh a summary to follow), and next year's plan is consolidated, consulted
    and issued."""
    from cchc.plans.models import Comment, Plan

    url, today = demo_server.url, _today()
    year = today.year + 1
    call = _call_of_next_year()
    call_url = f"{url}/tinh/khanh-hoa/de-xuat/{call.pk}/"
    title = f"Mở rộng thanh toán trực tuyến phí, lệ phí thủ tục hành chính năm {year}"

    # 1. Sở Khoa học và Công nghệ has proposed already: nothing is left for it to send; it adds a third proposal
    #    with coordinators.
    science = person(demo_server, "khoa.skhcn")
    expect(science.locator("#todo")).not_to_contain_text(f"Gửi đề xuất nhiệm vụ CCHC năm {year}")
    _go(science, call_url)
    expect(science.locator("tr", has_text="Triển khai chữ ký số")).to_contain_text("Đã gửi")
    science.get_by_label("Nhiệm vụ đề xuất").fill(title)
    science.get_by_label("Lĩnh vực", exact=True).select_option(label="Cải cách tài chính công")
    pick(science, "lead", "Sở Tài chính")
    science.locator("select[name=coordinators]").select_option(
        label=["Sở Khoa học và Công nghệ", "Văn phòng Ủy ban nhân dân tỉnh"], force=True
    )
    science.get_by_label("Thời gian hoàn thành", exact=True).fill("Quý II")
    _click(science.get_by_role("button", name="Gửi đề xuất"))
    expect(_alert(science, "Đã gửi đề xuất đến cơ quan thường trực CCHC.")).to_be_visible()

    # 2. Sở Nội vụ finds the three proposals waiting, with their count in the list and in the menu.
    snv = person(demo_server, "khoa.snv")
    waiting = snv.locator("#todo .todo-item[data-key=decide-proposals]")
    expect(waiting).to_contain_text(f"Xét đề xuất nhiệm vụ CCHC năm {year}")
    expect(waiting.locator(".badge")).to_have_text("3")
    expect(snv.locator("#nav-todo .badge")).not_to_have_count(0)
    # UBND tỉnh follows the same round in its summary, with nothing to act on.
    committee = person(demo_server, "khoa.ubnd")
    _go(committee, f"{url}/tinh/khanh-hoa/")
    summary = committee.locator("#todo-summary li", has_text="Đề xuất nhiệm vụ đã nhận trong các đợt đang mở")
    expect(summary.locator("strong")).to_have_text("3")
    expect(committee.locator("#todo .todo-item")).to_have_count(0)
    _click(waiting.get_by_role("link"))
    assert snv.url == call_url
    for row_text in ("Chuyển đổi Hệ thống quản lý chất lượng", "Triển khai chữ ký số", title):
        _click(snv.locator("tr", has_text=row_text).get_by_role("button", name="Tiếp nhận", exact=True))
        expect(_alert(snv, "Đã tiếp nhận đề xuất")).to_be_visible()
    # Every agency asked has proposed: consolidating before the deadline needs no warning.
    expect(snv.locator("#consolidate-form")).not_to_contain_text("chưa gửi")
    snv.once("dialog", lambda dialog: dialog.accept())
    _click(snv.get_by_role("button", name="Tổng hợp thành dự thảo kế hoạch"))
    expect(_alert(snv, "Đã tổng hợp các đề xuất được tiếp nhận thành dự thảo kế hoạch.")).to_be_visible()
    match = re.search(r"/tinh/khanh-hoa/ke-hoach/(\d+)/$", snv.url)
    assert match, snv.url
    plan_url, plan = snv.url, Plan.objects.get(pk=match.group(1))
    expect(snv.locator("#area-public-finance")).to_contain_text(f"{title} — chủ trì: Sở Tài chính")
    task = plan.tasks.get(title=title)
    assert sorted(a.name for a in task.coordinator_agencies.all()) == [
        "Sở Khoa học và Công nghệ",
        "Văn phòng Ủy ban nhân dân tỉnh",
    ]
    comments_deadline = today + dt.timedelta(days=7)
    snv.get_by_label("Hạn góp ý").fill(_d(comments_deadline))
    _click(snv.get_by_role("button", name="Gửi lấy ý kiến"))
    expect(_alert(snv, "Đã gửi dự thảo lấy ý kiến.")).to_be_visible()

    # 3. The regulation asks Sở Khoa học và Công nghệ for comments (Đ4.2b): it finds the draft and comments.
    comment = "Đề nghị bổ sung sản phẩm: hướng dẫn kết nối thanh toán trực tuyến cho các sở."
    _go(science, f"{url}/")
    drafted = re.compile(rf"^\s*Góp ý dự thảo «Kế hoạch cải cách hành chính năm {year}")
    item = science.locator("#todo li", has_text=drafted)
    expect(item).to_contain_text(f"hạn {_d(comments_deadline)}")
    _click(item.get_by_role("link"))
    science.get_by_label("Góp ý về nhiệm vụ (nếu có)").select_option(value=str(task.pk))
    science.get_by_label("Ý kiến của Sở Khoa học và Công nghệ").fill(comment)
    _click(science.get_by_role("button", name="Gửi ý kiến"))
    expect(_alert(science, "Đã gửi ý kiến góp ý.")).to_be_visible()

    # 4. Sở Nội vụ answers it from its things to do; an empty answer is refused and changes nothing.
    _go(snv, f"{url}/tinh/khanh-hoa/")
    _click(snv.locator("#todo .todo-item[data-key=answer-comments]").get_by_role("link"))
    assert snv.url.split("#")[0] == plan_url
    row = snv.locator("#consultation tr", has_text=comment)
    row.get_by_label("Nội dung tiếp thu, giải trình").fill("  ")
    _click(row.get_by_role("button", name="Tiếp thu", exact=True))
    expect(_alert(snv, "Cần nhập nội dung tiếp thu ý kiến góp ý.")).to_be_visible()
    assert Comment.objects.get(text=comment).answer == ""
    row = snv.locator("#consultation tr", has_text=comment)
    row.get_by_label("Nội dung tiếp thu, giải trình").fill("Đã bổ sung sản phẩm vào phụ lục.")
    _click(row.get_by_role("button", name="Tiếp thu", exact=True))
    expect(_alert(snv, "Đã trả lời ý kiến.")).to_be_visible()

    # 5. Every agency asked has commented and every comment is answered: the leader finds the plan ready to
    #    issue, and issues it with no confirmation to give.
    leader = person(demo_server, "khoa.snv.lanhdao")
    ready = leader.locator("#todo .todo-item[data-key=issue-plan]")
    expect(ready).to_contain_text(f"Kế hoạch cải cách hành chính năm {year}")
    _click(ready.get_by_role("link"))
    expect(leader.locator("#issue-silent-warning")).to_have_count(0)
    leader.get_by_label("Số, ký hiệu").fill("5120/KH-UBND")
    leader.get_by_label("Ngày ban hành").fill(_d(today))
    _click(leader.get_by_role("button", name="Ban hành", exact=True))
    expect(_alert(leader, "Đã ban hành kế hoạch.")).to_be_visible()
    plan.refresh_from_db()
    assert (plan.status, plan.number, plan.tasks.count()) == ("issued", "5120/KH-UBND", 3)

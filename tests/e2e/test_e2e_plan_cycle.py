"""End-to-end in Chromium: the yearly planning cycle (PLAN-4, PLAN-5) by three agencies, and an agency plan held
back by the alignment check until fixed or explained (PLAN-7).

The cycle covers what a trial as a new user found (issue 8): a proposal's coordinators reach the consolidated task
(REG-3), consolidating before the deadline is warned and confirmed, an empty answer to a comment is refused, and
issuing before the comment deadline with agencies still silent needs a confirmation.

The pages use the real date (Asia/Ho_Chi_Minh), so every deadline the tests type is computed from today; the
cycle runs in Thành phố Đà Nẵng, a province alive today (Quảng Nam merged into it on 01/07/2025, ORG-5), under its
regulation of the test data (tests/fixtures/da-nang-regulation.yaml, loaded with dnang.stp and dnang.ubnd)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, pick

pytestmark = pytest.mark.e2e

DN = "Đà Nẵng"
PASSWORD = "cchc-demo-2026"


@pytest.fixture
def da_nang_server(demo_server):
    """The demo server with Đà Nẵng's regulation and accounts of the test data."""
    from tests.conftest import load_da_nang_test_data

    load_da_nang_test_data()
    return demo_server


@pytest.fixture
def new_page(browser):
    """A page in a browser context of its own, so that each person keeps their own session."""
    contexts = []

    def make():
        context = browser.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1400, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def _today() -> dt.date:
    from cchc.core.dates import today

    return today()


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _member(username: str, agency_name: str, role: str):
    from django.contrib.auth import get_user_model

    from cchc.agencies.models import Membership
    from tests.conftest import agency

    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name="Người", last_name="Thử"
    )
    Membership.objects.create(user=user, agency=agency(DN, agency_name), role=role)
    return user


def _alert(page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


def _go(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _click(locator) -> None:
    locator.click()
    locator.page.wait_for_load_state("networkidle")


def _propose(page, *, title: str, area: str, lead: str, time_text: str, coordinators=()) -> None:
    page.get_by_label("Nhiệm vụ đề xuất").fill(title)
    page.get_by_label("Lĩnh vực", exact=True).select_option(label=area)
    pick(page, "lead", lead)  # U-1: the agency picker
    if coordinators:
        # force: the select may be enhanced by a search widget that hides it; the form posts the select's value.
        page.locator("select[name=coordinators]").select_option(label=list(coordinators), force=True)
    page.get_by_label("Thời gian hoàn thành", exact=True).fill(time_text)
    _click(page.get_by_role("button", name="Gửi đề xuất"))


def test_PLAN_4_PLAN_5_the_yearly_cycle_from_call_to_issued_plan_by_three_agencies(new_page, da_nang_server):
    from cchc.plans.models import Comment, Plan, Proposal

    url = da_nang_server.url
    today = _today()
    year = today.year + 1
    deadline = today + dt.timedelta(days=10)
    _member("dnang.stc", "Sở Tài chính", "focal")
    justice_task = f"Rà soát văn bản quy phạm pháp luật của tỉnh năm {year}"
    finance_task = f"Công khai dự toán kinh phí cải cách hành chính năm {year}"

    # 1. Sở Nội vụ asks the agencies the regulation names (Đ6.2a) for proposals.
    snv = new_page()
    login(snv, da_nang_server, "dnang.snv")
    _go(snv, f"{url}/tinh/da-nang/ke-hoach/")
    _click(snv.get_by_role("link", name="Đề xuất nhiệm vụ năm sau"))
    snv.get_by_label("Kế hoạch năm").fill(str(year))
    snv.get_by_label("Hạn gửi đề xuất").fill(_d(deadline))
    _click(snv.get_by_role("button", name="Gửi đề nghị đến các cơ quan theo quy chế"))
    expect(_alert(snv, "Đã gửi đề nghị đến 4 cơ quan.")).to_be_visible()
    call_url = snv.url
    assert re.search(r"/tinh/da-nang/de-xuat/\d+/$", call_url)
    asked = snv.locator("table").first
    for name in ("Sở Tư pháp", "Sở Tài chính", "Sở Khoa học và Công nghệ", "Văn phòng Ủy ban nhân dân thành phố"):
        expect(asked).to_contain_text(name)
    # Quảng Nam's Đ6.2a named Sở Thông tin và Truyền thông; Đà Nẵng's regulation names its successor (ORG-2).
    expect(asked).not_to_contain_text("Sở Thông tin và Truyền thông")
    expect(snv.get_by_text(f"Hạn gửi: {_d(deadline)}")).to_be_visible()

    # 2. Sở Tư pháp finds the call among its things to do and proposes a task; a second click sends nothing more.
    stp = new_page()
    login(stp, da_nang_server, "dnang.stp")
    todo = stp.locator("#todo")
    expect(todo).to_contain_text("Việc cần làm")
    item = todo.locator("li", has_text=re.compile(rf"^\s*Gửi đề xuất nhiệm vụ CCHC năm {year}"))
    expect(item).to_contain_text(f"hạn {_d(deadline)}")
    _click(item.get_by_role("link"))
    assert stp.url == call_url
    office = "Văn phòng Ủy ban nhân dân thành phố"
    proposal = {
        "title": justice_task,
        "area": "Cải cách thể chế",
        "lead": "Sở Tư pháp",
        "time_text": "Quý III",
        "coordinators": [office],
    }
    _propose(stp, **proposal)
    expect(_alert(stp, "Đã gửi đề xuất đến cơ quan thường trực CCHC.")).to_be_visible()
    _propose(stp, **proposal)
    expect(stp.get_by_text("bấm gửi hai lần")).to_be_visible()
    assert Proposal.objects.filter(title=justice_task).count() == 1
    # REG-3: the coordinator it named is kept and shown with the proposal.
    expect(stp.locator("tr", has_text=justice_task).locator(".proposal-coordinators")).to_have_text(office)

    # 3. Sở Tài chính proposes another task.
    stc = new_page()
    login(stc, da_nang_server, "dnang.stc")
    _click(stc.locator("#todo").get_by_role("link", name=f"Gửi đề xuất nhiệm vụ CCHC năm {year}"))
    expect(stc.get_by_role("heading", name="Gửi đề xuất của Sở Tài chính")).to_be_visible()
    _propose(stc, title=finance_task, area="Cải cách tài chính công", lead="Sở Tài chính", time_text="Quý III")
    expect(_alert(stc, "Đã gửi đề xuất đến cơ quan thường trực CCHC.")).to_be_visible()

    # PLAN-4: the two proposals wait in Sở Nội vụ's "Việc cần làm" with their count, and the menu counts them;
    # Sở Tài chính, having proposed, has nothing left to send.
    _go(snv, f"{url}/tinh/da-nang/")
    waiting = snv.locator("#todo .todo-item[data-key=decide-proposals]")
    expect(waiting).to_contain_text(f"Xét đề xuất nhiệm vụ CCHC năm {year}")
    expect(waiting.locator(".badge")).to_have_text("2")
    expect(snv.locator("#nav-todo .badge")).not_to_have_count(0)
    _go(stc, f"{url}/tinh/da-nang/")
    expect(stc.locator("#todo")).not_to_contain_text(f"Gửi đề xuất nhiệm vụ CCHC năm {year}")

    # 4. Sở Nội vụ accepts both; consolidating before the deadline is warned (two agencies have not proposed):
    # it consolidates anyway, then sends the draft for comments.
    _go(snv, call_url)
    expect(snv.locator("tr", has_text=justice_task)).to_contain_text(office)
    for title, agency in ((justice_task, "Sở Tư pháp"), (finance_task, "Sở Tài chính")):
        _click(snv.locator("tr", has_text=title).get_by_role("button", name="Tiếp nhận", exact=True))
        expect(_alert(snv, f"Đã tiếp nhận đề xuất «{title}» của {agency}.")).to_be_visible()
        expect(snv.locator("tr", has_text=title)).to_contain_text("Được tiếp nhận")
    warning = snv.locator("#consolidate-form")
    expect(warning).to_contain_text(f"Chưa đến hạn gửi đề xuất ({_d(deadline)}) và còn 2 cơ quan chưa gửi")
    expect(warning).to_contain_text("Sở Khoa học và Công nghệ")
    expect(warning).to_contain_text(office)
    _click(snv.get_by_role("button", name="Vẫn tổng hợp ngay thành dự thảo kế hoạch"))
    expect(_alert(snv, "Đã tổng hợp các đề xuất được tiếp nhận thành dự thảo kế hoạch.")).to_be_visible()
    match = re.search(r"/tinh/da-nang/ke-hoach/(\d+)/$", snv.url)
    assert match, snv.url
    plan_url, plan_id = snv.url, match.group(1)
    plan_title = f"Kế hoạch cải cách hành chính năm {year}"
    expect(snv.get_by_role("heading", name=plan_title)).to_be_visible()
    expect(snv.locator("#area-institutions")).to_contain_text(f"{justice_task} — chủ trì: Sở Tư pháp")
    expect(snv.locator("#area-public-finance")).to_contain_text(f"{finance_task} — chủ trì: Sở Tài chính")
    consolidated = Plan.objects.get(pk=plan_id).tasks.get(title=justice_task)
    assert [a.name for a in consolidated.coordinator_agencies.all()] == [office]
    comments_deadline = today + dt.timedelta(days=7)
    snv.get_by_label("Hạn góp ý").fill(_d(comments_deadline))
    _click(snv.get_by_role("button", name="Gửi lấy ý kiến"))
    expect(_alert(snv, "Đã gửi dự thảo lấy ý kiến.")).to_be_visible()
    expect(snv.locator(".badge", has_text="Đang lấy ý kiến")).to_be_visible()

    # 5. Sở Tư pháp opens the draft from its things to do and comments.
    comment = "Đề nghị bổ sung sản phẩm: báo cáo kết quả rà soát gửi UBND tỉnh."
    _go(stp, f"{url}/")
    item = stp.locator("#todo li", has_text=re.compile(rf"^\s*Góp ý dự thảo «{plan_title}»"))
    expect(item).to_contain_text(f"hạn {_d(comments_deadline)}")
    _click(item.get_by_role("link"))
    assert stp.url.split("#")[0] == plan_url
    stp.get_by_label("Góp ý về nhiệm vụ (nếu có)").select_option(value=str(consolidated.pk))
    stp.get_by_label("Ý kiến của Sở Tư pháp").fill(comment)
    _click(stp.get_by_role("button", name="Gửi ý kiến"))
    expect(_alert(stp, "Đã gửi ý kiến góp ý.")).to_be_visible()

    # 6. The comment waits in Sở Nội vụ's things to do (PLAN-5); it takes the comment on board, an answer without
    # text being refused first.
    _go(snv, f"{url}/tinh/da-nang/")
    to_answer = f"Tiếp thu, giải trình ý kiến góp ý dự thảo «{plan_title}»"
    expect(snv.locator("#todo .todo-item", has_text=to_answer)).to_be_visible()
    _go(snv, plan_url)
    row = snv.locator("#consultation tr", has_text=comment)
    expect(row).to_contain_text(justice_task)
    row.get_by_label("Nội dung tiếp thu, giải trình").fill("   ")
    _click(row.get_by_role("button", name="Tiếp thu", exact=True))
    expect(_alert(snv, "Cần nhập nội dung tiếp thu ý kiến góp ý.")).to_be_visible()
    assert Comment.objects.get(text=comment).answer == ""
    row = snv.locator("#consultation tr", has_text=comment)
    row.get_by_label("Nội dung tiếp thu, giải trình").fill("Đã bổ sung sản phẩm vào phụ lục.")
    _click(row.get_by_role("button", name="Tiếp thu", exact=True))
    expect(_alert(snv, "Đã trả lời ý kiến.")).to_be_visible()
    expect(snv.locator("#consultation tr", has_text=comment)).to_contain_text(
        "Tiếp thu: Đã bổ sung sản phẩm vào phụ lục."
    )

    # 7. The leader of Sở Nội vụ issues the plan with its number and date, before the comment deadline: the form
    # names the agencies still silent and asks for a confirmation.
    leader = new_page()
    login(leader, da_nang_server, "dnang.snv.lanhdao")
    _go(leader, plan_url)
    expect(leader.locator("#issue-silent-warning")).to_contain_text(f"hạn góp ý đến {_d(comments_deadline)}")
    expect(leader.locator("#issue-silent-warning")).not_to_contain_text("Sở Tư pháp")
    leader.get_by_label("Tôi xác nhận ban hành khi chưa hết hạn góp ý").check()
    leader.get_by_label("Số, ký hiệu").fill("250/KH-UBND")
    leader.get_by_label("Ngày ban hành").fill(_d(today))
    _click(leader.get_by_role("button", name="Ban hành", exact=True))
    expect(_alert(leader, "Đã ban hành kế hoạch.")).to_be_visible()
    expect(leader.locator(".badge", has_text="Đã ban hành")).to_be_visible()
    expect(leader.get_by_text(f"Số 250/KH-UBND ngày {_d(today)}")).to_be_visible()

    # 8. The appendix lists both tasks, each due at the end of the third quarter.
    _go(leader, f"{url}/tinh/da-nang/ke-hoach/{plan_id}/phu-luc/")
    table = leader.locator("#appendix-table")
    for title, lead in ((justice_task, "Sở Tư pháp"), (finance_task, "Sở Tài chính")):
        task_row = table.locator("tr", has_text=title)
        expect(task_row).to_contain_text(lead)
        expect(task_row).to_contain_text(f"hạn 30/09/{year}")
    expect(leader.locator("#counts")).to_contain_text("2 nhiệm vụ")
    plan = Plan.objects.get(pk=plan_id)
    assert (plan.status, plan.number, plan.signed_on, plan.tasks.count()) == ("issued", "250/KH-UBND", today, 2)


def _issued_provincial_plan(year: int, today: dt.date, task_title: str):
    """An issued annual plan of Đà Nẵng for `year` with a task Sở Tư pháp leads, built as Sở Nội vụ would."""
    from django.contrib.auth import get_user_model

    from cchc.plans import cycle, services
    from cchc.regulation.models import ReformArea, ReformProgramme
    from tests.conftest import agency, province

    users = get_user_model().objects
    programme = ReformProgramme.objects.get(code="NQ76")
    snv = users.get(username="dnang.snv")
    plan = services.create_plan(
        actor=snv,
        province=province(DN),
        owner=agency(DN, "Sở Nội vụ"),
        fields={
            "kind": "annual",
            "title": f"Kế hoạch cải cách hành chính năm {year}",
            "issuer": "Ủy ban nhân dân thành phố Đà Nẵng",
            "start_year": year,
            "end_year": year,
            "programme": programme,
        },
    )
    services.add_task(
        plan,
        actor=snv,
        data=services.TaskInput(
            title=task_title,
            lead=agency(DN, "Sở Tư pháp"),
            code="1",
            area_id=ReformArea.objects.get(programme=programme, code="institutions").pk,
            products=("Báo cáo kết quả rà soát",),
            time_text="Quý III",
        ),
    )
    return cycle.issue_plan(
        plan, actor=users.get(username="dnang.snv.lanhdao"), number="300/KH-UBND", signed_on=today, on=today
    )


def test_PLAN_7_an_agency_plan_blocked_by_the_alignment_check_is_sent_after_fixing(page, da_nang_server):
    from cchc.core.models import Notification
    from cchc.plans.models import Plan
    from tests.conftest import agency

    url = da_nang_server.url
    today = _today()
    year = today.year + 1
    task_title = "Rà soát văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành"
    _issued_provincial_plan(year, today, task_title)
    _member("dnang.stp.lanhdao", "Sở Tư pháp", "leader")

    # The leader of Sở Tư pháp drafts the agency's plan from the province's plan.
    login(page, da_nang_server, "dnang.stp.lanhdao")
    _go(page, f"{url}/tinh/da-nang/ke-hoach/")
    create = page.locator("form", has=page.get_by_role("button", name="Lập từ kế hoạch của tỉnh"))
    create.get_by_label("Lập kế hoạch CCHC năm của cơ quan").select_option(label="Sở Tư pháp")
    create.get_by_label("Năm", exact=True).fill(str(year))
    _click(create.get_by_role("button", name="Lập từ kế hoạch của tỉnh"))
    expect(_alert(page, "Đã lập dự thảo với 1 nhiệm vụ được giao từ kế hoạch của tỉnh.")).to_be_visible()
    match = re.search(r"/tinh/da-nang/ke-hoach/(\d+)/$", page.url)
    assert match, page.url
    plan_url, plan_id = page.url, int(match.group(1))
    expect(page.locator("#area-institutions")).to_contain_text(f"{task_title} — chủ trì: Sở Tư pháp")

    # The check lists the gaps in plain words.
    alignment = page.locator("#alignment")
    expect(alignment).to_contain_text("Lĩnh vực «Cải cách thủ tục hành chính» chưa có nhiệm vụ nào.")
    expect(alignment).not_to_contain_text("Lĩnh vực «Cải cách thể chế»")
    expect(alignment).to_contain_text(f"«{task_title}» chưa phân công người, bộ phận thực hiện.")
    expect(alignment).to_contain_text("Chưa đặt chỉ tiêu áp dụng ISO 9001")
    expect(alignment).to_contain_text("Chưa đặt chỉ tiêu tin học hóa")

    # Sending is refused while a gap is neither fixed nor explained.
    issue = page.locator("#issue-form")
    issue.get_by_label("Số, ký hiệu").fill("15/KH-STP")
    issue.get_by_label("Ngày ban hành").fill(_d(today))
    _click(issue.get_by_role("button", name="Gửi kế hoạch"))
    expect(_alert(page, "điểm chưa đạt yêu cầu")).to_be_visible()
    expect(page.locator(".badge", has_text="Dự thảo")).to_be_visible()
    assert Plan.objects.get(pk=plan_id).status == "draft"

    # Fix: the prefilled task gets an owner.
    _click(page.get_by_role("link", name="Phụ lục nhiệm vụ"))
    _click(page.locator("#appendix-table tr", has_text=task_title).get_by_title("Sửa"))
    page.get_by_label("Người, bộ phận thực hiện").fill("Phòng Xây dựng và kiểm tra văn bản")
    _click(page.get_by_role("button", name="Lưu"))
    expect(_alert(page, "Đã lưu nhiệm vụ.")).to_be_visible()
    _go(page, plan_url)
    expect(alignment).not_to_contain_text("chưa phân công người, bộ phận thực hiện")

    # Every remaining gap is explained.
    gaps = alignment.locator("li")
    count = gaps.count()
    assert count >= 3, alignment.inner_text()
    for index in range(count):
        gap = gaps.nth(index)
        gap.get_by_role("textbox", name="Giải trình").fill(f"Sở Tư pháp giải trình điểm {index + 1}.")
        _click(gap.get_by_role("button", name="Giải trình"))
        expect(_alert(page, "Đã ghi giải trình.")).to_be_visible()
        expect(gaps.nth(index)).to_contain_text(f"Giải trình: Sở Tư pháp giải trình điểm {index + 1}.")
    assert gaps.count() == count

    # Sending now succeeds.
    issue.get_by_label("Số, ký hiệu").fill("15/KH-STP")
    issue.get_by_label("Ngày ban hành").fill(_d(today))
    _click(issue.get_by_role("button", name="Gửi kế hoạch"))
    expect(_alert(page, "Đã gửi kế hoạch.")).to_be_visible()
    expect(page.locator(".badge", has_text="Đã ban hành")).to_be_visible()
    assert Plan.objects.get(pk=plan_id).status == "issued"

    # Sở Nội vụ's people are told, with the plan's number.
    home_affairs = agency(DN, "Sở Nội vụ")
    told = set(
        Notification.objects.filter(user__memberships__agency=home_affairs, message__contains="15/KH-STP").values_list(
            "user__username", flat=True
        )
    )
    assert {"dnang.snv", "dnang.snv.lanhdao"} <= told

"""End-to-end in Chromium (TRK-1, TRK-2): in the demo's Khánh Hòa, Sở Khoa học và Công nghệ's focal officer finds
its task of the issued annual plan from the menu "Theo dõi", records progress with an evidence document (a PDF),
then reports it done; Sở Nội vụ returns the report with a comment; the lead resubmits; Sở Nội vụ confirms; the
task shows "Hoàn thành đúng hạn"."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _science_task():
    """A task of Khánh Hòa's issued plan led by Sở Khoa học và Công nghệ, open, with its last due date."""
    from cchc.core.dates import today
    from cchc.plans.models import Task
    from cchc.tracking.queries import TRACKED_PLAN_STATUSES, task_states
    from cchc.tracking.status import OPEN
    from tests.conftest import agency

    science = agency("Khánh Hòa", "Sở Khoa học và Công nghệ")
    tasks = Task.objects.filter(plan__province__slug="khanh-hoa", plan__status__in=TRACKED_PLAN_STATUSES, lead=science)
    states = task_states([t.pk for t in tasks], today())
    task = next(t for t in tasks if states[t.pk].status in OPEN)
    return science, task, states[task.pk].last_due


def _alert(page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


def test_e2e_TRK_1_TRK_2_progress_done_returned_resubmitted_confirmed(demo_server, person):
    """TRK-1, TRK-2: progress with evidence, done, returned with a comment, resubmitted, confirmed on time."""
    from cchc.core.dates import today

    science, task, last_due = _science_task()
    done_on = min(today(), last_due) if last_due else today()  # the work was finished by its due date
    done_text = done_on.strftime("%d/%m/%Y")

    lead = person(demo_server, "khoa.skhcn")
    lead.goto(f"{demo_server.url}/tinh/khanh-hoa/")
    lead.get_by_role("link", name="Theo dõi", exact=True).click()
    expect(lead.get_by_role("heading", name="Theo dõi nhiệm vụ")).to_be_visible()
    lead.locator("#f-lead").select_option(label=science.name)
    lead.get_by_role("button", name="Lọc").click()
    lead.locator(f"#tracking-table tr[data-task='{task.pk}'] a").click()
    expect(lead.locator("#task-lead")).to_have_text(science.name)

    # progress with an evidence document
    lead.locator("#p-percent").fill("40")
    lead.locator("#p-note").fill("Đã xây dựng dự thảo quy trình")
    lead.locator("#p-ev-number").fill("15/BC-SKHCN")
    lead.locator("#p-ev-date").fill(today().strftime("%d/%m/%Y"))
    lead.locator("#p-ev-issuer").fill(science.name)
    lead.locator("#p-ev-summary").fill("Báo cáo tiến độ triển khai")
    lead.locator("#p-ev-file").set_input_files({"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": PDF})
    lead.locator("#progress-submit").click()
    expect(_alert(lead, "Đã cập nhật tiến độ")).to_be_visible()
    expect(lead.locator("#history")).to_contain_text("15/BC-SKHCN")
    expect(lead.locator("#history .evidence-list a")).to_have_text("tệp")
    expect(lead.locator("#task-status")).to_have_text("Đang thực hiện")

    # reported done
    lead.locator("#p-reported").select_option("done")
    lead.locator("#p-percent").fill("100")
    lead.locator("#p-done-on").fill(done_text)
    lead.locator("#p-note").fill("Đã hoàn thành")
    lead.locator("#progress-submit").click()
    expect(_alert(lead, "chờ Sở Nội vụ xác nhận")).to_be_visible()
    expect(lead.locator("#awaiting")).to_be_visible()

    # Sở Nội vụ returns it with a comment
    snv = person(demo_server, "khoa.snv")
    task_url = lead.url
    snv.goto(task_url)
    snv.locator("#return-button").click()  # the comment is required: the browser holds the form
    expect(snv.locator("#review")).to_be_visible()
    snv.locator("#return-comment").fill("Đề nghị bổ sung quyết định ban hành quy trình")
    snv.locator("#return-button").click()
    expect(_alert(snv, "Đã trả lại")).to_be_visible()
    expect(snv.locator("#history .review-comment").first).to_have_text("Đề nghị bổ sung quyết định ban hành quy trình")

    # the lead sees the comment and resubmits
    lead.reload()
    expect(lead.locator("#history")).to_contain_text("Đề nghị bổ sung quyết định ban hành quy trình")
    lead.locator("#p-reported").select_option("done")
    lead.locator("#p-percent").fill("100")
    lead.locator("#p-done-on").fill(done_text)
    lead.locator("#p-note").fill("Đã ban hành quyết định")
    lead.locator("#p-ev-summary").fill("Quyết định ban hành quy trình")
    lead.locator("#p-ev-number").fill("20/QĐ-SKHCN")
    lead.locator("#progress-submit").click()
    expect(_alert(lead, "chờ Sở Nội vụ xác nhận")).to_be_visible()

    # Sở Nội vụ confirms
    snv.reload()
    snv.locator("#confirm-button").click()
    expect(_alert(snv, "Đã xác nhận hoàn thành")).to_be_visible()
    expect(snv.locator("#task-status")).to_have_text("Hoàn thành đúng hạn")
    lead.reload()
    expect(lead.locator("#task-status")).to_have_text("Hoàn thành đúng hạn")
    expect(lead.locator("#progress")).to_have_count(0)  # a confirmed task takes no more updates

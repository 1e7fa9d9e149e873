"""End-to-end in Chromium (IDX-3 to IDX-7): in the demo's Khánh Hòa, whose campaign of the year is open, Sở Khoa học
và Công nghệ self-assesses two areas reusing its task's evidence, its leader submits, Sở Tư pháp (named by the
regulation as the appraiser of institutions) appraises with the keyboard grid and asks for an explanation, the
department answers, Sở Tư pháp fixes the final score, Sở Nội vụ's leader publishes, and the ranking shows."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import pick

pytestmark = pytest.mark.e2e

SCIENCE = "Sở Khoa học và Công nghệ"


def _institutions_to_justice():
    """REG-4 set-up: an amendment of Khánh Hòa's regulation, issued today, names Sở Tư pháp the appraiser of the
    index criteria on institutions (the seed regulation of 2010 names no appraiser; routing then falls back to
    Sở Nội vụ, which the test of the grid checks for the other areas)."""
    from django.contrib.auth import get_user_model

    from cchc.core.dates import today
    from cchc.regulation import services
    from cchc.regulation.models import ResponsibilityRole
    from cchc.regulation.routing import regulation_in_force
    from tests.conftest import agency, province

    users = get_user_model().objects
    khanh_hoa = province("Khánh Hòa")
    current = regulation_in_force(khanh_hoa, today())
    fields = {
        "programme": current.programme,
        "number": "45/QĐ-UBND",
        "title": current.title,
        "issuer": current.issuer,
        "signed_on": today(),
        "effective_from": today(),
        "standing_agency": current.standing_agency,
        "standing_article": current.standing_article,
    }
    draft = services.create_draft(
        khanh_hoa,
        actor=users.get(username="khoa.snv"),
        fields=fields,
        copy_from=current,
        kind="amendment",
        reason="Giao thẩm định kết quả tự đánh giá Chỉ số CCHC theo lĩnh vực",
    )
    services.add_responsibility(
        draft,
        actor=users.get(username="khoa.snv"),
        subject_code="institutions",
        role=ResponsibilityRole.APPRAISE,
        party=agency("Khánh Hòa", "Sở Tư pháp"),
        article="Đ10.2",
    )
    services.issue_regulation(draft, actor=users.get(username="khoa.snv.lanhdao"))


def _task_evidence_of(science):
    """The evidence document of one of the department's tasks that the demo's tracking holds (IDX-3: reused)."""
    from cchc.tracking.models import EvidenceDocument

    found = EvidenceDocument.objects.filter(update__task__lead=science).exclude(number="").order_by("pk").first()
    assert found is not None, "the demo's tracking should hold an evidence document of Sở KH&CN's task"
    return found


def _appraise_the_rest() -> None:
    """IDX-7: the leaves of submitted files that the test does not appraise in the browser are settled as their
    appraisers would accept them (the self score; no bonus or penalty where none was claimed)."""
    from decimal import Decimal

    from django.db.models import DecimalField, F, Value
    from django.db.models.functions import Coalesce

    from cchc.core.dates import today
    from cchc.index.models import Score

    Score.objects.filter(
        assessment__campaign__province__slug="khanh-hoa",
        assessment__campaign__year=today().year,
        assessment__status="submitted",
        appraisal_state="",
    ).exclude(node__method="survey").exclude(assessment__agency__kind="provincial-committee").update(
        appraised_points=Coalesce(F("self_points"), Value(Decimal(0)), output_field=DecimalField()),
        appraisal_state="accepted",
    )


def _complete_the_rest(officer_username: str, keep: set[str]) -> None:
    """The leaves the test does not type are scored as the officer would, through the same service: the
    suggested score where there is one, else the highest level, each with a short explanation."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from cchc.core.dates import today
    from cchc.index import selfassessment, suggestions
    from cchc.index.models import Assessment, Score

    officer = get_user_model().objects.get(username=officer_username)
    file = Assessment.objects.get(campaign__province__slug="khanh-hoa", agency__name=SCIENCE)
    scores = list(Score.objects.filter(assessment=file).select_related("node").order_by("node__order"))
    suggested = suggestions.suggest(file, [s.node for s in scores], today())
    for score in scores:
        node = score.node
        if node.code in keep or not selfassessment.is_self_scored(node) or score.self_points is not None:
            continue
        if node.kind == "bonus":
            continue
        tip = suggested.get(node.pk)
        if tip is not None and tip.points is not None:
            points = tip.points
        elif node.levels:
            points = max(Decimal(str(level["points"])) for level in node.levels)
        else:
            points = Decimal(node.max_points)
        selfassessment.save_self_score(officer, score, points, "Đã thực hiện đầy đủ.", score.revision)


def test_e2e_IDX_3_IDX_4_IDX_5_IDX_7_self_assess_appraise_explain_publish(demo_server, person):
    """IDX-3, IDX-4, IDX-5, IDX-7: the whole index cycle of one department, in the browser."""
    from cchc.core.dates import today
    from cchc.index.models import Score
    from tests.conftest import agency

    _institutions_to_justice()
    year = today().year
    science = agency("Khánh Hòa", SCIENCE)
    base = f"{demo_server.url}/tinh/khanh-hoa/chi-so-cchc/{year}/"

    # --- IDX-3: the focal officer self-assesses two areas, citing the task's evidence the system already holds
    officer = person(demo_server, "khoa.skhcn")
    officer.goto(f"{demo_server.url}/tinh/khanh-hoa/chi-so-cchc/")
    officer.get_by_role("link", name=f"Đợt đánh giá Chỉ số CCHC năm {year}").click()
    officer.get_by_role("link", name=f"Hồ sơ tự đánh giá: {science.name}").click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text("Tự đánh giá")

    report = Score.objects.get(assessment__agency=science, assessment__campaign__year=year, node__code="I.2")
    officer.locator(f"#points-{report.pk}").select_option(index=1)  # the highest level: 2 points
    officer.locator(f"#explanation-{report.pk}").fill("Đủ các báo cáo quý, 6 tháng, năm; gửi đúng hạn.")
    officer.locator(f"#leaf-{report.pk} form").first.get_by_role("button", name="Lưu").click()
    expect(officer.get_by_role("alert").filter(has_text="Đã lưu")).to_be_visible()
    evidence = _task_evidence_of(science)
    officer.locator(f"#leaf-{report.pk}").get_by_text("Thêm tài liệu kiểm chứng").click()
    pick(officer.locator(f"#leaf-{report.pk}"), "record", evidence.number)
    where = officer.locator(f"#leaf-{report.pk} input[name=locator]")
    where.fill("trang 2, mục I")
    where.press("Enter")  # the picker's list may still cover the button: Enter sends the form
    expect(officer.locator(f"#leaf-{report.pk}")).to_contain_text("trang 2, mục I")

    review = Score.objects.get(assessment__agency=science, assessment__campaign__year=year, node__code="II.2")
    officer.locator(f"#points-{review.pk}").select_option(index=1)
    officer.locator(f"#explanation-{review.pk}").fill("Đã rà soát toàn bộ văn bản; báo cáo rà soát đang trình ký.")
    officer.locator(f"#leaf-{review.pk} form").first.get_by_role("button", name="Lưu").click()
    expect(officer.get_by_role("alert").filter(has_text="Đã lưu")).to_be_visible()

    _complete_the_rest("khoa.skhcn", keep={"I.2", "II.2"})

    # --- IDX-3: only the leader submits
    leader = person(demo_server, "khoa.skhcn.lanhdao")
    leader.goto(officer.url)
    leader.get_by_role("button", name="Gửi hồ sơ").click()
    expect(leader.get_by_role("alert").filter(has_text="Đã gửi")).to_be_visible()

    # --- IDX-4: Sở Tư pháp sees institutions only, in the grid, and works with the keyboard
    justice = person(demo_server, "khoa.stp")
    justice.goto(base)
    expect(justice.locator("#tham-dinh")).to_contain_text("Cải cách thể chế")
    expect(justice.locator("#tham-dinh")).not_to_contain_text("Cải cách thủ tục hành chính")
    justice.locator("#tham-dinh").get_by_role("link", name="Mở bảng thẩm định").first.click()
    first = justice.get_by_label(f"{science.name}, tiêu chí II.1")
    first.click()
    first.fill(first.get_attribute("data-self"))
    first.press("Enter")  # the self score typed again: accepted
    expect(justice.locator("td:has(input[aria-label$='tiêu chí II.1']) .grid-state")).to_contain_text("Chấp nhận")

    # --- IDX-5: an explanation is asked on II.2 from its own page
    justice.locator(f"td:has(input[aria-label='{science.name}, tiêu chí II.2'])").get_by_role(
        "link", name="Chi tiết"
    ).click()
    justice.locator("#text").fill("Đề nghị gửi báo cáo rà soát đã ký.")
    justice.get_by_role("button", name="Gửi đề nghị giải trình").click()
    expect(justice.get_by_role("alert").filter(has_text="Đã lưu tiêu chí II.2")).to_be_visible()
    expect(justice.locator("main")).to_contain_text("Đề nghị gửi báo cáo rà soát đã ký.")
    leaf_url = justice.url

    # the department answers
    officer.goto(base)
    officer.get_by_role("link", name="1 đề nghị giải trình chờ trả lời").click()
    officer.locator(f"#text-{review.pk}").fill("Báo cáo rà soát số 30/BC-SKHCN đã ký ngày hôm nay, gửi kèm.")
    officer.get_by_role("button", name="Gửi giải trình").click()
    expect(officer.get_by_role("alert").filter(has_text="Đã gửi giải trình")).to_be_visible()

    # Sở Tư pháp fixes the final score; the history stays on the leaf
    justice.goto(leaf_url)
    justice.locator("#points").fill("1")
    justice.locator("#comment").fill("Chấp nhận giải trình; báo cáo ký sau hạn nên trừ một phần.")
    justice.get_by_role("button", name="Chốt điểm").click()
    expect(justice.get_by_role("alert").filter(has_text="Đã lưu tiêu chí II.2")).to_be_visible()
    expect(justice.locator("main")).to_contain_text("Đã chốt điểm")
    expect(justice.locator("main")).to_contain_text("Đề nghị giải trình")
    expect(justice.locator("main")).to_contain_text("Báo cáo rà soát số 30/BC-SKHCN")

    # --- IDX-7: before publication, the department sees only its own result; Sở Nội vụ's leader publishes
    snv = person(demo_server, "khoa.snv.lanhdao")
    snv.goto(base)
    expect(snv.locator("#not-settled")).to_contain_text("chưa thẩm định xong")
    snv.get_by_role("button", name="Công bố kết quả").click()  # refused: the other leaves are not appraised yet
    expect(snv.get_by_role("alert").filter(has_text="chưa công bố được kết quả")).to_be_visible()
    _appraise_the_rest()
    snv.goto(base)
    expect(snv.locator("#not-settled")).to_have_count(0)
    snv.get_by_role("button", name="Công bố kết quả").click()
    expect(snv.get_by_role("alert").filter(has_text="Đã công bố")).to_be_visible()
    snv.goto(f"{base}ket-qua/")
    expect(snv.locator("main")).to_contain_text(science.name)

    # after publication, anyone in the province sees the ranking
    other = person(demo_server, "khoa.ubnd")
    other.goto(f"{base}ket-qua/")
    ranking = other.locator("table").first
    expect(ranking).to_contain_text(science.name)
    expect(ranking).to_contain_text("1")

"""ORG-3, U-6 (issue 9): a document dated after 30/06/2025 that names a group with no agency left on its date
("UBND cấp huyện" in a 2026 plan) gets a warning on that row in the review, instead of passing silently."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.errors import UserErrors
from cchc.ingest import services
from cchc.ingest.resolver import resolve_extracted
from cchc.ingest.structure import Extracted, Responsibility, Task
from tests.conftest import province

KH = "Khánh Hòa"
DISTRICTS_GONE = (
    "Cơ quan phối hợp: nhóm «UBND cấp huyện» không còn cơ quan nào vào ngày 20/12/2025 (ngày của văn bản) vì "
    "các cơ quan, đơn vị của nhóm (UBND cấp huyện) chỉ hoạt động đến ngày 30/06/2025; hãy chọn cơ quan khác "
    "hoặc bỏ dòng này."
)


def plan_text(year: int, signed: str, rows: int = 0) -> str:
    """A small plan of Khánh Hòa: task 1 coordinated by "UBND cấp huyện" (line 9), task 2 by "UBND cấp xã"
    (line 10), and `rows` more tasks coordinated by "UBND cấp huyện"."""
    lines = [
        "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
        "Số: 99/KH-UBND",
        f"Khánh Hòa, {signed}",
        "KẾ HOẠCH",
        f"Cải cách hành chính năm {year}",
        "PHỤ LỤC",
        "TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành",
        "I\tCÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\t\t\t\t",
        "1.\tKiểm tra công tác CCHC\tBáo cáo\tSở Nội vụ\tUBND cấp huyện\tQuý II",
        "2.\tTuyên truyền CCHC\tBáo cáo\tSở Nội vụ\tUBND cấp xã\tQuý III",
    ]
    lines += [f"{n}.\tNhiệm vụ thử {n}\tBáo cáo\tSở Nội vụ\tUBND cấp huyện\tQuý IV" for n in range(3, rows + 3)]
    return "\n".join(lines) + "\n"


def _review(make_member, text: str):
    focal = make_member(KH, "Sở Nội vụ")
    document = services.start_review(province(KH), actor=focal, name="ke-hoach-2026.txt", data=text.encode())
    return focal, document, services.from_json(document.extracted)


def test_ORG_3_a_2026_plan_naming_the_district_level_gets_a_warning_on_that_row(db, make_member):
    """ORG-3, U-6: the 2026 plan signed on 20/12/2025 names "UBND cấp huyện" on line 9: the review lists the
    warning for that row; "UBND cấp xã" (its đặc khu exists then) on line 10 gets none."""
    _, _, extracted = _review(make_member, plan_text(2026, "ngày 20 tháng 12 năm 2025"))
    assert extracted.date == dt.date(2025, 12, 20)
    assert [t.coordinators for t in extracted.tasks] == [["UBND cấp huyện"], ["UBND cấp xã"]]
    messages = [(w.line, w.message) for w in extracted.warnings]
    assert (9, DISTRICTS_GONE) in messages
    assert not [m for line, m in messages if line == 10]


def test_ORG_3_the_same_plan_for_2025_signed_in_2024_gets_no_warning(db, make_member):
    """ORG-3: before 01/07/2025 the district level existed: no warning for "UBND cấp huyện"."""
    _, _, extracted = _review(make_member, plan_text(2025, "ngày 20 tháng 12 năm 2024"))
    assert extracted.date == dt.date(2024, 12, 20)
    assert not [w for w in extracted.warnings if "không còn cơ quan nào" in w.message]


def test_ORG_3_U_6_the_review_page_shows_the_warning_and_the_save_refuses_the_row(client, db, make_member):
    """U-6, ORG-3: the review page shows the warning beside the row; saving as is is refused for that row with
    the reason, and nothing is saved."""
    focal, document, extracted = _review(make_member, plan_text(2026, "ngày 20 tháng 12 năm 2025"))
    client.force_login(focal)
    page = client.get(reverse("ingest-review", args=[province(KH).slug, document.pk]))
    assert page.status_code == 200
    assert "không còn cơ quan nào vào ngày 20/12/2025" in page.content.decode()
    with pytest.raises(UserErrors) as refused:
        services.save(document, extracted, actor=focal)
    problems = [(e.line, e.message) for e in refused.value.errors]
    assert any(line == 9 and "chỉ hoạt động đến ngày 30/06/2025" in message for line, message in problems)
    document.refresh_from_db()
    assert document.status == "review" and document.plan is None


def test_ORG_3_without_a_signing_date_the_plans_first_day_is_the_date(db):
    """ORG-3: a plan with years but no date is resolved on 01/01 of its first year (as the plan will be)."""
    extracted = Extracted(
        kind="plan",
        years=[2026, 2026],
        tasks=[Task(area="direction", code="1", title="x", lead="Sở Nội vụ", coordinators=["UBND cấp huyện"], line=5)],
    )
    warnings = resolve_extracted(extracted, province(KH)).warnings
    assert [w.line for w in warnings if "không còn cơ quan nào vào ngày 01/01/2026 (ngày của văn bản)" in w.message]
    undated = Extracted(kind="plan", tasks=[Task(area="direction", code="1", title="x", lead="UBND cấp huyện", line=5)])
    assert not resolve_extracted(undated, province(KH)).warnings, "no date, no date check"


def test_ORG_3_a_regulation_of_2026_naming_the_district_level_is_warned_too(db):
    """ORG-3: a coordination regulation dated after 30/06/2025 that gives a duty to "UBND cấp huyện" is warned
    on that row."""
    extracted = Extracted(
        kind="regulation",
        date=dt.date(2026, 3, 1),
        responsibilities=[
            Responsibility(
                agency="UBND cấp huyện", role="coordinate", area_or_topic="direction", article="Đ5", line=30
            ),
            Responsibility(agency="Sở Nội vụ", role="lead", area_or_topic="general", article="Đ3", line=20),
        ],
    )
    warnings = resolve_extracted(extracted, province(KH)).warnings
    assert [w.line for w in warnings] == [30]
    assert warnings[0].message.startswith("Cơ quan: nhóm «UBND cấp huyện» không còn cơ quan nào vào ngày 01/03/2026")


def test_ORG_3_the_date_check_costs_the_same_for_2_and_for_60_rows(db):
    """ORG-3, SEC-5: each group is resolved once per document, however many rows name it."""

    def queries(rows: int) -> int:
        extracted = Extracted(
            kind="plan",
            date=dt.date(2025, 12, 20),
            years=[2026, 2026],
            tasks=[
                Task(
                    area="direction", code=str(n), title="x", lead="Sở Nội vụ", coordinators=["UBND cấp huyện"], line=n
                )
                for n in range(rows)
            ],
        )
        with CaptureQueriesContext(connection) as captured:
            warnings = resolve_extracted(extracted, province(KH)).warnings
        assert len([w for w in warnings if "không còn cơ quan nào" in w.message]) == rows
        return len(captured)

    assert queries(2) == queries(60)


def test_ORG_5_U_6_a_2026_plan_naming_an_ended_department_gets_its_successor_with_a_warning(db, make_member):
    """ORG-2, ORG-5, U-6: a plan signed on 20/12/2025 names "Sở Thông tin và Truyền thông" (ended 28/02/2025) as a
    lead: the review puts Sở Khoa học và Công nghệ, which carries its work, on that row and says so, to be checked;
    the same plan signed in 2024 keeps the name (seen failing first)."""
    text = plan_text(2026, "ngày 20 tháng 12 năm 2025").replace(
        "2.\tTuyên truyền CCHC\tBáo cáo\tSở Nội vụ", "2.\tTuyên truyền CCHC\tBáo cáo\tSở Thông tin và Truyền thông"
    )
    _, _, extracted = _review(make_member, text)
    assert extracted.tasks[1].lead == "Sở Khoa học và Công nghệ"
    assert (
        10,
        "Cơ quan chủ trì: «Sở Thông tin và Truyền thông» đã chấm dứt hoạt động trước ngày của văn bản (20/12/2025); "
        "đã thay bằng cơ quan kế thừa «Sở Khoa học và Công nghệ», hãy kiểm tra.",
    ) in [(w.line, w.message) for w in extracted.warnings]
    earlier = text.replace("2026", "2025").replace("năm 2025", "năm 2024")
    _, _, extracted = _review(make_member, earlier)
    assert extracted.tasks[1].lead == "Sở Thông tin và Truyền thông"

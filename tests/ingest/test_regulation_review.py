"""REG-1, U-6: a regulation's proposal deadline and meeting cadence from `cchc ingest --json` to the review page
and the saved draft; the kind of a document decided from its title block, number and structure, said on the
review page with a one-click switch that only the standing agency may use."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cchc.ingest import services
from cchc.ingest.models import IngestedDocument
from cchc.ingest.reader import read_text
from cchc.ingest.regulation_kind import decide_kind
from cchc.regulation.models import Regulation
from tests.factories import world

CORPUS = Path(__file__).resolve().parent / "corpus" / "regulations"

REGULATION = "\n".join(
    [
        "ỦY BAN NHÂN DÂN TỈNH THỬ",
        "Số: 90/QĐ-UBND",
        "Thử, ngày 12 tháng 2 năm 2026",
        "QUY CHẾ",
        "Phối hợp thực hiện nhiệm vụ cải cách hành chính",
        "Điều 3. Cơ quan chủ trì, cơ quan phối hợp",
        "Sở Nội vụ là cơ quan thường trực, chủ trì, tổng hợp chung công tác cải cách hành chính của tỉnh.",
        "Điều 4. Cải cách thể chế",
        "Sở Tư pháp chủ trì thực hiện cải cách thể chế; Văn phòng UBND tỉnh phối hợp thực hiện.",
        "Điều 5. Thẩm định",
        "Các cơ quan sau thẩm định kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính:",
        "a) Sở Tư pháp thẩm định lĩnh vực cải cách thể chế.",
        "Điều 6. Đề xuất và họp",
        "1. Trước ngày 30 tháng 11 hằng năm, các sở, ban, ngành gửi đề xuất nhiệm vụ cải cách hành chính về Sở Nội vụ.",
        "2. Định kỳ 6 tháng, Sở Nội vụ tổ chức họp giao ban công tác cải cách hành chính.",
    ]
)

PLAN_NAMING_A_REGULATION = "\n".join(
    [
        "ỦY BAN NHÂN DÂN TỈNH THỬ",
        "Số: 15/KH-UBND",
        "Thử, ngày 05 tháng 1 năm 2026",
        "Cải cách hành chính năm 2026",
        "I. CẢI CÁCH THỂ CHẾ",
        "1. Ban hành Quy chế phối hợp thực hiện nhiệm vụ cải cách hành chính. Cơ quan chủ trì: Sở Nội vụ.",
        "2. Rà soát văn bản quy phạm pháp luật. Cơ quan chủ trì: Sở Tư pháp.",
    ]
)


def test_U_6_a_plan_that_mentions_a_regulation_is_read_as_a_plan():
    """U-6: a task "Ban hành Quy chế phối hợp …" does not make a plan a regulation; the KH number says plan."""
    kind, reason = decide_kind(read_text(PLAN_NAMING_A_REGULATION))
    assert kind == "plan" and "KH" in reason
    assert services.extract(read_text(PLAN_NAMING_A_REGULATION)).kind == "plan"


def test_U_6_the_kind_from_the_title_block_and_the_decision():
    """U-6: a heading decides; a decision that issues a regulation or a plan says which; else the articles."""
    assert decide_kind(read_text("QUYẾT ĐỊNH\nKẾ HOẠCH\nCải cách hành chính năm 2026\n"))[0] == "plan"
    issues_plan = "Số: 3/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch cải cách hành chính năm 2026\n"
    kind, reason = decide_kind(read_text(issues_plan))
    assert kind == "plan" and "quyết định ban hành kế hoạch" in reason
    issues_rule = "Số: 4/QĐ-UBND\nQUYẾT ĐỊNH\nBan hành Quy chế phối hợp thực hiện nhiệm vụ cải cách hành chính\n"
    assert decide_kind(read_text(issues_rule))[0] == "regulation"
    articles = "Điều 1. Phạm vi\nNội dung.\nĐiều 2. Trách nhiệm\nSở Nội vụ chủ trì.\n"
    assert decide_kind(read_text(articles))[0] == "regulation"
    assert decide_kind(read_text(REGULATION)) == (
        "regulation",
        "Văn bản có tiêu đề «QUY CHẾ», nên được đọc là quy chế.",
    )


def test_REG_1_cchc_ingest_json_carries_the_proposal_deadline_and_the_meetings(db):
    """REG-1: `cchc ingest --json` prints proposal_deadline {day, month, article} and meetings {cadence,
    article}."""
    w = world()
    out = StringIO()
    call_command("ingest", str(CORPUS / "qc01-theo-linh-vuc.txt"), province=w.province.name, json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["kind"] == "regulation"
    assert data["proposal_deadline"] == {"day": 30, "month": 11, "article": "Đ9.1"}
    assert data["meetings"] == {"cadence": "half-yearly", "article": "Đ10"}


def _upload(client, w, text: str) -> IngestedDocument:
    upload = SimpleUploadedFile("quy-che.txt", text.encode("utf-8"), content_type="text/plain")
    response = client.post(reverse("ingest-upload", args=[w.province.slug]), {"file": upload})
    assert response.status_code == 302
    return IngestedDocument.objects.filter(province=w.province).latest("id")


def test_REG_1_the_review_shows_the_deadline_and_cadence_beside_their_lines_and_saving_stores_them(client, db):
    """REG-1, U-6: the review names the kind and why, the deadline and the cadence with their source lines; the
    saved draft holds proposal_deadline_day/month/article, meeting_cadence and meeting_article."""
    w = world()
    client.force_login(w.user("standing_focal"))
    document = _upload(client, w, REGULATION)
    page = client.get(reverse("ingest-review", args=[w.province.slug, document.pk])).content.decode()
    assert "Văn bản có tiêu đề «QUY CHẾ»" in page and "Đọc lại như kế hoạch" in page
    assert "Trước ngày 30/11 hằng năm" in page and "Dòng 14:" in page
    assert "6 tháng một lần" in page and "Dòng 15:" in page
    regulation = services.save(document, services.from_json(document.extracted), actor=w.user("standing_focal"))
    regulation = Regulation.objects.get(pk=regulation.pk)
    assert (regulation.proposal_deadline_day, regulation.proposal_deadline_month) == (30, 11)
    assert regulation.proposal_deadline_article == "Đ6.1"
    assert (regulation.meeting_cadence, regulation.meeting_article) == ("six-monthly", "Đ6.2")
    roles = {(r.role, r.agency.name if r.agency else r.group.name) for r in regulation.responsibilities.all()}
    assert ("coordinate", "Văn phòng UBND tỉnh") in roles and ("appraise", "Sở Tư pháp") in roles


def test_U_6_one_click_reads_the_document_again_as_the_other_kind(client, db):
    """U-6: the switch re-reads the kept file as a plan (and back), audited; the reason says it was chosen."""
    w = world()
    client.force_login(w.user("standing_focal"))
    document = _upload(client, w, REGULATION)
    url = reverse("ingest-review", args=[w.province.slug, document.pk])
    response = client.post(url, {"action": "switch-kind", "page": "1"})
    document.refresh_from_db()
    assert response.status_code == 302 and document.kind == "plan" and document.extracted["kind"] == "plan"
    assert "Người nhập chọn đọc văn bản như kế hoạch" in client.get(url).content.decode()
    client.post(url, {"action": "switch-kind", "page": "1"})
    document.refresh_from_db()
    assert document.kind == "regulation" and document.extracted["proposal_deadline"]["day"] == 30


def test_U_6_only_the_standing_agency_switches_the_kind_and_nothing_changes(client, db):
    """U-6, SEC-1: an ordinary department's officer gets 403 and the document keeps its kind and structure."""
    w = world()
    client.force_login(w.user("standing_focal"))
    document = _upload(client, w, REGULATION)
    before = (document.kind, document.extracted)
    client.force_login(w.user("ordinary_focal"))
    url = reverse("ingest-review", args=[w.province.slug, document.pk])
    assert client.post(url, {"action": "switch-kind", "page": "1"}).status_code == 403
    document.refresh_from_db()
    assert (document.kind, document.extracted) == before

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


def _review_post(client, url: str, **fields) -> dict:
    from tests.ingest.test_review_pages import _form

    post = _form(client.get(url).content.decode())
    post.update({name: [value] if isinstance(value, str) else value for name, value in fields.items()})
    return post


def test_REG_1_the_deadline_and_cadence_are_corrected_on_the_review_and_saved_as_corrected(client, db):
    """REG-1, U-6: the person changes 30/11 to 15/12 and half-yearly to quarterly: the page shows the corrected
    values beside the source lines they were read from, and the draft stores them with their articles."""
    w = world()
    client.force_login(w.user("standing_focal"))
    document = _upload(client, w, REGULATION)
    url = reverse("ingest-review", args=[w.province.slug, document.pk])
    post = _review_post(client, url, **{"deadline-day": "15", "deadline-month": "12", "meeting-cadence": "quarterly"})
    assert post["deadline-day"] == ["15"]
    assert client.post(url, {**post, "goto": "1"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Trước ngày 15/12 hằng năm" in page and "Dòng 14:" in page and "đã sửa khi rà soát" in page
    assert "Hằng quý" in page and "Dòng 15:" in page
    assert client.post(url, {**_review_post(client, url), "action": "save"}).status_code == 302
    regulation = Regulation.objects.get(sources=document)
    assert (regulation.proposal_deadline_day, regulation.proposal_deadline_month) == (15, 12)
    assert regulation.proposal_deadline_article == "Đ6.1"
    assert (regulation.meeting_cadence, regulation.meeting_article) == ("quarterly", "Đ6.2")


def test_REG_1_a_deadline_and_cadence_the_parser_did_not_find_are_set_on_the_review(client, db):
    """REG-1: a regulation that names neither: the page says so, the person sets 10/12 and yearly, the draft
    stores them (no article); clearing both boxes again stores none."""
    from tests.ingest.texts import regulation_text

    w = world()
    client.force_login(w.user("standing_focal"))
    document = _upload(client, w, regulation_text("Sở Nội vụ"))
    url = reverse("ingest-review", args=[w.province.slug, document.pk])
    page = client.get(url).content.decode()
    assert "Văn bản không nêu hạn gửi đề xuất" in page and "Văn bản không nêu định kỳ họp" in page
    post = _review_post(client, url, **{"deadline-day": "10", "deadline-month": "12", "meeting-cadence": "yearly"})
    assert client.post(url, {**post, "action": "save"}).status_code == 302
    regulation = Regulation.objects.get(sources=document)
    assert (regulation.proposal_deadline_day, regulation.proposal_deadline_month) == (10, 12)
    assert (regulation.meeting_cadence, regulation.proposal_deadline_article) == ("yearly", "")


def test_REG_1_a_bad_deadline_or_cadence_is_refused_and_nothing_changes(client, db):
    """REG-1: 31/02, a day without its month, letters, a made-up cadence: a Vietnamese message, nothing kept."""
    w = world()
    client.force_login(w.user("standing_focal"))
    document = _upload(client, w, REGULATION)
    url = reverse("ingest-review", args=[w.province.slug, document.pk])
    before = document.extracted
    cases = (
        ({"deadline-day": "31", "deadline-month": "2"}, "tháng 2 không có ngày 31"),
        ({"deadline-day": "15", "deadline-month": ""}, "hãy nhập cả ngày và tháng"),
        ({"deadline-day": "mười", "deadline-month": "11"}, "không hợp lệ"),
        ({"deadline-day": "15", "deadline-month": "13"}, "không hợp lệ"),
        ({"meeting-cadence": "monthly"}, "Định kỳ họp: hãy chọn"),
    )
    for fields, message in cases:
        response = client.post(url, {**_review_post(client, url, **fields), "action": "save"})
        assert response.status_code == 200 and message in response.content.decode(), fields
        document.refresh_from_db()
        assert document.extracted == before and document.status == "review"
    assert not Regulation.objects.filter(sources=document).exists()


def test_REG_1_REG_4_a_missing_responsibility_row_is_added_and_saved(client, db):
    """REG-1, REG-4: the person adds "Sở Văn hóa, Thể thao và Du lịch appraises the direction area (Đ5.b)" that
    the parser missed: it is listed as added, and the draft routes that appraisal to it."""
    w = world()
    client.force_login(w.user("standing_focal"))
    document = _upload(client, w, REGULATION)
    url = reverse("ingest-review", args=[w.province.slug, document.pk])
    new = {
        "new-resp-agency": "Sở Văn hóa, Thể thao và Du lịch",
        "new-resp-role": "appraise",
        "new-resp-subject": "direction",
        "new-resp-article": "Đ5.b",
    }
    response = client.post(url, {**_review_post(client, url, **new), "action": "add-resp"})
    assert response.status_code == 302 and response["Location"].endswith("#new-resp")
    page = client.get(url).content.decode()
    assert "thêm khi rà soát" in page
    assert client.post(url, {**_review_post(client, url), "action": "save"}).status_code == 302
    regulation = Regulation.objects.get(sources=document)
    row = regulation.responsibilities.get(role="appraise", agency__name="Sở Văn hóa, Thể thao và Du lịch")
    assert (row.area.code, row.article) == ("direction", "Đ5.b")


def test_REG_1_a_new_responsibility_row_must_name_the_province_s_agency_a_role_and_a_subject(client, db):
    """REG-1, SEC-1: an agency not of the province, an unknown role or subject: refused, nothing changes."""
    w = world()
    other = world()
    from tests.factories import AgencyFactory

    AgencyFactory(province=other.province, name="Sở Chỉ Có Ở Tỉnh Khác")
    client.force_login(w.user("standing_focal"))
    document = _upload(client, w, REGULATION)
    url = reverse("ingest-review", args=[w.province.slug, document.pk])
    before = document.extracted
    good = {"new-resp-agency": "Sở Tư pháp", "new-resp-role": "lead", "new-resp-subject": "procedures"}
    cases = (
        ({"new-resp-agency": "Sở Chỉ Có Ở Tỉnh Khác"}, "không phải cơ quan, nhóm cơ quan của tỉnh"),
        ({"new-resp-agency": ""}, "Trách nhiệm mới: hãy chọn cơ quan."),
        ({"new-resp-role": "owner"}, "hãy chọn vai trò"),
        ({"new-resp-subject": "khong-co"}, "hãy chọn lĩnh vực hoặc nội dung"),
        ({"new-resp-article": "Đ" * 41}, "điều khoản tối đa 40 ký tự"),
    )
    for fields, message in cases:
        response = client.post(url, {**_review_post(client, url, **{**good, **fields}), "action": "add-resp"})
        assert response.status_code == 200 and message in response.content.decode(), fields
        document.refresh_from_db()
        assert document.extracted == before
    client.force_login(w.user("ordinary_focal"))
    assert client.post(url, {**good, "action": "add-resp", "page": "1"}).status_code == 403
    document.refresh_from_db()
    assert document.extracted == before

"""RPT-1, RPT-3, RPT-5: the pages as people use them, who sees what, and the downloads read back."""

import io

import openpyxl
from django.urls import reverse
from docx import Document

from cchc.reports import services
from cchc.reports.models import ReportCycle, ReportSubmission
from tests.reports.conftest import open_q1


def _as(client, user):
    client.force_login(user)
    return client


def test_RPT_1_the_standing_agency_opens_a_cycle_from_the_page(client, rw):
    """RPT-1: Sở Nội vụ's focal officer opens Quý I; an agency's focal officer may not."""
    from cchc.core.dates import today

    url = reverse("report-cycle-list", args=[rw.province.slug])
    data = {"kind": "q1", "year": today().year + 1}
    assert _as(client, rw.user("ordinary_focal")).post(url, data).status_code == 403
    assert not ReportCycle.objects.filter(province=rw.province).exists()
    response = _as(client, rw.user("standing_focal")).post(url, data)
    cycle = ReportCycle.objects.get(province=rw.province)
    assert response.status_code == 302 and response["Location"].endswith(f"/{cycle.pk}/")
    again = client.post(url, data)
    assert again.status_code == 200 and "Đã mở kỳ báo cáo" in again.content.decode()


def test_RPT_1_prepare_save_and_submit_through_the_pages(client, rw):
    """RPT-1: the focal officer prepares and saves; only the leader submits; a double submit sends once."""
    cycle = open_q1(rw)
    base = [rw.province.slug, cycle.pk, rw.domain.pk]
    focal = _as(client, rw.user("domain_focal"))
    assert focal.post(reverse("report-prepare", args=base)).status_code == 302
    page = focal.get(reverse("report-agency", args=base)).content.decode()
    assert 'name="v-1.4" value="3"' in page
    form = {"v-2.3": "10", "v-2.4": "5", "t-V": "Thiếu người", "a-institutions": "Đã rà soát 12 văn bản"}
    assert focal.post(reverse("report-agency", args=base), form).status_code == 302
    assert focal.post(reverse("report-submit", args=base)).status_code == 403
    leader = _as(client, rw.user("domain_leader"))
    leader.post(reverse("report-submit", args=base))
    leader.post(reverse("report-submit", args=base))
    submission = ReportSubmission.objects.get(cycle=cycle, agency=rw.domain)
    assert submission.status == "submitted" and submission.values["2.3"] == "10"
    assert submission.area_texts == {"institutions": "Đã rà soát 12 văn bản"}


def test_RPT_3_an_agencys_report_is_seen_only_by_it_snv_and_leadership_before_consolidation(client, rw):
    """RPT-3, ORG-4: another agency's people get 404; Sở Nội vụ and UBND tỉnh read it; after consolidation the
    province's people read it."""
    cycle = open_q1(rw)
    draft = services.prepare(cycle, rw.domain, actor=rw.user("domain_leader"))
    services.submit(draft, actor=rw.user("domain_leader"))
    url = reverse("report-agency", args=[rw.province.slug, cycle.pk, rw.domain.pk])
    for kind, status in [
        ("ordinary_focal", 404),
        ("viewer", 404),
        ("domain_focal", 200),
        ("standing_focal", 200),
        ("committee_leader", 200),
    ]:
        assert _as(client, rw.user(kind)).get(url).status_code == status, kind
    services.mark_consolidated(cycle, actor=rw.user("standing_focal"))
    assert _as(client, rw.user("ordinary_focal")).get(url).status_code == 200


def test_RPT_3_the_board_shows_every_state_and_reminds(client, rw):
    cycle = open_q1(rw, agencies=[rw.domain, rw.ordinary])
    services.submit(services.prepare(cycle, rw.domain, actor=rw.user("domain_leader")), actor=rw.user("domain_leader"))
    page = _as(client, rw.user("standing_focal")).get(reverse("report-cycle", args=[rw.province.slug, cycle.pk]))
    text = page.content.decode()
    assert "Đã gửi đúng hạn: 1" in text and "Chưa gửi: 1" in text
    response = client.post(reverse("report-remind", args=[rw.province.slug, cycle.pk]), follow=True)
    assert "Đã nhắc 1 cơ quan" in response.content.decode()


def _consolidated(rw):
    cycle = open_q1(rw, agencies=[rw.domain, rw.ordinary])
    for agency, leader, values, problem in [
        (rw.domain, "domain_leader", {"2.3": "100", "2.4": "90"}, "Thiếu kinh phí"),
        (rw.ordinary, "ordinary_leader", {"2.3": "300", "2.4": "150"}, ""),
    ]:
        draft = services.prepare(cycle, agency, actor=rw.user(leader))
        services.save_draft(draft, actor=rw.user(leader), values=values, texts={"V": problem})
        services.submit(draft, actor=rw.user(leader))
    return cycle


def test_RPT_5_the_docx_reads_back_in_the_official_layout(client, rw):
    """RPT-5: header of UBND tỉnh, "BÁO CÁO", the consolidated rate 60% in the appendix, the problems."""
    cycle = _consolidated(rw)
    response = _as(client, rw.user("standing_focal")).get(
        reverse("report-export-docx", args=[rw.province.slug, cycle.pk])
    )
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "BÁO CÁO" in text and any(c.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for c in cells)
    assert any("ỦY BAN NHÂN DÂN" in c for c in cells)
    assert "Sở Tư pháp: Thiếu kinh phí" in text
    assert "60" in cells and "400" in cells
    assert doc.sections[-1].page_width > doc.sections[-1].page_height  # the appendix is landscape


def test_RPT_5_the_xlsx_reads_back(client, rw):
    cycle = _consolidated(rw)
    response = _as(client, rw.user("committee_leader")).get(
        reverse("report-export-xlsx", args=[rw.province.slug, cycle.pk])
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Chỉ số", "Số liệu cơ quan", "Nhiệm vụ", "Khó khăn, kiến nghị"]
    rows = {r[0]: r for r in book["Chỉ số"].iter_rows(min_row=3, values_only=True)}
    assert rows["2.3"][3] == 400 and rows["2.5"][3] == 60
    agencies = [r[0] for r in book["Số liệu cơ quan"].iter_rows(min_row=3, values_only=True)]
    assert sorted(agencies) == sorted([rw.domain.name, rw.ordinary.name])


def test_RPT_3_the_consolidated_report_is_hidden_from_agencies_until_consolidated(client, rw):
    cycle = _consolidated(rw)
    url = reverse("report-export-docx", args=[rw.province.slug, cycle.pk])
    assert _as(client, rw.user("ordinary_focal")).get(url).status_code == 403
    services.mark_consolidated(cycle, actor=rw.user("standing_focal"))
    assert client.get(url).status_code == 200

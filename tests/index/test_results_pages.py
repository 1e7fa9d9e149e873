"""IDX-7: the results page (ranking, heat map, change from last year; only one's own row before publication), its
.xlsx and .docx exports read back, the campaign's section, the forms, and the page's query count (20 vs 1,000)."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cchc.agencies.models import Agency, AgencyKind
from cchc.index import results as results_service
from cchc.index.models import Campaign, Result, ResultCorrection
from tests.factories import world
from tests.index.test_results import open_campaign, scored_world, set_points

pytestmark = pytest.mark.django_db


def url(name, w, campaign):
    return reverse(name, args=[w.province.slug, campaign.year])


def test_IDX_7_results_page_shows_rankings_and_heat_map(client):
    """IDX-7: per group the ranking table (rank, agency, points, index, band, change), the bars' data, the area
    heat map with the numbers in the cells."""
    w, campaign, fourth = scored_world()
    results_service.compute_results(campaign)
    client.force_login(w.user("standing_focal"))
    response = client.get(url("index-results", w, campaign))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Xếp hạng: Sở, ban, ngành" in text and 'id="results-data"' in text
    assert "95.50" in text or "95,50" in text
    assert text.count('data-agency="') == 4
    assert "bg-success-subtle" in text and "25,50/30,00" in text  # A's impact area: 85% with its points
    assert "cchc/index-charts.js" in text


def test_IDX_7_an_agency_sees_only_its_own_row_before_publication(client):
    """IDX-7: before publication the agency's focal officer sees its own row only; after, every row."""
    w, campaign, _ = scored_world()
    results_service.compute_results(campaign)
    client.force_login(w.user("ordinary_focal"))
    text = client.get(url("index-results", w, campaign)).content.decode()
    assert text.count('data-agency="') == 1 and f'data-agency="{w.ordinary.pk}"' in text
    xlsx = load_workbook(io.BytesIO(client.get(url("index-results-xlsx", w, campaign)).content))
    assert xlsx.worksheets[0].max_row == 2
    results_service.publish(w.user("standing_leader"), campaign)
    text = client.get(url("index-results", w, campaign)).content.decode()
    assert text.count('data-agency="') == 4


def test_IDX_7_xlsx_export_numbers_as_numbers(client):
    """IDX-7: .xlsx: one sheet per group and one of the areas; numbers as numbers with 2 decimals; bold, frozen
    header; the same numbers as the stored results."""
    w, campaign, _ = scored_world()
    results_service.compute_results(campaign)
    client.force_login(w.user("standing_focal"))
    response = client.get(url("index-results-xlsx", w, campaign))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Sở, ban, ngành", "Theo lĩnh vực"]
    sheet = book["Sở, ban, ngành"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [1, 2, 2, 4]
    assert rows[0][7] == 95.5 and isinstance(rows[0][7], float) and sheet["H2"].number_format == "0.00"
    assert rows[1][7] == rows[2][7] == 92.5
    areas = book["Theo lĩnh vực"]
    assert areas.max_column == 9 and areas["I2"].value == 85.0


def test_IDX_7_docx_export_official_layout(client):
    """IDX-7: .docx: the national header, "BÁO CÁO", the subject with the year, the ranking tables."""
    w, campaign, _ = scored_world()
    results_service.compute_results(campaign)
    client.force_login(w.user("standing_focal"))
    response = client.get(url("index-results-docx", w, campaign))
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    header = doc.tables[0].cell(0, 1).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "BÁO CÁO" in text and f"Kết quả Chỉ số CCHC năm {campaign.year}" in text
    ranking = doc.tables[1]
    assert ranking.cell(0, 0).text == "Hạng" and ranking.cell(1, 4).text == "95,50"
    assert [ranking.cell(i, 0).text for i in range(1, 5)] == ["1", "2", "2", "4"]


def test_IDX_7_campaign_section_offers_what_each_may_do(client):
    """IDX-7: the campaign's section: links; recompute for SNV staff, publish for its leader only; after
    publication the status and the correction form (leader)."""
    w, campaign, _ = scored_world()
    page = url("index-campaign", w, campaign)
    client.force_login(w.user("standing_focal"))
    text = client.get(page).content.decode()
    assert url("index-survey", w, campaign) in text and url("index-results-compute", w, campaign) in text
    assert url("index-results-publish", w, campaign) not in text
    client.force_login(w.user("ordinary_focal"))
    text = client.get(page).content.decode()
    assert url("index-results", w, campaign) in text and url("index-survey", w, campaign) not in text
    client.force_login(w.user("standing_leader"))
    assert url("index-results-publish", w, campaign) in client.get(page).content.decode()
    response = client.post(url("index-results-publish", w, campaign))
    assert response.status_code == 302
    campaign.refresh_from_db()
    text = client.get(page).content.decode()
    assert f"Đã công bố ngày {timezone.localtime(campaign.published_at):%d/%m/%Y}" in text
    assert url("index-results-correct", w, campaign) in text and url("index-results-compute", w, campaign) not in text


def test_IDX_7_forms_publish_recompute_correct(client):
    """IDX-7: the focal officer's publish is refused (403, nothing changes); recompute after publication is
    refused with a message; the leader's correction with a reason is recorded."""
    w, campaign, fourth = scored_world()
    client.force_login(w.user("standing_focal"))
    assert client.post(url("index-results-publish", w, campaign)).status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).published_at is None
    assert client.post(url("index-results-compute", w, campaign)).status_code == 302
    assert Result.objects.filter(campaign=campaign).count() == 4
    client.force_login(w.user("standing_leader"))
    client.post(url("index-results-publish", w, campaign))
    set_points(campaign, fourth, appraised=True)
    response = client.post(url("index-results-compute", w, campaign), follow=True)
    assert "đính chính" in response.content.decode()
    assert Result.objects.get(campaign=campaign, agency=fourth).percent == Decimal("26.50")
    d = Result.objects.get(campaign=campaign, agency=fourth)
    client.post(url("index-results-correct", w, campaign), {"result": d.pk, "reason": ""})
    assert not ResultCorrection.objects.exists()
    client.post(url("index-results-correct", w, campaign), {"result": "x", "reason": "Sót điểm"})
    assert not ResultCorrection.objects.exists()
    client.post(url("index-results-correct", w, campaign), {"result": d.pk, "reason": "Sót điểm thẩm định"})
    assert ResultCorrection.objects.filter(result=d, reason="Sót điểm thẩm định").exists()


def _many(n: int):
    w = world()
    Agency.objects.bulk_create(
        Agency(province=w.province, name=f"Sở Thử {i:04d}", kind=AgencyKind.DEPARTMENT) for i in range(n)
    )
    campaign = open_campaign(w)
    results_service.compute_results(campaign)
    return w, campaign


def _count(client, w, campaign) -> int:
    client.force_login(w.user("standing_focal"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("index-results", w, campaign))
    assert response.status_code == 200
    return len(queries)


def test_IDX_7_results_page_queries_do_not_grow_with_agencies(client):
    """IDX-7: the results page issues the same number of queries for 20 and for 1,000 agencies."""
    w, small = _many(17)  # + the world's 3 departments = 20
    assert Result.objects.filter(campaign=small).count() == 20
    few = _count(client, w, small)
    w, large = _many(997)
    assert Result.objects.filter(campaign=large).count() == 1000
    assert _count(client, w, large) == few

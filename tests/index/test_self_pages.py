"""IDX-3: the agency's file page, its writes through the pages, the campaign section, the export and the scan."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from cchc.core.dates import today
from cchc.index import selfassessment
from cchc.index.models import Assessment, AssessmentStatus, Score
from cchc.plans.models import Milestone, PlanStatus
from tests.factories import AgencyFactory, PlanFactory, TaskFactory
from tests.index.test_self_services import _fill, leaf, make_file, pdf, state

pytestmark = pytest.mark.django_db


def url(file, name="index-self", *extra):
    c = file.campaign
    return reverse(name, args=[c.province.slug, c.year, file.agency_id, *extra])


def test_IDX_3_page_shows_the_tree_levels_survey_and_progress(client):
    """IDX-3: the agency's page: areas, leaves, levels as a select, survey leaves not self-scored, progress."""
    w, file = make_file()
    client.force_login(w.user("ordinary_focal"))
    page = client.get(url(file)).content.decode()
    assert "I.1.1" in page and "Ban hành kế hoạch đúng hạn" in page
    assert "điều tra xã hội học" in page
    assert 'name="points"' in page and "— chọn mức —" in page
    assert "Đã chấm 0/" in page and "table-responsive" in page
    assert "Chưa có dữ liệu" in page  # bound leaves without data


def test_IDX_3_another_agency_gets_404_and_standing_reads_only(client):
    """IDX-3, SEC-1: another agency: 404 on the page and on POST, nothing changes; Sở Nội vụ reads, no form."""
    w, file = make_file()
    score = leaf(file, "II.1")
    client.force_login(w.user("domain_focal"))
    assert client.get(url(file)).status_code == 404
    before = state(file)
    response = client.post(url(file, "index-self-score", score.pk), {"points": "3", "revision": 0})
    assert response.status_code == 404
    assert state(file) == before
    client.force_login(w.user("standing_focal"))
    page = client.get(url(file))
    assert page.status_code == 200
    assert f'action="{url(file, "index-self-score", score.pk)}"' not in page.content.decode()
    assert client.post(url(file, "index-self-score", score.pk), {"points": "3", "revision": 0}).status_code == 403
    assert state(file) == before


def test_IDX_3_province_file_is_not_self_assessed_here(client):
    """IDX-3, IDX-8: the file of UBND tỉnh is scored on the province's page: this page refuses it."""
    w, file = make_file()
    committee_file = Assessment.objects.create(campaign=file.campaign, agency=w.committee, framework=file.framework)
    client.force_login(w.user("committee_leader"))
    assert client.get(url(committee_file)).status_code == 404


def test_IDX_3_save_through_the_page_and_error_message(client):
    """IDX-3: a save through the page; a bad score shows a Vietnamese message and changes nothing."""
    w, file = make_file()
    score = leaf(file, "II.1")
    client.force_login(w.user("ordinary_focal"))
    response = client.post(url(file, "index-self-score", score.pk), {"points": "9", "revision": 0}, follow=True)
    assert "tối đa là 4" in response.content.decode()
    assert leaf(file, "II.1").self_points is None
    client.post(url(file, "index-self-score", score.pk), {"points": "3,5", "explanation": "Đủ", "revision": 0})
    assert str(leaf(file, "II.1").self_points) == "3.50"


def _tasks(w, n):
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, start_year=today().year)
    for _ in range(n):
        task = TaskFactory(plan=plan, lead=w.ordinary)
        Milestone.objects.create(task=task, due=today() + dt.timedelta(days=5))


def test_IDX_3_page_queries_do_not_grow_with_tasks(client):
    """IDX-3: the page issues the same number of queries for 5 and for 30 tasks (suggestions included)."""
    w, file = make_file()
    client.force_login(w.user("ordinary_focal"))
    _tasks(w, 5)
    client.get(url(file))
    with CaptureQueriesContext(connection) as small:
        assert "0/5 nhiệm vụ hoàn thành đúng hạn" in client.get(url(file)).content.decode()
    _tasks(w, 25)
    with CaptureQueriesContext(connection) as large:
        assert "0/30 nhiệm vụ hoàn thành đúng hạn" in client.get(url(file)).content.decode()
    assert len(small) == len(large)


def test_IDX_3_campaign_section_for_member_and_standing_constant_queries(client):
    """IDX-3: the campaign page links a member to its file; Sở Nội vụ sees every file, in constant queries."""
    w, file = make_file()
    campaign_url = reverse("index-campaign", args=[w.province.slug, file.campaign.year])
    client.force_login(w.user("ordinary_focal"))
    page = client.get(campaign_url).content.decode()
    assert url(file) in page and "Hồ sơ tự đánh giá" in page
    assert url(Assessment.objects.get(campaign=file.campaign, agency=w.domain)) not in page
    client.force_login(w.user("standing_focal"))
    client.get(campaign_url)
    with CaptureQueriesContext(connection) as few:
        page = client.get(campaign_url).content.decode()
    assert url(Assessment.objects.get(campaign=file.campaign, agency=w.domain)) in page and "Mở lại" in page
    for n in range(5):
        agency = AgencyFactory(province=w.province, name=f"Sở thử {n}")
        Assessment.objects.create(campaign=file.campaign, agency=agency, framework=file.framework)
    with CaptureQueriesContext(connection) as many:
        client.get(campaign_url)
    assert len(few) == len(many)


def test_IDX_3_submit_export_docx_and_signed_scan(client):
    """IDX-3: the leader submits through the page; the .docx report reads back; the signed scan is attached and
    downloaded by those who read the file only."""
    w, file = make_file()
    _fill(w, file)
    selfassessment.save_texts(w.user("ordinary_focal"), file, difficulties="Thiếu người", recommendations="Tập huấn")
    client.force_login(w.user("ordinary_focal"))
    before = state(file)
    assert client.post(url(file, "index-self-submit")).status_code == 403
    assert state(file) == before
    client.force_login(w.user("ordinary_leader"))
    client.post(url(file, "index-self-submit"))
    file.refresh_from_db()
    assert file.status == AssessmentStatus.SUBMITTED
    response = client.get(url(file, "index-self-export"))
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm {file.campaign.year}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(c.text for c in doc.tables[0]._cells)
    cells = [c.text for c in doc.tables[1]._cells]
    assert "TỔNG CỘNG" in cells and "Cộng I" in cells and "Thuyết minh" in cells
    assert "Thiếu người" in text and "Tập huấn" in text and "KIẾN NGHỊ, ĐỀ XUẤT" in text
    bad = client.post(url(file, "index-self-scan"), {"scan": pdf("ban-ky.docx", b"PK\x03\x04xx")}, follow=True)
    assert "pdf, jpg, png" in bad.content.decode()
    client.post(url(file, "index-self-scan"), {"scan": pdf("ban-ky.pdf")})
    file.refresh_from_db()
    assert file.signed_scan
    assert client.get(url(file, "index-self-scan-download")).status_code == 200
    client.force_login(w.user("domain_focal"))
    assert client.get(url(file, "index-self-scan-download")).status_code == 404
    assert client.get(url(file, "index-self-export")).status_code == 404


def test_IDX_3_suggestion_differs_needs_explanation():
    """IDX-3: a bound leaf with data: saving a score different from the suggestion needs an explanation."""
    w, file = make_file()
    _tasks(w, 4)
    score = leaf(file, "I.1.2")
    with pytest.raises(selfassessment.UserError, match="cần ghi giải trình"):
        selfassessment.save_self_score(w.user("ordinary_focal"), score, "2", "", 0)
    assert Score.objects.get(pk=score.pk).self_points is None
    assert selfassessment.save_self_score(w.user("ordinary_focal"), score, "0", "", 0).self_points == 0
    assert selfassessment.save_self_score(w.user("ordinary_focal"), score, "2", "Đã xong", 1).self_points == 2


def test_IDX_3_upload_through_the_page_and_download_by_readers_only(client):
    """IDX-3: an uploaded evidence file is listed with its locator and downloaded only by those who read the file."""
    w, file = make_file()
    score = leaf(file, "II.1")
    client.force_login(w.user("ordinary_focal"))
    client.post(
        url(file, "index-self-evidence", score.pk),
        {"file": pdf("quyet-dinh.pdf"), "title": "QĐ 1", "locator": "trang 4"},
    )
    evidence = score.evidence.get()
    assert evidence.source == "upload" and evidence.locator == "trang 4"
    page = client.get(url(file)).content.decode()
    assert "trang 4" in page and url(file, "index-self-evidence-file", evidence.pk) in page
    assert client.get(url(file, "index-self-evidence-file", evidence.pk)).status_code == 200
    client.force_login(w.user("domain_leader"))
    assert client.get(url(file, "index-self-evidence-file", evidence.pk)).status_code == 404
    before = state(file)
    assert client.post(url(file, "index-self-evidence-remove", evidence.pk)).status_code == 404
    assert state(file) == before


def test_IDX_3_after_the_deadline_the_page_is_read_only_with_the_reason(client):
    """IDX-3: after the deadline without reopening, no form, and the reason is shown."""
    w, file = make_file()
    file.campaign.__class__.objects.filter(pk=file.campaign_id).update(
        self_assessment_deadline=today() - dt.timedelta(days=1)
    )
    client.force_login(w.user("ordinary_focal"))
    page = client.get(url(file)).content.decode()
    assert "Đã quá hạn tự đánh giá" in page
    assert 'name="revision"' not in page

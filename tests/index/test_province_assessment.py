"""IDX-8: the province's own self-assessment for the Ministry: each area scored by the agency the regulation names
as its lead (else Sở Nội vụ), consolidated, corrected with a comment and submitted by Sở Nội vụ, exported as .docx."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.index import fileformat, services
from cchc.index import province_assessment as pa
from cchc.index.models import Assessment, Score, ScoreEvent, ScoreEvidence
from cchc.regulation.models import Responsibility, ResponsibilityRole
from tests.factories import programme, world

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.DATA_DIR) / "frameworks" / "vi-du-cap-tinh.yaml"


def open_province_campaign(w, year=None):
    """Last year's campaign with the province's own framework (UBND tỉnh's file)."""
    programme()
    framework = services.load_framework(fileformat.parse(EXAMPLE.read_text(encoding="utf-8")))
    on = today()
    return services.open_campaign(
        w.province,
        actor=w.user("standing_focal"),
        year=year or on.year - 1,
        frameworks={"provincial-committee": framework},
        deadlines={
            "self_assessment_deadline": on + dt.timedelta(days=10),
            "appraisal_deadline": on + dt.timedelta(days=20),
            "explanation_deadline": on + dt.timedelta(days=30),
            "publication_deadline": on + dt.timedelta(days=40),
        },
        bands=[("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)],
        on=on,
    )


@pytest.fixture
def setting():
    w = world()
    campaign = open_province_campaign(w)
    return w, campaign, pa.province_file(campaign)


def leaf(file, code) -> Score:
    return Score.objects.select_related("node").get(assessment=file, node__code=code)


def post_leaf(client, w, campaign, score, user, **data):
    client.force_login(w.user(user))
    url = reverse("index-province-leaf", args=[w.province.slug, campaign.year, score.pk])
    return client.post(url, {"revision": score.revision, **data})


def state(file):
    return (
        list(
            Score.objects.filter(assessment=file).order_by("pk").values_list("self_points", "explanation", "revision")
        ),
        ScoreEvent.objects.count(),
        ScoreEvidence.objects.count(),
        Assessment.objects.get(pk=file.pk).status,
    )


def test_IDX_8_the_province_file_is_ubnd_tinh_s(setting):
    """IDX-8: a campaign with a framework of kind provincial-committee gives UBND tỉnh a file: the province's own."""
    w, campaign, file = setting
    assert file.agency == w.committee
    assert file.framework.agency_kind == "provincial-committee"


def test_IDX_8_each_area_goes_to_the_lead_the_regulation_names_and_moves_with_it(setting):
    """IDX-8: the lead of an area in the regulation in force scores it; no lead: Sở Nội vụ. Change the regulation
    and the area moves."""
    w, campaign, file = setting
    on = today()
    scorers = pa.area_scorers(w.province, ["direction", "institutions", "procedures", "organisation"], on)
    assert scorers == {
        "direction": w.standing,
        "institutions": w.domain,
        "procedures": w.office,
        "organisation": w.standing,
    }
    Responsibility.objects.filter(
        regulation=w.regulation, area__code="institutions", role=ResponsibilityRole.LEAD
    ).update(agency=w.ordinary)
    assert pa.area_scorers(w.province, ["institutions"], on) == {"institutions": w.ordinary}


def test_IDX_8_the_lead_agency_scores_its_leaf_with_evidence_history_and_audit(client, setting):
    """IDX-8: Sở Tư pháp's focal officer scores a leaf of institutions: points, evidence, a self event, an audit."""
    w, campaign, file = setting
    score = leaf(file, "2.1")
    response = post_leaf(client, w, campaign, score, "domain_focal", points="1,5", evidence_title="Báo cáo 12/BC-STP")
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.self_points == Decimal("1.5") and score.revision == 1
    event = ScoreEvent.objects.get(score=score)
    assert event.kind == "self" and event.agency == w.domain and event.actor == w.user("domain_focal")
    assert ScoreEvidence.objects.get(score=score).title == "Báo cáo 12/BC-STP"
    assert AuditEntry.objects.filter(record_type="index.score", record_id=str(score.pk)).exists()


def test_IDX_8_an_uploaded_evidence_file_is_checked_and_kept(client, setting):
    """IDX-8: evidence may be a file: checked by type; a wrong file is refused with nothing written."""
    w, campaign, file = setting
    score = leaf(file, "2.2")
    before = state(file)
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = post_leaf(client, w, campaign, score, "domain_leader", points="3", evidence_file=bad)
    assert response.status_code == 302 and state(file) == before
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    post_leaf(client, w, campaign, score, "domain_leader", points="3", evidence_file=pdf)
    item = ScoreEvidence.objects.get(score=score)
    assert item.source == "upload" and item.file and item.title == "bao-cao.pdf"


def test_IDX_8_another_agency_s_leaf_is_refused_and_nothing_changes(client, setting):
    """IDX-8: Sở Tư pháp cannot touch procedures (VP UBND's): 404; an ordinary department: 404; UBND tỉnh's
    leadership sees but may not edit: 403. Nothing changes."""
    w, campaign, file = setting
    procedures, institutions = leaf(file, "3.1"), leaf(file, "2.1")
    before = state(file)
    assert post_leaf(client, w, campaign, procedures, "domain_focal", points="3", explanation="x").status_code == 404
    assert (
        post_leaf(client, w, campaign, institutions, "ordinary_leader", points="3", explanation="x").status_code == 404
    )
    assert post_leaf(client, w, campaign, institutions, "viewer", points="3", explanation="x").status_code == 404
    assert (
        post_leaf(client, w, campaign, institutions, "committee_leader", points="3", explanation="x").status_code == 403
    )
    assert state(file) == before


@pytest.mark.parametrize(
    ("points", "extra", "message"),
    [
        ("2", {"explanation": "x"}, "phải là một trong các mức"),
        ("4", {"explanation": "x"}, "không được vượt quá"),
        ("-1", {"explanation": "x"}, "không được âm"),
        ("abc", {"explanation": "x"}, "phải là một số"),
        ("3", {}, "phải giải trình"),
    ],
)
def test_IDX_8_bad_points_or_no_evidence_nor_explanation_are_refused(client, setting, points, extra, message):
    """IDX-8: points off the levels, above the max, negative, not a number; no evidence and no explanation: a
    Vietnamese message, nothing written."""
    w, campaign, file = setting
    score = leaf(file, "2.1")
    before = state(file)
    with pytest.raises(UserError, match=message):
        pa.save_leaf(file, score.pk, actor=w.user("domain_focal"), points=points, revision=0, on=today(), **extra)
    assert state(file) == before


def test_IDX_8_two_saves_at_once_the_second_is_told(setting):
    """IDX-8: two people saving the same leaf from the same revision: the second is told, the first is kept."""
    w, campaign, file = setting
    score = leaf(file, "2.3")
    pa.save_leaf(file, score.pk, actor=w.user("domain_focal"), points="3", explanation="a", revision=0, on=today())
    with pytest.raises(UserError, match="vừa được người khác lưu"):
        pa.save_leaf(file, score.pk, actor=w.user("domain_leader"), points="1", explanation="b", revision=0, on=today())
    score.refresh_from_db()
    assert score.self_points == 3 and score.explanation == "a" and score.events.count() == 1


def test_IDX_8_standing_agency_corrects_with_a_comment_and_the_history_stays(setting):
    """IDX-8: Sở Nội vụ corrects another agency's leaf only with a comment; both events stay on the leaf."""
    w, campaign, file = setting
    score = leaf(file, "2.1")
    pa.save_leaf(file, score.pk, actor=w.user("domain_focal"), points="3", explanation="a", revision=0, on=today())
    with pytest.raises(UserError, match="cần ý kiến"):
        pa.save_leaf(
            file, score.pk, actor=w.user("standing_focal"), points="1.5", explanation="a", revision=1, on=today()
        )
    pa.save_leaf(
        file,
        score.pk,
        actor=w.user("standing_focal"),
        points="1.5",
        explanation="a",
        revision=1,
        comment="Có văn bản ban hành chậm",
        on=today(),
    )
    kinds = list(score.events.order_by("id").values_list("kind", "agency", "points"))
    assert kinds == [("self", w.domain.pk, Decimal("3")), ("change", w.standing.pk, Decimal("1.5"))]


def _score_all(file):
    Score.objects.filter(assessment=file, node__method="appraisal").update(self_points=0, explanation="Chưa làm")


def test_IDX_8_the_standing_leader_submits_when_every_leaf_is_scored_then_it_is_read_only(client, setting):
    """IDX-8: the focal officer may not submit (403); the leader is told what is missing; once every appraisal leaf
    is scored the file is submitted, and then no leaf can be saved."""
    w, campaign, file = setting
    url = reverse("index-province-submit", args=[w.province.slug, campaign.year])
    client.force_login(w.user("standing_focal"))
    assert client.post(url).status_code == 403
    with pytest.raises(UserError, match="chưa chấm"):
        pa.submit(file, actor=w.user("standing_leader"), on=today())
    assert Assessment.objects.get(pk=file.pk).status == "draft"
    _score_all(file)
    client.force_login(w.user("standing_leader"))
    assert client.post(url).status_code == 302
    file.refresh_from_db()
    assert file.status == "submitted" and file.submitted_by == w.user("standing_leader")
    before = state(file)
    with pytest.raises(UserError, match="chỉ xem"):
        pa.save_leaf(
            file,
            leaf(file, "2.1").pk,
            actor=w.user("domain_focal"),
            points="3",
            explanation="x",
            revision=0,
            on=today(),
        )
    assert state(file) == before


def test_IDX_8_pages_show_each_agency_its_leaves_and_standing_agency_everything(client, setting):
    """IDX-8: Sở Tư pháp sees its leaves with forms and not the others; Sở Nội vụ sees every leaf with the scorer
    and progress per area and agency; an ordinary department: 403; another province: 404."""
    w, campaign, file = setting
    url = reverse("index-province-assessment", args=[w.province.slug, campaign.year])
    client.force_login(w.user("domain_focal"))
    page = client.get(url).content.decode()
    assert f'id="leaf-{leaf(file, "2.1").pk}"' in page and f'id="leaf-{leaf(file, "3.1").pk}"' not in page
    assert 'name="points"' in page
    client.force_login(w.user("standing_leader"))
    page = client.get(url).content.decode()
    assert f'id="leaf-{leaf(file, "3.1").pk}"' in page
    assert "Tiến độ theo cơ quan chấm điểm" in page and "Văn phòng UBND tỉnh" in page
    client.force_login(w.user("ordinary_leader"))
    assert client.get(url).status_code == 403
    assert client.get(url + "?section=1").content == b""
    client.force_login(world().user("standing_leader"))
    assert client.get(url).status_code == 404


def test_IDX_8_the_campaign_page_links_the_file_for_who_may_see_it(client, setting):
    """IDX-8: the campaign page's section loads the file's progress and link for a lead agency's staff."""
    w, campaign, file = setting
    client.force_login(w.user("domain_focal"))
    page = client.get(reverse("index-campaign", args=[w.province.slug, campaign.year])).content.decode()
    assert "?section=1" in page
    url = reverse("index-province-assessment", args=[w.province.slug, campaign.year])
    section = client.get(url + "?section=1").content.decode()
    assert "Mở hồ sơ tự đánh giá của tỉnh" in section and "đã chấm 0/" in section


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_IDX_8_the_report_exports_as_docx_in_the_official_layout(client, setting):
    """IDX-8: "BÁO CÁO Tự đánh giá, chấm điểm Chỉ số CCHC năm YYYY của tỉnh …": a table per area with the scoring
    agency, difficulties and recommendations; read back with python-docx."""
    w, campaign, file = setting
    pa.save_leaf(
        file,
        leaf(file, "2.1").pk,
        actor=w.user("domain_focal"),
        points="1.5",
        evidence_title="Danh mục văn bản năm",
        revision=0,
        on=today(),
    )
    pa.save_texts(file, actor=w.user("standing_focal"), difficulties="Thiếu nhân lực", recommendations="Tập huấn")
    client.force_login(w.user("standing_focal"))
    response = client.get(reverse("index-province-assessment-docx", args=[w.province.slug, campaign.year]))
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "BÁO CÁO" in text
    assert f"Tự đánh giá, chấm điểm Chỉ số CCHC năm {campaign.year} của {w.province.title}" in text
    assert "Cơ quan chấm điểm: Sở Tư pháp." in text and "Danh mục văn bản năm" in text and "1,5" in text
    assert "Thiếu nhân lực" in text and "Tập huấn" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    client.force_login(w.user("domain_focal"))
    assert (
        client.get(reverse("index-province-assessment-docx", args=[w.province.slug, campaign.year])).status_code == 403
    )


def test_IDX_8_survey_leaves_are_not_self_scored_and_a_second_submit_is_told(client, setting):
    """IDX-8: a survey leaf (the Ministry's survey) is refused; a second click on submit is told it was sent, and
    the submitted page shows no form."""
    w, campaign, file = setting
    with pytest.raises(UserError, match="không tự chấm"):
        pa.save_leaf(
            file,
            leaf(file, "8.1").pk,
            actor=w.user("standing_focal"),
            points="5",
            explanation="x",
            revision=0,
            on=today(),
        )
    _score_all(file)
    pa.submit(file, actor=w.user("standing_leader"), on=today())
    with pytest.raises(UserError, match="đã được gửi"):
        pa.submit(file, actor=w.user("standing_leader"), on=today())
    client.force_login(w.user("standing_leader"))
    page = client.get(reverse("index-province-assessment", args=[w.province.slug, campaign.year])).content.decode()
    assert "Đã gửi" in page and 'name="points"' not in page and 'name="difficulties"' not in page

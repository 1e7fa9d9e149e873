"""IDX-6: survey points import from real .xlsx and .csv files: every rejected row reported, all or nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.index import survey
from cchc.index.models import Assessment, Score, ScoreEvent
from tests.factories import world
from tests.index.test_results import open_campaign

pytestmark = pytest.mark.django_db


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("dieu-tra.xlsx", buffer.getvalue())


def csv_file(text: str, *, bom=False, name="dieu-tra.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


def survey_points(campaign):
    scores = Score.objects.filter(assessment__campaign=campaign, survey_points__isnull=False)
    return {
        (s.assessment.agency.abbreviation, s.node.code): s.survey_points
        for s in scores.select_related("assessment__agency", "node")
    }


@pytest.fixture
def setup():
    w = world()
    return w, open_campaign(w)


def test_IDX_6_import_xlsx_sets_survey_points_with_history(setup):
    """IDX-6: an .xlsx by abbreviation, exact name or unaccented name sets the points, bumps the revision, writes
    a survey event and an audit entry."""
    w, campaign = setup
    upload = xlsx(
        [
            ["Cơ quan", "Mã tiêu chí", "Điểm"],
            ["STP", "VIII.1", 11.5],
            ["Sở Nội vụ", "VIII.2", "6.25"],
            ["so van hoa, the thao va du lich", "viii.3", 6],
        ]
    )
    report = survey.import_survey(w.user("standing_focal"), campaign, upload)
    assert report.ok and report.rows == 3 and report.imported == 3
    got = survey_points(campaign)
    assert got == {
        ("STP", "VIII.1"): Decimal("11.50"),
        ("SNV", "VIII.2"): Decimal("6.25"),
        ("SVHTTDL", "VIII.3"): Decimal("6.00"),
    }
    score = Score.objects.get(assessment__agency=w.domain, node__code="VIII.1")
    assert score.revision == 1
    assert ScoreEvent.objects.get(score=score).kind == "survey"
    assert AuditEntry.objects.filter(record_type="index.campaign", action="load").exists()


def test_IDX_6_csv_semicolon_with_bom_and_decimal_comma_reimport_replaces(setup):
    """IDX-6: a UTF-8 .csv with BOM and semicolons; a second import replaces the points it names."""
    w, campaign = setup
    survey.import_survey(w.user("standing_focal"), campaign, csv_file("cơ quan;mã;điểm\nSTP;VIII.1;10,5\n", bom=True))
    report = survey.import_survey(w.user("standing_focal"), campaign, csv_file("agency,code,points\nSTP,VIII.1,9\n"))
    assert report.ok and report.imported == 1
    score = Score.objects.get(assessment__agency=w.domain, node__code="VIII.1")
    assert score.survey_points == Decimal("9.00") and score.revision == 2
    again = survey.import_survey(w.user("standing_focal"), campaign, csv_file("STP,VIII.1,9\n"))
    assert again.ok and again.unchanged == 1 and again.imported == 0


def test_IDX_6_every_rejected_row_is_reported_and_nothing_imported(setup):
    """IDX-6: unknown agency, agency not assessed, unknown criterion, not a survey leaf, not a number, negative,
    above max, more than 2 decimals, duplicate: each reported with its row; nothing imported at all."""
    w, campaign = setup
    rows = [
        ["Cơ quan", "Mã tiêu chí", "Điểm"],
        ["STP", "VIII.1", 10],  # 2: fine
        ["Sở Không Có", "VIII.1", 1],  # 3
        ["VP UBND", "VIII.1", 1],  # 4: not assessed (committee office, no framework for it)
        ["STP", "IX.9", 1],  # 5
        ["STP", "I.2", 1],  # 6: an appraisal leaf
        ["STP", "VIII.2", "nhiều"],  # 7
        ["STP", "VIII.3", -1],  # 8
        ["SNV", "VIII.1", 12.5],  # 9: max 12
        ["SNV", "VIII.2", "1.255"],  # 10
        ["STP", "VIII.1", 9],  # 11: duplicate of row 2
    ]
    before = list(Score.objects.values_list("pk", "survey_points", "revision"))
    report = survey.import_survey(w.user("standing_focal"), campaign, xlsx(rows))
    assert not report.ok and report.imported == 0
    reasons = {r.line: r.reason for r in report.rejected}
    assert set(reasons) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    assert "không có cơ quan" in reasons[3].lower()
    assert "không được đánh giá" in reasons[4]
    assert "không có tiêu chí" in reasons[5].lower()
    assert "không phải tiêu chí điều tra" in reasons[6]
    assert "không phải là số" in reasons[7]
    assert "âm" in reasons[8]
    assert "vượt điểm tối đa" in reasons[9]
    assert "2 chữ số thập phân" in reasons[10]
    assert "trùng với dòng 2" in reasons[11].lower()
    assert list(Score.objects.values_list("pk", "survey_points", "revision")) == before
    assert not ScoreEvent.objects.filter(score__assessment__campaign=campaign).exists()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("diem.pdf", b"%PDF-1.4"), "chỉ nhận tệp .xlsx hoặc .csv"),
        (SimpleUploadedFile("diem.xlsx", b"not a zip"), "tệp hỏng"),
        (SimpleUploadedFile("diem.csv", "STP,VIII.1,1".encode("utf-16")), "UTF-8"),
        (SimpleUploadedFile("diem.csv", b""), "rỗng"),
        (SimpleUploadedFile("diem.csv", b"x" * (survey.MAX_BYTES + 1)), "quá lớn"),
    ],
)
def test_IDX_6_wrong_or_broken_files_are_refused_clearly(setup, upload, message):
    """IDX-6: a wrong type, a broken, empty, oversized or non-UTF-8 file: a clear message, nothing changes."""
    w, campaign = setup
    with pytest.raises(UserError, match=message):
        survey.import_survey(w.user("standing_focal"), campaign, upload)
    assert not Score.objects.filter(survey_points__isnull=False).exists()


def test_IDX_6_only_standing_staff_import(setup, client):
    """IDX-6: another agency's leader is refused (403 on the page) and nothing changes."""
    w, campaign = setup
    with pytest.raises(UserError):
        survey.import_survey(w.user("domain_leader"), campaign, csv_file("STP,VIII.1,1\n"))
    client.force_login(w.user("domain_leader"))
    url = reverse("index-survey", args=[w.province.slug, campaign.year])
    assert client.post(url, {"file": csv_file("STP,VIII.1,1\n")}).status_code == 403
    assert not Score.objects.filter(survey_points__isnull=False).exists()


def test_IDX_6_survey_page_reports_rejected_rows_and_template_download(setup, client):
    """IDX-6: the page lists the rejected rows (400, nothing imported); a broken file is a message, not a 500;
    the template lists the assessed agencies × survey leaves."""
    w, campaign = setup
    client.force_login(w.user("standing_focal"))
    url = reverse("index-survey", args=[w.province.slug, campaign.year])
    response = client.post(url, {"file": csv_file("STP,VIII.1,99\nXYZ,VIII.1,1\n")})
    assert response.status_code == 400
    text = response.content.decode()
    assert "vượt điểm tối đa" in text and "không có cơ quan" in text.lower()
    response = client.post(url, {"file": SimpleUploadedFile("a.xlsx", b"broken")}, follow=True)
    assert response.status_code == 200 and "tệp hỏng" in response.content.decode()
    response = client.post(url, {"file": csv_file("STP,VIII.1,5\n")})
    assert response.status_code == 302
    template = client.get(reverse("index-survey-template", args=[w.province.slug, campaign.year]))
    sheet = load_workbook(io.BytesIO(template.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == Assessment.objects.filter(campaign=campaign).count() * 3
    assert {r[1] for r in rows} == {"VIII.1", "VIII.2", "VIII.3"}
    # the filled template imports as it is
    for row in sheet.iter_rows(min_row=2):
        row[2].value = 1
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    report = survey.import_survey(w.user("standing_focal"), campaign, SimpleUploadedFile("m.xlsx", buffer.getvalue()))
    assert report.ok, report.rejected

"""IDX-3, SEC-1: the agency's self-assessment services: saving a leaf, evidence, submit, withdraw, reopen."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.index import fileformat, selfassessment, services
from cchc.index.models import Assessment, AssessmentStatus, Score, ScoreEvent, ScoreEvidence
from cchc.plans.models import PlanKind, PlanStatus
from cchc.reports.models import ReportCycle, ReportSubmission
from cchc.tracking.models import EvidenceDocument, ProgressUpdate
from tests.factories import PlanFactory, TaskFactory, programme, world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name="kiem-chung.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def make_file(w=None, *, deadline_in: int = 10):
    """(world, the ordinary department's file) in this year's campaign of departments."""
    w = w or world()
    programme()
    example = Path(settings.DATA_DIR) / "frameworks" / "vi-du-cap-so.yaml"
    framework = services.load_framework(fileformat.parse(example.read_text(encoding="utf-8")))
    on = today()
    campaign = services.open_campaign(
        w.province,
        actor=w.user("standing_focal"),
        year=on.year,
        frameworks={"department": framework},
        deadlines={
            "self_assessment_deadline": on + dt.timedelta(days=deadline_in),
            "appraisal_deadline": on + dt.timedelta(days=max(deadline_in, 0) + 20),
            "explanation_deadline": on + dt.timedelta(days=max(deadline_in, 0) + 30),
            "publication_deadline": on + dt.timedelta(days=max(deadline_in, 0) + 40),
        },
        bands=[("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)],
        on=on,
    )
    return w, Assessment.objects.get(campaign=campaign, agency=w.ordinary)


def leaf(assessment, code) -> Score:
    return Score.objects.select_related("node").get(assessment=assessment, node__code=code)


def state(assessment):
    """What a refused write must leave as it was."""
    return (
        list(Score.objects.filter(assessment=assessment).values_list("pk", "self_points", "explanation", "revision")),
        ScoreEvent.objects.count(),
        ScoreEvidence.objects.count(),
        list(Assessment.objects.filter(pk=assessment.pk).values_list("status", "reopened_until", "revision")),
        AuditEntry.objects.count(),
    )


def test_IDX_3_focal_officer_saves_a_leaf_with_event_and_audit():
    """IDX-3: a save bumps the revision, writes a ScoreEvent(kind=self) and an audit entry."""
    w, file = make_file()
    score = leaf(file, "I.4")
    saved = selfassessment.save_self_score(w.user("ordinary_focal"), score, "1,5", "Đã làm đủ", 0)
    assert saved.self_points == Decimal("1.5") and saved.revision == 1
    assert ScoreEvent.objects.get(score=score).kind == "self"
    assert AuditEntry.objects.filter(record_type="index.score", record_id=str(score.pk)).exists()


@pytest.mark.parametrize(
    ("code", "points", "message"),
    [
        ("II.1", "4.5", "tối đa là 4"),
        ("II.1", "-1", "không được âm"),
        ("II.1", "abc", "không phải là số điểm"),
        ("II.1", "1.234", "tối đa 2 chữ số thập phân"),
        ("II.1", "NaN", "không phải là số điểm"),
        ("I.4", "0.7", "một trong các mức"),
        ("VIII.1", "5", "điều tra xã hội học"),
        ("D1", "1", "điểm trừ"),
    ],
)
def test_IDX_3_bad_points_are_refused_and_nothing_changes(code, points, message):
    """IDX-3: above max, negative, not a number, 3 decimals, off the levels, a survey or penalty leaf: refused."""
    w, file = make_file()
    before = state(file)
    with pytest.raises(UserError, match=message):
        selfassessment.save_self_score(w.user("ordinary_focal"), leaf(file, code), points, "x", 0)
    assert state(file) == before


def test_IDX_3_bonus_may_be_self_claimed_within_its_max():
    """IDX-3: a bonus item is self-claimed up to its max."""
    w, file = make_file()
    assert selfassessment.save_self_score(w.user("ordinary_focal"), leaf(file, "T1"), "2", "", 0).self_points == 2
    with pytest.raises(UserError):
        selfassessment.save_self_score(w.user("ordinary_focal"), leaf(file, "T1"), "2.5", "", 1)


def test_IDX_3_stale_revision_tells_what_the_first_saved():
    """IDX-3: two people save the same leaf: the second is told what the first saved; nothing is lost."""
    w, file = make_file()
    score = leaf(file, "II.1")
    selfassessment.save_self_score(w.user("ordinary_focal"), score, "3", "Lần đầu", 0)
    before = state(file)
    with pytest.raises(UserError, match="vừa được người khác lưu.*điểm 3.*Lần đầu"):
        selfassessment.save_self_score(w.user("ordinary_leader"), score, "2", "Lần hai", 0)
    assert state(file) == before


def test_IDX_3_another_agency_and_readers_may_not_save():
    """IDX-3, SEC-1: another agency's focal officer, a viewer, Sở Nội vụ: refused; nothing changes."""
    w, file = make_file()
    before = state(file)
    for kind in ("domain_focal", "viewer", "standing_focal", "committee_leader"):
        with pytest.raises(PermissionDenied):
            selfassessment.save_self_score(w.user(kind), leaf(file, "II.1"), "3", "", 0)
    assert state(file) == before


def test_IDX_3_closed_after_the_deadline_unless_reopened():
    """IDX-3: after the deadline the form is closed; Sở Nội vụ reopens it for the agency until a date."""
    w, file = make_file(deadline_in=0)
    Assessment.objects.filter(pk=file.pk).update()
    file.campaign.__class__.objects.filter(pk=file.campaign_id).update(
        self_assessment_deadline=today() - dt.timedelta(days=1)
    )
    file.refresh_from_db()
    before = state(file)
    with pytest.raises(UserError, match="quá hạn"):
        selfassessment.save_self_score(w.user("ordinary_focal"), leaf(file, "II.1"), "3", "", 0)
    assert state(file) == before
    with pytest.raises(PermissionDenied):
        selfassessment.reopen_assessment(w.user("ordinary_leader"), file, today() + dt.timedelta(days=3))
    with pytest.raises(UserError, match="từ hôm nay"):
        selfassessment.reopen_assessment(w.user("standing_focal"), file, today() - dt.timedelta(days=1))
    assert state(file) == before
    selfassessment.reopen_assessment(w.user("standing_focal"), file, today() + dt.timedelta(days=3))
    file.refresh_from_db()
    assert selfassessment.save_self_score(w.user("ordinary_focal"), leaf(file, "II.1"), "3", "", 0).self_points == 3


def _fill(w, file):
    """Score every appraised leaf with an explanation (the bound leaves differ from a missing suggestion)."""
    user = w.user("ordinary_focal")
    for score in Score.objects.filter(assessment=file).select_related("node"):
        node = score.node
        if selfassessment.is_required(node):
            points = node.levels[0]["points"] if node.levels else "0"
            selfassessment.save_self_score(user, score, points, "Thuyết minh", score.revision)


def test_IDX_3_submit_lists_missing_leaves_then_only_the_leader_submits_once():
    """IDX-3, SEC-1: submit refused while leaves are missing (codes listed), by the focal officer, and twice."""
    w, file = make_file()
    before = state(file)
    with pytest.raises(UserError, match=r"chưa chấm điểm: I\.1\.1, I\.1\.2"):
        selfassessment.submit_assessment(w.user("ordinary_leader"), file)
    assert state(file) == before
    _fill(w, file)
    score = leaf(file, "II.1")
    Score.objects.filter(pk=score.pk).update(explanation="")
    with pytest.raises(UserError, match=r"chưa có tài liệu kiểm chứng hoặc giải trình: II\.1"):
        selfassessment.submit_assessment(w.user("ordinary_leader"), file)
    selfassessment.add_evidence(w.user("ordinary_focal"), score, source="upload", upload=pdf(), locator="trang 2")
    with pytest.raises(PermissionDenied):
        selfassessment.submit_assessment(w.user("ordinary_focal"), file)
    done = selfassessment.submit_assessment(w.user("ordinary_leader"), file)
    assert done.status == AssessmentStatus.SUBMITTED and done.submitted_by == w.user("ordinary_leader")
    before = state(file)
    with pytest.raises(UserError, match="đã được gửi"):
        selfassessment.submit_assessment(w.user("ordinary_leader"), file)
    with pytest.raises(UserError, match="đã gửi"):
        selfassessment.save_self_score(
            w.user("ordinary_focal"), leaf(file, "II.1"), "3", "x", leaf(file, "II.1").revision
        )
    assert state(file) == before


def test_IDX_3_withdraw_until_appraisal_starts():
    """IDX-3: the leader withdraws a submitted file to draft, but not once a leaf has an appraisal state."""
    w, file = make_file()
    _fill(w, file)
    selfassessment.submit_assessment(w.user("ordinary_leader"), file)
    with pytest.raises(PermissionDenied):
        selfassessment.withdraw_assessment(w.user("ordinary_focal"), file)
    assert selfassessment.withdraw_assessment(w.user("ordinary_leader"), file).status == AssessmentStatus.DRAFT
    selfassessment.submit_assessment(w.user("ordinary_leader"), file)
    Score.objects.filter(pk=leaf(file, "II.1").pk).update(appraisal_state="accepted")
    before = state(file)
    with pytest.raises(UserError, match="đã được thẩm định"):
        selfassessment.withdraw_assessment(w.user("ordinary_leader"), file)
    assert state(file) == before


def _task_evidence(w, agency):
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, start_year=today().year)
    task = TaskFactory(plan=plan, lead=agency)
    update = ProgressUpdate.objects.create(task=task, agency=agency, percent=50, reported="in_progress")
    return EvidenceDocument.objects.create(update=update, number="12/QĐ", issued_on=today(), summary="Quyết định thử")


def test_IDX_3_evidence_picked_from_the_system_copies_number_date_title():
    """IDX-3: a task's evidence, a submitted report, an issued plan of the agency: picked, not uploaded again."""
    w, file = make_file()
    user = w.user("ordinary_focal")
    score = leaf(file, "II.1")
    doc = _task_evidence(w, w.ordinary)
    ev = selfassessment.add_evidence(user, score, source="task-evidence", record_id=doc.pk, locator="mục 2")
    assert (ev.number, ev.issued_on, ev.title, ev.locator) == ("12/QĐ", today(), "Quyết định thử", "mục 2")
    plan = PlanFactory(
        province=w.province, owner=w.ordinary, kind=PlanKind.AGENCY, status=PlanStatus.ISSUED, number="7/KH-SVH"
    )
    assert selfassessment.add_evidence(user, score, source="plan", record_id=plan.pk).number == "7/KH-SVH"
    cycle = ReportCycle.objects.create(
        province=w.province,
        kind="q1",
        year=today().year,
        title="Báo cáo quý I",
        period_start=today(),
        period_end=today(),
        due_date=today(),
    )
    report = ReportSubmission.objects.create(
        cycle=cycle, agency=w.ordinary, status="submitted", submitted_at=dt.datetime.now(dt.UTC)
    )
    assert "Báo cáo quý I" in selfassessment.add_evidence(user, score, source="report", record_id=report.pk).title
    assert ScoreEvidence.objects.filter(score=score).count() == 3


def test_IDX_3_evidence_of_another_agency_or_a_bad_file_is_refused():
    """IDX-3: another agency's document, a file of the wrong type or bytes: refused; nothing changes."""
    w, file = make_file()
    user = w.user("ordinary_focal")
    score = leaf(file, "II.1")
    other = _task_evidence(w, w.domain)
    before = state(file)
    with pytest.raises(UserError, match="không phải của cơ quan"):
        selfassessment.add_evidence(user, score, source="task-evidence", record_id=other.pk)
    with pytest.raises(UserError):
        selfassessment.add_evidence(user, score, source="upload", upload=pdf("x.exe"))
    with pytest.raises(UserError, match="không phải tệp pdf"):
        selfassessment.add_evidence(user, score, source="upload", upload=pdf(data=b"MZ not a pdf"))
    assert state(file) == before
    ev = selfassessment.add_evidence(user, score, source="upload", upload=pdf(), title="Báo cáo")
    selfassessment.remove_evidence(user, ev)
    assert not ScoreEvidence.objects.filter(pk=ev.pk).exists()


def test_IDX_3_withdraw_refused_after_the_deadline():
    """IDX-3: after the self-assessment deadline (not reopened) a submitted file stays submitted."""
    w, file = make_file()
    _fill(w, file)
    selfassessment.submit_assessment(w.user("ordinary_leader"), file)
    file.campaign.__class__.objects.filter(pk=file.campaign_id).update(
        self_assessment_deadline=today() - dt.timedelta(days=1)
    )
    file.refresh_from_db()
    before = state(file)
    with pytest.raises(UserError, match="quá hạn"):
        selfassessment.withdraw_assessment(w.user("ordinary_leader"), file)
    assert state(file) == before

"""TRK-1, TRK-2: the lead records progress, coordinators contribute, Sở Nội vụ confirms or returns a "done" report;
the concurrency rule of issue 10 (neither change is lost silently); evidence files bounded."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.dates import today
from cchc.core.errors import Conflict, UserError
from cchc.core.models import Notification, Province
from cchc.plans.models import PlanStatus
from cchc.tracking import services
from cchc.tracking.models import EvidenceDocument, ProgressUpdate, Reported, Review, UpdateKind
from cchc.tracking.queries import task_states
from cchc.tracking.services import EvidenceInput
from cchc.tracking.status import TaskStatus
from tests.factories import GroupFactory, MembershipFactory, PlanFactory, TaskFactory
from tests.tracking.helpers import counts, pdf, tracked

pytestmark = pytest.mark.django_db


def status(task):
    return task_states([task.pk], today())[task.pk].status


def test_TRK_1_lead_records_progress_with_evidence_kept_in_history():
    """TRK-1: the lead's focal officer records status, percent, note and an evidence document (số/ký hiệu, date,
    issuer, summary, file); the update keeps its author and time; the status becomes "in progress"."""
    w, task = tracked()
    officer = w.user("domain_focal")
    update = services.record_progress(
        officer,
        task,
        reported=Reported.IN_PROGRESS,
        percent=40,
        note="Đã rà soát 40 văn bản",
        evidence=[
            EvidenceInput(
                summary="Báo cáo kết quả rà soát đợt 1",
                number="15/BC-STP",
                issued_on=today(),
                issuer="Sở Tư pháp",
                file=pdf(),
            )
        ],
    )
    assert update.author == officer and update.agency == w.domain and update.kind == UpdateKind.LEAD
    assert update.created_at is not None and update.review == Review.NONE
    document = EvidenceDocument.objects.get(update=update)
    assert document.number == "15/BC-STP" and document.file.name.endswith(".pdf")
    assert status(task) == TaskStatus.IN_PROGRESS
    assert task_states([task.pk], today())[task.pk].percent == 40
    second = services.record_progress(
        officer, task, reported="in_progress", percent=60, expected_last_update_id=update.pk
    )
    assert list(ProgressUpdate.objects.filter(task=task)) == [second, update]  # the history stays


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reported": "done", "percent": 100}, "cần ngày hoàn thành"),
        ({"reported": "done", "percent": 100, "done_on": "future"}, "không được sau hôm nay"),
        ({"reported": "done", "percent": 90, "done_on": "today"}, "100%"),
        ({"reported": "in_progress", "percent": 101}, "từ 0 đến 100"),
        ({"reported": "in_progress", "percent": -1}, "từ 0 đến 100"),
        ({"reported": "in_progress", "percent": "abc"}, "số nguyên"),
        ({"reported": "finished", "percent": 10}, "Tình trạng"),
        ({"reported": "in_progress", "percent": 10, "note": "x" * 4001}, "dài quá"),
    ],
)
def test_TRK_1_bad_input_is_refused_and_nothing_is_written(fields, message):
    """TRK-1: done needs a done_on not in the future and 100 %; percent 0–100; bounded note; nothing written."""
    w, task = tracked()
    fields = dict(fields)
    if fields.get("done_on") == "future":
        fields["done_on"] = today() + dt.timedelta(days=1)
    elif fields.get("done_on") == "today":
        fields["done_on"] = today()
    before = counts()
    with pytest.raises(UserError, match=message):
        services.record_progress(w.user("domain_focal"), task, **fields)
    assert counts() == before


def test_TRK_1_done_waits_for_confirmation_then_counts_on_time():
    """TRK-1, TRK-2: a "done" report waits (pending) and Sở Nội vụ is told; once confirmed the task is done on time
    and the lead is told."""
    w, task = tracked()
    done = services.record_progress(
        w.user("domain_focal"), task, reported="done", percent=100, done_on=today(), note="Hoàn thành"
    )
    assert done.review == Review.PENDING
    assert status(task) == TaskStatus.IN_PROGRESS and task_states([task.pk], today())[task.pk].awaiting_confirmation
    assert Notification.objects.filter(user=w.user("standing_focal"), message__contains="chờ xác nhận").exists()
    services.confirm_update(w.user("standing_focal"), done)
    assert status(task) == TaskStatus.DONE_ON_TIME
    assert Notification.objects.filter(user=w.user("domain_focal"), message__contains="xác nhận").exists()
    with pytest.raises(UserError, match="đã được Sở Nội vụ xác nhận"):
        services.record_progress(
            w.user("domain_focal"), task, reported="in_progress", percent=10, expected_last_update_id=done.pk
        )


def test_TRK_1_a_returned_report_needs_a_comment_and_no_longer_counts():
    """TRK-1: returning needs a comment; the returned report does not count; the lead resubmits; confirmed."""
    w, task = tracked()
    lead, snv = w.user("domain_focal"), w.user("standing_focal")
    done = services.record_progress(lead, task, reported="done", percent=100, done_on=today())
    with pytest.raises(UserError, match="ý kiến"):
        services.return_update(snv, done, "   ")
    assert ProgressUpdate.objects.get(pk=done.pk).review == Review.PENDING
    services.return_update(snv, done, "Thiếu báo cáo kết quả")
    done.refresh_from_db()
    assert done.review == Review.RETURNED and done.review_comment == "Thiếu báo cáo kết quả"
    assert status(task) == TaskStatus.NOT_STARTED
    assert Notification.objects.filter(user=lead, message__contains="Thiếu báo cáo kết quả").exists()
    with pytest.raises(UserError, match="đã được xử lý"):
        services.confirm_update(snv, done)
    again = services.record_progress(
        lead, task, reported="done", percent=100, done_on=today(), expected_last_update_id=done.pk
    )
    services.confirm_update(snv, again)
    assert status(task) == TaskStatus.DONE_ON_TIME


def test_TRK_1_two_people_saving_at_once_the_second_is_told_what_changed():
    """TRK-1 (issue 10 concurrency): two officers of the lead open the form on the same latest update; the first
    saves; the second's save is refused with what changed, and nothing of it is written."""
    w, task = tracked()
    first_officer = w.user("domain_focal")
    second_officer = w.user("domain_leader")
    base = services.record_progress(first_officer, task, reported="in_progress", percent=20)
    services.record_progress(
        first_officer, task, reported="in_progress", percent=50, note="Đã xong đợt 2", expected_last_update_id=base.pk
    )
    before = counts()
    with pytest.raises(Conflict) as refused:
        services.record_progress(
            second_officer, task, reported="in_progress", percent=30, expected_last_update_id=base.pk
        )
    assert "50%" in refused.value.message and "Đã xong đợt 2" in refused.value.message
    assert counts() == before
    # a form opened before any update, saved after one landed, is refused too
    with pytest.raises(Conflict):
        services.record_progress(second_officer, task, reported="in_progress", percent=30)


@pytest.mark.parametrize("who", ["ordinary_focal", "viewer", "standing_focal", "committee_leader", "ended"])
def test_TRK_1_only_the_leads_leader_or_focal_officer_records_progress(who):
    """TRK-1: a coordinator, a viewer, Sở Nội vụ, UBND tỉnh, an ended membership record no lead update."""
    w, task = tracked()
    before = counts()
    with pytest.raises(PermissionDenied):
        services.record_progress(w.user(who), task, reported="in_progress", percent=10)
    assert counts() == before


def test_TRK_1_a_lead_group_task_is_updated_by_an_agency_of_the_group():
    """TRK-1, ORG-3: a task led by a group is updated by the leader or focal officer of an agency of the group
    today (here the departments), not by UBND tỉnh."""
    w, task = tracked()
    task.lead, task.lead_group = None, w.departments
    task.save()
    update = services.record_progress(w.user("ordinary_focal"), task, reported="in_progress", percent=10)
    assert update.agency == w.ordinary
    with pytest.raises(PermissionDenied):
        services.record_progress(
            w.user("committee_leader"), task, reported="in_progress", percent=20, expected_last_update_id=update.pk
        )
    listed = GroupFactory(province=w.province, name="Nhóm liệt kê")
    listed.members.add(w.district)
    task.lead_group = listed
    task.save()
    district_officer = MembershipFactory(agency=w.district, role="focal").user
    assert services.record_progress(
        district_officer, task, reported="in_progress", percent=30, expected_last_update_id=update.pk
    )


def test_TRK_1_coordinators_add_contributions_the_lead_does_not():
    """TRK-1: a coordinator agency's focal officer adds a contribution (kept in the history, not the status)."""
    w, task = tracked()
    contribution = services.add_contribution(w.user("ordinary_focal"), task, note="Đã góp ý dự thảo")
    assert contribution.kind == UpdateKind.CONTRIBUTION and contribution.agency == w.ordinary
    assert status(task) == TaskStatus.NOT_STARTED
    for who in ("domain_focal", "viewer", "standing_focal"):
        with pytest.raises(PermissionDenied):
            services.add_contribution(w.user(who), task, note="Không được")
    with pytest.raises(UserError):
        services.add_contribution(w.user("ordinary_focal"), task, note="  ")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "chỉ nhận tệp"),
        ("bao-cao.pdf", b"MZ\x90\x00 not a pdf", "không phải tệp pdf"),
        ("rong.pdf", b"", "rỗng"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, None),
        ("bang.xlsx", b"PK\x03\x04" + b"0" * 64, None),
    ],
)
def test_TRK_1_evidence_files_of_allowed_types_only(name, data, message):
    """TRK-1: an evidence file is a pdf, docx, xlsx, jpg or png (checked by its first bytes too), not empty."""
    w, task = tracked()
    evidence = [EvidenceInput(summary="Tài liệu", file=SimpleUploadedFile(name, data))]
    before = counts()
    if message is None:
        services.record_progress(w.user("domain_focal"), task, reported="in_progress", percent=5, evidence=evidence)
        assert EvidenceDocument.objects.filter(update__task=task).count() == 1
        return
    with pytest.raises(UserError, match=message):
        services.record_progress(w.user("domain_focal"), task, reported="in_progress", percent=5, evidence=evidence)
    assert counts() == before


def test_TRK_1_evidence_files_are_bounded_in_size(monkeypatch):
    """TRK-1: an evidence file over the limit (10 MB, as the ingest) is refused with its size."""
    monkeypatch.setattr(services, "MAX_EVIDENCE_BYTES", 100)
    w, task = tracked()
    before = counts()
    with pytest.raises(UserError, match="quá lớn"):
        services.record_progress(
            w.user("domain_focal"),
            task,
            reported="in_progress",
            percent=5,
            evidence=[EvidenceInput(summary="Lớn", file=pdf(data=b"%PDF" + b"0" * 200))],
        )
    assert counts() == before


@pytest.mark.parametrize("plan_status", [PlanStatus.CLOSED])
def test_TRK_1_only_tasks_of_issued_or_adjusted_plans_are_updated(plan_status):
    """TRK-1: a closed plan's task is read, not updated."""
    w, task = tracked(plan_status)
    with pytest.raises(UserError, match="đã ban hành"):
        services.record_progress(w.user("domain_focal"), task, reported="in_progress", percent=5)


def test_TRK_1_ORG_5_nothing_is_updated_in_an_ended_province():
    """TRK-1, ORG-5: once the province has merged into another, its tasks are not updated (its people hold no
    role there any more, and the service refuses it anyway)."""
    w, task = tracked()
    Province.objects.filter(pk=w.province.pk).update(valid_to=today() - dt.timedelta(days=1))
    task.plan.province.refresh_from_db()
    before = counts()
    with pytest.raises((PermissionDenied, UserError)):
        services.record_progress(w.user("domain_focal"), task, reported="in_progress", percent=5)
    assert counts() == before
    task.plan.province.valid_to = today() - dt.timedelta(days=1)
    with pytest.raises(UserError, match="hợp nhất"):
        services._check_writable(task, today())


def test_TRK_2_cancel_task_by_the_standing_agencys_leader():
    """TRK-2: Sở Nội vụ's leader cancels a task with a reason; its focal officer may not; a cancelled task takes
    no more updates and is not cancelled twice."""
    w, task = tracked()
    with pytest.raises(PermissionDenied):
        services.cancel_task(w.user("standing_focal"), task, "Không còn phù hợp")
    with pytest.raises(UserError, match="lý do"):
        services.cancel_task(w.user("standing_leader"), task, "")
    services.cancel_task(w.user("standing_leader"), task, "Không còn phù hợp")
    assert status(task) == TaskStatus.CANCELLED
    with pytest.raises(UserError, match="đã bị hủy"):
        services.cancel_task(w.user("standing_leader"), task, "Lần nữa")
    with pytest.raises(UserError, match="đã bị hủy"):
        services.record_progress(w.user("domain_focal"), task, reported="in_progress", percent=5)


def test_TRK_1_only_the_standing_agency_reviews():
    """TRK-1: the lead cannot confirm its own "done" report; nor can UBND tỉnh."""
    w, task = tracked()
    done = services.record_progress(w.user("domain_focal"), task, reported="done", percent=100, done_on=today())
    for who in ("domain_leader", "committee_leader", "ordinary_leader"):
        with pytest.raises(PermissionDenied):
            services.confirm_update(w.user(who), done)
    assert ProgressUpdate.objects.get(pk=done.pk).review == Review.PENDING


def test_TRK_1_another_provinces_task_is_not_reachable():
    """ORG-4: another province's standing agency confirms nothing here."""
    w, task = tracked()
    _, other = tracked()
    done = services.record_progress(w.user("domain_focal"), task, reported="done", percent=100, done_on=today())
    other_plan = PlanFactory(province=other.plan.province, owner=other.plan.owner, status=PlanStatus.ISSUED)
    TaskFactory(plan=other_plan)
    from cchc.agencies.models import Membership

    outsider = Membership.objects.filter(agency__province=other.plan.province, role="leader").first().user
    with pytest.raises(PermissionDenied):
        services.confirm_update(outsider, done)


def test_U_3_each_tracking_write_leaves_an_audit_entry():
    """U-3: progress, confirmation, cancellation are audited with who and what, as a person reads them."""
    from cchc.core.models import AuditEntry

    w, task = tracked()
    done = services.record_progress(w.user("domain_focal"), task, reported="done", percent=100, done_on=today())
    services.confirm_update(w.user("standing_focal"), done)
    entries = AuditEntry.objects.filter(record_type="tracking.progressupdate", record_id=str(done.pk)).order_by("at")
    assert [e.summary for e in entries] == ["Cập nhật tiến độ: Đã hoàn thành 100%", "Xác nhận hoàn thành"]
    assert entries.last().actor == w.user("standing_focal")

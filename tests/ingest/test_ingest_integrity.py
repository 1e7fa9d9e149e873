"""SEC-1, SEC-4, U-3, U-6: whatever the ingest saves is a draft (the regulation in force and the standing agency
stay as they are until a leader issues), one ingest document is saved once even under a race, and every ingest
write leaves an audit entry."""

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse

from cchc.core.errors import UserErrors
from cchc.core.models import AuditEntry
from cchc.ingest import services
from cchc.ingest.models import IngestedDocument
from cchc.plans.models import Plan, PlanStatus
from cchc.regulation.models import Regulation
from tests.factories import world
from tests.ingest.texts import plan_text, regulation_text


def _upload(client, w, text: str) -> IngestedDocument:
    response = client.post(reverse("ingest-upload", args=[w.province.slug]), {"text": text})
    assert response.status_code == 302, response.content.decode()[:2000]
    return IngestedDocument.objects.filter(province=w.province).latest("id")


def _review_post(document: IngestedDocument, **extra) -> dict:
    data = document.extracted
    post = {"action": "save", "number": data["number"], "date": "10/03/2025", "issuer": data["issuer"] or "UBND"}
    post["title"] = data["title"] or "Văn bản"
    if data["kind"] == "plan":
        post.update(start_year=str(data["years"][0]), end_year=str(data["years"][-1]))
    for index, task in enumerate(data["tasks"]):
        post.update({f"task-{index}-keep": "on", f"task-{index}-lead": task["lead"]})
        post[f"task-{index}-time"] = task["time_text"]
    for index, row in enumerate(data["responsibilities"]):
        post.update({f"resp-{index}-keep": "on", f"resp-{index}-agency": row["agency"]})
    post.update(extra)
    return post


def test_SEC_1_U_3_an_imported_regulation_naming_another_standing_agency_is_saved_as_a_draft(client, db):
    """SEC-1, U-3, U-6: a focal officer of the standing agency imports a regulation that names Sở Tư pháp as the
    standing agency and posts status=issued and a standing_agency field by hand: the result is a draft, the
    regulation in force is untouched, the province keeps its standing agency, and the pages say the leader must
    issue it."""
    w = world()
    in_force = w.regulation
    client.force_login(w.user("standing_focal"))
    document = _upload(client, w, regulation_text(w.domain.name))
    page = client.get(reverse("ingest-review", args=[w.province.slug, document.pk])).content.decode()
    assert "dự thảo" in page and "lãnh đạo" in page
    assert 'name="status"' not in page, "the review form offers no status"
    response = client.post(
        reverse("ingest-review", args=[w.province.slug, document.pk]),
        _review_post(document, status="issued", standing_agency=str(w.domain.pk)),
        follow=True,
    )
    assert response.status_code == 200
    saved = Regulation.objects.exclude(pk=in_force.pk).get(province=w.province)
    assert saved.status == Regulation.Status.DRAFT
    assert saved.standing_agency_id in (None, w.domain.pk)  # the text's choice, a draft until a leader issues it
    in_force.refresh_from_db()
    assert (in_force.status, in_force.effective_to, in_force.standing_agency_id) == (
        Regulation.Status.ISSUED,
        None,
        w.standing.pk,
    )
    w.province.refresh_from_db()
    assert w.province.standing_agency_id == w.standing.pk
    text = response.content.decode()
    assert "dự thảo" in text and "lãnh đạo" in text and "ban hành" in text
    assert f"nêu {w.domain.name} là cơ quan thường trực, khác với {w.standing.name}" in text


def test_SEC_6_a_23_digit_document_id_is_not_found(client, db):
    """SEC-6: an id beyond the database's integers gives 404, not an overflow."""
    w = world()
    client.force_login(w.user("standing_focal"))
    response = client.get(reverse("ingest-review", args=[w.province.slug, 10**22]))
    assert response.status_code == 404


def test_SEC_1_U_6_an_imported_plan_is_saved_as_a_draft_whatever_the_form_posts(client, db):
    """SEC-1, U-6: status=issued on a hand-made review POST is ignored; the plan is a draft with no version, so the
    leader and the rule that every comment is answered are not skipped."""
    w = world()
    client.force_login(w.user("standing_focal"))
    document = _upload(client, w, plan_text(3))
    response = client.post(
        reverse("ingest-review", args=[w.province.slug, document.pk]), _review_post(document, status="issued")
    )
    assert response.status_code == 302
    plan = Plan.objects.get(province=w.province)
    assert plan.status == PlanStatus.DRAFT and plan.tasks.count() == 3 and not plan.versions.exists()
    page = client.get(response["Location"]).content.decode()
    assert "dự thảo" in page and "lãnh đạo" in page


def _document(w, text: str, user) -> IngestedDocument:
    return services.start_review(w.province, actor=user, name="ke-hoach.txt", data=text.encode())


def test_SEC_4_U_6_a_stale_document_saved_twice_makes_one_plan_and_says_where_it_is(db):
    """SEC-4, U-6: the second save of the same ingest document (a stale page) is refused with a Vietnamese message
    that links to what the first save made; one plan exists."""
    w = world()
    user = w.user("standing_focal")
    document = _document(w, plan_text(2), user)
    stale = IngestedDocument.objects.get(pk=document.pk)  # the same row, read before the first save
    plan = services.save(document, services.from_json(document.extracted), actor=user)
    with pytest.raises(UserErrors) as caught:
        services.save(stale, services.from_json(stale.extracted), actor=user)
    message = str(caught.value.errors[0])
    assert "đã được lưu" in message and f"/ke-hoach/{plan.pk}/" in message
    assert Plan.objects.filter(province=w.province).count() == 1


@pytest.mark.django_db(transaction=True)
def test_SEC_4_two_saves_racing_on_one_document_make_one_plan():
    """SEC-4: two requests save the same ingest document at once (threads, PostgreSQL): the row lock lets one
    through; the other is refused and nothing is doubled."""
    if connection.vendor == "sqlite":
        pytest.skip("the race needs row locks: run on PostgreSQL (DATABASE_URL=postgres://…), as CI does")
    w = world()
    user = w.user("standing_focal")
    document = _document(w, plan_text(30), user)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save_it():
        from django.db import connection as thread_connection

        try:
            stale = IngestedDocument.objects.get(pk=document.pk)
            barrier.wait(timeout=10)
            services.save(stale, services.from_json(stale.extracted), actor=user)
            outcomes.append("saved")
        except UserErrors as exc:
            outcomes.append(str(exc.errors[0]))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=save_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes)[-1] == "saved" and "đã được lưu" in sorted(outcomes)[0], outcomes
    assert Plan.objects.filter(province=w.province).count() == 1


def test_U_3_an_ingest_save_and_a_discard_each_leave_an_audit_entry(client, db):
    """U-3: saving an ingest document audits the document and the draft it made; discarding one is audited too."""
    w = world()
    user = w.user("standing_focal")
    document = _document(w, plan_text(2), user)
    plan = services.save(document, services.from_json(document.extracted), actor=user)
    document_entries = AuditEntry.objects.filter(record_type="ingest.ingesteddocument", record_id=str(document.pk))
    assert document_entries.filter(action=AuditEntry.Action.UPDATE).exists()
    assert AuditEntry.objects.filter(record_type="plans.plan", record_id=str(plan.pk)).exists()
    other = _document(w, plan_text(2), user)
    client.force_login(user)
    response = client.post(reverse("ingest-review", args=[w.province.slug, other.pk]), {"action": "discard"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == IngestedDocument.Status.DISCARDED
    assert AuditEntry.objects.filter(
        record_type="ingest.ingesteddocument", record_id=str(other.pk), summary__contains="Bỏ"
    ).exists()


def test_U_3_a_plan_recorded_as_issued_by_the_command_line_is_audited(db):
    """U-3: `cchc ingest --save --issued` (the operator's path for a document issued long ago) saves the draft
    and then records the change of status in the audit trail."""
    w = world()
    plan = services.ingest_file(w.province, path_name="ke-hoach.txt", data=plan_text(2).encode(), status="issued")
    assert plan.status == PlanStatus.ISSUED
    entries = AuditEntry.objects.filter(record_type="plans.plan", record_id=str(plan.pk))
    assert entries.filter(action=AuditEntry.Action.ISSUE).exists()


def test_SEC_1_the_ingest_pages_refuse_an_ordinary_focal_officer_and_keep_nothing(client, db):
    """SEC-1: only the standing agency's staff upload or save; a refused upload and save change nothing."""
    w = world()
    document = _document(w, plan_text(2), w.user("standing_focal"))
    client.force_login(w.user("ordinary_focal"))
    documents = IngestedDocument.objects.count()
    assert client.post(reverse("ingest-upload", args=[w.province.slug]), {"text": plan_text(2)}).status_code == 403
    response = client.post(reverse("ingest-review", args=[w.province.slug, document.pk]), _review_post(document))
    assert response.status_code == 403
    document.refresh_from_db()
    assert IngestedDocument.objects.count() == documents and document.status == IngestedDocument.Status.REVIEW
    assert not Plan.objects.filter(province=w.province).exists()


def test_U_6_an_ingest_document_row_is_kept_with_its_file(db):
    """U-6: the document built by a test keeps its source file (helper check)."""
    w = world()
    document = IngestedDocument(province=w.province, name="x.txt", sha256="0" * 64, kind="plan")
    document.file.save("x.txt", ContentFile(b"x"), save=False)
    document.save()
    assert document.file.read() == b"x"


def test_SEC_1_cchc_ingest_save_saves_a_draft_unless_the_operator_says_issued(db, tmp_path):
    """SEC-1, U-3: `cchc ingest --save` saves a draft; `--save --issued` (the operator, for a document issued long
    ago) records it as issued, with its audit entry."""
    from io import StringIO

    from django.core.management import call_command

    w = world()
    path = tmp_path / "ke-hoach.txt"
    path.write_text(plan_text(2), encoding="utf-8")
    call_command("ingest", str(path), province=w.province.name, save=True, stdout=StringIO())
    draft = Plan.objects.get(province=w.province)
    assert draft.status == PlanStatus.DRAFT
    draft.delete()
    call_command("ingest", str(path), province=w.province.name, save=True, issued=True, stdout=StringIO())
    issued = Plan.objects.get(province=w.province)
    assert issued.status == PlanStatus.ISSUED and issued.versions.count() == 1
    assert AuditEntry.objects.filter(
        record_type="plans.plan", record_id=str(issued.pk), action=AuditEntry.Action.ISSUE
    ).exists()

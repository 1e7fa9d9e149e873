"""Issued regulations never change in place; they are superseded by an amendment or a new regulation that the
standing agency's leader issues (U-3, REG-2, SEC-1, SEC-2, SEC-5). Data from tests/factories.py."""

import datetime as dt
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from cchc.core import rules as policy
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.regulation import fileformat, routing, services
from cchc.regulation.catalogue import load_programmes
from cchc.regulation.models import Regulation, Responsibility
from tests.factories import RegulationFactory, world

BEFORE = dt.date(2025, 6, 1)  # a past date, before any amendment below takes effect
AMENDED_FROM = dt.date(2026, 12, 15)
AFTER = dt.date(2027, 2, 1)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _state(regulation: Regulation) -> tuple:
    regulation.refresh_from_db()
    rows = sorted(
        (r.subject_code, r.role, r.agency_id, r.group_id, r.article)
        for r in regulation.responsibilities.select_related("area", "topic")
    )
    return (
        regulation.status,
        regulation.standing_agency_id,
        regulation.effective_to,
        regulation.number,
        regulation.title,
        regulation.version,
        tuple(rows),
    )


def _header(regulation: Regulation, **overrides) -> dict:
    fields = {
        "programme": regulation.programme,
        "number": "",
        "title": regulation.title,
        "issuer": regulation.issuer,
        "signed_on": dt.date(2026, 12, 1),
        "effective_from": AMENDED_FROM,
        "standing_agency": regulation.standing_agency,
        "standing_article": regulation.standing_article,
    }
    fields.update(overrides)
    return fields


def _amendment(w, *, kind="amendment", reason="Sắp xếp lại cơ quan chủ trì", **overrides):
    return services.create_draft(
        w.province,
        actor=w.user("standing_focal"),
        fields=_header(w.regulation, **{"number": "7/QĐ-UBND", **overrides}),
        copy_from=w.regulation,
        kind=kind,
        reason=reason,
    )


# --- finding 1: the regulation in force edited in place -----------------------------------------------------


@pytest.mark.django_db
def test_SEC_2_U_3_the_standing_agency_of_the_regulation_in_force_cannot_be_changed_in_place():
    """SEC-2, U-3: a focal officer of the standing agency cannot hand its powers to another department by
    editing the regulation in force; the service refuses in Vietnamese and nothing changes."""
    w = world()
    before = _state(w.regulation)
    with pytest.raises(UserError, match="đã ban hành"):
        services.update_regulation(
            w.regulation,
            actor=w.user("standing_focal"),
            fields={"standing_agency": w.domain},
            expected_version=w.regulation.version,
        )
    assert _state(w.regulation) == before
    assert policy.is_standing_agency_staff(w.user("standing_focal"), w.province)
    assert not policy.is_standing_agency_staff(w.user("domain_focal"), w.province)


@pytest.mark.django_db
def test_SEC_2_the_edit_page_of_an_issued_regulation_changes_nothing():
    """SEC-2, U-3: posting the edit form of the regulation in force (even naming another standing agency or
    status=issued in a forged field) changes nothing."""
    w = world()
    before = _state(w.regulation)
    r = w.regulation
    response = _client(w.user("standing_focal")).post(
        reverse("regulation-edit", args=[w.province.slug, r.pk]),
        {
            "programme": r.programme_id,
            "number": r.number,
            "title": "Sửa tại chỗ",
            "issuer": r.issuer,
            "signed_on": r.signed_on.strftime("%d/%m/%Y"),
            "effective_from": r.effective_from.strftime("%d/%m/%Y"),
            "standing_agency": w.domain.pk,
            "meeting_cadence": "none",
            "version": r.version,
        },
    )
    assert response.status_code in {200, 302, 403}
    assert _state(w.regulation) == before
    assert not AuditEntry.objects.filter(record_id=str(r.pk), action="update").exists()


@pytest.mark.django_db
def test_U_3_responsibilities_of_the_regulation_in_force_cannot_be_added_or_removed():
    """U-3, REG-2: rows of an issued regulation are read-only; routing for the past stays as it was."""
    w = world()
    before = _state(w.regulation)
    lead_before = routing.route_lead(w.province, "institutions", BEFORE).agency
    with pytest.raises(UserError, match="đã ban hành"):
        services.add_responsibility(
            w.regulation,
            actor=w.user("standing_focal"),
            subject_code="training",
            role="lead",
            party=w.ordinary,
            article="Đ9",
        )
    row = w.regulation.responsibilities.get(area__code="institutions", role="lead")
    with pytest.raises(UserError, match="đã ban hành"):
        services.remove_responsibility(row, actor=w.user("standing_focal"))
    assert _state(w.regulation) == before
    assert routing.route_lead(w.province, "institutions", BEFORE).agency == lead_before


@pytest.mark.django_db
def test_U_3_the_pages_refuse_to_add_or_remove_rows_of_an_issued_regulation():
    """U-3: posting to the row URLs of the regulation in force changes nothing."""
    w = world()
    before = _state(w.regulation)
    client = _client(w.user("standing_leader"))
    slug, pk = w.province.slug, w.regulation.pk
    client.post(
        reverse("responsibility-add", args=[slug, pk]),
        {"subject": "training", "role": "lead", "party": f"agency:{w.ordinary.pk}", "article": "Đ9"},
    )
    row = w.regulation.responsibilities.first()
    client.post(reverse("responsibility-remove", args=[slug, pk, row.pk]))
    assert _state(w.regulation) == before


@pytest.mark.django_db
def test_U_3_the_page_of_an_issued_regulation_shows_no_edit_controls_but_offers_an_amendment():
    """U-3: the regulation in force shows no edit controls; standing staff see "Soạn sửa đổi, bổ sung" and
    "Đính chính"; others see neither."""
    w = world()
    url = reverse("regulation-detail", args=[w.province.slug, w.regulation.pk])
    html = _client(w.user("standing_focal")).get(url).content.decode()
    assert "Sửa thông tin chung" not in html and "Thêm trách nhiệm" not in html and ">Gỡ<" not in html
    assert "Soạn sửa đổi, bổ sung" in html and "Đính chính" in html
    other = _client(w.user("domain_leader")).get(url).content.decode()
    assert "Soạn sửa đổi, bổ sung" not in other


# --- the amendment --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_REG_2_routing_for_a_past_date_is_unchanged_by_an_amendment():
    """REG-2, U-3: an amendment that changes the lead of an area and the standing agency takes effect from its
    date; asked about an earlier date, routing answers what it answered before the amendment."""
    w = world()
    standing_before = routing.route_standing_agency(w.province, BEFORE).agency
    lead_before = routing.route_lead(w.province, "institutions", BEFORE).agency
    assert (standing_before, lead_before) == (w.standing, w.domain)

    draft = _amendment(w, standing_agency=w.domain)
    lead = draft.responsibilities.get(area__code="institutions", role="lead")
    services.remove_responsibility(lead, actor=w.user("standing_focal"))
    services.remove_responsibility(
        draft.responsibilities.get(area__code="institutions", role="appraise"), actor=w.user("standing_focal")
    )
    services.add_responsibility(
        draft, actor=w.user("standing_focal"), subject_code="institutions", role="lead", party=w.ordinary, article="Đ2"
    )
    services.issue_regulation(draft, actor=w.user("standing_leader"))

    assert routing.route_standing_agency(w.province, BEFORE).agency == standing_before
    assert routing.route_lead(w.province, "institutions", BEFORE).agency == lead_before
    assert routing.route_standing_agency(w.province, AMENDED_FROM - dt.timedelta(days=1)).agency == w.standing
    assert routing.route_standing_agency(w.province, AFTER).agency == w.domain
    assert routing.route_lead(w.province, "institutions", AFTER).agency == w.ordinary
    w.regulation.refresh_from_db()
    assert w.regulation.effective_to == AMENDED_FROM and w.regulation.status == Regulation.Status.ISSUED
    assert w.regulation.responsibilities.count() == 6, "the earlier regulation stays readable, whole"


@pytest.mark.django_db
def test_REG_2_an_amendment_records_its_kind_reason_and_base():
    """REG-2: an amendment is a draft started from the regulation in force, with a kind and a reason."""
    w = world()
    draft = _amendment(w)
    assert draft.status == Regulation.Status.DRAFT and draft.kind == Regulation.Kind.AMENDMENT
    assert draft.based_on == w.regulation and draft.reason == "Sắp xếp lại cơ quan chủ trì"
    assert draft.responsibilities.count() == w.regulation.responsibilities.count()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["amendment", "correction"])
def test_REG_2_an_amendment_or_a_correction_needs_a_reason(kind):
    """REG-2, U-3: an amendment and a correction of a typing error each need their reason; nothing is created."""
    w = world()
    count = Regulation.objects.count()
    with pytest.raises(UserError, match="lý do"):
        _amendment(w, kind=kind, reason="  ")
    assert Regulation.objects.count() == count


@pytest.mark.django_db
def test_REG_2_a_correction_of_a_typing_error_is_an_amendment_issued_by_the_leader():
    """REG-2: a correction (đính chính) is issued like an amendment, effective from its date, with its reason."""
    w = world()
    draft = _amendment(w, kind=Regulation.Kind.CORRECTION, reason="Sai chính tả điều khoản", standing_article="Điều 3a")
    services.issue_regulation(draft, actor=w.user("standing_leader"))
    draft.refresh_from_db()
    assert draft.is_issued and draft.replaces == w.regulation and draft.reason == "Sai chính tả điều khoản"
    assert routing.route_standing_agency(w.province, BEFORE).article == "Điều 3"
    assert routing.route_standing_agency(w.province, AFTER).article == "Điều 3a"
    issued = AuditEntry.objects.get(record_id=str(draft.pk), action="issue")
    assert "Đính chính" in issued.summary and "Sai chính tả điều khoản" in issued.summary
    assert issued.actor == w.user("standing_leader")


@pytest.mark.django_db
def test_SEC_1_only_the_leader_of_the_standing_agency_issues_whatever_the_path():
    """SEC-1: a focal officer prepares the draft but cannot issue it: not through the service, not through the
    page; the department a draft names as standing agency cannot issue it either. Nothing changes."""
    w = world()
    draft = _amendment(w, standing_agency=w.domain)
    before, current = _state(draft), _state(w.regulation)
    for kind in ("standing_focal", "domain_leader", "committee_leader", "ended", "province_admin"):
        with pytest.raises(UserError, match="lãnh đạo"):
            services.issue_regulation(draft, actor=w.user(kind))
        response = _client(w.user(kind)).post(reverse("regulation-issue", args=[w.province.slug, draft.pk]))
        assert response.status_code in {403, 404}, kind
    with pytest.raises(UserError, match="lãnh đạo"):
        services.issue_regulation(draft, actor=None)
    assert _state(draft) == before and _state(w.regulation) == current
    assert not AuditEntry.objects.filter(record_id=str(draft.pk), action="issue").exists()


@pytest.mark.django_db
def test_SEC_1_a_forged_status_field_does_not_issue_a_draft():
    """SEC-1: a hidden `status=issued` posted with the create or edit form leaves a draft."""
    w = world()
    client = _client(w.user("standing_focal"))
    r = w.regulation
    data = {
        "programme": r.programme_id,
        "number": "8/QĐ-UBND",
        "title": "Dự thảo",
        "issuer": r.issuer,
        "signed_on": "01/12/2026",
        "effective_from": "15/12/2026",
        "standing_agency": w.domain.pk,
        "meeting_cadence": "none",
        "status": "issued",
        "effective_to": "",
    }
    client.post(reverse("regulation-create", args=[w.province.slug]), data)
    draft = Regulation.objects.get(province=w.province, number="8/QĐ-UBND")
    assert draft.status == Regulation.Status.DRAFT
    client.post(reverse("regulation-edit", args=[w.province.slug, draft.pk]), {**data, "version": draft.version})
    draft.refresh_from_db()
    assert draft.status == Regulation.Status.DRAFT
    w.regulation.refresh_from_db()
    assert w.regulation.effective_to is None


@pytest.mark.django_db
def test_REG_2_the_amendment_page_creates_a_draft_and_the_draft_shows_what_changes():
    """REG-2, SEC-2: "Soạn sửa đổi, bổ sung" creates a draft pre-filled with the rows; the draft page shows
    its reason and, before issue, that the standing agency changes and which rows are added or removed."""
    w = world()
    client = _client(w.user("standing_focal"))
    r = w.regulation
    url = reverse("regulation-amend", args=[w.province.slug, r.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "programme": r.programme_id,
            "number": "9/QĐ-UBND",
            "title": r.title,
            "issuer": r.issuer,
            "signed_on": "01/12/2026",
            "effective_from": "15/12/2026",
            "standing_agency": w.domain.pk,
            "standing_article": "Điều 3",
            "meeting_cadence": "none",
            "reason": "Giao Sở Tư pháp làm thường trực",
        },
    )
    draft = Regulation.objects.get(province=w.province, number="9/QĐ-UBND")
    assert response.status_code == 302 and draft.kind == Regulation.Kind.AMENDMENT and draft.based_on == r
    assert draft.responsibilities.count() == r.responsibilities.count()
    services.remove_responsibility(draft.responsibilities.get(area__code="procedures"), actor=w.user("standing_focal"))
    html = _client(w.user("standing_leader")).get(reverse("regulation-detail", args=[w.province.slug, draft.pk]))
    html = html.content.decode()
    assert "Giao Sở Tư pháp làm thường trực" in html
    assert "Thay đổi so với" in html and "Cơ quan thường trực" in html and "Sở Tư pháp" in html
    assert "Bỏ (1)" in html and "Ban hành" in html
    focal = client.get(reverse("regulation-detail", args=[w.province.slug, draft.pk])).content.decode()
    assert "chỉ có hiệu lực khi lãnh đạo" in focal


@pytest.mark.django_db
def test_REG_2_an_amendment_of_an_outdated_base_is_refused():
    """REG-2, SEC-5: two amendments drafted from the same regulation: once one is issued, the other must be
    drafted again from the new regulation in force."""
    w = world()
    first = _amendment(w)
    second = _amendment(w, number="8/QĐ-UBND", effective_from=dt.date(2027, 1, 1))
    services.issue_regulation(first, actor=w.user("standing_leader"))
    with pytest.raises(UserError, match="soạn lại"):
        services.issue_regulation(second, actor=w.user("standing_leader"))
    second.refresh_from_db()
    assert second.status == Regulation.Status.DRAFT


# --- audit of copied rows -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_U_3_rows_copied_into_a_draft_are_audited_each_by_name():
    """U-3: the draft's creation and every copied row leave an audit entry that names the row."""
    w = world()
    draft = _amendment(w)
    entries = AuditEntry.objects.filter(record_type="regulation.regulation", record_id=str(draft.pk))
    assert entries.filter(action="create").exists()
    copied = entries.get(action="add")
    assert str(w.regulation) in copied.summary
    listed = list(copied.after.values())
    for row in w.regulation.responsibilities.all():
        assert str(row) in listed


# --- the database constraint and the race -------------------------------------------------------------------


@pytest.mark.django_db
def test_SEC_5_the_database_refuses_a_second_open_ended_issued_regulation():
    """SEC-5, REG-2: at most one open-ended issued regulation per province and programme."""
    w = world()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegulationFactory(province=w.province, standing_agency=w.standing, effective_from=dt.date(2023, 1, 1))
    assert Regulation.objects.filter(province=w.province).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_force", [True, False], ids=["replacing-one-in-force", "first-regulation"])
def test_SEC_5_two_leaders_issuing_at_once_leave_one_regulation_in_force(in_force):
    """SEC-5, REG-2: two drafts issued at the same moment in two threads: exactly one becomes the open-ended
    regulation in force; the other is refused with a Vietnamese message. With a regulation in force, its row
    lock orders the two; without one, the partial unique constraint refuses the second."""
    if connection.vendor == "sqlite":
        pytest.skip("Issuing two regulations at once needs PostgreSQL row locks (CI runs PostgreSQL).")
    # A transactional test runs on a flushed database (another transactional test may have run before it):
    # the programmes that the factories read come back from data/programmes.yaml.
    load_programmes((Path(settings.DATA_DIR) / "programmes.yaml").read_text(encoding="utf-8"))
    w = world()
    if not in_force:
        w.regulation.delete()
    drafts = []
    for n in (1, 2):
        draft = services.create_draft(
            w.province,
            actor=w.user("standing_focal"),
            fields=_header(w.regulation, number=f"{n}/QĐ-UBND", effective_from=AMENDED_FROM),
            copy_from=w.regulation if in_force else None,
            kind=Regulation.Kind.NEW,
        )
        if not in_force:
            services.add_responsibility(
                draft,
                actor=w.user("standing_focal"),
                subject_code="institutions",
                role="lead",
                party=w.domain,
                article="",
            )
        drafts.append(draft)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def issue(draft):
        try:
            leader = type(w.user("standing_leader")).objects.get(pk=w.user("standing_leader").pk)
            barrier.wait()
            services.issue_regulation(draft, actor=leader)
            outcomes.append("issued")
        except UserError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    open_ended = Regulation.objects.filter(
        province=w.province, status=Regulation.Status.ISSUED, effective_to__isnull=True
    )
    assert open_ended.count() == 1
    assert outcomes.count("issued") == 1, outcomes
    refusal = next(o for o in outcomes if o != "issued")
    assert "quy chế" in refusal.lower() and "Error" not in refusal
    assert Regulation.objects.filter(province=w.province, status=Regulation.Status.DRAFT).count() == 1


# --- a regulation imported from a document -----------------------------------------------------------------


def _document(w, *, signed_on, effective_from, standing="Sở Tư pháp", number="12/QĐ-UBND"):
    return fileformat.RegulationDocument(
        province=w.province.name,
        programme="NQ76",
        number=number,
        title="Quy chế phối hợp nhập từ văn bản",
        issuer="Ủy ban nhân dân tỉnh",
        signed_on=signed_on,
        effective_from=effective_from,
        standing_agency=standing,
        source="Nhập từ văn bản: quy-che.docx",
        responsibilities=[
            fileformat.ResponsibilityEntry(subject="institutions", role="lead", party="Sở Tư pháp", article="Đ5")
        ],
    )


@pytest.mark.django_db
def test_SEC_2_a_regulation_imported_from_a_document_is_a_draft_until_the_leader_issues_it():
    """SEC-2, REG-2: a document naming another standing agency is saved as a draft; nothing changes until the
    leader records it as issued, keeping its number and dates; then it replaces the one in force from its
    effective date, and routing for the earlier dates stays as it was."""
    w = world()
    draft = services.draft_from_document(
        _document(w, signed_on=dt.date(2024, 3, 1), effective_from=dt.date(2024, 3, 15)),
        actor=w.user("standing_focal"),
    )
    assert draft.status == Regulation.Status.DRAFT and draft.standing_agency == w.domain
    assert routing.regulation_in_force(w.province, AFTER) == w.regulation
    assert policy.is_standing_agency_staff(w.user("standing_focal"), w.province)
    assert AuditEntry.objects.filter(record_id=str(draft.pk), action="create").exists()
    assert AuditEntry.objects.filter(record_id=str(draft.pk), action="add").exists()
    with pytest.raises(UserError, match="lãnh đạo"):
        services.issue_regulation(draft, actor=w.user("standing_focal"))

    services.issue_regulation(draft, actor=w.user("standing_leader"))
    draft.refresh_from_db()
    assert (draft.number, draft.signed_on, draft.effective_from) == (
        "12/QĐ-UBND",
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 15),
    )
    assert routing.route_standing_agency(w.province, dt.date(2023, 6, 1)).agency == w.standing
    assert routing.route_standing_agency(w.province, AFTER).agency == w.domain


@pytest.mark.django_db
def test_REG_2_a_document_older_than_the_regulation_in_force_is_refused_at_issue():
    """REG-2: recording as issued a document whose dates are older than the regulation in force would break
    history; it is refused with a clear message and nothing changes."""
    w = world()
    draft = services.draft_from_document(
        _document(w, signed_on=dt.date(2020, 3, 1), effective_from=dt.date(2020, 3, 15)),
        actor=w.user("standing_focal"),
    )
    current = _state(w.regulation)
    with pytest.raises(UserError, match="15/03/2020"):
        services.issue_regulation(draft, actor=w.user("standing_leader"))
    draft.refresh_from_db()
    assert draft.status == Regulation.Status.DRAFT and _state(w.regulation) == current


@pytest.mark.django_db
def test_U_3_the_same_document_imported_twice_makes_one_draft():
    """U-3: a document already in the system is not imported again."""
    w = world()
    doc = _document(w, signed_on=dt.date(2024, 3, 1), effective_from=dt.date(2024, 3, 15))
    services.draft_from_document(doc, actor=w.user("standing_focal"))
    with pytest.raises(Exception, match="đã có trong hệ thống"):
        services.draft_from_document(doc, actor=w.user("standing_focal"))
    assert Regulation.objects.filter(province=w.province, number="12/QĐ-UBND").count() == 1


@pytest.mark.django_db
def test_U_3_only_drafts_are_edited_and_only_by_standing_staff():
    """U-3, SEC-1: a draft's rows are edited by standing-agency staff; another agency's leader is refused."""
    w = world()
    draft = _amendment(w)
    count = draft.responsibilities.count()
    with pytest.raises(UserError):
        services.add_responsibility(
            draft, actor=w.user("domain_leader"), subject_code="training", role="lead", party=w.ordinary, article=""
        )
    assert draft.responsibilities.count() == count
    services.add_responsibility(
        draft, actor=w.user("standing_leader"), subject_code="training", role="lead", party=w.ordinary, article=""
    )
    assert Responsibility.objects.filter(regulation=draft).count() == count + 1

"""Editing regulations in the app: REG-2 (issue ends the old one), REG-3, U-3 (audit), concurrent edits."""

import datetime as dt

import pytest

from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.regulation import routing, services
from cchc.regulation.models import ReformProgramme, Regulation, Responsibility
from tests.conftest import agency, province

QN = "Quảng Nam"
# Editing and issuing happen today in a province alive today: Đà Nẵng, with its regulation of the test data
# (tests/fixtures/da-nang-regulation.yaml). Quảng Nam ended on 30/06/2025 (ORG-5).
DN = "Đà Nẵng"
ON = dt.date(2026, 11, 24)


@pytest.fixture
def draft(db, demo_user):
    da_nang = province(DN)
    current = routing.regulation_in_force(da_nang, ON)
    return services.create_draft(
        da_nang,
        actor=demo_user("dnang.snv"),
        fields={
            "programme": ReformProgramme.objects.get(code="NQ76"),
            "number": "15/QĐ-UBND",
            "title": "Quy chế phối hợp (sửa đổi theo tổ chức bộ máy mới)",
            "issuer": "Ủy ban nhân dân thành phố Đà Nẵng",
            "signed_on": dt.date(2026, 12, 1),
            "effective_from": dt.date(2026, 12, 15),
            "standing_agency": agency(DN, "Sở Nội vụ"),
        },
        copy_from=current,
    )


def test_REG_1_a_draft_copies_the_responsibilities_of_the_regulation_it_starts_from(draft):
    current = routing.regulation_in_force(province(DN), ON)
    assert draft.status == Regulation.Status.DRAFT
    assert draft.responsibilities.count() == current.responsibilities.count() > 20


def test_U_3_creating_a_draft_is_audited(draft, demo_user):
    entry = AuditEntry.objects.get(record_type="regulation.regulation", record_id=str(draft.pk), action="create")
    assert entry.actor == demo_user("dnang.snv")
    assert entry.after["số, ký hiệu"] == "15/QĐ-UBND"


def test_REG_2_issuing_a_draft_ends_the_regulation_in_force_on_its_effective_date(draft, demo_user):
    old = routing.regulation_in_force(province(DN), ON)
    services.issue_regulation(draft, actor=demo_user("dnang.snv.lanhdao"))
    old.refresh_from_db()
    draft.refresh_from_db()
    assert draft.status == Regulation.Status.ISSUED and draft.replaces == old
    assert old.effective_to == dt.date(2026, 12, 15)
    assert routing.regulation_in_force(province(DN), dt.date(2026, 12, 14)) == old
    assert routing.regulation_in_force(province(DN), dt.date(2026, 12, 15)) == draft
    actions = set(
        AuditEntry.objects.filter(
            record_type="regulation.regulation", record_id__in=[str(old.pk), str(draft.pk)]
        ).values_list("action", flat=True)
    )
    assert {"issue", "end"} <= actions


def test_REG_2_a_draft_effective_before_the_regulation_in_force_cannot_be_issued(draft, demo_user):
    Regulation.objects.filter(pk=draft.pk).update(effective_from=dt.date(2020, 1, 1), signed_on=dt.date(2020, 1, 1))
    with pytest.raises(UserError, match="không sau ngày hiệu lực"):
        services.issue_regulation(draft, actor=demo_user("dnang.snv.lanhdao"))
    draft.refresh_from_db()
    assert draft.status == Regulation.Status.DRAFT


def test_REG_3_a_second_lead_is_refused_and_nothing_changes(draft, demo_user):
    count = draft.responsibilities.count()
    with pytest.raises(UserError, match="hơn một cơ quan chủ trì"):
        services.add_responsibility(
            draft,
            actor=demo_user("dnang.snv"),
            subject_code="institutions",
            role="lead",
            party=agency(DN, "Sở Nội vụ"),
            article="Đ1",
        )
    assert draft.responsibilities.count() == count


def test_REG_3_the_lead_cannot_be_added_as_its_own_coordinator(draft, demo_user):
    with pytest.raises(UserError, match="vừa chủ trì vừa phối hợp"):
        services.add_responsibility(
            draft,
            actor=demo_user("dnang.snv"),
            subject_code="institutions",
            role="coordinate",
            party=agency(DN, "Sở Tư pháp"),
            article="Đ1",
        )


def test_U_3_adding_and_removing_a_responsibility_is_audited_with_before_and_after(draft, demo_user):
    user = demo_user("dnang.snv")
    row = services.add_responsibility(
        draft,
        actor=user,
        subject_code="training",
        role="lead",
        party=agency(DN, "Sở Nội vụ"),
        article="Đ13.3",
    )
    added = AuditEntry.objects.filter(record_id=str(draft.pk), action="add", summary__startswith="Thêm").get()
    assert added.after == {
        "Lĩnh vực, nội dung": row.topic.name,
        "Vai trò": "Chủ trì",
        "Cơ quan": "Sở Nội vụ",
        "Điều khoản": "Đ13.3",
        "Ghi chú": "",
    }
    services.remove_responsibility(row, actor=user)
    removed = AuditEntry.objects.filter(record_id=str(draft.pk), action="remove").get()
    assert removed.before["Cơ quan"] == "Sở Nội vụ" and removed.actor == user
    assert not Responsibility.objects.filter(pk=row.pk).exists()


def test_U_3_editing_the_header_records_before_and_after(draft, demo_user):
    services.update_regulation(
        draft,
        actor=demo_user("dnang.snv"),
        fields={"number": "16/QĐ-UBND"},
        expected_version=draft.version,
    )
    entry = AuditEntry.objects.filter(record_id=str(draft.pk), action="update").get()
    assert (entry.before["số, ký hiệu"], entry.after["số, ký hiệu"]) == ("15/QĐ-UBND", "16/QĐ-UBND")


def test_a_stale_form_is_refused_and_changes_nothing(draft, demo_user):
    """SEC-5."""
    stale = draft.version
    services.update_regulation(
        draft, actor=demo_user("dnang.snv"), fields={"number": "16/QĐ-UBND"}, expected_version=stale
    )
    with pytest.raises(UserError, match="vừa được người khác sửa"):
        services.update_regulation(
            draft, actor=demo_user("dnang.snv"), fields={"number": "17/QĐ-UBND"}, expected_version=stale
        )
    draft.refresh_from_db()
    assert draft.number == "16/QĐ-UBND"


def test_REG_2_a_replaced_regulation_is_read_only(db, demo_user):
    """U-3, REG-2: an issued regulation (here one already replaced) is never edited."""
    replaced = Regulation.objects.get(province=province(QN), number="2824/QĐ-UBND")
    with pytest.raises(UserError, match="đã ban hành"):
        services.update_regulation(
            replaced,
            actor=demo_user("qnam.snv"),
            fields={"title": "x"},
            expected_version=replaced.version,
        )


def test_bad_proposal_deadline_is_refused(draft, demo_user):
    """SEC-3, REG-1."""
    with pytest.raises(UserError, match="không phải là một ngày"):
        services.update_regulation(
            draft,
            actor=demo_user("dnang.snv"),
            fields={"proposal_deadline_day": 31, "proposal_deadline_month": 2},
            expected_version=draft.version,
        )


def test_issuing_an_unnumbered_draft_is_refused(draft, demo_user):
    """REG-1."""
    Regulation.objects.filter(pk=draft.pk).update(number="")
    with pytest.raises(UserError, match="số, ký hiệu"):
        services.issue_regulation(draft, actor=demo_user("dnang.snv.lanhdao"))


def test_U_3_loading_a_regulation_file_is_audited_and_ending_the_old_one_too(db):
    from tests.regulation.helpers import load_text, regulation_text

    # Quảng Nam's history (its regulation was in force until 30/06/2025): a file of 2024 ends the 2021 one.
    old = routing.regulation_in_force(province(QN), dt.date(2024, 1, 1))
    new = load_text(
        regulation_text(
            "institutions:\n  - {role: lead, agency: Sở Tư pháp, article: Đ2}",
            signed_on="2024-01-05",
            effective_from="2024-01-15",
        )
    )
    loaded = AuditEntry.objects.get(record_type="regulation.regulation", record_id=str(new.pk))
    assert loaded.action == "load" and "1 trách nhiệm" in loaded.summary
    ended = AuditEntry.objects.get(record_type="regulation.regulation", record_id=str(old.pk), action="end")
    assert ended.before["hết hiệu lực từ ngày"] == "" and ended.after["hết hiệu lực từ ngày"] == "15/01/2024"


def test_U_3_admin_pages_cannot_change_anything(client_for):
    client = client_for("admin")
    regulation = routing.regulation_in_force(province(DN), ON)
    assert client.get(f"/quan-tri/regulation/regulation/{regulation.pk}/change/").status_code == 200
    response = client.post(f"/quan-tri/regulation/regulation/{regulation.pk}/change/", {"title": "Sửa lén"})
    assert response.status_code == 403
    regulation.refresh_from_db()
    assert regulation.title != "Sửa lén"

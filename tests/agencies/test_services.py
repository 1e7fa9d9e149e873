"""ORG-1..ORG-4: agencies load as data, successors carry the work on, groups resolve by date, memberships."""

import datetime as dt
import textwrap

import pytest

from cchc.agencies import services
from cchc.agencies.models import Agency, Membership
from cchc.core.errors import UserError, UserErrors
from cchc.core.models import AuditEntry, Province
from tests.conftest import agency, province


def test_ORG_1_agencies_have_kind_parent_abbreviation_and_dates(db):
    ict = agency("Quảng Nam", "STTTT")
    assert ict.kind == "department" and ict.abbreviation == "STTTT"
    assert ict.valid_to == dt.date(2025, 2, 28)
    communes = Agency.objects.filter(province=province("Quảng Nam"), kind="commune", parent__isnull=False)
    assert communes.exists() and all(c.parent.kind == "district" for c in communes)
    for name in ("Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Văn phòng UBND tỉnh", "UBND tỉnh"):
        for province_name in ("Quảng Nam", "Kiên Giang", "Khánh Hòa", "Hưng Yên", "Bình Định"):
            agency(province_name, name)


def test_ORG_2_successor_chain_is_followed_at_a_date(db):
    ict = agency("Quảng Nam", "Sở Thông tin và Truyền thông")
    science = agency("Quảng Nam", "Sở Khoa học và Công nghệ")
    assert ict.current(dt.date(2025, 2, 28)) == ict
    assert ict.current(dt.date(2025, 3, 1)) == science
    planning = agency("Kiên Giang", "Sở Kế hoạch và Đầu tư")
    assert planning.current(dt.date(2026, 1, 1)) == agency("Kiên Giang", "Sở Tài chính")


def test_ORG_3_kind_groups_resolve_at_a_date(db):
    from cchc.agencies.models import AgencyGroup

    group = AgencyGroup.objects.get(province=province("Quảng Nam"), name="Các sở, ban, ngành")
    before = {a.name for a in group.resolve(dt.date(2024, 12, 31))}
    after = {a.name for a in group.resolve(dt.date(2025, 3, 1))}
    assert "Sở Thông tin và Truyền thông" in before and "Sở Thông tin và Truyền thông" not in after
    assert "Sở Nông nghiệp và Môi trường" in after and "Sở Nông nghiệp và Môi trường" not in before


def _province_file(body: str) -> str:
    return "province: Tỉnh Thử\nstanding_agency: Sở Nội vụ\n" + textwrap.dedent(body)


def test_ORG_1_bad_province_file_is_refused_with_lines_and_nothing_saved(db):
    text = _province_file("""\
        agencies:
          - {name: Sở Nội vụ, kind: department}
          - {name: Sở Tư pháp, kind: secret-police}
          - {name: Sở Tài chính, kind: department, successor: Sở Không Có}
        """)
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(text)
    messages = [str(e) for e in caught.value.errors]
    assert any(m.startswith("Dòng 5: Loại cơ quan «secret-police» không hợp lệ") for m in messages), messages
    assert not Province.objects.filter(name="Tỉnh Thử").exists()


def test_ORG_1_an_alias_shared_by_two_agencies_is_refused(db):
    text = _province_file("""\
        agencies:
          - {name: Sở Nội vụ, abbreviation: SNV, kind: department}
          - {name: Sở Ngoại vụ, abbreviation: SNV, kind: department}
        """)
    with pytest.raises(UserErrors, match="đã dùng cho"):
        services.load_agencies(text)


def test_ORG_2_an_agency_can_be_ended_with_a_successor_and_it_is_audited(db, demo_user):
    """ORG-2: Khánh Hòa's administrator records that a district ended on 30/06/2025 and which commune carries on
    its work (a province alive today: Quảng Nam's records are history, ORG-5)."""

    from tests.factories import AgencyFactory  # noqa: PLC0415

    admin = demo_user("khoa.quantri")
    khanh_hoa = province("Khánh Hòa")
    district = AgencyFactory(province=khanh_hoa, name="UBND huyện Thử Nghiệm", kind="district")
    successor = AgencyFactory(province=khanh_hoa, name="UBND xã Thử Nghiệm", kind="commune")
    services.update_agency(district, actor=admin, fields={"valid_to": dt.date(2025, 6, 30), "successor": successor})
    entry = AuditEntry.objects.filter(record_type="agencies.agency", record_id=str(district.pk)).latest("id")
    assert entry.actor == admin
    assert (entry.before["cơ quan kế thừa"], entry.after["cơ quan kế thừa"]) == ("", "UBND xã Thử Nghiệm")


def test_ORG_2_a_successor_without_an_end_date_is_refused(db, demo_user):
    justice = agency("Đà Nẵng", "Sở Tư pháp")
    with pytest.raises(UserError, match="ngày kết thúc"):
        services.update_agency(justice, actor=demo_user("admin"), fields={"successor": agency("Đà Nẵng", "SNV")})
    justice.refresh_from_db()
    assert justice.successor is None


def test_ORG_4_memberships_are_added_and_ended_with_history(db, demo_user):
    admin = demo_user("khoa.quantri")
    justice = agency("Khánh Hòa", "Sở Tư pháp")
    membership = services.add_membership(
        actor=admin,
        agency=justice,
        role="viewer",
        username="new.person",
        full_name="Ngô Văn Mới",
        password="mat-khau-123",
    )
    assert membership.user.check_password("mat-khau-123") and membership.user.last_name == "Mới"
    with pytest.raises(UserError, match="đã là thành viên"):
        services.add_membership(actor=admin, agency=justice, role="leader", username="new.person")
    services.end_membership(membership, actor=admin, on=dt.date(2026, 11, 24))
    assert not Membership.objects.active().filter(user=membership.user).exists()
    assert Membership.objects.filter(user=membership.user).count() == 1, "history is kept"
    actions = list(
        AuditEntry.objects.filter(record_id=str(justice.pk), record_type="agencies.agency").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["add", "remove"]


def test_U_3_loading_a_province_file_is_audited(db):
    text = _province_file("""\
        agencies:
          - {name: Sở Nội vụ, kind: department}
        """)
    created = services.load_agencies(text)
    entry = AuditEntry.objects.get(record_type="core.province", record_id=str(created.pk))
    assert entry.action == "load" and entry.summary == "Nạp 1 cơ quan và 0 nhóm từ tệp"

"""ORG-3, ORG-2 (issue 9): agency groups resolve by date on both sides of 01/3/2025 (departments merged) and
01/7/2025 (no district level); a plan of 2026 that names a group with no agency left is refused, saying why."""

import datetime as dt

import pytest

from cchc.agencies.models import Agency, AgencyGroup, AgencyKind
from cchc.core.errors import UserError
from cchc.plans import services
from cchc.plans.models import Target, Task
from tests.conftest import agency, province
from tests.factories import AgencyFactory, GroupFactory, programme, service_plan, world

BEFORE_MERGE = dt.date(2025, 2, 27)
LAST_DAY_OF_OLD_DEPARTMENTS = dt.date(2025, 2, 28)
DEPARTMENTS_MERGED = dt.date(2025, 3, 1)
LAST_DAY_OF_DISTRICTS = dt.date(2025, 6, 30)
TWO_TIERS = dt.date(2025, 7, 1)
DATES = [
    dt.date(2020, 1, 1),
    dt.date(2024, 12, 31),
    BEFORE_MERGE,
    LAST_DAY_OF_OLD_DEPARTMENTS,
    DEPARTMENTS_MERGED,
    LAST_DAY_OF_DISTRICTS,
    TWO_TIERS,
    dt.date(2026, 1, 1),
    dt.date(2026, 12, 31),
]


def group(province_name: str, name: str) -> AgencyGroup:
    return AgencyGroup.objects.get(province=province(province_name), name=name)


def names(agencies) -> set[str]:
    return {a.name for a in agencies}


# --- step 1: the groups of the demo provinces, by date ------------------------------------------------------


def test_ORG_3_district_group_holds_the_districts_until_30_06_2025_and_nothing_from_01_07_2025(db):
    """ORG-3: "UBND cấp huyện" of Khánh Hòa is its districts on 30/06/2025 and empty on 01/07/2025 and after."""
    districts = group("Khánh Hòa", "UBND cấp huyện")
    all_districts = Agency.objects.filter(province=province("Khánh Hòa"), kind=AgencyKind.DISTRICT)
    on_last_day = districts.resolve(LAST_DAY_OF_DISTRICTS)
    assert len(on_last_day) >= 9
    assert names(on_last_day) == names(all_districts)
    assert "UBND huyện Trường Sa" in names(on_last_day)
    for on in (TWO_TIERS, dt.date(2026, 1, 1), dt.date(2026, 12, 31)):
        assert districts.resolve(on) == [], f"districts ended on 30/06/2025, yet the group holds some on {on}"
    # The same in another province, whatever alias a document uses.
    kien_giang = group("Kiên Giang", "UBND cấp huyện")
    assert kien_giang.resolve(LAST_DAY_OF_DISTRICTS) and kien_giang.resolve(TWO_TIERS) == []


def test_ORG_3_commune_group_holds_phuong_xa_and_dac_khu_on_both_sides_of_01_07_2025(db):
    """ORG-3: "UBND cấp xã" holds the old phường, xã, thị trấn until 30/06/2025 and the new units (Khánh Hòa's
    UBND đặc khu Trường Sa) from 01/07/2025; the old ones are gone then."""
    communes = group("Khánh Hòa", "UBND cấp xã")
    before = names(communes.resolve(LAST_DAY_OF_DISTRICTS))
    after = names(communes.resolve(TWO_TIERS))
    assert {"UBND phường Lộc Thọ", "UBND xã Cam Hải Đông", "UBND thị trấn Trường Sa"} <= before
    assert "UBND đặc khu Trường Sa" not in before, "the đặc khu exists from 01/07/2025"
    assert "UBND đặc khu Trường Sa" in after
    assert not after & {"UBND phường Lộc Thọ", "UBND xã Cam Hải Đông", "UBND thị trấn Trường Sa"}
    assert "UBND đặc khu Trường Sa" in names(communes.resolve(dt.date(2026, 6, 1)))


def test_ORG_3_commune_group_of_the_two_tier_province_holds_phuong_xa_and_dac_khu(db):
    """ORG-3: after 01/07/2025 a commune-level group holds every new unit: phường, xã and đặc khu alike; the
    district above them does not belong to it and has ended."""
    w = world()
    w.district.valid_to = LAST_DAY_OF_DISTRICTS
    w.district.save()
    new_units = [
        AgencyFactory(province=w.province, name=name, kind=AgencyKind.COMMUNE, valid_from=TWO_TIERS)
        for name in ("UBND phường Thử Mới", "UBND xã Thử Mới", "UBND đặc khu Thử")
    ]
    old = AgencyFactory(
        province=w.province,
        name="UBND thị trấn Thử",
        kind=AgencyKind.COMMUNE,
        parent=w.district,
        valid_to=LAST_DAY_OF_DISTRICTS,
        successor=new_units[0],
    )
    communes = GroupFactory(province=w.province, name="UBND cấp xã", kinds=[AgencyKind.COMMUNE])
    both_levels = GroupFactory(
        province=w.province, name="UBND các cấp", kinds=[AgencyKind.DISTRICT, AgencyKind.COMMUNE]
    )
    assert communes.resolve(LAST_DAY_OF_DISTRICTS) == [old]
    assert names(communes.resolve(TWO_TIERS)) == {"UBND phường Thử Mới", "UBND xã Thử Mới", "UBND đặc khu Thử"}
    assert names(both_levels.resolve(LAST_DAY_OF_DISTRICTS)) == {w.district.name, old.name}
    assert names(both_levels.resolve(dt.date(2026, 1, 1))) == names(new_units)


def test_ORG_3_departments_group_on_both_sides_of_01_03_2025(db):
    """ORG-3, ORG-2: "Các sở, ban, ngành" of Khánh Hòa holds Sở Thông tin và Truyền thông on 27/02/2025 (and on
    its last day, 28/02/2025), not from 01/03/2025; Sở Khoa học và Công nghệ, its successor, on both sides."""
    departments = group("Khánh Hòa", "Các sở, ban, ngành")
    ict = agency("Khánh Hòa", "Sở Thông tin và Truyền thông")
    science = agency("Khánh Hòa", "Sở Khoa học và Công nghệ")
    assert ict in departments.resolve(BEFORE_MERGE)
    assert ict in departments.resolve(LAST_DAY_OF_OLD_DEPARTMENTS)
    assert ict not in departments.resolve(DEPARTMENTS_MERGED)
    for on in (BEFORE_MERGE, DEPARTMENTS_MERGED, TWO_TIERS):
        assert science in departments.resolve(on)
    merged = names(departments.resolve(BEFORE_MERGE)) - names(departments.resolve(DEPARTMENTS_MERGED))
    assert {"Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông"} <= merged
    assert "Sở Nông nghiệp và Môi trường" in names(departments.resolve(DEPARTMENTS_MERGED))
    assert "Sở Nông nghiệp và Môi trường" not in names(departments.resolve(BEFORE_MERGE))


@pytest.mark.parametrize("province_name", ["Khánh Hòa", "Kiên Giang", "Quảng Nam", "Hưng Yên", "Bình Định"])
def test_ORG_3_no_group_ever_holds_an_agency_that_is_not_active_on_the_date(db, province_name):
    """ORG-3: on every date tried, every group of the demo provinces holds only agencies active on that date:
    none that has ended, none not yet established."""
    groups = AgencyGroup.objects.filter(province=province(province_name))
    assert groups.exists()
    for g in groups:
        for on in DATES:
            for member in g.resolve(on):
                assert member.is_active_on(on), f"{g.name} on {on}: {member.name} ({member.valid_to})"
                assert not member.has_ended_by(on)


def test_ORG_2_member_group_that_lists_an_ended_department_resolves_to_its_successor(db):
    """ORG-2, ORG-3: a group listing Sở Thông tin và Truyền thông holds it until 28/02/2025 and Sở Khoa học và
    Công nghệ from 01/03/2025; listing both the old and the new department gives the new one once."""
    khanh_hoa = province("Khánh Hòa")
    ict = agency("Khánh Hòa", "Sở Thông tin và Truyền thông")
    science = agency("Khánh Hòa", "Sở Khoa học và Công nghệ")
    justice = agency("Khánh Hòa", "Sở Tư pháp")
    listed = GroupFactory(province=khanh_hoa, name="Tổ công tác chuyển đổi số (thử)")
    listed.members.set([ict, justice])
    assert listed.resolve(BEFORE_MERGE) == sorted([ict, justice], key=lambda a: a.name)
    assert listed.resolve(DEPARTMENTS_MERGED) == sorted([science, justice], key=lambda a: a.name)
    assert listed.resolve(dt.date(2026, 1, 1)) == sorted([science, justice], key=lambda a: a.name)
    listed.members.add(science)
    assert listed.resolve(DEPARTMENTS_MERGED) == sorted([science, justice], key=lambda a: a.name)
    assert names(listed.resolve(BEFORE_MERGE)) == {ict.name, science.name, justice.name}


def test_ORG_2_member_group_follows_a_chain_and_drops_an_ended_member_without_successor(db):
    """ORG-2, ORG-3: a listed commune merged into a đặc khu on 01/07/2025 resolves to the đặc khu; a listed
    district (ended 30/06/2025, no successor) is in the group until then and never after."""
    w = world()
    w.district.valid_to = LAST_DAY_OF_DISTRICTS
    w.district.save()
    special = AgencyFactory(province=w.province, name="UBND đặc khu Thử", kind=AgencyKind.COMMUNE, valid_from=TWO_TIERS)
    commune = AgencyFactory(
        province=w.province,
        name="UBND xã Đảo Thử",
        kind=AgencyKind.COMMUNE,
        parent=w.district,
        valid_to=LAST_DAY_OF_DISTRICTS,
        successor=special,
    )
    listed = GroupFactory(province=w.province, name="Các đơn vị trên đảo")
    listed.members.set([w.district, commune])
    assert names(listed.resolve(LAST_DAY_OF_DISTRICTS)) == {w.district.name, commune.name}
    assert listed.resolve(TWO_TIERS) == [special]
    assert listed.resolve(dt.date(2026, 1, 1)) == [special]


# --- step 2: a plan of 2026 naming "UBND cấp huyện" is refused, saying why -----------------------------------


def _two_tier_world():
    """A world whose district ended on 30/06/2025, with the group "UBND cấp huyện" and a 2026 plan."""
    w = world()
    w.district.valid_to = LAST_DAY_OF_DISTRICTS
    w.district.save()
    districts = GroupFactory(province=w.province, name="UBND cấp huyện", kinds=[AgencyKind.DISTRICT])
    plan = service_plan(w, year=2026)
    return w, districts, plan


def test_ORG_3_a_2026_plan_refuses_a_task_coordinated_by_the_ended_district_level(db):
    """ORG-3, ORG-2: a task of a 2026 plan naming "UBND cấp huyện" as coordinator or lead is refused: the group
    has no agency on 01/01/2026 because district-level units ended on 30/06/2025. Nothing is saved."""
    w, districts, plan = _two_tier_world()
    for data in (
        services.TaskInput(title="Kiểm tra CCHC", lead=w.standing, coordinator_groups=(districts,), time_text="Quý II"),
        services.TaskInput(title="Kiểm tra CCHC", lead=districts, time_text="Quý II"),
    ):
        with pytest.raises(UserError) as refused:
            services.add_task(plan, actor=w.user("standing_focal"), data=data)
        message = refused.value.message
        assert message.endswith(
            "nhóm «UBND cấp huyện» không có cơ quan nào vào ngày 01/01/2026 vì các cơ quan, đơn vị của nhóm "
            "(UBND cấp huyện) chỉ hoạt động đến ngày 30/06/2025."
        )
        assert w.district.name not in message, "the reason names the kind of unit, not an agency"
    assert not Task.objects.filter(plan=plan).exists()


def test_ORG_3_a_2026_plan_refuses_a_target_scoped_to_the_ended_district_level(db):
    """ORG-3: a target of a 2026 plan whose scope is "UBND cấp huyện" is refused with the same reason."""
    w, districts, plan = _two_tier_world()
    data = services.TargetInput(
        text="100% UBND cấp huyện được kiểm tra",
        measure="percent",
        comparison=">=",
        value=100,
        scope_groups=(districts,),
    )
    with pytest.raises(UserError) as refused:
        services.add_target(plan, actor=w.user("standing_focal"), data=data)
    message = refused.value.message
    assert message.startswith("Phạm vi áp dụng: nhóm «UBND cấp huyện» không có cơ quan nào vào ngày 01/01/2026")
    assert "30/06/2025" in message
    assert not Target.objects.filter(plan=plan).exists()


def test_ORG_3_a_plan_signed_before_01_07_2025_may_still_name_the_district_level(db):
    """ORG-3: the reference date is the plan's signing date: a 2025 plan signed in 2024 names "UBND cấp
    huyện", which had its districts then."""
    w = world()
    w.district.valid_to = LAST_DAY_OF_DISTRICTS
    w.district.save()
    districts = GroupFactory(province=w.province, name="UBND cấp huyện", kinds=[AgencyKind.DISTRICT])
    plan = service_plan(w, year=2025, signed_on=dt.date(2024, 12, 20))
    task, _ = services.add_task(
        plan,
        actor=w.user("standing_focal"),
        data=services.TaskInput(
            title="Kiểm tra CCHC", lead=w.standing, coordinator_groups=(districts,), time_text="Quý II"
        ),
    )
    assert list(task.coordinator_groups.all()) == [districts]


def test_ORG_3_an_empty_group_that_never_had_agencies_is_refused_without_an_invented_reason(db):
    """ORG-3: a group with no agency at all is refused with the plain message (no end date to give)."""
    w, _, plan = _two_tier_world()
    central = GroupFactory(province=w.province, name="Các cơ quan Trung ương", kinds=[AgencyKind.CENTRAL])
    with pytest.raises(UserError) as refused:
        services.add_task(
            plan,
            actor=w.user("standing_focal"),
            data=services.TaskInput(title="Phối hợp", lead=w.standing, coordinator_groups=(central,)),
        )
    assert refused.value.message == (
        "Cơ quan phối hợp: nhóm «Các cơ quan Trung ương» không có cơ quan nào vào ngày 01/01/2026."
    )


def test_ORG_3_a_listed_group_whose_members_all_ended_gives_their_last_day(db):
    """ORG-3, ORG-2: a group that lists agencies (no kinds), all ended without successor before the plan's date,
    is refused with the last day of the latest of them."""
    w, _, plan = _two_tier_world()
    other = AgencyFactory(province=w.province, name="UBND huyện Thử Hai", kind=AgencyKind.DISTRICT)
    other.valid_to = dt.date(2024, 12, 31)
    other.save()
    listed = GroupFactory(province=w.province, name="Hai huyện thử")
    listed.members.set([w.district, other])
    with pytest.raises(UserError) as refused:
        services.add_task(
            plan,
            actor=w.user("standing_focal"),
            data=services.TaskInput(title="Phối hợp", lead=w.standing, coordinator_groups=(listed,)),
        )
    assert refused.value.message == (
        "Cơ quan phối hợp: nhóm «Hai huyện thử» không có cơ quan nào vào ngày 01/01/2026 vì các cơ quan, đơn vị "
        "của nhóm chỉ hoạt động đến ngày 30/06/2025."
    )


def test_ORG_3_the_demo_district_group_in_a_2026_plan_of_khanh_hoa_is_refused_with_the_reason(db, make_member):
    """ORG-3: with the demo data, Khánh Hòa's 2026 plan cannot name "UBND cấp huyện"; "UBND cấp xã" is accepted
    (its đặc khu exists then)."""
    khanh_hoa = province("Khánh Hòa")
    focal = make_member("Khánh Hòa", "Sở Nội vụ")
    standing = agency("Khánh Hòa", "Sở Nội vụ")
    plan = services.create_plan(
        actor=focal,
        province=khanh_hoa,
        owner=standing,
        fields={
            "kind": "annual",
            "title": "Kế hoạch cải cách hành chính năm 2026 (thử)",
            "issuer": "Ủy ban nhân dân tỉnh Khánh Hòa",
            "start_year": 2026,
            "end_year": 2026,
            "programme": programme("NQ76"),
        },
    )
    with pytest.raises(UserError, match="chỉ hoạt động đến ngày 30/06/2025"):
        services.add_task(
            plan,
            actor=focal,
            data=services.TaskInput(
                title="Kiểm tra", lead=standing, coordinator_groups=(group("Khánh Hòa", "UBND cấp huyện"),)
            ),
        )
    task, _ = services.add_task(
        plan,
        actor=focal,
        data=services.TaskInput(
            title="Kiểm tra", lead=standing, coordinator_groups=(group("Khánh Hòa", "UBND cấp xã"),)
        ),
    )
    assert task.coordinator_groups.get().resolve(dt.date(2026, 1, 1)) == [agency("Khánh Hòa", "UBND đặc khu Trường Sa")]


def test_ORG_5_a_2026_plan_refuses_an_ended_department_named_directly_and_names_its_successor(db, make_member):
    """ORG-2, ORG-5: no work goes to an ended agency: a task of Khánh Hòa's 2026 plan led by, or coordinated with,
    Sở Thông tin và Truyền thông (ended 28/02/2025) is refused, the message naming Sở Khoa học và Công nghệ, which
    carries its work; a 2024 plan may still name it. Nothing is saved (seen failing first)."""
    focal = make_member("Khánh Hòa", "Sở Nội vụ")
    standing, ended = agency("Khánh Hòa", "Sở Nội vụ"), agency("Khánh Hòa", "Sở Thông tin và Truyền thông")

    def plan(year: int):
        return services.create_plan(
            actor=focal,
            province=province("Khánh Hòa"),
            owner=standing,
            fields={
                "kind": "thematic",
                "thematic_type": "it",
                "title": f"Kế hoạch ứng dụng công nghệ thông tin năm {year} (thử)",
                "issuer": "Ủy ban nhân dân tỉnh Khánh Hòa",
                "start_year": year,
                "end_year": year,
                "programme": programme("NQ76"),
            },
        )

    later = plan(2026)
    for data in (
        services.TaskInput(title="Số hóa hồ sơ", lead=ended, time_text="Quý II"),
        services.TaskInput(title="Số hóa hồ sơ", lead=standing, coordinator_agencies=(ended,), time_text="Quý II"),
    ):
        with pytest.raises(UserError) as refused:
            services.add_task(later, actor=focal, data=data)
        assert "đã chấm dứt hoạt động từ ngày 01/03/2025" in refused.value.message
        assert "cơ quan kế thừa: Sở Khoa học và Công nghệ" in refused.value.message
    assert not Task.objects.filter(plan=later).exists()
    task, _ = services.add_task(
        plan(2024), actor=focal, data=services.TaskInput(title="Số hóa hồ sơ", lead=ended, time_text="Quý II")
    )
    assert task.lead == ended

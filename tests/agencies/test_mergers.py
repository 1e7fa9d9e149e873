"""ORG-5, ORG-2, ORG-1: provinces merged in 2025 record their last day and their successor; agencies may be
succeeded by an agency of the successor province; the loader refuses a succession that cannot be (a loop, a
successor that did not yet exist, a successor in an unrelated province, a successor without an end date).

The province files here are small texts of the test; the demo's Quảng Nam (data/provinces/quang-nam.yaml) ends
every agency on 30/06/2025, with its counterpart in Đà Nẵng as successor where the city has one."""

import datetime as dt
import textwrap

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.agencies import services
from cchc.agencies.models import Agency, AgencyGroup, Membership
from cchc.core.errors import UserErrors
from cchc.core.models import Province
from tests.conftest import agency, province

NEW = """\
province: Mới
kind: thành phố
standing_agency: Sở Nội vụ
agencies:
  - {name: Sở Nội vụ, abbreviation: SNV, aliases: [Sở Nội vụ thành phố Mới], kind: department}
  - {name: Sở Tài chính, kind: department}
  - {name: Sở Dân tộc và Tôn giáo, kind: department, valid_from: 2025-08-01}
"""

OLD = """\
province: Cũ
kind: tỉnh
valid_to: 2025-06-30
successor: Thành phố Mới
standing_agency: Sở Nội vụ
agencies:
  - {name: Sở Nội vụ, kind: department}
"""

OLD_WITH_AGENCY_SUCCESSOR = """\
province: Cũ
valid_to: 2025-06-30
successor: Thành phố Mới
standing_agency: Sở Nội vụ
agencies:
  - name: Sở Nội vụ
    kind: department
    valid_to: 2025-06-30
    successor: {province: Thành phố Mới, agency: Sở Nội vụ thành phố Mới}
  - {name: Sở Tư pháp, kind: department}
"""


def _lines(caught) -> list[str]:
    return [str(e) for e in caught.value.errors]


def _file(text: str) -> str:
    return textwrap.dedent(text)


# --- provinces ------------------------------------------------------------------------------------------------


def test_ORG_5_new_then_old_the_old_province_links_to_its_successor(db):
    """ORG-5: loaded after its successor, the old province records its last day and links to the successor;
    the successor lists it among its predecessors."""
    new = services.load_agencies(NEW)
    old = services.load_agencies(OLD)
    assert old.valid_to == dt.date(2025, 6, 30) and old.merged_on == dt.date(2025, 7, 1)
    assert old.successor == new and old.successor_name == ""
    assert list(new.predecessors.all()) == [old]


def test_ORG_5_old_then_new_the_successor_is_kept_by_name_and_linked_when_it_loads(db):
    """ORG-5: province files load in any order: a successor not yet in the system is kept by its name and
    linked when its own file loads."""
    old = services.load_agencies(OLD)
    assert old.successor is None and old.successor_name == "Thành phố Mới"
    new = services.load_agencies(NEW)
    old.refresh_from_db()
    assert old.successor == new and old.successor_name == ""
    # Loading either file again changes nothing.
    services.load_agencies(OLD)
    services.load_agencies(NEW)
    old.refresh_from_db()
    assert old.successor == new and list(new.predecessors.all()) == [old]


def test_ORG_5_the_demo_provinces_record_the_2025_mergers(db):
    """ORG-5: Quảng Nam merged into Thành phố Đà Nẵng (in the demo), Kiên Giang into An Giang and Bình Định into
    Gia Lai (not in the demo: kept by name); the new Khánh Hòa and Hưng Yên carry on."""
    da_nang = province("Đà Nẵng")
    quang_nam = province("Quảng Nam")
    assert da_nang.kind == "thành phố" and da_nang.valid_to is None and da_nang.successor is None
    assert quang_nam.valid_to == dt.date(2025, 6, 30) and quang_nam.successor == da_nang
    assert list(da_nang.predecessors.all()) == [quang_nam]
    for name, successor in (("Kiên Giang", "Tỉnh An Giang"), ("Bình Định", "Tỉnh Gia Lai")):
        old = province(name)
        assert (old.valid_to, old.successor, old.successor_name) == (dt.date(2025, 6, 30), None, successor)
    for name in ("Khánh Hòa", "Hưng Yên"):
        assert province(name).valid_to is None and province(name).successor_id is None


def test_ORG_5_a_province_successor_without_an_end_date_is_refused_with_its_line(db):
    """ORG-5: a successor needs the province's last day."""
    text = OLD.replace("valid_to: 2025-06-30\n", "")
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(text)
    assert any(m.startswith("Dòng 3:") and "valid_to" in m for m in _lines(caught)), _lines(caught)
    assert not Province.objects.filter(name="Cũ").exists()


def test_ORG_5_a_province_that_succeeds_itself_or_a_loop_of_provinces_is_refused(db):
    """ORG-5: a province cannot merge into itself, nor into a province that (in turn) merged into it."""
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(OLD.replace("successor: Thành phố Mới", "successor: Tỉnh Cũ"))
    assert any(m.startswith("Dòng 4:") and "chính nó" in m for m in _lines(caught)), _lines(caught)
    # Cũ → Mới, then Mới → Cũ: refused, whichever file loads second.
    services.load_agencies(OLD)
    looping = NEW.replace("standing_agency:", "valid_to: 2025-12-31\nsuccessor: Tỉnh Cũ\nstanding_agency:")
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(looping)
    assert any(m.startswith("Dòng 4:") and "vòng" in m for m in _lines(caught)), _lines(caught)
    assert not Province.objects.filter(name="Mới").exists()
    assert Province.objects.get(name="Cũ").successor is None


def test_ORG_5_a_bad_province_end_date_is_refused(db):
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(OLD.replace("2025-06-30", "30-06-2025"))
    assert any(m.startswith("Dòng 3:") and "valid_to" in m for m in _lines(caught)), _lines(caught)


# --- agencies across provinces ---------------------------------------------------------------------------------


def test_ORG_2_ORG_5_an_agency_is_succeeded_by_an_agency_of_the_successor_province(db):
    """ORG-2, ORG-5: `successor: {province: …, agency: …}` names an agency of the province's successor (by any
    of its names); the chain follows it."""
    new = services.load_agencies(NEW)
    old = services.load_agencies(OLD_WITH_AGENCY_SUCCESSOR)
    home_affairs = Agency.objects.get(province=old, name="Sở Nội vụ")
    successor = Agency.objects.get(province=new, name="Sở Nội vụ")
    assert home_affairs.successor == successor
    assert home_affairs.successor_chain() == [home_affairs, successor]
    assert home_affairs.current(dt.date(2025, 7, 1)) == successor
    assert home_affairs.current(dt.date(2025, 6, 30)) == home_affairs


def test_ORG_2_the_mapping_form_may_name_the_own_province(db):
    """ORG-2: the mapping form with the agency's own province means the same as the plain name."""
    text = _file("""\
        province: Cũ
        agencies:
          - {name: Sở A, kind: department, valid_to: 2025-02-28, successor: {province: Tỉnh Cũ, agency: Sở B}}
          - {name: Sở B, kind: department}
          - {name: Sở C, kind: department, valid_to: 2025-02-28, successor: {agency: Sở B}}
        """)
    old = services.load_agencies(text)
    b = Agency.objects.get(province=old, name="Sở B")
    assert {a.name for a in b.predecessors.all()} == {"Sở A", "Sở C"}


def test_ORG_2_ORG_5_an_agency_successor_in_a_province_not_yet_loaded_is_refused_and_nothing_saved(db):
    """ORG-5: an agency's successor must be in the system; the file says which province to load first."""
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(OLD_WITH_AGENCY_SUCCESSOR)
    assert any(m.startswith("Dòng 9:") and "Thành phố Mới" in m for m in _lines(caught)), _lines(caught)
    assert not Province.objects.filter(name="Cũ").exists()


def test_ORG_2_ORG_5_a_successor_in_an_unrelated_province_is_refused_with_its_line(db):
    """ORG-5: an agency's successor is in its own province or in the province its province merged into."""
    services.load_agencies(NEW)
    services.load_agencies(NEW.replace("province: Mới", "province: Khác"))
    text = OLD_WITH_AGENCY_SUCCESSOR.replace("{province: Thành phố Mới", "{province: Thành phố Khác")
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(text)
    message = next(m for m in _lines(caught) if m.startswith("Dòng 9:"))
    assert "không phải tỉnh của cơ quan này hay tỉnh, thành phố mà tỉnh hợp nhất vào" in message
    assert not Province.objects.filter(name="Cũ").exists()
    # Nor into another province while the agency's own province has no successor at all.
    text = OLD_WITH_AGENCY_SUCCESSOR.replace("successor: Thành phố Mới\n", "").replace("valid_to: 2025-06-30\n", "", 1)
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(text)
    assert any("không phải tỉnh của cơ quan này" in m for m in _lines(caught)), _lines(caught)


def test_ORG_2_a_successor_that_did_not_yet_exist_the_next_day_is_refused(db):
    """ORG-2: the successor must exist on the day after the predecessor's last day (its valid_from not later)."""
    services.load_agencies(NEW)
    text = OLD_WITH_AGENCY_SUCCESSOR.replace("Sở Nội vụ thành phố Mới}", "Sở Dân tộc và Tôn giáo}")
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(text)
    message = next(m for m in _lines(caught) if m.startswith("Dòng 9:"))
    assert "chưa hoạt động vào ngày 01/07/2025" in message and "01/08/2025" in message
    # In one file too.
    text = _file("""\
        province: Cũ
        agencies:
          - {name: Sở A, kind: department, valid_to: 2025-02-28, successor: Sở B}
          - {name: Sở B, kind: department, valid_from: 2025-03-02}
        """)
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(text)
    assert any(m.startswith("Dòng 3:") and "chưa hoạt động vào ngày 01/03/2025" in m for m in _lines(caught))


def test_ORG_2_reloading_the_successor_province_cannot_start_a_successor_after_its_predecessor_ended(db):
    """ORG-2, ORG-5: the successor's own file cannot move its start after the day its predecessors' work
    passed to it (the predecessors are in another file)."""
    services.load_agencies(NEW)
    services.load_agencies(OLD_WITH_AGENCY_SUCCESSOR)
    later = NEW.replace(
        "aliases: [Sở Nội vụ thành phố Mới], kind: department}", "kind: department, valid_from: 2025-09-01}"
    )
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(later)
    message = next(m for m in _lines(caught) if m.startswith("Dòng 5:"))
    assert "Sở Nội vụ (Tỉnh Cũ)" in message and "01/07/2025" in message
    assert Agency.objects.get(province__name="Mới", name="Sở Nội vụ").valid_from is None


def test_ORG_2_a_successor_without_an_end_date_is_refused_on_load(db):
    """ORG-2: an agency with a successor but no valid_to is refused with its line."""
    text = _file("""\
        province: Cũ
        agencies:
          - {name: Sở A, kind: department}
          - {name: Sở B, kind: department, successor: Sở A}
        """)
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(text)
    assert any(m.startswith("Dòng 4:") and "valid_to" in m for m in _lines(caught)), _lines(caught)


def test_ORG_2_a_successor_chain_that_loops_is_refused_in_one_file_and_across_loads(db):
    """ORG-2: A → B → A is refused; so is a loop closed by a second file of the same province (an agency left
    out of a file keeps its successor)."""
    text = _file("""\
        province: Cũ
        agencies:
          - {name: Sở A, kind: department, valid_to: 2025-02-28, successor: Sở B}
          - {name: Sở B, kind: department, valid_to: 2025-02-28, successor: Sở A}
        """)
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(text)
    assert any(m.startswith("Dòng 3:") and "vòng" in m for m in _lines(caught)), _lines(caught)
    assert not Province.objects.filter(name="Cũ").exists()
    services.load_agencies(
        _file("""\
        province: Cũ
        agencies:
          - {name: Sở A, kind: department, valid_to: 2025-02-28, successor: Sở B}
          - {name: Sở B, kind: department}
        """)
    )
    closing = _file("""\
        province: Cũ
        agencies:
          - {name: Sở B, kind: department, valid_to: 2025-02-28, successor: {province: Cũ, agency: Sở A}}
        """)
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(closing)
    assert any(m.startswith("Dòng 3:") and "vòng" in m for m in _lines(caught)), _lines(caught)
    assert Agency.objects.get(province__name="Cũ", name="Sở B").successor is None


def test_ORG_2_the_demo_files_pass_the_succession_checks(db):
    """ORG-2, ORG-5: every demo province file loads again under the checks (nothing to refuse)."""
    from cchc.demo.loader import province_files

    for path in province_files():
        services.load_agencies(path.read_text(encoding="utf-8"))


# --- Thành phố Đà Nẵng in the demo ----------------------------------------------------------------------------


def test_ORG_1_ORG_5_da_nang_has_the_standard_departments_and_communes_of_2026(db):
    """ORG-1, ORG-5: Đà Nẵng as in 2026: its standing agency Sở Nội vụ, the departments of the common framework,
    and phường, xã and đặc khu in "UBND cấp xã"; no district; names as people write them."""
    da_nang = province("Đà Nẵng")
    assert da_nang.standing_agency == agency("Đà Nẵng", "Sở Nội vụ")
    for name in (
        "UBND thành phố Đà Nẵng",
        "Văn phòng UBND thành phố",
        "Sở Nội vụ thành phố Đà Nẵng",
        "Sở Tư pháp",
        "Sở Tài chính",
        "Sở Công Thương",
        "Sở Nông nghiệp và Môi trường",
        "Sở Xây dựng",
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Giáo dục và Đào tạo",
        "Sở Y tế",
        "Thanh tra thành phố",
    ):
        agency("Đà Nẵng", name)
    on = dt.date(2026, 3, 1)
    communes = AgencyGroup.objects.get(province=da_nang, name="UBND cấp xã").resolve(on)
    kinds = {a.name.split()[1] for a in communes}
    assert kinds == {"phường", "xã", "đặc"}, kinds
    assert not AgencyGroup.objects.get(province=da_nang, name="UBND cấp huyện").resolve(on)
    assert not Agency.objects.filter(province=da_nang, kind="district").exists()


def test_ORG_4_the_demo_accounts_of_da_nang(db, demo_user):
    """ORG-4: dnang.snv is the focal officer and dnang.snv.lanhdao the leader of Sở Nội vụ of Đà Nẵng."""
    home_affairs = agency("Đà Nẵng", "Sở Nội vụ")
    for username, role in (("dnang.snv", "focal"), ("dnang.snv.lanhdao", "leader")):
        user = demo_user(username)
        assert Membership.objects.active().get(user=user).agency == home_affairs
        assert Membership.objects.active().get(user=user).role == role
        assert user.get_full_name()


def test_ORG_2_ORG_5_every_agency_of_quang_nam_ends_on_its_last_day_with_its_successor_in_da_nang(db):
    """ORG-2, ORG-5: no agency of Quảng Nam outlives the province (30/06/2025); the provincial agencies go to their
    counterparts in Đà Nẵng (UBND tỉnh → UBND thành phố, Sở Nội vụ → Sở Nội vụ, Thanh tra tỉnh → Thanh tra thành
    phố, …), the phường of Hội An and Tam Kỳ to the new phường Hội An and Tam Kỳ; a unit with no counterpart
    recorded ends without one. Quảng Nam's file holds none of Đà Nẵng's new units."""
    quang_nam, da_nang = province("Quảng Nam"), province("Đà Nẵng")
    agencies = list(Agency.objects.filter(province=quang_nam).select_related("successor"))
    assert agencies and all(a.valid_to and a.valid_to <= quang_nam.valid_to for a in agencies)
    assert not [a.name for a in agencies if a.valid_from and a.valid_from > quang_nam.valid_to]
    for name, successor in (
        ("UBND tỉnh", "UBND thành phố"),
        ("VP UBND", "Văn phòng Ủy ban nhân dân thành phố"),
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Sở Tư pháp", "Sở Tư pháp"),
        ("Sở Tài chính", "Sở Tài chính"),
        ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
        ("Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Môi trường"),
        ("Sở Y tế", "Sở Y tế"),
        ("Thanh tra tỉnh", "Thanh tra thành phố"),
        ("Công an tỉnh", "Công an thành phố Đà Nẵng"),
        ("UBND phường Minh An", "UBND phường Hội An"),
        ("UBND phường An Mỹ", "UBND phường Tam Kỳ"),
    ):
        found = agency("Quảng Nam", name)
        assert found.valid_to == dt.date(2025, 6, 30) and found.successor == agency("Đà Nẵng", successor), name
        assert found.successor.province == da_nang
    assert agency("Quảng Nam", "Kho bạc Nhà nước tỉnh").successor is None
    assert agency("Quảng Nam", "UBND huyện Đại Lộc").successor is None
    # Routes in Quảng Nam's history are as before; the chain of an agency merged on 01/3/2025 goes on into Đà Nẵng.
    ict = agency("Quảng Nam", "Sở TT&TT")
    assert ict.current(dt.date(2025, 6, 30)) == agency("Quảng Nam", "Sở Khoa học và Công nghệ")
    assert ict.current(dt.date(2025, 7, 1)) == agency("Đà Nẵng", "Sở Khoa học và Công nghệ")
    on = dt.date(2026, 3, 1)
    for group in AgencyGroup.objects.filter(province=quang_nam):
        assert group.resolve(on) == [], f"{group.name}: Quảng Nam has no agency after 30/06/2025"
    assert AgencyGroup.objects.get(province=quang_nam, name="Các sở, ban, ngành").resolve(dt.date(2025, 6, 30))


# --- the province page ----------------------------------------------------------------------------------------


def test_ORG_5_the_province_page_of_an_ended_province_names_its_successor(client_for):
    """ORG-5: Quảng Nam's page says it merged into Đà Nẵng from 01/07/2025, with a link only for who may see
    Đà Nẵng; Kiên Giang's names An Giang (not in the system) without a link."""
    link = 'href="/tinh/da-nang/"'
    page = client_for("qnam.snv").get("/tinh/quang-nam/").content.decode()
    assert "Đã hợp nhất vào Thành phố Đà Nẵng từ 01/07/2025" in page
    assert link not in page
    page = client_for("admin").get("/tinh/quang-nam/").content.decode()
    assert link in page
    page = client_for("kgiang.snv").get("/tinh/kien-giang/").content.decode()
    assert "Đã hợp nhất vào Tỉnh An Giang từ 01/07/2025" in page


def test_ORG_5_the_successor_page_lists_its_predecessors_with_constant_queries(client_for):
    """ORG-5: Đà Nẵng's page lists "Hợp nhất từ: Tỉnh Quảng Nam", linked for who may see Quảng Nam (Đà Nẵng's
    people read their predecessor's records); the page asks as many queries for three predecessors as for one."""
    page = client_for("dnang.snv").get("/tinh/da-nang/").content.decode()
    assert "Hợp nhất từ:" in page and "Tỉnh Quảng Nam" in page
    assert 'href="/tinh/quang-nam/"' in page
    client = client_for("admin")
    with CaptureQueriesContext(connection) as one:
        page = client.get("/tinh/da-nang/").content.decode()
    assert 'href="/tinh/quang-nam/"' in page
    Province.objects.filter(name__in=["Kiên Giang", "Bình Định"]).update(
        successor=province("Đà Nẵng"), successor_name=""
    )
    with CaptureQueriesContext(connection) as three:
        page = client.get("/tinh/da-nang/").content.decode()
    assert 'href="/tinh/kien-giang/"' in page and 'href="/tinh/binh-dinh/"' in page
    assert len(three) == len(one)


# --- a district's successor communes -------------------------------------------------------------------------


NEW_WITH_COMMUNES = (
    NEW
    + """\
  - {name: UBND phường Một, kind: commune, valid_from: 2025-07-01}
  - {name: UBND xã Hai, kind: commune, valid_from: 2025-07-01}
  - {name: UBND phường Muộn, kind: commune, valid_from: 2025-08-01}
"""
)


def test_ORG_2_ORG_5_a_district_hands_its_work_to_several_communes_or_to_none(db, client):
    """ORG-2, ORG-5: a district ended on 30/06/2025 lists the communes of the successor city that carry its work
    on (successor_communes); another lists none. Both pages and the API say so; the commune names the district."""
    from django.urls import reverse

    from tests.factories import MembershipFactory

    new = services.load_agencies(NEW_WITH_COMMUNES)
    old = services.load_agencies(
        OLD
        + """\
  - name: UBND huyện Một
    kind: district
    valid_to: 2025-06-30
    successor_communes:
      - {province: Thành phố Mới, agency: UBND phường Một}
      - {province: Thành phố Mới, agency: UBND xã Hai}
  - {name: UBND huyện Không, kind: district, valid_to: 2025-06-30}
"""
    )
    district = Agency.objects.get(province=old, name="UBND huyện Một")
    assert {c.name for c in district.successor_communes.all()} == {"UBND phường Một", "UBND xã Hai"}
    assert not Agency.objects.get(province=old, name="UBND huyện Không").successor_communes.exists()
    commune = Agency.objects.get(province=new, name="UBND phường Một")
    assert list(commune.district_predecessors.all()) == [district]

    reader = MembershipFactory(agency=Agency.objects.get(province=new, name="Sở Tài chính"), role="viewer").user
    client.force_login(reader)
    page = client.get(reverse("agency-detail", args=[old.slug, district.pk])).content.decode()
    assert f'data-successor-commune="{commune.pk}"' in page and "Xã, phường kế thừa" in page
    page = client.get(reverse("agency-detail", args=[new.slug, commune.pk])).content.decode()
    assert f'data-district-predecessor="{district.pk}"' in page and "trước hợp nhất" in page

    from cchc.api.services import create_token

    token = create_token(reader.username)
    chain = client.get(
        f"/api/v1/provinces/{old.slug}/agencies/{district.pk}/successors", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert [c["name"] for c in chain[0]["successor_communes"]] == ["UBND phường Một", "UBND xã Hai"]


def test_ORG_2_a_districts_successor_communes_are_checked_with_their_line(db):
    """ORG-2: only a district lists successor communes; each must be a commune at work on the day after the
    district's last day; a district without an end date lists none; each refusal names the line."""
    services.load_agencies(NEW_WITH_COMMUNES)
    bad = (
        OLD
        + """\
  - name: UBND huyện Một
    kind: district
    valid_to: 2025-06-30
    successor_communes: [{province: Mới, agency: UBND phường Muộn}, {province: Mới, agency: Sở Tài chính}]
  - {name: Sở Y tế, kind: department, valid_to: 2025-06-30, successor_communes: [UBND huyện Một]}
  - {name: UBND huyện Hai, kind: district, successor_communes: [{province: Thành phố Mới, agency: UBND xã Hai}]}
"""
    )
    with pytest.raises(UserErrors) as caught:
        services.load_agencies(bad)
    lines = _lines(caught)
    assert any(m.startswith("Dòng 11:") and "không hoạt động vào ngày 01/07/2025" in m for m in lines), lines
    assert any(m.startswith("Dòng 11:") and "«Sở Tài chính» không phải UBND cấp xã" in m for m in lines), lines
    assert any(m.startswith("Dòng 12:") and "chỉ UBND cấp huyện" in m for m in lines), lines
    assert any(m.startswith("Dòng 13:") and "cần ghi ngày kết thúc" in m for m in lines), lines
    assert not Province.objects.filter(name="Cũ").exists()


def test_ORG_5_quang_nams_cities_hand_their_work_to_da_nangs_wards(db):
    """ORG-5: in the demo, Quảng Nam's Tam Kỳ and Hội An (cities of district level) list Đà Nẵng's phường Tam Kỳ
    and phường Hội An among their successor communes."""
    tam_ky = agency("Quảng Nam", "UBND thành phố Tam Kỳ")
    assert [c.province.slug for c in tam_ky.successor_communes.all()] == ["da-nang"]
    assert "Tam Kỳ" in tam_ky.successor_communes.get().name

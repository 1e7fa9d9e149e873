"""ORG-5: people move with the merger. A membership of an agency that ended gives no role any more; the person
keeps reading what the agency did; nobody joins an ended agency; the successor takes people from the next day."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cchc.agencies import services
from cchc.core import rules
from cchc.core.errors import UserError
from cchc.regulation.models import Regulation
from tests.conftest import agency, province

pytestmark = pytest.mark.django_db


def _user(username: str):
    return get_user_model().objects.get(username=username)


def test_ORG_5_a_member_of_an_ended_agency_reads_its_province_and_acts_in_nothing():
    """ORG-5, ORG-4: qnam.snv still belongs to Quảng Nam's Sở Nội vụ, which ended on 30/06/2025: they read Quảng
    Nam's regulation and plans as before, but hold no role: no regulation draft, no plan, no call, no membership
    (seen failing first: they kept the standing agency's powers)."""
    officer, leader = _user("qnam.snv"), _user("qnam.snv.lanhdao")
    quang_nam = province("Quảng Nam")
    regulation = Regulation.objects.filter(province=quang_nam, status=Regulation.Status.ISSUED).first()
    for person in (officer, leader):
        assert rules.can(person, "core.view_province", quang_nam)
        assert rules.memberships(person) == []
    client = Client()
    client.force_login(officer)
    assert client.get(reverse("province", args=["quang-nam"])).status_code == 200
    assert client.get(reverse("regulation-detail", args=["quang-nam", regulation.pk])).status_code == 200
    before = Regulation.objects.count()
    response = client.post(reverse("regulation-amend", args=["quang-nam", regulation.pk]))
    assert response.status_code in (403, 404)
    assert Regulation.objects.count() == before
    # Another province stays invisible (ORG-4).
    assert client.get(reverse("province", args=["khanh-hoa"])).status_code == 404


def test_ORG_5_nobody_joins_an_ended_agency_and_the_successor_is_named():
    """ORG-5: adding a person to Quảng Nam's Sở Tư pháp (ended 30/06/2025) is refused, naming Đà Nẵng's Sở Tư pháp;
    nothing is created. Adding them to the successor works."""
    admin = _user("admin")
    ended = agency("Quảng Nam", "Sở Tư pháp")
    with pytest.raises(UserError) as refused:
        services.add_membership(
            agency=ended, actor=admin, username="chuyen.vien.moi", role="focal", full_name="Người Mới"
        )
    assert "đã chấm dứt hoạt động sau ngày 30/06/2025" in refused.value.message
    assert "Hãy thêm vào Sở Tư pháp" in refused.value.message
    assert not get_user_model().objects.filter(username="chuyen.vien.moi").exists()
    membership = services.add_membership(
        agency=agency("Đà Nẵng", "Sở Tư pháp"),
        actor=admin,
        username="chuyen.vien.moi",
        role="focal",
        full_name="Người Mới",
    )
    assert membership.agency.province == province("Đà Nẵng")


def test_ORG_5_a_person_of_an_ended_agency_joins_its_successor_and_keeps_reading_the_old_province():
    """ORG-5: qnam.stp joins Đà Nẵng's Sở Tư pháp: they act there (their only place to act) and still read Quảng
    Nam, both as its former member and as a person of its successor."""
    person = _user("qnam.stp")
    services.add_membership(
        agency=agency("Đà Nẵng", "Sở Tư pháp"), actor=_user("admin"), username="qnam.stp", role="focal"
    )
    person = get_user_model().objects.get(pk=person.pk)  # a new request: the policy reads memberships again
    assert [m.agency for m in rules.memberships(person)] == [agency("Đà Nẵng", "Sở Tư pháp")]
    assert rules.can(person, "core.view_province", province("Quảng Nam"))
    assert rules.can(person, "core.view_province", province("Đà Nẵng"))
    assert not rules.can(person, "core.view_province", province("Khánh Hòa"))


def test_ORG_5_in_a_province_that_ended_nobody_acts_even_where_its_agencies_carry_no_end_date():
    """ORG-5: Kiên Giang merged into An Giang (not in the system) on 01/07/2025; its file gives its agencies no end
    date, but the province's end ends every role in it: kgiang.snv reads Kiên Giang and may not draft a regulation
    there (seen failing first: the focal officer of its Sở Nội vụ still acted)."""
    officer = _user("kgiang.snv")
    kien_giang = province("Kiên Giang")
    assert rules.memberships(officer) == []
    assert rules.can(officer, "core.view_province", kien_giang)
    client = Client()
    client.force_login(officer)
    assert client.get(reverse("province", args=["kien-giang"])).status_code == 200
    before = Regulation.objects.count()
    response = client.post(reverse("regulation-create", args=["kien-giang"]), {"title": "Quy chế thử"})
    assert response.status_code in (403, 404)
    assert Regulation.objects.count() == before


def test_ORG_5_nobody_edits_an_ended_provinces_agencies_or_memberships():
    """ORG-5: after Quảng Nam merged into Đà Nẵng its agencies and memberships are history: its own province
    administrator and the system administrator are refused on the pages (403) and in the services, and nothing
    changes; Đà Nẵng's administrator still edits Đà Nẵng's (seen failing first: they could edit)."""
    from cchc.agencies.models import Agency, Membership
    from cchc.core.models import ProvinceAdministrator
    from tests.factories import UserFactory

    quang_nam = province("Quảng Nam")
    snv = agency("Quảng Nam", "Sở Nội vụ")
    admin = UserFactory(username="qnam.quantri.thu")
    ProvinceAdministrator.objects.create(user=admin, province=quang_nam)
    root = UserFactory(username="root.thu", is_superuser=True, is_staff=True)
    membership = Membership.objects.filter(agency__province=quang_nam, ended_on__isnull=True).first()
    assert membership is not None
    before = (
        list(Agency.objects.filter(province=quang_nam).values_list("name", "valid_to")),
        Membership.objects.filter(agency__province=quang_nam).count(),
    )
    for person in (admin, root):
        assert not rules.can(person, "agencies.edit_agency", quang_nam)
        assert not rules.can(person, "agencies.manage_memberships", quang_nam)
        client = Client()
        client.force_login(person)
        edit = client.post(
            reverse("agency-edit", args=["quang-nam", snv.pk]),
            {"name": "Sở Nội vụ (sửa)", "kind": "department", "aliases_text": ""},
        )
        assert edit.status_code == 403
        add = client.post(
            reverse("membership-add", args=["quang-nam", snv.pk]),
            {"username": "qnam.moi", "full_name": "Lê Mới", "role": "focal", "password": "Mk-2026-an-toan!"},
        )
        assert add.status_code == 403
        assert client.post(reverse("membership-end", args=["quang-nam", membership.pk])).status_code == 403
        for call in (
            lambda person=person: services.update_agency(snv, actor=person, fields={"name": "Sở Nội vụ (sửa)"}),
            lambda person=person: services.add_membership(actor=person, agency=snv, role="focal", username="qnam.moi"),
            lambda person=person: services.end_membership(membership, actor=person, on=membership.started_on),
        ):
            with pytest.raises(UserError, match="(đã hợp nhất vào Thành phố Đà Nẵng|đã chấm dứt hoạt động)"):
                call()
    after = (
        list(Agency.objects.filter(province=quang_nam).values_list("name", "valid_to")),
        Membership.objects.filter(agency__province=quang_nam).count(),
    )
    assert after == before
    assert not Membership.objects.get(pk=membership.pk).ended_on
    da_nang = province("Đà Nẵng")
    assert rules.can(root, "agencies.edit_agency", da_nang)

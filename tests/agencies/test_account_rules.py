"""SEC-6, ORG-4: what a province administrator may and may not do with accounts, memberships and agencies.

A province administrator manages the memberships and agencies of their province, but grants no role in the
standing agency (only a superuser does), adds no account of another province, grants no role to themselves,
and cannot move the standing agency's powers by editing agency records. Accounts created in the app follow
Django's password validators, with Vietnamese messages. Every refusal leaves the database as it was.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from cchc.agencies import services
from cchc.agencies.models import Agency, AgencyKind, Membership, Role
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry, ProvinceAdministrator
from cchc.regulation.routing import standing_agency_for_permissions
from tests.factories import MembershipFactory, UserFactory, world

GOOD_PASSWORD = "Hoa-sen-nở-2026"


def _state():
    """Everything a refused write must leave unchanged."""
    return (
        sorted(Membership.objects.values_list("id", "user_id", "agency_id", "role", "ended_on")),
        get_user_model().objects.count(),
        AuditEntry.objects.count(),
        sorted(Agency.objects.values_list("id", "name", "kind", "valid_to", "successor_id")),
    )


def _post_membership(client, w, agency, **data):
    return client.post(reverse("membership-add", args=[w.province.slug, agency.pk]), data)


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def w(db):
    return world()


@pytest.fixture
def superuser(db):
    return UserFactory(username="quantri.he.thong", is_superuser=True, is_staff=True)


# --- The standing agency: only a superuser grants its roles ---------------------------------------------


def test_SEC_6_ORG_4_a_province_admin_cannot_make_themselves_leader_of_the_standing_agency(client, w):
    """SEC-6: the finding: the province administrator adds themselves as leader of Sở Nội vụ: refused."""
    admin = w.user("province_admin")
    client.force_login(admin)
    before = _state()
    response = _post_membership(client, w, w.standing, username=admin.username, role=Role.LEADER)
    assert response.status_code == 302
    assert "cơ quan thường trực" in _messages(response)
    assert _state() == before
    assert not Membership.objects.filter(user=admin).exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.FOCAL, Role.VIEWER])
def test_SEC_6_ORG_4_a_province_admin_grants_no_role_in_the_standing_agency(client, w, role):
    """SEC-6: no role of any kind in the standing agency, for a new account or an existing one."""
    client.force_login(w.user("province_admin"))
    before = _state()
    _post_membership(client, w, w.standing, username="snv.moi", full_name="Lê Văn Mới", role=role,
                     password=GOOD_PASSWORD)  # fmt: skip
    _post_membership(client, w, w.standing, username=w.user("ordinary_focal").username, role=role)
    assert _state() == before


def test_SEC_6_the_standing_agency_is_the_one_the_regulation_names_not_a_name_in_code(w, superuser):
    """SEC-6: the rule follows the policy's standing agency: when the regulation in force names another
    agency (here the domain agency), that one is protected and Sở Nội vụ is an ordinary agency again."""
    w.regulation.standing_agency = w.domain
    w.regulation.save()
    assert standing_agency_for_permissions(w.province, dt.date.today()) == w.domain
    admin = w.user("province_admin")
    with pytest.raises(UserError, match="cơ quan thường trực"):
        services.add_membership(actor=admin, agency=w.domain, role=Role.FOCAL, username="stp.moi")
    membership = services.add_membership(actor=admin, agency=w.standing, role=Role.FOCAL, username="snv.moi")
    assert membership.agency == w.standing


def test_SEC_6_a_superuser_grants_roles_in_the_standing_agency(client, w, superuser):
    """SEC-6: only a superuser grants a role in the standing agency; it is audited."""
    client.force_login(superuser)
    entries = AuditEntry.objects.count()
    response = _post_membership(client, w, w.standing, username="snv.lanhdao.moi", full_name="Phan Thị Thu",
                                role=Role.LEADER, password=GOOD_PASSWORD)  # fmt: skip
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="snv.lanhdao.moi")
    assert membership.agency == w.standing and membership.role == Role.LEADER
    assert AuditEntry.objects.count() == entries + 1


def test_SEC_6_a_province_admin_cannot_end_memberships_of_the_standing_agency(client, w, superuser):
    """SEC-6: the people of the standing agency are managed by a superuser only, leaving included."""
    leader = Membership.objects.get(user=w.user("standing_leader"))
    client.force_login(w.user("province_admin"))
    before = _state()
    response = client.post(reverse("membership-end", args=[w.province.slug, leader.pk]))
    assert response.status_code == 302 and "cơ quan thường trực" in _messages(response)
    assert _state() == before
    services.end_membership(leader, actor=superuser, on=dt.date(2026, 11, 24))
    assert Membership.objects.get(pk=leader.pk).ended_on == dt.date(2026, 11, 24)


def test_SEC_6_the_detail_page_offers_no_membership_form_for_the_standing_agency(client, w, superuser):
    """SEC-6: the province admin sees no add/end buttons on the standing agency's page; a superuser does."""
    url = reverse("agency-detail", args=[w.province.slug, w.standing.pk])
    client.force_login(w.user("province_admin"))
    html = client.get(url).content.decode()
    assert reverse("membership-add", args=[w.province.slug, w.standing.pk]) not in html
    assert "Chỉ quản trị hệ thống" in html
    other = client.get(reverse("agency-detail", args=[w.province.slug, w.ordinary.pk])).content.decode()
    assert reverse("membership-add", args=[w.province.slug, w.ordinary.pk]) in other
    client.force_login(superuser)
    assert reverse("membership-add", args=[w.province.slug, w.standing.pk]) in client.get(url).content.decode()


# --- Agency records: the standing agency's powers cannot be moved by editing them ----------------------------


def test_SEC_6_a_province_admin_cannot_end_the_standing_agency_with_a_successor(client, w):
    """SEC-6: ending Sở Nội vụ with another department as its successor would hand that department the
    standing agency's powers (the policy follows successors): refused for a province administrator."""
    client.force_login(w.user("province_admin"))
    before = _state()
    response = client.post(
        reverse("agency-edit", args=[w.province.slug, w.standing.pk]),
        {
            "name": w.standing.name,
            "abbreviation": w.standing.abbreviation,
            "kind": w.standing.kind,
            "valid_to": "01/01/2026",
            "successor": w.ordinary.pk,
            "aliases_text": "",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "cơ quan thường trực" in response.content.decode()
    assert _state() == before
    assert standing_agency_for_permissions(w.province, dt.date.today()) == w.standing


def test_SEC_6_a_province_admin_still_corrects_ordinary_agencies_and_the_standing_agencys_name(w):
    """ORG-4: the province admin manages agencies: an ordinary one is ended with a successor; the standing
    agency's abbreviation may be corrected (it moves no power)."""
    admin = w.user("province_admin")
    services.update_agency(w.ordinary, actor=admin, fields={"valid_to": dt.date(2026, 1, 1), "successor": w.domain})
    assert Agency.objects.get(pk=w.ordinary.pk).successor == w.domain
    services.update_agency(w.standing, actor=admin, fields={"abbreviation": "SNV tỉnh"})
    assert Agency.objects.get(pk=w.standing.pk).abbreviation == "SNV tỉnh"


def test_SEC_6_a_superuser_may_end_the_standing_agency_with_a_successor(w, superuser):
    """SEC-6: a merger of departments is recorded by a superuser."""
    services.update_agency(
        w.standing, actor=superuser, fields={"valid_to": dt.date(2026, 1, 1), "successor": w.ordinary}
    )
    assert standing_agency_for_permissions(w.province, dt.date(2026, 6, 1)) == w.ordinary


@pytest.mark.parametrize("direction", ["into", "out of"])
def test_SEC_6_a_province_admin_cannot_turn_an_agency_into_or_out_of_the_provincial_committee(w, direction):
    """SEC-6: provincial leadership (UBND tỉnh) is a kind of agency; a province admin cannot create it by
    changing another agency's kind, nor take it away."""
    agency, kind = (
        (w.ordinary, AgencyKind.PROVINCIAL_COMMITTEE) if direction == "into" else (w.committee, AgencyKind.DEPARTMENT)
    )
    before = _state()
    with pytest.raises(UserError, match="UBND tỉnh"):
        services.update_agency(agency, actor=w.user("province_admin"), fields={"kind": kind})
    assert _state() == before


# --- Accounts of another province -------------------------------------------------------------------------------


def test_SEC_6_ORG_4_a_province_admin_cannot_add_an_account_of_another_province(client, w):
    """SEC-6: the finding: an account with an active membership in another province is refused."""
    other = world()
    stranger = other.user("domain_focal")
    client.force_login(w.user("province_admin"))
    before = _state()
    response = _post_membership(client, w, w.ordinary, username=stranger.username, role=Role.LEADER)
    assert "tỉnh khác" in _messages(response)
    assert _state() == before


def test_SEC_6_ORG_4_a_province_admin_cannot_add_another_provinces_administrator(w):
    """SEC-6: nor the administrator of another province."""
    other = world()
    before = _state()
    with pytest.raises(UserError, match="tỉnh khác"):
        services.add_membership(
            actor=w.user("province_admin"),
            agency=w.domain,
            role=Role.VIEWER,
            username=other.user("province_admin").username,
        )
    assert _state() == before


def test_SEC_6_ORG_4_not_even_a_superuser_makes_an_account_a_member_of_two_provinces(w, superuser):
    """ORG-4: nobody sees another province's data, so no account is a member in two provinces at once."""
    other = world()
    before = _state()
    with pytest.raises(UserError, match="tỉnh khác"):
        services.add_membership(
            actor=superuser, agency=w.domain, role=Role.VIEWER, username=other.user("viewer").username
        )
    assert _state() == before


def test_ORG_4_an_account_whose_other_province_membership_has_ended_may_join(w):
    """ORG-4: a person who moved: their membership in the other province has ended, so they may join."""
    other = world()
    moved = other.user("ended")  # their only membership (in the other province) ended in 2025
    membership = services.add_membership(
        actor=w.user("province_admin"), agency=w.domain, role=Role.FOCAL, username=moved.username
    )
    assert membership.user == moved and membership.role == Role.FOCAL


def test_ORG_4_an_account_of_the_same_province_may_join_a_second_agency(w):
    """ORG-4: the administrator adds a person of the province to a second agency of the province."""
    person = w.user("ordinary_focal")
    membership = services.add_membership(
        actor=w.user("province_admin"), agency=w.district, role=Role.VIEWER, username=person.username
    )
    assert membership.agency == w.district


# --- Nobody grants themselves a role ------------------------------------------------------------------------------


def test_SEC_6_a_province_admin_cannot_grant_themselves_a_role_in_any_agency(client, w):
    """SEC-6: nobody grants themselves a role: another administrator (or a superuser) does it."""
    admin = w.user("province_admin")
    client.force_login(admin)
    before = _state()
    response = _post_membership(client, w, w.ordinary, username=admin.username, role=Role.LEADER)
    assert "chính mình" in _messages(response)
    assert _state() == before
    second = UserFactory(username="quantri2")
    ProvinceAdministrator.objects.create(user=second, province=w.province)
    membership = services.add_membership(actor=second, agency=w.ordinary, role=Role.LEADER, username=admin.username)
    assert membership.user == admin


# --- Passwords follow Django's validators -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1", "Mật khẩu quá ngắn"),
        ("12345678901", "hoàn toàn là số"),
        ("password123", "quá phổ biến"),
        ("tran.van.moi", "quá giống"),
    ],
)
def test_SEC_6_a_weak_password_is_refused_in_vietnamese_and_no_account_is_made(client, w, password, message):
    """SEC-6: the finding: an account created with the password "1". Django's validators refuse it, in
    Vietnamese, and nothing is created."""
    client.force_login(w.user("province_admin"))
    before = _state()
    response = _post_membership(client, w, w.ordinary, username="tran.van.moi", full_name="Trần Văn Mới",
                                role=Role.FOCAL, password=password)  # fmt: skip
    assert message in _messages(response), _messages(response)
    assert _state() == before
    assert not get_user_model().objects.filter(username="tran.van.moi").exists()


def test_SEC_6_settings_define_the_four_standard_password_validators(settings):
    """SEC-6: the four validators Django ships with."""
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert names == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }


def test_SEC_6_a_good_password_makes_a_usable_account(w):
    """SEC-6: a password that passes the validators is set; the account can log in with it."""
    membership = services.add_membership(
        actor=w.user("province_admin"),
        agency=w.ordinary,
        role=Role.FOCAL,
        username="vo.thi.lan",
        full_name="Võ Thị Lan",
        password=GOOD_PASSWORD,
    )
    assert membership.user.check_password(GOOD_PASSWORD)


def test_SEC_6_roles_are_checked_against_the_enum(w):
    """SEC-6: a role outside Role is refused and nothing is written."""
    before = _state()
    with pytest.raises(UserError, match="Vai trò"):
        services.add_membership(actor=w.user("province_admin"), agency=w.ordinary, role="owner", username="x.y")
    assert _state() == before


def test_SEC_6_a_member_of_another_agency_is_added_to_an_ordinary_agency_by_its_admin(w):
    """ORG-4: the ordinary path still works end to end (with the factories)."""
    person = MembershipFactory(agency=w.domain, role=Role.VIEWER).user
    membership = services.add_membership(
        actor=w.user("province_admin"), agency=w.ordinary, role=Role.LEADER, username=person.username
    )
    assert membership.role == Role.LEADER

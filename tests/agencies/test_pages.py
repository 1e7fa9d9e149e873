"""Agency pages: U-1 accent-insensitive search; ORG-4 nobody sees another province, only admins manage."""

import pytest
from django.urls import reverse

from cchc.agencies.models import Agency, Membership
from cchc.core.models import AuditEntry
from tests.conftest import agency, province


def test_U_1_search_ignores_accents_and_case(client_for):
    client = client_for("qnam.stp")
    response = client.get(reverse("agency-list", args=["quang-nam"]), {"q": "so noi vu"})
    assert response.status_code == 200
    names = [a.name for a in response.context["agencies"]]
    assert names == ["Sở Nội vụ"]
    response = client.get(reverse("agency-list", args=["quang-nam"]), {"q": "SỞ TƯ"})
    names = [a.name for a in response.context["agencies"]]
    assert names[0] == "Sở Tư pháp", "the whole phrase ranks first"
    assert "Sở Kế hoạch và Đầu tư" in names, "every word starts a word of the name"
    response = client.get(reverse("agency-list", args=["quang-nam"]), {"q": "chinh"})
    assert "Sở Tài chính" in [a.name for a in response.context["agencies"]]
    response = client.get(reverse("agency-list", args=["quang-nam"]), {"q": "hinh"})
    assert "Sở Tài chính" not in [a.name for a in response.context["agencies"]], "words match from their start"


def test_U_1_search_by_abbreviation_and_htmx_partial(client_for):
    response = client_for("qnam.stp").get(
        reverse("agency-list", args=["quang-nam"]), {"q": "stttt"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Sở Thông tin và Truyền thông" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_ORG_1_agency_list_shows_kind_parent_dates_and_successor(client_for):
    html = client_for("qnam.stp").get(reverse("agency-list", args=["quang-nam"])).content.decode()
    assert "Sở Khoa học và Công nghệ" in html and "28/02/2025" in html


def test_ORG_4_a_department_of_another_province_gets_404(client_for):
    client = client_for("kgiang.stc")
    assert client.get(reverse("agency-list", args=["quang-nam"])).status_code == 404
    assert client.get(reverse("province", args=["quang-nam"])).status_code == 404
    some = agency("Quảng Nam", "Sở Nội vụ")
    assert client.get(reverse("agency-detail", args=["quang-nam", some.pk])).status_code == 404
    assert client.get(reverse("agency-list", args=["kien-giang"])).status_code == 200


def test_ORG_4_an_agency_is_not_reachable_through_another_province_address(client_for):
    other = agency("Kiên Giang", "Sở Nội vụ")
    response = client_for("qnam.stp").get(reverse("agency-detail", args=["quang-nam", other.pk]))
    assert response.status_code == 404


def test_ORG_4_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("agency-list", args=["quang-nam"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("username", ["qnam.stp", "qnam.snv", "qnam.snv.lanhdao", "qnam.ubnd", "kgiang.snv"])
def test_ORG_4_only_administrators_add_people_to_agencies(client_for, username):
    justice = agency("Quảng Nam", "Sở Tư pháp")
    memberships, entries = Membership.objects.count(), AuditEntry.objects.count()
    response = client_for(username).post(
        reverse("membership-add", args=["quang-nam", justice.pk]), {"username": "intruder", "role": "leader"}
    )
    assert response.status_code == (404 if username.startswith("kgiang") else 403)
    assert Membership.objects.count() == memberships and AuditEntry.objects.count() == entries


def test_ORG_4_province_administrator_adds_a_person_with_a_role(client_for):
    """ORG-4: in a province alive today (Quảng Nam's agencies ended on 30/06/2025: nobody joins them, ORG-5)."""
    justice = agency("Khánh Hòa", "Sở Tư pháp")
    response = client_for("khoa.quantri").post(
        reverse("membership-add", args=["khanh-hoa", justice.pk]),
        {"username": "stp.moi", "full_name": "Đỗ Thị Hoa", "role": "leader", "password": "mat-khau-123"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="stp.moi")
    assert membership.agency == justice and membership.role == "leader"
    page = client_for("khoa.quantri").get(reverse("agency-detail", args=["khanh-hoa", justice.pk])).content.decode()
    assert "stp.moi" in page and "Thêm thành viên" in page


def test_ORG_4_provincial_leadership_sees_all_of_its_province_and_nothing_else(client_for):
    client = client_for("qnam.ubnd")
    assert client.get(reverse("province", args=["quang-nam"])).status_code == 200
    assert client.get(reverse("agency-list", args=["quang-nam"])).status_code == 200
    assert client.get(reverse("province", args=["kien-giang"])).status_code == 404


def test_ORG_4_only_administrators_edit_agencies(client_for):
    justice = agency("Quảng Nam", "Sở Tư pháp")
    url = reverse("agency-edit", args=["quang-nam", justice.pk])
    assert client_for("qnam.snv.lanhdao").post(url, {"name": "Đổi tên", "kind": "department"}).status_code == 403
    assert Agency.objects.get(pk=justice.pk).name == "Sở Tư pháp"
    # ORG-5: Quảng Nam merged into Đà Nẵng: its own administrator edits it no more; Khánh Hòa's edits Khánh Hòa's.
    assert client_for("qnam.quantri").get(url).status_code == 403
    khanh_hoa_justice = agency("Khánh Hòa", "Sở Tư pháp")
    edit = reverse("agency-edit", args=["khanh-hoa", khanh_hoa_justice.pk])
    assert client_for("khoa.quantri").get(edit).status_code == 200


def test_U_3_agency_page_shows_its_audit_trail(client_for, demo_user):
    from cchc.agencies.services import update_agency

    # Đà Nẵng: an agency at work today (Quảng Nam's ended on 30/06/2025, ORG-5).
    justice = agency("Đà Nẵng", "Sở Tư pháp")
    update_agency(justice, actor=demo_user("admin"), fields={"note": "Ghi chú mới"})
    html = client_for("dnang.stp").get(reverse("agency-detail", args=["da-nang", justice.pk])).content.decode()
    assert "Nhật ký thay đổi" in html and "Ghi chú mới" in html and "Quản trị hệ thống" in html


def test_ORG_1_province_counts_do_not_leak_other_provinces(client_for):
    """ORG-1: the counts of a province alive today (Đà Nẵng, beside which Quảng Nam's agencies, all ended on
    30/06/2025 with successors in Đà Nẵng, are never counted)."""
    response = client_for("dnang.stp").get(reverse("province", args=["da-nang"]))
    total = sum(n for _, n in response.context["counts"])
    assert 0 < total <= Agency.objects.filter(province=province("Đà Nẵng")).count()

"""REG-4: routing answers from the regulation in force; ORG-2: ended agencies route to their successors."""

import datetime as dt

import pytest

from cchc.regulation import routing
from cchc.regulation.models import Responsibility
from tests.conftest import agency, province
from tests.regulation.helpers import load_text, regulation_text

QN = "Quảng Nam"
AFTER_MERGER = dt.date(2025, 6, 1)


def test_REG_4_standing_agency_and_leads_come_from_the_regulation(db):
    quang_nam = province(QN)
    on = dt.date(2022, 3, 1)
    assert routing.route_standing_agency(quang_nam, on).agency == agency(QN, "Sở Nội vụ")
    assert routing.route_lead(quang_nam, "institutions", on).agency == agency(QN, "Sở Tư pháp")
    assert routing.route_lead(quang_nam, "institutions", on).article == "Đ15.1"
    assert [r.agency for r in routing.route_appraisers(quang_nam, "institutions", on)] == [agency(QN, "Sở Tư pháp")]
    assert [r.agency for r in routing.route_co_appraisers(quang_nam, "project-funding", on)] == [
        agency(QN, "Sở Tài chính")
    ]


def test_REG_4_proposal_deadline_and_recipients(db):
    quang_nam = province(QN)
    on = dt.date(2022, 10, 1)
    assert routing.proposal_deadline(quang_nam, 2022, on) == dt.date(2022, 11, 15)
    asked = {r.agency.abbreviation for r in routing.route_proposal_requests(quang_nam, on)}
    assert asked == {"STP", "STC", "SKHCN", "STTTT", "VP UBND"}
    khanh_hoa = province("Khánh Hòa")
    assert routing.proposal_deadline(khanh_hoa, 2011, dt.date(2011, 6, 1)) == dt.date(2011, 12, 10)


def test_ORG_2_ended_agency_routes_to_its_successor(db):
    quang_nam = province(QN)
    ict, science = agency(QN, "Sở Thông tin và Truyền thông"), agency(QN, "Sở Khoa học và Công nghệ")
    assert ict.valid_to == dt.date(2025, 2, 28) and ict.successor == science
    before = routing.route_lead(quang_nam, "it-application", dt.date(2025, 2, 28))
    assert before.agency == ict and not before.via_successor
    after = routing.route_lead(quang_nam, "it-application", AFTER_MERGER)
    assert after.agency == science and after.named == ict and after.via_successor
    assert "kế thừa Sở Thông tin và Truyền thông" in after.explain()
    invited = {r.agency for r in routing.route_briefing_invitees(quang_nam, AFTER_MERGER)}
    assert science in invited and ict not in invited


def test_ORG_2_regulation_naming_ended_agencies_is_flagged_for_update(db):
    regulation = routing.regulation_in_force(province(QN), AFTER_MERGER)
    outdated = {o.named.name: o.successor for o in routing.outdated_names(regulation, AFTER_MERGER)}
    assert outdated["Sở Thông tin và Truyền thông"] == agency(QN, "Sở Khoa học và Công nghệ")
    assert routing.outdated_names(regulation, dt.date(2022, 1, 1)) == []


def test_ORG_3_groups_resolve_to_their_agencies_at_the_date(db):
    quang_nam = province(QN)
    rows = Responsibility.objects.filter(regulation__province=quang_nam, group__isnull=False).select_related("group")
    districts = next(r.group for r in rows if r.group.kinds == ["district"])
    assert len(districts.resolve(dt.date(2022, 1, 1))) >= 10
    assert districts.resolve(dt.date(2025, 7, 1)) == [], "districts ended on 30/06/2025"


def test_REG_4_no_regulation_in_force_answers_so_instead_of_guessing(db):
    hung_yen = province("Hưng Yên")
    with pytest.raises(routing.NoRegulationInForce) as caught:
        routing.route_lead(hung_yen, "institutions", dt.date(2020, 1, 1))
    assert str(caught.value) == "Tỉnh Hưng Yên chưa có quy chế phối hợp có hiệu lực vào ngày 01/01/2020."
    with pytest.raises(routing.NoRegulationInForce):
        routing.route_proposal_requests(province("Bình Định"), dt.date(2020, 1, 1))
    # Before Quảng Nam's first known regulation there is nothing to route by either.
    with pytest.raises(routing.NoRegulationInForce):
        routing.route_standing_agency(province(QN), dt.date(2010, 1, 1))


def test_REG_4_changing_the_regulation_changes_routing_without_code(db):
    quang_nam = province(QN)
    load_text(
        regulation_text(
            """
        institutions:
          - {role: lead, agency: Văn phòng UBND tỉnh, article: Đ3}
        plan-proposals:
          - {role: lead, agency: Sở Nội vụ, article: Đ5}
          - {role: coordinate, agency: Sở Tư pháp, article: Đ5}
    """,
            signed_on="2024-01-05",
            effective_from="2024-01-15",
        )
    )
    assert routing.route_lead(quang_nam, "institutions", dt.date(2024, 1, 14)).agency == agency(QN, "Sở Tư pháp")
    on = dt.date(2024, 2, 1)
    assert routing.route_lead(quang_nam, "institutions", on).agency == agency(QN, "Văn phòng UBND tỉnh")
    assert [r.agency.name for r in routing.route_proposal_requests(quang_nam, on)] == ["Sở Tư pháp"]


def test_REG_4_a_topic_without_its_own_lead_falls_back_to_its_area(db):
    quang_nam = province(QN)
    load_text(
        regulation_text(
            """
        modernisation:
          - {role: lead, agency: Sở Khoa học và Công nghệ, article: Đ7}
    """,
            signed_on="2024-01-05",
            effective_from="2024-01-15",
        )
    )
    route = routing.route_lead(quang_nam, "online-services", dt.date(2024, 2, 1))
    assert route.agency == agency(QN, "Sở Khoa học và Công nghệ")


def test_REG_3_the_lead_is_left_out_of_a_coordinating_group(db):
    quang_nam = province(QN)
    coordinators = routing.route_coordinators(quang_nam, "general", dt.date(2022, 1, 1))
    names = {r.agency.name for r in coordinators}
    assert "Sở Nội vụ" not in names, "Sở Nội vụ leads Đ4.1 and is also in «Các sở, ban, ngành» (Đ4.2)"
    assert {"Sở Tư pháp", "Sở Y tế"} <= names
    assert any(r.via_group for r in coordinators)


def test_PLAN_7_agency_plans_go_to_the_standing_agency_and_whom_the_regulation_names(db):
    """PLAN-7, REG-4: Khánh Hòa's regulation (002 Đ7.3) names Sở TT&TT and Sở KH&CN under `agency-plans`, so they
    receive every agency's plan with Sở Nội vụ; Quảng Nam's names nobody under that topic, so the standing agency
    alone receives them (the IT and ISO leads are no longer added by code)."""
    quang_nam = province(QN)
    for on in (dt.date(2024, 1, 1), AFTER_MERGER):
        assert {r.agency.name for r in routing.route_agency_plan_recipients(quang_nam, on)} == {"Sở Nội vụ"}
    khanh_hoa = {
        r.agency.abbreviation for r in routing.route_agency_plan_recipients(province("Khánh Hòa"), dt.date(2011, 1, 1))
    }
    assert khanh_hoa == {"SNV", "STTTT", "SKHCN"}


# --- ORG-5: a province that merged into another routes nothing after its last day -------------------------------

LAST_DAY, MERGED_ON = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def test_ORG_5_REG_4_an_ended_province_routes_by_its_regulation_up_to_its_last_day(db):
    """ORG-5, REG-4: history stays readable: on 30/06/2025, Quảng Nam's last day, its regulation is in force and
    routes to its own agencies, as before the merger."""
    quang_nam = province(QN)
    assert quang_nam.valid_to == LAST_DAY
    assert routing.regulation_in_force(quang_nam, LAST_DAY) is not None
    assert routing.route_standing_agency(quang_nam, LAST_DAY).agency == agency(QN, "Sở Nội vụ")
    assert routing.route_lead(quang_nam, "institutions", LAST_DAY).agency == agency(QN, "Sở Tư pháp")
    assert routing.proposal_deadline(quang_nam, 2025, LAST_DAY) == dt.date(2025, 11, 15)


@pytest.mark.parametrize("on", [MERGED_ON, dt.date(2026, 3, 1)])
def test_ORG_5_REG_4_an_ended_province_has_no_regulation_in_force_after_its_last_day(db, on):
    """ORG-5, REG-4: from 01/07/2025 Quảng Nam's regulation routes nothing, not even to the successors of its
    agencies in Đà Nẵng: every routing question says plainly that the province merged, into which, and from when."""
    quang_nam = province(QN)
    assert routing.regulation_in_force(quang_nam, on) is None
    expected = (
        "Tỉnh Quảng Nam đã hợp nhất vào Thành phố Đà Nẵng từ 01/07/2025; quy chế phối hợp của tỉnh không còn hiệu "
        "lực sau ngày 30/06/2025. Công việc từ ngày 01/07/2025 theo quy chế phối hợp của Thành phố Đà Nẵng."
    )
    for ask in (
        lambda: routing.route_standing_agency(quang_nam, on),
        lambda: routing.route_lead(quang_nam, "institutions", on),
        lambda: routing.route_appraisers(quang_nam, "institutions", on),
        lambda: routing.route_proposal_requests(quang_nam, on),
        lambda: routing.route_briefing_invitees(quang_nam, on),
        lambda: routing.route_agency_plan_recipients(quang_nam, on),
        lambda: routing.proposal_deadline(quang_nam, on.year, on),
    ):
        with pytest.raises(routing.NoRegulationInForce) as caught:
            ask()
        assert str(caught.value) == expected


def test_ORG_5_REG_4_a_regulation_issued_for_an_ended_province_after_its_end_routes_nothing(db):
    """ORG-5, REG-4: even a regulation recorded for Quảng Nam with effect in 2026 is not in force: the province
    has ended. A successor not in the system is named as the province file writes it (Kiên Giang → An Giang)."""
    quang_nam = province(QN)
    load_text(
        regulation_text(
            """
        institutions:
          - {role: lead, agency: Sở Tư pháp, article: Đ3}
    """
        )
    )
    assert routing.regulation_in_force(quang_nam, dt.date(2026, 2, 1)) is None
    with pytest.raises(routing.NoRegulationInForce):
        routing.route_lead(quang_nam, "institutions", dt.date(2026, 2, 1))
    kien_giang = province("Kiên Giang")
    assert kien_giang.successor is None and kien_giang.successor_name
    with pytest.raises(routing.NoRegulationInForce) as caught:
        routing.route_standing_agency(kien_giang, MERGED_ON)
    assert str(caught.value).startswith("Tỉnh Kiên Giang đã hợp nhất vào Tỉnh An Giang từ 01/07/2025;")

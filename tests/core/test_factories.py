"""The factories build a province of their own that the routing service answers about (ORG-4, REG-4)."""

import datetime as dt

from cchc.core import rules as policy
from cchc.regulation import routing
from tests.factories import USER_KINDS, world


def test_ORG_4_world_has_a_standing_agency_and_one_user_of_each_kind(db):
    """ORG-4 REG-4: the factory world routes like a real province, and its users have their roles."""
    w = world()
    on = dt.date(2026, 6, 1)
    assert routing.route_standing_agency(w.province, on).agency == w.standing
    assert routing.route_lead(w.province, "institutions", on).agency == w.domain
    assert set(w.users) == set(USER_KINDS)
    assert policy.is_standing_agency_leader(w.user("standing_leader"), w.province)
    assert not policy.is_standing_agency_staff(w.user("ended"), w.province)
    assert not policy.is_in_province(w.user("viewer"), world().province)


def test_PLAN_1_default_issuer_is_the_provincial_committee_record(db):
    """PLAN-1: the issuer of a provincial document comes from the UBND tỉnh agency record, as it is written."""
    from cchc.agencies.queries import default_issuer

    w = world()
    assert default_issuer(w.province) == w.committee.name
    w.committee.name = "Ủy ban nhân dân tỉnh Thử Nghiệm"
    w.committee.save()
    assert default_issuer(w.province) == "Ủy ban nhân dân tỉnh Thử Nghiệm"

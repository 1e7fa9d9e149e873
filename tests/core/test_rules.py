"""SEC-1: the one permission policy: rules are named, unknown names are errors, and no view checks a role."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from cchc.core.rules import can, require
from tests.factories import UserFactory, world

SRC = Path(__file__).resolve().parents[2] / "src" / "cchc"


def test_SEC_1_an_unknown_rule_is_an_error_not_a_silent_denial(db):
    """SEC-1: a misspelt rule name raises instead of quietly refusing everyone."""
    w = world()
    with pytest.raises(ImproperlyConfigured):
        can(w.user("standing_leader"), "plans.edit_plans", w.province)


def test_SEC_1_issuing_is_the_leaders_act_even_for_a_superuser(db):
    """SEC-1: a superuser sees every province and manages memberships, but issues nothing: the policy is asked
    directly, not through Django's has_perm (which says yes to a superuser about everything)."""
    w = world()
    root = UserFactory(username="root-sec1", is_superuser=True, is_staff=True)
    assert can(root, "core.view_province", w.province)
    assert can(root, "agencies.manage_memberships", w.province)
    assert root.has_perm("regulation.issue", w.province)  # Django's answer, which the code never asks
    assert not can(root, "regulation.issue", w.province)
    assert can(w.user("standing_leader"), "regulation.issue", w.province)
    assert not can(w.user("standing_focal"), "regulation.issue", w.province)


def test_SEC_1_an_inactive_account_may_do_nothing(db):
    """SEC-1 ORG-4: a deactivated leader keeps their membership rows but loses every right."""
    w = world()
    leader = w.user("standing_leader")
    leader.is_active = False
    assert not can(leader, "core.view_province", w.province)
    with pytest.raises(PermissionDenied):
        require(leader, "regulation.edit", w.province)


def test_ORG_4_provincial_leadership_reads_everything_and_writes_nothing(db):
    """ORG-4: UBND tỉnh reads every plan and call of its province, and may not edit, issue or prepare plans."""
    w = world()
    committee = w.user("committee_leader")
    assert can(committee, "plans.view_calls", w.province)
    for rule in ("regulation.edit", "regulation.issue", "plans.create_plan", "plans.open_call", "ingest.upload"):
        assert not can(committee, rule, w.province), rule


HAND_CHECKS = re.compile(r"\.role\b|[\"'](leader|focal)[\"']|is_standing_agency_|Role\.(LEADER|FOCAL|VIEWER)")


def test_SEC_1_no_view_or_api_route_checks_a_role_by_hand():
    """SEC-1: views and API routes name rules; the role tests live only in the rules modules' predicates."""
    files = [*SRC.glob("*/views*.py"), *SRC.glob("*/api.py")]
    assert files
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_CHECKS.search(line) and "r.role" not in line
    ]
    assert not found, found

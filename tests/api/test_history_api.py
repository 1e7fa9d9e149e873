"""ORG-5, ORG-4, U-5: the API reads as the screens do: the successor province's people read the provinces merged
into it (regulations, plans, tasks), the other provinces stay invisible, and the old province's people do not
read the new one. Provinces of their own (tests/factories.py), not the demo's."""

import pytest

from cchc.plans.models import PlanStatus
from tests.factories import PlanFactory, TaskFactory, world
from tests.web.test_history import issued_plan, merge

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged():
    new, old, third = world(), world(), world()
    merge(old, new)
    plan = issued_plan(old)
    draft = PlanFactory(province=old.province, owner=old.domain, status=PlanStatus.DRAFT)
    TaskFactory(plan=draft, lead=old.domain)
    return {"new": new, "old": old, "third": third, "plan": plan, "draft": draft}


def test_ORG_5_api_the_successor_reads_its_predecessors_records(api, merged):
    """ORG-5, U-5: a viewer of the new province lists the old province among its provinces (with its successor)
    and reads its regulations, its issued plans and their tasks."""
    new, old, plan = merged["new"], merged["old"], merged["plan"]
    reader = new.user("viewer").username
    slug = old.province.slug
    provinces = {p["slug"]: p for p in api(reader, "/provinces").json()}
    assert set(provinces) == {new.province.slug, slug}
    assert provinces[slug]["successor"] == new.province.slug and provinces[slug]["valid_to"] == "2025-06-30"
    assert provinces[new.province.slug]["predecessors"] == [slug]

    regulations = api(reader, f"/provinces/{slug}/regulations")
    assert regulations.status_code == 200
    assert [r["id"] for r in regulations.json()] == [old.regulation.pk]
    assert api(reader, f"/provinces/{slug}/regulations/{old.regulation.pk}").status_code == 200
    plans = api(reader, f"/provinces/{slug}/plans")
    assert plans.status_code == 200
    assert [p["id"] for p in plans.json()] == [plan.pk]
    assert api(reader, f"/provinces/{slug}/plans/{plan.pk}").status_code == 200
    tasks = api(reader, f"/provinces/{slug}/plans/{plan.pk}/tasks")
    assert tasks.status_code == 200 and len(tasks.json()) == 2
    chain = api(reader, f"/provinces/{slug}/agencies/{old.standing.pk}/successors").json()
    assert [a["province"] for a in chain] == [slug, new.province.slug]


def test_ORG_4_api_a_predecessors_draft_and_other_provinces_stay_hidden(api, merged):
    """ORG-4, ORG-5: the old province's draft is not the successor's to read (404); a third province's user reads
    neither province (404); the old province's people do not read the new one (404)."""
    new, old, third, draft = merged["new"], merged["old"], merged["third"], merged["draft"]
    old_slug, new_slug = old.province.slug, new.province.slug
    assert api(new.user("standing_leader").username, f"/provinces/{old_slug}/plans/{draft.pk}").status_code == 404
    outsider = third.user("standing_leader").username
    assert {p["slug"] for p in api(outsider, "/provinces").json()} == {third.province.slug}
    for path in (f"/provinces/{old_slug}/regulations", f"/provinces/{old_slug}/plans/{merged['plan'].pk}"):
        assert api(outsider, path).status_code == 404
        assert api(new.user("ended").username, path).status_code == 404
    old_reader = old.user("standing_leader").username
    assert new_slug not in {p["slug"] for p in api(old_reader, "/provinces").json()}
    assert api(old_reader, f"/provinces/{new_slug}/regulations").status_code == 404


def test_ORG_5_api_says_whether_a_predecessors_regulation_was_in_force_on_a_day(api, merged):
    """ORG-5, REG-2: the old province's regulation is not in force today (the province ended), but it was on its
    last day: `?on=` asks for a day, in the list and for one regulation; a malformed day is a 422."""
    new, old = merged["new"], merged["old"]
    reader = new.user("viewer").username
    slug, pk = old.province.slug, old.regulation.pk
    assert api(reader, f"/provinces/{slug}/regulations/{pk}").json()["in_force"] is False
    assert api(reader, f"/provinces/{slug}/regulations/{pk}?on=2025-06-30").json()["in_force"] is True
    assert api(reader, f"/provinces/{slug}/regulations/{pk}?on=2025-07-01").json()["in_force"] is False
    assert [r["in_force"] for r in api(reader, f"/provinces/{slug}/regulations?on=2025-06-30").json()] == [True]
    assert api(reader, f"/provinces/{slug}/regulations/{pk}?on=30-06-2025").status_code == 422

"""ORG-5, ORG-4: the successor province reads its predecessors' records, read-only, and nobody else does.

Each test builds provinces of its own with the factories (tests/factories.py `world()`): an old province (or
several) whose last day is 30/06/2025 and whose successor is a new one, with agencies that carry their work on
in the new province (Sở Nội vụ → Sở Nội vụ of the new province).
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.agencies.models import Agency
from cchc.core.models import AuditEntry, Province
from cchc.core.rules import can, visible_provinces
from cchc.plans.models import Plan, PlanStatus, Task
from cchc.regulation.models import Regulation
from tests.factories import PlanFactory, TaskFactory, world

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2025, 6, 30)


def merge(old, new, *, last_day=LAST_DAY):
    """ORG-5: `old` (a world) merged into `new` (a world): its last day and successor, and its standing agency
    and domain agency carried on by the new province's."""
    Province.objects.filter(pk=old.province.pk).update(valid_to=last_day, successor=new.province)
    Agency.objects.filter(pk=old.standing.pk).update(valid_to=last_day, successor=new.standing)
    Agency.objects.filter(pk=old.domain.pk).update(valid_to=last_day, successor=new.domain)
    old.province.refresh_from_db()


def issued_plan(w, *, owner=None, title="Kế hoạch cải cách hành chính năm 2024", number="12/KH-UBND", tasks=2):
    plan = PlanFactory(
        province=w.province,
        owner=owner or w.standing,
        title=title,
        start_year=2024,
        end_year=2024,
        status=PlanStatus.ISSUED,
        number=number,
        signed_on=dt.date(2024, 1, 15),
    )
    for _ in range(tasks):
        TaskFactory(plan=plan, lead=w.domain)
    return plan


@pytest.fixture
def merged():
    """A new province and an old one merged into it, with an issued plan of the old one's Sở Nội vụ, a draft
    of its Sở Tư pháp, and a third province that has nothing to do with them."""
    new, old, third = world(), world(), world()
    merge(old, new)
    issued = issued_plan(old)
    draft = PlanFactory(province=old.province, owner=old.domain, title="Dự thảo kế hoạch của Sở Tư pháp")
    return {"new": new, "old": old, "third": third, "issued": issued, "draft": draft}


def forms_but_logout(page: str) -> list[str]:
    """The forms of a page other than the logout button every page has."""
    return [form for form in re.findall(r"<form[^>]*>", page) if reverse("logout") not in form]


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- 1. visibility ----------------------------------------------------------------------------------------------------


def test_ORG_5_a_successor_province_member_reads_the_predecessors_pages(client, merged):
    """ORG-5: a member of any agency of the new province (a viewer too) opens the old province's pages: the
    province, its agencies, its regulation, its plans and an issued plan; the old province is in their provinces."""
    new, old, plan = merged["new"], merged["old"], merged["issued"]
    slug = old.province.slug
    urls = [
        reverse("province", args=[slug]),
        reverse("agency-list", args=[slug]),
        reverse("agency-detail", args=[slug, old.standing.pk]),
        reverse("regulation-list", args=[slug]),
        reverse("regulation-detail", args=[slug, old.regulation.pk]),
        reverse("routing", args=[slug]),
        reverse("plan-list", args=[slug]),
        reverse("plan-detail", args=[slug, plan.pk]),
        reverse("plan-appendix", args=[slug, plan.pk]),
    ]
    for kind in ("viewer", "ordinary_focal", "standing_leader", "committee_leader"):
        user = new.user(kind)
        assert old.province in visible_provinces(user)
        for url in urls:
            client.force_login(user)
            assert client.get(url).status_code == 200, (kind, url)


def test_ORG_5_a_predecessors_draft_stays_with_its_own_people(client, merged):
    """ORG-5, ORG-4: the old province's draft plan is not history the successor reads: 404 for its people."""
    old, draft = merged["old"], merged["draft"]
    for kind in ("standing_leader", "committee_leader"):
        response = get(client, merged["new"].user(kind), reverse("plan-detail", args=[old.province.slug, draft.pk]))
        assert response.status_code == 404


def test_ORG_5_reading_follows_mergers_recursively(client, merged):
    """ORG-5: a province merged into the old one before (its own predecessor) is read by the new province too."""
    older = world()
    merge(older, merged["old"], last_day=dt.date(2008, 7, 31))
    user = merged["new"].user("ordinary_focal")
    assert {older.province, merged["old"].province} <= set(visible_provinces(user))
    url = reverse("regulation-detail", args=[older.province.slug, older.regulation.pk])
    assert get(client, user, url).status_code == 200


def test_ORG_4_other_provinces_stay_invisible(client, merged):
    """ORG-4: a third province's people see neither province; the old province's people do not read the new one
    (reading goes from successor to predecessor only); an ended membership of the new province reads nothing."""
    new, old, third = merged["new"], merged["old"], merged["third"]
    old_urls = [
        reverse("province", args=[old.province.slug]),
        reverse("regulation-detail", args=[old.province.slug, old.regulation.pk]),
        reverse("plan-detail", args=[old.province.slug, merged["issued"].pk]),
    ]
    for url in old_urls:
        assert get(client, third.user("standing_leader"), url).status_code == 404
        assert get(client, new.user("ended"), url).status_code == 404
    new_urls = [reverse("province", args=[new.province.slug]), reverse("plan-list", args=[new.province.slug])]
    for url in new_urls:
        assert get(client, old.user("standing_leader"), url).status_code == 404
    assert old.province not in visible_provinces(third.user("standing_leader"))
    assert new.province not in visible_provinces(old.user("standing_leader"))


def test_ORG_5_the_successor_writes_nothing_in_the_predecessor(client, merged):
    """ORG-5: the new province's Sở Nội vụ, which carries on the old Sở Nội vụ's work, still may not edit the
    old province's regulation, plans, agencies or calls: each form answers 403 or 404 and nothing changes."""
    new, old, plan = merged["new"], merged["old"], merged["issued"]
    slug = old.province.slug
    leader = new.user("standing_leader")
    for rule, obj in [
        ("regulation.edit", old.province),
        ("regulation.issue", old.province),
        ("plans.create_plan", old.province),
        ("plans.edit_plan", plan),
        ("plans.issue_plan", plan),
        ("plans.open_call", old.province),
        ("ingest.upload", old.province),
        ("agencies.edit_agency", old.province),
    ]:
        assert not can(leader, rule, obj), rule
    before = (
        Regulation.objects.filter(province=old.province).count(),
        Plan.objects.filter(province=old.province).count(),
        Task.objects.filter(plan__province=old.province).count(),
        AuditEntry.objects.count(),
        list(Plan.objects.filter(pk=plan.pk).values_list("title", "status", "version")),
        list(Agency.objects.filter(province=old.province).order_by("pk").values_list("name", "kind")),
    )
    posts = [
        (reverse("regulation-create", args=[slug]), {"number": "1/QĐ-UBND", "title": "Quy chế"}),
        (reverse("regulation-amend", args=[slug, old.regulation.pk]), {"reason": "Sửa"}),
        (reverse("plan-create", args=[slug]), {"kind": "annual", "title": "Kế hoạch mới"}),
        (reverse("plan-edit", args=[slug, plan.pk]), {"title": "Tên mới"}),
        (reverse("task-create", args=[slug, plan.pk]), {"title": "Nhiệm vụ mới", "time_text": "Quý I"}),
        (reverse("plan-adjust", args=[slug, plan.pk]), {"step": "begin"}),
        (reverse("agency-plan-create", args=[slug]), {"year": 2027}),
        (reverse("call-list", args=[slug]), {"year": 2027, "deadline": "01/12/2026"}),
        (reverse("agency-edit", args=[slug, old.ordinary.pk]), {"name": "Tên mới", "kind": "department"}),
        (reverse("ingest-upload", args=[slug]), {"text": "KẾ HOẠCH", "kind": "plan"}),
    ]
    client.force_login(leader)
    for url, data in posts:
        assert client.post(url, data).status_code in (403, 404), url
    after = (
        Regulation.objects.filter(province=old.province).count(),
        Plan.objects.filter(province=old.province).count(),
        Task.objects.filter(plan__province=old.province).count(),
        AuditEntry.objects.count(),
        list(Plan.objects.filter(pk=plan.pk).values_list("title", "status", "version")),
        list(Agency.objects.filter(province=old.province).order_by("pk").values_list("name", "kind")),
    )
    assert after == before


# --- 2. the history page ----------------------------------------------------------------------------------------------


def test_ORG_5_the_history_page_lists_each_predecessor_with_its_regulations_and_plans_by_agency(client, merged):
    """ORG-5: "Lịch sử trước hợp nhất" lists the old province with its last day, its regulations, and its issued
    plans (title, number, date, status, tasks) under the agency that did the work, each linked to its page in
    the old province; read-only: no form but the logout."""
    new, old, issued = merged["new"], merged["old"], merged["issued"]
    other = issued_plan(
        old, owner=old.domain, title="Kế hoạch kiểm tra cải cách hành chính", number="7/KH-STP", tasks=3
    )
    response = get(client, new.user("viewer"), reverse("province-history", args=[new.province.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lịch sử trước hợp nhất" in page
    assert old.province.title in page and "30/06/2025" in page
    assert old.regulation.number in page
    assert reverse("regulation-detail", args=[old.province.slug, old.regulation.pk]) in page
    for plan, tasks in ((issued, 2), (other, 3)):
        assert plan.title in page and plan.number in page and "15/01/2024" in page
        assert reverse("plan-detail", args=[old.province.slug, plan.pk]) in page
        assert f'data-tasks="{tasks}"' in page
    assert "Đã ban hành" in page
    assert merged["draft"].title not in page
    # each plan under its owner: Sở Nội vụ's heading before its plan, Sở Tư pháp's before its own
    snv, stp = page.index(f'data-owner="{old.standing.pk}"'), page.index(f'data-owner="{old.domain.pk}"')
    first, second = sorted([(snv, issued.title), (stp, other.title)])
    assert first[0] < page.index(first[1]) < second[0] < page.index(second[1])
    assert not forms_but_logout(page)


def test_ORG_5_the_history_page_is_404_without_predecessors_and_outside_the_province(client, merged):
    """ORG-5, ORG-4: a province with no predecessors has no history page (404); the third province's people
    and the old province's own people do not see the new one's (404)."""
    new, old, third = merged["new"], merged["old"], merged["third"]
    assert get(client, third.user("viewer"), reverse("province-history", args=[third.province.slug])).status_code == 404
    url = reverse("province-history", args=[new.province.slug])
    assert get(client, third.user("standing_leader"), url).status_code == 404
    assert get(client, old.user("standing_leader"), url).status_code == 404
    assert get(client, new.user("ended"), url).status_code == 404


def _history_queries(client, user, slug) -> int:
    client.force_login(user)
    url = reverse("province-history", args=[slug])
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_ORG_5_the_history_page_asks_as_many_queries_for_one_and_for_five_predecessors(
    client, django_assert_num_queries
):
    """ORG-5: the history page of a province with five predecessors (each with a regulation and two plans of
    two agencies) asks the same number of queries as with one."""
    one, five = world(), world()
    single = world()
    merge(single, one)
    issued_plan(single)
    for n in range(5):
        old = world()
        merge(old, five)
        issued_plan(old, number=f"{n}/KH-UBND")
        issued_plan(old, owner=old.domain, number=f"{n}/KH-STP", tasks=3)
    expected = _history_queries(client, one.user("viewer"), one.province.slug)
    client.force_login(five.user("viewer"))
    url = reverse("province-history", args=[five.province.slug])
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('data-tasks="3"') == 5


# --- 3. the agency page -----------------------------------------------------------------------------------------------


def test_ORG_5_an_agency_page_lists_its_predecessors_across_provinces(client, merged):
    """ORG-5, ORG-2: the new Sở Nội vụ's page lists the old province's Sở Nội vụ with its province and its last
    day, linked to its page in the old province, marked "trước hợp nhất"."""
    new, old = merged["new"], merged["old"]
    page = get(client, new.user("viewer"), reverse("agency-detail", args=[new.province.slug, new.standing.pk]))
    text = page.content.decode()
    assert reverse("agency-detail", args=[old.province.slug, old.standing.pk]) in text
    assert old.province.title in text and "30/06/2025" in text and "trước hợp nhất" in text
    # the old agency's page links its successor in the new province
    old_page = get(client, new.user("viewer"), reverse("agency-detail", args=[old.province.slug, old.standing.pk]))
    assert reverse("agency-detail", args=[new.province.slug, new.standing.pk]) in old_page.content.decode()


def test_ORG_5_an_agency_page_asks_as_many_queries_for_one_and_for_three_predecessors(client):
    """ORG-5: the agency page's list of predecessors costs the same for one and for three."""
    one, three = world(), world()
    merge(world(), one)
    for _ in range(3):
        merge(world(), three)
    client.force_login(one.user("viewer"))
    url_one = reverse("agency-detail", args=[one.province.slug, one.standing.pk])
    client.get(url_one)
    with CaptureQueriesContext(connection) as first:
        client.get(url_one)
    client.force_login(three.user("viewer"))
    url_three = reverse("agency-detail", args=[three.province.slug, three.standing.pk])
    client.get(url_three)
    with CaptureQueriesContext(connection) as second:
        text = client.get(url_three).content.decode()
    assert text.count("trước hợp nhất") >= 3
    assert len(second) == len(first)


# --- 4. the banner on a predecessor's records -------------------------------------------------------------------------


def test_ORG_5_a_predecessors_records_say_read_only_and_show_no_edit_buttons(client, merged):
    """ORG-5: the old province's regulation and plan, opened by the new province's Sở Nội vụ leader, say
    "Hồ sơ của <old> trước khi hợp nhất vào <new> (chỉ xem)" and offer no edit button; the old province's own
    administrator sees no banner."""
    new, old, plan = merged["new"], merged["old"], merged["issued"]
    slug = old.province.slug
    banner = f"Hồ sơ của {old.province.title} trước khi hợp nhất vào {new.province.title} (chỉ xem)"
    regulation_url = reverse("regulation-detail", args=[slug, old.regulation.pk])
    plan_url = reverse("plan-detail", args=[slug, plan.pk])
    for url, edits in [
        (
            regulation_url,
            [reverse("regulation-amend", args=[slug, old.regulation.pk]), reverse("regulation-create", args=[slug])],
        ),
        (plan_url, [reverse("plan-edit", args=[slug, plan.pk]), reverse("task-create", args=[slug, plan.pk])]),
    ]:
        text = get(client, new.user("standing_leader"), url).content.decode()
        assert banner in text, url
        assert not any(edit in text for edit in edits), url
        assert not forms_but_logout(text), url
        assert banner not in get(client, old.user("province_admin"), url).content.decode()


def test_ORG_5_no_banner_on_the_successors_own_records(client, merged):
    """ORG-5: the new province's own regulation carries no "trước khi hợp nhất" banner."""
    new = merged["new"]
    url = reverse("regulation-detail", args=[new.province.slug, new.regulation.pk])
    assert "trước khi hợp nhất" not in get(client, new.user("standing_leader"), url).content.decode()


def test_ORG_5_home_goes_to_the_users_province_not_to_a_choice_with_its_history(client, merged):
    """ORG-5: a person of the new province alone still lands on its page from the home page: the old province
    it reads is its history, not a second province to choose."""
    new = merged["new"]
    response = get(client, new.user("viewer"), reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("province", args=[new.province.slug])


def test_ORG_5_the_province_page_links_to_its_history(client, merged):
    """ORG-5: the page of a province with predecessors links to "Lịch sử trước hợp nhất"; one without has no link."""
    new, old = merged["new"], merged["old"]
    page = get(client, new.user("viewer"), reverse("province", args=[new.province.slug])).content.decode()
    assert f'href="{reverse("province-history", args=[new.province.slug])}"' in page
    page = get(client, old.user("viewer"), reverse("province", args=[old.province.slug])).content.decode()
    assert 'id="province-history-link"' not in page


# --- 4. search and lists include the predecessors' records, marked ------------------------------------------------


def test_ORG_5_an_agency_search_finds_the_predecessors_agencies_marked(client, merged):
    """ORG-5: searching the new province's agencies also finds the old province's, marked "trước hợp nhất" and
    linked to their page in the old province; without a search the list is the new province's own; a third
    province's search finds none of them."""
    new, old, third = merged["new"], merged["old"], merged["third"]
    url = reverse("agency-list", args=[new.province.slug])
    page = get(client, new.user("viewer"), url + "?q=so+noi+vu").content.decode()
    assert f'data-predecessor-agency="{old.standing.pk}"' in page
    assert reverse("agency-detail", args=[old.province.slug, old.standing.pk]) in page
    assert "trước hợp nhất" in page and old.province.title in page
    assert f'data-predecessor-agency="{third.standing.pk}"' not in page
    assert "data-predecessor-agency" not in get(client, new.user("viewer"), url).content.decode()
    third_page = get(client, third.user("viewer"), reverse("agency-list", args=[third.province.slug]) + "?q=so")
    assert "data-predecessor-agency" not in third_page.content.decode()


def test_ORG_5_the_plan_list_includes_the_predecessors_issued_plans_marked(client, merged):
    """ORG-5: the new province's plan list shows the old province's issued plans (not its drafts) in a section of
    their own, marked "trước hợp nhất", and the year filter applies to them too."""
    new, old, issued, draft = merged["new"], merged["old"], merged["issued"], merged["draft"]
    url = reverse("plan-list", args=[new.province.slug])
    page = get(client, new.user("ordinary_focal"), url).content.decode()
    assert f'data-predecessor-plan="{issued.pk}"' in page
    assert reverse("plan-detail", args=[old.province.slug, issued.pk]) in page
    assert f'data-predecessor-plan="{draft.pk}"' not in page
    assert "Kế hoạch của tỉnh, thành phố trước hợp nhất" in page
    assert (
        f'data-predecessor-plan="{issued.pk}"'
        not in get(client, new.user("viewer"), url + "?nam=2026").content.decode()
    )
    assert f'data-predecessor-plan="{issued.pk}"' in get(client, new.user("viewer"), url + "?nam=2024").content.decode()
    third = merged["third"]
    third_page = get(client, third.user("viewer"), reverse("plan-list", args=[third.province.slug]))
    assert "data-predecessor-plan" not in third_page.content.decode()


def test_ORG_5_an_agency_page_lists_the_plans_and_tasks_of_its_predecessors(client, merged):
    """ORG-5: the new Sở Nội vụ's page lists its own plans and those of the old Sở Nội vụ (marked "trước hợp
    nhất"); the new Sở Tư pháp's page counts the tasks its predecessor led; the old draft is not shown."""
    new, issued, draft = merged["new"], merged["issued"], merged["draft"]
    page = get(client, new.user("viewer"), reverse("agency-detail", args=[new.province.slug, new.standing.pk]))
    text = page.content.decode()
    assert f'data-predecessor-plan="{issued.pk}"' in text
    assert "trước hợp nhất" in text
    domain_page = get(client, new.user("viewer"), reverse("agency-detail", args=[new.province.slug, new.domain.pk]))
    domain_text = domain_page.content.decode()
    assert "chủ trì 2 nhiệm vụ" in domain_text
    assert f'data-predecessor-plan="{draft.pk}"' not in domain_text
    own_plan = issued_plan(new, title="Kế hoạch cải cách hành chính năm 2026 của tỉnh mới")
    own = get(client, new.user("viewer"), reverse("agency-detail", args=[new.province.slug, new.standing.pk]))
    assert "Kế hoạch cải cách hành chính năm 2026 của tỉnh mới" in own.content.decode()
    assert f'data-predecessor-plan="{own_plan.pk}"' not in own.content.decode()


def test_ORG_5_the_lists_ask_as_many_queries_for_one_and_for_five_predecessors(client):
    """ORG-5: the plan list and a search of agencies ask as many queries with one predecessor as with five."""
    new = world()
    olds = [world() for _ in range(5)]
    for old in olds:
        merge(old, new)
        issued_plan(old)

    def count(n_visible):
        Province.objects.filter(pk__in=[o.province.pk for o in olds[n_visible:]]).update(successor=None)
        user = new.user("viewer")
        client.force_login(user)
        result = []
        for url in [
            reverse("plan-list", args=[new.province.slug]),
            reverse("agency-list", args=[new.province.slug]) + "?q=so",
        ]:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        Province.objects.filter(pk__in=[o.province.pk for o in olds]).update(successor=new.province)
        return result

    assert count(1) == count(5)

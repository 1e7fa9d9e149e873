"""PLAN-7: the standing agency (Sở Nội vụ) records that it received an agency's yearly plan once the agency has
issued and sent it: who received it, when, with an optional note; the agency is told; the plan page says so."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from cchc.core.dates import format_date, today
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry, Notification
from cchc.plans import alignment, cycle, services
from cchc.plans.models import Plan, PlanKind, PlanStatus
from tests.factories import area, world

pytestmark = pytest.mark.django_db

ON = today()


def sent_agency_plan(w, agency=None, *, kind="ordinary"):
    """The agency's own yearly plan, prepared and sent through the services as its leader would: one task with
    its owner, schedule and product, every remaining gap explained, then issued (PLAN-7)."""
    agency = agency or w.ordinary
    leader = w.user(f"{kind}_leader")
    plan = services.create_plan(
        actor=leader,
        province=w.province,
        owner=agency,
        fields={
            "kind": PlanKind.AGENCY,
            "title": f"Kế hoạch cải cách hành chính năm {ON.year} của {agency.name}",
            "issuer": agency.name,
            "start_year": ON.year,
            "end_year": ON.year,
            "programme": w.regulation.programme,
        },
    )
    services.add_task(
        plan,
        actor=leader,
        data=services.TaskInput(
            title="Rà soát thủ tục hành chính",
            lead=agency,
            code="1",
            area_id=area("procedures").pk,
            products=("Báo cáo",),
            time_text="Quý IV",
            owner_unit="Văn phòng",
        ),
    )
    for gap in alignment.check(plan):
        cycle.explain_gap(plan, actor=leader, key=gap.key, text="Không phát sinh tại cơ quan")
    return cycle.issue_plan(plan, actor=leader, number="05/KH-SVHTTDL", signed_on=ON, on=ON)


def test_PLAN_7_the_standing_agency_records_that_it_received_an_agency_plan():
    """PLAN-7: the focal officer of Sở Nội vụ acknowledges the plan: by whom, when, the note, the agency's name;
    the act is audited and the owner agency is told."""
    w = world()
    plan = sent_agency_plan(w)
    officer = w.user("standing_focal")
    received = cycle.acknowledge_agency_plan(plan, actor=officer, note="  Đã đưa vào tổng hợp  ", link="/ke-hoach/")
    stored = Plan.objects.get(pk=plan.pk)
    assert stored.received_by == officer and stored.received_agency == w.standing
    assert stored.received_at is not None and stored.receipt_note == "Đã đưa vào tổng hợp"
    assert received.received_at == stored.received_at
    assert stored.status == PlanStatus.ISSUED and stored.version == plan.version, "the plan itself is unchanged"
    entry = AuditEntry.objects.filter(record_id=str(plan.pk), summary__contains="tiếp nhận").get()
    assert entry.actor == officer and entry.province == w.province
    assert "Đã đưa vào tổng hợp" in str(entry.after)
    told = Notification.objects.filter(message__contains="đã tiếp nhận")
    assert {n.user for n in told} == {w.user("ordinary_focal"), w.user("ordinary_leader")}
    message = told.first().message
    assert w.standing.name in message and plan.title in message and format_date(ON) in message
    assert told.first().link == "/ke-hoach/"


def test_PLAN_7_a_plan_is_received_once_and_the_second_time_is_refused_in_vietnamese():
    """PLAN-7: the second acknowledgement (a double click, a second officer) is refused; nothing changes."""
    w = world()
    plan = sent_agency_plan(w)
    cycle.acknowledge_agency_plan(plan, actor=w.user("standing_focal"))
    first = Plan.objects.get(pk=plan.pk)
    with pytest.raises(UserError) as refused:
        cycle.acknowledge_agency_plan(plan, actor=w.user("standing_leader"), note="Lần hai")
    assert f"đã xác nhận tiếp nhận kế hoạch này ngày {format_date(ON)}" in refused.value.message
    again = Plan.objects.get(pk=plan.pk)
    assert (again.received_by, again.received_at, again.receipt_note) == (
        first.received_by,
        first.received_at,
        first.receipt_note,
    )
    assert Notification.objects.filter(message__contains="đã tiếp nhận").count() == 2  # the first act only


@pytest.mark.parametrize("state", ["draft", "consultation", "provincial", "discarded"])
def test_PLAN_7_only_an_issued_agency_plan_is_received(state):
    """PLAN-7: a draft, a draft in consultation, a provincial plan, a discarded draft: refused, nothing changes."""
    w = world()
    if state == "provincial":
        from tests.factories import service_plan

        plan = service_plan(w)
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ISSUED, number="1/KH-UBND", signed_on=ON)
    else:
        plan = cycle.create_agency_plan(
            w.ordinary, year=ON.year, actor=w.user("ordinary_focal"), programme=w.regulation.programme
        )
        changes = {"draft": {}, "consultation": {"status": PlanStatus.CONSULTATION}, "discarded": {"discarded": True}}
        Plan.objects.filter(pk=plan.pk).update(**changes[state])
    with pytest.raises(UserError) as refused:
        cycle.acknowledge_agency_plan(plan, actor=w.user("standing_focal"))
    assert refused.value.message.startswith(("Chỉ kế hoạch", "Kế hoạch"))
    assert Plan.objects.get(pk=plan.pk).received_at is None
    assert not Notification.objects.filter(message__contains="đã tiếp nhận").exists()


def test_PLAN_7_the_standing_agencys_own_plan_is_not_received_by_itself():
    """PLAN-7: Sở Nội vụ's own yearly plan goes to the others; it does not acknowledge receiving it."""
    w = world()
    plan = sent_agency_plan(w, w.standing, kind="standing")
    with pytest.raises(UserError) as refused:
        cycle.acknowledge_agency_plan(plan, actor=w.user("standing_focal"))
    assert "chính cơ quan thường trực" in refused.value.message
    assert Plan.objects.get(pk=plan.pk).received_at is None


def test_PLAN_7_a_note_too_long_is_refused():
    """PLAN-7: bad input gets a clear message and changes nothing."""
    w = world()
    plan = sent_agency_plan(w)
    with pytest.raises(UserError) as refused:
        cycle.acknowledge_agency_plan(plan, actor=w.user("standing_focal"), note="x" * 501)
    assert "500 ký tự" in refused.value.message
    assert Plan.objects.get(pk=plan.pk).received_at is None


# --- the page --------------------------------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_PLAN_7_the_plan_page_offers_the_button_to_the_standing_agency_only_then_says_who_received_it():
    """PLAN-7: "Xác nhận đã tiếp nhận" for the standing agency's staff; after it, "<agency> đã tiếp nhận ngày
    dd/mm/yyyy (Họ tên)" for everyone who sees the plan, and no button."""
    w = world()
    plan = sent_agency_plan(w)
    page = reverse("plan-detail", args=[w.province.slug, plan.pk])
    action = reverse("plan-acknowledge", args=[w.province.slug, plan.pk])
    for kind in ("standing_focal", "standing_leader"):
        html = _client(w.user(kind)).get(page).content.decode()
        assert "Xác nhận đã tiếp nhận" in html and action in html, kind
    for kind in ("ordinary_leader", "domain_focal", "committee_leader", "viewer", "province_admin"):
        html = _client(w.user(kind)).get(page).content.decode()
        assert "Xác nhận đã tiếp nhận" not in html and action not in html, kind
        assert "đã tiếp nhận ngày" not in html
    officer = w.user("standing_focal")
    response = _client(officer).post(action, {"note": "Đã nhận bản giấy"})
    assert response.status_code == 302 and response["Location"].endswith(page)
    name = officer.get_full_name()
    for kind in ("standing_leader", "ordinary_focal", "domain_focal"):
        html = _client(w.user(kind)).get(page).content.decode()
        assert f"{w.standing.name} đã tiếp nhận ngày {format_date(ON)} ({name})" in html, kind
        assert "Đã nhận bản giấy" in html
        assert "Xác nhận đã tiếp nhận" not in html


def test_PLAN_7_a_second_post_says_it_was_already_received_and_changes_nothing():
    """PLAN-7: a double click is answered with the Vietnamese message; the first receipt stays."""
    w = world()
    plan = sent_agency_plan(w)
    action = reverse("plan-acknowledge", args=[w.province.slug, plan.pk])
    client = _client(w.user("standing_focal"))
    client.post(action, {"note": "Lần đầu"})
    response = client.post(action, {"note": "Lần hai"}, follow=True)
    assert "đã xác nhận tiếp nhận kế hoạch này" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).receipt_note == "Lần đầu"


def test_PLAN_7_nobody_else_may_acknowledge_and_nothing_changes():
    """PLAN-7, SEC-1: the owner agency, another agency, UBND tỉnh, the administrator: 403 and nothing changes."""
    w = world()
    plan = sent_agency_plan(w)
    action = reverse("plan-acknowledge", args=[w.province.slug, plan.pk])
    for kind in ("ordinary_leader", "ordinary_focal", "domain_leader", "committee_leader", "province_admin", "viewer"):
        assert _client(w.user(kind)).post(action, {"note": "x"}).status_code == 403, kind
    assert _client(w.user("ended")).post(action).status_code == 404
    assert Plan.objects.get(pk=plan.pk).received_at is None
    assert _client(w.user("standing_focal")).get(action).status_code == 405


def test_PLAN_7_the_api_tells_when_the_plan_was_received():
    """PLAN-7, U-5: the plan API shows `received_at` (null until Sở Nội vụ acknowledges the plan)."""
    from cchc.api.services import create_token

    w = world()
    plan = sent_agency_plan(w)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(w.user('ordinary_focal').username)}")
    url = f"/api/v1/provinces/{w.province.slug}/plans/{plan.pk}"
    assert client.get(url).json()["received_at"] is None
    cycle.acknowledge_agency_plan(plan, actor=w.user("standing_focal"))
    received = client.get(url).json()["received_at"]
    stored = Plan.objects.get(pk=plan.pk).received_at
    assert received and abs(dt.datetime.fromisoformat(received) - stored) < dt.timedelta(seconds=1)
    listed = client.get(f"/api/v1/provinces/{w.province.slug}/plans").json()
    assert [p["received_at"] is not None for p in listed if p["id"] == plan.pk] == [True]

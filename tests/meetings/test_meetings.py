"""COO-1, COO-2, COO-3: coordination activities, the quarterly briefing from the regulation, conclusions that
become tasks, the yearly review of the regulation; and who may do each (the denials change nothing)."""

import datetime as dt

import pytest
from django.urls import reverse

from cchc.core.dates import end_of_quarter, quarter_of, today
from cchc.core.errors import UserError
from cchc.core.models import Notification, Province
from cchc.meetings import queries, services
from cchc.meetings.models import Activity, ActivityKind, Conclusion
from cchc.plans import cycle
from cchc.plans.models import Plan, PlanStatus, Task
from cchc.regulation.models import MeetingCadence, ResponsibilityRole
from tests.factories import ResponsibilityFactory, service_plan, topic, world

pytestmark = pytest.mark.django_db


def _briefing(w, **kwargs):
    on = today()
    defaults = {
        "actor": w.user("standing_focal"),
        "kind": ActivityKind.BRIEFING,
        "year": on.year,
        "quarter": quarter_of(on),
        "held_on": on,
    }
    return services.schedule(w.province, **{**defaults, **kwargs})


def test_COO_2_a_regulation_without_cadence_or_invitees_gets_the_quarterly_default_and_its_domain_agencies():
    """COO-2, REG-4: the world's regulation sets no cadence and names nobody for the briefing: the briefing is
    quarterly and invites the agencies that lead an area (Sở Tư pháp, VP UBND), not the host itself; they are told."""
    w = world()
    invited = services.invitation(w.province, ActivityKind.BRIEFING, today())
    assert invited.quarters == (1, 2, 3, 4)
    assert set(invited.defaulted) == {"cadence", "invitees"}
    assert {a.pk for a in invited.agencies} == {w.domain.pk, w.office.pk}
    activity = _briefing(w)
    assert activity.host == w.standing
    assert {a.pk for a in activity.participants.all()} == {w.domain.pk, w.office.pk}
    assert activity.title.startswith("Giao ban cải cách hành chính Quý")
    assert Notification.objects.filter(user=w.user("domain_focal"), link__contains=f"/phoi-hop/{activity.pk}/").exists()


def test_COO_2_the_regulations_cadence_and_invitees_decide():
    """COO-2, REG-4: a six-monthly cadence allows Quý II and Quý IV only; the quarterly-briefing topic's
    coordinators are the invitees (changing the regulation changes the routing, no code)."""
    w = world()
    w.regulation.meeting_cadence = MeetingCadence.SIX_MONTHLY
    w.regulation.save()
    ResponsibilityFactory(
        regulation=w.regulation,
        topic=topic("quarterly-briefing"),
        role=ResponsibilityRole.COORDINATE,
        agency=w.ordinary,
    )
    invited = services.invitation(w.province, ActivityKind.BRIEFING, today())
    assert invited.quarters == (2, 4) and invited.defaulted == []
    assert [a.pk for a in invited.agencies] == [w.ordinary.pk]
    year = today().year + 1
    with pytest.raises(UserError, match="Quý II, Quý IV"):
        _briefing(w, year=year, quarter=1, held_on=dt.date(year, 3, 1))
    assert services.next_briefing_period(w.province, invited.quarters, dt.date(year, 1, 10)) == (year, 2)
    _briefing(w, year=year, quarter=2, held_on=dt.date(year, 6, 20))
    assert services.next_briefing_period(w.province, invited.quarters, dt.date(year, 1, 10)) == (year, 4)


def test_COO_2_one_briefing_per_quarter_and_a_double_submit_lands_once():
    """COO-2, SEC-5: a second briefing of the same quarter is refused; the same form sent twice records once."""
    w = world()
    _briefing(w, submit_key="abc")
    with pytest.raises(UserError, match="Quý"):
        _briefing(w)
    with pytest.raises(UserError, match="gửi hai lần"):
        _briefing(w, submit_key="abc")
    assert Activity.objects.filter(province=w.province).count() == 1


def test_COO_2_the_date_stays_near_its_quarter():
    """COO-2: a briefing on a quarter is held in it or within a month after it."""
    w = world()
    year = today().year + 1
    with pytest.raises(UserError, match="phải từ"):
        _briefing(w, year=year, quarter=2, held_on=dt.date(year, 9, 1))
    assert not Activity.objects.filter(province=w.province).exists()


def _conclusion(w, **kwargs):
    activity = _briefing(w)
    defaults = {"text": "Sở Tư pháp rà soát văn bản quy phạm pháp luật", "lead": w.domain}
    defaults["deadline"] = dt.date(today().year + 1, 6, 30)
    return services.add_conclusion(activity, actor=w.user("standing_focal"), **{**defaults, **kwargs})


def test_COO_2_a_conclusion_becomes_a_task_of_a_draft_plan_once():
    """COO-2, PLAN-2: the conclusion's text is the task's title, its lead the lead, its deadline the milestone;
    a second attempt makes no second task."""
    w = world()
    plan = service_plan(w)
    conclusion = _conclusion(w)
    task, _ = services.conclusion_to_task(conclusion, actor=w.user("standing_focal"), plan=plan)
    assert task.title == conclusion.text and task.lead == w.domain
    assert [m.due for m in task.milestones.all()] == [conclusion.deadline]
    conclusion.refresh_from_db()
    assert conclusion.task == task
    with pytest.raises(UserError, match="đã thành nhiệm vụ"):
        services.conclusion_to_task(conclusion, actor=w.user("standing_focal"), plan=plan)
    assert plan.tasks.count() == 1


def test_COO_2_a_double_click_on_the_page_makes_one_task(client):
    """COO-2, SEC-5: the same POST twice (a double click) adds one task; the second says it is done already."""
    w = world()
    plan = service_plan(w)
    conclusion = _conclusion(w)
    client.force_login(w.user("standing_focal"))
    url = reverse("conclusion-task", args=[w.province.slug, conclusion.activity_id, conclusion.pk])
    first = client.post(url, {"plan": plan.pk})
    second = client.post(url, {"plan": plan.pk}, follow=True)
    assert first.status_code == 302
    assert "đã thành nhiệm vụ" in second.content.decode()
    assert Task.objects.filter(plan=plan).count() == 1


def test_COO_2_an_issued_plan_is_not_offered_and_is_refused_a_plan_under_adjustment_takes_it():
    """COO-2, PLAN-6: an issued plan is not edited in place: it is not offered and the service refuses it; once
    its adjustment has begun, the conclusion goes into it."""
    w = world()
    snv = w.user("standing_focal")
    plan = service_plan(w)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ISSUED, number="9/KH-UBND", signed_on=today())
    plan.refresh_from_db()
    assert plan not in queries.plans_for_conclusions(snv, w.province)
    conclusion = _conclusion(w)
    with pytest.raises(UserError, match="điều chỉnh"):
        services.conclusion_to_task(conclusion, actor=snv, plan=plan)
    assert not plan.tasks.exists()
    adjusting = cycle.begin_adjustment(plan, actor=snv)
    assert adjusting in queries.plans_for_conclusions(snv, w.province)
    services.conclusion_to_task(conclusion, actor=snv, plan=adjusting)
    assert adjusting.tasks.count() == 1


def test_COO_2_only_the_standing_agency_turns_a_conclusion_into_a_task(client):
    """COO-2: the domain agency (the conclusion's lead) may not; nothing changes."""
    w = world()
    plan = service_plan(w)
    conclusion = _conclusion(w)
    client.force_login(w.user("domain_leader"))
    url = reverse("conclusion-task", args=[w.province.slug, conclusion.activity_id, conclusion.pk])
    assert client.post(url, {"plan": plan.pk}).status_code == 403
    assert not plan.tasks.exists()
    assert Conclusion.objects.get(pk=conclusion.pk).task_id is None


def test_COO_2_a_conclusion_without_a_lead_cannot_become_a_task():
    """COO-2, REG-3: every task has one lead."""
    w = world()
    plan = service_plan(w)
    conclusion = _conclusion(w, lead=None)
    with pytest.raises(UserError, match="chủ trì"):
        services.conclusion_to_task(conclusion, actor=w.user("standing_focal"), plan=plan)
    assert not plan.tasks.exists()


def test_COO_2_minutes_are_recorded_and_a_stale_form_does_not_overwrite():
    """COO-2, SEC-5: the minutes are kept; a form opened before another person's save is refused."""
    w = world()
    activity = _briefing(w)
    services.record_outcome(activity, actor=w.user("standing_focal"), outcome="Biên bản lần 1", expected_version=1)
    with pytest.raises(UserError, match="người khác"):
        services.record_outcome(activity, actor=w.user("standing_leader"), outcome="Khác", expected_version=1)
    activity.refresh_from_db()
    assert activity.outcome == "Biên bản lần 1" and activity.version == 2


def test_COO_1_an_agency_records_an_activity_it_hosts_with_participants_and_outcome():
    """COO-1: form, host, participants, outcome; the participants are told."""
    w = world()
    activity = services.record_activity(
        w.province,
        actor=w.user("ordinary_focal"),
        host=w.ordinary,
        kind=ActivityKind.FIELD_SURVEY,
        title="Khảo sát thực tế bộ phận một cửa",
        held_on=today(),
        participants=[w.standing, w.domain, w.ordinary],
        outcome="Đã khảo sát 3 bộ phận một cửa.",
    )
    assert {a.pk for a in activity.participants.all()} == {w.standing.pk, w.domain.pk}  # not the host
    assert activity.outcome_by == w.user("ordinary_focal")
    assert Notification.objects.filter(user=w.user("standing_focal"), link__contains=str(activity.pk)).exists()


def test_COO_1_nobody_records_in_another_agencys_name_and_briefings_are_not_recorded_freely():
    """COO-1: the host is the recorder's own agency; the briefing and the review are the standing agency's."""
    w = world()
    common = {"title": "Họp", "held_on": today(), "actor": w.user("ordinary_focal")}
    with pytest.raises(UserError, match="nhân danh"):
        services.record_activity(w.province, host=w.domain, kind=ActivityKind.MEETING, **common)
    with pytest.raises(UserError, match="Sở Nội vụ"):
        services.record_activity(w.province, host=w.ordinary, kind=ActivityKind.BRIEFING, **common)
    assert not Activity.objects.filter(province=w.province).exists()


def test_COO_1_pages_deny_the_viewer_and_another_province(client):
    """COO-1, ORG-4: a viewer may not record (403, nothing written); another province's user gets 404."""
    w, other = world(), world()
    activity = _briefing(w)
    client.force_login(w.user("viewer"))
    url = reverse("activity-create", args=[w.province.slug])
    data = {"kind": "meeting", "host": w.ordinary.pk, "title": "Họp", "held_on": today().strftime("%d/%m/%Y")}
    assert client.post(url, data).status_code == 403
    assert client.get(reverse("activity-detail", args=[w.province.slug, activity.pk])).status_code == 200
    client.force_login(other.user("standing_leader"))
    assert client.get(reverse("activity-detail", args=[w.province.slug, activity.pk])).status_code == 404
    assert Activity.objects.filter(province=w.province).count() == 1


def test_COO_3_the_yearly_review_of_the_regulation_once_a_year_with_its_report():
    """COO-3: the review is an activity of its own kind, one per year, hosted by the standing agency; its report
    is its outcome."""
    w = world()
    on = today()
    review = services.schedule(
        w.province, actor=w.user("standing_focal"), kind=ActivityKind.REVIEW, year=on.year, quarter=None, held_on=on
    )
    assert review.kind == ActivityKind.REVIEW and review.regulation == w.regulation and review.quarter is None
    services.record_outcome(
        review, actor=w.user("standing_leader"), outcome="Báo cáo: quy chế được thực hiện tốt.", expected_version=1
    )
    with pytest.raises(UserError, match="đánh giá"):
        services.schedule(
            w.province, actor=w.user("standing_focal"), kind=ActivityKind.REVIEW, year=on.year, quarter=None, held_on=on
        )
    assert Activity.objects.filter(province=w.province, kind=ActivityKind.REVIEW).count() == 1


def test_COO_2_a_province_that_merged_into_another_takes_no_briefing(client):
    """COO-2, ORG-5: after its last day nobody schedules anything in an old province (403 on the page; the
    service refuses too)."""
    w = world()
    Province.objects.filter(pk=w.province.pk).update(valid_to=dt.date(2025, 6, 30))
    w.province.refresh_from_db()
    client.force_login(w.user("standing_focal"))
    assert client.post(reverse("briefing-schedule", args=[w.province.slug]), {}).status_code == 403
    with pytest.raises(UserError, match="hợp nhất"):
        _briefing(w)
    assert not Activity.objects.filter(province=w.province).exists()


def test_COO_2_the_schedule_page_proposes_the_period_and_the_invitees(client):
    """COO-2: the page shows the regulation, its cadence and the invitees, and schedules in one POST."""
    w = world()
    client.force_login(w.user("standing_focal"))
    url = reverse("briefing-schedule", args=[w.province.slug])
    page = client.get(url).content.decode()
    assert "mặc định hằng quý" in page and w.domain.name in page
    on = today()
    response = client.post(
        url,
        {
            "year": on.year,
            "quarter": quarter_of(on),
            "held_on": min(on, end_of_quarter(on.year, quarter_of(on))).strftime("%d/%m/%Y"),
            "participants": [w.domain.pk, w.office.pk],
            "place": "Phòng họp Sở Nội vụ",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(province=w.province)
    assert activity.place == "Phòng họp Sở Nội vụ"


def test_COO_1_the_list_page_reads_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    """COO-1: the list does not ask per activity."""
    w = world()
    for n in range(6):
        services.record_activity(
            w.province,
            actor=w.user("ordinary_focal"),
            host=w.ordinary,
            kind=ActivityKind.MEETING,
            title=f"Họp {n}",
            held_on=today(),
            participants=[w.domain, w.standing],
        )
    client.force_login(w.user("viewer"))
    with django_assert_max_num_queries(25):
        assert client.get(reverse("activity-list", args=[w.province.slug])).status_code == 200

"""TRK-3: problems and adjustment requests raised on a task reach Sở Nội vụ and UBND tỉnh until answered; an
accepted adjustment request leads to the plan's adjustment."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cchc.core.errors import UserError
from cchc.core.models import Notification
from cchc.tracking import services
from cchc.tracking.models import Problem, ProblemKind
from tests.tracking.helpers import counts, tracked

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["domain_focal", "ordinary_focal", "standing_focal"])
def test_TRK_3_anyone_involved_raises_a_problem(who):
    """TRK-3: the lead, a coordinator, Sở Nội vụ raise a problem; it is kept with its agency and person."""
    w, task = tracked()
    problem = services.raise_problem(w.user(who), task, kind=ProblemKind.OBSTACLE, text="Thiếu kinh phí")
    assert problem.is_open and problem.raised_by == w.user(who)
    if who != "standing_focal":
        assert Notification.objects.filter(user=w.user("standing_focal"), message__contains="Thiếu kinh phí").exists()


@pytest.mark.parametrize("who", ["viewer", "committee_leader", "district"])
def test_TRK_3_others_raise_nothing(who):
    """TRK-3: a viewer, UBND tỉnh (reads), an agency not involved raise nothing; nothing is written."""
    from tests.factories import MembershipFactory

    w, task = tracked()
    user = MembershipFactory(agency=w.district, role="focal").user if who == "district" else w.user(who)
    before = counts()
    with pytest.raises(PermissionDenied):
        services.raise_problem(user, task, kind=ProblemKind.OBSTACLE, text="Vướng")
    assert counts() == before


def test_TRK_3_bad_input_and_double_submit():
    """TRK-3: an empty text or an unknown kind is refused; the same open problem sent twice is kept once."""
    w, task = tracked()
    officer = w.user("domain_focal")
    with pytest.raises(UserError):
        services.raise_problem(officer, task, kind=ProblemKind.OBSTACLE, text=" ")
    with pytest.raises(UserError):
        services.raise_problem(officer, task, kind="complaint", text="Vướng")
    services.raise_problem(officer, task, kind=ProblemKind.OBSTACLE, text="Vướng")
    with pytest.raises(UserError, match="đã được gửi"):
        services.raise_problem(officer, task, kind=ProblemKind.OBSTACLE, text="Vướng")
    assert Problem.objects.filter(task=task).count() == 1


def test_TRK_3_the_list_shows_open_first_to_the_standing_agency_and_leadership(client):
    """TRK-3: the list page shows problems to Sở Nội vụ and UBND tỉnh, open ones first; others get 403; another
    province 404."""
    w, task = tracked()
    answered = services.raise_problem(w.user("domain_focal"), task, kind=ProblemKind.OBSTACLE, text="Câu đã trả lời")
    services.answer_problem(w.user("standing_focal"), answered, answer="Đã bố trí kinh phí")
    services.raise_problem(w.user("domain_focal"), task, kind=ProblemKind.ADJUSTMENT, text="Đề nghị lùi hạn")
    url = reverse("problem-list", args=[w.province.slug])
    for who in ("standing_focal", "committee_leader"):
        client.force_login(w.user(who))
        page = client.get(url).content.decode()
        assert page.index("Đề nghị lùi hạn") < page.index("Câu đã trả lời")
        assert "Đã bố trí kinh phí" in page
    for who in ("ordinary_focal", "domain_focal", "viewer"):
        client.force_login(w.user(who))
        assert client.get(url).status_code == 403
    _, elsewhere = tracked()
    from cchc.agencies.models import Membership

    client.force_login(Membership.objects.filter(agency__province=elsewhere.plan.province).first().user)
    assert client.get(url).status_code == 404


def test_TRK_3_only_the_standing_agency_answers_once():
    """TRK-3: the lead and UBND tỉnh do not answer; Sở Nội vụ answers once; an adjustment request needs a
    decision."""
    w, task = tracked()
    problem = services.raise_problem(w.user("domain_focal"), task, kind=ProblemKind.ADJUSTMENT, text="Lùi hạn")
    for who in ("domain_focal", "committee_leader"):
        with pytest.raises(PermissionDenied):
            services.answer_problem(w.user(who), problem, answer="Được")
    with pytest.raises(UserError, match="chấp thuận"):
        services.answer_problem(w.user("standing_focal"), problem, answer="Được")
    services.answer_problem(w.user("standing_focal"), problem, answer="Đồng ý lùi hạn", accepted=True)
    problem.refresh_from_db()
    assert problem.accepted is True and problem.answered_by == w.user("standing_focal")
    assert Notification.objects.filter(user=w.user("domain_focal"), message__contains="Đồng ý lùi hạn").exists()
    with pytest.raises(UserError, match="đã được trả lời"):
        services.answer_problem(w.user("standing_focal"), problem, answer="Lần nữa", accepted=False)


def test_TRK_3_an_accepted_adjustment_request_leads_to_the_plans_adjustment(client):
    """TRK-3: answering "accepted" from the page sends Sở Nội vụ to the plan's adjustment form."""
    w, task = tracked()
    problem = services.raise_problem(w.user("domain_focal"), task, kind=ProblemKind.ADJUSTMENT, text="Lùi hạn")
    client.force_login(w.user("standing_focal"))
    response = client.post(
        reverse("problem-answer", args=[w.province.slug, problem.pk]), {"answer": "Đồng ý", "accepted": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plan-detail", args=[w.province.slug, task.plan_id]) + "#adjustment"
    page = client.get(response["Location"]).content.decode()
    assert "Bắt đầu điều chỉnh" in page


def test_TRK_1_TRK_3_the_standing_agencys_to_do_list(client):
    """TRK-1, TRK-3: Sở Nội vụ's to-do list holds the problems waiting for an answer and the "done" reports
    waiting for confirmation (a report superseded by a newer update does not count); the lead's does not."""
    from cchc.core.dates import today
    from cchc.web.todo import for_user

    w, task = tracked()
    services.raise_problem(w.user("domain_focal"), task, kind=ProblemKind.OBSTACLE, text="Vướng")
    services.record_progress(w.user("domain_focal"), task, reported="done", percent=100, done_on=today())
    items = {i.key: i for i in for_user(w.user("standing_focal"), today()).items}
    assert items["answer-problems"].count == 1 and items["confirm-done"].count == 1
    assert items["confirm-done"].url == reverse("task-detail", args=[w.province.slug, task.pk])
    assert "answer-problems" not in {i.key for i in for_user(w.user("domain_focal"), today()).items}
    client.force_login(w.user("standing_focal"))
    page = client.get(reverse("task-tracking", args=[w.province.slug]), {"cho_xac_nhan": "1"}).content.decode()
    assert task.title in page


def test_TRK_3_provincial_leadership_reads_the_problems_waiting(client):
    """TRK-3: UBND tỉnh's summary counts the problems waiting for an answer, linking to the list."""
    from cchc.core.dates import today
    from cchc.web.todo import for_user

    w, task = tracked()
    services.raise_problem(w.user("domain_focal"), task, kind=ProblemKind.ADJUSTMENT, text="Lùi hạn")
    lines = [line for line in for_user(w.user("committee_leader"), today()).summary if "Vướng mắc" in line.label]
    assert len(lines) == 1 and lines[0].count == 1
    assert lines[0].url == reverse("problem-list", args=[w.province.slug]) + "?xem=mo"


@pytest.mark.django_db
def test_TRK_1_TRK_3_notices_name_the_standing_agency_from_the_regulation():
    """TRK-1, TRK-3: the lead is told who confirmed, returned or answered by the standing agency's name as the
    regulation in force gives it, not a name written into the code."""
    from cchc.core.dates import today
    from cchc.plans.models import PlanStatus
    from cchc.tracking.models import Reported
    from tests.factories import PlanFactory, TaskFactory, world

    w = world()
    w.standing.name = "Sở Nội vụ và Thử nghiệm"
    w.standing.save()
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED)
    task = TaskFactory(plan=plan, lead=w.domain)
    update = services.record_progress(
        w.user("domain_focal"), task, reported=Reported.DONE, percent=100, done_on=today()
    )
    services.return_update(w.user("standing_focal"), update, "Thiếu tài liệu kiểm chứng")
    problem = services.raise_problem(w.user("domain_focal"), task, kind=ProblemKind.OBSTACLE, text="Chưa có kinh phí")
    services.answer_problem(w.user("standing_focal"), problem, answer="Dùng kinh phí CCHC")
    told = list(Notification.objects.filter(user=w.user("domain_focal")).values_list("message", flat=True))
    assert any(m.startswith("Sở Nội vụ và Thử nghiệm trả lại báo cáo hoàn thành") for m in told), told
    assert any(m.startswith("Sở Nội vụ và Thử nghiệm đã trả lời") for m in told), told

"""SEC-5: the racing writes of the planning cycle, run in two threads on PostgreSQL.

Thread A does its write inside a transaction and keeps it open for a moment; thread B starts its write meanwhile.
B cannot see A's uncommitted row, so only the database (a unique constraint or a row lock) can stop it: one write
lands, the other gets the Vietnamese message, never a 500 and never a double.

SQLite has neither row locks nor concurrent writers, so these tests run on PostgreSQL only (CI runs them there).
A transactional test empties the database when it ends, so the module puts the demo data back afterwards."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction

from cchc.core.errors import UserError
from cchc.plans import cycle, services
from cchc.plans.models import Comment, Plan, PlanKind, PlanStatus, ProposalCall
from tests.factories import PlanFactory, programme, world

pytestmark = [
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="Race tests need PostgreSQL (row locks and concurrent transactions); CI runs them on PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True),
]

OCT = dt.date(2026, 10, 1)
HOLD = 0.5  # seconds thread A keeps its transaction open after its write


@pytest.fixture(scope="module", autouse=True)
def demo_back_afterwards(django_db_blocker):
    """Each transactional test empties the database; load the demo again for the tests that follow."""
    yield
    from cchc.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture(autouse=True)
def programmes():
    """The reform programmes and topics the factories read (data/programmes.yaml)."""
    from cchc.demo.loader import data_dir
    from cchc.regulation.catalogue import load_programmes

    load_programmes((data_dir() / "programmes.yaml").read_text(encoding="utf-8"))


def race(first, second) -> list:
    """Run `first` in a transaction held open after it returns, and `second` while it is held. Returns what each
    gave back or raised, in that order."""
    results: list = [None, None]
    written = threading.Event()

    def run_first():
        try:
            with transaction.atomic():
                results[0] = first()
                written.set()
                time.sleep(HOLD)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[0] = exc
        finally:
            written.set()
            connection.close()

    def run_second():
        written.wait(10)
        try:
            results[1] = second()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[1] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_SEC_5_PLAN_7_two_agency_plans_of_one_year_at_once_make_one():
    """SEC-5, PLAN-7: two people create the agency's plan of 2027 at the same moment: one plan, one message."""
    w = world()
    leader, focal = w.user("ordinary_leader"), w.user("ordinary_focal")

    def create(actor):
        return lambda: cycle.create_agency_plan(w.ordinary, year=2027, actor=actor, programme=programme())

    first, second = race(create(leader), create(focal))
    assert isinstance(first, Plan), first
    assert isinstance(second, UserError), second
    assert f"{w.ordinary.name} đã có kế hoạch CCHC năm 2027" in second.message
    assert Plan.objects.filter(owner=w.ordinary, kind=PlanKind.AGENCY, start_year=2027).count() == 1


def test_SEC_5_PLAN_4_two_calls_of_one_year_at_once_make_one():
    """SEC-5, PLAN-4: the call of 2027 opened twice at the same moment (a double click, two officers): one call,
    and the other gets the message instead of a 500."""
    w = world()

    def open_by(kind):
        return lambda: cycle.open_call(w.province, year=2027, actor=w.user(kind), on=OCT)

    first, second = race(open_by("standing_focal"), open_by("standing_leader"))
    assert isinstance(first, ProposalCall), first
    assert isinstance(second, UserError), second
    assert "Đã mở đợt đề xuất nhiệm vụ cho kế hoạch năm 2027" in second.message
    assert ProposalCall.objects.filter(province=w.province, year=2027).count() == 1


def test_SEC_5_PLAN_5_a_comment_sent_while_the_plan_is_issued_does_not_land():
    """SEC-5, PLAN-5: the leader issues the plan while a consulted agency sends a comment: the plan is issued and
    the comment is refused with a message; no issued plan keeps an unanswered comment."""
    w = world()
    snv = w.user("standing_focal")
    plan = PlanFactory(province=w.province, owner=w.standing)
    services.add_task(plan, actor=snv, data=services.TaskInput(title="Rà soát", lead=w.domain, time_text="Quý II"))
    consultation = cycle.send_for_comments(plan, actor=snv, deadline=dt.date(2026, 12, 10), on=dt.date(2026, 12, 1))

    def issue():
        return cycle.issue_plan(
            plan,
            actor=w.user("standing_leader"),
            number="9/KH",
            signed_on=dt.date(2026, 12, 20),
            on=dt.date(2026, 12, 20),
        )

    def comment():
        return cycle.add_comment(
            consultation, agency=w.domain, actor=w.user("domain_focal"), text="Bổ sung", on=dt.date(2026, 12, 5)
        )

    first, second = race(issue, comment)
    assert isinstance(first, Plan), first
    assert isinstance(second, UserError), second
    assert "không còn trong thời gian lấy ý kiến" in second.message
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.ISSUED
    assert not Comment.objects.filter(consultation__plan=plan).exists()


def test_SEC_5_PLAN_4_a_proposal_accepted_while_the_call_is_consolidated_is_not_lost():
    """SEC-5, PLAN-4: one officer consolidates the call while another accepts a proposal: the decision waits for
    the consolidation and its proposal joins the draft as a task, instead of staying "accepted" with no task."""
    w = world()
    snv = w.user("standing_focal")
    call = cycle.open_call(w.province, year=2027, actor=snv, on=OCT)

    def propose(agency, kind, title):
        return cycle.submit_proposal(call, agency=agency, actor=w.user(kind), on=OCT, title=title, lead=agency)

    early = propose(w.domain, "domain_focal", "Rà soát văn bản")
    late = propose(w.ordinary, "ordinary_focal", "Số hóa hồ sơ")
    cycle.decide_proposal(early, accept=True, note="", actor=snv)

    def consolidate():
        return cycle.consolidate(call, actor=snv, owner=w.standing, programme=programme())

    def accept():
        return cycle.decide_proposal(late, accept=True, note="", actor=w.user("standing_leader"))

    first, second = race(consolidate, accept)
    assert isinstance(first, Plan), first
    assert not isinstance(second, Exception), second
    late.refresh_from_db()
    assert late.task is not None and late.task.plan_id == first.pk
    assert first.tasks.count() == 2

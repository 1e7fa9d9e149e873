"""ORG-4: for every page, one line of expected status codes, one per kind of user (deny by default).

Users, in column order: anonymous, Sở Tư pháp focal officer (Quảng Nam), Sở Nội vụ focal officer (Quảng Nam),
Sở Nội vụ leader (Quảng Nam), UBND tỉnh leader (Quảng Nam), Quảng Nam administrator, Kiên Giang department.
A new URL without its line makes test_every_url_has_a_line fail.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import get_resolver, reverse

from cchc.ingest.models import IngestedDocument
from cchc.plans import cycle, services
from cchc.regulation.models import Regulation
from cchc.regulation.routing import regulation_in_force
from tests.conftest import TODAY, agency, province
from tests.plans.conftest import make_plan, task_input

User = get_user_model()

USERS = [None, "qnam.stp", "qnam.snv", "qnam.snv.lanhdao", "qnam.ubnd", "qnam.quantri", "kgiang.stc"]
LOGIN = 302


def _ids():
    quang_nam = province("Quảng Nam")
    current = regulation_in_force(quang_nam, TODAY)
    replaced = Regulation.objects.get(province=quang_nam, number="2824/QĐ-UBND")
    row = current.responsibilities.first()
    justice = agency("Quảng Nam", "Sở Tư pháp")
    plan = make_plan(User.objects.get(username="qnam.snv"))  # a draft provincial plan
    task, _ = services.add_task(plan, actor=None, data=task_input(time_text="Theo tình hình thực tế"))
    target = services.add_target(
        plan,
        actor=None,
        data=services.TargetInput(text="100% cơ quan ban hành kế hoạch", measure="percent", comparison="=", value=100),
    )
    snv = User.objects.get(username="qnam.snv")
    consulted = make_plan(snv, title="Dự thảo đang lấy ý kiến")
    services.add_task(consulted, actor=snv, data=task_input())
    consultation = cycle.send_for_comments(consulted, actor=snv, deadline=TODAY + dt.timedelta(days=10), on=TODAY)
    comment = cycle.add_comment(consultation, agency=justice, actor=None, text="Góp ý", on=TODAY)
    call = cycle.open_call(quang_nam, year=2030, actor=snv, on=TODAY, deadline=TODAY + dt.timedelta(days=10))
    proposal = cycle.submit_proposal(call, agency=justice, actor=None, on=TODAY, title="Rà soát văn bản", lead=justice)
    document = IngestedDocument.objects.create(
        province=quang_nam, name="ke-hoach.txt", sha256="0" * 64, kind="plan", extracted={"kind": "plan"}
    )
    return {
        "document": document.pk,
        "consulted": consulted.pk,
        "comment": comment.pk,
        "call": call.pk,
        "proposal": proposal.pk,
        "current": current.pk,
        "replaced": replaced.pk,
        "row": row.pk,
        "justice": justice.pk,
        "membership": justice.memberships.first().pk,
        "plan": plan.pk,
        "target": target.pk,
        "task": task.pk,
        "milestone": task.milestones.get().pk,
    }


# name, method, args (from _ids), expected statuses per user
TABLE = [
    ("home", "get", [], [LOGIN, 302, 302, 302, 302, 302, 302]),
    ("province", "get", ["quang-nam"], [LOGIN, 200, 200, 200, 200, 200, 404]),
    ("agency-list", "get", ["quang-nam"], [LOGIN, 200, 200, 200, 200, 200, 404]),
    ("agency-detail", "get", ["quang-nam", "justice"], [LOGIN, 200, 200, 200, 200, 200, 404]),
    ("agency-edit", "get", ["quang-nam", "justice"], [LOGIN, 403, 403, 403, 403, 200, 404]),
    ("membership-add", "post", ["quang-nam", "justice"], [LOGIN, 403, 403, 403, 403, 302, 404]),
    ("membership-end", "post", ["quang-nam", "membership"], [LOGIN, 403, 403, 403, 403, 302, 404]),
    ("regulation-current", "get", ["quang-nam"], [LOGIN, 302, 302, 302, 302, 302, 404]),
    ("regulation-list", "get", ["quang-nam"], [LOGIN, 200, 200, 200, 200, 200, 404]),
    ("regulation-detail", "get", ["quang-nam", "current"], [LOGIN, 200, 200, 200, 200, 200, 404]),
    ("regulation-create", "get", ["quang-nam"], [LOGIN, 403, 200, 200, 403, 403, 404]),
    # U-3: an issued regulation is never edited: its edit page sends standing staff back to it (302).
    ("regulation-edit", "get", ["quang-nam", "current"], [LOGIN, 403, 302, 302, 403, 403, 404]),
    ("regulation-amend", "get", ["quang-nam", "current"], [LOGIN, 403, 200, 200, 403, 403, 404]),
    ("regulation-issue", "post", ["quang-nam", "current"], [LOGIN, 403, 403, 302, 403, 403, 404]),
    ("responsibility-add", "post", ["quang-nam", "current"], [LOGIN, 403, 302, 302, 403, 403, 404]),
    ("responsibility-remove", "post", ["quang-nam", "current", "row"], [LOGIN, 403, 302, 302, 403, 403, 404]),
    ("routing", "get", ["quang-nam"], [LOGIN, 200, 200, 200, 200, 200, 404]),
    ("plan-list", "get", ["quang-nam"], [LOGIN, 200, 200, 200, 200, 200, 404]),
    ("plan-create", "get", ["quang-nam"], [LOGIN, 200, 200, 200, 200, 403, 404]),
    ("plan-detail", "get", ["quang-nam", "plan"], [LOGIN, 404, 200, 200, 200, 200, 404]),
    ("plan-appendix", "get", ["quang-nam", "plan"], [LOGIN, 404, 200, 200, 200, 200, 404]),
    ("plan-export-docx", "get", ["quang-nam", "plan"], [LOGIN, 404, 200, 200, 200, 200, 404]),
    ("plan-export-xlsx", "get", ["quang-nam", "plan"], [LOGIN, 404, 200, 200, 200, 200, 404]),
    ("plan-edit", "get", ["quang-nam", "plan"], [LOGIN, 404, 200, 200, 403, 403, 404]),
    ("task-create", "get", ["quang-nam", "plan"], [LOGIN, 404, 200, 200, 403, 403, 404]),
    ("task-edit", "get", ["quang-nam", "plan", "task"], [LOGIN, 404, 200, 200, 403, 403, 404]),
    ("task-remove", "post", ["quang-nam", "plan", "task"], [LOGIN, 404, 302, 302, 403, 403, 404]),
    ("target-create", "get", ["quang-nam", "plan"], [LOGIN, 404, 200, 200, 403, 403, 404]),
    ("target-result", "post", ["quang-nam", "plan", "target"], [LOGIN, 404, 302, 302, 403, 403, 404]),
    ("milestone-due", "post", ["quang-nam", "plan", "milestone"], [LOGIN, 404, 302, 302, 403, 403, 404]),
    ("plan-send-for-comments", "post", ["quang-nam", "plan"], [LOGIN, 404, 302, 302, 403, 403, 404]),
    ("plan-comment", "post", ["quang-nam", "consulted"], [LOGIN, 302, 403, 403, 403, 403, 404]),
    ("comment-answer", "post", ["quang-nam", "consulted", "comment"], [LOGIN, 403, 302, 302, 403, 403, 404]),
    ("plan-issue", "post", ["quang-nam", "plan"], [LOGIN, 404, 403, 302, 403, 403, 404]),
    ("plan-record-issued", "post", ["quang-nam", "plan"], [LOGIN, 404, 403, 302, 403, 403, 404]),
    ("plan-adjust", "post", ["quang-nam", "plan"], [LOGIN, 404, 403, 302, 403, 403, 404]),
    ("plan-versions", "get", ["quang-nam", "plan"], [LOGIN, 404, 200, 200, 200, 200, 404]),
    ("gap-explain", "post", ["quang-nam", "plan"], [LOGIN, 404, 302, 302, 403, 403, 404]),
    ("agency-plan-create", "post", ["quang-nam"], [LOGIN, 302, 302, 302, 302, 403, 404]),
    ("call-list", "get", ["quang-nam"], [LOGIN, 200, 200, 200, 200, 200, 404]),
    ("call-detail", "get", ["quang-nam", "call"], [LOGIN, 200, 200, 200, 200, 404, 404]),
    ("call-reopen", "post", ["quang-nam", "call", "justice"], [LOGIN, 403, 302, 302, 403, 403, 404]),
    ("proposal-decide", "post", ["quang-nam", "call", "proposal"], [LOGIN, 403, 302, 302, 403, 403, 404]),
    ("call-consolidate", "post", ["quang-nam", "call"], [LOGIN, 403, 302, 302, 403, 403, 404]),
    ("ingest-upload", "get", ["quang-nam"], [LOGIN, 403, 200, 200, 403, 403, 404]),
    ("ingest-review", "get", ["quang-nam", "document"], [LOGIN, 403, 200, 200, 403, 403, 404]),
    ("login", "get", [], [200, 302, 302, 302, 302, 302, 302]),
    ("logout", "post", [], [302, 302, 302, 302, 302, 302, 302]),
    ("healthz", "get", [], [200, 200, 200, 200, 200, 200, 200]),
]
NOT_IN_TABLE = {"openapi"}  # the API has its own table in tests/api


def test_every_url_has_a_line():
    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    ours = {n for n in names if not n.startswith(("admin", "api"))} - {"openapi"}
    assert ours - {row[0] for row in TABLE} - NOT_IN_TABLE == set()


@pytest.mark.parametrize(("name", "method", "args", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_ORG_4_permission_table(client, demo_user, name, method, args, expected):
    ids = _ids()
    url = reverse(name, args=[ids.get(a, a) for a in args])
    got = []
    for username in USERS:
        client.logout()
        if username:
            client.force_login(demo_user(username))
        got.append(getattr(client, method)(url).status_code)
    assert got == expected

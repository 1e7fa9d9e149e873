"""U-5, SEC-1, ORG-4: the API's permission table. Every (path, method) of the OpenAPI description has one row
with the answer each kind of user gets with a Bearer token of their own (anonymous: no token); a new route without
its row fails `test_U_5_every_api_route_has_a_row_and_names_its_rule`. The API answers as the pages do: 401
without a valid token, 404 for what the user may not see (another province, a draft not meant for them).
"""

import datetime as dt

import pytest
from django.db import transaction

from cchc.api.services import create_token
from cchc.core.dates import today
from cchc.plans import services as plan_services
from cchc.plans.models import Plan, PlanStatus
from tests.factories import PERMISSION_COLUMNS, service_plan, world

COLUMNS = PERMISSION_COLUMNS

#             anon vwr  o.f  o.l  d.f  d.l  s.f  s.l  cmt  end  adm  other
READ = "      401  200  200  200  200  200  200  200  200  404  200  404"
DRAFT = "     401  404  404  404  404  404  200  200  200  404  200  404"
EVERYONE = "  401  200  200  200  200  200  200  200  200  200  200  200"
BOARD = "     401  403  403  403  403  403  200  200  200  404  200  404"
AGENCY_REPORT = "401 200 200 200 404 404 200 200 200 404 404 404"

# (OpenAPI path, method, which plan, expected)
TABLE = [
    ("/api/v1/provinces", "get", None, EVERYONE),
    ("/api/v1/provinces/{slug}/agencies", "get", None, READ),
    ("/api/v1/provinces/{slug}/agencies/{agency_id}", "get", None, READ),
    ("/api/v1/provinces/{slug}/agencies/{agency_id}/successors", "get", None, READ),
    ("/api/v1/provinces/{slug}/regulations", "get", None, READ),
    ("/api/v1/provinces/{slug}/regulations/{regulation_id}", "get", None, READ),
    ("/api/v1/provinces/{slug}/routing", "get", None, READ),
    ("/api/v1/provinces/{slug}/plans", "get", None, READ),
    ("/api/v1/provinces/{slug}/plans/{plan_id}", "get", "draft", DRAFT),
    ("/api/v1/provinces/{slug}/plans/{plan_id}", "get", "issued", READ),
    ("/api/v1/provinces/{slug}/plans/{plan_id}/tasks", "get", "draft", DRAFT),
    ("/api/v1/provinces/{slug}/plans/{plan_id}/tasks", "get", "issued", READ),
    ("/api/v1/provinces/{slug}/plans/{plan_id}/tasks/{task_id}", "get", "draft", DRAFT),
    ("/api/v1/provinces/{slug}/plans/{plan_id}/tasks/{task_id}", "get", "issued", READ),
    ("/api/v1/provinces/{slug}/plans/{plan_id}/tasks/{task_id}/milestones", "get", "draft", DRAFT),
    ("/api/v1/provinces/{slug}/plans/{plan_id}/tasks/{task_id}/milestones", "get", "issued", READ),
    # notifications: one's own only (tests/api/test_notifications_api.py proves reading and marking them)
    ("/api/v1/notifications", "get", None, EVERYONE),
    ("/api/v1/notifications/{notification_id}/read", "post", None, "401 404 404 404 404 404 404 404 404 404 404 404"),
    # --- reports ---
    ("/api/v1/provinces/{slug}/report-cycles", "get", None, READ),
    ("/api/v1/provinces/{slug}/report-cycles/{cycle_id}/submissions", "get", "open", BOARD),
    ("/api/v1/provinces/{slug}/report-cycles/{cycle_id}/submissions/{agency_id}", "get", "open", AGENCY_REPORT),
    ("/api/v1/provinces/{slug}/report-cycles/{cycle_id}/submissions/{agency_id}", "get", "consolidated", READ),
    ("/api/v1/provinces/{slug}/report-cycles/{cycle_id}/consolidated", "get", "open", BOARD),
    ("/api/v1/provinces/{slug}/report-cycles/{cycle_id}/consolidated", "get", "consolidated", READ),
    # --- meetings, documents ---
    ("/api/v1/provinces/{slug}/activities", "get", None, READ),
    ("/api/v1/provinces/{slug}/activities/{activity_id}", "get", None, READ),
    ("/api/v1/provinces/{slug}/documents", "get", None, READ),
    # TRK-5: a document Sở Nội vụ shared with the ordinary agency: the domain agency did not receive it
    (
        "/api/v1/provinces/{slug}/documents/{document_id}",
        "get",
        None,
        "401 200 200 200 404 404 200 200 200 404 200 404",
    ),
    # --- tracking ---
    (
        "/api/v1/provinces/{slug}/tasks/{task_id}/updates",
        "get",
        "draft",
        "401 404 404 404 404 404 404 404 404 404 404 404",
    ),
    ("/api/v1/provinces/{slug}/tasks/{task_id}/updates", "get", "issued", READ),
    (
        "/api/v1/provinces/{slug}/tasks/{task_id}/updates",
        "post",
        "issued",
        "401 403 403 403 201 201 403 403 403 404 403 404",
    ),
    ("/api/v1/provinces/{slug}/tasks/{task_id}/problems", "get", "issued", READ),
    (
        "/api/v1/provinces/{slug}/tasks/{task_id}/problems",
        "post",
        "issued",
        "401 403 403 403 201 201 201 201 403 404 403 404",
    ),
    ("/api/v1/provinces/{slug}/problems", "get", None, "401 403 403 403 403 403 200 200 200 404 200 404"),
    # --- index ---
    ("/api/v1/provinces/{slug}/index/frameworks", "get", None, READ),
    ("/api/v1/provinces/{slug}/index/frameworks/{framework_id}", "get", None, READ),
    ("/api/v1/provinces/{slug}/index/campaigns", "get", None, READ),
    # --- index: province --- IDX-3 to IDX-7: files, scores (the ordinary agency's: its own and Sở Nội vụ's before
    # publication), results (filtered: one's own before publication)
    ("/api/v1/provinces/{slug}/index/campaigns/{year}/assessments", "get", None, READ),
    (
        "/api/v1/provinces/{slug}/index/campaigns/{year}/assessments/{agency_id}/scores",
        "get",
        None,
        "401 200 200 200 404 404 200 200 404 404 404 404",
    ),
    ("/api/v1/provinces/{slug}/index/campaigns/{year}/results", "get", None, READ),
]

# The JSON body of each write (tracking): a valid request, so the answer is the rule's.
BODIES = {
    ("/api/v1/provinces/{slug}/tasks/{task_id}/updates", "post"): {"reported": "in_progress", "percent": 30},
    ("/api/v1/provinces/{slug}/tasks/{task_id}/problems", "post"): {"kind": "obstacle", "text": "Thiếu kinh phí"},
}


ID_NOBODY_HAS = 999_999_999


def _plan(w, *, issued: bool):
    snv = w.user("standing_focal")
    plan = service_plan(w)
    task, _ = plan_services.add_task(
        plan, actor=snv, data=plan_services.TaskInput(title="Rà soát", lead=w.domain, time_text="Quý II")
    )
    if issued:
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ISSUED, number="1/KH-UBND", signed_on=today())
    return plan, task


def _report_cycle(w, which):
    """RPT-1: Quý I of next year in which the ordinary agency has sent its report; consolidated or still open."""
    from cchc.reports import services as report_services

    cycle = report_services.open_cycle(w.province, kind="q1", year=today().year + 1, actor=w.user("standing_focal"))
    leader = w.user("ordinary_leader")
    report_services.submit(report_services.prepare(cycle, w.ordinary, actor=leader), actor=leader)
    if which == "consolidated":
        report_services.mark_consolidated(cycle, actor=w.user("standing_focal"))
    return cycle


def _token(w, other, column: str) -> dict:
    if column == "anonymous":
        return {}
    user = other.user("standing_leader") if column == "other_province" else w.user(column)
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user.username)}"}


@pytest.mark.parametrize(("path", "method", "which", "expected"), TABLE, ids=[f"{r[0]}:{r[2]}" for r in TABLE])
def test_U_5_ORG_4_api_permission_table(client, db, path, method, which, expected):
    """U-5 ORG-4 SEC-1: each kind of user gets from the API what the pages give them; nothing is written."""
    w, other = world(), world()
    plan, task = _plan(w, issued=which == "issued")
    extra = {"cycle_id": _report_cycle(w, which).pk} if "{cycle_id}" in path else {}
    url = path.format(
        slug=w.province.slug,
        agency_id=w.ordinary.pk,
        regulation_id=w.regulation.pk,
        plan_id=plan.pk,
        task_id=task.pk,
        notification_id=ID_NOBODY_HAS,
        **extra,
        **_meetings_and_documents(w, path),
        **_index(w, path),
    )
    got = {}
    for column in COLUMNS:
        with transaction.atomic():
            body = BODIES.get((path, method))
            if body is None:
                response = getattr(client, method)(url, **_token(w, other, column))
            else:
                response = client.post(url, body, content_type="application/json", **_token(w, other, column))
            got[column] = str(response.status_code)
            if response.status_code >= 400:
                assert "detail" in response.json(), (column, response.content)
            transaction.set_rollback(True)
    want = dict(zip(COLUMNS, expected.split(), strict=True))
    wrong = {c: f"expected {want[c]}, got {got[c]}" for c in COLUMNS if got[c] != want[c]}
    assert not wrong, wrong


def test_U_5_every_api_route_has_a_row_and_names_its_rule(client, db):
    """U-5 SEC-1: every (path, method) of the OpenAPI description has a row above and names the rule it needs
    (`x-rule`), and that rule exists."""
    import rules

    schema = client.get("/api/openapi.json").json()
    routes = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert routes == {(path, method) for path, method, _, _ in TABLE}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            rule = operation.get("x-rule")
            assert rule and rules.perm_exists(rule), f"{method.upper()} {path} names no rule"


def test_U_5_a_draft_stays_hidden_from_the_consulted_agency_until_it_is_sent(client, db):
    """ORG-4 U-5: the API follows the draft rule of the pages: an ordinary department sees a draft once it is
    sent to it for comments, not before."""
    from cchc.plans import cycle

    w = world()
    plan, _ = _plan(w, issued=False)
    url = f"/api/v1/provinces/{w.province.slug}/plans/{plan.pk}"
    headers = _token(w, None, "ordinary_focal")
    assert client.get(url, **headers).status_code == 404
    on = today()
    cycle.send_for_comments(plan, actor=w.user("standing_focal"), deadline=on + dt.timedelta(days=5), on=on)
    assert client.get(url, **headers).status_code == 200


def test_U_5_the_openapi_description_is_public_and_holds_no_data(client, db):
    """U-5: /api/openapi.json (outside the table: it is not a route of itself) answers without a token, and
    describes routes only: no province of the database appears in it."""
    w = world()
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert w.province.slug not in response.content.decode()


# --- meetings, documents ---


def _meetings_and_documents(w, path: str) -> dict:
    """COO-2, TRK-5: a briefing of Sở Nội vụ and a document it shared with the ordinary agency, for their routes."""
    if "{activity_id}" not in path and "{document_id}" not in path:
        return {}
    from cchc.core.dates import quarter_of
    from cchc.documents import services as document_services
    from cchc.meetings import services as meeting_services

    on = today()
    snv = w.user("standing_focal")
    activity = meeting_services.schedule(
        w.province, actor=snv, kind="briefing", year=on.year, quarter=quarter_of(on), held_on=on
    )
    document = document_services.publish(
        w.province,
        actor=snv,
        publisher=w.standing,
        data=document_services.DocumentInput(
            kind="guidance",
            number="1/HD-SNV",
            issued_on=on,
            issuer="Sở Nội vụ",
            title="Hướng dẫn",
            agencies=(w.ordinary,),
        ),
    )
    return {"activity_id": activity.pk, "document_id": document.pk}


# --- index ---


def _index(w, path: str) -> dict:
    """IDX-1, IDX-2: the example framework for departments, and a campaign of this year that uses it."""
    if "/index/" not in path:
        return {}
    from pathlib import Path

    from django.conf import settings

    from cchc.index import fileformat, services
    from tests.factories import programme

    programme()
    example = Path(settings.DATA_DIR) / "frameworks" / "vi-du-cap-so.yaml"
    framework = services.load_framework(fileformat.parse(example.read_text(encoding="utf-8")))
    on = today()
    services.open_campaign(
        w.province,
        actor=w.user("standing_focal"),
        year=on.year,
        frameworks={"department": framework},
        deadlines={
            "self_assessment_deadline": on,
            "appraisal_deadline": on,
            "explanation_deadline": on,
            "publication_deadline": on,
        },
        bands=[("Đạt", 0)],
        on=on,
    )
    return {"framework_id": framework.pk, "year": on.year}

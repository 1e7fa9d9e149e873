"""SEC-3, U-5: every query parameter of every API operation, read from the OpenAPI schema that /api/openapi.json
serves (so a new parameter is driven without touching this test), is driven with odd strings: unicode digits,
huge numbers, NaN, empty, "agency:²", long strings, NUL. Never a 500; a refusal carries a Vietnamese `detail`.
The path ids are driven too."""

from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.api.services import create_token
from tests.api.test_permission_table import _index, _meetings_and_documents
from tests.factories import PlanFactory, TaskFactory, world
from tests.web.test_bad_input import ODD, odd_strings


def _report_cycle(w):
    """RPT-1: a report cycle with the domain agency's report sent, for the reports' routes."""
    from cchc.core.dates import today
    from cchc.reports import services

    cycle = services.open_cycle(w.province, kind="q1", year=today().year + 1, actor=w.user("standing_focal"))
    services.submit(services.prepare(cycle, w.domain, actor=w.user("domain_leader")), actor=w.user("domain_leader"))
    return cycle


@pytest.fixture
def setting(client, db):
    """A province with a plan and a task, a token of its standing agency's focal officer, and the operations of
    the schema as (path template, query parameter names, path parameter names)."""
    w = world()
    plan = PlanFactory(province=w.province, owner=w.standing)
    task = TaskFactory(plan=plan, lead=w.domain)
    values = {
        "slug": w.province.slug,
        "plan_id": plan.pk,
        "task_id": task.pk,
        "agency_id": w.domain.pk,
        "regulation_id": w.regulation.pk,
        "notification_id": 1,
        # --- reports ---
        "cycle_id": _report_cycle(w).pk,
        **_meetings_and_documents(w, "{activity_id}"),  # a briefing and a shared document (COO-2, TRK-5)
        **_index(w, "/index/"),  # --- index --- the example framework and a campaign (IDX-1, IDX-2)
    }
    schema = client.get(reverse("openapi")).json()
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert method in ("get", "post"), f"{method.upper()} {path}: drive it here too"
            parameters = operation.get("parameters", [])
            query = [p["name"] for p in parameters if p["in"] == "query"]
            in_path = [p["name"] for p in parameters if p["in"] == "path"]
            assert set(in_path) <= set(values), f"{path}: give an example value for {in_path}"
            operations.append((method, path, query, in_path))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(w.user('standing_focal').username)}"}
    return client, headers, values, operations


def _check(response, what):
    assert response.status_code < 500, what
    if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
        detail = response.json()["detail"]
        assert isinstance(detail, str) and detail, what


def test_SEC_3_the_schema_has_query_parameters_to_drive(setting):
    """SEC-3: the test reads the parameters from the schema; it finds the filters of the plans and the routing."""
    _, _, _, operations = setting
    names = {name for _, _, query, _ in operations for name in query}
    assert {"year", "kind", "lead", "coordinator", "quarter", "status", "q", "question", "subject", "on"} <= names


def _send(client, method: str, url: str, params: dict, headers: dict):
    """The request with the parameters in the query string (a POST's body is its own tests' business: a body it
    does not accept is a 422, never a 500)."""
    if method == "get":
        return client.get(url, params, **headers)
    return client.post(f"{url}?{urlencode(params)}" if params else url, **headers)


def _drive(client, headers, method: str, url: str, query: list[str]) -> None:
    @settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(query), odd_strings, min_size=1))
    def drive(params):
        _check(_send(client, method, url, params, headers), (method, url, params))

    drive()


def test_SEC_3_every_api_query_parameter_with_odd_strings(setting):
    """SEC-3: each query parameter of each operation, with odd strings drawn by Hypothesis: never a 500."""
    client, headers, values, operations = setting
    for method, path, query, _ in operations:
        if query:
            _drive(client, headers, method, path.format(**values), query)


def test_SEC_3_each_odd_value_on_each_api_parameter(setting):
    """SEC-3: each curated odd value on each query parameter and each path id alone: never a 500."""
    client, headers, values, operations = setting
    for method, path, query, in_path in operations:
        url = path.format(**values)
        for name in query:
            for value in ODD:
                _check(_send(client, method, url, {name: value}, headers), (method, url, name, value))
        for name in in_path:
            for value in ODD:
                odd_url = path.format(**{**values, name: quote(value, safe="")})
                _check(_send(client, method, odd_url, {}, headers), (method, odd_url, name))


def test_SEC_3_api_coordinator_agency_superscript_two(setting):
    """SEC-3: `coordinator=agency:²` was a 500; now 400 with a Vietnamese reason."""
    client, headers, values, _ = setting
    url = "/api/v1/provinces/{slug}/plans/{plan_id}/tasks".format(**values)
    response = client.get(url, {"coordinator": "agency:²"}, **headers)
    assert response.status_code == 400 and "agency:<mã> hoặc group:<mã>" in response.json()["detail"]
    response = client.get(url, {"lead": "9" * 23}, **headers)
    assert response.status_code == 422 and "lead phải không quá" in response.json()["detail"]
    response = client.get(url, {"quarter": "²"}, **headers)
    assert response.status_code == 422 and "quarter phải là một số nguyên" in response.json()["detail"]


def test_SEC_3_api_routing_on_a_date_before_any_regulation(setting):
    """SEC-3: routing asked about a date before any regulation answers 404 with the reason (the world's
    regulation is in force from 2022); a regulation that names no standing agency answers 409."""
    from cchc.regulation.models import Regulation

    client, headers, values, _ = setting
    url = "/api/v1/provinces/{slug}/routing".format(**values)
    response = client.get(url, {"question": "standing", "on": "2018-09-19"}, **headers)
    assert response.status_code == 404 and "chưa có quy chế phối hợp có hiệu lực" in response.json()["detail"]
    Regulation.objects.filter(province__slug=values["slug"]).update(standing_agency=None)
    response = client.get(url, {"question": "standing", "on": "2024-09-19"}, **headers)
    assert response.status_code == 409 and "không ghi cơ quan thường trực" in response.json()["detail"]


def test_SEC_3_api_routing_in_quang_nam_on_19_09_2018(api):
    """SEC-3: the finding as reported: Quảng Nam's regulation in force on 19/09/2018 names no standing agency;
    the API answered 500, now 409 with the reason."""
    response = api("qnam.snv", "/provinces/quang-nam/routing", question="standing", on="2018-09-19")
    assert response.status_code == 409 and "không ghi cơ quan thường trực" in response.json()["detail"]


def test_SEC_3_api_refusals_of_the_token_are_vietnamese(client, db):
    """SEC-3: a missing or wrong token answers 401 in Vietnamese."""
    response = client.get("/api/v1/provinces", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]

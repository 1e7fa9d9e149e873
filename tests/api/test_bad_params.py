"""SEC-3, U-5: every query parameter of every API operation, read from the OpenAPI schema that /api/openapi.json
serves (so a new parameter is driven without touching this test), is driven with odd strings: unicode digits,
huge numbers, NaN, empty, "agency:²", long strings, NUL. Never a 500; a refusal carries a Vietnamese `detail`.
The path ids are driven too."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.api.services import create_token
from tests.factories import PlanFactory, TaskFactory, world
from tests.web.test_bad_input import ODD, odd_strings


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
    }
    schema = client.get(reverse("openapi")).json()
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method == "post":
                continue  # the bodies of the tracking writes are driven in tests/tracking/test_api.py
            assert method == "get", f"{method.upper()} {path}: drive its body here too"
            parameters = operation.get("parameters", [])
            query = [p["name"] for p in parameters if p["in"] == "query"]
            in_path = [p["name"] for p in parameters if p["in"] == "path"]
            assert set(in_path) <= set(values), f"{path}: give an example value for {in_path}"
            operations.append((path, query, in_path))
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
    names = {name for _, query, _ in operations for name in query}
    assert {"year", "kind", "lead", "coordinator", "quarter", "status", "q", "question", "subject", "on"} <= names


def _drive(client, headers, url: str, query: list[str]) -> None:
    @settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(query), odd_strings, min_size=1))
    def drive(params):
        _check(client.get(url, params, **headers), (url, params))

    drive()


def test_SEC_3_every_api_query_parameter_with_odd_strings(setting):
    """SEC-3: each query parameter of each operation, with odd strings drawn by Hypothesis: never a 500."""
    client, headers, values, operations = setting
    for path, query, _ in operations:
        if query:
            _drive(client, headers, path.format(**values), query)


def test_SEC_3_each_odd_value_on_each_api_parameter(setting):
    """SEC-3: each curated odd value on each query parameter and each path id alone: never a 500."""
    client, headers, values, operations = setting
    for path, query, in_path in operations:
        url = path.format(**values)
        for name in query:
            for value in ODD:
                _check(client.get(url, {name: value}, **headers), (url, name, value))
        for name in in_path:
            for value in ODD:
                odd_url = path.format(**{**values, name: quote(value, safe="")})
                _check(client.get(odd_url, **headers), (odd_url, name))


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

"""U-5, SEC-3: schemathesis runs against the API's own OpenAPI schema, through Django's WSGI application, as a
user with a Bearer token: no answer is a server error, and every answer matches the schema (the refusals too:
400, 401, 403, 404, 409, 422 are described with their Vietnamese `detail`).

The schema is the one `/api/openapi.json` serves. Each operation gets a small, fixed number of examples
(derandomized) so that `make test` stays fast and the run is the same every time. The path parameters are
pointed at a small province built by the factories, so that the answers reach real plans, tasks, agencies and
regulations. (schemathesis.pytest.from_fixture, which would read the schema inside a fixture, does not run under
pytest 9: it sets `Function._nodeid`, which pytest 9 no longer has.)
"""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from cchc.api.api import api
from cchc.api.services import create_token
from cchc.core.params import ID_MAX
from tests.factories import PlanFactory, TaskFactory, world

CHECKS = [not_a_server_error, response_schema_conformance]


def _openapi() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))


@pytest.fixture
def keep_connection():
    """Django's WSGI handler closes the database connection before and after each request (request_started,
    request_finished); on PostgreSQL that would close the test's transaction. The test client disconnects the
    same signals."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_world(db, keep_connection):
    """A province with a plan of two tasks (one with a milestone), a target with a result, and a token of the
    standing agency's focal officer."""
    from decimal import Decimal

    from cchc.plans.models import PlanStatus, Target, TargetResult

    w = world()
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, number="1/KH-UBND")
    task = TaskFactory(plan=plan, lead=w.domain, time_text="Quý III")
    TaskFactory(plan=plan, lead=w.standing)
    target = Target.objects.create(plan=plan, text="90% hồ sơ", value=Decimal("90"), start_year=2027, end_year=2027)
    TargetResult.objects.create(target=target, year=2027, value=Decimal("84.5"))
    TargetResult.objects.create(target=target, agency=w.domain, year=2027, value=Decimal("100"))
    w.examples = {
        "slug": w.province.slug,
        "plan_id": plan.pk,
        "task_id": task.pk,
        "agency_id": w.domain.pk,
        "regulation_id": w.regulation.pk,
    }
    w.token = create_token(w.user("standing_focal").username)
    return w


# The schema as /api/openapi.json serves it (it needs no database), with Django's WSGI application behind it.
schema = schemathesis.openapi.from_dict(_openapi())
schema.app = WSGIHandler()


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_U_5_SEC_3_api_answers_no_500_and_matches_its_schema(case, api_world):
    """U-5, SEC-3: no 500, and responses that match the OpenAPI schema, for every operation. The province is
    always the test's own (another one is only a 404); an id inside the schema's bounds is replaced by a real one
    so that the answers carry data, an id outside them is kept to try the refusal."""
    for name, value in api_world.examples.items():
        if name in (case.path_parameters or {}):
            generated = case.path_parameters[name]
            if name == "slug" or (isinstance(generated, int) and 1 <= generated <= ID_MAX):
                case.path_parameters[name] = value
    case.call_and_validate(headers={"Authorization": f"Bearer {api_world.token}"}, checks=CHECKS)


def test_U_5_every_refusal_is_described_in_the_schema(db):
    """U-5, SEC-3: each operation describes its refusals (400, 401, 403, 404, 409, 422) with a `detail`."""
    raw = _openapi()
    for path, operations in raw["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            # a write that creates answers 201 Created (tracking); one that changes a state (marking read) 200
            assert codes & {"200", "201"}, (method, path, codes)
            assert {"400", "401", "403", "404", "409", "422"} <= codes, (method, path, codes)

"""TRK-1, TRK-3, U-5: the tracking API writes through the same services as the task page: 201, 409 when another
update landed meanwhile, 422 for bad input, never a 500; nothing is written on a refusal."""

import datetime as dt

import pytest

from cchc.api.services import create_token
from cchc.core.dates import today
from tests.tracking.helpers import counts, tracked

pytestmark = pytest.mark.django_db


def _headers(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user.username)}"}


def _post(client, url, body, user):
    return client.post(url, body, content_type="application/json", **_headers(user))


def test_TRK_1_api_records_progress_and_answers_409_on_a_stale_base(client):
    """TRK-1 (issue 10): POST an update (201); a second client still based on the old latest update gets 409 with
    what changed; GET lists the history with the id to base the next update on."""
    w, task = tracked()
    url = f"/api/v1/provinces/{w.province.slug}/tasks/{task.pk}/updates"
    lead, other = w.user("domain_focal"), w.user("domain_leader")
    first = _post(
        client,
        url,
        {
            "reported": "in_progress",
            "percent": 40,
            "note": "Đợt 1",
            "evidence": [{"summary": "Báo cáo đợt 1", "number": "3/BC-STP", "issued_on": str(today())}],
        },
        lead,
    )
    assert first.status_code == 201, first.content
    assert first.json()["evidence"][0]["number"] == "3/BC-STP"
    before = counts()
    stale = _post(client, url, {"reported": "in_progress", "percent": 50, "base_update_id": 0}, other)
    assert stale.status_code == 409 and "Trong lúc bạn nhập" in stale.json()["detail"]
    assert counts() == before
    listed = client.get(url, **_headers(w.user("viewer"))).json()
    assert listed["latest_lead_update_id"] == first.json()["id"] and listed["status"] == "in_progress"
    again = _post(
        client,
        url,
        {"reported": "in_progress", "percent": 50, "base_update_id": listed["latest_lead_update_id"]},
        other,
    )
    assert again.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"reported": "done", "percent": 100},
        {"reported": "done", "percent": 100, "done_on": str(today() + dt.timedelta(days=1))},
        {"reported": "done", "percent": 90, "done_on": str(today())},
        {"reported": "in_progress", "percent": 101},
        {"reported": "in_progress", "percent": "mười"},
        {"reported": "xong", "percent": 10},
        {"reported": "in_progress", "percent": 10, "note": "x" * 5000},
        {"reported": "in_progress", "percent": 10, "base_update_id": -1},
        {"reported": "in_progress", "percent": 10, "evidence": [{"summary": ""}]},
        {"reported": "in_progress", "percent": 10, "done_on": "31/02/2026"},
        {"reported": "in_progress", "percent": 10, "note": "\x00"},
        {"percent": 10**30},
        {},
    ],
)
def test_TRK_1_api_answers_422_for_bad_input_and_writes_nothing(client, body):
    """TRK-1, SEC-3: bad input answers 422 with a Vietnamese detail; nothing is written; never a 500."""
    w, task = tracked()
    before = counts()
    response = _post(
        client, f"/api/v1/provinces/{w.province.slug}/tasks/{task.pk}/updates", body, w.user("domain_focal")
    )
    assert response.status_code == 422, (body, response.content)
    assert response.json()["detail"]
    assert counts() == before


def test_TRK_1_api_refuses_others(client):
    """TRK-1, ORG-4: a coordinator, a viewer: 403; another province: 404; nothing written."""
    w, task = tracked()
    other_world, _ = tracked()
    url = f"/api/v1/provinces/{w.province.slug}/tasks/{task.pk}/updates"
    before = counts()
    assert _post(client, url, {"percent": 10}, w.user("ordinary_focal")).status_code == 403
    assert _post(client, url, {"percent": 10}, w.user("viewer")).status_code == 403
    assert _post(client, url, {"percent": 10}, other_world.user("standing_leader")).status_code == 404
    assert counts() == before


def test_TRK_3_api_problems(client):
    """TRK-3: the lead raises a problem (201); Sở Nội vụ reads the province's list, open first; a viewer may not."""
    w, task = tracked()
    url = f"/api/v1/provinces/{w.province.slug}/tasks/{task.pk}/problems"
    raised = _post(client, url, {"kind": "adjustment", "text": "Đề nghị lùi hạn"}, w.user("domain_focal"))
    assert raised.status_code == 201 and raised.json()["kind"] == "adjustment"
    assert _post(client, url, {"kind": "khác", "text": "x"}, w.user("domain_focal")).status_code == 422
    assert client.get(url, **_headers(w.user("viewer"))).json()[0]["text"] == "Đề nghị lùi hạn"
    listed = client.get(f"/api/v1/provinces/{w.province.slug}/problems", **_headers(w.user("standing_focal")))
    assert listed.status_code == 200 and listed.json()[0]["answered_at"] is None
    assert client.get(f"/api/v1/provinces/{w.province.slug}/problems", **_headers(w.user("viewer"))).status_code == 403

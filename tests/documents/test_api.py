"""TRK-5, COO-2, U-5: the API lists what the pages show, with the same search and the same permissions."""

import datetime as dt

import pytest

from cchc.api.services import create_token
from cchc.core.dates import quarter_of, today
from cchc.documents import services as document_services
from cchc.meetings import services as meeting_services
from tests.factories import service_plan, world

pytestmark = pytest.mark.django_db


def _headers(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user.username)}"}


def test_TRK_5_the_api_searches_without_accents_and_hides_what_the_pages_hide(client):
    """TRK-5, U-5: "ke hoach" finds "Kế hoạch"; an agency the document did not reach gets an empty list and 404;
    a bad kind is 400 with its reason."""
    w = world()
    document = document_services.publish(
        w.province,
        actor=w.user("standing_focal"),
        publisher=w.standing,
        data=document_services.DocumentInput(
            kind="decision",
            number="77/QĐ-UBND",
            issued_on=today() - dt.timedelta(days=1),
            issuer="Ủy ban nhân dân tỉnh",
            title="Quyết định ban hành Kế hoạch kiểm tra",
            agencies=(w.ordinary,),
        ),
    )
    base = f"/api/v1/provinces/{w.province.slug}/documents"
    found = client.get(base, {"q": "ke hoach kiem tra"}, **_headers(w.user("ordinary_focal"))).json()
    assert [d["id"] for d in found] == [document.pk]
    assert client.get(base, {"q": "khong co"}, **_headers(w.user("ordinary_focal"))).json() == []
    detail = client.get(f"{base}/{document.pk}", **_headers(w.user("ordinary_focal"))).json()
    assert [a["id"] for a in detail["delivered_to"]] == [w.ordinary.pk]
    assert client.get(base, **_headers(w.user("domain_focal"))).json() == []
    assert client.get(f"{base}/{document.pk}", **_headers(w.user("domain_focal"))).status_code == 404
    bad = client.get(base, {"kind": "xyz"}, **_headers(w.user("ordinary_focal")))
    assert bad.status_code == 400 and "Loại" in bad.json()["detail"]


def test_COO_2_the_api_shows_a_briefing_with_its_conclusion_and_task(client):
    """COO-2, U-5: the activity's conclusions carry the task and plan they became."""
    w = world()
    on = today()
    snv = w.user("standing_focal")
    briefing = meeting_services.schedule(
        w.province, actor=snv, kind="briefing", year=on.year, quarter=quarter_of(on), held_on=on
    )
    conclusion = meeting_services.add_conclusion(
        briefing, actor=snv, text="Rà soát", lead=w.domain, deadline=dt.date(on.year + 1, 3, 31)
    )
    plan = service_plan(w)
    task, _ = meeting_services.conclusion_to_task(conclusion, actor=snv, plan=plan)
    url = f"/api/v1/provinces/{w.province.slug}/activities"
    listed = client.get(url, {"kind": "briefing"}, **_headers(w.user("viewer"))).json()
    assert [a["id"] for a in listed] == [briefing.pk]
    detail = client.get(f"{url}/{briefing.pk}", **_headers(w.user("viewer"))).json()
    assert detail["conclusions"][0]["task_id"] == task.pk and detail["conclusions"][0]["plan_id"] == plan.pk
    other = world()
    assert client.get(f"{url}/{briefing.pk}", **_headers(other.user("standing_leader"))).status_code == 404

"""U-5: the API under /api/v1/, Bearer tokens, the same permission policy as the pages, OpenAPI 3."""

import pytest
from django.urls import reverse

from cchc.api.services import create_token
from tests.api.conftest import USERS
from tests.conftest import agency

TABLE = [
    ("/provinces", [401, 200, 200, 200, 200, 200]),
    ("/provinces/quang-nam/agencies", [401, 200, 200, 200, 404, 200]),
    ("/provinces/quang-nam/agencies/{justice}", [401, 200, 200, 200, 404, 200]),
    ("/provinces/quang-nam/regulations", [401, 200, 200, 200, 404, 200]),
    ("/provinces/quang-nam/regulations/{regulation}", [401, 200, 200, 200, 404, 200]),
    # Quảng Nam's last day (ORG-5: after it, its routing answers 404 and names Đà Nẵng; see below).
    ("/provinces/quang-nam/routing?on=2025-06-30", [401, 200, 200, 200, 404, 200]),
]


@pytest.mark.parametrize(("path", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_ORG_4_api_permission_table(api, path, expected):
    import datetime as dt

    from cchc.regulation.routing import regulation_in_force
    from tests.conftest import province

    ids = {
        "justice": agency("Quảng Nam", "STP").pk,
        "regulation": regulation_in_force(province("Quảng Nam"), dt.date(2025, 6, 30)).pk,
    }
    assert [api(user, path.format(**ids)).status_code for user in USERS] == expected


def test_U_5_a_wrong_or_revoked_token_is_refused(client, db):
    assert client.get("/api/v1/provinces", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401
    from django.utils import timezone

    from cchc.api.models import ApiToken

    token = create_token("qnam.stp")
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/provinces", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_ORG_4_api_lists_only_the_users_provinces(api):
    assert [p["slug"] for p in api("qnam.stp", "/provinces").json()] == ["quang-nam"]
    assert len(api("admin", "/provinces").json()) == 6  # five seed provinces and Đà Nẵng (ORG-5)


def test_U_1_api_agency_search_ignores_accents(api):
    found = api("qnam.stp", "/provinces/quang-nam/agencies", q="so noi vu").json()
    assert [a["name"] for a in found] == ["Sở Nội vụ"]
    ict = api("qnam.stp", "/provinces/quang-nam/agencies", q="STTTT").json()[0]
    assert ict["valid_to"] == "2025-02-28" and ict["successor"]["name"] == "Sở Khoa học và Công nghệ"


def test_REG_1_api_regulation_has_its_responsibilities(api):
    regulations = api("qnam.stp", "/provinces/quang-nam/regulations").json()
    # ORG-5: Quảng Nam's last regulation (in force until 30/06/2025) is in force nowhere today.
    assert not any(r["in_force"] for r in regulations)
    current = next(r for r in regulations if r["effective_from"] == "2021-06-30")
    assert current["proposal_deadline"] == "15/11" and current["meeting_cadence"] == "quarterly"
    detail = api("qnam.stp", f"/provinces/quang-nam/regulations/{current['id']}").json()
    assert {
        "subject_code": "institutions",
        "role": "appraise",
        "article": "Đ15.2",
        "agency_name": "Sở Tư pháp",
    } in [
        {
            "subject_code": r["subject_code"],
            "role": r["role"],
            "article": r["article"],
            "agency_name": (r["agency"] or {}).get("name"),
        }
        for r in detail["responsibilities"]
    ]


def test_REG_4_api_routing_who_leads_an_area_today(api):
    """REG-4: today in Đà Nẵng (its regulation of the test data); ORG-2: in Quảng Nam before its end, an ended
    agency's successor answers."""
    answer = api("dnang.stp", "/provinces/da-nang/routing", question="lead", subject="institutions").json()
    assert answer["in_force"] and [r["agency"]["name"] for r in answer["routes"]] == ["Sở Tư pháp"]
    assert answer["routes"][0]["agency"]["id"] == agency("Đà Nẵng", "Sở Tư pháp").pk
    answer = api(
        "qnam.stp", "/provinces/quang-nam/routing", question="lead", subject="institutions", on="2025-06-30"
    ).json()
    assert answer["in_force"] and [r["agency"]["id"] for r in answer["routes"]] == [agency("Quảng Nam", "STP").pk]
    it = api(
        "qnam.stp", "/provinces/quang-nam/routing", question="lead", subject="it-application", on="2025-06-01"
    ).json()
    assert it["routes"][0]["agency"]["name"] == "Sở Khoa học và Công nghệ" and it["routes"][0]["via_successor"]
    past = api(
        "qnam.stp", "/provinces/quang-nam/routing", question="lead", subject="it-application", on="2024-01-01"
    ).json()
    assert past["routes"][0]["agency"]["name"] == "Sở Thông tin và Truyền thông"


def test_REG_4_SEC_3_api_routing_says_when_no_regulation_is_in_force(api):
    """REG-4, SEC-3: no regulation in force on the date answers 404 with the reason in Vietnamese (it answered
    200 with `in_force: false` before issue 7; the 404 is described in the OpenAPI schema)."""
    response = api("admin", "/provinces/hung-yen/routing", question="proposals")
    assert response.status_code == 404
    assert "chưa có quy chế phối hợp có hiệu lực" in response.json()["detail"]


def test_ORG_5_REG_4_api_routing_of_a_merged_province_after_its_end_names_its_successor(api):
    """ORG-5, REG-4: Quảng Nam routes nothing after 30/06/2025: 404 with the merger in the reason."""
    for on in ({}, {"on": "2025-07-01"}):
        response = api("qnam.stp", "/provinces/quang-nam/routing", question="lead", subject="institutions", **on)
        assert response.status_code == 404
        assert response.json()["detail"].startswith(
            "Tỉnh Quảng Nam đã hợp nhất vào Thành phố Đà Nẵng từ 01/07/2025; quy chế phối hợp của tỉnh không còn"
        )


def test_api_routing_rejects_bad_questions(api):
    """SEC-3, U-5."""
    assert api("qnam.stp", "/provinces/quang-nam/routing", question="who-knows").status_code == 400
    assert api("qnam.stp", "/provinces/quang-nam/routing", question="lead").status_code == 400
    assert api("qnam.stp", "/provinces/quang-nam/routing", question="lead", on="not-a-date").status_code == 422


def test_U_5_openapi_description_lists_the_endpoints(client, db):
    schema = client.get(reverse("openapi")).json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/provinces/{slug}/routing" in schema["paths"]
    assert "/api/v1/provinces/{slug}/agencies" in schema["paths"]
    assert any(s.get("scheme") == "bearer" for s in schema["components"]["securitySchemes"].values())

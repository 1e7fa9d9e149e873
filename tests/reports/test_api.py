"""RPT-1, RPT-3 through the API (U-5): the same rules and queries as the pages."""

from cchc.api.services import create_token
from cchc.reports import services
from tests.reports.conftest import open_q1


def _get(client, user, url):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {create_token(user.username)}")


def test_RPT_3_the_api_gives_the_board_and_the_consolidated_values(client, rw):
    """RPT-3: states per agency; 2.5 consolidated from its pair (90/100 → 90%)."""
    cycle = open_q1(rw, agencies=[rw.domain, rw.ordinary])
    leader = rw.user("domain_leader")
    draft = services.prepare(cycle, rw.domain, actor=leader)
    services.save_draft(draft, actor=leader, values={"2.3": "100", "2.4": "90"}, texts={})
    services.submit(draft, actor=leader)
    base = f"/api/v1/provinces/{rw.province.slug}/report-cycles"
    snv = rw.user("standing_focal")
    cycles = _get(client, snv, base).json()
    assert [(c["id"], c["submitted"], c["in_scope"]) for c in cycles] == [(cycle.pk, 1, 2)]
    board = {r["agency"]: r["state"] for r in _get(client, snv, f"{base}/{cycle.pk}/submissions").json()}
    assert board == {rw.domain.name: "on-time", rw.ordinary.name: "missing"}
    result = _get(client, snv, f"{base}/{cycle.pk}/consolidated").json()
    values = {i["code"]: i["value"] for i in result["indicators"]}
    assert values["2.3"] == 100 and values["2.5"] == 90
    versions = _get(client, leader, f"{base}/{cycle.pk}/submissions/{rw.domain.pk}").json()
    assert [v["version"] for v in versions] == [1] and versions[0]["values"]["2.4"] == "90"
    assert _get(client, rw.user("ordinary_focal"), f"{base}/{cycle.pk}/submissions/{rw.domain.pk}").status_code == 404

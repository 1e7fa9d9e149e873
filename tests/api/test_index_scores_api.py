"""U-5, IDX-3 to IDX-7: the index API's scores and results follow the pages' rule: before publication an agency's
scores and result are its own and Sở Nội vụ's; after it, the province's; another province gets 404."""

from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.api.services import create_token
from cchc.index.models import Result, Score
from tests.api.test_permission_table import _index
from tests.factories import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    w = world()
    values = _index(w, "/index/")
    from cchc.index.models import Campaign

    campaign = Campaign.objects.get(province=w.province, year=values["year"])
    for agency, percent, rank in [(w.ordinary, "88.00", 1), (w.domain, "70.00", 2)]:
        Result.objects.create(
            campaign=campaign,
            agency=agency,
            appraised_points=Decimal("60"),
            survey_points=Decimal("20"),
            max_points=Decimal("100"),
            percent=Decimal(percent),
            rank=rank,
            group="department",
            band="Khá",
            areas={"direction": {"points": "8.50", "max": "10.00", "percent": "85.00"}},
        )
    Score.objects.filter(assessment__campaign=campaign, assessment__agency=w.ordinary, node__code="I.4").update(
        self_points=Decimal("0.5"), explanation="Không có kế hoạch tuyên truyền"
    )
    return w, campaign


def get(client, user, path):
    return client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {create_token(user.username)}")


def test_U_5_IDX_3_an_agency_s_scores_are_its_own_and_the_standing_agency_s_before_publication(client, setting):
    """U-5 IDX-3: the ordinary department's scores: its members and Sở Nội vụ see them (decimals as text);
    Sở Tư pháp, provincial leadership and another province get 404; after publication the province sees them."""
    w, campaign = setting
    path = f"/provinces/{w.province.slug}/index/campaigns/{campaign.year}/assessments/{w.ordinary.pk}/scores"
    response = get(client, w.user("ordinary_focal"), path)
    assert response.status_code == 200
    leaf = next(row for row in response.json() if row["code"] == "I.4")
    assert leaf["self_points"] == "0.50" and leaf["max_points"] == "1.50" and leaf["appraised_points"] is None
    assert get(client, w.user("standing_leader"), path).status_code == 200
    for who in ("domain_leader", "committee_leader"):
        assert get(client, w.user(who), path).status_code == 404
    assert get(client, world().user("standing_leader"), path).status_code == 404
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["published_at"])
    assert get(client, w.user("domain_leader"), path).status_code == 200
    assert get(client, world().user("standing_leader"), path).status_code == 404


def test_U_5_IDX_7_results_own_only_before_publication_all_after(client, setting):
    """U-5 IDX-7: before publication an agency sees its own result only and Sở Nội vụ all; after, everyone in the
    province sees all; another province 404."""
    w, campaign = setting
    path = f"/provinces/{w.province.slug}/index/campaigns/{campaign.year}/results"
    names = lambda who: [r["agency_name"] for r in get(client, w.user(who), path).json()]  # noqa: E731
    assert names("ordinary_leader") == [w.ordinary.name]
    assert names("committee_leader") == []
    assert names("standing_focal") == [w.ordinary.name, w.domain.name]
    first = get(client, w.user("standing_focal"), path).json()[0]
    assert first["percent"] == "88.00" and first["rank"] == 1 and first["areas"][0]["points"] == "8.50"
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["published_at"])
    assert names("committee_leader") == [w.ordinary.name, w.domain.name]
    assert get(client, world().user("standing_leader"), path).status_code == 404


def test_U_5_IDX_3_assessments_give_each_file_s_status(client, setting):
    """U-5 IDX-3: every file of the campaign with its status, for anyone in the province; a year without a
    campaign is 404, a year out of range 422 in Vietnamese."""
    w, campaign = setting
    path = f"/provinces/{w.province.slug}/index/campaigns/{campaign.year}/assessments"
    rows = get(client, w.user("viewer"), path).json()
    assert {r["agency_id"] for r in rows} >= {w.ordinary.pk, w.domain.pk, w.standing.pk}
    assert {r["status"] for r in rows} == {"draft"}
    assert get(client, w.user("viewer"), path.replace(str(campaign.year), "2001")).status_code == 404
    response = get(client, w.user("viewer"), path.replace(str(campaign.year), "99999"))
    assert response.status_code == 422 and "year" in response.json()["detail"]

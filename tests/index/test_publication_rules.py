"""IDX-7, IDX-6, IDX-4, SEC-1: publication waits for the appraisal; after it the survey is not imported again; the
scores API gives an appraiser exactly its leaves; a superuser who is not Sở Nội vụ's leader sees no publish button."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.api.services import create_token
from cchc.core.errors import UserError
from cchc.index import results as results_service
from cchc.index import survey
from cchc.index.models import Assessment, AssessmentStatus, Campaign, Result, Score
from tests.factories import UserFactory, world
from tests.index.test_appraisal import open_example, submit_all
from tests.index.test_results import open_campaign, scored_world
from tests.index.test_survey import csv_file, survey_points

pytestmark = pytest.mark.django_db


def test_IDX_7_publication_is_refused_while_appraisal_is_incomplete():
    """IDX-7: a submitted file with leaves not appraised (or an explanation asked) blocks publication, with a
    Vietnamese message naming how many leaves of how many agencies are left; nothing is published or computed.
    Once every leaf is accepted, changed or fixed, the leader publishes."""
    w, campaign, _ = scored_world()
    files = Assessment.objects.filter(campaign=campaign, agency__in=[w.domain, w.ordinary])
    files.update(status=AssessmentStatus.SUBMITTED)
    Score.objects.filter(assessment__agency=w.domain, assessment__campaign=campaign, node__code="I.4").update(
        appraisal_state="explanation-requested"
    )
    Score.objects.filter(assessment__agency=w.ordinary, assessment__campaign=campaign, node__code="I.4").update(
        appraisal_state="answered"
    )
    pending = Score.objects.filter(
        assessment__campaign=campaign, assessment__agency__in=[w.domain, w.ordinary], appraisal_state=""
    ).exclude(node__method="survey")
    left = pending.count() + 2
    assert results_service.appraisal_left(campaign) == (left, 2)
    with pytest.raises(UserError) as caught:
        results_service.publish(w.user("standing_leader"), campaign)
    assert caught.value.message == (
        f"Còn {left} tiêu chí của 2 cơ quan chưa thẩm định xong (chưa chấp nhận, điều chỉnh hoặc chốt điểm); "
        "chưa công bố được kết quả."
    )
    campaign.refresh_from_db()
    assert campaign.published_at is None and not Result.objects.filter(campaign=campaign).exists()

    Score.objects.filter(assessment__campaign=campaign, appraisal_state="").update(appraisal_state="accepted")
    Score.objects.filter(assessment__campaign=campaign, node__code="I.4").update(appraisal_state="final")
    assert results_service.appraisal_left(campaign) == (0, 0)
    results_service.publish(w.user("standing_leader"), campaign)
    campaign.refresh_from_db()
    assert campaign.published_at is not None


def test_IDX_7_the_campaign_page_tells_the_leader_what_is_left_and_refuses_in_words(client):
    """IDX-7: the leader sees how many leaves are left next to the button; publishing then answers the same
    message and changes nothing."""
    w = world()
    campaign = open_example(w)
    submit_all(campaign)
    client.force_login(w.user("standing_leader"))
    page = reverse("index-campaign", args=[w.province.slug, campaign.year])
    leaves, agencies = results_service.appraisal_left(campaign)
    assert leaves > 0
    message = results_service.not_settled_message(leaves, agencies)
    assert message in client.get(page).content.decode()
    publish = reverse("index-results-publish", args=[w.province.slug, campaign.year])
    response = client.post(publish, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.published_at is None


def test_IDX_7_no_survey_import_after_publication():
    """IDX-7, IDX-6: after publication a survey file is refused in words and no point changes; results change only
    by a recorded correction."""
    w = world()
    campaign = open_campaign(w)
    survey.import_survey(w.user("standing_focal"), campaign, csv_file("Cơ quan;Mã tiêu chí;Điểm\nSTP;VIII.1;10\n"))
    results_service.publish(w.user("standing_leader"), campaign)
    before = survey_points(campaign)
    with pytest.raises(UserError, match="Kết quả đã công bố: không nhập lại điểm điều tra"):
        survey.import_survey(w.user("standing_focal"), campaign, csv_file("Cơ quan;Mã tiêu chí;Điểm\nSTP;VIII.1;12\n"))
    assert survey_points(campaign) == before == {("STP", "VIII.1"): Decimal("10.00")}


def test_IDX_7_the_survey_page_refuses_after_publication_and_changes_nothing(client):
    """IDX-7: the page answers the message, the campaign page no longer offers the import."""
    w = world()
    campaign = open_campaign(w)
    results_service.publish(w.user("standing_leader"), campaign)
    client.force_login(w.user("standing_focal"))
    url = reverse("index-survey", args=[w.province.slug, campaign.year])
    upload = csv_file("Cơ quan;Mã tiêu chí;Điểm\nSTP;VIII.1;12\n")
    response = client.post(url, {"file": upload}, follow=True)
    assert response.status_code in (200, 400) and "Kết quả đã công bố" in response.content.decode()
    assert survey_points(campaign) == {}
    page = client.get(reverse("index-campaign", args=[w.province.slug, campaign.year])).content.decode()
    assert "Nhập điểm điều tra xã hội học" not in page


def api(client, user, path):
    return client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {create_token(user.username)}")


def test_IDX_4_the_scores_api_gives_an_appraiser_exactly_its_leaves(client):
    """IDX-4: before publication Sở Tư pháp reads, of another department's submitted file, the institutions
    leaves it appraises and no other; a file not submitted is 404 to it; the department itself reads every leaf."""
    w = world()
    campaign = open_example(w)
    submit_all(campaign)
    path = f"/provinces/{w.province.slug}/index/campaigns/{campaign.year}/assessments/{w.ordinary.pk}/scores"
    mine = api(client, w.user("domain_focal"), path)
    assert mine.status_code == 200
    rows = mine.json()
    assert rows and {row["area_code"] for row in rows} == {"institutions"}
    assert {row["method"] for row in rows} != {"survey"}
    every = api(client, w.user("ordinary_focal"), path).json()
    assert len(every) > len(rows) and {r["code"] for r in rows} < {r["code"] for r in every}
    Assessment.objects.filter(campaign=campaign, agency=w.ordinary).update(status=AssessmentStatus.DRAFT)
    assert api(client, w.user("domain_focal"), path).status_code == 404
    assert api(client, w.user("viewer"), path).status_code == 200  # a member of the agency
    assert api(client, w.user("committee_leader"), path).status_code == 404


def test_SEC_1_a_superuser_who_is_not_the_leader_sees_no_publish_button_and_is_refused(client):
    """SEC-1, IDX-7: a system administrator reads the campaign page without the buttons it cannot use (compute,
    publish, correct, survey import); posting publish is 403 and nothing changes."""
    w = world()
    campaign = open_campaign(w)
    admin = UserFactory(username="quantri.chiso", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("index-campaign", args=[w.province.slug, campaign.year]))
    text = page.content.decode()
    assert page.status_code == 200
    for label in ("Công bố kết quả", "Tính lại kết quả", "Nhập điểm điều tra xã hội học", "Đính chính"):
        assert label not in text
    response = client.post(reverse("index-results-publish", args=[w.province.slug, campaign.year]))
    assert response.status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).published_at is None
    client.force_login(w.user("standing_leader"))
    assert (
        "Công bố kết quả"
        in client.get(reverse("index-campaign", args=[w.province.slug, campaign.year])).content.decode()
    )
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["published_at"])
    client.force_login(admin)
    assert (
        "Đính chính"
        not in client.get(reverse("index-campaign", args=[w.province.slug, campaign.year])).content.decode()
    )

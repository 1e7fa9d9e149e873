"""The demo's reform index (issue 11, src/cchc/demo/index.py): the example frameworks, and Khánh Hòa's campaign of
the year with Sở Khoa học và Công nghệ's self-assessment begun, reusing its task's evidence.

The session database holds the demo as `make demo` loads it today."""

import pytest
from django.test import Client
from django.urls import reverse

from cchc.core.dates import today
from cchc.demo import index
from cchc.index.models import Campaign, EvidenceSource, Framework, Score, ScoreEvidence
from tests.conftest import province

pytestmark = pytest.mark.django_db

KH = "Khánh Hòa"


def test_IDX_1_IDX_2_the_demo_loads_the_examples_and_opens_this_years_campaign():
    """IDX-1, IDX-2: the three example frameworks are there; Khánh Hòa's campaign of the year has its files."""
    assert set(Framework.objects.filter(province__isnull=True).values_list("agency_kind", flat=True)) >= {
        "department",
        "commune",
        "provincial-committee",
    }
    campaign = Campaign.objects.get(province=province(KH), year=today().year)
    kinds = set(campaign.frameworks.values_list("agency_kind", flat=True))
    assert kinds == {"department", "provincial-committee"}
    assert campaign.assessments.filter(agency__kind="provincial-committee").count() == 1
    assert campaign.self_assessment_deadline > today() and campaign.published_at is None


def test_IDX_3_the_department_has_begun_with_suggested_scores_and_a_reused_evidence():
    """IDX-3: Sở KH&CN's bound leaves are scored, and one cites its task's evidence (nothing uploaded twice)."""
    campaign = Campaign.objects.get(province=province(KH), year=today().year)
    scores = Score.objects.filter(assessment__campaign=campaign, assessment__agency__name=index.SCIENCE)
    scored = scores.exclude(self_points=None)
    assert scored.exists() and not scored.filter(node__binding="").exists()
    reused = ScoreEvidence.objects.filter(score__in=scores, source=EvidenceSource.TASK_EVIDENCE)
    assert reused.count() == 1 and reused.get().task_evidence.update.task.lead.name == index.SCIENCE
    assert not ScoreEvidence.objects.filter(score__in=scores, source=EvidenceSource.UPLOAD).exists()


def test_IDX_2_building_twice_changes_nothing():
    """IDX-2: the demo's index builds once; loading again leaves the campaign as it is."""
    before = (Campaign.objects.count(), Score.objects.exclude(self_points=None).count(), Framework.objects.count())
    assert "bỏ qua" in index.build()
    assert (Campaign.objects.count(), Score.objects.exclude(self_points=None).count(), Framework.objects.count()) == (
        before
    )


def test_IDX_3_the_officer_opens_the_file_from_the_campaign_page(demo_user):
    """IDX-3: the demo's focal officer finds the file from the campaign page and sees the suggestion's facts."""
    client = Client()
    client.force_login(demo_user("khoa.skhcn"))
    page = client.get(reverse("index-campaign", args=["khanh-hoa", today().year])).content.decode()
    assert f"Hồ sơ tự đánh giá: {index.SCIENCE}" in page
    campaign = Campaign.objects.get(province=province(KH), year=today().year)
    science = campaign.assessments.get(agency__name=index.SCIENCE).agency_id
    file_page = client.get(reverse("index-self", args=["khanh-hoa", today().year, science])).content.decode()
    assert "Điểm gợi ý" in file_page

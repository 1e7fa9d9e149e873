"""IDX-6, IDX-7: stored results against hand-computed numbers (half points, ties 1-2-2-4, survey share), the
province's own file left out, publication by the Sở Nội vụ leader only, corrections, who sees what."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from cchc.agencies.models import AgencyKind
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.index import fileformat, services
from cchc.index import results as results_service
from cchc.index.models import Assessment, CampaignNode, Result, ResultCorrection, Score
from cchc.index.results_queries import results_page, visible_results
from tests.factories import AgencyFactory, programme, world

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.DATA_DIR) / "frameworks" / "vi-du-cap-so.yaml"
AREAS = ["direction", "institutions", "procedures", "organisation", "civil-service", "public-finance"]
AREAS += ["modernisation", "impact"]


def open_campaign(w, year=None, agencies=None):
    programme()
    framework = services.load_framework(fileformat.parse(EXAMPLE.read_text(encoding="utf-8")))
    on = today()
    return services.open_campaign(
        w.province,
        actor=w.user("standing_focal"),
        year=year or on.year - 1,
        frameworks={"department": framework},
        deadlines={
            "self_assessment_deadline": on + dt.timedelta(days=10),
            "appraisal_deadline": on + dt.timedelta(days=20),
            "explanation_deadline": on + dt.timedelta(days=30),
            "publication_deadline": on + dt.timedelta(days=40),
        },
        bands=[("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)],
        on=on,
        agencies=agencies,
    )


def set_points(campaign, agency, *, appraised=None, survey=None, minus=None, bonus=None, penalty=None):
    """Appraisal leaves at their max when `appraised` is True (None: left empty), `minus` {code: points off};
    survey {code: points}; bonus and penalty points."""
    scores = list(Score.objects.filter(assessment__campaign=campaign, assessment__agency=agency).select_related("node"))
    for score in scores:
        node = score.node
        if node.kind == CampaignNode.Kind.BONUS:
            score.appraised_points = bonus
        elif node.kind == CampaignNode.Kind.PENALTY:
            score.appraised_points = penalty
        elif node.method == "survey":
            score.survey_points = (survey or {}).get(node.code)
        elif appraised:
            score.appraised_points = node.max_points - Decimal((minus or {}).get(node.code, 0))
            score.appraisal_state = "final"
    Score.objects.bulk_update(scores, ["appraised_points", "survey_points", "appraisal_state"])


def scored_world(year=None):
    """Four departments: A 95.50; B and C tied at 92.50 (B with half a point off); D 26.50 (nothing appraised,
    full survey, bonus 2, penalty 0.5)."""
    w = world()
    fourth = AgencyFactory(province=w.province, name="Sở Xây dựng", abbreviation="SXD")
    campaign = open_campaign(w, year=year)
    set_points(campaign, w.standing, appraised=True, survey={"VIII.1": 12, "VIII.2": 6.5, "VIII.3": 2})
    set_points(campaign, w.domain, appraised=True, minus={"I.4": "0.5"}, survey={"VIII.1": 12, "VIII.2": 6})
    set_points(campaign, w.ordinary, appraised=True, survey={"VIII.1": "11.5", "VIII.2": 6})
    set_points(campaign, fourth, survey={"VIII.1": 12, "VIII.2": 6.5, "VIII.3": 6.5}, bonus=2, penalty="0.5")
    return w, campaign, fourth


def test_IDX_6_results_against_hand_computed_numbers_with_ties():
    """IDX-6: index = (appraised + survey + bonus − penalty) / max × 100, one rounding; ranks 1, 2, 2, 4; bands."""
    w, campaign, fourth = scored_world()
    results, _ = results_service.compute_results(campaign)
    got = {r.agency_id: r for r in Result.objects.filter(campaign=campaign)}
    assert len(got) == len(results) == 4
    a, b, c, d = got[w.standing.pk], got[w.domain.pk], got[w.ordinary.pk], got[fourth.pk]
    assert (a.appraised_points, a.survey_points, a.max_points) == (Decimal("75.00"), Decimal("20.50"), Decimal(100))
    assert a.percent == Decimal("95.50") and a.rank == 1 and a.band == "Tốt" and a.group == "department"
    assert (b.appraised_points, b.survey_points, b.percent) == (Decimal("74.50"), Decimal("18.00"), Decimal("92.50"))
    assert (c.appraised_points, c.survey_points, c.percent) == (Decimal("75.00"), Decimal("17.50"), Decimal("92.50"))
    assert b.rank == c.rank == 2
    assert (d.appraised_points, d.bonus_points, d.penalty_points) == (0, Decimal(2), Decimal("0.50"))
    assert d.percent == Decimal("26.50") and d.rank == 4 and d.band == "Yếu"
    assert set(a.areas) == set(AREAS)  # keyed by area (PostgreSQL's jsonb keeps no key order: pages order them)
    assert a.areas["impact"] == {"points": "25.50", "max": "30.00", "percent": "85.00"}
    assert b.areas["direction"] == {"points": "9.50", "max": "10.00", "percent": "95.00"}
    assert d.areas["direction"]["percent"] == "0.00"


def test_IDX_6_one_stored_result_per_agency_recompute_updates_in_place():
    """IDX-6: recomputing updates the same rows (one per agency); a changed score moves the rank."""
    w, campaign, fourth = scored_world()
    results_service.recompute(w.user("standing_focal"), campaign)
    ids = set(Result.objects.filter(campaign=campaign).values_list("pk", flat=True))
    set_points(campaign, w.ordinary, appraised=True, survey={"VIII.1": 12, "VIII.2": "6.5", "VIII.3": "6.5"})
    results_service.recompute(w.user("standing_focal"), campaign)
    assert set(Result.objects.filter(campaign=campaign).values_list("pk", flat=True)) == ids
    c = Result.objects.get(campaign=campaign, agency=w.ordinary)
    assert (c.percent, c.rank) == (Decimal("100.00"), 1)
    assert Result.objects.get(campaign=campaign, agency=w.standing).rank == 2


def test_IDX_6_the_provinces_own_file_is_not_ranked():
    """IDX-6, IDX-8: the province's own file (UBND tỉnh) gets no result and takes no rank."""
    w, campaign, _ = scored_world()
    copy = campaign.frameworks.get()
    own = Assessment.objects.create(campaign=campaign, agency=w.committee, framework=copy)
    Score.objects.bulk_create(
        Score(assessment=own, node=leaf, appraised_points=leaf.max_points) for leaf in services.leaves_of(copy)
    )
    results_service.compute_results(campaign)
    assert not Result.objects.filter(campaign=campaign, agency=w.committee).exists()
    assert Result.objects.get(campaign=campaign, agency=w.standing).rank == 1


def test_IDX_6_only_standing_staff_recompute():
    """IDX-6: another agency's leader may not recompute: refused, nothing stored."""
    w, campaign, _ = scored_world()
    with pytest.raises(UserError):
        results_service.recompute(w.user("ordinary_leader"), campaign)
    assert not Result.objects.filter(campaign=campaign).exists()


def test_IDX_7_publish_only_by_the_standing_leader_once():
    """IDX-7, SEC-1: the focal officer is refused and nothing changes; the leader publishes; a second publish is
    refused."""
    w, campaign, _ = scored_world()
    with pytest.raises(UserError):
        results_service.publish(w.user("standing_focal"), campaign)
    campaign.refresh_from_db()
    assert campaign.published_at is None and not Result.objects.filter(campaign=campaign).exists()
    results_service.publish(w.user("standing_leader"), campaign)
    campaign.refresh_from_db()
    assert campaign.published_at is not None and campaign.published_by == w.user("standing_leader")
    assert Result.objects.filter(campaign=campaign).count() == 4
    with pytest.raises(UserError, match="đã được công bố"):
        results_service.publish(w.user("standing_leader"), campaign)


def test_IDX_7_published_results_change_only_by_a_recorded_correction():
    """IDX-7: after publication a recompute is refused; a correction (leader, reason) recomputes and records the
    before and after of each result that changed."""
    w, campaign, fourth = scored_world()
    results_service.publish(w.user("standing_leader"), campaign)
    campaign.refresh_from_db()
    set_points(campaign, fourth, appraised=True, survey={"VIII.1": 12, "VIII.2": 6.5, "VIII.3": 6.5})
    with pytest.raises(UserError, match="đính chính"):
        results_service.recompute(w.user("standing_focal"), campaign)
    with pytest.raises(UserError, match="đính chính"):
        results_service.compute_results(campaign)
    d = Result.objects.get(campaign=campaign, agency=fourth)
    assert d.percent == Decimal("26.50")
    with pytest.raises(UserError):
        results_service.correct_result(w.user("standing_focal"), d, "Sai điểm")
    with pytest.raises(UserError, match="lý do"):
        results_service.correct_result(w.user("standing_leader"), d, "  ")
    assert not ResultCorrection.objects.exists()
    results_service.correct_result(w.user("standing_leader"), d, "Bổ sung điểm thẩm định bị sót")
    d.refresh_from_db()
    assert d.percent == Decimal("100.00") and d.rank == 1
    corrections = {c.result.agency_id: c for c in ResultCorrection.objects.select_related("result")}
    assert set(corrections) == {fourth.pk, w.standing.pk, w.domain.pk, w.ordinary.pk}  # every rank moved
    assert corrections[fourth.pk].before["percent"] == "26.50"
    assert corrections[fourth.pk].after["rank"] == 1 and corrections[fourth.pk].reason.startswith("Bổ sung")


def test_IDX_7_before_publication_an_agency_sees_only_its_own_result():
    """IDX-7: before publication an agency's members see their own row, Sở Nội vụ all; after, everyone all."""
    w, campaign, _ = scored_world()
    results_service.compute_results(campaign)
    own = [r.agency_id for r in visible_results(w.user("ordinary_focal"), campaign)]
    assert own == [w.ordinary.pk]
    assert len(list(visible_results(w.user("viewer"), campaign))) == 1
    assert len(list(visible_results(w.user("standing_focal"), campaign))) == 4
    assert list(visible_results(w.user("committee_leader"), campaign)) == []
    results_service.publish(w.user("standing_leader"), campaign)
    campaign.refresh_from_db()
    assert len(list(visible_results(w.user("ordinary_focal"), campaign))) == 4
    assert len(list(visible_results(w.user("committee_leader"), campaign))) == 4


def test_IDX_7_change_from_last_years_published_result():
    """IDX-7: the change since last year's published result of the same agency; "—" when there is none."""
    w, campaign, fourth = scored_world(year=today().year - 2)
    results_service.publish(w.user("standing_leader"), campaign)
    current = open_campaign(w, year=campaign.year + 1)
    set_points(current, w.standing, appraised=True, survey={"VIII.1": 12, "VIII.2": 6.5, "VIII.3": 6.5})
    results_service.compute_results(current)
    page = results_page(w.user("standing_focal"), current)
    rows = {row.result.agency_id: row for g in page.groups for row in g.rows}
    assert rows[w.standing.pk].change == Decimal("4.50") and rows[w.standing.pk].change_text == "+4,50"
    assert rows[fourth.pk].change == Decimal("-26.50")
    new = AgencyFactory(province=w.province, name="Sở Mới", kind=AgencyKind.DEPARTMENT)
    later = open_campaign(w, year=campaign.year + 2)
    results_service.compute_results(later)
    rows = {row.result.agency_id: row for g in results_page(w.user("standing_focal"), later).groups for row in g.rows}
    assert rows[new.pk].change_text == "—"

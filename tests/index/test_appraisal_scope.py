"""IDX-4, REG-1, REG-4: the regulation hands the communes' appraisal of an area to their parent agency (each district
appraises its own communes) while the departments' criteria of the same area stay with the area's appraiser."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.agencies.models import AgencyKind
from cchc.core.dates import today
from cchc.index import appraisal, appraisal_queries, appraisal_routing, fileformat, services
from cchc.index.models import AppraisalState
from cchc.regulation.models import AssessedScope, ResponsibilityRole
from tests.factories import (
    AgencyFactory,
    GroupFactory,
    MembershipFactory,
    RegulationFactory,
    ResponsibilityFactory,
    area,
    world,
)
from tests.index.test_appraisal import load_example, score_of, state, submit_all

pytestmark = pytest.mark.django_db

COMMUNES = Path(settings.DATA_DIR) / "frameworks" / "vi-du-cap-xa.yaml"
JSON = {"HTTP_ACCEPT": "application/json"}


def load_both() -> tuple:
    """The example frameworks of the departments and of the communes."""
    return load_example(), services.load_framework(fileformat.parse(COMMUNES.read_text(encoding="utf-8")))


def open_both(w, communes, frameworks=None):
    """This year's campaign of the departments and of the communes (the example frameworks), files submitted."""
    department, commune = frameworks or load_both()
    on = today()
    campaign = services.open_campaign(
        w.province,
        actor=w.user("standing_focal"),
        year=on.year,
        frameworks={"department": department, "commune": commune},
        deadlines={
            "self_assessment_deadline": on,
            "appraisal_deadline": on + dt.timedelta(days=10),
            "explanation_deadline": on + dt.timedelta(days=20),
            "publication_deadline": on + dt.timedelta(days=30),
        },
        bands=[("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)],
        on=on,
        agencies=[w.domain, w.ordinary, *communes],
    )
    submit_all(campaign)
    return campaign


def scoped_regulation(w, districts_group):
    """A regulation in force from today: Sở Tư pháp appraises institutions; UBND cấp huyện, each for the communes
    under it, the communes' criteria of institutions."""
    on = today()
    w.regulation.effective_to = on
    w.regulation.save()
    new = RegulationFactory(
        province=w.province, standing_agency=w.standing, effective_from=on, signed_on=on - dt.timedelta(days=1)
    )
    ResponsibilityFactory(
        regulation=new, area=area("institutions"), role=ResponsibilityRole.APPRAISE, agency=w.domain, group=None
    )
    ResponsibilityFactory(
        regulation=new,
        area=area("institutions"),
        role=ResponsibilityRole.APPRAISE,
        agency=None,
        group=districts_group,
        article="Đ10.3",
        assessed_kinds=[AgencyKind.COMMUNE],
        assessed_scope=AssessedScope.SUBORDINATES,
        order=1,
    )
    return new


@pytest.fixture
def scene():
    """A province with two districts: the first has two communes, the second one."""
    w = world()
    other = AgencyFactory(province=w.province, name="UBND huyện Khác", kind=AgencyKind.DISTRICT)
    communes = [
        AgencyFactory(province=w.province, name=name, kind=AgencyKind.COMMUNE, parent=parent)
        for name, parent in [("UBND xã An", w.district), ("UBND xã Bình", w.district), ("UBND xã Cát", other)]
    ]
    group = GroupFactory(province=w.province, name="UBND cấp huyện", kinds=[AgencyKind.DISTRICT])
    district_focal = MembershipFactory(agency=w.district, role="focal").user
    other_focal = MembershipFactory(agency=other, role="focal").user
    campaign = open_both(w, communes)
    return w, campaign, communes, group, district_focal, other_focal


def test_IDX_4_REG_4_changing_the_regulation_hands_the_communes_to_their_district(scene):
    """IDX-4, REG-4: before, Sở Tư pháp appraises institutions for every agency; once a regulation hands the
    communes' criteria to their districts, each district appraises its own communes and Sở Tư pháp the
    departments'; Sở Tư pháp is then refused on a commune and nothing changes."""
    w, campaign, (an, binh, cat), group, district_focal, other_focal = scene
    before = appraisal_routing.route_campaign(campaign)["institutions"]
    assert before.appraiser_ids(AgencyKind.COMMUNE, w.district.pk) == {w.domain.pk}
    assert appraisal_routing.user_areas(district_focal, campaign)[0] == []

    scoped_regulation(w, group)
    route = appraisal_routing.route_campaign(campaign)["institutions"]
    other = cat.parent
    assert route.appraiser_ids(AgencyKind.COMMUNE, w.district.pk) == {w.district.pk}
    assert route.appraiser_ids(AgencyKind.COMMUNE, other.pk) == {other.pk}
    assert route.appraiser_ids(AgencyKind.DEPARTMENT, None) == {w.domain.pk}
    assert route.note == ""
    assert any("đối với UBND cấp xã" in text and "thuộc nhóm UBND cấp huyện" in text for text in route.explanations)
    assert [r.code for r in appraisal_routing.user_areas(district_focal, campaign)[0]] == ["institutions"]

    commune_score = score_of(campaign, an, "II.1")
    with pytest.raises(PermissionDenied):
        appraisal.accept(w.user("domain_focal"), commune_score, 0)
    assert state(commune_score) == ("", None, 0, 0)
    appraisal.accept(district_focal, commune_score, 0)
    assert state(commune_score) == (AppraisalState.ACCEPTED, Decimal("1.00"), 1, 1)
    assert commune_score.appraiser_id == w.district.pk

    department_score = score_of(campaign, w.ordinary, "II.1")
    with pytest.raises(PermissionDenied):
        appraisal.accept(district_focal, department_score, 0)
    assert state(department_score) == ("", None, 0, 0)
    appraisal.accept(w.user("domain_focal"), department_score, 0)
    department_score.refresh_from_db()
    assert department_score.appraiser_id == w.domain.pk


def test_IDX_4_a_district_appraises_only_its_own_communes(client, scene):
    """IDX-4: the district's grid lists its two communes and no one else's; another district's commune is refused
    (403 on the cell and on the leaf page) and nothing changes; Sở Tư pháp's grid keeps the departments only."""
    w, campaign, (an, binh, cat), group, district_focal, other_focal = scene
    scoped_regulation(w, group)
    grid = reverse("index-appraisal", args=[w.province.slug, campaign.year]) + "?area=institutions"

    client.force_login(district_focal)
    html = client.get(grid).content.decode()
    assert "UBND xã An" in html and "UBND xã Bình" in html
    assert "UBND xã Cát" not in html and w.ordinary.name not in html

    foreign = score_of(campaign, cat, "II.1")
    cell = reverse("index-appraisal-cell", args=[w.province.slug, campaign.year, foreign.pk])
    response = client.post(cell, {"action": "accept", "revision": 0}, **JSON)
    assert response.status_code == 403
    assert "Quy chế phối hợp không giao" in response.json()["error"]
    assert client.post(cell, {"action": "accept", "revision": 0}).status_code == 403
    leaf = reverse("index-appraise-leaf", args=[w.province.slug, campaign.year, foreign.pk])
    assert client.get(leaf).status_code == 403
    assert client.post(leaf, {"action": "accept", "revision": 0}).status_code == 403
    assert state(foreign) == ("", None, 0, 0)

    own = score_of(campaign, binh, "II.1")
    own_leaf = reverse("index-appraise-leaf", args=[w.province.slug, campaign.year, own.pk])
    assert client.get(own_leaf).status_code == 200

    client.force_login(other_focal)
    html = client.get(grid).content.decode()
    assert "UBND xã Cát" in html and "UBND xã An" not in html

    client.force_login(w.user("domain_focal"))
    html = client.get(grid).content.decode()
    assert w.ordinary.name in html and "UBND xã An" not in html and "UBND xã Cát" not in html


def test_IDX_4_the_departments_criteria_of_the_area_still_go_to_its_appraiser(scene):
    """IDX-4: with the communes handed to their districts, Sở Tư pháp's counts hold the departments' leaves of
    institutions only, the district's its communes' only; areas the regulation names nobody for stay with Sở Nội
    vụ for every agency."""
    w, campaign, communes, group, district_focal, other_focal = scene
    scoped_regulation(w, group)
    routes = appraisal_routing.route_campaign(campaign)
    leaves = appraisal_queries.appraised_leaves(campaign)
    per_framework = {}
    for leaf in leaves:
        if appraisal_routing.area_code_of(leaf) == "institutions":
            per_framework[leaf.framework.agency_kind] = per_framework.get(leaf.framework.agency_kind, 0) + 1

    def pending(user):
        areas, _ = appraisal_routing.user_areas(user, campaign, routes)
        mine = appraisal_routing.user_agency_ids(user, campaign, routes)
        counts = appraisal_queries.appraiser_counts(campaign, areas, mine)
        return {count.route.code: count.to_appraise for count in counts}

    assert pending(w.user("domain_focal")) == {"institutions": 2 * per_framework[AgencyKind.DEPARTMENT]}
    assert pending(district_focal) == {"institutions": 2 * per_framework[AgencyKind.COMMUNE]}
    assert pending(other_focal) == {"institutions": per_framework[AgencyKind.COMMUNE]}
    direction = routes["direction"]
    assert direction.appraiser_ids(AgencyKind.COMMUNE, w.district.pk) == {w.standing.pk}
    assert direction.appraiser_ids(AgencyKind.DEPARTMENT, None) == {w.standing.pk}


def test_IDX_4_communes_no_row_concerns_fall_back_to_the_standing_agency(scene):
    """IDX-4: a regulation naming only the districts (for their communes) leaves the departments' criteria of the
    area, and a commune under no district, to Sở Nội vụ, and the page says so."""
    w, campaign, communes, group, district_focal, other_focal = scene
    regulation = scoped_regulation(w, group)
    regulation.responsibilities.filter(agency=w.domain).delete()
    route = appraisal_routing.route_campaign(campaign)["institutions"]
    assert route.appraiser_ids(AgencyKind.DEPARTMENT, None) == {w.standing.pk}
    assert route.appraiser_ids(AgencyKind.COMMUNE, None) == {w.standing.pk}
    assert route.appraiser_ids(AgencyKind.COMMUNE, w.district.pk) == {w.district.pk}
    assert route.note == appraisal_routing.SCOPED_FALLBACK_NOTE.format(standing=w.standing.name)
    assert w.standing.pk in route.agency_ids


def test_IDX_4_the_scoped_grid_issues_the_same_queries_for_few_and_many_communes(client):
    """IDX-4: the district's grid and the campaign page read the scope in memory: as many queries for 2 communes
    as for 40."""
    counts = []
    frameworks = load_both()
    for size in (2, 40):
        w = world()
        communes = [
            AgencyFactory(province=w.province, name=f"UBND xã Số {n}", kind=AgencyKind.COMMUNE, parent=w.district)
            for n in range(size)
        ]
        group = GroupFactory(province=w.province, name="UBND cấp huyện", kinds=[AgencyKind.DISTRICT])
        focal = MembershipFactory(agency=w.district, role="focal").user
        campaign = open_both(w, communes, frameworks)
        scoped_regulation(w, group)
        client.force_login(focal)
        url = reverse("index-appraisal", args=[w.province.slug, campaign.year]) + "?area=institutions"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("UBND xã Số ") >= size
        page = reverse("index-campaign", args=[w.province.slug, campaign.year])
        with CaptureQueriesContext(connection) as page_queries:
            assert client.get(page).status_code == 200
        counts.append((len(queries), len(page_queries)))
    assert counts[0] == counts[1], counts

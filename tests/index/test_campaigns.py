"""IDX-2: Sở Nội vụ opens a yearly campaign that copies its frameworks; others are refused and nothing changes."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from cchc.agencies.models import AgencyKind
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.index import fileformat, services
from cchc.index.models import Campaign, CampaignNode, Framework
from tests.factories import AgencyFactory, programme, world

pytestmark = pytest.mark.django_db

EXAMPLES = Path(settings.DATA_DIR) / "frameworks"


def load(name: str) -> Framework:
    programme()
    return services.load_framework(fileformat.parse((EXAMPLES / name).read_text(encoding="utf-8")))


def fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def form_data(framework, year=None, **changes) -> dict:
    on = today()
    data = {
        "year": year or on.year,
        "framework_department": framework.pk,
        "self_assessment_deadline": fmt(on + dt.timedelta(days=10)),
        "appraisal_deadline": fmt(on + dt.timedelta(days=30)),
        "explanation_deadline": fmt(on + dt.timedelta(days=40)),
        "publication_deadline": fmt(on + dt.timedelta(days=60)),
        "bands": "Tốt: 90\nKhá: 80\nTrung bình: 65\nYếu: 0",
    }
    data.update(changes)
    return data


def test_standing_agency_opens_a_campaign_that_copies_the_framework(client):
    """IDX-2: the campaign copies the framework: a new version or a changed node never rescales it."""
    w = world()
    commune = AgencyFactory(province=w.province, name="UBND xã Thử", kind=AgencyKind.COMMUNE)
    so, xa = load("vi-du-cap-so.yaml"), load("vi-du-cap-xa.yaml")
    client.force_login(w.user("standing_focal"))
    url = reverse("index-campaigns", args=[w.province.slug])
    response = client.post(url, form_data(so, framework_commune=xa.pk))
    assert response.status_code == 302
    campaign = Campaign.objects.get(province=w.province)
    assert campaign.frameworks.count() == 2
    assert commune in campaign.agencies.all() and w.ordinary in campaign.agencies.all()
    assert w.district not in campaign.agencies.all()  # no framework chosen for districts
    assert campaign.bands[0] == {"label": "Tốt", "min": "90"}
    copy = campaign.frameworks.get(agency_kind="department")
    assert copy.nodes.count() == so.nodes.count()
    assert copy.nodes.get(code="I.1.1").parent.code == "I.1"
    # a later edit of the loaded framework does not touch the campaign's copy
    so.nodes.filter(code="I.4").update(max_points=Decimal(5))
    assert CampaignNode.objects.get(framework=copy, code="I.4").max_points == Decimal("1.5")
    page = client.get(url)
    assert "Đợt đánh giá Chỉ số CCHC năm" in page.content.decode()


def test_one_campaign_per_province_and_year(client):
    """IDX-2: a second campaign of the same year is refused with a message; nothing changes."""
    w = world()
    so = load("vi-du-cap-so.yaml")
    client.force_login(w.user("standing_leader"))
    url = reverse("index-campaigns", args=[w.province.slug])
    client.post(url, form_data(so))
    response = client.post(url, form_data(so))
    assert response.status_code == 200
    assert "đã có đợt đánh giá Chỉ số CCHC cho năm này" in response.content.decode()
    assert Campaign.objects.filter(province=w.province).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"appraisal_deadline": fmt(today() + dt.timedelta(days=5))}, "Hạn thẩm định không được trước hạn tự đánh giá"),
        ({"bands": "Tốt: 80\nKhá: 90\nYếu: 0"}, "giảm dần"),
        ({"bands": "Tốt: 90\nYếu: 10"}, "ngưỡng 0%"),
        ({"bands": "Tốt: nhiều"}, "phải có dạng"),
        ({"framework_department": ""}, "ít nhất một loại cơ quan"),
        ({"year": "3000"}, "2100"),
        ({"self_assessment_deadline": "31/02/2026"}, "ngày hợp lệ"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(client, changes, message):
    """IDX-2: deadlines out of order, bad bands, no framework: refused with a Vietnamese message."""
    w = world()
    so = load("vi-du-cap-so.yaml")
    client.force_login(w.user("standing_focal"))
    response = client.post(reverse("index-campaigns", args=[w.province.slug]), form_data(so, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Campaign.objects.filter(province=w.province).exists()


@pytest.mark.parametrize("kind", ["viewer", "ordinary_leader", "domain_leader", "committee_leader", "province_admin"])
def test_other_agencies_are_refused_403_and_nothing_changes(client, kind):
    """IDX-2: only Sở Nội vụ's leader or focal officer opens a campaign."""
    w = world()
    so = load("vi-du-cap-so.yaml")
    client.force_login(w.user(kind))
    url = reverse("index-campaigns", args=[w.province.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, form_data(so)).status_code == 403
    assert not Campaign.objects.filter(province=w.province).exists()


def test_another_province_gets_404(client):
    """IDX-2, ORG-4: another province's Sở Nội vụ gets 404 on this province's pages."""
    w, other = world(), world()
    so = load("vi-du-cap-so.yaml")
    client.force_login(other.user("standing_focal"))
    assert client.get(reverse("index-campaigns", args=[w.province.slug])).status_code == 404
    assert client.post(reverse("index-campaigns", args=[w.province.slug]), form_data(so)).status_code == 404
    assert client.get(reverse("index-framework", args=[w.province.slug, so.pk])).status_code == 404
    assert not Campaign.objects.filter(province=w.province).exists()


def test_a_province_that_ended_opens_no_campaign(client):
    """IDX-2, ORG-5: after its last day a province's records are history: no new campaign."""
    w = world()
    so = load("vi-du-cap-so.yaml")
    w.province.valid_to = today() - dt.timedelta(days=1)
    w.province.save()
    client.force_login(w.user("standing_focal"))
    response = client.post(reverse("index-campaigns", args=[w.province.slug]), form_data(so))
    assert response.status_code in (403, 404)
    assert not Campaign.objects.filter(province=w.province).exists()


def test_service_refuses_a_framework_of_another_kind_or_province():
    """IDX-2: a framework for communes cannot be the departments' one; another province's is refused."""
    w, other = world(), world()
    xa = load("vi-du-cap-xa.yaml")
    deadlines = {
        "self_assessment_deadline": today(),
        "appraisal_deadline": today(),
        "explanation_deadline": today(),
        "publication_deadline": today(),
    }
    args = {"actor": None, "year": today().year, "deadlines": deadlines, "bands": [("Đạt", 0)], "on": today()}
    with pytest.raises(UserError, match="loại cơ quan khác"):
        services.open_campaign(w.province, frameworks={"department": xa}, **args)
    Framework.objects.filter(pk=xa.pk).update(province=other.province)
    xa.refresh_from_db()
    with pytest.raises(UserError, match="tỉnh khác"):
        services.open_campaign(w.province, frameworks={"commune": xa}, **args)
    assert not Campaign.objects.filter(province=w.province).exists()


def test_framework_tree_page_reads_the_tree(client):
    """IDX-1: a read-only page shows the tree with points, methods, levels, and the example note."""
    w = world()
    so = load("vi-du-cap-so.yaml")
    client.force_login(w.user("viewer"))
    page = client.get(reverse("index-framework", args=[w.province.slug, so.pk])).content.decode()
    assert "Bộ tiêu chí Chỉ số CCHC cấp sở (ví dụ)" in page
    assert "không phải bộ tiêu chí chính thức" in page
    assert "Điều tra xã hội học" in page and "Điểm trừ" in page and "1.5" in page
    assert client.get(reverse("index-framework", args=[w.province.slug, 999999])).status_code == 404


def test_api_lists_frameworks_tree_and_campaigns(client):
    """IDX-1, IDX-2, U-5: the API gives the frameworks, a tree with decimal points as text, and the campaigns."""
    from cchc.api.services import create_token

    w = world()
    so = load("vi-du-cap-so.yaml")
    snv = w.user("standing_focal")
    client.force_login(snv)
    client.post(reverse("index-campaigns", args=[w.province.slug]), form_data(so))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(w.user('viewer').username)}"}
    base = f"/api/v1/provinces/{w.province.slug}/index"
    frameworks = client.get(f"{base}/frameworks", **headers).json()
    listed = {f["code"]: f for f in frameworks}  # the demo's examples may be there too
    assert "VD-CAP-SO" in listed and listed["VD-CAP-SO"]["province"] is None
    tree = client.get(f"{base}/frameworks/{so.pk}", **headers).json()
    node = next(n for n in tree["nodes"] if n["code"] == "I.4")
    assert node["max_points"] == "1.50" and node["levels"][0] == {
        "points": "1.50",
        "text": "Có kế hoạch và thực hiện đủ",
    }
    campaigns = client.get(f"{base}/campaigns", **headers).json()
    assert campaigns[0]["frameworks"][0]["code"] == "VD-CAP-SO" and campaigns[0]["bands"][-1] == {
        "label": "Yếu",
        "min": "0",
    }


def test_a_provinces_own_framework_is_hidden_from_other_provinces(client):
    """IDX-1, ORG-4: a framework loaded with a province is that province's own; another province sees 404."""
    w, other = world(), world()
    so = load("vi-du-cap-so.yaml")
    Framework.objects.filter(pk=so.pk).update(province=w.province)
    client.force_login(other.user("standing_focal"))
    assert client.get(reverse("index-framework", args=[other.province.slug, so.pk])).status_code == 404
    assert "VD-CAP-SO" not in client.get(reverse("index-campaigns", args=[other.province.slug])).content.decode()
    client.force_login(w.user("viewer"))
    assert client.get(reverse("index-framework", args=[w.province.slug, so.pk])).status_code == 200
    assert "index-link" in client.get(reverse("province", args=[w.province.slug])).content.decode()


def test_opening_creates_one_file_per_agency_with_one_row_per_leaf(client):
    """IDX-2, IDX-3: each assessed agency gets its file against its kind's framework, one score row per leaf
    (criteria without sub-criteria, sub-criteria, bonus and penalty items; never areas or parents)."""
    from cchc.index.models import Assessment, Score

    w = world()
    so = load("vi-du-cap-so.yaml")
    client.force_login(w.user("standing_focal"))
    client.post(reverse("index-campaigns", args=[w.province.slug]), form_data(so))
    campaign = Campaign.objects.get(province=w.province)
    files = Assessment.objects.filter(campaign=campaign)
    assert files.count() == campaign.agencies.count() > 0
    copy = campaign.frameworks.get()
    leaves = services.leaves_of(copy)
    codes = {leaf.code for leaf in leaves}
    assert "I.1.1" in codes and "I.1" not in codes and "I" not in codes and "I.2" in codes
    assert Score.objects.filter(assessment__campaign=campaign).count() == files.count() * len(leaves)
    assert set(files.values_list("status", flat=True)) == {"draft"}


def test_campaign_page_shows_deadlines_and_is_not_found_for_another_year(client):
    """IDX-2: the campaign's own page shows its deadlines; a year without a campaign is 404."""
    w = world()
    so = load("vi-du-cap-so.yaml")
    client.force_login(w.user("standing_focal"))
    client.post(reverse("index-campaigns", args=[w.province.slug]), form_data(so))
    campaign = Campaign.objects.get(province=w.province)
    client.force_login(w.user("ordinary_focal"))
    page = client.get(reverse("index-campaign", args=[w.province.slug, campaign.year]))
    assert page.status_code == 200
    assert campaign.self_assessment_deadline.strftime("%d/%m/%Y") in page.content.decode()
    assert client.get(reverse("index-campaign", args=[w.province.slug, campaign.year + 1])).status_code == 404

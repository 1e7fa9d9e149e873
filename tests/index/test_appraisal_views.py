"""IDX-4, IDX-5: the appraisal grid, a cell's save, the leaf page, the explanations page, the campaign section."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.agencies.models import Agency, AgencyKind
from cchc.index.models import AppraisalState, Assessment, AssessmentStatus
from tests.factories import world
from tests.index.test_appraisal import load_example, open_example, score_of, state, submit_all

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def setup():
    w = world()
    campaign = open_example(w)
    submit_all(campaign)
    return w, campaign


def grid_url(w, campaign, area=None):
    url = reverse("index-appraisal", args=[w.province.slug, campaign.year])
    return f"{url}?area={area}" if area is not None else url


def cell_url(w, campaign, score):
    return reverse("index-appraisal-cell", args=[w.province.slug, campaign.year, score.pk])


def test_IDX_4_the_grid_shows_the_appraisers_leaves_for_every_submitted_file(client, setup):
    """IDX-4: Sở Tư pháp sees the institutions leaves for every agency; a draft file is listed as «chưa gửi»
    without inputs; each cell links the agency's file and its leaf page."""
    w, campaign = setup
    Assessment.objects.filter(campaign=campaign, agency=w.standing).update(status=AssessmentStatus.DRAFT)
    client.force_login(w.user("domain_focal"))
    response = client.get(grid_url(w, campaign))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">II.1<" in html and ">II.3<" in html and ">I.2<" not in html
    assert w.ordinary.name in html and "chưa gửi" in html
    assert f"/tu-danh-gia/{w.ordinary.pk}/" in html
    score = score_of(campaign, w.ordinary, "II.2")
    assert cell_url(w, campaign, score) in html
    assert reverse("index-appraise-leaf", args=[w.province.slug, campaign.year, score.pk]) in html
    assert "appraisal-grid.js" in html


def test_IDX_4_the_grid_is_for_appraisers_only(client, setup):
    """IDX-4: an ordinary agency, a viewer or UBND tỉnh gets 403; another province 404; Sở Nội vụ sees the areas the
    regulation names nobody for, with the note, and not institutions."""
    w, campaign = setup
    for kind in ["ordinary_focal", "ordinary_leader", "viewer", "committee_leader"]:
        client.force_login(w.user(kind))
        assert client.get(grid_url(w, campaign)).status_code == 403
    client.force_login(world().user("standing_leader"))
    assert client.get(grid_url(w, campaign)).status_code == 404
    client.force_login(w.user("standing_focal"))
    response = client.get(grid_url(w, campaign, "institutions"))  # not its area: falls back to its first
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quy chế không giao; Sở Nội vụ thẩm định" in html
    assert ">II.2<" not in html and ">I.2<" in html


def test_IDX_4_a_cell_saves_by_json_and_refuses_in_vietnamese(client, setup):
    """IDX-4: accept and change answer JSON with the new revision and state label; a bad value, a missing
    comment or a stale revision answer a Vietnamese message and change nothing; another agency gets 403."""
    w, campaign = setup
    score = score_of(campaign, w.ordinary, "II.2")
    url = cell_url(w, campaign, score)
    client.force_login(w.user("ordinary_focal"))
    response = client.post(url, {"action": "accept", "revision": 0}, **JSON)
    assert response.status_code == 403 and state(score) == ("", None, 0, 0)
    client.force_login(w.user("domain_focal"))
    answer = client.post(url, {"action": "accept", "revision": 0}, **JSON).json()
    assert answer == {
        "ok": True,
        "revision": 1,
        "state": "accepted",
        "state_label": "Chấp nhận điểm tự chấm",
        "points": "1.00",
    }
    response = client.post(url, {"action": "change", "points": "1.5", "comment": "x", "revision": 1}, **JSON)
    assert response.status_code == 400 and "chỉ chấm theo các mức" in response.json()["error"]
    response = client.post(url, {"action": "change", "points": "2", "comment": "", "revision": 1}, **JSON)
    assert "ý kiến" in response.json()["error"]
    response = client.post(url, {"action": "change", "points": "2", "comment": "Đủ", "revision": 0}, **JSON)
    assert "vừa lưu" in response.json()["error"]
    assert state(score) == (AppraisalState.ACCEPTED, Decimal("1.00"), 1, 1)
    answer = client.post(url, {"action": "change", "points": "2", "comment": "Đủ", "revision": 1}, **JSON).json()
    assert answer["ok"] and answer["revision"] == 2 and answer["state_label"] == "Điều chỉnh điểm"
    response = client.post(url, {"action": "bogus", "revision": 2}, **JSON)
    assert response.status_code == 400


def test_IDX_5_the_leaf_page_asks_and_shows_the_history(client, setup):
    """IDX-5: without script, the leaf page asks for an explanation; the history shows who did what, when."""
    w, campaign = setup
    score = score_of(campaign, w.ordinary, "II.3")
    url = reverse("index-appraise-leaf", args=[w.province.slug, campaign.year, score.pk])
    client.force_login(w.user("ordinary_focal"))
    assert client.get(url).status_code == 403
    client.force_login(w.user("domain_focal"))
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "request", "text": "Bổ sung kế hoạch", "revision": 0})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Đề nghị giải trình" in html and "Bổ sung kế hoạch" in html and w.domain.name in html
    assert "Lịch sử điểm (1)" in html


def test_IDX_5_the_agency_answers_from_its_explanations_page(client, setup):
    """IDX-5: the campaign page tells the agency «1 đề nghị giải trình chờ trả lời»; it answers on its page; another
    agency's request is not found there; the appraiser's campaign section counts its areas."""
    from cchc.index import appraisal

    w, campaign = setup
    score = score_of(campaign, w.ordinary, "II.3")
    appraisal.request_explanation(w.user("domain_focal"), score, "Thiếu kế hoạch", 0)
    campaign_url = reverse("index-campaign", args=[w.province.slug, campaign.year])
    url = reverse("index-explanation", args=[w.province.slug, campaign.year])
    client.force_login(w.user("ordinary_focal"))
    assert "1 đề nghị giải trình chờ trả lời" in client.get(campaign_url).content.decode()
    assert "Thiếu kế hoạch" in client.get(url).content.decode()
    client.force_login(w.user("domain_leader"))  # Sở Tư pháp has a file too, but not this leaf
    assert client.post(url, {"score": score.pk, "text": "x", "revision": 1}).status_code == 404
    assert client.post(url, {"score": "abc", "text": "x", "revision": 1}).status_code == 404
    html = client.get(campaign_url).content.decode()
    assert "Mở bảng thẩm định" in html and "0 đề nghị giải trình chờ trả lời" in html
    client.force_login(w.user("viewer"))
    assert client.get(url).status_code == 403
    client.force_login(w.user("ordinary_leader"))
    assert client.post(url, {"score": score.pk, "text": "Đã ban hành KH 3/KH", "revision": 1}).status_code == 302
    assert state(score)[0] == AppraisalState.ANSWERED


def _agencies(w, count):
    Agency.objects.bulk_create(
        [Agency(province=w.province, name=f"Sở thử {i:04d}", kind=AgencyKind.DEPARTMENT) for i in range(count)]
    )
    return list(Agency.objects.filter(province=w.province, kind=AgencyKind.DEPARTMENT))


def test_IDX_4_the_grid_issues_the_same_queries_for_20_and_1000_agencies(client):
    """IDX-4: the grid's queries do not grow with the agencies (20 and 1,000, files submitted)."""
    framework = load_example()
    counts = []
    for size in (20, 1000):
        w = world()
        campaign = open_example(w, framework=framework, agencies=_agencies(w, size))
        Assessment.objects.filter(campaign=campaign).update(status=AssessmentStatus.SUBMITTED)
        client.force_login(w.user("domain_focal"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(grid_url(w, campaign))
        assert response.status_code == 200
        assert response.content.decode().count('class="form-control form-control-sm grid-input"') >= size * 3
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_IDX_4_cell_errors_never_500(client, setup):
    """IDX-4: odd input (no revision, huge number, unknown score) answers a message or 404, never a 500."""
    w, campaign = setup
    score = score_of(campaign, w.ordinary, "II.1")
    client.force_login(w.user("domain_focal"))
    url = cell_url(w, campaign, score)
    for data in [{"action": "change", "points": "1e9", "comment": "x"}, {"action": "change", "points": "NaN"}]:
        response = client.post(url, data, **JSON)
        assert response.status_code == 400, response.content
        assert json.loads(response.content)["ok"] is False
    missing = reverse("index-appraisal-cell", args=[w.province.slug, campaign.year, 999999])
    assert client.post(missing, {"action": "accept"}, **JSON).status_code == 404
    assert state(score) == ("", None, 0, 0)

"""IDX-4, IDX-5: appraisal routed by the regulation in force, the appraiser's actions, explanations, history."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse

from cchc.core.audit import person
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.index import appraisal, appraisal_routing, fileformat, services
from cchc.index.models import AppraisalState, Assessment, AssessmentStatus, Score, ScoreEvent
from cchc.regulation.models import ResponsibilityRole
from tests.factories import RegulationFactory, ResponsibilityFactory, area, programme, world

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.DATA_DIR) / "frameworks" / "vi-du-cap-so.yaml"


def load_example():
    programme()
    return services.load_framework(fileformat.parse(EXAMPLE.read_text(encoding="utf-8")))


def open_example(w, framework=None, agencies=None):
    """This year's campaign of the departments, with the example framework, appraisal open."""
    on = today()
    return services.open_campaign(
        w.province,
        actor=w.user("standing_focal"),
        year=on.year,
        frameworks={"department": framework or load_example()},
        deadlines={
            "self_assessment_deadline": on,
            "appraisal_deadline": on + dt.timedelta(days=10),
            "explanation_deadline": on + dt.timedelta(days=20),
            "publication_deadline": on + dt.timedelta(days=30),
        },
        bands=[("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)],
        on=on,
        agencies=agencies,
    )


def submit_all(campaign, self_points="1"):
    Assessment.objects.filter(campaign=campaign).update(status=AssessmentStatus.SUBMITTED)
    Score.objects.filter(assessment__campaign=campaign).update(self_points=Decimal(self_points))


def score_of(campaign, agency, code) -> Score:
    return Score.objects.get(assessment__campaign=campaign, assessment__agency=agency, node__code=code)


@pytest.fixture
def setup():
    w = world()
    campaign = open_example(w)
    submit_all(campaign)
    return w, campaign


def state(score) -> tuple:
    score.refresh_from_db()
    return score.appraisal_state, score.appraised_points, score.revision, score.events.count()


# --- routing ---------------------------------------------------------------------------------------------------------


def test_IDX_4_routing_follows_the_regulation_and_falls_back_to_the_standing_agency(setup):
    """IDX-4: institutions go to Sở Tư pháp as the regulation says; areas it names nobody for go to Sở Nội vụ,
    with the note; bonus and penalty items to Sở Nội vụ."""
    w, campaign = setup
    routes = appraisal_routing.route_campaign(campaign)
    assert [a.pk for a in routes["institutions"].agencies] == [w.domain.pk]
    assert routes["institutions"].note == ""
    assert [a.pk for a in routes["direction"].agencies] == [w.standing.pk]
    assert routes["direction"].note == "Quy chế không giao; Sở Nội vụ thẩm định"
    assert [a.pk for a in routes[""].agencies] == [w.standing.pk]
    domain_areas, _ = appraisal_routing.user_areas(w.user("domain_focal"), campaign)
    assert [r.code for r in domain_areas] == ["institutions"]
    standing_areas, _ = appraisal_routing.user_areas(w.user("standing_leader"), campaign)
    assert "institutions" not in [r.code for r in standing_areas] and "direction" in [r.code for r in standing_areas]
    assert appraisal_routing.user_areas(w.user("ordinary_focal"), campaign)[0] == []
    assert appraisal_routing.user_areas(w.user("viewer"), campaign)[0] == []


def test_IDX_4_changing_the_regulation_moves_the_appraisal(client, setup):
    """IDX-4: a new regulation in force naming VP UBND as appraiser of institutions: Sở Tư pháp is refused and
    nothing changes; VP UBND sees and appraises the criteria."""
    w, campaign = setup
    score = score_of(campaign, w.ordinary, "II.1")
    on = today()
    w.regulation.effective_to = on
    w.regulation.save()
    new = RegulationFactory(
        province=w.province, standing_agency=w.standing, effective_from=on, signed_on=on - dt.timedelta(days=1)
    )
    ResponsibilityFactory(
        regulation=new, area=area("institutions"), role=ResponsibilityRole.APPRAISE, agency=w.office, group=None
    )
    with pytest.raises(PermissionDenied):
        appraisal.accept(w.user("domain_focal"), score, 0)
    assert state(score) == ("", None, 0, 0)
    from tests.factories import MembershipFactory

    office_focal = MembershipFactory(agency=w.office, role="focal").user
    areas, _ = appraisal_routing.user_areas(office_focal, campaign)
    assert [r.code for r in areas] == ["institutions"]
    grid = reverse("index-appraisal", args=[w.province.slug, campaign.year])
    client.force_login(office_focal)
    assert ">II.2<" in client.get(grid).content.decode()
    client.force_login(w.user("domain_focal"))
    assert client.get(grid).status_code == 403
    appraisal.accept(office_focal, score, 0)
    assert state(score) == (AppraisalState.ACCEPTED, Decimal("1.00"), 1, 1)
    assert score.appraiser_id == w.office.pk


def province_framework():
    """The example framework loaded again as UBND tỉnh's (IDX-8 files exist in the campaign, never appraised)."""
    import dataclasses

    document = fileformat.parse(EXAMPLE.read_text(encoding="utf-8"))
    return services.load_framework(dataclasses.replace(document, code="VD-TINH", agency_kind="provincial-committee"))


def test_IDX_4_the_provinces_own_file_is_not_appraised():
    """IDX-4, IDX-8: the file of UBND tỉnh is refused to its would-be appraiser, and left out of the grid."""
    from cchc.index import appraisal_queries

    w = world()
    so = load_example()
    on = today()
    campaign = services.open_campaign(
        w.province,
        actor=w.user("standing_focal"),
        year=on.year,
        frameworks={"department": so, "provincial-committee": province_framework()},
        deadlines={
            "self_assessment_deadline": on,
            "appraisal_deadline": on + dt.timedelta(days=10),
            "explanation_deadline": on + dt.timedelta(days=20),
            "publication_deadline": on + dt.timedelta(days=30),
        },
        bands=[("Tốt", 90), ("Yếu", 0)],
        on=on,
        agencies=[w.committee, w.ordinary],
    )
    submit_all(campaign)
    score = score_of(campaign, w.committee, "II.2")
    with pytest.raises(PermissionDenied):
        appraisal.accept(w.user("domain_focal"), score, 0)
    assert state(score) == ("", None, 0, 0)
    agencies = [file.agency_id for table in appraisal_queries.grid(campaign, "institutions") for file, _ in table.rows]
    assert agencies == [w.ordinary.pk]


# --- the appraiser's actions -----------------------------------------------------------------------------------------


def test_IDX_4_accept_change_and_refusals(setup):
    """IDX-4: accept copies the self score; change needs a comment and a score on the leaf's levels within its max;
    every refusal changes nothing."""
    w, campaign = setup
    stp = w.user("domain_focal")
    score = score_of(campaign, w.ordinary, "II.2")  # levels 2, 1, 0
    appraisal.accept(stp, score, 0)
    assert state(score) == (AppraisalState.ACCEPTED, Decimal("1.00"), 1, 1)
    for points, comment, message in [
        ("1.5", "Lý do", "chỉ chấm theo các mức"),
        ("3", "Lý do", "vượt điểm tối đa"),
        ("-1", "Lý do", "không được âm"),
        ("abc", "Lý do", "không phải là số"),
        ("2", "  ", "cần ghi ý kiến"),
    ]:
        with pytest.raises(UserError, match=message):
            appraisal.change(stp, score, points, comment, 1)
        assert state(score) == (AppraisalState.ACCEPTED, Decimal("1.00"), 1, 1)
    appraisal.change(stp, score, "2", "Đã rà soát đủ", 1)
    assert state(score) == (AppraisalState.CHANGED, Decimal("2.00"), 2, 2)
    free = score_of(campaign, w.ordinary, "II.1")  # no levels, max 4
    with pytest.raises(UserError, match="2 chữ số thập phân"):
        appraisal.change(stp, free, "1.255", "Lý do", 0)
    appraisal.change(stp, free, "2,75", "Trình đúng hạn 11/16 văn bản", 0)
    assert state(free)[1] == Decimal("2.75")
    assert AuditEntry.objects.filter(record_type__icontains="score").count() >= 3


def test_IDX_4_an_appraiser_cannot_touch_criteria_the_regulation_does_not_give_it(setup):
    """IDX-4: Sở Tư pháp on a direction leaf, Sở Nội vụ on an institutions leaf, the assessed agency on its own
    leaf: refused, nothing changes."""
    w, campaign = setup
    direction = score_of(campaign, w.ordinary, "I.2")
    institutions = score_of(campaign, w.ordinary, "II.2")
    for user, score in [
        (w.user("domain_leader"), direction),
        (w.user("standing_leader"), institutions),
        (w.user("ordinary_leader"), institutions),
        (w.user("viewer"), institutions),
        (w.user("committee_leader"), direction),
    ]:
        with pytest.raises(PermissionDenied):
            appraisal.change(user, score, "1", "Lý do", 0)
        assert state(score) == ("", None, 0, 0)
    appraisal.accept(w.user("standing_leader"), direction, 0)
    assert state(direction)[0] == AppraisalState.ACCEPTED


def test_IDX_4_only_submitted_files_and_before_the_deadline(setup):
    """IDX-4: a draft file is refused; after the appraisal deadline accept, change and ask are refused."""
    w, campaign = setup
    score = score_of(campaign, w.ordinary, "II.2")
    Assessment.objects.filter(pk=score.assessment_id).update(status=AssessmentStatus.DRAFT)
    with pytest.raises(UserError, match="chưa được gửi"):
        appraisal.accept(w.user("domain_focal"), score, 0)
    Assessment.objects.filter(pk=score.assessment_id).update(status=AssessmentStatus.SUBMITTED)
    on = today()
    type(campaign).objects.filter(pk=campaign.pk).update(
        self_assessment_deadline=on - dt.timedelta(days=20), appraisal_deadline=on - dt.timedelta(days=1)
    )
    with pytest.raises(UserError, match="quá hạn thẩm định"):
        appraisal.accept(w.user("domain_focal"), score, 0)
    with pytest.raises(UserError, match="quá hạn thẩm định"):
        appraisal.request_explanation(w.user("domain_focal"), score, "Bổ sung", 0)
    assert state(score) == ("", None, 0, 0)


def test_IDX_4_two_saves_with_the_same_revision_the_second_is_told(setup):
    """IDX-4: two appraisers save the same leaf having seen revision 0: the second is refused with what the first
    saved, and the first's save stays."""
    w, campaign = setup
    score = score_of(campaign, w.ordinary, "II.2")
    appraisal.change(w.user("domain_focal"), score, "2", "Đủ", 0)
    with pytest.raises(UserError, match=r"vừa lưu tiêu chí II\.2 \(điều chỉnh, điểm 2\.00\)"):
        appraisal.change(w.user("domain_leader"), score, "0", "Không rà soát", 0)
    assert state(score) == (AppraisalState.CHANGED, Decimal("2.00"), 1, 1)


def test_IDX_4_penalty_items_take_the_deduction(setup):
    """IDX-4: the appraiser (Sở Nội vụ: no area) sets a penalty item's deduction, at most its max."""
    w, campaign = setup
    penalty = score_of(campaign, w.ordinary, "D1")
    with pytest.raises(UserError, match="vượt điểm tối đa"):
        appraisal.change(w.user("standing_focal"), penalty, "3.5", "Chậm 7 ngày", 0)
    appraisal.change(w.user("standing_focal"), penalty, "1.5", "Chậm 3 ngày", 0)
    assert state(penalty)[:2] == (AppraisalState.CHANGED, Decimal("1.50"))


# --- explanations and the final score (IDX-5) -------------------------------------------------------------------------


def test_IDX_5_explanation_answer_and_final_score_with_history(setup):
    """IDX-5: ask → the agency answers → the appraiser fixes the final score; every step is a ScoreEvent."""
    w, campaign = setup
    stp, agency = w.user("domain_focal"), w.user("ordinary_focal")
    score = score_of(campaign, w.ordinary, "II.2")
    with pytest.raises(UserError, match="nội dung đề nghị"):
        appraisal.request_explanation(stp, score, " ", 0)
    with pytest.raises(UserError, match="không có đề nghị giải trình"):
        appraisal.answer_explanation(agency, score, "Đã rà soát", 0)
    with pytest.raises(UserError, match="sau khi đã đề nghị giải trình"):
        appraisal.finalize(stp, score, "1", "Chốt", 0)
    appraisal.request_explanation(stp, score, "Bổ sung báo cáo rà soát", 0)
    with pytest.raises(UserError, match="chưa giải trình"):
        appraisal.finalize(stp, score, "1", "Chốt", 1)
    with pytest.raises(UserError, match="chờ cơ quan giải trình"):
        appraisal.accept(stp, score, 1)
    for outsider in [stp, w.user("viewer"), w.user("standing_leader")]:
        with pytest.raises(PermissionDenied):
            appraisal.answer_explanation(outsider, score, "Giải trình", 1)
    appraisal.answer_explanation(agency, score, "Báo cáo số 5/BC gửi kèm", 1)
    assert state(score)[0] == AppraisalState.ANSWERED
    with pytest.raises(UserError, match="Chốt điểm cần ghi ý kiến"):
        appraisal.finalize(stp, score, "2", "", 2)
    appraisal.finalize(w.user("domain_leader"), score, "2", "Đã bổ sung đủ", 2)
    assert state(score) == (AppraisalState.FINAL, Decimal("2.00"), 3, 3)
    with pytest.raises(UserError, match="đã chốt"):
        appraisal.change(stp, score, "1", "Sửa", 3)
    kinds = list(ScoreEvent.objects.filter(score=score).values_list("kind", "actor__username", "agency_id"))
    assert [k for k, _, _ in kinds] == ["request", "answer", "final"]
    assert kinds[1][2] == w.ordinary.pk and kinds[2][2] == w.domain.pk


def test_IDX_5_answer_only_until_the_explanation_deadline_then_the_appraiser_may_finalize(setup):
    """IDX-5: after the explanation deadline the agency can no longer answer, and the appraiser fixes the score
    without an answer."""
    w, campaign = setup
    stp = w.user("domain_focal")
    score = score_of(campaign, w.ordinary, "II.3")
    appraisal.request_explanation(stp, score, "Thiếu kế hoạch", 0)
    on = today()
    type(campaign).objects.filter(pk=campaign.pk).update(
        self_assessment_deadline=on - dt.timedelta(days=30),
        appraisal_deadline=on - dt.timedelta(days=20),
        explanation_deadline=on - dt.timedelta(days=1),
    )
    with pytest.raises(UserError, match="quá hạn giải trình"):
        appraisal.answer_explanation(w.user("ordinary_leader"), score, "Muộn", 1)
    assert state(score)[0] == AppraisalState.EXPLANATION_REQUESTED
    appraisal.finalize(stp, score, "0", "Không giải trình", 1)
    assert state(score)[:2] == (AppraisalState.FINAL, Decimal("0.00"))


def test_IDX_5_the_leaf_history_partial_shows_every_step_with_who_and_when(setup):
    """IDX-5: the partial shows the self score, the state, appraised points, comment, the request and the answer,
    and every ScoreEvent with who and when, in Vietnamese."""
    w, campaign = setup
    score = score_of(campaign, w.ordinary, "II.2")
    appraisal.request_explanation(w.user("domain_focal"), score, "Bổ sung báo cáo", 0)
    appraisal.answer_explanation(w.user("ordinary_leader"), score, "Báo cáo 5/BC", 1)
    appraisal.finalize(w.user("domain_leader"), score, "2", "Đủ căn cứ", 2)
    score = (
        Score.objects.prefetch_related("events__actor", "events__agency").select_related("appraiser").get(pk=score.pk)
    )
    html = render_to_string("index/_leaf_history.html", {"score": score})
    for text in [
        "Điểm tự chấm",
        "1,00",
        "Đã chốt điểm",
        "2,00",
        "Đủ căn cứ",
        "Bổ sung báo cáo",
        "Báo cáo 5/BC",
        "Lịch sử điểm (3)",
        "Đề nghị giải trình",
        "Giải trình",
        "Chốt điểm",
        w.domain.name,
        w.ordinary.name,
        person(w.user("ordinary_leader")),
    ]:
        assert text in html, text

"""The reform index's scores (IDX-3 to IDX-8): one agency's file in a campaign, its scores per leaf with their
history and evidence, and the one stored result per agency.

A leaf's points move through the hands the rules give them (IDX-3 to IDX-5):
- the agency self-scores (`self_points`, `explanation`) while its file is a draft;
- the appraiser the regulation names for the leaf's area (IDX-4) accepts, changes with a comment, or asks for an
  explanation; the agency answers; the appraiser fixes the final points (`appraised_points`, state `final`);
- survey leaves get `survey_points` from an import (IDX-6), never a self-score.
Every change is also a `ScoreEvent` (IDX-5: every score change is kept). `revision` counts the saves of a row, so
that two people saving the same leaf at once are told, and nothing is lost.
"""

from django.conf import settings
from django.db import models

from cchc.index.models import POINTS, Campaign, CampaignFramework, CampaignNode


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Đang tự đánh giá"
    SUBMITTED = "submitted", "Đã gửi"


class Assessment(models.Model):
    """IDX-3: one agency's self-assessment file (hồ sơ tự đánh giá) in a campaign, against its kind's framework."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assessments", verbose_name="đợt")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="index_assessments", verbose_name="cơ quan"
    )
    framework = models.ForeignKey(
        CampaignFramework, on_delete=models.PROTECT, related_name="assessments", verbose_name="bộ tiêu chí"
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người gửi",
    )
    reopened_until = models.DateField("mở lại đến ngày", null=True, blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    recommendations = models.TextField("kiến nghị, đề xuất", blank=True)
    signed_scan = models.FileField("bản ký (scan)", upload_to="index/%Y/%m/", blank=True, max_length=300)
    revision = models.PositiveIntegerField("lần lưu", default=0)

    class Meta:
        ordering = ["campaign", "agency"]
        constraints = [models.UniqueConstraint(fields=["campaign", "agency"], name="one_assessment_per_agency")]
        verbose_name = "hồ sơ tự đánh giá"
        verbose_name_plural = "hồ sơ tự đánh giá"

    def __str__(self) -> str:
        return f"Tự đánh giá Chỉ số CCHC năm {self.campaign.year}: {self.agency}"


class AppraisalState(models.TextChoices):
    PENDING = "", "Chưa thẩm định"
    ACCEPTED = "accepted", "Chấp nhận điểm tự chấm"
    CHANGED = "changed", "Điều chỉnh điểm"
    EXPLANATION_REQUESTED = "explanation-requested", "Đề nghị giải trình"
    ANSWERED = "answered", "Đã giải trình"
    FINAL = "final", "Đã chốt điểm"


class Score(models.Model):
    """IDX-3 to IDX-6: one leaf of one agency's file: self-score, appraisal, explanation, survey points."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name="hồ sơ")
    node = models.ForeignKey(CampaignNode, on_delete=models.PROTECT, related_name="scores", verbose_name="tiêu chí")
    self_points = models.DecimalField("điểm tự chấm", null=True, blank=True, **POINTS)
    explanation = models.TextField("giải trình, thuyết minh", blank=True)
    appraiser = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan thẩm định",
    )
    appraisal_state = models.CharField(
        "trạng thái thẩm định", max_length=30, choices=AppraisalState.choices, blank=True, default=""
    )
    appraised_points = models.DecimalField("điểm thẩm định", null=True, blank=True, **POINTS)
    appraisal_comment = models.TextField("ý kiến thẩm định", blank=True)
    explanation_request = models.TextField("nội dung đề nghị giải trình", blank=True)
    explanation_answer = models.TextField("nội dung giải trình", blank=True)
    survey_points = models.DecimalField("điểm điều tra xã hội học", null=True, blank=True, **POINTS)
    revision = models.PositiveIntegerField("lần lưu", default=0)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["assessment", "node__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "node"], name="one_score_per_leaf"),
            models.CheckConstraint(
                condition=models.Q(self_points__isnull=True) | models.Q(self_points__gte=0),
                name="self_points_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(appraised_points__isnull=True) | models.Q(appraised_points__gte=0),
                name="appraised_points_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(survey_points__isnull=True) | models.Q(survey_points__gte=0),
                name="survey_points_not_negative",
            ),
        ]
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"

    def __str__(self) -> str:
        return f"{self.node.code}: {self.assessment.agency}"


class EvidenceSource(models.TextChoices):
    UPLOAD = "upload", "Tệp tải lên"
    TASK_EVIDENCE = "task-evidence", "Tài liệu kiểm chứng của nhiệm vụ"
    REPORT = "report", "Báo cáo đã gửi"
    PLAN = "plan", "Kế hoạch đã ban hành"


class ScoreEvidence(models.Model):
    """IDX-3: a document that proves a leaf's score: uploaded, or one the system already holds (nothing is uploaded
    twice), with the page or section that proves the point."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence", verbose_name="điểm")
    source = models.CharField("nguồn", max_length=20, choices=EvidenceSource.choices)
    file = models.FileField("tệp", upload_to="index/%Y/%m/", blank=True, max_length=300)
    task_evidence = models.ForeignKey(
        "tracking.EvidenceDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="index_uses",
        verbose_name="tài liệu của nhiệm vụ",
    )
    report = models.ForeignKey(
        "reports.ReportSubmission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="index_uses",
        verbose_name="báo cáo",
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="index_uses",
        verbose_name="kế hoạch",
    )
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    title = models.CharField("trích yếu", max_length=500)
    locator = models.CharField("trang, mục chứng minh", max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thêm",
    )
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)

    class Meta:
        ordering = ["score", "id"]
        verbose_name = "tài liệu kiểm chứng của tiêu chí"
        verbose_name_plural = "tài liệu kiểm chứng của tiêu chí"

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class ScoreEventKind(models.TextChoices):
    SELF = "self", "Tự chấm"
    ACCEPT = "accept", "Chấp nhận"
    CHANGE = "change", "Điều chỉnh"
    REQUEST = "request", "Đề nghị giải trình"
    ANSWER = "answer", "Giải trình"
    FINAL = "final", "Chốt điểm"
    SURVEY = "survey", "Điểm điều tra"
    CORRECTION = "correction", "Đính chính sau công bố"


class ScoreEvent(models.Model):
    """IDX-5: one change of a leaf's score, kept for ever and shown on the leaf."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="events", verbose_name="điểm")
    kind = models.CharField("loại", max_length=20, choices=ScoreEventKind.choices)
    points = models.DecimalField("điểm", null=True, blank=True, **POINTS)
    text = models.TextField("nội dung", blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        ordering = ["score", "at", "id"]
        verbose_name = "lịch sử điểm"
        verbose_name_plural = "lịch sử điểm"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points or ''}".strip()


class Result(models.Model):
    """IDX-6, IDX-7: one stored result per agency and campaign, so every page and export shows the same rounding.

    `areas`: {area_code: {"points": "12.50", "max": "15.00", "percent": "83.33"}}, keyed by area (PostgreSQL keeps no
    key order in JSON: pages and exports put the areas in the framework's order).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="results", verbose_name="đợt")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="index_results", verbose_name="cơ quan"
    )
    appraised_points = models.DecimalField("điểm thẩm định", **POINTS)
    survey_points = models.DecimalField("điểm điều tra", **POINTS)
    bonus_points = models.DecimalField("điểm thưởng", default=0, **POINTS)
    penalty_points = models.DecimalField("điểm trừ", default=0, **POINTS)
    max_points = models.DecimalField("điểm tối đa", **POINTS)
    percent = models.DecimalField("chỉ số (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    group = models.CharField("nhóm xếp hạng", max_length=20, blank=True)
    rank = models.PositiveIntegerField("thứ hạng", null=True, blank=True)
    band = models.CharField("xếp loại", max_length=60, blank=True)
    areas = models.JSONField("theo lĩnh vực", default=dict)
    computed_at = models.DateTimeField("tính lúc", auto_now=True)

    class Meta:
        ordering = ["campaign", "group", "rank"]
        constraints = [models.UniqueConstraint(fields=["campaign", "agency"], name="one_result_per_agency")]
        verbose_name = "kết quả Chỉ số CCHC"
        verbose_name_plural = "kết quả Chỉ số CCHC"

    def __str__(self) -> str:
        return f"{self.agency}: {self.percent}%"


class ResultCorrection(models.Model):
    """IDX-7: a published result changes only by a recorded correction: the reason, who, and before and after."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="corrections", verbose_name="kết quả")
    reason = models.TextField("lý do đính chính")
    before = models.JSONField("trước")
    after = models.JSONField("sau")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đính chính",
    )
    at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        ordering = ["result", "at"]
        verbose_name = "đính chính kết quả"
        verbose_name_plural = "đính chính kết quả"

    def __str__(self) -> str:
        return f"Đính chính {self.result}"

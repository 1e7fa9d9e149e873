"""The reform index (Chỉ số CCHC): frameworks (bộ tiêu chí, IDX-1) and their nodes.

A framework is a versioned tree area → criterion → sub-criterion, plus bonus and penalty items, loaded from a data
file (docs/data-formats.md, `cchc load-framework`). A (code, version) pair is loaded once; a new version is a new
row, so a campaign that copied an older version is never rescaled.

Province: optional. Frameworks are data that a province writes for its own departments and communes, mirroring the
national method; the national method itself (and the examples under data/frameworks/) belongs to no province, so
that every province can read it and copy it into a campaign. A framework with a province is that province's own:
only that province uses it. The code is unique across provinces (a code names one framework everywhere, which keeps
`cchc export-framework CODE` unambiguous).
"""

from django.conf import settings
from django.db import models

from cchc.agencies.models import AgencyKind

POINTS = {"max_digits": 6, "decimal_places": 2}


class Method(models.TextChoices):
    APPRAISAL = "appraisal", "Tự đánh giá có thẩm định"
    SURVEY = "survey", "Điều tra xã hội học"


class Framework(models.Model):
    """One version of a framework for one agency kind."""

    province = models.ForeignKey(
        "core.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="index_frameworks",
        verbose_name="tỉnh",
    )
    code = models.CharField("mã", max_length=40)
    version = models.PositiveIntegerField("phiên bản")
    name = models.CharField("tên", max_length=300)
    agency_kind = models.CharField("loại cơ quan", max_length=30, choices=AgencyKind.choices)
    programme = models.ForeignKey(
        "regulation.ReformProgramme", on_delete=models.PROTECT, related_name="+", verbose_name="chương trình CCHC"
    )
    max_points = models.DecimalField("điểm tối đa", **POINTS)
    note = models.TextField("ghi chú", blank=True)
    source = models.CharField("nguồn", max_length=500, blank=True)
    loaded_at = models.DateTimeField("nạp lúc", auto_now_add=True)

    class Meta:
        ordering = ["code", "version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_framework_version")]
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"

    def __str__(self) -> str:
        return f"{self.name} (phiên bản {self.version})"


class Binding(models.TextChoices):
    """IDX-3: data the system already holds that suggests a leaf's score (the agency may differ, with a reason)."""

    PLAN_ON_TIME = "plan-on-time", "Kế hoạch CCHC năm ban hành đúng hạn"
    TASKS_ON_TIME = "tasks-on-time", "Tỷ lệ nhiệm vụ được giao hoàn thành đúng hạn"
    REPORTS_ON_TIME = "reports-on-time", "Báo cáo CCHC gửi đúng hạn"
    INSPECTION_COVERAGE = "inspection-coverage", "Tỷ lệ đơn vị trực thuộc được kiểm tra CCHC"
    TARGETS_MET = "targets-met", "Tỷ lệ chỉ tiêu kế hoạch đạt"


class NodeFields(models.Model):
    """What a node of a framework says: shared by the loaded framework and the copy a campaign keeps (IDX-2)."""

    class Kind(models.TextChoices):
        AREA = "area", "Lĩnh vực"
        CRITERION = "criterion", "Tiêu chí"
        SUB_CRITERION = "sub-criterion", "Tiêu chí thành phần"
        BONUS = "bonus", "Điểm thưởng"
        PENALTY = "penalty", "Điểm trừ"

    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    code = models.CharField("mã", max_length=40)
    name = models.CharField("tên", max_length=500)
    area_code = models.CharField("lĩnh vực CCHC", max_length=40, blank=True)
    max_points = models.DecimalField("điểm tối đa", **POINTS)
    method = models.CharField("phương pháp", max_length=20, choices=Method.choices, blank=True)
    guidance = models.TextField("hướng dẫn chấm", blank=True)
    formula = models.TextField("công thức", blank=True)
    levels = models.JSONField("mức điểm", default=list, blank=True)  # [{"points": "1.5", "text": "…"}]
    evidence = models.TextField("tài liệu kiểm chứng", blank=True)
    binding = models.CharField("gợi ý điểm từ dữ liệu", max_length=40, choices=Binding.choices, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Node(NodeFields):
    """An area, criterion, sub-criterion, bonus or penalty item of a framework."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes", verbose_name="bộ tiêu chí")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="thuộc mục"
    )

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_framework_node_code"),
            models.CheckConstraint(condition=models.Q(max_points__gte=0), name="framework_node_points_not_negative"),
        ]
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"


class Campaign(models.Model):
    """IDX-2: a yearly assessment (đợt đánh giá) of one province: its frameworks (copied), agencies, deadlines, bands.

    One per province and year. The frameworks are copied into the campaign (CampaignFramework, CampaignNode), so
    that a later version of a framework never rescales a running campaign.
    """

    province = models.ForeignKey(
        "core.Province", on_delete=models.PROTECT, related_name="index_campaigns", verbose_name="tỉnh"
    )
    year = models.PositiveIntegerField("năm đánh giá")
    self_assessment_deadline = models.DateField("hạn tự đánh giá")
    appraisal_deadline = models.DateField("hạn thẩm định")
    explanation_deadline = models.DateField("hạn giải trình")
    publication_deadline = models.DateField("hạn công bố")
    bands = models.JSONField("mức xếp loại", default=list)  # [{"label": "Tốt", "min": "90"}, …] descending
    agencies = models.ManyToManyField("agencies.Agency", related_name="index_campaigns", verbose_name="cơ quan")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người mở",
    )
    opened_at = models.DateTimeField("mở lúc", auto_now_add=True)
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người công bố",
    )

    class Meta:
        ordering = ["province", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_index_campaign_per_year"),
            models.CheckConstraint(
                condition=models.Q(self_assessment_deadline__lte=models.F("appraisal_deadline"))
                & models.Q(appraisal_deadline__lte=models.F("explanation_deadline"))
                & models.Q(explanation_deadline__lte=models.F("publication_deadline")),
                name="index_campaign_deadlines_in_order",
            ),
        ]
        verbose_name = "đợt đánh giá Chỉ số CCHC"
        verbose_name_plural = "đợt đánh giá Chỉ số CCHC"

    def __str__(self) -> str:
        return f"Đợt đánh giá Chỉ số CCHC năm {self.year}"


class CampaignFramework(models.Model):
    """IDX-2: the framework a campaign uses for one agency kind: a copy of one loaded version."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="frameworks", verbose_name="đợt đánh giá"
    )
    agency_kind = models.CharField("loại cơ quan", max_length=30, choices=AgencyKind.choices)
    source = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="campaign_copies", verbose_name="bộ tiêu chí gốc"
    )
    code = models.CharField("mã", max_length=40)
    version = models.PositiveIntegerField("phiên bản")
    name = models.CharField("tên", max_length=300)
    max_points = models.DecimalField("điểm tối đa", **POINTS)

    class Meta:
        ordering = ["campaign", "agency_kind"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "agency_kind"], name="one_campaign_framework_per_kind")
        ]
        verbose_name = "bộ tiêu chí của đợt đánh giá"
        verbose_name_plural = "bộ tiêu chí của đợt đánh giá"

    def __str__(self) -> str:
        return f"{self.name} (phiên bản {self.version})"


class CampaignNode(NodeFields):
    """A node of a campaign's copy of a framework (IDX-2): what the campaign scores against."""

    framework = models.ForeignKey(
        CampaignFramework, on_delete=models.CASCADE, related_name="nodes", verbose_name="bộ tiêu chí của đợt"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="thuộc mục"
    )

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_campaign_node_code"),
            models.CheckConstraint(condition=models.Q(max_points__gte=0), name="campaign_node_points_not_negative"),
        ]
        verbose_name = "tiêu chí của đợt đánh giá"
        verbose_name_plural = "tiêu chí của đợt đánh giá"


# The score models live in their own file; Django finds models through this module.
from cchc.index.models_scores import (  # noqa: E402
    AppraisalState,
    Assessment,
    AssessmentStatus,
    EvidenceSource,
    Result,
    ResultCorrection,
    Score,
    ScoreEvent,
    ScoreEventKind,
    ScoreEvidence,
)

__all__ = [
    "POINTS",
    "AppraisalState",
    "Assessment",
    "AssessmentStatus",
    "Binding",
    "Campaign",
    "CampaignFramework",
    "CampaignNode",
    "EvidenceSource",
    "Framework",
    "Method",
    "Node",
    "NodeFields",
    "Result",
    "ResultCorrection",
    "Score",
    "ScoreEvent",
    "ScoreEventKind",
    "ScoreEvidence",
]

"""Plan, Objective, Target, TargetResult, Task, Milestone (PLAN-1, PLAN-2, PLAN-3)."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from cchc.agencies.models import Agency, AgencyGroup
from cchc.core.models import Province
from cchc.core.text import fold
from cchc.regulation.models import ReformArea, ReformProgramme


class PlanKind(models.TextChoices):
    PERIOD = "period", "Kế hoạch giai đoạn"
    ANNUAL = "annual", "Kế hoạch năm"
    AGENCY = "agency", "Kế hoạch của cơ quan, đơn vị"
    THEMATIC = "thematic", "Kế hoạch chuyên đề"


class ThematicType(models.TextChoices):
    """PLAN-8: thematic plans follow the same model."""

    IT = "it", "Ứng dụng công nghệ thông tin"
    ISO = "iso", "Áp dụng ISO 9001"
    INSPECTION = "inspection", "Kiểm tra công tác CCHC"
    COMMUNICATION = "communication", "Thông tin, tuyên truyền CCHC"
    INDEX = "index-improvement", "Cải thiện Chỉ số CCHC, SIPAS, PAPI"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    CONSULTATION = "consultation", "Đang lấy ý kiến"
    ISSUED = "issued", "Đã ban hành"
    ADJUSTED = "adjusted", "Đã điều chỉnh"
    CLOSED = "closed", "Đã kết thúc"


ONE_AGENCY_PLAN_PER_YEAR = "one_agency_plan_per_year"


class Plan(models.Model):
    """PLAN-1: a plan of a province, owned by the agency that prepares it."""

    province = models.ForeignKey(Province, verbose_name="tỉnh", on_delete=models.PROTECT, related_name="plans")
    owner = models.ForeignKey(
        Agency, verbose_name="cơ quan soạn thảo", on_delete=models.PROTECT, related_name="owned_plans"
    )
    kind = models.CharField("loại kế hoạch", max_length=20, choices=PlanKind.choices)
    thematic_type = models.CharField("chuyên đề", max_length=30, choices=ThematicType.choices, blank=True)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    title = models.CharField("tên kế hoạch", max_length=500)
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    signed_on = models.DateField("ngày ban hành", null=True, blank=True)
    decision = models.CharField("quyết định ban hành", max_length=200, blank=True)
    start_year = models.PositiveIntegerField("từ năm")
    end_year = models.PositiveIntegerField("đến năm")
    programme = models.ForeignKey(
        ReformProgramme, verbose_name="chương trình CCHC", on_delete=models.PROTECT, related_name="+"
    )
    requirements = models.TextField("yêu cầu", blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    based_on = models.ManyToManyField(
        "self", verbose_name="căn cứ kế hoạch", symmetrical=False, blank=True, related_name="derived_plans"
    )
    source = models.CharField("nguồn", max_length=300, blank=True)
    adjusting = models.BooleanField("đang điều chỉnh", default=False)
    # NĐ 30/2020: the signature block ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" and the signer's name), printed when set.
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("người ký", max_length=100, blank=True)
    # PLAN-1, U-3: a draft made by mistake is discarded, never deleted: hidden from lists, kept with its audit trail.
    discarded = models.BooleanField("đã hủy bỏ", default=False)
    # PLAN-7: the standing agency acknowledges receiving an agency's issued yearly plan (who, when, which agency).
    received_agency = models.ForeignKey(
        Agency, verbose_name="cơ quan tiếp nhận", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tiếp nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    receipt_note = models.CharField("ghi chú tiếp nhận", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic concurrency of edits

    class Meta:
        ordering = ["province", "-start_year", "kind", "title"]
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="plan_years_in_order"
            ),
            # SEC-5, PLAN-7: one yearly plan of its own per agency. Every status counts: "closed" means the year's
            # plan ran its course, not that it was withdrawn, and there is no cancelled plan.
            models.UniqueConstraint(
                fields=["owner", "start_year"],
                condition=models.Q(kind=PlanKind.AGENCY, discarded=False),
                name=ONE_AGENCY_PLAN_PER_YEAR,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years_label(self) -> str:
        return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year} - {self.end_year}"

    @property
    def is_agency_plan(self) -> bool:
        return self.kind == PlanKind.AGENCY

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def in_consultation(self) -> bool:
        return self.status == PlanStatus.CONSULTATION

    @property
    def is_issued(self) -> bool:
        """Issued, possibly adjusted since: the plan in force (PLAN-6)."""
        return self.status in (PlanStatus.ISSUED, PlanStatus.ADJUSTED)

    @property
    def has_source_document(self) -> bool:
        """The plan came from a document (the ingest): its `source`, or an ingested document linked to it."""
        return bool(self.source.strip()) or self.sources.exists()

    @property
    def is_editable(self) -> bool:
        """After issue, nothing is edited in place (PLAN-6): changes go through an adjustment."""
        if self.discarded:
            return False
        return self.status in (PlanStatus.DRAFT, PlanStatus.CONSULTATION) or self.adjusting

    @property
    def is_received(self) -> bool:
        """PLAN-7: the standing agency has acknowledged receiving this agency plan."""
        return self.received_at is not None

    @property
    def number_given(self) -> bool:
        """The number carries its figure ("12/KH-UBND"); "/QĐ-UBND" is the blank of a copy left unnumbered."""
        return any(ch.isdigit() for ch in self.number)

    @property
    def blank_copy(self) -> bool:
        """Recorded as issued from a copy that bears no number or no date (a document saved long after)."""
        return self.is_issued and not (self.number_given and self.signed_on)


class Objective(models.Model):
    """A qualitative aim (mục tiêu) of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField("mục tiêu")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = "mục tiêu"
        verbose_name_plural = "mục tiêu"

    def __str__(self) -> str:
        return self.text[:80]


class Measure(models.TextChoices):
    PERCENT = "percent", "Tỷ lệ (%)"
    COUNT = "count", "Số lượng"
    YES_NO = "yes-no", "Có / không"


COMPARISON_SIGNS = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<"}


class Comparison(models.TextChoices):
    AT_LEAST = ">=", "≥ (ít nhất, từ … trở lên)"
    MORE_THAN = ">", "> (trên, hơn)"
    EQUAL = "=", "= (đạt)"
    AT_MOST = "<=", "≤ (không quá)"
    LESS_THAN = "<", "< (dưới)"


def value_in_column(name: str) -> models.CheckConstraint:
    """SEC-3: a value within what its column holds (0 to 9,999,999,999.99). The services bound it by measure
    first; the database refuses the rest, NaN included on PostgreSQL, so no stored value can break a page."""
    return models.CheckConstraint(
        condition=models.Q(value__gte=0) & models.Q(value__lte=Decimal("9999999999.99")), name=name
    )


class Target(models.Model):
    """PLAN-3: a measurable aim (chỉ tiêu): "ít nhất 30% …" is percent, ≥, 30."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(
        ReformArea, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("chỉ tiêu")
    topic = models.ForeignKey(
        "regulation.Topic", verbose_name="nội dung", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    measure = models.CharField("đo bằng", max_length=20, choices=Measure.choices, default=Measure.PERCENT)
    comparison = models.CharField("so sánh", max_length=2, choices=Comparison.choices, default=Comparison.AT_LEAST)
    value = models.DecimalField("giá trị", max_digits=12, decimal_places=2, default=Decimal("100"))
    unit = models.CharField("đơn vị", max_length=40, blank=True, default="%")
    scope_agencies = models.ManyToManyField(Agency, verbose_name="áp dụng cho cơ quan", blank=True, related_name="+")
    scope_groups = models.ManyToManyField(AgencyGroup, verbose_name="áp dụng cho nhóm", blank=True, related_name="+")
    start_year = models.PositiveIntegerField("từ năm")
    end_year = models.PositiveIntegerField("đến năm")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        constraints = [value_in_column("target_value_in_column")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def sign(self) -> str:
        """U-1: the comparison as printed: "≥", "≤" (the stored code is ">=", "<=")."""
        return COMPARISON_SIGNS.get(self.comparison, self.comparison)


class TargetResult(models.Model):
    """A reported actual value of a target for a year (and an agency, or the whole province)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="results")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("năm")
    value = models.DecimalField("giá trị đạt được", max_digits=12, decimal_places=2)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target", "year", "-reported_at"]
        verbose_name = "kết quả chỉ tiêu"
        verbose_name_plural = "kết quả chỉ tiêu"
        constraints = [value_in_column("target_result_value_in_column")]

    def __str__(self) -> str:
        return f"{self.target}: {self.value} ({self.year})"


class Task(models.Model):
    """PLAN-2: one row of work: code as the document numbers it, products, one lead, coordinators, time."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField("TT", max_length=20, blank=True)
    title = models.TextField("nhiệm vụ")
    area = models.ForeignKey(
        ReformArea, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    products = models.JSONField("sản phẩm", default=list, blank=True)
    # REG-3: one lead: an agency, or a group whose every agency leads the work in its own house
    # ("Các sở, ban, ngành; UBND cấp huyện" chủ trì, Sở Tư pháp phối hợp).
    lead = models.ForeignKey(
        Agency,
        verbose_name="cơ quan chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    lead_group = models.ForeignKey(
        AgencyGroup,
        verbose_name="nhóm cơ quan chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    coordinator_agencies = models.ManyToManyField(
        Agency, verbose_name="cơ quan phối hợp", blank=True, related_name="coordinated_tasks"
    )
    coordinator_groups = models.ManyToManyField(
        AgencyGroup, verbose_name="nhóm cơ quan phối hợp", blank=True, related_name="coordinated_tasks"
    )
    time_text = models.TextField("thời gian hoàn thành", blank=True)
    owner_unit = models.CharField("người, bộ phận thực hiện", max_length=200, blank=True)
    search_text = models.TextField(editable=False, default="")
    source_task = models.ForeignKey(
        "self",
        verbose_name="nhiệm vụ của kế hoạch tỉnh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_tasks",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        indexes = [models.Index(fields=["plan", "order"]), models.Index(fields=["lead"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lead__isnull=True) ^ models.Q(lead_group__isnull=True), name="task_has_one_lead"
            )
        ]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:80]}" if self.code else self.title[:80]

    def save(self, *args, **kwargs):
        self.search_text = fold(" | ".join([self.code, self.title, *self.products, self.time_text]))
        super().save(*args, **kwargs)

    @property
    def lead_party(self):
        return self.lead or self.lead_group

    @property
    def lead_name(self) -> str:
        party = self.lead_party
        return party.name if party else ""

    @property
    def products_text(self) -> str:
        return "; ".join(self.products)


class Milestone(models.Model):
    """PLAN-2: a dated phase of a task; a phrase with no computable date keeps its text and has no due date
    until a person sets one."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    label = models.CharField("giai đoạn", max_length=200, blank=True)
    text = models.CharField("thời gian như văn bản ghi", max_length=300, blank=True)
    kind = models.CharField("loại thời hạn", max_length=20, blank=True)
    due = models.DateField("hạn", null=True, blank=True)
    set_by_person = models.BooleanField("do người dùng đặt", default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["task", "order", "id"]
        verbose_name = "mốc"
        verbose_name_plural = "mốc"

    def __str__(self) -> str:
        return f"{self.label or self.text}: {self.due:%d/%m/%Y}" if self.due else (self.label or self.text)


from cchc.plans.models_cycle import (  # noqa: E402,F401 - the cycle's models belong to this app
    ONE_CALL_PER_YEAR,
    CallRecipient,
    Comment,
    Consultation,
    GapExplanation,
    PlanVersion,
    Proposal,
    ProposalCall,
)

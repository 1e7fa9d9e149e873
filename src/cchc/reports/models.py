"""Report cycles, their template (sections, indicators), the agencies' submissions (RPT-1, RPT-2, RPT-3)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from cchc.agencies.models import Agency
from cchc.core.models import Province
from cchc.reports import calendar, consolidate

ONE_PERIODIC_CYCLE = "one_periodic_report_cycle"
ONE_VERSION_NUMBER = "one_report_version_number"
ONE_OPEN_DRAFT = "one_open_report_draft"
ONE_STANDING_SUBMISSION = "one_standing_report_submission"


class ReportSettings(models.Model):
    """RPT-1: what a province sets of its reporting calendar (the agencies' due date comes earlier than the
    province's deadline to the Ministry by this many days)."""

    province = models.OneToOneField(
        Province, verbose_name="tỉnh", on_delete=models.CASCADE, related_name="report_settings"
    )
    agency_lead_days = models.PositiveSmallIntegerField(
        "số ngày cơ quan gửi trước hạn của tỉnh",
        default=calendar.DEFAULT_LEAD_DAYS,
        validators=[MaxValueValidator(19)],
    )

    class Meta:
        verbose_name = "thiết lập báo cáo"
        verbose_name_plural = "thiết lập báo cáo"

    def __str__(self) -> str:
        return f"Thiết lập báo cáo: {self.province}"


class CycleKind(models.TextChoices):
    QUARTER_1 = calendar.QUARTER_1, "Quý I"
    HALF_YEAR = calendar.HALF_YEAR, "6 tháng"
    QUARTER_3 = calendar.QUARTER_3, "Quý III"
    YEAR = calendar.YEAR, "Năm"
    AD_HOC = calendar.AD_HOC, "Đột xuất"


class ReportCycle(models.Model):
    """RPT-1: one reporting round of a province: a period, a due date, the agencies in scope, a template."""

    class Status(models.TextChoices):
        OPEN = "open", "Đang nhận báo cáo"
        CONSOLIDATED = "consolidated", "Đã tổng hợp"

    province = models.ForeignKey(Province, verbose_name="tỉnh", on_delete=models.PROTECT, related_name="report_cycles")
    kind = models.CharField("kỳ báo cáo", max_length=10, choices=CycleKind.choices)
    year = models.PositiveIntegerField("năm")
    title = models.CharField("tên báo cáo", max_length=300)
    period_start = models.DateField("số liệu từ ngày")
    period_end = models.DateField("số liệu đến ngày")
    due_date = models.DateField("hạn gửi")
    agencies = models.ManyToManyField(Agency, verbose_name="cơ quan báo cáo", related_name="report_cycles")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người mở", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField("mở lúc", auto_now_add=True)
    consolidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tổng hợp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consolidated_at = models.DateTimeField("tổng hợp lúc", null=True, blank=True)

    class Meta:
        ordering = ["province", "-year", "-period_end", "-id"]
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        constraints = [
            # RPT-1: one cycle per periodic report and year; ad hoc reports as many as needed.
            models.UniqueConstraint(
                fields=["province", "kind", "year"], condition=~models.Q(kind="adhoc"), name=ONE_PERIODIC_CYCLE
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="report_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class IndicatorKind(models.TextChoices):
    NUMBER = "number", "Số"
    PERCENT = "percent", "Tỷ lệ (%) từ tử số và mẫu số"
    YES_NO = "yes-no", "Có / không"


class ReportSection(models.Model):
    """A section of the report's template: a heading and the agency's text under it."""

    cycle = models.ForeignKey(ReportCycle, verbose_name="kỳ báo cáo", on_delete=models.CASCADE, related_name="sections")
    code = models.CharField("mã", max_length=20)
    title = models.CharField("đề mục", max_length=300)
    guidance = models.CharField("hướng dẫn", max_length=500, blank=True)
    problems = models.BooleanField("mục nêu khó khăn, kiến nghị", default=False)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["cycle", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "code"], name="one_report_section_code")]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """A numeric indicator of the template and how it consolidates (RPT-3). A percentage names the number
    indicators that are its numerator and denominator; it is consolidated from them, never averaged."""

    cycle = models.ForeignKey(
        ReportCycle, verbose_name="kỳ báo cáo", on_delete=models.CASCADE, related_name="indicators"
    )
    section = models.ForeignKey(
        ReportSection, verbose_name="đề mục", on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField("mã", max_length=20)
    name = models.CharField("chỉ số", max_length=300)
    unit = models.CharField("đơn vị tính", max_length=40, blank=True)
    kind = models.CharField("loại", max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.NUMBER)
    rule = models.CharField(
        "cách tổng hợp",
        max_length=10,
        choices=list(consolidate.RULE_LABELS.items()),
        default=consolidate.SUM,
    )
    numerator = models.ForeignKey(
        "self", verbose_name="tử số", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name="mẫu số", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the system fills in from its own data when the agency's report opens (prefill.SOURCES).
    source = models.CharField("lấy từ dữ liệu", max_length=30, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["cycle", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "code"], name="one_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def is_percent(self) -> bool:
        return self.kind == IndicatorKind.PERCENT


class ReportSubmission(models.Model):
    """An agency's report in a cycle, one version at a time. A submitted version is never edited: Sở Nội vụ
    returns it, and the agency's revision is a new version (RPT-1, TANF-style immutable versions)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        SUBMITTED = "submitted", "Đã gửi"
        RETURNED = "returned", "Bị trả lại"

    cycle = models.ForeignKey(
        ReportCycle, verbose_name="kỳ báo cáo", on_delete=models.PROTECT, related_name="submissions"
    )
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField("lần gửi", default=1)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    values = models.JSONField("số liệu", default=dict, blank=True)  # indicator code -> text of a number, or ""
    texts = models.JSONField("nội dung", default=dict, blank=True)  # section code -> text
    area_texts = models.JSONField("nội dung lĩnh vực chủ trì", default=dict, blank=True)  # RPT-2: area code -> text
    prefill = models.JSONField("số liệu hệ thống", default=dict, blank=True)  # what the system knew (prefill.py)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người soạn", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    late = models.BooleanField("gửi muộn", default=False)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người trả lại",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_at = models.DateTimeField("trả lại lúc", null=True, blank=True)
    return_comment = models.CharField("lý do trả lại", max_length=1000, blank=True)

    class Meta:
        ordering = ["cycle", "agency__name", "version"]
        verbose_name = "báo cáo của cơ quan"
        verbose_name_plural = "báo cáo của cơ quan"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "agency", "version"], name=ONE_VERSION_NUMBER),
            # SEC-5: one draft at a time, and at most one submitted version standing (double submits don't double)
            models.UniqueConstraint(
                fields=["cycle", "agency"], condition=models.Q(status="draft"), name=ONE_OPEN_DRAFT
            ),
            models.UniqueConstraint(
                fields=["cycle", "agency"], condition=models.Q(status="submitted"), name=ONE_STANDING_SUBMISSION
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.agency}: {self.cycle} (lần {self.version})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

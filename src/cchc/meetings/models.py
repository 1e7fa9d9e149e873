"""COO-1 coordination activities, COO-2 the quarterly briefing and its conclusions, COO-3 the yearly review of the
regulation (an activity of its own kind, with its report)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cchc.agencies.models import Agency
from cchc.core.dates import quarter_name
from cchc.core.models import Province
from cchc.plans.models import Task
from cchc.regulation.models import Regulation


class ActivityKind(models.TextChoices):
    """COO-1: the forms of coordination (000 Đ5, 001 Đ2.2); COO-2, COO-3: the standing agency's own two."""

    MEETING = "meeting", "Họp, làm việc"
    WRITTEN_COMMENT = "written-comment", "Lấy ý kiến bằng văn bản"
    INFORMATION = "information", "Trao đổi, cung cấp thông tin"
    CONFERENCE = "conference", "Hội nghị, hội thảo"
    WORKING_GROUP = "working-group", "Tổ công tác, nhóm làm việc"
    FIELD_SURVEY = "field-survey", "Khảo sát thực tế"
    OTHER = "other", "Hình thức khác"
    BRIEFING = "briefing", "Giao ban CCHC hằng quý"
    REVIEW = "regulation-review", "Đánh giá việc thực hiện quy chế phối hợp"


# Scheduled by the standing agency from the regulation (COO-2, COO-3), not recorded freely by any host.
STANDING_KINDS = frozenset({ActivityKind.BRIEFING, ActivityKind.REVIEW})
ONE_BRIEFING_PER_QUARTER = "one_briefing_per_quarter"
ONE_REVIEW_PER_YEAR = "one_regulation_review_per_year"
ONE_ACTIVITY_PER_SUBMIT = "one_activity_per_submit"


class Activity(models.Model):
    province = models.ForeignKey(Province, verbose_name="tỉnh", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("hình thức", max_length=30, choices=ActivityKind.choices)
    title = models.CharField("nội dung", max_length=500)
    host = models.ForeignKey(Agency, verbose_name="cơ quan chủ trì", on_delete=models.PROTECT, related_name="+")
    participants = models.ManyToManyField(Agency, verbose_name="cơ quan tham gia", blank=True, related_name="+")
    held_on = models.DateField("ngày")
    place = models.CharField("địa điểm, cách thức", max_length=200, blank=True)
    agenda = models.TextField("chương trình, nội dung chính", max_length=4000, blank=True)
    # COO-1 outcome; COO-2 the minutes of the briefing; COO-3 the review's report.
    outcome = models.TextField("kết quả, biên bản", max_length=20000, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi kết quả",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome_at = models.DateTimeField("ghi kết quả lúc", null=True, blank=True)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    quarter = models.PositiveSmallIntegerField("quý", null=True, blank=True)
    regulation = models.ForeignKey(
        Regulation, verbose_name="theo quy chế", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invitation_note = models.CharField("căn cứ mời", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    submit_key = models.CharField("mã lần gửi biểu mẫu", max_length=40, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["province", "-held_on"])]
        constraints = [
            # COO-2, SEC-5: one briefing per quarter, COO-3: one review per year, whatever races.
            models.UniqueConstraint(
                fields=["province", "year", "quarter"], condition=Q(kind="briefing"), name=ONE_BRIEFING_PER_QUARTER
            ),
            models.UniqueConstraint(
                fields=["province", "year"], condition=Q(kind="regulation-review"), name=ONE_REVIEW_PER_YEAR
            ),
            models.UniqueConstraint(
                fields=["host", "submit_key"], condition=~Q(submit_key=""), name=ONE_ACTIVITY_PER_SUBMIT
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4), name="activity_quarter_1_to_4"
            ),
        ]
        verbose_name = "hoạt động phối hợp"
        verbose_name_plural = "hoạt động phối hợp"

    def __str__(self) -> str:
        return self.title[:120]

    @property
    def period_label(self) -> str:
        if self.kind == ActivityKind.BRIEFING and self.quarter and self.year:
            return f"{quarter_name(self.quarter)} năm {self.year}"
        if self.kind == ActivityKind.REVIEW and self.year:
            return f"Năm {self.year}"
        return ""

    @property
    def is_standing_kind(self) -> bool:
        return self.kind in STANDING_KINDS


class ActivityDocument(models.Model):
    """COO-1: a document of an activity (invitation, minutes, written comments, the review's report)."""

    activity = models.ForeignKey(
        Activity, verbose_name="hoạt động phối hợp", on_delete=models.CASCADE, related_name="documents"
    )
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày", null=True, blank=True)
    summary = models.CharField("trích yếu", max_length=500)
    file = models.FileField("tệp", upload_to="meetings/%Y/%m/", blank=True, max_length=300)
    file_name = models.CharField("tên tệp", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = "tài liệu hoạt động phối hợp"
        verbose_name_plural = "tài liệu hoạt động phối hợp"

    def __str__(self) -> str:
        return f"{self.number} {self.summary}".strip()


class Conclusion(models.Model):
    """COO-2: a conclusion of a briefing (or any activity): what, who leads it, by when; it may become a task."""

    activity = models.ForeignKey(
        Activity, verbose_name="hoạt động phối hợp", on_delete=models.CASCADE, related_name="conclusions"
    )
    text = models.TextField("kết luận", max_length=2000)
    lead = models.ForeignKey(
        Agency, verbose_name="cơ quan chủ trì", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField("thời hạn", null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    # SEC-5: a conclusion becomes one task at most (a one-to-one column: a second click cannot make another).
    task = models.OneToOneField(
        Task, verbose_name="nhiệm vụ", null=True, blank=True, on_delete=models.SET_NULL, related_name="conclusion"
    )
    tasked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người chuyển thành nhiệm vụ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tasked_at = models.DateTimeField("thành nhiệm vụ lúc", null=True, blank=True)

    class Meta:
        ordering = ["activity", "order", "id"]
        verbose_name = "kết luận"
        verbose_name_plural = "kết luận"

    def __str__(self) -> str:
        return self.text[:120]

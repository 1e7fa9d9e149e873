"""TRK-1, TRK-2: progress updates on the tasks of issued plans, their evidence documents, and cancellations.

An update is never edited: a new one supersedes it, so the history of a task is the list of its updates. An
update that reports the task done waits for the standing agency (Sở Nội vụ), which confirms it or returns it
with a comment; a returned update no longer counts for the status.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cchc.agencies.models import Agency
from cchc.plans.models import Task


class UpdateKind(models.TextChoices):
    LEAD = "lead", "Cơ quan chủ trì cập nhật"
    CONTRIBUTION = "contribution", "Cơ quan phối hợp đóng góp"


class Reported(models.TextChoices):
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"


class Review(models.TextChoices):
    NONE = "", "Không cần xác nhận"
    PENDING = "pending", "Chờ xác nhận"
    CONFIRMED = "confirmed", "Đã xác nhận"
    RETURNED = "returned", "Đã trả lại"


class ProgressUpdate(models.Model):
    """TRK-1: one report of progress on a task by its lead (or a contribution by a coordinator)."""

    task = models.ForeignKey(Task, verbose_name="nhiệm vụ", on_delete=models.PROTECT, related_name="updates")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại", max_length=20, choices=UpdateKind.choices, default=UpdateKind.LEAD)
    reported = models.CharField(
        "tình trạng báo cáo", max_length=20, choices=Reported.choices, default=Reported.IN_PROGRESS
    )
    percent = models.PositiveSmallIntegerField("tỷ lệ hoàn thành (%)", default=0)
    note = models.TextField("nội dung", max_length=4000, blank=True)
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người cập nhật", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    review = models.CharField("xác nhận", max_length=20, choices=Review.choices, blank=True, default=Review.NONE)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xác nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    review_comment = models.CharField("ý kiến khi trả lại", max_length=1000, blank=True)

    class Meta:
        ordering = ["task", "-created_at", "-id"]
        indexes = [models.Index(fields=["task", "kind", "-created_at"]), models.Index(fields=["agency", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="update_percent_at_most_100"),
            models.CheckConstraint(
                condition=~Q(reported="done") | Q(done_on__isnull=False), name="done_update_has_done_on"
            ),
        ]
        verbose_name = "cập nhật tiến độ"
        verbose_name_plural = "cập nhật tiến độ"

    def __str__(self) -> str:
        return f"{self.task}: {self.get_reported_display()} {self.percent}%"


class EvidenceDocument(models.Model):
    """TRK-1: a document that proves the progress: số/ký hiệu, date, issuer, summary, and the file if any."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name="cập nhật tiến độ", on_delete=models.CASCADE, related_name="evidence"
    )
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    summary = models.CharField("trích yếu", max_length=500)
    file = models.FileField("tệp", upload_to="evidence/%Y/%m/", blank=True, max_length=300)

    class Meta:
        ordering = ["update", "id"]
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"

    def __str__(self) -> str:
        return f"{self.number} {self.summary}".strip()


class TaskCancellation(models.Model):
    """TRK-2: a task the province no longer does (cancelled by an adjustment or by Sở Nội vụ), with the reason."""

    task = models.OneToOneField(Task, verbose_name="nhiệm vụ", on_delete=models.PROTECT, related_name="cancellation")
    reason = models.CharField("lý do", max_length=1000)
    cancelled_on = models.DateField("ngày hủy")
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người hủy", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "nhiệm vụ đã hủy"
        verbose_name_plural = "nhiệm vụ đã hủy"

    def __str__(self) -> str:
        return f"{self.task} ({self.reason})"


class ProblemKind(models.TextChoices):
    OBSTACLE = "obstacle", "Vướng mắc"
    ADJUSTMENT = "adjustment", "Đề nghị điều chỉnh"


class Problem(models.Model):
    """TRK-3: a problem (vướng mắc) or an adjustment request (đề nghị điều chỉnh) raised on a task by an agency
    involved in it; Sở Nội vụ answers it (and accepts or declines an adjustment request)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="problems")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan nêu", on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nêu", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField("loại", max_length=20, choices=ProblemKind.choices, default=ProblemKind.OBSTACLE)
    text = models.TextField("nội dung", max_length=4000)
    created_at = models.DateTimeField("nêu lúc", auto_now_add=True)
    answer = models.TextField("trả lời", max_length=4000, blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người trả lời",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted = models.BooleanField("chấp thuận điều chỉnh", null=True, blank=True)

    class Meta:
        ordering = ["task", "-created_at", "-id"]
        indexes = [models.Index(fields=["answered_at", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted__isnull=True) | Q(kind="adjustment"), name="only_adjustments_are_accepted"
            )
        ]
        verbose_name = "vướng mắc, đề nghị"
        verbose_name_plural = "vướng mắc, đề nghị"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

"""TRK-5: a document shared with chosen agencies and groups of a province, and whom it reached."""

from django.conf import settings
from django.db import models

from cchc.agencies.models import Agency, AgencyGroup
from cchc.core.models import Province
from cchc.core.text import fold


class DocumentKind(models.TextChoices):
    DECISION = "decision", "Quyết định, chỉ đạo"
    GUIDANCE = "guidance", "Hướng dẫn"
    LEGAL_UPDATE = "legal-update", "Văn bản pháp luật mới"
    REPORT = "report", "Báo cáo"
    INTERNAL_REGULATION = "internal-regulation", "Quy chế phối hợp nội bộ"  # COO-3 (002 Đ14)
    OTHER = "other", "Văn bản khác"


ONE_DOCUMENT_PER_SUBMIT = "one_shared_document_per_submit"


class SharedDocument(models.Model):
    """TRK-5: published once, never edited: who published it, to whom (as chosen and as resolved that day)."""

    province = models.ForeignKey(Province, verbose_name="tỉnh", on_delete=models.PROTECT, related_name="+")
    publisher = models.ForeignKey(
        Agency, verbose_name="cơ quan chia sẻ", on_delete=models.PROTECT, related_name="published_documents"
    )
    kind = models.CharField("loại văn bản", max_length=30, choices=DocumentKind.choices, default=DocumentKind.DECISION)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành")
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    title = models.CharField("trích yếu", max_length=500)
    summary = models.TextField("nội dung chính", max_length=4000, blank=True)
    file = models.FileField("tệp", upload_to="documents/%Y/%m/", blank=True, max_length=300)
    file_name = models.CharField("tên tệp", max_length=200, blank=True)
    recipient_agencies = models.ManyToManyField(Agency, verbose_name="gửi cơ quan", blank=True, related_name="+")
    recipient_groups = models.ManyToManyField(
        AgencyGroup, verbose_name="gửi nhóm cơ quan", blank=True, related_name="+"
    )
    # The agencies the document reached on the day it was published (groups resolved then, ORG-3): who reads it.
    delivered_to = models.ManyToManyField(
        Agency, verbose_name="các cơ quan nhận", blank=True, related_name="received_documents"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người chia sẻ", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("chia sẻ lúc", auto_now_add=True)
    submit_key = models.CharField("mã lần gửi biểu mẫu", max_length=40, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    number_key = models.CharField("số (không dấu)", max_length=60, editable=False, default="")
    issuer_key = models.CharField("cơ quan ban hành (không dấu)", max_length=200, editable=False, default="")

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["province", "-issued_on"])]
        constraints = [
            # SEC-5: the same form sent twice (a double click) publishes once.
            models.UniqueConstraint(
                fields=["publisher", "submit_key"], condition=~models.Q(submit_key=""), name=ONE_DOCUMENT_PER_SUBMIT
            )
        ]
        verbose_name = "văn bản chia sẻ"
        verbose_name_plural = "văn bản chia sẻ"

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}".strip()

    def save(self, *args, **kwargs):
        # U-1: searches ignore accents and case ("quyet dinh" finds "Quyết định").
        self.number_key = fold(self.number)[:60]
        self.issuer_key = fold(self.issuer)[:200]
        self.search_text = fold(" | ".join([self.number, self.issuer, self.title, self.summary, self.file_name]))
        super().save(*args, **kwargs)

"""An uploaded document and what was extracted from it, kept while a person reviews it and as evidence after."""

from django.conf import settings
from django.db import models

from cchc.core.models import Province


class IngestedDocument(models.Model):
    """U-6: the source document of a plan or regulation, its extracted structure, and the review's outcome.

    The extracted structure lives here between the upload and the save, so the review survives a reload and
    works behind several application processes."""

    class Status(models.TextChoices):
        REVIEW = "review", "Đang rà soát"
        SAVED = "saved", "Đã lưu"
        DISCARDED = "discarded", "Đã bỏ"

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="ingested_documents")
    name = models.CharField("tên tệp", max_length=255)
    file = models.FileField("tệp gốc", upload_to="documents/%Y/%m/")
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField("loại văn bản", max_length=20)  # plan | regulation
    extracted = models.JSONField(default=dict)
    # The review in progress (U-6): {"dropped": {"tasks": [indexes], "targets": [...], "responsibilities": [...]}},
    # kept between the pages of a long review until the save.
    review_state = models.JSONField("trạng thái rà soát", default=dict, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.REVIEW)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="sources")
    regulation = models.ForeignKey(
        "regulation.Regulation", null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "văn bản nhập"
        verbose_name_plural = "văn bản nhập"

    def __str__(self) -> str:
        return self.name

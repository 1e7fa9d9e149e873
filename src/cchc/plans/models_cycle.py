"""The yearly planning cycle (PLAN-4, PLAN-5), versions (PLAN-6) and explained gaps (PLAN-7)."""

from django.conf import settings
from django.db import models

from cchc.agencies.models import Agency, AgencyGroup
from cchc.core.models import Province
from cchc.plans.models import Plan
from cchc.regulation.models import ReformArea

ONE_CALL_PER_YEAR = "one_call_per_year"


class ProposalCall(models.Model):
    """PLAN-4: Sở Nội vụ asks the agencies the regulation names for proposed tasks of next year's plan."""

    class Status(models.TextChoices):
        OPEN = "open", "Đang nhận đề xuất"
        CONSOLIDATED = "consolidated", "Đã tổng hợp vào dự thảo"

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="proposal_calls")
    year = models.PositiveIntegerField("kế hoạch năm")
    deadline = models.DateField("hạn gửi đề xuất")
    deadline_article = models.CharField("căn cứ", max_length=60, blank=True)
    message = models.TextField("nội dung đề nghị", blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    draft_plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year"]
        # SEC-5, PLAN-4: one call per province and year. The rule is wider than "one open call": a consolidated call
        # has made the year's draft, and a second call would make a second draft of the same plan.
        constraints = [models.UniqueConstraint(fields=["province", "year"], name=ONE_CALL_PER_YEAR)]
        verbose_name = "đợt đề xuất nhiệm vụ"
        verbose_name_plural = "đợt đề xuất nhiệm vụ"

    def __str__(self) -> str:
        return f"Đề xuất nhiệm vụ CCHC năm {self.year}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CallRecipient(models.Model):
    """An agency asked by a call; Sở Nội vụ may reopen it after the deadline."""

    call = models.ForeignKey(ProposalCall, on_delete=models.CASCADE, related_name="recipients")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    article = models.CharField("căn cứ", max_length=60, blank=True)
    reopened_until = models.DateField("được gửi muộn đến ngày", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "agency"], name="one_recipient_per_call")]
        ordering = ["agency__name"]

    def __str__(self) -> str:
        return f"{self.call}: {self.agency}"


class Proposal(models.Model):
    """A proposed task; submitted proposals are never deleted, only withdrawn or rejected."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Đã gửi"
        ACCEPTED = "accepted", "Được tiếp nhận"
        REJECTED = "rejected", "Không tiếp nhận"
        WITHDRAWN = "withdrawn", "Đã rút"

    call = models.ForeignKey(ProposalCall, on_delete=models.CASCADE, related_name="proposals")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan đề xuất", on_delete=models.PROTECT, related_name="+")
    title = models.TextField("nhiệm vụ đề xuất")
    area = models.ForeignKey(
        ReformArea, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    products = models.JSONField("sản phẩm", default=list, blank=True)
    lead = models.ForeignKey(Agency, verbose_name="cơ quan chủ trì đề xuất", on_delete=models.PROTECT, related_name="+")
    # REG-3: coordinators are named like a task's (agencies and groups), never the lead; they become the task's
    # coordinators when the proposal is consolidated. coordinators_text is what older proposals typed by hand.
    coordinator_agencies = models.ManyToManyField(Agency, verbose_name="cơ quan phối hợp", blank=True, related_name="+")
    coordinator_groups = models.ManyToManyField(
        AgencyGroup, verbose_name="nhóm cơ quan phối hợp", blank=True, related_name="+"
    )
    coordinators_text = models.CharField("cơ quan phối hợp (ghi chú)", max_length=300, blank=True)
    time_text = models.CharField("thời gian hoàn thành", max_length=300, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decision_note = models.CharField("ý kiến của cơ quan thường trực", max_length=500, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    task = models.ForeignKey("plans.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["call", "agency__name", "submitted_at"]
        verbose_name = "đề xuất nhiệm vụ"
        verbose_name_plural = "đề xuất nhiệm vụ"

    def __str__(self) -> str:
        return self.title[:80]


class Consultation(models.Model):
    """PLAN-5: a draft sent for written comments to the agencies the regulation names, by a deadline."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultations")
    deadline = models.DateField("hạn góp ý")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    agencies = models.ManyToManyField(Agency, verbose_name="cơ quan được lấy ý kiến", related_name="consultations")

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "đợt lấy ý kiến"
        verbose_name_plural = "đợt lấy ý kiến"

    def __str__(self) -> str:
        return f"Lấy ý kiến: {self.plan}"


class Comment(models.Model):
    """A written comment on a draft, and the standing agency's answer: accepted or explained."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", "Tiếp thu"
        EXPLAINED = "explained", "Giải trình"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("ý kiến")
    task = models.ForeignKey(
        "plans.Task",
        verbose_name="nhiệm vụ được góp ý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField("trả lời", max_length=20, choices=Answer.choices, blank=True)
    answer_text = models.TextField("nội dung tiếp thu, giải trình", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "created_at"]
        verbose_name = "ý kiến góp ý"
        verbose_name_plural = "ý kiến góp ý"

    def __str__(self) -> str:
        return f"{self.agency}: {self.text[:60]}"


class PlanVersion(models.Model):
    """PLAN-6: the plan as issued (version 1) and after each adjustment, with reason and decision."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("lần")
    reason = models.TextField("lý do", blank=True)
    decision = models.CharField("quyết định", max_length=200, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    snapshot = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version")]
        verbose_name = "phiên bản kế hoạch"
        verbose_name_plural = "phiên bản kế hoạch"

    def __str__(self) -> str:
        return f"{self.plan} — lần {self.number}"


class GapExplanation(models.Model):
    """PLAN-7: an agency explains a gap the alignment check found instead of fixing it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="gap_explanations")
    gap_key = models.CharField(max_length=120)
    text = models.TextField("giải trình")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "gap_key"], name="one_explanation_per_gap")]

    def __str__(self) -> str:
        return self.text[:80]

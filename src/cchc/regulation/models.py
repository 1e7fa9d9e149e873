"""Reform programmes and areas, topics, Regulation and Responsibility (REG-1)."""

import datetime as dt

from django.db import models

from cchc.agencies.models import Agency, AgencyGroup, AgencyKind
from cchc.core.models import Province


class ReformProgramme(models.Model):
    """A national reform programme (NQ 30c/NQ-CP 2011–2020, NQ 76/NQ-CP 2021–2030) and its areas."""

    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=300)
    decision = models.CharField("văn bản", max_length=300, blank=True)
    start_year = models.PositiveIntegerField("từ năm")
    end_year = models.PositiveIntegerField("đến năm")

    class Meta:
        ordering = ["start_year"]
        verbose_name = "chương trình CCHC"
        verbose_name_plural = "chương trình CCHC"

    def __str__(self) -> str:
        return f"{self.name} ({self.decision})" if self.decision else self.name


class ReformArea(models.Model):
    """A reform area (lĩnh vực CCHC) of a programme. The code is stable across programmes."""

    programme = models.ForeignKey(ReformProgramme, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField("mã", max_length=40)
    name = models.CharField("tên", max_length=300)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["programme", "order"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_area_code")]
        verbose_name = "lĩnh vực CCHC"
        verbose_name_plural = "lĩnh vực CCHC"

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A topic (nội dung) that a regulation assigns: part of an area, or a coordination duty (no area)."""

    code = models.CharField("mã", max_length=60, unique=True)
    name = models.CharField("tên", max_length=300)
    area_code = models.CharField("thuộc lĩnh vực", max_length=40, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "nội dung phối hợp"
        verbose_name_plural = "nội dung phối hợp"

    def __str__(self) -> str:
        return self.name

    @property
    def is_duty(self) -> bool:
        return not self.area_code


class MeetingCadence(models.TextChoices):
    QUARTERLY = "quarterly", "Hằng quý"
    SIX_MONTHLY = "six-monthly", "6 tháng một lần"
    YEARLY = "yearly", "Hằng năm"
    NONE = "none", "Không quy định"


class Regulation(models.Model):
    """REG-1: a coordination regulation of a province. REG-2: one is in force at a time."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        ISSUED = "issued", "Đã ban hành"

    class Kind(models.TextChoices):
        """U-3: an issued regulation is never changed in place; it is superseded by one of these."""

        NEW = "new", "Quy chế mới"
        AMENDMENT = "amendment", "Sửa đổi, bổ sung"
        CORRECTION = "correction", "Đính chính"

    province = models.ForeignKey(Province, verbose_name="tỉnh", on_delete=models.PROTECT, related_name="regulations")
    programme = models.ForeignKey(
        ReformProgramme, verbose_name="chương trình CCHC", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    title = models.CharField("trích yếu", max_length=500)
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    signed_on = models.DateField("ngày ký")
    effective_from = models.DateField("ngày có hiệu lực")
    effective_to = models.DateField("hết hiệu lực từ ngày", null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name="thay thế quy chế",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField("loại văn bản", max_length=20, choices=Kind.choices, default=Kind.NEW)
    reason = models.TextField("lý do sửa đổi, đính chính", blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name="soạn từ quy chế",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    standing_agency = models.ForeignKey(
        Agency, verbose_name="cơ quan thường trực", on_delete=models.PROTECT, related_name="+", null=True
    )
    standing_article = models.CharField("điều khoản (thường trực)", max_length=40, blank=True)
    proposal_deadline_day = models.PositiveSmallIntegerField("hạn đề xuất (ngày)", null=True, blank=True)
    proposal_deadline_month = models.PositiveSmallIntegerField("hạn đề xuất (tháng)", null=True, blank=True)
    proposal_deadline_article = models.CharField("điều khoản (hạn đề xuất)", max_length=40, blank=True)
    meeting_cadence = models.CharField(
        "định kỳ giao ban", max_length=20, choices=MeetingCadence.choices, default=MeetingCadence.NONE
    )
    meeting_article = models.CharField("điều khoản (giao ban)", max_length=40, blank=True)
    has_text = models.BooleanField("có nội dung trong hệ thống", default=True)
    source = models.CharField("nguồn", max_length=300, blank=True)
    note = models.TextField("ghi chú", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["province", "-effective_from"]
        verbose_name = "quy chế phối hợp"
        verbose_name_plural = "quy chế phối hợp"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gt=models.F("effective_from")),
                name="regulation_ends_after_it_starts",
            ),
            # REG-2, SEC-5: one open-ended issued regulation per province and programme, whatever races.
            models.UniqueConstraint(
                fields=["province", "programme"],
                condition=models.Q(status="issued", effective_to__isnull=True),
                name="one_open_regulation_per_programme",
            ),
        ]

    def __str__(self) -> str:
        number = self.number or "(chưa có số)"
        return f"Quy chế {number} ngày {self.signed_on:%d/%m/%Y}"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def needs_reason(self) -> bool:
        return self.kind in {self.Kind.AMENDMENT, self.Kind.CORRECTION}

    def is_in_force_on(self, on: dt.date) -> bool:
        """REG-2, ORG-5: issued, its effect covers the date, and its province still existed (a province's
        regulation ends with the province)."""
        ended = self.province.valid_to is not None and on > self.province.valid_to
        return (
            self.is_issued
            and not ended
            and self.effective_from <= on
            and (self.effective_to is None or on < self.effective_to)
        )

    @property
    def ended_with_province(self) -> bool:
        """ORG-5: an issued regulation whose province merged into another (it applied until the province's last
        day)."""
        return self.is_issued and self.province.valid_to is not None

    @property
    def proposal_deadline(self) -> tuple[int, int] | None:
        if self.proposal_deadline_day and self.proposal_deadline_month:
            return self.proposal_deadline_day, self.proposal_deadline_month
        return None


# The header of a regulation that a person (or the ingest: "source") sets on a draft, in the form's order.
HEADER_FIELD_ORDER = (
    "programme",
    "number",
    "title",
    "issuer",
    "signed_on",
    "effective_from",
    "standing_agency",
    "standing_article",
    "proposal_deadline_day",
    "proposal_deadline_month",
    "proposal_deadline_article",
    "meeting_cadence",
    "meeting_article",
    "note",
    "source",
    "reason",
)


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", "Chủ trì"
    APPRAISE = "appraise", "Thẩm định chỉ số"
    CO_APPRAISE = "co-appraise", "Phối hợp thẩm định đề án"
    COORDINATE = "coordinate", "Phối hợp"


ROLE_SHORT = {"lead": "CT", "appraise": "TĐ", "co-appraise": "TĐĐA", "coordinate": "PH"}


class AssessedScope(models.TextChoices):
    """IDX-4: which assessed agencies an appraisal row concerns, among those of the kinds it names (if any)."""

    ALL = "all", "Mọi cơ quan được đánh giá"
    SUBORDINATES = "subordinates", "Các cơ quan trực thuộc: mỗi cơ quan được giao thẩm định cấp dưới của mình"


class Responsibility(models.Model):
    """REG-1: for an area or topic, an agency or group takes a role, as an article of the regulation says."""

    regulation = models.ForeignKey(
        Regulation, verbose_name="quy chế", on_delete=models.CASCADE, related_name="responsibilities"
    )
    area = models.ForeignKey(
        ReformArea, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.ForeignKey(
        Topic, verbose_name="nội dung", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("vai trò", max_length=20, choices=ResponsibilityRole.choices)
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        AgencyGroup,
        verbose_name="nhóm cơ quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    article = models.CharField("điều khoản", max_length=40, blank=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    # IDX-4: an appraisal row may concern only the assessed agencies of some kinds (empty: every kind), and only
    # those under the named agency (each member of a named group appraises the agencies whose parent it is).
    assessed_kinds = models.JSONField("đối với cơ quan được đánh giá loại", default=list, blank=True)
    assessed_scope = models.CharField(
        "phạm vi cơ quan được đánh giá", max_length=20, choices=AssessedScope.choices, default=AssessedScope.ALL
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = "trách nhiệm"
        verbose_name_plural = "trách nhiệm"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(area__isnull=True) ^ models.Q(topic__isnull=True)),
                name="responsibility_has_area_or_topic",
            ),
            models.CheckConstraint(
                condition=(models.Q(agency__isnull=True) ^ models.Q(group__isnull=True)),
                name="responsibility_has_agency_or_group",
            ),
            # REG-3: one lead per area or topic of a regulation.
            models.UniqueConstraint(
                fields=["regulation", "area"],
                condition=models.Q(role="lead", area__isnull=False),
                name="one_lead_per_area",
            ),
            models.UniqueConstraint(
                fields=["regulation", "topic"],
                condition=models.Q(role="lead", topic__isnull=False),
                name="one_lead_per_topic",
            ),
        ]

    def __str__(self) -> str:
        scope = f" [{self.scope_label}]" if self.is_scoped else ""
        return f"{self.subject}: {self.get_role_display()} — {self.party}{scope} ({self.article})"

    @property
    def subject(self):
        return self.area or self.topic

    @property
    def role_short(self) -> str:
        """The matrix writes roles short: CT chủ trì, TĐ thẩm định, TĐĐA thẩm định đề án, PH phối hợp."""
        return ROLE_SHORT[self.role]

    @property
    def subject_code(self) -> str:
        return self.area.code if self.area_id else self.topic.code

    @property
    def party(self):
        return self.agency or self.group

    @property
    def is_scoped(self) -> bool:
        """IDX-4: the row concerns only some of the assessed agencies."""
        return bool(self.assessed_kinds) or self.assessed_scope == AssessedScope.SUBORDINATES

    @property
    def scope_label(self) -> str:
        """IDX-4: whom the row concerns, in words ("" for every assessed agency)."""
        return scope_label(self.assessed_kinds, self.assessed_scope)


def scope_label(kinds, scope: str) -> str:
    """IDX-4: "đối với UBND cấp xã, mỗi cơ quan đối với các cơ quan trực thuộc" and the like ("" for all)."""
    labels = dict(AgencyKind.choices)
    parts = []
    if kinds:
        parts.append("đối với " + ", ".join(labels.get(kind, kind) for kind in kinds))
    if scope == AssessedScope.SUBORDINATES:
        parts.append("mỗi cơ quan đối với các cơ quan trực thuộc mình")
    return "; ".join(parts)


NO_SUCCESSOR_LABEL = "không có cơ quan kế thừa"


class Replacement(models.Model):
    """ORG-5, REG-2: a name of a predecessor province's regulation that a draft of the successor province replaced
    (or could not replace), kept for a person to check before issuing. Names are stored as written then."""

    class Outcome(models.TextChoices):
        REPLACED = "replaced", "Đã thay bằng cơ quan kế thừa"
        NO_SUCCESSOR = "no-successor", "Không có cơ quan kế thừa: cần chọn"
        MERGED = "merged", "Trùng với trách nhiệm khác sau khi thay: không chép"

    regulation = models.ForeignKey(
        Regulation, verbose_name="dự thảo", on_delete=models.CASCADE, related_name="replacements"
    )
    subject = models.CharField("lĩnh vực, nội dung", max_length=300)
    role = models.CharField("vai trò", max_length=60, blank=True)
    article = models.CharField("điều khoản", max_length=40, blank=True)
    before = models.CharField("tên trong quy chế cũ", max_length=300)
    after = models.CharField("thay bằng", max_length=300, blank=True)
    outcome = models.CharField("kết quả", max_length=20, choices=Outcome.choices)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = "thay thế khi chuyển quy chế"
        verbose_name_plural = "thay thế khi chuyển quy chế"

    def __str__(self) -> str:
        return f"{self.before} → {self.after_label} ({self.article or self.subject})"

    @property
    def needs_choice(self) -> bool:
        return self.outcome == self.Outcome.NO_SUCCESSOR

    @property
    def after_label(self) -> str:
        return self.after or NO_SUCCESSOR_LABEL

"""Province, the audit trail, and province administrators."""

import datetime as dt

from django.conf import settings
from django.db import models

from cchc.core.text import fold

# How a message names the standing agency of a province that has not recorded one.
STANDING_ROLE = "cơ quan thường trực CCHC"


class Province(models.Model):
    """The top scope of all data (ORG-1). Nobody sees another province's data (ORG-4). A province merged into
    another records its last day and its successor (ORG-5): the successor in the system, or only its name."""

    class Kind(models.TextChoices):
        PROVINCE = "tỉnh", "Tỉnh"
        CITY = "thành phố", "Thành phố trực thuộc Trung ương"

    name = models.CharField("tên", max_length=120, unique=True)
    slug = models.SlugField("mã", max_length=120, unique=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.PROVINCE)
    note = models.TextField("ghi chú", blank=True)
    # Before any regulation names one, the province designates its standing agency for CCHC.
    standing_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="cơ quan thường trực CCHC",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    valid_to = models.DateField("hoạt động đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="hợp nhất vào",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # The successor's name as the province file writes it, while that province is not in the system.
    successor_name = models.CharField("hợp nhất vào (tên)", max_length=120, blank=True)
    search_text = models.CharField(max_length=300, editable=False, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.kind} {self.name}")
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        """ "Tỉnh Khánh Hòa", "Thành phố Đà Nẵng" (the kind's label says "trực thuộc Trung ương"; a title does not)."""
        word = {self.Kind.PROVINCE: "Tỉnh", self.Kind.CITY: "Thành phố"}.get(self.kind, "")
        return f"{word} {self.name}" if word else self.name

    @property
    def standing_name(self) -> str:
        """The standing agency's name as the province records it, for messages and pages (never a name written in
        code); the role's name while none is recorded."""
        return self.standing_agency.name if self.standing_agency_id else STANDING_ROLE

    @property
    def merged_on(self) -> dt.date | None:
        """ORG-5: the first day the successor holds this province's work (the day after its last day)."""
        return self.valid_to + dt.timedelta(days=1) if self.valid_to else None

    def answers_to(self, written: str) -> bool:
        """Whether a name written in a file means this province: "Quảng Nam", "Tỉnh Quảng Nam", "thành phố Đà
        Nẵng", its full title or its slug (accents and case ignored)."""
        folded = fold(written)
        return bool(folded) and folded in {
            fold(self.name),
            fold(self.title),
            fold(f"{self.kind} {self.name}"),
            self.slug,
        }


class ProvinceAdministrator(models.Model):
    """A person who manages the accounts and memberships of one province."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="administered")
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="administrators")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "province"], name="unique_province_admin")]
        verbose_name = "quản trị viên tỉnh"
        verbose_name_plural = "quản trị viên tỉnh"

    def __str__(self) -> str:
        return f"{self.user} — {self.province}"


class AuditEntry(models.Model):
    """U-3: who changed which record, when, and the field values before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Sửa"
        ISSUE = "issue", "Ban hành"
        END = "end", "Chấm dứt"
        ADD = "add", "Thêm"
        REMOVE = "remove", "Gỡ bỏ"
        LOAD = "load", "Nạp từ tệp"
        REMIND = "remind", "Nhắc nhở"

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=40)
    record_label = models.CharField(max_length=300)
    action = models.CharField(max_length=20, choices=Action.choices)
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id", "-at"])]
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.record_label}"


class Notification(models.Model):
    """A message to a person in the app (and by e-mail): a call for proposals, a draft to comment on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    message = models.CharField("nội dung", max_length=500)
    link = models.CharField("đường dẫn", max_length=300, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"

    def __str__(self) -> str:
        return self.message


class NotificationSetting(models.Model):
    """TRK-4: a person's choice of how to be told: in the app always, by e-mail when `email` is on (the default)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_setting")
    email = models.BooleanField("nhận thư điện tử", default=True)

    class Meta:
        verbose_name = "cách nhận thông báo"
        verbose_name_plural = "cách nhận thông báo"

    def __str__(self) -> str:
        return f"{self.user}: {'có' if self.email else 'không'} nhận thư điện tử"


class ReminderKind(models.TextChoices):
    BEFORE_7 = "before_7", "Trước hạn 7 ngày"
    BEFORE_1 = "before_1", "Trước hạn 1 ngày"
    OVERDUE = "overdue", "Quá hạn"
    MANUAL = "manual", "Nhắc nhở của cơ quan thường trực"


class ReminderLog(models.Model):
    """TRK-4: one reminder sent to one person, written BEFORE it is sent: the unique key (recipient, object,
    milestone, kind, slot) makes "never twice" a database fact, so two overlapping runs cannot both send.

    `object_key` names what is reminded of ("task:12"); `milestone_id` the milestone (0: none, a manual reminder);
    `slot` is empty for the automatic reminders (one per kind, ever) and the minute of a manual one (a double
    click is not doubled; a new reminder later is allowed)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_key = models.CharField("đối tượng", max_length=60)
    milestone_id = models.PositiveBigIntegerField("mốc", default=0)
    kind = models.CharField("loại", max_length=20, choices=ReminderKind.choices)
    slot = models.CharField("lượt", max_length=40, blank=True, default="")
    due = models.DateField("hạn", null=True, blank=True)
    sent_at = models.DateTimeField("gửi lúc", db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "object_key", "milestone_id", "kind", "slot"], name="reminder_sent_once"
            )
        ]
        indexes = [models.Index(fields=["object_key", "kind", "-sent_at"])]
        verbose_name = "nhắc việc đã gửi"
        verbose_name_plural = "nhắc việc đã gửi"

    def __str__(self) -> str:
        return f"{self.object_key} {self.get_kind_display()} → {self.recipient}"

"""U-3: every write leaves an audit entry that a person can read: who, when, what before and after.

Services call `snapshot` before and after a change and `record` in the same transaction as the change: the entry
is the act as a person reads it ("Ban hành", "Thay thế"). Under it, django-auditlog logs every row written, even
by a service that forgets `record` (see cchc.core.auditing); `record` names its actor as the actor of the rows
this transaction wrote without one (a command, a test, an API call authenticated by token).
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from cchc.core import auditing
from cchc.core.models import AuditEntry

# Technical fields a person does not read: derived, counters, hashes, the parser's working copy.
_SKIPPED_FIELDS = {"id", "search_text", "version", "sha256", "extracted", "snapshot", "key_hash", "password"}

# U-3: the Vietnamese label of a field that its model leaves unnamed (Django would show the English field name).
FIELD_LABELS = {
    "agency": "cơ quan",
    "answered_at": "trả lời lúc",
    "answered_by": "người trả lời",
    "author": "người viết",
    "call": "đợt đề xuất",
    "consultation": "đợt lấy ý kiến",
    "created_at": "tạo lúc",
    "created_by": "người tạo",
    "draft_plan": "dự thảo kế hoạch",
    "gap_key": "chênh lệch",
    "opened_at": "mở lúc",
    "opened_by": "người mở",
    "order": "thứ tự",
    "plan": "kế hoạch",
    "programme": "chương trình CCHC",
    "province": "tỉnh",
    "regulation": "quy chế",
    "reported_at": "báo cáo lúc",
    "reported_by": "người báo cáo",
    "sent_at": "gửi lúc",
    "sent_by": "người gửi",
    "submitted_at": "gửi lúc",
    "submitted_by": "người gửi",
    "target": "chỉ tiêu",
    "task": "nhiệm vụ",
    "uploaded_at": "tải lên lúc",
    "uploaded_by": "người tải lên",
    "user": "người dùng",
}
# Entries written before a label existed carry Django's default (the field name with spaces).
_DEFAULT_LABELS = {name.replace("_", " "): label for name, label in FIELD_LABELS.items()}


def label(field: models.Field) -> str:
    """A field's name as a person reads it: its verbose_name, or the Vietnamese label kept here."""
    name = str(field.verbose_name)
    if name == field.name.replace("_", " "):
        return FIELD_LABELS.get(field.name, name)
    return name


def person(user) -> str:
    """A person as people read them: the full name; the username only when the account has no name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _is_user_field(field: models.Field) -> bool:
    related = field.related_model if field.is_relation else None
    return related is not None and related._meta.label == settings.AUTH_USER_MODEL


def _display(obj: models.Model, field: models.Field) -> str:
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.name)
    if value is None or value == "":
        return ""
    if _is_user_field(field):
        return person(value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, dict)):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def snapshot(obj: models.Model | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The record's fields as a person reads them, keyed by their Vietnamese names."""
    if obj is None:
        return {}
    values = {
        label(field): _display(obj, field)
        for field in obj._meta.concrete_fields
        if field.name not in _SKIPPED_FIELDS and not field.name.endswith("_ptr")
    }
    values.update(extra or {})
    return values


def record(
    *,
    actor,
    obj: models.Model,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    province=None,
    summary: str = "",
) -> AuditEntry:
    auditing.attribute(actor)
    entry = _entry(actor, obj, action, province, summary, before=before, after=after)
    entry.save()
    return entry


def _entry(actor, obj: models.Model, action: str, province, summary: str, *, before=None, after=None) -> AuditEntry:
    return AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        province=province,
        record_type=obj._meta.label_lower,
        record_id=str(obj.pk),
        record_label=str(obj)[:300],
        action=action,
        summary=summary[:300],
        before=before or {},
        after=after or {},
    )


def record_many(*, actor, obj: models.Model, action: str, province=None, added: list[tuple[dict, str]]) -> None:
    """Entries of one kind on one record written at once: (after, summary) each (the tasks of an imported plan)."""
    auditing.attribute(actor)
    AuditEntry.objects.bulk_create(
        _entry(actor, obj, action, province, summary, after=after) for after, summary in added
    )


def changed_fields(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field whose value differs."""
    keys = list(dict.fromkeys([*entry.before.keys(), *entry.after.keys()]))
    return [
        (_DEFAULT_LABELS.get(key, key), entry.before.get(key, ""), entry.after.get(key, ""))
        for key in keys
        if entry.before.get(key, "") != entry.after.get(key, "")
    ]


def trail(*objects: models.Model):
    """The audit entries of these records, newest first."""
    query = models.Q(pk__in=[])
    for obj in objects:
        query |= models.Q(record_type=obj._meta.label_lower, record_id=str(obj.pk))
    return AuditEntry.objects.filter(query).select_related("actor")

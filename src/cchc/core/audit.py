"""U-3: every write leaves an audit entry that a person can read: who, when, what before and after.

Services call `snapshot` before and after a change and `record` in the same transaction as the change: the entry
is the act as a person reads it ("Ban hành", "Thay thế"). Under it, django-auditlog logs every row written, even
by a service that forgets `record` (see cchc.core.auditing); `record` names its actor as the actor of the rows
this transaction wrote without one (a command, a test, an API call authenticated by token).
"""

import datetime as dt
from decimal import Decimal

from django.db import models

from cchc.core import auditing
from cchc.core.models import AuditEntry

_SKIPPED_FIELDS = {"id", "search_text", "version"}


def _display(obj: models.Model, field: models.Field) -> str:
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.name)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
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
        str(field.verbose_name): _display(obj, field)
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
    return AuditEntry.objects.create(
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


def changed_fields(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field whose value differs."""
    keys = list(dict.fromkeys([*entry.before.keys(), *entry.after.keys()]))
    return [
        (key, entry.before.get(key, ""), entry.after.get(key, ""))
        for key in keys
        if entry.before.get(key, "") != entry.after.get(key, "")
    ]


def trail(*objects: models.Model):
    """The audit entries of these records, newest first."""
    query = models.Q(pk__in=[])
    for obj in objects:
        query |= models.Q(record_type=obj._meta.label_lower, record_id=str(obj.pk))
    return AuditEntry.objects.filter(query).select_related("actor")

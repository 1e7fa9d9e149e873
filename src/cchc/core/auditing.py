"""U-3, SEC-2: audit by default. Every model of the cchc apps is registered with django-auditlog, so that each
save, delete and many-to-many change writes a LogEntry in the same transaction, whether or not the service that
made it remembered to call `cchc.core.audit.record`.

Two journals, one purpose each:
- `core.AuditEntry` (written by `cchc.core.audit.record`) is the human journal shown on record pages: one entry
  per act ("Ban hành", "Thay thế", "Sửa") with Vietnamese field labels and values.
- auditlog's `LogEntry` is the safety net: one entry per row written. `unlogged_changes()` replays it and
  reports every row whose current values were not written through a logged path (a queryset `.update()`,
  `bulk_create`, raw SQL); the tests run it after the demo load and after services.

The actor of a LogEntry comes from the request (`AuditMiddleware`). Outside a request (commands, tests, API
calls authenticated by token after the middleware ran) the LogEntries of a transaction that have no actor take
the actor of the next `audit.record(actor=…)` in that transaction, or of `acting_as(user)` around the writes.
"""

import contextlib
import datetime as dt
import json
from contextvars import ContextVar

from auditlog.context import set_actor
from auditlog.diff import get_field_value, get_mask_function
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.encoding import smart_str

from cchc.core import audit

# The models of the cchc apps that are NOT audited, each with its reason. Everything else is, including a model
# added later (registration discovers the apps' models). Outside the cchc apps only EXTRA_MODELS are audited:
# auditlog's LogEntry (the log itself), Django's sessions, content types and admin log are not.
EXCLUDED_MODELS: dict[str, str] = {
    "core.AuditEntry": "the human journal itself: auditing it would double every entry",
    "core.Notification": "a message to one person (and its read mark), not a record; the act that sent it is audited",
    "core.ReminderLog": "TRK-4: the journal of reminders sent, itself a log (one row per person told); a manual "
    "reminder is audited as an act on the task",
    "index.Score": "IDX-5: one row per leaf and agency, created in bulk when a campaign opens (500,000 at the bench's "
    "scale); every change of its points is a ScoreEvent (who, when, points, text) and an audit entry",
    "index.ScoreEvent": "IDX-5: the history of a leaf's score, itself a log (append-only)",
    "index.Result": "IDX-6: derived from the scores and stored for one rounding; a published result changes only by "
    "a ResultCorrection, with before and after, and each computation is an audit entry",
    "index.ResultCorrection": "IDX-7: the record of a correction, itself a log (before, after, reason, who)",
}

# Fields left out of the log, per model label ("*" for every model), each with its reason.
EXCLUDED_FIELDS: dict[str, dict[str, str]] = {
    "*": {"search_text": "derived from the names on every save"},
    "ingest.IngestedDocument": {
        "extracted": "the parser's working copy (can be megabytes); the stored file and its sha256 are the evidence",
    },
    "plans.PlanVersion": {"snapshot": "the version is itself an immutable copy of the plan; logging it doubles it"},
    "api.ApiToken": {"last_used_at": "touched on every API call; not a change of the token"},
    "auth.User": {"last_login": "touched on every login; not a change of the account"},
    "reports.ReportSubmission": {"updated_at": "set on every save (auto_now); the log entry's own time says when"},
    "index.Assessment": {"revision": "a counter of saves, for telling two people who save at once; not a change"},
}

# Fields whose changes are logged but whose values are hidden.
MASKED_FIELDS: dict[str, list[str]] = {
    "api.ApiToken": ["key_hash"],
    "auth.User": ["password"],
}

# Models outside the cchc apps that are audited too: accounts are granted and changed by province administrators.
EXTRA_MODELS = ["auth.User"]


def hidden(value: str) -> str:
    """The mask of a secret: nothing of it is kept."""
    return "••••••"


def cchc_models() -> list[type[models.Model]]:
    """Every concrete model of the cchc apps."""
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("cchc.")
        for model in config.get_models()
        if not model._meta.proxy and not model._meta.abstract
    ]


def audited_models() -> list[type[models.Model]]:
    chosen = [m for m in cchc_models() if m._meta.label not in EXCLUDED_MODELS]
    return chosen + [apps.get_model(label) for label in EXTRA_MODELS]


def excluded_fields(model: type[models.Model]) -> list[str]:
    # Reverse relations (a plan's tasks) are not fields of the row: auditlog would log their managers' names.
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    return [*EXCLUDED_FIELDS["*"], *EXCLUDED_FIELDS.get(model._meta.label, {}), *reverse]


def register_models() -> None:
    """Register every audited model with auditlog, with its many-to-many fields (coordinators, members…)."""
    for model in audited_models():
        if auditlog.contains(model):
            continue
        auditlog.register(
            model,
            exclude_fields=excluded_fields(model),
            mask_fields=MASKED_FIELDS.get(model._meta.label, []),
            mask_callable="cchc.core.auditing.hidden",
            m2m_fields={field.name for field in model._meta.many_to_many},
        )
    post_save.connect(_remember_unattributed, sender=LogEntry, dispatch_uid="cchc-audit-unattributed")


# --- the actor -----------------------------------------------------------------------------------------------

# The LogEntries of the current transaction written without an actor, waiting for `audit.record` to name it.
_unattributed: ContextVar[list[int] | None] = ContextVar("cchc_unattributed_log_entries", default=None)


def _forget_unattributed() -> None:
    _unattributed.set(None)


def _remember_unattributed(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    if not created or instance.actor_id is not None:
        return
    pending = _unattributed.get()
    if pending is None:
        pending = []
        _unattributed.set(pending)
    pending.append(instance.pk)
    # A committed transaction's writes are done: they are not the next service's.
    transaction.on_commit(_forget_unattributed)


def attribute(actor) -> None:
    """Name `actor` as the actor of the LogEntries of this transaction that have none (called by audit.record)."""
    pending = _unattributed.get()
    _unattributed.set(None)
    if pending and actor is not None and getattr(actor, "is_authenticated", False):
        LogEntry.objects.filter(pk__in=pending, actor__isnull=True).update(actor=actor)


@contextlib.contextmanager
def acting_as(user):
    """Writes inside are logged as done by `user` (for commands and scripts; requests use the middleware)."""
    with set_actor(user):
        yield


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware (the request's user is the actor), starting each request with nothing pending."""

    def __call__(self, request):
        _forget_unattributed()
        return super().__call__(request)


# --- the check: did every write leave an entry? -------------------------------------------------------------


def _logged_value(model, field: models.Field, row: models.Model) -> str:
    value = smart_str(get_field_value(row, field))
    if field.name in MASKED_FIELDS.get(model._meta.label, []):
        return get_mask_function("cchc.core.auditing.hidden")(value)
    return value


def _same(field: models.Field, logged: str, actual: str) -> bool:
    """The logged value is the one assigned before the save (100.0); the database's is normalised (100.00)."""
    if logged == actual:
        return True
    if "None" in (logged, actual):
        return False
    try:
        return field.to_python(logged) == field.to_python(actual)
    except Exception:  # noqa: BLE001 - a value that does not parse is a difference
        return False


def unlogged_changes(to_check=None) -> list[str]:
    """U-3: every row of the audited models whose current state the LogEntries do not explain.

    The LogEntries of each row are replayed in order (create, updates, many-to-many adds and removals, delete);
    a row without a create entry, a field whose value differs from the last logged one, a many-to-many set that
    differs from the logged one, or a row gone without a delete entry is reported. Such a row was written by a
    path that bypasses the model's signals (queryset `.update()`, `bulk_create`, raw SQL).

    `to_check` lists models (all their rows) or querysets (those rows); by default every audited model.
    auditlog keeps the names of many-to-many objects, not their ids: a related row renamed after it was linked
    reads as a difference (the check is meant for the tests' data, not as an audit of production data)."""
    problems: list[str] = []
    for item in to_check or audited_models():
        queryset = item if isinstance(item, models.QuerySet) else item._base_manager.all()
        model = queryset.model
        label = model._meta.label
        skip = set(excluded_fields(model))
        fields = [f for f in model._meta.concrete_fields if f.name not in skip and not f.primary_key]
        m2m = [f.name for f in model._meta.many_to_many]
        values: dict[str, dict[str, str]] = {}
        related: dict[str, dict[str, set[str]]] = {}
        deleted: set[str] = set()
        content_type = ContentType.objects.get_for_model(model)
        entries = LogEntry.objects.filter(content_type=content_type).order_by("pk")
        for pk, action, changes in entries.values_list("object_pk", "action", "changes").iterator():
            changes = changes or {}
            if isinstance(changes, str):  # auditlog stored text before 3.0
                changes = json.loads(changes)
            if action == LogEntry.Action.CREATE:
                values[pk], related[pk] = {}, {}
                deleted.discard(pk)
            elif action == LogEntry.Action.DELETE:
                deleted.add(pk)
                continue
            for name, change in changes.items():
                if isinstance(change, dict) and change.get("type") == "m2m":
                    current = related.setdefault(pk, {}).setdefault(name, set())
                    objects = set(change.get("objects", []))
                    if change.get("operation") == "add":
                        current |= objects
                    else:
                        current -= objects
                else:
                    values.setdefault(pk, {})[name] = change[1]
        rows = queryset
        if m2m:
            rows = rows.prefetch_related(*m2m)
        present: set[str] = set()
        for row in rows.iterator(chunk_size=500):
            pk = str(row.pk)
            present.add(pk)
            if pk not in values:
                problems.append(f"{label} #{pk} ({row}): không có mục nhật ký tạo")
                continue
            for field in fields:
                logged = values[pk].get(field.name, "None")
                actual = _logged_value(model, field, row)
                if not _same(field, logged, actual):
                    problems.append(f"{label} #{pk} .{field.name}: nhật ký ghi {logged!r}, dữ liệu là {actual!r}")
            for name in m2m:
                actual_set = {smart_str(o) for o in getattr(row, name).all()}
                logged_set = related.get(pk, {}).get(name, set())
                if actual_set != logged_set:
                    problems.append(
                        f"{label} #{pk} .{name}: nhật ký ghi {sorted(logged_set)}, dữ liệu là {sorted(actual_set)}"
                    )
        if isinstance(item, models.QuerySet):  # only some rows were asked about: gone rows are not in view
            continue
        for pk in values.keys() - present - deleted:
            problems.append(f"{label} #{pk}: đã bị xóa mà không có mục nhật ký xóa")
    return problems


# --- reading a LogEntry in Vietnamese ---------------------------------------------------------------------

ACTION_LABELS = {
    LogEntry.Action.CREATE: "Tạo",
    LogEntry.Action.UPDATE: "Sửa",
    LogEntry.Action.DELETE: "Xóa",
    LogEntry.Action.ACCESS: "Xem",
}


def action_label(entry: LogEntry) -> str:
    return ACTION_LABELS.get(entry.action, str(entry.action))


def _read_datetime(text: str) -> str:
    value = dt.datetime.fromisoformat(text)
    if timezone.is_naive(value):  # auditlog keeps date-times as naive UTC
        value = timezone.make_aware(value, dt.UTC)
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def _read(field: models.Field | None, text) -> str:
    """A logged value (auditlog keeps text) as a person reads it: names for ids, labels for codes, dd/mm/yyyy."""
    if text is None or text in ("None", ""):
        return ""
    if field is None:
        return str(text)
    try:
        if field.choices:
            return str(dict(field.flatchoices).get(field.to_python(text), text))
        if field.is_relation and field.related_model is not None:
            related = field.related_model._base_manager.filter(pk=text).first()
            if related is None:
                return f"(đã xóa, mã {text})"
            return audit.person(related) if isinstance(related, get_user_model()) else str(related)
        if isinstance(field, models.BooleanField):
            return "Có" if text == "True" else "Không"
        if isinstance(field, models.DateTimeField):
            return _read_datetime(text)
        if isinstance(field, models.DateField):
            return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
        if isinstance(field, models.JSONField):
            value = json.loads(text)
            return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    except (ValueError, TypeError, ValidationError):
        return str(text)
    return str(text)


def describe(entry: LogEntry) -> list[tuple[str, str, str]]:
    """U-3: (field, before, after) of a LogEntry in Vietnamese: the field's Vietnamese label, names rather than
    ids, choice labels, dd/mm/yyyy; a many-to-many change reads "Thêm: …" or "Gỡ: …"."""
    model = entry.content_type.model_class()
    lines = []
    for name, change in (entry.changes_dict or {}).items():
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        label = audit.label(field) if field is not None and hasattr(field, "verbose_name") else name
        if isinstance(change, dict) and change.get("type") == "m2m":
            names = ", ".join(change.get("objects", []))
            added = change.get("operation") == "add"
            lines.append((label, "" if added else f"Gỡ: {names}", f"Thêm: {names}" if added else ""))
            continue
        before, after = change[0], change[1]
        if name in MASKED_FIELDS.get(model._meta.label if model else "", []):
            lines.append((label, "", "(đã đổi, không hiển thị)"))
            continue
        lines.append((label, _read(field, before), _read(field, after)))
    return lines

"""TRK-4: urging (đôn đốc): reminders of the tasks' due dates, automatic (a daily command) and by hand (Sở Nội vụ).

Automatic reminders. For every milestone with a due date of a task of a plan in force (issued or adjusted, not
discarded) in a province that has not ended, whose task is neither done nor cancelled (nor reported done and
waiting for Sở Nội vụ's confirmation), the people of the task's lead are told 7 days before the due date
(`before_7`), 1 day before (`before_1`) and on the day after it is missed (`overdue`). The people are the active
leaders and focal officers of the lead agency (followed to its successor if it ended), or of each agency of the
lead group on that day. They are told in the app (a notification linking to the task) and by e-mail when they
chose e-mail.

Never twice: each reminder is a `core.ReminderLog` row written BEFORE it is sent, under a unique key (recipient,
"task:ID", milestone, kind); a reminder whose row exists is "already sent", and of two overlapping runs the
second one's insert fails and it sends nothing. A late run catches up: on day D a milestone gets the latest
reminder whose day is ≤ D (the overdue one once the due date is past, never a "before" one then; `before_1`
rather than a `before_7` that a missed run would send a day before the deadline). Closed plans are not urged.

Manual reminders (kind `manual`): Sở Nội vụ's leader or focal officer reminds the lead of an open task, from the
task page or the list of overdue tasks. Repeating later is allowed; a second click within a minute is not
doubled (the slot of the log row is the minute, and the task row is locked while checking the last minute).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cchc.agencies.models import Agency, Membership, Role
from cchc.core import audit, notify
from cchc.core.dates import format_date
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry, Notification, ReminderKind, ReminderLog
from cchc.plans.models import Milestone, PlanStatus, Task
from cchc.tracking.queries import task_states
from cchc.tracking.status import DONE, TaskStatus

# Plans whose tasks are urged: those in force. A closed plan ran its course; a draft is still being written.
REMINDED_PLAN_STATUSES = (PlanStatus.ISSUED, PlanStatus.ADJUSTED)
AUTOMATIC_KINDS = (ReminderKind.BEFORE_7, ReminderKind.BEFORE_1, ReminderKind.OVERDUE)
BEFORE_KINDS = (ReminderKind.BEFORE_7, ReminderKind.BEFORE_1)
DOUBLE_CLICK = dt.timedelta(minutes=1)
NOTE_MAX = 300  # characters of the note of a manual reminder
MANY_MAX = 200  # tasks reminded in one go from the overdue list


def kind_on(due: dt.date, on: dt.date) -> str | None:
    """The reminder a milestone due on `due` is owed on day `on` (the latest whose day has come), or None."""
    if on > due:
        return ReminderKind.OVERDUE
    if on >= due - dt.timedelta(days=1):
        return ReminderKind.BEFORE_1
    if on >= due - dt.timedelta(days=7):
        return ReminderKind.BEFORE_7
    return None


def task_key(task_id: int) -> str:
    return f"task:{task_id}"


def task_path(task: Task) -> str:
    """The task's page (URL `task-detail`); while that page does not exist, its plan's page."""
    slug = task.plan.province.slug
    try:
        return reverse("task-detail", args=[slug, task.pk])
    except NoReverseMatch:
        return reverse("plan-detail", args=[slug, task.plan_id])


def tasks_in_force(province=None):
    """The tasks that may be reminded of: of plans in force, in provinces that have not ended (on `on`)."""
    tasks = Task.objects.filter(plan__status__in=REMINDED_PLAN_STATUSES, plan__discarded=False)
    return tasks.filter(plan__province=province) if province is not None else tasks


def _live(prefix: str, on: dt.date) -> Q:
    """ORG-5: the province of the plan has not ended (it was not merged into another before `on`)."""
    return Q(**{f"{prefix}province__valid_to__isnull": True}) | Q(**{f"{prefix}province__valid_to__gte": on})


# --- who is told --------------------------------------------------------------------------------------------------


class People:
    """The people of the leads of many tasks, resolved on a date with few queries: each group once, the
    memberships of all the agencies in one query."""

    def __init__(self, on: dt.date):
        self.on = on
        self._groups: dict[int, list[Agency]] = {}

    def leads(self, task: Task) -> list[Agency]:
        """The agencies leading the task on the date: the lead (its successor if it ended), or the group's."""
        if task.lead_id:
            agency = task.lead.current(self.on)
            return [agency] if agency.is_active_on(self.on) else []
        if task.lead_group_id not in self._groups:
            self._groups[task.lead_group_id] = task.lead_group.resolve(self.on)
        return self._groups[task.lead_group_id]

    def of(self, agencies) -> dict[int, list]:
        """agency id → its active leaders and focal officers (active accounts), in one query."""
        people: dict[int, list] = {a.pk: [] for a in agencies}
        if not people:
            return people
        memberships = (
            Membership.objects.active()
            .filter(agency_id__in=list(people), role__in=[Role.LEADER, Role.FOCAL], user__is_active=True)
            .select_related("user")
            .order_by("agency_id", "user_id")
        )
        for m in memberships:
            people[m.agency_id].append(m.user)
        return people


def recipients(task: Task, on: dt.date) -> list[tuple[object, Agency]]:
    """The people to remind of one task, each with the agency they are reminded for (once per person)."""
    people = People(on)
    agencies = people.leads(task)
    found = people.of(agencies)
    chosen: dict[int, tuple[object, Agency]] = {}
    for agency in agencies:
        for user in found[agency.pk]:
            chosen.setdefault(user.pk, (user, agency))
    return list(chosen.values())


# --- the words ----------------------------------------------------------------------------------------------------


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _task_name(task: Task, limit: int = 160) -> str:
    return _short(f"{task.code}. {task.title}" if task.code else task.title, limit)


def _lead_phrase(task: Task, agency: Agency) -> str:
    if task.lead_group_id:
        return f"Cơ quan chủ trì: {agency.name} (thuộc nhóm «{task.lead_group.name}»)."
    return f"Cơ quan chủ trì: {agency.name}."


def reminder_text(kind: str, task: Task, milestone: Milestone, agency: Agency, on: dt.date) -> tuple[str, str]:
    """(subject, message) of an automatic reminder, in Vietnamese."""
    due = milestone.due
    phase = f", giai đoạn «{_short(milestone.label, 80)}»" if milestone.label else ""
    what = f"nhiệm vụ «{_task_name(task)}» ({_short(task.plan.title, 120)}{phase})"
    if kind == ReminderKind.OVERDUE:
        late = (on - due).days
        subject = f"Quá hạn: «{_task_name(task, 80)}» (hạn {format_date(due)})"
        message = (
            f"Quá hạn: {what} đã quá hạn ngày {format_date(due)} ({late} ngày) mà chưa hoàn thành. "
            f"{_lead_phrase(task, agency)} Đề nghị khẩn trương thực hiện và cập nhật tiến độ."
        )
    else:
        left = (due - on).days
        when = "hôm nay là hạn cuối" if left == 0 else f"còn {left} ngày"
        subject = f"Nhắc việc: «{_task_name(task, 80)}» đến hạn {format_date(due)}"
        message = (
            f"Nhắc việc: {what} đến hạn ngày {format_date(due)} ({when}). "
            f"{_lead_phrase(task, agency)} Đề nghị hoàn thành đúng hạn và cập nhật tiến độ."
        )
    return subject, message[:500]


# --- automatic reminders ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    recipient: object
    agency: Agency
    task: Task
    milestone: Milestone
    kind: str

    @property
    def key(self) -> tuple:
        return (self.recipient.pk, task_key(self.task.pk), self.milestone.pk, self.kind, "")


@dataclass
class Outcome:
    """What a run did: reminders sent now, found already sent, and e-mails."""

    on: dt.date
    sent: int = 0
    already_sent: int = 0
    before: int = 0
    overdue: int = 0
    emailed: int = 0
    email_failed: int = 0
    tasks: set = field(default_factory=set)

    def as_dict(self) -> dict:
        return {
            "date": self.on.isoformat(),
            "sent": self.sent,
            "already_sent": self.already_sent,
            "before": self.before,
            "overdue": self.overdue,
            "tasks": len(self.tasks),
            "emailed": self.emailed,
            "email_failed": self.email_failed,
        }


def reminders_due(on: dt.date, provinces=None) -> list[Reminder]:
    """TRK-4: every automatic reminder owed on day `on` (sent or not): one per person of the lead, per milestone
    whose reminder day has come, of the open tasks of plans in force in live provinces."""
    milestones = list(
        Milestone.objects.filter(
            due__isnull=False,
            due__lte=on + dt.timedelta(days=7),
            task__plan__status__in=REMINDED_PLAN_STATUSES,
            task__plan__discarded=False,
        )
        .filter(_live("task__plan__", on))
        .filter(**({"task__plan__province__in": list(provinces)} if provinces is not None else {}))
        .select_related("task__plan__province", "task__lead__successor", "task__lead_group")
        .order_by("due", "task_id", "id")
    )
    states = task_states({m.task_id for m in milestones}, on)
    people = People(on)
    owed: list[tuple[Milestone, str, list[Agency]]] = []
    for milestone in milestones:
        state = states[milestone.task_id]
        if state.status in DONE or state.status == TaskStatus.CANCELLED or state.awaiting_confirmation:
            continue
        kind = kind_on(milestone.due, on)
        if kind is not None:
            owed.append((milestone, kind, people.leads(milestone.task)))
    found = people.of({a for _, _, agencies in owed for a in agencies})
    reminders = []
    for milestone, kind, agencies in owed:
        told: set[int] = set()
        for agency in agencies:
            for user in found[agency.pk]:
                if user.pk not in told:
                    told.add(user.pk)
                    reminders.append(Reminder(user, agency, milestone.task, milestone, kind))
    return reminders


def _already_logged(reminders: list[Reminder]) -> set[tuple]:
    """The keys of these reminders that the log already holds (one query per 500 tasks)."""
    keys = sorted({task_key(r.task.pk) for r in reminders})
    logged: set[tuple] = set()
    for start in range(0, len(keys), 500):
        rows = ReminderLog.objects.filter(object_key__in=keys[start : start + 500], kind__in=AUTOMATIC_KINDS)
        logged |= set(rows.values_list("recipient_id", "object_key", "milestone_id", "kind", "slot"))
    return logged


def deliver_reminders(reminders: list[Reminder], on: dt.date, *, mail_stream=None) -> Outcome:
    """Send the reminders not sent yet: for each, its log row is inserted first (a row that exists, or that an
    overlapping run inserts first, means "already sent"), then the notification, in one transaction; the e-mails
    go after, over one connection."""
    outcome = Outcome(on=on)
    logged = _already_logged(reminders)
    wanting_email = {u.pk for u in notify.email_recipients({r.recipient.pk: r.recipient for r in reminders}.values())}
    mails = []
    now = timezone.now()
    for reminder in reminders:
        if reminder.key in logged:
            outcome.already_sent += 1
            continue
        task, milestone = reminder.task, reminder.milestone
        subject, message = reminder_text(reminder.kind, task, milestone, reminder.agency, on)
        link = task_path(task)
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    recipient=reminder.recipient,
                    province=task.plan.province,
                    object_key=task_key(task.pk),
                    milestone_id=milestone.pk,
                    kind=reminder.kind,
                    due=milestone.due,
                    sent_at=now,
                )
                Notification.objects.create(
                    user=reminder.recipient, province=task.plan.province, message=message, link=link
                )
        except IntegrityError:  # an overlapping run sent it first
            outcome.already_sent += 1
            continue
        outcome.sent += 1
        outcome.tasks.add(task.pk)
        if reminder.kind == ReminderKind.OVERDUE:
            outcome.overdue += 1
        else:
            outcome.before += 1
        if reminder.recipient.pk in wanting_email:
            mails.append(notify.compose(reminder.recipient, subject=subject, message=message, link=link))
    outcome.emailed, outcome.email_failed = notify.deliver(mails, stream=mail_stream)
    return outcome


def send_reminders(on: dt.date, provinces=None, *, mail_stream=None) -> Outcome:
    """TRK-4: the daily run: send every automatic reminder owed on `on` that was not sent yet."""
    return deliver_reminders(reminders_due(on, provinces), on, mail_stream=mail_stream)


# --- manual reminders -------------------------------------------------------------------------------------------


def _standing_name(province, on: dt.date) -> str:
    from cchc.regulation.routing import standing_agency_for_permissions

    agency = standing_agency_for_permissions(province, on)
    return agency.name if agency else "Cơ quan thường trực CCHC"


def manual_text(task: Task, state, agency: Agency, *, sender: str, note: str) -> tuple[str, str]:
    if state.status == TaskStatus.OVERDUE and state.last_due:
        status = f"đã quá hạn ngày {format_date(state.last_due)} mà chưa hoàn thành"
    elif state.last_due:
        status = f"có hạn ngày {format_date(state.last_due)}"
    else:
        status = "đang được theo dõi"
    message = (
        f"{sender} nhắc nhở: nhiệm vụ «{_task_name(task)}» ({_short(task.plan.title, 120)}) {status}. "
        f"{_lead_phrase(task, agency)} Đề nghị thực hiện và cập nhật tiến độ."
    )
    if note:
        message += f" Ghi chú: {note}"
    return f"Nhắc nhở: «{_task_name(task, 80)}»", message[:500]


def clean_note(note: str) -> str:
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise UserError(f"Ghi chú nhắc nhở dài quá {NOTE_MAX} ký tự.")
    return note


@transaction.atomic
def remind_by_hand(task: Task, *, actor, on: dt.date, note: str = "") -> int:
    """TRK-4: Sở Nội vụ reminds the people of an open task's lead, in the app and by e-mail; the number of people
    reminded. Refused (UserError, nothing written) when the task is done or cancelled, was reminded by hand less
    than a minute ago, or its lead has nobody to remind. The caller checks the rule `tracking.remind_by_hand`."""
    note = clean_note(note)
    Task.objects.select_for_update().filter(pk=task.pk).first()  # one reminder of a task at a time
    state = task_states([task.pk], on)[task.pk]
    if state.status in DONE:
        raise UserError(f"Nhiệm vụ «{_task_name(task, 80)}» đã hoàn thành: không cần nhắc nhở.")
    if state.status == TaskStatus.CANCELLED:
        raise UserError(f"Nhiệm vụ «{_task_name(task, 80)}» đã hủy: không cần nhắc nhở.")
    now = timezone.now()
    key = task_key(task.pk)
    if ReminderLog.objects.filter(object_key=key, kind=ReminderKind.MANUAL, sent_at__gt=now - DOUBLE_CLICK).exists():
        raise UserError(f"Nhiệm vụ «{_task_name(task, 80)}» vừa được nhắc nhở (chưa đầy 1 phút): không gửi lại.")
    people = recipients(task, on)
    if not people:
        raise UserError(
            f"Cơ quan chủ trì nhiệm vụ «{_task_name(task, 80)}» chưa có lãnh đạo hoặc chuyên viên đầu mối CCHC "
            "đang làm việc: không có ai để nhắc."
        )
    province = task.plan.province
    sender = _standing_name(province, on)
    slot = timezone.localtime(now).strftime("%Y-%m-%dT%H:%M")
    link = task_path(task)
    told = []
    for user, agency in people:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    recipient=user,
                    province=province,
                    object_key=key,
                    kind=ReminderKind.MANUAL,
                    slot=slot,
                    due=state.last_due,
                    sent_at=now,
                    sent_by=actor,
                )
        except IntegrityError:  # the same minute's click, already sent
            continue
        told.append((user, agency))
    if not told:
        raise UserError(f"Nhiệm vụ «{_task_name(task, 80)}» vừa được nhắc nhở (chưa đầy 1 phút): không gửi lại.")
    for user, agency in told:
        subject, message = manual_text(task, state, agency, sender=sender, note=note)
        notify.tell([user], province=province, subject=subject, message=message, link=link)
    agencies = ", ".join(dict.fromkeys(a.name for _, a in told))
    audit.record(
        actor=actor,
        obj=task,
        action=AuditEntry.Action.REMIND,
        province=province,
        summary=_short(f"Nhắc nhở {len(told)} người của {agencies}" + (f": {note}" if note else ""), 300),
    )
    return len(told)


def remind_many(tasks: list[Task], *, actor, on: dt.date, note: str = "") -> tuple[int, int, list[str]]:
    """TRK-4: remind the leads of several tasks (from the overdue list), each on its own; (people reminded,
    tasks reminded, the reasons of the tasks not reminded)."""
    note = clean_note(note)
    people = reminded = 0
    problems = []
    for task in tasks[:MANY_MAX]:
        try:
            people += remind_by_hand(task, actor=actor, on=on, note=note)
            reminded += 1
        except UserError as exc:
            problems.append(str(exc))
    return people, reminded, problems


# --- reads for the pages ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueRow:
    task: Task
    last_due: dt.date
    days_late: int
    percent: int
    last_reminded: dt.datetime | None


def overdue_tasks(province, on: dt.date) -> list[OverdueRow]:
    """TRK-4: the overdue tasks of the province's plans in force, the longest overdue first, with the time of
    the last reminder by hand; five queries however many tasks."""
    tasks = list(
        tasks_in_force(province)
        .filter(milestones__due__lt=on)
        .distinct()
        .select_related("plan__province", "lead", "lead_group")
        .order_by("plan_id", "order", "id")
    )
    states = task_states([t.pk for t in tasks], on)
    overdue = [t for t in tasks if states[t.pk].status == TaskStatus.OVERDUE]
    last = dict(
        ReminderLog.objects.filter(object_key__in=[task_key(t.pk) for t in overdue], kind=ReminderKind.MANUAL)
        .values("object_key")
        .annotate(last=Max("sent_at"))
        .values_list("object_key", "last")
    )
    rows = [
        OverdueRow(
            task=t,
            last_due=states[t.pk].last_due,
            days_late=(on - states[t.pk].last_due).days,
            percent=states[t.pk].percent,
            last_reminded=last.get(task_key(t.pk)),
        )
        for t in overdue
    ]
    return sorted(rows, key=lambda r: (-r.days_late, r.task.plan_id, r.task.order, r.task.pk))


def last_manual_reminder(task: Task) -> ReminderLog | None:
    return (
        ReminderLog.objects.filter(object_key=task_key(task.pk), kind=ReminderKind.MANUAL)
        .select_related("sent_by")
        .order_by("-sent_at", "-id")
        .first()
    )

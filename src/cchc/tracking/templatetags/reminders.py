"""TRK-4: the "Gửi nhắc nhở" form of a task page, shown to those the rule `tracking.remind_by_hand` allows."""

from django import template

from cchc.core.dates import today
from cchc.core.rules import can
from cchc.tracking import reminders
from cchc.tracking.queries import task_states
from cchc.tracking.status import DONE, TaskStatus

register = template.Library()


@register.inclusion_tag("tracking/_remind_button.html", takes_context=True)
def remind_button(context, task, province):
    """The form for Sở Nội vụ's staff on an open task of a plan in force (and when it was last reminded)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = False
    last = None
    if (
        user is not None
        and task is not None
        and province is not None
        and can(user, "tracking.remind_by_hand", province)
    ):
        in_force = task.plan.status in reminders.REMINDED_PLAN_STATUSES and not task.plan.discarded
        if in_force:
            status = task_states([task.pk], today())[task.pk].status
            shown = status not in DONE and status != TaskStatus.CANCELLED
            last = reminders.last_manual_reminder(task) if shown else None
    return {
        "shown": shown,
        "task": task,
        "province": province,
        "last": last,
        "note_max": reminders.NOTE_MAX,
        "csrf_token": context.get("csrf_token"),
    }

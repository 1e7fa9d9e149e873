"""TRK-2: a task's status, derived from its milestones and the updates of its lead; never stored.

Pure logic: `derive_status` takes plain values, so a test calls it without a database. The dates are local dates
in Asia/Ho_Chi_Minh (`cchc.core.dates.today()`), so "overdue" turns at local midnight, not the server's.

- cancelled: the task was cancelled (a plan adjustment or Sở Nội vụ's decision), whatever else happened;
- done on time / done late: the lead's latest update reports it done, the standing agency has confirmed it, and
  the day it was finished is on or before / after the task's last due date (no due date: on time);
- overdue: not done and the last due date has passed; a task with no computed date is never overdue;
- in progress: the lead has reported work (or a done report waits for confirmation);
- not started: nothing reported yet.
"""

import datetime as dt

from django.db import models


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE_ON_TIME = "done_on_time", "Hoàn thành đúng hạn"
    DONE_LATE = "done_late", "Hoàn thành quá hạn"
    OVERDUE = "overdue", "Quá hạn"
    CANCELLED = "cancelled", "Đã hủy"


DONE = frozenset({TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE})
OPEN = frozenset({TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE})

# Bootstrap colour of each status's badge.
BADGE = {
    TaskStatus.NOT_STARTED: "secondary",
    TaskStatus.IN_PROGRESS: "primary",
    TaskStatus.DONE_ON_TIME: "success",
    TaskStatus.DONE_LATE: "warning",
    TaskStatus.OVERDUE: "danger",
    TaskStatus.CANCELLED: "dark",
}


def derive_status(
    *,
    last_due: dt.date | None,
    today: dt.date,
    reported: bool = False,
    done_on: dt.date | None = None,
    cancelled: bool = False,
) -> TaskStatus:
    """The status of one task.

    last_due: the latest due date of its milestones (None when none has a computed date);
    reported: the lead has a standing update (not returned);
    done_on: the day the work was finished, when a confirmed update reports it done.
    """
    if cancelled:
        return TaskStatus.CANCELLED
    if done_on is not None:
        if last_due is None or done_on <= last_due:
            return TaskStatus.DONE_ON_TIME
        return TaskStatus.DONE_LATE
    if last_due is not None and today > last_due:
        return TaskStatus.OVERDUE
    return TaskStatus.IN_PROGRESS if reported else TaskStatus.NOT_STARTED

"""TRK-1, TRK-3: the standing agency's (Sở Nội vụ's) tracking work on the home to-do list (cchc.web.todo): "done"
reports waiting for confirmation, problems and adjustment requests waiting for an answer. Two queries whatever
the number of items."""

from django.db.models import Count, Exists, Max, Min, OuterRef
from django.urls import reverse

from cchc.tracking.models import Problem, ProgressUpdate, Review, UpdateKind
from cchc.tracking.queries import LIVE_PLAN_STATUSES


def standing_items(add, provinces: set[int], slug) -> None:
    """Add the items of the provinces where the user is the standing agency's leader or focal officer."""
    problems = (
        Problem.objects.filter(task__plan__province__in=provinces, answered_at__isnull=True)
        .values("task__plan__province_id")
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by("task__plan__province_id")
    )
    for row in problems:
        province_id = row["task__plan__province_id"]
        add(
            "answer-problems",
            province_id,
            "Trả lời vướng mắc, đề nghị điều chỉnh của các cơ quan về nhiệm vụ",
            row["n"],
            reverse("problem-list", args=[slug[province_id]]) + "?xem=mo",
        )
    newer = ProgressUpdate.objects.filter(
        task=OuterRef("task"), kind=UpdateKind.LEAD, created_at__gt=OuterRef("created_at")
    )
    pending = (
        ProgressUpdate.objects.filter(
            task__plan__province__in=provinces,
            task__plan__status__in=LIVE_PLAN_STATUSES,
            kind=UpdateKind.LEAD,
            review=Review.PENDING,
        )
        .filter(~Exists(newer))
        .values("task__plan__province_id")
        .annotate(n=Count("id"), task_id=Max("task_id"))
        .order_by("task__plan__province_id")
    )
    for row in pending:
        province_id = row["task__plan__province_id"]
        url = (
            reverse("task-detail", args=[slug[province_id], row["task_id"]])
            if row["n"] == 1
            else reverse("task-tracking", args=[slug[province_id]]) + "?cho_xac_nhan=1"
        )
        add("confirm-done", province_id, "Xác nhận báo cáo hoàn thành nhiệm vụ", row["n"], url)


def leadership_lines(provinces: set[int], slug) -> list:
    """TRK-3: provincial leadership (UBND tỉnh) reads how many problems and adjustment requests wait for an
    answer, per province; one query."""
    from cchc.web.todo import Line

    rows = (
        Problem.objects.filter(task__plan__province__in=provinces, answered_at__isnull=True)
        .values("task__plan__province_id")
        .annotate(n=Count("id"))
        .order_by("task__plan__province_id")
    )
    return [
        Line(
            row["task__plan__province_id"],
            "Vướng mắc, đề nghị điều chỉnh chờ trả lời",
            row["n"],
            reverse("problem-list", args=[slug[row["task__plan__province_id"]]]) + "?xem=mo",
        )
        for row in rows
    ]

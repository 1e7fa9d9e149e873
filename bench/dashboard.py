"""Benchmark (issue 10, TRK-6): the province dashboard of a province of 500 agencies with 10,000 tasks.

`measure_dashboard()` builds the data in the benchmark's throw-away database (bench/common.py `setup_django`, the
demo loaded; it sets Django up itself when nobody has) and returns the seconds the page takes (median of 3).
bench/bench_reports.py calls it and writes `dashboard_s`; run alone (`python bench/dashboard.py`) it prints the
figure. Nothing is asserted here: tests/tracking/test_dashboard.py asserts the query count.
"""

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

AGENCIES = 500
TASKS = 10_000
PROVINCE = "khanh-hoa"
USER = "khoa.snv"
_built: dict = {}


def build() -> str:
    """A year's issued plan of the province with TASKS tasks spread over AGENCIES leads (agencies added up to
    AGENCIES), two milestones each (some passed), a lead update on every third task (some confirmed done), a
    cancellation on every 50th, and 40 targets with results; returns the dashboard's URL."""
    if "url" in _built:
        return _built["url"]
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from cchc.agencies.models import Agency
    from cchc.core.dates import today
    from cchc.plans.models import Milestone, Plan, PlanStatus, Target, TargetResult, Task
    from cchc.regulation.models import ReformArea, ReformProgramme
    from cchc.tracking.models import ProgressUpdate, Reported, Review, TaskCancellation

    on = today()
    user = get_user_model().objects.get(username=USER)
    standing = Agency.objects.get(province__slug=PROVINCE, name="Sở Nội vụ")
    province = standing.province
    have = Agency.objects.filter(province=province).count()
    Agency.objects.bulk_create(
        [Agency(province=province, name=f"Đơn vị đo hiệu năng {i}", kind="district") for i in range(AGENCIES - have)]
    )
    leads = list(Agency.objects.filter(province=province).order_by("pk"))
    programme = ReformProgramme.objects.get(code="NQ76")
    areas = list(ReformArea.objects.filter(programme=programme))
    plan = Plan.objects.create(
        province=province,
        owner=standing,
        kind="annual",
        title=f"Kế hoạch cải cách hành chính năm {on.year} (đo hiệu năng)",
        issuer="Ủy ban nhân dân tỉnh Khánh Hòa",
        start_year=on.year,
        end_year=on.year,
        programme=programme,
        status=PlanStatus.ISSUED,
        number="999/KH-UBND",
        signed_on=on,
    )
    tasks = Task.objects.bulk_create(
        [
            Task(
                plan=plan,
                code=str(i),
                title=f"Nhiệm vụ đo hiệu năng số {i}",
                area=areas[i % len(areas)],
                lead=leads[i % len(leads)],
                order=i,
            )
            for i in range(TASKS)
        ],
        batch_size=2000,
    )
    Milestone.objects.bulk_create(
        [
            Milestone(task=t, due=on + dt.timedelta(days=d), order=k)
            for i, t in enumerate(tasks)
            for k, d in enumerate([(i % 120) - 60, (i % 120) - 30])
        ],
        batch_size=2000,
    )
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                task=t,
                agency_id=t.lead_id,
                author=user,
                percent=100 if i % 9 == 0 else 40,
                reported=Reported.DONE if i % 9 == 0 else Reported.IN_PROGRESS,
                done_on=on if i % 9 == 0 else None,
                review=Review.CONFIRMED if i % 9 == 0 else Review.NONE,
            )
            for i, t in enumerate(tasks)
            if i % 3 == 0
        ],
        batch_size=2000,
    )
    TaskCancellation.objects.bulk_create(
        [TaskCancellation(task=t, reason="Điều chỉnh", cancelled_on=on) for t in tasks[::50]]
    )
    targets = Target.objects.bulk_create(
        [Target(plan=plan, text=f"Chỉ tiêu {i}", value=50, start_year=on.year, end_year=on.year) for i in range(40)]
    )
    TargetResult.objects.bulk_create(
        [TargetResult(target=t, year=on.year, value=30 + i * 2) for i, t in enumerate(targets) if i % 4]
    )
    _built["url"] = reverse("province-dashboard", args=[PROVINCE])
    return _built["url"]


def measure_dashboard(repeat: int = 3) -> float:
    """Seconds to render the province dashboard for AGENCIES agencies and TASKS tasks (median of `repeat`)."""
    from django.conf import settings

    if not settings.configured:
        from common import setup_django

        setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    url = build()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=USER))
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(samples)


if __name__ == "__main__":
    seconds = measure_dashboard()
    print(f"province dashboard, {AGENCIES} agencies, {TASKS} tasks: {seconds:.3f} s (median of 3)")

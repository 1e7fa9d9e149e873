"""Benchmark (issues 3 and 12): the appendix view, and the .docx and .xlsx exports, of a plan of 2,000 tasks.

Issue 12 asks for the appendix in under 300 ms of server time and the .docx in under 2 s. Run with `make bench`;
figures go to bench/results/plans.txt, with the processor time beside the wall time and the load average (the
machine may be shared). Nothing is asserted here: tests assert query counts.
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import median_ms, setup_django, write_results  # noqa: E402

TASKS = 2000
# A province as it stands (Quảng Nam ended on 30/06/2025 and merged into Đà Nẵng: its people no longer act there).
PROVINCE, USER = "da-nang", "dnang.snv"


def build_plan():
    from django.contrib.auth import get_user_model

    from cchc.agencies.models import Agency, AgencyGroup
    from cchc.core.dates import today
    from cchc.core.text import fold
    from cchc.plans import services
    from cchc.plans.models import Milestone, Task
    from cchc.regulation.models import ReformArea, ReformProgramme

    snv = get_user_model().objects.get(username=USER)
    home = Agency.objects.get(province__slug=PROVINCE, abbreviation="SNV")
    plan = services.create_plan(
        actor=snv,
        province=home.province,
        owner=home,
        fields={
            "kind": "annual",
            "title": "Kế hoạch cải cách hành chính năm 2027 (đo hiệu năng)",
            "issuer": "Ủy ban nhân dân thành phố Đà Nẵng",
            "start_year": 2027,
            "end_year": 2027,
            "programme": ReformProgramme.objects.get(code="NQ76"),
        },
    )
    leads = list(Agency.objects.active_on(today()).filter(province=home.province, kind="department")[:10])
    areas = list(ReformArea.objects.filter(programme__code="NQ76").exclude(code="impact"))
    group = AgencyGroup.objects.get(province=home.province, name="Các sở, ban, ngành")
    tasks = Task.objects.bulk_create(
        [
            Task(
                plan=plan,
                code=str(i),
                title=f"Nhiệm vụ cải cách hành chính số {i}",
                area=areas[i % len(areas)],
                lead=leads[i % len(leads)],
                products=["Kế hoạch", "Báo cáo kết quả"],
                time_text="- Ban hành kế hoạch: Quý I - Thực hiện: Cả năm",
                order=i,
                search_text=fold(f"{i} | Nhiệm vụ cải cách hành chính số {i} | Kế hoạch | Báo cáo kết quả"),
            )
            for i in range(1, TASKS + 1)
        ]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(task=t, label=label, text=text, kind="quarter", due=due, order=n)
            for t in tasks
            for n, (label, text, due) in enumerate(
                [("Ban hành kế hoạch", "Quý I", dt.date(2027, 3, 31)), ("Thực hiện", "Cả năm", dt.date(2027, 12, 31))]
            )
        ]
    )
    Task.coordinator_groups.through.objects.bulk_create(
        [Task.coordinator_groups.through(task_id=t.pk, agencygroup_id=group.pk) for t in tasks]
    )
    Task.coordinator_agencies.through.objects.bulk_create(
        [Task.coordinator_agencies.through(task_id=t.pk, agency_id=home.pk) for t in tasks if t.lead_id != home.pk]
    )
    return plan


def cpu_ms(action, repeat: int) -> float:
    """The median processor time of the action: on a shared machine the wall time also counts the others' work."""
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        samples.append(time.process_time() - start)
    return statistics.median(samples) * 1000


def timed(action, repeat: int = 3) -> str:
    return f"{median_ms(action, repeat):.0f} ms (median of {repeat}; processor {cpu_ms(action, repeat):.0f} ms)"


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from cchc.exports.plans import plan_docx, plan_xlsx
    from cchc.plans.views import APPENDIX_PAGE_SIZE

    plan = build_plan()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=USER))
    url = f"/tinh/{PROVINCE}/ke-hoach/{plan.pk}/phu-luc/"
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    docx, xlsx = plan_docx(plan), plan_xlsx(plan)
    htmx = {"HTTP_HX_REQUEST": "true"}
    write_results(
        "plans",
        [
            f"plan of {TASKS} tasks, 2 milestones each, one coordinator group and agency each; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
            f"appendix page ({APPENDIX_PAGE_SIZE} tasks a page, counts per area): {timed(lambda: client.get(url))}, "
            f"{len(queries)} queries, {len(response.content) // 1024} KiB of HTML",
            f"appendix, page 10 (htmx): {timed(lambda: client.get(url, {'trang': '10'}, **htmx))}",
            f"filtered appendix (htmx, one area): {timed(lambda: client.get(url, {'linh_vuc': 'procedures'}, **htmx))}",
            f"searched appendix (whole page): {timed(lambda: client.get(url, {'q': 'nhiem vu so 1999'}))}",
            f"plan .docx: {timed(lambda: plan_docx(plan))}, {len(docx) // 1024} KiB",
            f"plan .xlsx: {timed(lambda: plan_xlsx(plan))}, {len(xlsx) // 1024} KiB",
        ],
    )


if __name__ == "__main__":
    main()

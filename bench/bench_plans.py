"""Benchmark (issue 3): the appendix view, and the .docx and .xlsx exports, of a plan of 2,000 tasks.

Run with `make bench`; figures go to bench/results/plans.txt. Nothing is asserted here: tests assert query counts.
"""

import datetime as dt
import sys
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


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from cchc.exports.plans import plan_docx, plan_xlsx

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
    write_results(
        "plans",
        [
            f"plan of {TASKS} tasks, 2 milestones each, one coordinator group and agency each",
            f"appendix page: {median_ms(lambda: client.get(url), 3):.0f} ms (median of 3), {len(queries)} queries, "
            f"{len(response.content) // 1024} KiB of HTML",
            f"filtered appendix (htmx, one area): {median_ms(lambda: client.get(url, {'linh_vuc': 'procedures'}, HTTP_HX_REQUEST='true'), 3):.0f} ms (median of 3)",  # noqa: E501
            f"plan .docx: {median_ms(lambda: plan_docx(plan), 3):.0f} ms (median of 3), {len(docx) // 1024} KiB",
            f"plan .xlsx: {median_ms(lambda: plan_xlsx(plan), 3):.0f} ms (median of 3), {len(xlsx) // 1024} KiB",
        ],
    )


if __name__ == "__main__":
    main()

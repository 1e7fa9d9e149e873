"""Benchmark (issue 10, RPT-3, TRK-6): consolidating one report cycle of 500 agencies with 30 indicators each, and
its .docx and .xlsx (goal: consolidation under 2 s); the province dashboard of 500 agencies and 10,000 tasks
(bench/dashboard.py).

Run with `make bench`; figures go to bench/results/reports.json (`consolidate_s`, `dashboard_s`) and reports.txt.
Nothing is asserted here: tests assert the query counts.
"""

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import RESULTS_DIR, median_ms, setup_django, write_results  # noqa: E402

AGENCIES = 500
INDICATORS = 30


def build_cycle():
    from cchc.agencies.models import Agency, AgencyKind
    from cchc.core.models import Province
    from cchc.reports import services
    from cchc.reports.models import Indicator, ReportCycle, ReportSubmission

    province = Province.objects.create(name="Tỉnh Đo Hiệu Năng Báo Cáo", slug="do-hieu-nang-bao-cao")
    agencies = Agency.objects.bulk_create(
        [Agency(province=province, name=f"UBND xã Đo {i:03d}", kind=AgencyKind.COMMUNE) for i in range(AGENCIES)]
    )
    cycle = ReportCycle.objects.create(
        province=province,
        kind="q1",
        year=2027,
        title="Báo cáo công tác cải cách hành chính Quý I năm 2027",
        period_start="2026-12-15",
        period_end="2027-03-14",
        due_date="2027-03-15",
    )
    cycle.agencies.set(agencies)
    services._copy_template(cycle)
    section = cycle.sections.get(code="II")
    extra = INDICATORS - cycle.indicators.count()
    rules = ["sum", "average", "min", "max"]
    for i in range(extra):
        Indicator.objects.create(
            cycle=cycle,
            section=section,
            code=f"3.{i + 1}",
            name=f"Chỉ số bổ sung {i + 1}",
            rule=rules[i % 4],
            order=100 + i,
        )
    indicators = list(cycle.indicators.all())
    rng = random.Random(2027)
    areas = ["Cải cách thể chế", "Cải cách thủ tục hành chính", "Chính phủ điện tử, Chính phủ số"]
    submissions = []
    for agency in agencies:
        values = {}
        for indicator in indicators:
            if indicator.kind == "yes-no":
                values[indicator.code] = rng.choice(["1", "0", ""])
            elif indicator.kind == "number":
                values[indicator.code] = str(rng.randint(0, 500))
        values["2.4"] = str(min(int(values["2.3"]), int(values["2.4"])))
        prefill = {
            "tasks": {
                "by_status": {"done_on_time": 3, "overdue": 1, "in_progress": 2},
                "by_area": {a: {"done_on_time": 1, "in_progress": 1} for a in areas},
            },
            "targets": [{"text": "100% hồ sơ đúng hạn", "status": rng.choice(["met", "not-met"])}],
            "areas": [],
        }
        submissions.append(
            ReportSubmission(
                cycle=cycle,
                agency=agency,
                status="submitted",
                values=values,
                texts={"I": "Đã ban hành kế hoạch.", "V": rng.choice(["", "Thiếu kinh phí."])},
                prefill=prefill,
            )
        )
    ReportSubmission.objects.bulk_create(submissions)
    return cycle


def main() -> None:
    setup_django()
    from cchc.exports.reports import consolidated_docx, consolidated_xlsx
    from cchc.reports import queries
    from cchc.reports.models import ReportCycle

    cycle_id = build_cycle().pk

    def consolidate():
        return queries.consolidation(ReportCycle.objects.select_related("province").get(pk=cycle_id))

    result = consolidate()
    consolidate_ms = median_ms(consolidate, 5)
    docx_ms = median_ms(lambda: consolidated_docx(result), 3)
    xlsx_ms = median_ms(lambda: consolidated_xlsx(result), 3)
    board_ms = median_ms(lambda: queries.board(ReportCycle.objects.get(pk=cycle_id)), 5)
    from dashboard import AGENCIES as DASHBOARD_AGENCIES
    from dashboard import TASKS as DASHBOARD_TASKS
    from dashboard import measure_dashboard

    dashboard_s = measure_dashboard()
    figures = {
        "agencies": AGENCIES,
        "indicators": INDICATORS,
        "consolidate_s": round(consolidate_ms / 1000, 4),
        "board_s": round(board_ms / 1000, 4),
        "docx_s": round(docx_ms / 1000, 4),
        "xlsx_s": round(xlsx_ms / 1000, 4),
        "dashboard_s": round(dashboard_s, 4),  # bench/dashboard.py: 500 agencies, 10,000 tasks
        "goal_s": 2.0,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "reports.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    write_results(
        "reports",
        [
            f"consolidation of {AGENCIES} agencies x {INDICATORS} indicators: {consolidate_ms:.0f} ms "
            "(goal under 2000 ms)",
            f"board of {AGENCIES} agencies: {board_ms:.0f} ms",
            f"consolidated .docx: {docx_ms:.0f} ms; .xlsx: {xlsx_ms:.0f} ms",
            f"dashboard of {DASHBOARD_AGENCIES} agencies, {DASHBOARD_TASKS} tasks: {dashboard_s * 1000:.0f} ms",
        ],
    )


if __name__ == "__main__":
    main()

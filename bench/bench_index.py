"""Benchmark (issue 11, IDX-6): the reform index results of 5,000 agencies × 100 leaves, next to one bare SQL
aggregate over the same score rows on the same database (goal: within 3× of it).

`results_s`: `cchc.index.results.compute_results` (the SQL aggregate by file and area, index, ranks, bands, and
storing 5,000 Result rows), the median of 3 runs, each from no stored result. `bare_sql_s`: one
`SELECT assessment_id, SUM(appraised), SUM(survey) … GROUP BY assessment_id` over the campaign's score rows,
median of 3. Run with `make bench`; figures go to bench/results/index.json and index.txt. Nothing is asserted.
"""

import json
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import RESULTS_DIR, median_ms, setup_django, write_results  # noqa: E402

AGENCIES = 5000
LEAVES = 100  # 8 areas: 90 appraisal leaves, 8 survey leaves, 1 bonus, 1 penalty
AREAS = ["direction", "institutions", "procedures", "organisation", "civil-service", "public-finance"]
AREAS += ["modernisation", "impact"]


def build():
    import datetime as dt

    from cchc.agencies.models import Agency, AgencyKind
    from cchc.core.models import Province
    from cchc.index.models import (
        Assessment,
        Campaign,
        CampaignFramework,
        CampaignNode,
        Framework,
        Method,
        Score,
    )
    from cchc.regulation.models import ReformProgramme

    province = Province.objects.create(name="Tỉnh Đo Hiệu Năng Chỉ Số", slug="do-hieu-nang-chi-so")
    Agency.objects.bulk_create(
        [Agency(province=province, name=f"Sở Đo {i:04d}", kind=AgencyKind.DEPARTMENT) for i in range(AGENCIES)],
        batch_size=1000,
    )
    agencies = list(Agency.objects.filter(province=province).order_by("pk"))
    framework = Framework.objects.create(
        code="DO-HIEU-NANG",
        version=1,
        name="Bộ tiêu chí đo hiệu năng",
        agency_kind=AgencyKind.DEPARTMENT,
        programme=ReformProgramme.objects.first(),
        max_points=100,
    )
    campaign = Campaign.objects.create(
        province=province,
        year=2027,
        self_assessment_deadline=dt.date(2028, 1, 15),
        appraisal_deadline=dt.date(2028, 2, 15),
        explanation_deadline=dt.date(2028, 2, 28),
        publication_deadline=dt.date(2028, 3, 31),
        bands=[{"label": "Tốt", "min": "90"}, {"label": "Khá", "min": "80"}, {"label": "Yếu", "min": "0"}],
    )
    copy = CampaignFramework.objects.create(
        campaign=campaign,
        agency_kind=AgencyKind.DEPARTMENT,
        source=framework,
        code=framework.code,
        version=1,
        name=framework.name,
        max_points=100,
    )
    order = iter(range(1, 1000))
    leaves = []
    per_area = (LEAVES - 2) // len(AREAS)  # 12 a area, the 2 left over go to the last
    for index, area_code in enumerate(AREAS):
        count = per_area + (LEAVES - 2 - per_area * len(AREAS) if index == len(AREAS) - 1 else 0)
        area = CampaignNode.objects.create(
            framework=copy,
            kind=CampaignNode.Kind.AREA,
            code=f"A{index + 1}",
            name=area_code,
            area_code=area_code,
            max_points=Decimal(count),
            order=next(order),
        )
        for leaf in range(count):
            survey = area_code == "impact" and leaf < 8
            leaves.append(
                CampaignNode(
                    framework=copy,
                    parent=area,
                    kind=CampaignNode.Kind.CRITERION,
                    code=f"A{index + 1}.{leaf + 1}",
                    name=f"Tiêu chí {leaf + 1}",
                    area_code=area_code,
                    max_points=1,
                    method=Method.SURVEY if survey else Method.APPRAISAL,
                    order=next(order),
                )
            )
    for kind, code in ((CampaignNode.Kind.BONUS, "T1"), (CampaignNode.Kind.PENALTY, "D1")):
        leaves.append(CampaignNode(framework=copy, kind=kind, code=code, name=code, max_points=2, order=next(order)))
    CampaignNode.objects.bulk_create(leaves)
    leaves = list(CampaignNode.objects.filter(framework=copy).exclude(kind=CampaignNode.Kind.AREA))
    Assessment.objects.bulk_create(
        [Assessment(campaign=campaign, agency=agency, framework=copy) for agency in agencies], batch_size=1000
    )
    files = list(Assessment.objects.filter(campaign=campaign).values_list("pk", flat=True))
    rng = random.Random(2027)
    halves = [Decimal(n) / 2 for n in range(3)]  # 0, 0.5, 1
    batch = []
    for file_id in files:
        for leaf in leaves:
            points = rng.choice(halves)
            survey = leaf.method == Method.SURVEY
            batch.append(
                Score(
                    assessment_id=file_id,
                    node=leaf,
                    appraised_points=None if survey else points,
                    survey_points=points if survey else None,
                )
            )
        if len(batch) >= 20000:
            Score.objects.bulk_create(batch, batch_size=2000)
            batch = []
    Score.objects.bulk_create(batch, batch_size=2000)
    return campaign, len(leaves)


def main() -> None:
    setup_django()
    from django.db import connection

    from cchc.index.models import Campaign, Result, Score
    from cchc.index.results import compute_results

    campaign, leaves = build()
    scores = Score.objects.filter(assessment__campaign=campaign).count()

    timings = []
    for _ in range(3):
        Result.objects.filter(campaign=campaign).delete()
        timings.append(median_ms(lambda: compute_results(Campaign.objects.get(pk=campaign.pk)), 1))
    results_ms = sorted(timings)[1]
    stored = Result.objects.filter(campaign=campaign).count()
    score_table, file_table = Score._meta.db_table, Score.assessment.field.related_model._meta.db_table
    bare = (
        f"SELECT s.assessment_id, SUM(s.appraised_points), SUM(s.survey_points) FROM {score_table} s "
        f"JOIN {file_table} a ON a.id = s.assessment_id WHERE a.campaign_id = %s GROUP BY s.assessment_id"
    )

    def bare_sql():
        with connection.cursor() as cursor:
            cursor.execute(bare, [campaign.pk])
            return cursor.fetchall()

    bare_sql()
    bare_ms = median_ms(bare_sql, 3)
    figures = {
        "agencies": AGENCIES,
        "leaves": leaves,
        "scores": scores,
        "results_stored": stored,
        "results_s": round(results_ms / 1000, 4),
        "bare_sql_s": round(bare_ms / 1000, 4),
        "ratio": round(results_ms / bare_ms, 2),
        "goal_ratio": 3.0,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "index.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    write_results("index", [f"{key}: {value}" for key, value in figures.items()])


if __name__ == "__main__":
    main()

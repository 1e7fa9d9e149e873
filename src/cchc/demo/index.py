"""The demo's reform index (issue 11): the example frameworks, and Khánh Hòa's campaign of this year, just opened.

- The three example frameworks under data/frameworks/ (departments, communes, the province's own) are loaded as
  national examples, as `cchc load-framework` would (IDX-1).
- Khánh Hòa's Sở Nội vụ opens this year's campaign on the day of loading (IDX-2), with the frameworks for its
  departments and for UBND tỉnh (the province's own self-assessment, IDX-8), self-assessment due in 30 days.
- Sở Khoa học và Công nghệ has started its self-assessment (IDX-3): the leaves bound to data it holds are scored
  as the system suggests; the share of its tasks done on time cites the evidence of its own task, so nothing is
  uploaded twice.

Every write goes through the services a person uses, as one of the demo's accounts.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction

from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.models import Province
from cchc.demo.cycle import PROVINCE_SLUG, Story
from cchc.index import fileformat
from cchc.index import services as index_services
from cchc.index.models import Campaign, EvidenceSource, Framework, Score
from cchc.index.scoring import DEFAULT_BANDS

SCIENCE = "Sở Khoa học và Công nghệ"


def framework_files() -> list[Path]:
    return sorted((Path(settings.DATA_DIR) / "frameworks").glob("*.yaml"))


def load_frameworks() -> int:
    """IDX-1: the example frameworks, each version once (loading the same file again changes nothing)."""
    loaded = 0
    for path in framework_files():
        document = fileformat.parse(path.read_text(encoding="utf-8"))
        if not Framework.objects.filter(code=document.code, version=document.version).exists():
            index_services.load_framework(document)
            loaded += 1
    return loaded


def build(on: dt.date | None = None) -> str:
    """Khánh Hòa's campaign of the year, once: a province that already has it is left as it is."""
    on = on or today()
    loaded = load_frameworks()
    province = Province.objects.filter(slug=PROVINCE_SLUG).first()
    if province is None:
        return f"{loaded} bộ tiêu chí; không có tỉnh Khánh Hòa, bỏ qua"
    if Campaign.objects.filter(province=province, year=on.year).exists():
        return f"{loaded} bộ tiêu chí; đợt đánh giá năm {on.year} đã có, bỏ qua"
    story = Story(province)
    frameworks = {}
    for framework in Framework.objects.filter(province__isnull=True).order_by("code", "-version"):
        frameworks.setdefault(framework.agency_kind, framework)
    with transaction.atomic():
        campaign = index_services.open_campaign(
            province,
            actor=story.person("khoa.snv"),
            year=on.year,
            frameworks={
                kind: frameworks[kind] for kind in ("department", "provincial-committee") if kind in frameworks
            },
            deadlines={
                "self_assessment_deadline": on + dt.timedelta(days=30),
                "appraisal_deadline": on + dt.timedelta(days=60),
                "explanation_deadline": on + dt.timedelta(days=75),
                "publication_deadline": on + dt.timedelta(days=90),
            },
            bands=DEFAULT_BANDS,
            on=on,
        )
        scored = _science_starts(story, campaign, on)
    return f"{loaded} bộ tiêu chí; đợt đánh giá năm {on.year}, {SCIENCE} đã tự chấm {scored} tiêu chí"


def _science_starts(story: Story, campaign: Campaign, on: dt.date) -> int:
    """IDX-3: Sở KH&CN scores the leaves the system suggests a score for; its tasks' leaf cites a task's evidence."""
    from cchc.index import selfassessment, suggestions

    officer = story.person("khoa.skhcn")
    science = story.agency(SCIENCE)
    assessment = campaign.assessments.filter(agency=science).first()
    if assessment is None:
        return 0
    scores = list(Score.objects.filter(assessment=assessment).select_related("node").order_by("node__order"))
    suggested = suggestions.suggest(assessment, [score.node for score in scores], on)
    evidence = selfassessment.candidates(science)[EvidenceSource.TASK_EVIDENCE].first()
    scored = 0
    for score in scores:
        suggestion = suggested.get(score.node_id)
        if suggestion is None or suggestion.points is None:
            continue
        try:
            selfassessment.save_self_score(
                officer, score, suggestion.points, "Theo số liệu trên hệ thống.", score.revision, on=on
            )
        except UserError:
            continue
        scored += 1
        if evidence is not None and score.node.binding == "tasks-on-time":
            selfassessment.add_evidence(
                officer, score, source=EvidenceSource.TASK_EVIDENCE, record_id=evidence.pk, locator="Toàn văn"
            )
    return scored

"""IDX-4, IDX-5: reads of the appraisal: the grid of one area, the counts of the campaign page, the explanations an
agency has to answer. Each read issues a fixed number of queries, whatever the number of agencies."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef

from cchc.agencies.models import AgencyKind
from cchc.core.rules import EDITOR_ROLES, memberships
from cchc.index import appraisal_routing
from cchc.index.appraisal_routing import area_code_of, is_appraised
from cchc.index.models import (
    AppraisalState,
    Assessment,
    AssessmentStatus,
    CampaignNode,
    Score,
    ScoreEvidence,
)


def appraised_leaves(campaign) -> list:
    """Every leaf of the campaign's frameworks that is appraised (not survey), in order, with its framework. The
    province's own framework (UBND tỉnh's file, IDX-8) is not appraised in the province: it goes to the Ministry."""
    nodes = list(
        CampaignNode.objects.filter(framework__campaign=campaign)
        .exclude(framework__agency_kind=AgencyKind.PROVINCIAL_COMMITTEE)
        .select_related("framework")
        .order_by("order")
    )
    parents = {node.parent_id for node in nodes if node.parent_id}
    return [
        node for node in nodes if node.pk not in parents and node.kind != CampaignNode.Kind.AREA and is_appraised(node)
    ]


@dataclass
class GridTable:
    """One framework's part of the grid: its leaves of the area as columns, the agencies as rows."""

    framework: object
    leaves: list
    rows: list = field(default_factory=list)  # [(assessment, [(leaf, score or None)])]


def grid(campaign, area_code: str, route=None, appraiser_ids=None) -> list[GridTable]:
    """IDX-4: the rows (assessed agencies, submitted or not) and columns (the area's leaves) of the grid; with a
    route and the appraiser's agencies, only the assessed agencies they appraise (by the rows' scopes)."""
    leaves = [leaf for leaf in appraised_leaves(campaign) if area_code_of(leaf) == area_code]
    tables: dict[int, GridTable] = {}
    for leaf in leaves:
        tables.setdefault(leaf.framework_id, GridTable(leaf.framework, [])).leaves.append(leaf)
    if not tables:
        return []
    files = (
        Assessment.objects.filter(campaign=campaign, framework__in=list(tables))
        .exclude(agency__kind__in=appraisal_routing.NOT_APPRAISED_KINDS)
        .select_related("agency")
        .only(
            "id", "status", "framework_id", "revision", "agency__id", "agency__name", "agency__kind", "agency__parent"
        )
        .order_by("-status", "agency__name")
    )
    if route is not None:
        files = [file for file in files if route.appraises(appraiser_ids or (), file.agency)]
    scores = (
        Score.objects.filter(
            assessment__campaign=campaign,
            assessment__status=AssessmentStatus.SUBMITTED,
            node__in=[leaf.pk for leaf in leaves],
        )
        .annotate(has_evidence=Exists(ScoreEvidence.objects.filter(score=OuterRef("pk"))))
        .defer("updated_at")
    )
    by_cell = {(score.assessment_id, score.node_id): score for score in scores}
    for file in files:
        table = tables[file.framework_id]
        submitted = file.status == AssessmentStatus.SUBMITTED
        table.rows.append(
            (file, [(leaf, by_cell.get((file.pk, leaf.pk)) if submitted else None) for leaf in table.leaves])
        )
    return [table for table in tables.values() if table.rows or route is None]


@dataclass
class AreaCount:
    route: object
    to_appraise: int = 0
    awaiting: int = 0
    final: int = 0


def appraiser_counts(campaign, areas, appraiser_ids=None) -> list[AreaCount]:
    """IDX-4: for the appraiser's areas, how many leaves of submitted files wait for appraisal, for an
    explanation, or are final (one aggregate query); with the appraiser's agencies, only of the assessed agencies
    they appraise (grouped by the assessed agencies' kind and parent, decided in memory)."""
    counts = {route.code: AreaCount(route) for route in areas}
    if not counts:
        return []
    leaves = {leaf.pk: area_code_of(leaf) for leaf in appraised_leaves(campaign) if area_code_of(leaf) in counts}
    rows = (
        Score.objects.filter(
            assessment__campaign=campaign, assessment__status=AssessmentStatus.SUBMITTED, node__in=list(leaves)
        )
        .exclude(assessment__agency__kind__in=appraisal_routing.NOT_APPRAISED_KINDS)
        .values("node_id", "appraisal_state", "assessment__agency__kind", "assessment__agency__parent_id")
        .annotate(n=Count("id"))
    )
    for row in rows:
        count = counts[leaves[row["node_id"]]]
        if appraiser_ids is not None:
            ids = count.route.appraiser_ids(row["assessment__agency__kind"], row["assessment__agency__parent_id"])
            if not ids & set(appraiser_ids):
                continue
        state = row["appraisal_state"]
        if state in (AppraisalState.PENDING, AppraisalState.ANSWERED):
            count.to_appraise += row["n"]
        elif state == AppraisalState.EXPLANATION_REQUESTED:
            count.awaiting += row["n"]
        elif state == AppraisalState.FINAL:
            count.final += row["n"]
    return list(counts.values())


def answering_agencies(user, campaign) -> list:
    """The user's agencies (leader or focal officer) that have a file in the campaign."""
    mine = {m.agency_id for m in memberships(user) if m.role in EDITOR_ROLES}
    if not mine:
        return []
    return [
        file.agency for file in Assessment.objects.filter(campaign=campaign, agency__in=mine).select_related("agency")
    ]


def explanation_scores(campaign, agencies):
    """IDX-5: the leaves of the agencies' files with an explanation asked (waiting, answered, or since fixed)."""
    return (
        Score.objects.filter(assessment__campaign=campaign, assessment__agency__in=agencies)
        .exclude(explanation_request="")
        .select_related("node", "assessment__agency", "appraiser")
        .prefetch_related("events__actor", "events__agency")
        .order_by("assessment__agency__name", "node__order")
    )


def waiting_explanations(campaign, agencies) -> int:
    return Score.objects.filter(
        assessment__campaign=campaign,
        assessment__agency__in=agencies,
        appraisal_state=AppraisalState.EXPLANATION_REQUESTED,
    ).count()


def score_of_campaign(campaign, score_id: int):
    """A score of the campaign with what its pages show, or None."""
    return (
        Score.objects.filter(assessment__campaign=campaign, pk=score_id)
        .select_related("node", "assessment__agency", "assessment__campaign__province", "appraiser")
        .prefetch_related("events__actor", "events__agency", "evidence")
        .first()
    )

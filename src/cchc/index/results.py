"""Results of the reform index (IDX-6, IDX-7): compute and store one Result per assessed agency, publish, correct.

The sums are done in SQL, one aggregate grouped by file and reform area over every score row of the campaign; the
rest (index, rank within the group, band) is arithmetic of `scoring` on those few rows. Every page and export
reads the stored rows, so they all show the same rounding. The province's own file (its UBND tỉnh, IDX-8) is not
ranked and gets no result here.

After publication the stored results change only by a recorded correction (`correct_result`).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from cchc.agencies.models import AgencyKind
from cchc.core import audit
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.core.rules import can, standing_says
from cchc.index import scoring
from cchc.index.models import (
    Assessment,
    Campaign,
    CampaignFramework,
    CampaignNode,
    Method,
    Result,
    ResultCorrection,
    Score,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
NOT_RANKED_KINDS = (AgencyKind.PROVINCIAL_COMMITTEE,)
# The fields a correction compares (before and after).
COMPARED = (
    "appraised_points",
    "survey_points",
    "bonus_points",
    "penalty_points",
    "max_points",
    "percent",
    "group",
    "rank",
    "band",
    "areas",
)

PUBLISHED = "Kết quả đã công bố: chỉ thay đổi được bằng đính chính có ghi lý do (lãnh đạo {standing})."
LEADER_ONLY = "Chỉ lãnh đạo {standing} công bố hoặc đính chính kết quả Chỉ số CCHC."
STAFF_ONLY = "Chỉ {standing} tính lại kết quả Chỉ số CCHC."
SETTLED_STATES = ("accepted", "changed", "final")  # AppraisalState: the appraiser's word is given


def appraisal_left(campaign: Campaign) -> tuple[int, int]:
    """IDX-7: (leaves, agencies) of submitted files whose appraisal is not settled: not yet appraised, or an
    explanation asked or answered and the score not fixed (two queries, whatever the number of agencies)."""
    from django.db.models import Count

    from cchc.index.appraisal_queries import appraised_leaves
    from cchc.index.appraisal_routing import NOT_APPRAISED_KINDS
    from cchc.index.models import AssessmentStatus

    left = (
        Score.objects.filter(
            assessment__campaign=campaign,
            assessment__status=AssessmentStatus.SUBMITTED,
            node__in=[leaf.pk for leaf in appraised_leaves(campaign)],
        )
        .exclude(assessment__agency__kind__in=NOT_APPRAISED_KINDS)
        .exclude(appraisal_state__in=SETTLED_STATES)
        .aggregate(leaves=Count("id"), agencies=Count("assessment__agency", distinct=True))
    )
    return left["leaves"], left["agencies"]


def not_settled_message(leaves: int, agencies: int) -> str:
    return (
        f"Còn {leaves} tiêu chí của {agencies} cơ quan chưa thẩm định xong (chưa chấp nhận, điều chỉnh hoặc chốt "
        "điểm); chưa công bố được kết quả."
    )


@dataclass
class Computed:
    agency_id: int
    kind: str
    appraised: Decimal = ZERO
    survey: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    max_points: Decimal = ZERO
    areas: dict | None = None


def _money(value) -> Decimal:
    """A sum as Decimal to the cent (SQLite returns floats of the stored decimals, PostgreSQL Decimals)."""
    return ZERO if value is None else Decimal(str(value)).quantize(CENT)


def _aggregate(campaign: Campaign) -> dict[int, Computed]:
    """IDX-6: one SQL aggregate over the campaign's scores, grouped by file and reform area (4 queries in all)."""
    files = {
        row["id"]: row
        for row in Assessment.objects.filter(campaign=campaign)
        .exclude(agency__kind__in=NOT_RANKED_KINDS)
        .values("id", "agency_id", "agency__kind", "framework_id")
    }
    frameworks = dict(CampaignFramework.objects.filter(campaign=campaign).values_list("pk", "max_points"))
    area_max: dict[int, dict[str, Decimal]] = {}
    for framework_id, code, maximum in (
        CampaignNode.objects.filter(framework__campaign=campaign, kind=CampaignNode.Kind.AREA)
        .order_by("framework_id", "order")
        .values_list("framework_id", "area_code", "max_points")
    ):
        per = area_max.setdefault(framework_id, {})
        per[code] = per.get(code, ZERO) + Decimal(maximum)
    sums = _sums(campaign)
    computed: dict[int, Computed] = {}
    for file_id, file in files.items():
        maxima = area_max.get(file["framework_id"], {})
        computed[file_id] = Computed(
            agency_id=file["agency_id"],
            kind=file["agency__kind"],
            max_points=_money(frameworks.get(file["framework_id"])),
            areas={code: [ZERO, maximum] for code, maximum in maxima.items()},
        )
    for file_id, code, appraised, survey, penalty in sums:
        item = computed.get(file_id)
        if item is None:  # the province's own file
            continue
        appraised, survey = _money(appraised), _money(survey)
        if not code:  # bonus and penalty items belong to no area
            item.bonus += appraised
            item.penalty += _money(penalty)
            continue
        item.appraised += appraised
        item.survey += survey
        if code in item.areas:
            item.areas[code][0] += appraised + survey
    return {item.agency_id: item for item in computed.values()}


def _sums(campaign: Campaign) -> list[tuple]:
    """IDX-6: per file and reform area: appraised points of the appraisal leaves (in the area-less group: of the
    bonus items), survey points (of survey leaves: the import writes no other), penalty points. One SQL
    aggregate: the criteria and sub-criteria carry their area's code; bonus and penalty items none. Plain SQL, so
    that 500,000 score rows cost one grouped scan and no conversion of each value by the ORM."""
    quote = connection.ops.quote_name
    score, file, node = (quote(m._meta.db_table) for m in (Score, Assessment, CampaignNode))
    sql = (
        f"SELECT s.assessment_id, n.area_code, "
        f"SUM(CASE WHEN n.method <> %s AND n.kind <> %s THEN s.appraised_points END), "
        f"SUM(s.survey_points), "
        f"SUM(CASE WHEN n.kind = %s THEN s.appraised_points END) "
        f"FROM {score} s JOIN {file} a ON a.id = s.assessment_id JOIN {node} n ON n.id = s.node_id "
        f"WHERE a.campaign_id = %s GROUP BY s.assessment_id, n.area_code"
    )
    penalty = CampaignNode.Kind.PENALTY
    with connection.cursor() as cursor:
        cursor.execute(sql, [Method.SURVEY, penalty, penalty, campaign.pk])
        return cursor.fetchall()


def _band(percent: Decimal | None, bands: list[tuple[str, Decimal]]) -> str:
    """`scoring.classify` on bands validated once (the first band whose minimum the percent reaches)."""
    if percent is None:
        return ""
    return next((label for label, minimum in bands if percent >= minimum), "")


def _rows(campaign: Campaign, computed: dict[int, Computed]) -> dict[int, dict]:
    """IDX-6: the index, per-area breakdown, group, rank (1, 2, 2, 4 on the rounded percents) and band."""
    bands = scoring.validate_bands(campaign.bands or scoring.DEFAULT_BANDS)
    year_end = dt.date(campaign.year, 12, 31)
    rows: dict[int, dict] = {}
    for agency_id, item in computed.items():
        percent = scoring.index_percent(
            item.appraised, item.survey, item.max_points, bonus=item.bonus, penalty=item.penalty
        )
        areas = {}
        for code, (points, maximum) in item.areas.items():
            area_percent = scoring.round_percent(points * HUNDRED / maximum) if maximum > 0 else None
            areas[code] = {
                "points": str(points.quantize(CENT)),
                "max": str(Decimal(maximum).quantize(CENT)),
                "percent": None if area_percent is None else str(area_percent),
            }
        rows[agency_id] = {
            "appraised_points": item.appraised,
            "survey_points": item.survey,
            "bonus_points": item.bonus,
            "penalty_points": item.penalty,
            "max_points": item.max_points,
            "percent": percent,
            "group": scoring.ranking_group(item.kind, year_end) or "",
            "band": _band(percent, bands),
            "areas": areas,
            "rank": None,
        }
    groups: dict[str, dict[int, Decimal | None]] = {}
    for agency_id, row in rows.items():
        if row["group"]:
            groups.setdefault(row["group"], {})[agency_id] = row["percent"]
    for percents in groups.values():
        for agency_id, position in scoring.rank(percents).items():
            rows[agency_id]["rank"] = position
    return rows


def _store(campaign: Campaign, rows: dict[int, dict]) -> tuple[list[Result], list[tuple[Result, dict, dict]]]:
    """One Result per agency: new ones inserted, changed ones updated, stale ones deleted (plain parameterised SQL
    in batches: the ORM's bulk paths spend seconds preparing 5,000 rows). Returns the results and the (result,
    before, after) of those that changed."""
    existing = {result.agency_id: result for result in Result.objects.filter(campaign=campaign)}
    stale = [result.pk for agency_id, result in existing.items() if agency_id not in rows]
    if stale:
        Result.objects.filter(pk__in=stale).delete()
    new, changed = [], []
    now = timezone.now()
    for agency_id, values in rows.items():
        result = existing.get(agency_id)
        if result is None:
            new.append(Result(campaign_id=campaign.pk, agency_id=agency_id, computed_at=now, **values))
            continue
        before = snapshot(result)
        for name, value in values.items():
            setattr(result, name, value)
        after = snapshot(result)
        if before != after:
            result.computed_at = now
            changed.append((result, before, after))
    _write(new, insert=True)
    _write([c[0] for c in changed], insert=False)
    return [*new, *(r for r in existing.values() if r.agency_id in rows)], changed


STORED = (*COMPARED, "computed_at")


def _write(results: list[Result], *, insert: bool) -> None:
    if not results:
        return
    quote = connection.ops.quote_name
    table = quote(Result._meta.db_table)
    fields = [Result._meta.get_field(name) for name in STORED]
    areas, computed_at = Result._meta.get_field("areas"), Result._meta.get_field("computed_at")
    stamp = computed_at.get_db_prep_save(results[0].computed_at, connection)
    columns = [quote(field.column) for field in fields]

    def values(result: Result) -> list:
        out = [getattr(result, name) for name in COMPARED]
        out[COMPARED.index("areas")] = areas.get_db_prep_save(result.areas, connection)
        return [*out, stamp]

    if insert:
        sql = (
            f"INSERT INTO {table} (campaign_id, agency_id, {', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * (len(columns) + 2))})"
        )
        params = [[result.campaign_id, result.agency_id, *values(result)] for result in results]
    else:
        sql = f"UPDATE {table} SET {', '.join(f'{column} = %s' for column in columns)} WHERE id = %s"
        params = [[*values(result), result.pk] for result in results]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 1000):
            cursor.executemany(sql, params[start : start + 1000])


def snapshot(result: Result) -> dict:
    """A result's compared fields as text (JSON), for a correction's before and after."""
    out = {}
    for name in COMPARED:
        value = getattr(result, name)
        if isinstance(value, Decimal | float | int) and name != "rank":
            value = str(Decimal(str(value)).quantize(CENT))
        out[name] = value
    return out


def compute_results(campaign: Campaign, *, correction: bool = False):
    """IDX-6: compute and store the results of every assessed agency (the province's own file excepted).

    Refused after publication unless it is part of a recorded correction. Returns (results, changed)."""
    if campaign.published_at is not None and not correction:
        raise UserError(standing_says(PUBLISHED, campaign.province))
    rows = _rows(campaign, _aggregate(campaign))
    with transaction.atomic():
        return _store(campaign, rows)


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("province").get(pk=campaign.pk)


@transaction.atomic
def recompute(user, campaign: Campaign) -> int:
    """IDX-6: Sở Nội vụ recomputes on demand before publication. Returns how many results were written."""
    if not can(user, "index.compute_results", campaign):
        raise UserError(standing_says(STAFF_ONLY, campaign.province))
    campaign = _locked(campaign)
    results, changed = compute_results(campaign)
    audit.record(
        actor=user,
        obj=campaign,
        action=AuditEntry.Action.UPDATE,
        province=campaign.province,
        summary=f"Tính lại kết quả Chỉ số CCHC: {len(results)} cơ quan, {len(changed)} kết quả thay đổi",
    )
    return len(results)


@transaction.atomic
def publish(user, campaign: Campaign) -> Campaign:
    """IDX-7, SEC-1: the leader of Sở Nội vụ publishes: results recomputed, then the campaign marked published.
    Refused while a submitted file has a leaf whose appraisal is not settled (the message says how many)."""
    if not can(user, "index.publish_results", campaign):
        raise UserError(standing_says(LEADER_ONLY, campaign.province))
    campaign = _locked(campaign)
    if campaign.published_at is not None:
        raise UserError(f"Kết quả đã được công bố ngày {timezone.localtime(campaign.published_at):%d/%m/%Y}.")
    leaves, agencies = appraisal_left(campaign)
    if leaves:
        raise UserError(not_settled_message(leaves, agencies))
    results, _ = compute_results(campaign)
    if not results:
        raise UserError("Chưa có cơ quan nào được đánh giá trong đợt: không có kết quả để công bố.")
    before = audit.snapshot(campaign)
    campaign.published_at = timezone.now()
    campaign.published_by = user
    campaign.save(update_fields=["published_at", "published_by"])
    audit.record(
        actor=user,
        obj=campaign,
        action=AuditEntry.Action.UPDATE,
        province=campaign.province,
        before=before,
        after=audit.snapshot(campaign),
        summary=f"Công bố kết quả Chỉ số CCHC năm {campaign.year} ({len(results)} cơ quan)",
    )
    return campaign


@transaction.atomic
def correct_result(user, result: Result, reason: str) -> list[ResultCorrection]:
    """IDX-7: a published result changes only by a correction: the SNV leader, with a reason; the campaign is
    recomputed and each result that changed gets a ResultCorrection with its before and after."""
    campaign = result.campaign
    if not can(user, "index.correct_results", campaign):
        raise UserError(standing_says(LEADER_ONLY, campaign.province))
    reason = (reason or "").strip()
    if not reason:
        raise UserError("Cần ghi lý do đính chính.")
    if len(reason) > 2000:
        raise UserError("Lý do đính chính dài tối đa 2.000 ký tự.")
    campaign = _locked(campaign)
    if campaign.published_at is None:
        standing = campaign.province.standing_name
        raise UserError(f"Kết quả chưa công bố: {standing} tính lại kết quả, không cần đính chính.")
    _, changed = compute_results(campaign, correction=True)
    if not changed:
        raise UserError("Điểm không thay đổi nên không có kết quả nào cần đính chính.")
    corrections = ResultCorrection.objects.bulk_create(
        [ResultCorrection(result=r, reason=reason, before=b, after=a, actor=user) for r, b, a in changed]
    )
    for r, b, a in changed:
        audit.record(
            actor=user,
            obj=r,
            action=AuditEntry.Action.UPDATE,
            province=campaign.province,
            before=b,
            after=a,
            summary=f"Đính chính kết quả sau công bố: {reason}",
        )
    return corrections

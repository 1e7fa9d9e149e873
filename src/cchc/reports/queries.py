"""Reads of periodic reports shared by pages, exports and the API: the cycle board (RPT-3) and the consolidated
report, each in a fixed number of queries whatever the number of agencies; submission rates for dashboards."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse

from cchc.reports import consolidate
from cchc.reports.models import Indicator, ReportCycle, ReportSubmission
from cchc.tracking.status import DONE, TaskStatus

MISSING, DRAFTING, ON_TIME, LATE, RETURNED = "missing", "drafting", "on-time", "late", "returned"
STATE_LABELS = {
    MISSING: "Chưa gửi",
    DRAFTING: "Đang soạn",
    ON_TIME: "Đã gửi đúng hạn",
    LATE: "Gửi muộn",
    RETURNED: "Bị trả lại",
}
STATE_BADGES = {MISSING: "danger", DRAFTING: "secondary", ON_TIME: "success", LATE: "warning", RETURNED: "info"}


@dataclass
class BoardRow:
    agency: object
    latest: ReportSubmission | None  # the newest version, whatever its status
    standing: ReportSubmission | None  # the version submitted and not returned

    @property
    def state(self) -> str:
        if self.standing is not None:
            return LATE if self.standing.late else ON_TIME
        if self.latest is None:
            return MISSING
        if self.latest.status == ReportSubmission.Status.RETURNED or self.latest.version > 1:
            return RETURNED
        return DRAFTING

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.state]

    @property
    def has_standing_report(self) -> bool:
        return self.standing is not None


def board(cycle: ReportCycle) -> list[BoardRow]:
    """RPT-3: each agency in scope with its latest version and its standing report, in two queries."""
    agencies = list(cycle.agencies.order_by("name", "pk"))
    latest: dict[int, ReportSubmission] = {}
    standing: dict[int, ReportSubmission] = {}
    for submission in (
        ReportSubmission.objects.filter(cycle=cycle)
        .only("id", "agency_id", "version", "status", "late", "submitted_at", "returned_at", "return_comment")
        .order_by("agency_id", "version")
    ):
        latest[submission.agency_id] = submission
        if submission.status == ReportSubmission.Status.SUBMITTED:
            standing[submission.agency_id] = submission
    return [BoardRow(a, latest.get(a.pk), standing.get(a.pk)) for a in agencies]


def board_counts(rows: list[BoardRow]) -> dict[str, int]:
    counts = Counter(row.state for row in rows)
    return {state: counts.get(state, 0) for state in STATE_LABELS}


def submission_rates(province) -> list[tuple[ReportCycle, int, int]]:
    """(cycle, agencies with a standing report, agencies in scope) of each of the province's cycles, newest
    first, in one query (for the dashboards, TRK-6 "reports missing")."""
    cycles = ReportCycle.objects.filter(province=province).annotate(
        in_scope=Count("agencies", distinct=True),
        submitted=Count(
            "submissions__agency", filter=Q(submissions__status=ReportSubmission.Status.SUBMITTED), distinct=True
        ),
    )
    return [(c, c.submitted, c.in_scope) for c in cycles]


def versions(cycle: ReportCycle, agency) -> list[ReportSubmission]:
    return list(
        ReportSubmission.objects.filter(cycle=cycle, agency=agency)
        .select_related("submitted_by", "returned_by", "created_by")
        .order_by("-version")
    )


def agency_value(indicator: Indicator, values: dict):
    """One agency's value of an indicator: a percentage from its own numerator and denominator."""
    if indicator.is_percent:
        if not (indicator.numerator_id and indicator.denominator_id):
            return None
        return consolidate.ratio(
            consolidate.to_decimal(values.get(indicator.numerator.code)),
            consolidate.to_decimal(values.get(indicator.denominator.code)),
        )
    if indicator.kind == "yes-no":
        return consolidate.to_yes(values.get(indicator.code))
    return consolidate.to_decimal(values.get(indicator.code))


@dataclass
class IndicatorResult:
    indicator: Indicator
    value: Decimal | None
    reported: int  # agencies that gave a value


@dataclass
class Consolidation:
    cycle: ReportCycle
    sections: list
    results: list[IndicatorResult]
    submissions: list[ReportSubmission]
    in_scope: int
    tasks_by_area: dict[str, dict[str, int]] = field(default_factory=dict)
    tasks_by_agency: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    targets: list[tuple[str, dict]] = field(default_factory=list)  # (agency, target row)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (agency, text)
    texts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # section code -> [(agency, text)]
    area_texts: list[tuple[str, str, str]] = field(default_factory=list)  # RPT-2: (area, agency, text)

    @property
    def targets_met(self) -> int:
        return sum(1 for _, t in self.targets if t["status"] == "met")

    @property
    def targets_not_met(self) -> int:
        return sum(1 for _, t in self.targets if t["status"] == "not-met")

    @property
    def late(self) -> int:
        return sum(1 for s in self.submissions if s.late)


def _task_totals(counts: dict) -> dict[str, int]:
    done = sum(n for s, n in counts.items() if s in DONE)
    total = sum(counts.values())
    return {
        "total": total,
        "done": done,
        "overdue": counts.get(TaskStatus.OVERDUE, 0),
        "in_progress": counts.get(TaskStatus.IN_PROGRESS, 0),
        "not_started": counts.get(TaskStatus.NOT_STARTED, 0),
    }


def consolidation(cycle: ReportCycle) -> Consolidation:
    """RPT-3: the province's report from the standing reports: every indicator by its rule (a percentage from its
    numerator and denominator), tasks by area and agency, targets met or not, problems raised, the texts of each
    section by agency. Five queries, whatever the number of agencies."""
    sections = list(cycle.sections.order_by("order", "id"))
    indicators = list(cycle.indicators.select_related("numerator", "denominator").order_by("order", "id"))
    submissions = list(
        ReportSubmission.objects.filter(cycle=cycle, status=ReportSubmission.Status.SUBMITTED)
        .select_related("agency")
        .order_by("agency__name", "agency_id")
    )
    in_scope = cycle.agencies.count()
    results = []
    for indicator in indicators:
        if indicator.is_percent and indicator.numerator_id and indicator.denominator_id:
            nums = [s.values.get(indicator.numerator.code) for s in submissions]
            dens = [s.values.get(indicator.denominator.code) for s in submissions]
            value = consolidate.consolidate_ratio(nums, dens)
            reported = sum(
                1
                for n, d in zip(nums, dens, strict=True)
                if consolidate.to_decimal(n) is not None and consolidate.to_decimal(d) is not None
            )
        else:
            values = [s.values.get(indicator.code) for s in submissions]
            rule = consolidate.SUM if indicator.rule == consolidate.RATIO else indicator.rule
            value = consolidate.consolidate(rule, values)
            reported = sum(1 for v in values if v not in (None, ""))
        results.append(IndicatorResult(indicator, value, reported))

    result = Consolidation(cycle, sections, results, submissions, in_scope)
    by_area: dict[str, Counter] = defaultdict(Counter)
    problem_codes = {s.code for s in sections if s.problems}
    result.texts = {s.code: [] for s in sections}
    for submission in submissions:
        name = submission.agency.name
        tasks = (submission.prefill or {}).get("tasks", {})
        for area_name, counts in tasks.get("by_area", {}).items():
            by_area[area_name].update(counts)
        result.tasks_by_agency.append((name, _task_totals(tasks.get("by_status", {}))))
        for target in (submission.prefill or {}).get("targets", []):
            result.targets.append((name, target))
        for code, text in (submission.texts or {}).items():
            if text.strip() and code in result.texts:
                result.texts[code].append((name, text.strip()))
                if code in problem_codes:
                    result.problems.append((name, text.strip()))
        areas = {a["code"]: a["name"] for a in (submission.prefill or {}).get("areas", [])}
        for code, text in (submission.area_texts or {}).items():
            if text.strip():
                result.area_texts.append((areas.get(code, code), name, text.strip()))
    result.tasks_by_area = {a: _task_totals(c) for a, c in sorted(by_area.items())}
    return result


def cycles_of(province):
    return ReportCycle.objects.filter(province=province).annotate(in_scope=Count("agencies", distinct=True))


def my_submissions(cycles, agency_ids) -> dict[tuple[int, int], ReportSubmission]:
    """(cycle id, agency id) -> the agency's latest version, for the user's agencies, in one query."""
    latest = {}
    for s in ReportSubmission.objects.filter(cycle__in=list(cycles), agency_id__in=list(agency_ids)).order_by(
        "version"
    ):
        latest[(s.cycle_id, s.agency_id)] = s
    return latest


@dataclass(frozen=True)
class AgencyReport:
    """TRK-6: one cycle an agency reports in, with where its report stands (for its dashboard)."""

    cycle: ReportCycle
    agency_id: int
    latest: ReportSubmission | None

    def __str__(self) -> str:
        if self.latest is None:
            state = "chưa gửi"
        else:
            state = self.latest.get_status_display().lower()
            if self.latest.version > 1:
                state += f" (lần {self.latest.version})"
            if self.latest.late:
                state += ", gửi muộn"
        return f"{self.cycle.title}: {state}, hạn {self.cycle.due_date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("report-agency", args=[self.cycle.province.slug, self.cycle.pk, self.agency_id])


def agency_reports(agency, *, limit: int = 8) -> list[AgencyReport]:
    """TRK-6: the latest cycles the agency is asked to report in, newest first, with its latest version: two
    queries whatever the number of cycles."""
    cycles = list(
        ReportCycle.objects.filter(agencies=agency).select_related("province").order_by("-period_end", "-id")[:limit]
    )
    latest = my_submissions(cycles, [agency.pk])
    return [AgencyReport(cycle, agency.pk, latest.get((cycle.pk, agency.pk))) for cycle in cycles]

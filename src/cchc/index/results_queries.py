"""Reads of the stored results (IDX-6, IDX-7) for the results page, the campaign's section and the exports.

Who sees what: Sở Nội vụ's staff see every result; after publication everyone in the province does; before it,
a member of an assessed agency sees only its own row. The page reads a fixed number of queries whatever the number
of agencies (the stored results, last year's published ones, the areas' names).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from cchc.core.rules import can, memberships
from cchc.index.models import Campaign, CampaignNode, Result

GROUP_LABELS = {
    "department": "Sở, ban, ngành",
    "district": "UBND cấp huyện",
    "commune": "UBND cấp xã (xã, phường, đặc khu)",
    "": "Không xếp hạng",
}
GROUP_ORDER = ("department", "district", "commune", "")
# The heat map's colour of an area's percent (Bootstrap's subtle backgrounds); the number is always in the cell.
HEAT = ((Decimal(90), "bg-success-subtle"), (Decimal(80), "bg-info-subtle"), (Decimal(65), "bg-warning-subtle"))


def number(value, places: int = 2) -> str:
    """A decimal as Vietnamese write it: comma before the decimals ("83,33"); "—" for none."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(str(value)):.{places}f}".replace(".", ",")


def heat_class(percent) -> str:
    if percent is None:
        return "bg-body-secondary"
    for minimum, css in HEAT:
        if Decimal(str(percent)) >= minimum:
            return css
    return "bg-danger-subtle"


@dataclass
class Row:
    result: Result
    change: Decimal | None  # points of percent since last year's published result; None: no result last year
    areas: list = field(default_factory=list)  # [(percent text, points text, max text, css class)]

    @property
    def change_text(self) -> str:
        if self.change is None:
            return "—"
        return ("+" if self.change > 0 else "") + number(self.change)


@dataclass
class Group:
    code: str
    label: str
    rows: list[Row]

    def chart(self) -> dict:
        return {
            "labels": [r.result.agency.name for r in self.rows],
            "data": [float(r.result.percent) if r.result.percent is not None else 0 for r in self.rows],
        }


@dataclass
class Page:
    campaign: Campaign
    groups: list[Group]
    areas: list[tuple[str, str]]  # (area code, name) in framework order
    sees_all: bool
    rows: int

    def chart_data(self) -> dict:
        return {f"ranking-{g.code or 'none'}": g.chart() for g in self.groups}


def sees_all(user, campaign: Campaign) -> bool:
    return can(user, "index.view_all_results", campaign)


def visible_results(user, campaign: Campaign):
    """IDX-7: the stored results this user may read, with their agencies."""
    results = Result.objects.filter(campaign=campaign).select_related("agency")
    if not sees_all(user, campaign):
        own = [m.agency_id for m in memberships(user)]
        results = results.filter(agency_id__in=own)
    return results.order_by("group", "rank", "agency__name")


def area_names(campaign: Campaign) -> list[tuple[str, str]]:
    """The reform areas of the campaign's frameworks, in framework order, each once."""
    names: dict[str, str] = {}
    for code, name in (
        CampaignNode.objects.filter(framework__campaign=campaign, kind=CampaignNode.Kind.AREA)
        .order_by("framework__agency_kind", "order")
        .values_list("area_code", "name")
    ):
        names.setdefault(code, name)
    return list(names.items())


def last_year(campaign: Campaign) -> dict[int, Decimal]:
    """IDX-7: last year's published percent per agency of the same province."""
    return dict(
        Result.objects.filter(
            campaign__province_id=campaign.province_id,
            campaign__year=campaign.year - 1,
            campaign__published_at__isnull=False,
            percent__isnull=False,
        ).values_list("agency_id", "percent")
    )


def results_page(user, campaign: Campaign) -> Page:
    results = list(visible_results(user, campaign))
    previous = last_year(campaign) if results else {}
    areas = area_names(campaign) if results else []
    by_group: dict[str, list[Row]] = {}
    for result in results:
        before = previous.get(result.agency_id)
        change = None if before is None or result.percent is None else result.percent - before
        cells = []
        for code, _ in areas:
            area = (result.areas or {}).get(code)
            if area is None:
                cells.append(("—", "", "", "bg-body-secondary"))
                continue
            cells.append(
                (number(area["percent"]), number(area["points"]), number(area["max"]), heat_class(area["percent"]))
            )
        by_group.setdefault(result.group, []).append(Row(result, change, cells))
    groups = [
        Group(code, GROUP_LABELS.get(code, code), by_group[code])
        for code in sorted(by_group, key=lambda c: GROUP_ORDER.index(c) if c in GROUP_ORDER else 99)
    ]
    return Page(campaign, groups, areas, sees_all(user, campaign), len(results))


def campaign_section(user, campaign: Campaign) -> dict:
    """IDX-6, IDX-7: what the campaign page's results section shows and offers this user."""
    return {
        "can_import": can(user, "index.import_survey", campaign),
        "can_compute": campaign.published_at is None and can(user, "index.compute_results", campaign),
        "can_publish": campaign.published_at is None and can(user, "index.publish_results", campaign),
        "can_correct": campaign.published_at is not None and can(user, "index.correct_results", campaign),
        "results": Result.objects.filter(campaign=campaign).count(),
    }

"""IDX-4: who appraises which leaves of a campaign, by the regulation in force (never by code).

For each reform area of the campaign's frameworks, `cchc.regulation.routing.route_appraisers` names the
appraisers (an agency, or a group resolved on the day, successors followed). An area the regulation assigns to
nobody goes to the standing agency (Sở Nội vụ), and the page says so. Bonus and penalty items belong to no area:
the standing agency appraises them. Survey leaves (IDX-6) are not appraised. The province's own file (UBND tỉnh,
IDX-8) is not appraised by the province.

The whole campaign is routed at once (`route_campaign`): a handful of queries per area of the framework, never
per agency or per leaf, so pages that ask it stay constant as agencies grow.

Whom an appraiser appraises (docs/decisions/0013-appraisal-scope.md): an appraisal row of the regulation may
concern only the assessed agencies of some kinds, and only those under the agency it names (a group "UBND cấp
huyện", each district for the communes whose parent it is). For one assessed agency, the rows that concern it
by kind or parent win over the rows without a scope; where no row concerns it, the standing agency appraises
it. The routing reads the rows once per area; which agency a leaf of an assessed agency goes to is then decided
in memory from the agency's kind and parent (`AreaRoute.appraiser_ids`), never with a query per agency.
"""

from dataclasses import dataclass, field

from cchc.agencies.models import AgencyKind
from cchc.core.dates import today
from cchc.core.models import STANDING_ROLE
from cchc.index.models import CampaignNode, Method
from cchc.regulation.routing import NoRegulationInForce, route_appraisers, standing_agency_for_permissions

NO_AREA = ""  # bonus and penalty items
NOT_APPRAISED_KINDS = frozenset({AgencyKind.PROVINCIAL_COMMITTEE})  # IDX-8: the province's own file
FALLBACK_NOTE = "Quy chế không giao; {standing} thẩm định"
NO_REGULATION_NOTE = "Chưa có quy chế phối hợp có hiệu lực; {standing} thẩm định"
EXTRA_NOTE = "Điểm thưởng, điểm trừ: {standing} thẩm định"
SCOPED_FALLBACK_NOTE = "Các cơ quan được đánh giá mà quy chế không giao ai thẩm định: {standing} thẩm định"


@dataclass
class AreaRoute:
    """The appraisers of one area of a campaign, and why."""

    code: str
    name: str
    agencies: list = field(default_factory=list)  # Agency rows: every agency that appraises some assessed agency
    explanations: list[str] = field(default_factory=list)
    note: str = ""  # set when the regulation names nobody (for some assessed agencies)
    routes: list = field(default_factory=list)  # regulation.routing.Route, with their scopes
    fallback: object = None  # the standing agency: for the assessed agencies no route concerns

    @property
    def agency_ids(self) -> set[int]:
        return {agency.pk for agency in self.agencies}

    def appraiser_ids(self, kind: str, parent_id: int | None) -> set[int]:
        """IDX-4: the agencies that appraise this area for an assessed agency of this kind and parent (no query)."""
        scoped = {route.agency.pk for route in self.routes if route.scoped and route.concerns(kind, parent_id)}
        if scoped:
            return scoped
        general = {route.agency.pk for route in self.routes if not route.scoped}
        if general:
            return general
        return {self.fallback.pk} if self.fallback is not None else set()

    def appraises(self, agency_ids, assessed) -> bool:
        """IDX-4: one of the agencies appraises this area for the assessed agency (an Agency, or a row with
        `kind` and `parent_id`)."""
        return bool(self.appraiser_ids(assessed.kind, assessed.parent_id) & set(agency_ids))

    @property
    def label(self) -> str:
        """The area's name as the framework writes it (its code is the programme's, in English: never shown)."""
        return self.name


def area_code_of(node) -> str:
    """The area a leaf is routed by: its area, or none for bonus and penalty items."""
    if node.kind in (CampaignNode.Kind.BONUS, CampaignNode.Kind.PENALTY):
        return NO_AREA
    return node.area_code


def is_appraised(node) -> bool:
    return node.method != Method.SURVEY


def route_campaign(campaign, on=None) -> dict[str, AreaRoute]:
    """IDX-4: {area code: AreaRoute} for every area of the campaign's frameworks (and "" for bonus and penalty
    items when the frameworks have them), in the frameworks' order."""
    on = on or today()
    province = campaign.province
    names: dict[str, str] = {}
    for node in (
        CampaignNode.objects.filter(framework__campaign=campaign)
        .filter(parent__isnull=True)
        .order_by("framework__agency_kind", "order")
        .only("kind", "code", "name", "area_code")
    ):
        code = area_code_of(node)
        names.setdefault(code, "Điểm thưởng, điểm trừ" if code == NO_AREA else node.name)
    standing = standing_agency_for_permissions(province, on)
    standing_name = standing.name if standing is not None else STANDING_ROLE  # the notes name it as recorded
    routes: dict[str, AreaRoute] = {}
    for code, name in names.items():
        route = AreaRoute(code, name)
        try:
            found = route_appraisers(province, code, on) if code else []
        except NoRegulationInForce:
            found, route.note = [], NO_REGULATION_NOTE.format(standing=standing_name)
        route.routes, route.fallback = found, standing
        if found:
            route.agencies = list({r.agency.pk: r.agency for r in found}.values())
            route.explanations = [r.explain() for r in found]
        if all(r.scoped for r in found):  # some assessed agencies (or all) are concerned by no route
            note = EXTRA_NOTE if code == NO_AREA else SCOPED_FALLBACK_NOTE if found else FALLBACK_NOTE
            route.note = route.note or note.format(standing=standing_name)
            if standing is not None and standing.pk not in route.agency_ids:
                route.agencies.append(standing)
        routes[code] = route
    return routes


def areas_of_agencies(routes: dict[str, AreaRoute], agency_ids) -> list[AreaRoute]:
    """The areas that any of the agencies appraises."""
    wanted = set(agency_ids)
    return [route for route in routes.values() if route.agency_ids & wanted]


def appraising_agency(user, campaign, node, assessed, routes=None):
    """The user's agency (leader or focal officer) that the regulation gives this leaf of the assessed agency
    to, or None (IDX-4: an appraiser never touches an agency it does not appraise)."""
    from cchc.core.rules import acting_agencies

    if not is_appraised(node):
        return None
    routes = routes if routes is not None else route_campaign(campaign)
    route = routes.get(area_code_of(node))
    if route is None:
        return None
    agencies = acting_agencies(user, campaign.province, route.appraiser_ids(assessed.kind, assessed.parent_id))
    return agencies[0] if agencies else None


def user_areas(user, campaign, routes=None) -> tuple[list[AreaRoute], dict[str, AreaRoute]]:
    """The areas the user appraises (as leader or focal officer of a routed agency), and the whole routing."""
    routes = routes if routes is not None else route_campaign(campaign)
    mine = user_agency_ids(user, campaign, routes)
    return areas_of_agencies(routes, mine), routes


def user_agency_ids(user, campaign, routes) -> set[int]:
    """The user's agencies (leader or focal officer) among the campaign's appraisers."""
    from cchc.core.rules import acting_agencies

    every = {pk for route in routes.values() for pk in route.agency_ids}
    return {agency.pk for agency in acting_agencies(user, campaign.province, every)}


def cached_user_areas(user, campaign) -> tuple[list[AreaRoute], dict[str, AreaRoute]]:
    """`user_areas`, computed once per request (the rule and the page share it)."""
    from cchc.core.rules import per_request

    return per_request(user, f"appraisal-areas:{campaign.pk}", lambda: user_areas(user, campaign))


def cached_user_agency_ids(user, campaign) -> set[int]:
    """`user_agency_ids` for the campaign's routing, once per request."""
    from cchc.core.rules import per_request

    def compute():
        return user_agency_ids(user, campaign, cached_user_areas(user, campaign)[1])

    return per_request(user, f"appraisal-agencies:{campaign.pk}", compute)

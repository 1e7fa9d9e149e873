"""Reads of the reform index shared by pages and the API."""

from django.db.models import Q
from django.http import Http404

from cchc.index.models import Campaign, Framework


def frameworks_for(province):
    """The frameworks a province may use: those of no province (national, examples) and its own."""
    return (
        Framework.objects.filter(Q(province__isnull=True) | Q(province=province))
        .select_related("programme", "province")
        .order_by("agency_kind", "code", "-version")
    )


def framework_or_404(province, framework_id: int) -> Framework:
    framework = frameworks_for(province).filter(pk=framework_id).first()
    if framework is None:
        raise Http404("Không tìm thấy bộ tiêu chí.")
    return framework


def tree(nodes) -> list[tuple[object, int]]:
    """The nodes in order with their depth (0: area, bonus or penalty item), for a read-only tree."""
    nodes = list(nodes)
    depth: dict[int, int] = {}
    result = []
    for node in sorted(nodes, key=lambda n: n.order):
        depth[node.pk] = 0 if node.parent_id is None else depth.get(node.parent_id, 0) + 1
        result.append((node, depth[node.pk]))
    return result


def campaigns_of(province):
    return Campaign.objects.filter(province=province).prefetch_related("frameworks").order_by("-year")


def campaign_or_404(province, year: int) -> Campaign:
    campaign = campaigns_of(province).filter(year=year).first()
    if campaign is None:
        raise Http404("Không tìm thấy đợt đánh giá.")
    return campaign

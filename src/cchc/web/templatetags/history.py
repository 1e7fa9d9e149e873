"""ORG-5: the banner on an old province's pages when the successor province's people read them (read-only), and
the plans of an agency with those of its predecessors."""

from django import template
from django.db.models import Count

from cchc.core.rules import can, is_province_member, is_successor_reader
from cchc.plans.models import Plan, Task
from cchc.web.history import UNISSUED

register = template.Library()


@register.inclusion_tag("web/_predecessor_banner.html", takes_context=True)
def predecessor_banner(context, province):
    """Shown on every page of a province that merged into another, to a reader who reads it as the successor's
    history (not one of its own people, nor its administrator): "Hồ sơ của <old> trước khi hợp nhất vào <new>
    (chỉ xem)". Costs nothing on other provinces' pages, one query (the successor's name) on the old one's."""
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = bool(
        province is not None
        and getattr(province, "successor_id", None)
        and user is not None
        and user.is_authenticated
        and not is_province_member(user, province)
        and is_successor_reader(user, province)
    )
    return {"shown": shown, "old": province, "new": province.successor if shown else None}


@register.inclusion_tag("web/_agency_plans.html", takes_context=True)
def agency_plans(context, agency, predecessors):
    """ORG-5: on an agency's page, the plans it prepared and the tasks it leads, with those of the agencies whose
    work it carries on (predecessors: (agency, merged, linked) triples), each marked as theirs. Two queries."""
    user = context["request"].user
    before = {p.pk: (p, merged) for p, merged, _linked in predecessors}
    ids = [agency.pk, *before]
    plans = (
        Plan.objects.filter(owner_id__in=ids, discarded=False)
        .select_related("province", "owner")
        .annotate(task_count=Count("tasks", distinct=True))
        .order_by("-start_year", "-signed_on", "title", "id")
    )
    led = dict(
        Task.objects.filter(lead_id__in=ids, plan__discarded=False)
        .exclude(plan__status__in=UNISSUED)
        .values("lead_id")
        .annotate(n=Count("id"))
        .values_list("lead_id", "n")
    )
    rows = [(plan, before.get(plan.owner_id)) for plan in plans if can(user, "plans.view_plan", plan)]
    parties = [(agency, "own"), *((a, "merged" if merged else "predecessor") for a, merged in before.values())]
    led_rows = [(a, relation, led[a.pk]) for a, relation in parties if led.get(a.pk)]
    return {"agency": agency, "rows": rows, "led_rows": led_rows}

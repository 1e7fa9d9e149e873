"""Home page, province page and health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_safe

from cchc.agencies.models import AgencyKind, Membership
from cchc.agencies.queries import agencies_active_on
from cchc.core.dates import today
from cchc.core.rules import can, memberships, visible_provinces
from cchc.core.scope import visible_province_or_404
from cchc.plans import cycle
from cchc.regulation import routing


@login_required
@require_GET
def home(request):
    provinces = list(visible_provinces(request.user))
    if len(provinces) == 1:
        return redirect("province", slug=provinces[0].slug)
    memberships = Membership.objects.active().filter(user=request.user).select_related("agency__province")
    return render(request, "web/home.html", {"provinces": provinces, "memberships": memberships, "today": today()})


@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
@require_GET
def province(request, slug):
    province = visible_province_or_404(request.user, slug)
    on = today()
    regulation = routing.regulation_in_force(province, on)
    labels = dict(AgencyKind.choices)
    counts = agencies_active_on(province, on).values_list("kind").annotate(n=Count("id")).order_by("kind")
    mine = [m.agency for m in memberships(request.user) if m.agency.province_id == province.pk]
    return render(
        request,
        "web/province.html",
        {
            "province": province,
            "regulation": regulation,
            "replaced_by": [],
            "outdated": routing.outdated_names(regulation, on) if regulation else [],
            "can_edit": can(request.user, "regulation.edit", province),
            "counts": [(labels.get(kind, kind), n) for kind, n in counts],
            "today": on,
            # What is waiting for the user's agencies: calls for proposals, drafts to comment on, notifications.
            "open_calls": cycle.open_calls_for(mine),
            "consultations": list(cycle.consultations_for(mine)),
            "notifications": list(request.user.notifications.filter(province=province, read_at__isnull=True)[:8]),
        },
    )

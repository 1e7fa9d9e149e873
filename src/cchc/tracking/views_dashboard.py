"""TRK-6, U-4: the dashboards: the province's (tasks per area, overdue per lead, targets met, update rate, report
submission rate) and an agency's (its tasks, deadlines, overdue tasks, notifications, reports).

Rule: `core.view_province` (the province's people, and read-only those of a province it merged into); another
province, an agency of another province: 404. The figures come from `cchc.tracking.dashboard`.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cchc.agencies.models import Agency
from cchc.core.dates import today
from cchc.core.params import ID_MAX, YEAR_MAX, YEAR_MIN, lenient, parse_int
from cchc.core.scope import visible_province_or_404
from cchc.tracking import dashboard

NOTIFICATIONS_SHOWN = 8


def _years(year: int) -> range:
    """The years offered in the year picker around the one shown."""
    return range(max(YEAR_MIN, year - 2), min(YEAR_MAX, year + 1) + 1)


def _year(request, on) -> int:
    """The year shown (?nam=YYYY), this year by default; a bad value is ignored with a message."""
    return lenient(request, parse_int, request.GET.get("nam"), low=YEAR_MIN, high=YEAR_MAX, label="Năm") or on.year


@login_required
@require_GET
def province_dashboard(request, slug):
    """TRK-6, U-4: the province's dashboard (rule core.view_province)."""
    province = visible_province_or_404(request.user, slug)
    on = today()
    data = dashboard.province_dashboard(province, year=_year(request, on), on=on)
    return render(
        request,
        "tracking/dashboard_province.html",
        {
            "province": province,
            "d": data,
            "chart_data": data.chart_data(),
            "window": dashboard.UPDATE_WINDOW_DAYS,
            "top": dashboard.TOP_OVERDUE,
            "years": _years(data.year),
        },
    )


@login_required
@require_GET
def agency_dashboard(request, slug, agency_id):
    """TRK-6, U-4: an agency's dashboard (rule core.view_province); an agency of another province: 404."""
    province = visible_province_or_404(request.user, slug)
    agency = Agency.objects.filter(pk=agency_id, province=province).first() if 0 < agency_id <= ID_MAX else None
    if agency is None:
        raise Http404("Không tìm thấy cơ quan, đơn vị.")
    on = today()
    data = dashboard.agency_dashboard(agency, year=_year(request, on), on=on)
    unread = request.user.notifications.filter(province=province, read_at__isnull=True)
    return render(
        request,
        "tracking/dashboard_agency.html",
        {
            "province": province,
            "agency": agency,
            "d": data,
            "chart_data": data.chart_data(),
            "window": dashboard.DEADLINE_WINDOW_DAYS,
            "update_window": dashboard.UPDATE_WINDOW_DAYS,
            "notifications": list(unread[:NOTIFICATIONS_SHOWN]),
            "unread_count": unread.count(),
            "years": _years(data.year),
        },
    )

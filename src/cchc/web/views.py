"""Home page, province page, its history before the mergers, and health check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST, require_safe

from cchc.agencies.models import AgencyKind, Membership
from cchc.agencies.queries import agencies_active_on
from cchc.core import notify
from cchc.core.dates import today
from cchc.core.params import ID_MAX, lenient, parse_int
from cchc.core.rules import can, memberships, visible_provinces
from cchc.core.scope import visible_province_or_404
from cchc.regulation import queries as regulation_queries
from cchc.regulation import routing
from cchc.web import history, todo


@login_required
@require_GET
def home(request):
    provinces = list(visible_provinces(request.user))
    # ORG-5: a province merged into one the user also sees is that one's history, not a place to choose.
    shown = {p.pk for p in provinces}
    working = [p for p in provinces if p.successor_id not in shown]
    if len(working) == 1:
        return redirect("province", slug=working[0].slug)
    memberships = Membership.objects.active().filter(user=request.user).select_related("agency__province")
    waiting = todo.for_request(request)
    groups = [(p, waiting.items_of(p)) for p in provinces]
    return render(
        request,
        "web/home.html",
        {
            "provinces": provinces,
            "memberships": memberships,
            "today": today(),
            "todo_groups": [(p, items) for p, items in groups if items],
        },
    )


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
    waiting = todo.for_request(request)
    # ORG-5: the province it merged into, and those merged into it; linked only where the user may already look
    # (one query each, however many predecessors).
    predecessors = list(province.predecessors.all())
    successor = province.successor if province.successor_id else None
    related = [p.pk for p in predecessors] + ([successor.pk] if successor else [])
    linked = (
        set(visible_provinces(request.user).filter(pk__in=related).values_list("pk", flat=True)) if related else set()
    )
    return render(
        request,
        "web/province.html",
        {
            "province": province,
            "successor": successor,
            "predecessors": [(p, p.pk in linked) for p in predecessors],
            "successor_linked": successor is not None and successor.pk in linked,
            "regulation": regulation,
            "replaced_by": [],
            "outdated": routing.outdated_names(regulation, on) if regulation else [],
            "can_edit": can(request.user, "regulation.edit", province),
            # ORG-5: without a regulation of its own, what the predecessors had (and a draft from it)
            "from_predecessors": regulation_queries.predecessor_regulations(province, on) if regulation is None else [],
            "can_draft_from_predecessor": can(request.user, "regulation.draft_from_predecessor", province),
            "counts": [(labels.get(kind, kind), n) for kind, n in counts],
            "today": on,
            # What waits for the user in this province (PLAN-4, PLAN-5, TRK-6), and their unread notifications.
            "todo_items": waiting.items_of(province),
            "todo_summary": waiting.summary_of(province),
            "notifications": list(request.user.notifications.filter(province=province, read_at__isnull=True)[:8]),
            # TRK-6: the dashboards of the user's agencies in this province (memberships are read once per request)
            "my_agencies": [m.agency for m in memberships(request.user) if m.agency.province_id == province.pk],
        },
    )


@login_required
@require_GET
def province_history(request, slug):
    """ORG-5: "Lịch sử trước hợp nhất": each province merged into this one (and its last day), its regulations
    and its issued plans under the agency that did the work, each linked to its page in the old province, which
    the successor's people read (read-only). A province with no predecessors has no history: 404."""
    province = visible_province_or_404(request.user, slug)
    entries = history.history_of(province)
    if not entries:
        raise Http404("Tỉnh, thành phố này không có tỉnh nào hợp nhất vào.")
    return render(request, "web/province_history.html", {"province": province, "entries": entries})


# --- notifications ---------------------------------------------------------------------------------------------

NOTIFICATIONS_PER_PAGE = 20


@login_required
@require_GET
def notifications(request):
    """The user's notifications, unread first, then newest first, NOTIFICATIONS_PER_PAGE a page (?trang=N); and
    their choice of e-mail (TRK-4)."""
    number = lenient(request, parse_int, request.GET.get("trang"), low=1, high=ID_MAX, label="Trang") or 1
    ordered = (
        request.user.notifications.select_related("province")
        .annotate(unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-unread", "-created_at", "-id")
    )
    paginator = Paginator(ordered, NOTIFICATIONS_PER_PAGE)
    page = paginator.get_page(number)
    return render(
        request,
        "web/notifications.html",
        {"page": page, "paginator": paginator, "wants_email": notify.wants_email(request.user)},
    )


@login_required
@require_POST
def notification_settings(request):
    """TRK-4: the person turns e-mail on or off ("Nhận thư điện tử"); their own setting only."""
    choice = request.POST.get("email", "")
    if choice not in {"0", "1"}:
        messages.error(request, "Lựa chọn không hợp lệ: hãy chọn có hoặc không nhận thư điện tử.")
        return redirect("notifications")
    notify.set_email_choice(request.user, choice == "1")
    if choice == "1" and not request.user.email:
        messages.warning(
            request,
            "Đã bật nhận thư điện tử, nhưng tài khoản chưa có địa chỉ thư: đề nghị quản trị viên tỉnh bổ sung.",
        )
    else:
        messages.success(
            request,
            "Đã bật nhận thư điện tử." if choice == "1" else "Đã tắt nhận thư điện tử: chỉ thông báo trong hệ thống.",
        )
    return redirect("notifications")


def _back(request):
    """Where to go after marking read: the page the form came from (this site only), else the notifications."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications")


@login_required
@require_POST
def notification_read(request, notification_id):
    """Mark one of one's own notifications read; another user's id is not found (and nothing changes)."""
    if not 0 < notification_id <= ID_MAX or notify.mark_read(request.user, notification_id) is None:
        raise Http404("Không tìm thấy thông báo.")
    messages.success(request, "Đã đánh dấu thông báo là đã đọc.")
    return _back(request)


@login_required
@require_POST
def notification_open(request, notification_id):
    """Open a notification's link: it is marked read, then the page it points to opens."""
    notification = notify.mark_read(request.user, notification_id) if 0 < notification_id <= ID_MAX else None
    if notification is None:
        raise Http404("Không tìm thấy thông báo.")
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, {request.get_host()}, require_https=request.is_secure()):
        return redirect(link)
    return redirect(reverse("notifications"))


@login_required
@require_POST
def notifications_read_all(request):
    count = notify.mark_all_read(request.user)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc." if count else "Không còn thông báo chưa đọc.")
    return _back(request)

"""Agency pages: list with accent-insensitive search, detail with members and history, edit, memberships."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.agencies import queries, services
from cchc.agencies.forms import AgencyForm, MembershipForm
from cchc.agencies.models import Agency, AgencyKind, Membership
from cchc.core import audit
from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.params import lenient, parse_choice, parse_search
from cchc.core.rules import can, require
from cchc.core.scope import visible_province_or_404


@login_required
@require_GET
def agency_list(request, slug):
    province = visible_province_or_404(request.user, slug)
    query = parse_search(request.GET.get("q"))  # SEC-3
    kind = (
        lenient(request, parse_choice, request.GET.get("kind"), choices=AgencyKind.values, label="Loại cơ quan") or ""
    )
    context = {
        "province": province,
        "agencies": queries.search_agencies(province, query, kind),
        "predecessor_agencies": queries.search_predecessor_agencies(province, query, kind),
        "query": query,
        "kind": kind,
        "kinds": AgencyKind.choices,
        "today": today(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "agencies/_agency_rows.html", context)
    groups = list(queries.groups_of(province))
    context["groups"] = [(group, group.resolve(today())) for group in groups]
    return render(request, "agencies/agency_list.html", context)


def _agency(province, agency_id) -> Agency:
    agency = queries.search_agencies(province).filter(pk=agency_id).first()
    if agency is None:
        raise Http404("Không tìm thấy cơ quan.")
    return agency


@login_required
@require_GET
def agency_detail(request, slug, agency_id):
    province = visible_province_or_404(request.user, slug)
    agency = _agency(province, agency_id)
    people_open = services.may_manage_people_of(request.user, agency)  # SEC-6: the standing agency's are not
    current = agency.current(today())
    # ORG-2, ORG-5: the agencies whose work this one carries on, in this province or in one merged into it ("trước
    # hợp nhất"), one query however many; each linked where the reader may look (the successor reads its
    # predecessors' records), as are the successor and the agency now doing the work, which may be in the
    # province this one merged into.
    predecessors = agency.predecessors.select_related("province").order_by("province__name", "name")
    context = {
        "province": province,
        "agency": agency,
        "current": current,
        # an agency stands for its province in the policy (its province_id): no query to ask
        "current_linked": can(request.user, "core.view_province", current),
        "successor_linked": bool(agency.successor_id) and can(request.user, "core.view_province", agency.successor),
        "children": agency.children.order_by("name"),
        # ORG-2, ORG-5: a district's communes that carry its work on, and a commune's districts before 01/7/2025
        "successor_communes": agency.successor_communes.select_related("province").order_by("name"),
        "district_predecessors": agency.district_predecessors.select_related("province").order_by("name"),
        "predecessors": [
            (p, p.province_id != province.pk, can(request.user, "core.view_province", p)) for p in predecessors
        ],
        "memberships": agency.memberships.select_related("user").order_by("ended_on", "role"),
        "can_manage": can(request.user, "agencies.manage_memberships", province) and people_open,
        "standing_reserved": not people_open,
        "can_edit": can(request.user, "agencies.edit_agency", province),
        "membership_form": MembershipForm(),
        "entries": audit.trail(agency),
        "today": today(),
    }
    return render(request, "agencies/agency_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agency_edit(request, slug, agency_id):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "agencies.edit_agency", province)
    agency = _agency(province, agency_id)
    form = AgencyForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agency(agency, actor=request.user, fields=form.cleaned_fields())
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu thông tin cơ quan.")
            return redirect("agency-detail", slug=slug, agency_id=agency.pk)
    return render(request, "agencies/agency_form.html", {"province": province, "agency": agency, "form": form})


@login_required
@require_POST
def membership_add(request, slug, agency_id):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "agencies.manage_memberships", province)
    agency = _agency(province, agency_id)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            services.add_membership(actor=request.user, agency=agency, **form.cleaned_data)
            messages.success(request, f"Đã thêm {form.cleaned_data['username']} vào {agency.name}.")
        except UserError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(
            request,
            "Thông tin thành viên chưa hợp lệ: "
            + "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()),
        )
    return redirect("agency-detail", slug=slug, agency_id=agency.pk)


@login_required
@require_POST
def membership_end(request, slug, membership_id):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "agencies.manage_memberships", province)
    membership = get_object_or_404(
        Membership.objects.select_related("agency", "user"), pk=membership_id, agency__province=province
    )
    try:
        services.end_membership(membership, actor=request.user, on=today())
        messages.success(request, f"{membership.user.username} đã thôi là thành viên của {membership.agency.name}.")
    except UserError as exc:
        messages.error(request, exc.message)
    return redirect("agency-detail", slug=slug, agency_id=membership.agency_id)

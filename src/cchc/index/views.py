"""Pages of the reform index: the campaigns (list, open one: IDX-2) and a framework's tree (IDX-1), read-only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.rules import can, require
from cchc.core.scope import visible_province_or_404
from cchc.index import queries, services
from cchc.index.forms import CampaignForm

STANDING_ONLY = "Chỉ {standing} (cơ quan thường trực CCHC) mở đợt đánh giá Chỉ số CCHC."


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request, slug):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "index.view_campaigns", province)
    frameworks = queries.frameworks_for(province)
    can_open = can(request.user, "index.open_campaign", province)
    form = CampaignForm(request.POST or None, frameworks=frameworks, initial={"year": today().year})
    if request.method == "POST":
        require(request.user, "index.open_campaign", province, message=STANDING_ONLY)
        if form.is_valid():
            try:
                campaign = services.open_campaign(
                    province,
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    frameworks=form.frameworks(),
                    deadlines=form.deadlines(),
                    bands=form.cleaned_data["bands"],
                    on=today(),
                )
            except UserError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Đã mở {campaign} với {campaign.agencies.count()} cơ quan được đánh giá.")
                return redirect("index-campaigns", slug=slug)
    return render(
        request,
        "index/campaign_list.html",
        {
            "province": province,
            "campaigns": queries.campaigns_of(province),
            "frameworks": frameworks,
            "form": form,
            "can_open": can_open,
        },
    )


@login_required
@require_GET
def framework_detail(request, slug, framework_id):
    province = visible_province_or_404(request.user, slug)
    require(request.user, "index.view_frameworks", province)
    framework = queries.framework_or_404(province, framework_id)
    return render(
        request,
        "index/framework_detail.html",
        {"province": province, "framework": framework, "rows": queries.tree(framework.nodes.all())},
    )


@login_required
@require_GET
def campaign_detail(request, slug, year):
    """IDX-2..IDX-8: one campaign's page: its deadlines and frameworks, then a section per stage (self-assessment,
    appraisal, results, the province's own self-assessment), each drawn by its own partial."""
    province = visible_province_or_404(request.user, slug)
    require(request.user, "index.view_campaigns", province)
    campaign = queries.campaign_or_404(province, year)
    return render(request, "index/campaign_detail.html", {"province": province, "campaign": campaign})

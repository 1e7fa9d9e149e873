from django.urls import include, path

from cchc.index import views

urlpatterns = [
    path("tinh/<slug:slug>/chi-so-cchc/", views.campaign_list, name="index-campaigns"),
    path(
        "tinh/<slug:slug>/chi-so-cchc/bo-tieu-chi/<int:framework_id>/",
        views.framework_detail,
        name="index-framework",
    ),
    path("tinh/<slug:slug>/chi-so-cchc/<int:year>/", views.campaign_detail, name="index-campaign"),
    # Each stage of the campaign keeps its own routes (one module each, so that they change apart).
    path("", include("cchc.index.urls_self")),
    path("", include("cchc.index.urls_appraisal")),
    path("", include("cchc.index.urls_results")),
    path("", include("cchc.index.urls_province")),
]

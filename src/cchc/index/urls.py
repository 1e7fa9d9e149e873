from django.urls import path

from cchc.index import views

urlpatterns = [
    path("tinh/<slug:slug>/chi-so-cchc/", views.campaign_list, name="index-campaigns"),
    path(
        "tinh/<slug:slug>/chi-so-cchc/bo-tieu-chi/<int:framework_id>/",
        views.framework_detail,
        name="index-framework",
    ),
]

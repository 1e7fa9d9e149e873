"""TRK-6: the dashboards' addresses."""

from django.urls import path

from cchc.tracking import views_dashboard

urlpatterns = [
    path("tinh/<slug:slug>/bang-dieu-khien/", views_dashboard.province_dashboard, name="province-dashboard"),
    path(
        "tinh/<slug:slug>/co-quan/<int:agency_id>/bang-dieu-khien/",
        views_dashboard.agency_dashboard,
        name="agency-dashboard",
    ),
]

from django.urls import path

from cchc.agencies import views

urlpatterns = [
    path("tinh/<slug:slug>/co-quan/", views.agency_list, name="agency-list"),
    path("tinh/<slug:slug>/co-quan/<int:agency_id>/", views.agency_detail, name="agency-detail"),
    path("tinh/<slug:slug>/co-quan/<int:agency_id>/sua/", views.agency_edit, name="agency-edit"),
    path("tinh/<slug:slug>/co-quan/<int:agency_id>/thanh-vien/", views.membership_add, name="membership-add"),
    path("tinh/<slug:slug>/thanh-vien/<int:membership_id>/thoi/", views.membership_end, name="membership-end"),
]

from django.urls import path

from cchc.regulation import views

p = "tinh/<slug:slug>/quy-che/"
urlpatterns = [
    path(p, views.regulation_current, name="regulation-current"),
    path(p + "danh-sach/", views.regulation_list, name="regulation-list"),
    path(p + "moi/", views.regulation_create, name="regulation-create"),
    path(p + "<int:regulation_id>/", views.regulation_detail, name="regulation-detail"),
    path(p + "<int:regulation_id>/sua/", views.regulation_edit, name="regulation-edit"),
    path(p + "<int:regulation_id>/soan-sua-doi/", views.regulation_amend, name="regulation-amend"),
    path(p + "<int:regulation_id>/ban-hanh/", views.regulation_issue, name="regulation-issue"),
    path(
        p + "tu-quy-che-truoc-hop-nhat/<int:regulation_id>/",
        views.regulation_from_predecessor,
        name="regulation-from-predecessor",
    ),
    path(p + "<int:regulation_id>/trach-nhiem/", views.responsibility_add, name="responsibility-add"),
    path(
        p + "<int:regulation_id>/trach-nhiem/<int:responsibility_id>/go/",
        views.responsibility_remove,
        name="responsibility-remove",
    ),
    path("tinh/<slug:slug>/hoi-quy-che/", views.routing_page, name="routing"),
]

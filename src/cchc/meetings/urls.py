from django.urls import path

from cchc.meetings import views

p = "tinh/<slug:slug>/phoi-hop/"
a = p + "<int:activity_id>/"
urlpatterns = [
    path(p, views.activity_list, name="activity-list"),
    path(p + "moi/", views.activity_create, name="activity-create"),
    path(p + "giao-ban/", views.briefing_schedule, name="briefing-schedule"),
    path(p + "danh-gia-quy-che/", views.review_schedule, name="review-schedule"),
    path(a, views.activity_detail, name="activity-detail"),
    path(a + "ket-qua/", views.activity_outcome, name="activity-outcome"),
    path(a + "tai-lieu/", views.activity_document_add, name="activity-document-add"),
    path(a + "tai-lieu/<int:document_id>/", views.activity_document_file, name="activity-document-file"),
    path(a + "ket-luan/", views.conclusion_add, name="conclusion-add"),
    path(a + "ket-luan/<int:conclusion_id>/nhiem-vu/", views.conclusion_task, name="conclusion-task"),
]

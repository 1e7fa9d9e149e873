from django.urls import path

from cchc.documents import views

p = "tinh/<slug:slug>/van-ban/"
urlpatterns = [
    path(p, views.document_list, name="document-list"),
    path(p + "moi/", views.document_create, name="document-create"),
    path(p + "<int:document_id>/", views.document_detail, name="document-detail"),
    path(p + "<int:document_id>/tep/", views.document_file, name="document-file"),
]

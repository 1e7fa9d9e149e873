from django.urls import path

from cchc.ingest import views

urlpatterns = [
    path("tinh/<slug:slug>/nhap-van-ban/", views.upload, name="ingest-upload"),
    path("tinh/<slug:slug>/nhap-van-ban/<int:document_id>/", views.review, name="ingest-review"),
]

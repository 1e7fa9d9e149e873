"""Routes of IDX-4, IDX-5: appraisal and explanations."""

from django.urls import path

from cchc.index import views_appraisal as views

BASE = "tinh/<slug:slug>/chi-so-cchc/<int:year>/"

urlpatterns = [
    path(f"{BASE}tham-dinh/", views.grid, name="index-appraisal"),
    path(f"{BASE}tham-dinh/diem/<int:score_id>/", views.cell, name="index-appraisal-cell"),
    path(f"{BASE}tham-dinh/tieu-chi/<int:score_id>/", views.leaf, name="index-appraise-leaf"),
    path(f"{BASE}giai-trinh/", views.explanations, name="index-explanation"),
]

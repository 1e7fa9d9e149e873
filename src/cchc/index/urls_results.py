"""Routes of IDX-6, IDX-7: survey import, results, publication."""

from django.urls import path

from cchc.index import views_results as views

BASE = "tinh/<slug:slug>/chi-so-cchc/<int:year>/"

urlpatterns: list = [
    path(f"{BASE}dieu-tra/", views.survey_import, name="index-survey"),
    path(f"{BASE}dieu-tra/mau.xlsx", views.survey_template, name="index-survey-template"),
    path(f"{BASE}ket-qua/", views.results, name="index-results"),
    path(f"{BASE}ket-qua/ket-qua.xlsx", views.results_xlsx, name="index-results-xlsx"),
    path(f"{BASE}ket-qua/bao-cao.docx", views.results_docx, name="index-results-docx"),
    path(f"{BASE}ket-qua/tinh-lai/", views.results_compute, name="index-results-compute"),
    path(f"{BASE}ket-qua/cong-bo/", views.results_publish, name="index-results-publish"),
    path(f"{BASE}ket-qua/dinh-chinh/", views.results_correct, name="index-results-correct"),
]

"""Routes of IDX-8, EVL-1: the province's own self-assessment and the head-of-agency evaluation."""

from django.urls import path

from cchc.index import views_province as views

BASE = "tinh/<slug:slug>/chi-so-cchc/<int:year>/"
EVAL = f"{BASE}danh-gia-nguoi-dung-dau/"

urlpatterns = [
    path(f"{BASE}tu-danh-gia-tinh/", views.province_assessment, name="index-province-assessment"),
    path(f"{BASE}tu-danh-gia-tinh/<int:score_id>/", views.province_leaf, name="index-province-leaf"),
    path(f"{BASE}tu-danh-gia-tinh/gui/", views.province_submit, name="index-province-submit"),
    path(f"{BASE}tu-danh-gia-tinh/bao-cao.docx", views.province_assessment_docx, name="index-province-assessment-docx"),
    path(f"{EVAL}", views.evaluation_list, name="index-evaluations"),
    path(f"{EVAL}<int:agency_id>/", views.evaluation_detail, name="index-evaluation"),
    path(f"{EVAL}<int:agency_id>/bang.xlsx", views.evaluation_xlsx, name="index-evaluation-xlsx"),
    path(f"{EVAL}<int:agency_id>/bao-cao.docx", views.evaluation_docx, name="index-evaluation-docx"),
]

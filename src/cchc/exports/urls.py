from django.urls import path

from cchc.exports import views

p = "tinh/<slug:slug>/ke-hoach/<int:plan_id>/"
urlpatterns = [
    path(p + "xuat.docx", views.plan_export_docx, name="plan-export-docx"),
    path(p + "xuat.xlsx", views.plan_export_xlsx, name="plan-export-xlsx"),
]

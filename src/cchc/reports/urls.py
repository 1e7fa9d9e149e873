from django.urls import path

from cchc.reports import views

p = "tinh/<slug:slug>/bao-cao/"
c = p + "<int:cycle_id>/"
a = c + "co-quan/<int:agency_id>/"
urlpatterns = [
    path(p, views.cycle_list, name="report-cycle-list"),
    path(p + "thiet-lap/", views.report_settings, name="report-settings"),
    path(c, views.cycle_detail, name="report-cycle"),
    path(c + "nhac/", views.cycle_remind, name="report-remind"),
    path(c + "chi-so/", views.indicator_add, name="report-indicator-add"),
    path(c + "tong-hop/", views.consolidated, name="report-consolidated"),
    path(c + "xuat.docx", views.export_docx, name="report-export-docx"),
    path(c + "xuat.xlsx", views.export_xlsx, name="report-export-xlsx"),
    path(a, views.agency_report, name="report-agency"),
    path(a + "soan/", views.report_prepare, name="report-prepare"),
    path(a + "gui/", views.report_submit, name="report-submit"),
    path(a + "tra-lai/", views.report_return, name="report-return"),
]

"""Routes of IDX-3: self-assessment."""

from django.urls import path

from cchc.index import views_self as v

f = "tinh/<slug:slug>/chi-so-cchc/<int:year>/tu-danh-gia/<int:agency_id>/"
urlpatterns = [
    path(f, v.file_page, name="index-self"),
    path(f + "diem/<int:score_id>/", v.score_save, name="index-self-score"),
    path(f + "diem/<int:score_id>/tai-lieu/", v.evidence_add, name="index-self-evidence"),
    path(f + "tai-lieu/<int:evidence_id>/", v.evidence_file, name="index-self-evidence-file"),
    path(f + "tai-lieu/<int:evidence_id>/go/", v.evidence_remove, name="index-self-evidence-remove"),
    path(f + "kho-khan-kien-nghi/", v.texts_save, name="index-self-texts"),
    path(f + "gui/", v.submit, name="index-self-submit"),
    path(f + "rut-lai/", v.withdraw, name="index-self-withdraw"),
    path(f + "mo-lai/", v.reopen, name="index-self-reopen"),
    path(f + "bao-cao.docx", v.export_docx, name="index-self-export"),
    path(f + "ban-ky/", v.scan_attach, name="index-self-scan"),
    path(f + "ban-ky/tai-ve/", v.scan_download, name="index-self-scan-download"),
]

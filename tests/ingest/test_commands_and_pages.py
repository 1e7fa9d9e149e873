"""U-6: `cchc ingest` (JSON, then --save), the demo's plans loaded through the ingest, and the upload/review pages."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cchc.core.models import Province
from cchc.ingest.models import IngestedDocument
from cchc.plans.models import Plan
from tests.conftest import seed_path

DOCUMENTS = Path(settings.DATA_DIR) / "documents"
BINH_DINH = DOCUMENTS / "binh-dinh-ke-hoach-cchc-2020.txt"
HUNG_YEN = DOCUMENTS / "hung-yen-1605-QD-UBND-2016-ke-hoach-cchc-2016-2020.txt"
KEYS = {
    "kind",
    "number",
    "date",
    "issuer",
    "title",
    "years",
    "areas",
    "objectives",
    "targets",
    "tasks",
    "responsibilities",
    "warnings",
}


def test_U_6_the_demo_plans_come_from_the_documents_through_the_ingest(db):
    binh_dinh = Plan.objects.get(province__slug="binh-dinh")
    assert binh_dinh.tasks.count() == 35 and binh_dinh.targets.count() >= 20
    assert binh_dinh.sources.get().status == "saved"
    hung_yen = Plan.objects.get(province__slug="hung-yen")
    assert (hung_yen.number, hung_yen.start_year, hung_yen.end_year, hung_yen.kind) == (
        "1605/QĐ-UBND",
        2016,
        2020,
        "period",
    )


def test_U_6_cchc_ingest_json_prints_the_structure_and_saves_nothing(db):
    plans, documents = Plan.objects.count(), IngestedDocument.objects.count()
    out = StringIO()
    call_command("ingest", str(BINH_DINH), province="Bình Định", json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= KEYS and data["kind"] == "plan" and len(data["tasks"]) == 35
    task = next(t for t in data["tasks"] if t["area"] == "institutions" and t["code"] == "1")
    assert task["lead"] == "Sở Tư pháp" and "UBND cấp xã" in task["coordinators"]
    assert all(set(w) == {"line", "message"} for w in data["warnings"])
    assert (Plan.objects.count(), IngestedDocument.objects.count()) == (plans, documents)


def test_U_6_cchc_ingest_save_saves_after_the_same_checks(db, tmp_path):
    Plan.objects.filter(province__slug="hung-yen").delete()
    call_command("ingest", str(HUNG_YEN), province="Hưng Yên", save=True, stdout=StringIO())
    assert Plan.objects.get(province__slug="hung-yen").tasks.count() == 38
    broken = tmp_path / "khong-phai.docx"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(CommandError, match="không phải là văn bản Word"):
        call_command("ingest", str(broken), province="Hưng Yên", save=True, stdout=StringIO())


def test_U_6_cchc_ingest_reads_a_regulation(db):
    out = StringIO()
    """U-6, REG-1: the Kiên Giang seed regulation read by `cchc ingest --json` (the seed must be there)."""
    seed = seed_path("001_1e20eca3d8c0d2d6.txt")
    call_command("ingest", str(seed), province="Kiên Giang", json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["kind"] == "regulation" and data["number"] == "925/QĐ-UBND"
    assert {
        "agency": "Sở Tài nguyên và Môi trường",
        "role": "lead",
        "area_or_topic": "land-environment-procedures",
        "article": "Đ12.1",
    } in data["responsibilities"]


def test_U_6_upload_review_and_save_through_the_pages(client_for):
    """U-6: the seed plan of Bình Định through the upload, review and save pages. Bình Định merged into Gia Lai on
    01/07/2025 and nobody acts in it since (ORG-5); the pages use today's date, so here, inside the test's
    transaction only, the province is taken as it was before the merger."""
    Province.objects.filter(slug="binh-dinh").update(valid_to=None)
    Plan.objects.filter(province__slug="binh-dinh").delete()
    client = client_for("bdinh.snv")
    upload = SimpleUploadedFile(BINH_DINH.name, BINH_DINH.read_bytes(), content_type="text/plain")
    response = client.post(reverse("ingest-upload", args=["binh-dinh"]), {"file": upload})
    document = IngestedDocument.objects.filter(province__slug="binh-dinh", status="review").latest("id")
    assert response.status_code == 302 and response["Location"].endswith(f"/{document.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "Số văn bản để trống" in page, "a doubt is shown as a warning"
    post = {
        "action": "save",
        "number": "08/KH-UBND",
        "date": "05/03/2020",
        "issuer": "Ủy ban nhân dân tỉnh Bình Định",
        "title": "Kế hoạch cải cách hành chính năm 2020",
        "start_year": "2020",
        "end_year": "2020",
        "status": "issued",
    }
    tasks = document.extracted["tasks"]
    for index, task in enumerate(tasks):
        if index == 0:
            continue  # the person drops the first row
        post[f"task-{index}-keep"] = "on"
        post[f"task-{index}-lead"] = task["lead"]
        post[f"task-{index}-time"] = task["time_text"]
    response = client.post(reverse("ingest-review", args=["binh-dinh", document.pk]), post)
    plan = Plan.objects.get(province__slug="binh-dinh")
    assert response.status_code == 302 and plan.tasks.count() == 34 and plan.number == "08/KH-UBND"
    assert str(plan.signed_on) == "2020-03-05"
    assert plan.status == "draft", "status=issued on the form is ignored (SEC-1)"


def test_U_6_a_file_that_is_not_a_document_gets_a_clear_message_and_nothing_is_kept(client_for):
    documents = IngestedDocument.objects.count()
    upload = SimpleUploadedFile("anh.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    # Đà Nẵng: the standing agency of a province alive today (Quảng Nam's ended on 30/06/2025, ORG-5).
    response = client_for("dnang.snv").post(reverse("ingest-upload", args=["da-nang"]), {"file": upload})
    assert response.status_code == 200 and "không phải là văn bản Word" in response.content.decode()
    assert IngestedDocument.objects.count() == documents


def test_ORG_4_only_the_standing_agency_uploads_and_nothing_is_kept(client_for):
    documents = IngestedDocument.objects.count()
    upload = SimpleUploadedFile(BINH_DINH.name, BINH_DINH.read_bytes())
    assert client_for("dnang.stp").post(reverse("ingest-upload", args=["da-nang"]), {"file": upload}).status_code == 403
    assert IngestedDocument.objects.count() == documents

"""U-6: a reviewed structure is saved in one transaction with its source kept; any problem saves nothing."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from cchc.core.errors import UserErrors
from cchc.ingest import services
from cchc.ingest.models import IngestedDocument
from cchc.ingest.structure import Extracted, Target, Task
from cchc.plans.models import Plan
from cchc.plans.models import Task as PlanTask
from tests.conftest import province


def _document(kind="plan") -> IngestedDocument:
    document = IngestedDocument(province=province("Bình Định"), name="ke-hoach.txt", sha256="0" * 64, kind=kind)
    document.file.save("ke-hoach.txt", ContentFile(b"KE HOACH"), save=False)
    document.save()
    return document


def _extracted(**overrides) -> Extracted:
    data = {
        "kind": "plan",
        "number": "12/KH-UBND",
        "date": dt.date(2019, 12, 20),
        "issuer": "Ủy ban nhân dân tỉnh Bình Định",
        "title": "Kế hoạch cải cách hành chính năm 2020",
        "years": [2020, 2020],
        "objectives": ["Đẩy mạnh cải cách hành chính"],
        "requirements": ["Bám sát kế hoạch của Chính phủ"],
        "targets": [
            Target(
                area="direction",
                text="Ít nhất 30% cơ quan được kiểm tra",
                comparison=">=",
                value=30,
                unit="%",
                scope=["Các sở, ban, ngành"],
                line=40,
            )
        ],
        "tasks": [
            Task(
                area="direction",
                code="1",
                title="Ban hành kế hoạch kiểm tra",
                products=["Kế hoạch"],
                lead="Sở Nội vụ",
                coordinators=["Các sở, ban, ngành", "UBND cấp huyện"],
                time_text="Quý I",
                line=300,
            ),
            Task(
                area="institutions", code="3", title="Rà soát văn bản", lead="Sở Tư pháp", time_text="Quý III", line=310
            ),
        ],
    }
    data.update(overrides)
    return Extracted(**data)


def test_U_6_a_reviewed_plan_is_saved_with_its_source_as_evidence(db, qnam_snv):
    """U-6, SEC-1: saved as a draft (no version until the leader issues it), the source kept as evidence."""
    document = _document()
    plan = services.save(document, _extracted(), actor=qnam_snv)
    assert (plan.number, plan.signed_on, plan.kind, plan.status) == (
        "12/KH-UBND",
        dt.date(2019, 12, 20),
        "annual",
        "draft",
    )
    assert [t.code for t in plan.tasks.order_by("order")] == ["1", "3"]
    first = plan.tasks.get(code="1")
    assert first.lead.name == "Sở Nội vụ" and {g.name for g in first.coordinator_groups.all()} == {
        "Các sở, ban, ngành",
        "UBND cấp huyện",
    }
    assert first.milestones.get().due == dt.date(2020, 3, 31)
    assert plan.targets.get().comparison == ">=" and not plan.versions.exists()
    document.refresh_from_db()
    assert document.status == "saved" and document.plan == plan and document.file.read() == b"KE HOACH"


def test_U_6_an_unresolved_lead_saves_nothing_and_names_the_line(db, qnam_snv):
    document = _extracted()
    document.tasks[1].lead = "Sở Không Có"
    plans, tasks = Plan.objects.count(), PlanTask.objects.count()
    with pytest.raises(UserErrors) as caught:
        services.save(_document(), document, actor=qnam_snv)
    assert [str(e) for e in caught.value.errors] == ["Dòng 310: Nhiệm vụ 3: cần chọn một cơ quan chủ trì (REG-3)."]
    assert (Plan.objects.count(), PlanTask.objects.count()) == (plans, tasks)


def test_U_6_a_document_is_saved_once(db, qnam_snv):
    document = _document()
    services.save(document, _extracted(), actor=qnam_snv)
    with pytest.raises(UserErrors, match="đã được lưu"):
        services.save(document, _extracted(), actor=qnam_snv)
    assert Plan.objects.filter(title="Kế hoạch cải cách hành chính năm 2020").count() == 1


def test_U_6_review_edits_choose_an_agency_and_drop_a_row(db, qnam_snv):
    from django.http import QueryDict

    from cchc.ingest.review import apply_edits

    extracted = _extracted()
    extracted.tasks[1].lead = "Sở Tư Pháp Giả"
    post = QueryDict(mutable=True)
    post.update(
        {
            "number": "15/KH-UBND",
            "date": "05/03/2020",
            "start_year": "2020",
            "end_year": "2020",
            "task-1-keep": "on",
            "task-1-lead": "Sở Tư pháp",
            "task-1-time": "Quý IV",
            "target-0-keep": "on",
        }
    )
    edited = apply_edits(extracted, post)
    assert [t.code for t in edited.tasks] == ["3"] and edited.tasks[0].lead == "Sở Tư pháp"
    assert edited.date == dt.date(2020, 3, 5) and edited.number == "15/KH-UBND"
    plan = services.save(_document(), edited, actor=qnam_snv)
    assert plan.tasks.get().milestones.get().due == dt.date(2020, 12, 31)
    bad = QueryDict(mutable=True)
    bad.update({"date": "31/02/2020"})
    with pytest.raises(ValueError, match="không hợp lệ"):
        apply_edits(_extracted(), bad)


def test_U_6_json_round_trip_of_the_structure(db):
    extracted = _extracted()
    again = services.from_json(services.to_storable(extracted))
    assert again.to_json() == extracted.to_json()
    assert set(extracted.to_json()) == {
        "kind",
        "number",
        "date",
        "issuer",
        "title",
        "years",
        "areas",
        "objectives",
        "requirements",
        "targets",
        "tasks",
        "responsibilities",
        "warnings",
        "proposal_deadline",
        "meetings",
    }

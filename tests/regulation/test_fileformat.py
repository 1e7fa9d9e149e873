"""REG-1: the regulation file format: every seed round-trips; bad files are refused with the line, nothing saved."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from cchc.core.errors import UserErrors
from cchc.regulation import fileformat, services
from cchc.regulation.models import Regulation, Responsibility
from cchc.regulation.routing import regulation_in_force
from tests.conftest import province
from tests.regulation.helpers import load_text, regulation_text

SEED_FILES = sorted((Path(settings.DATA_DIR) / "regulations").glob("*.yaml"))


def _canonical(document: fileformat.RegulationDocument, province_obj) -> tuple:
    """The document with every agency name replaced by the record it resolves to."""
    from cchc.agencies.queries import NameIndex

    names = NameIndex(province_obj)
    rows = sorted(
        (
            e.subject,
            e.role,
            names.resolve(e.party).pk,
            type(names.resolve(e.party)).__name__,
            e.article,
            e.note,
        )
        for e in document.responsibilities
    )
    header = (
        document.number,
        document.title,
        document.issuer,
        document.signed_on,
        document.effective_from,
        names.resolve(document.standing_agency).pk,
        document.standing_article,
        document.proposal_deadline,
        document.proposal_deadline_article,
        document.meeting_cadence,
        document.meeting_article,
        document.replaces_number,
        document.replaces_signed_on,
        document.programme,
        document.note,
        document.source,
    )
    return header, rows


def test_REG_5_there_are_three_seed_regulation_files():
    assert len(SEED_FILES) == 3


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_REG_1_seed_regulation_file_round_trips_losslessly(db, path):
    original = fileformat.parse(path.read_text(encoding="utf-8"))
    the_province = services.find_province(original.province)
    regulation = regulation_in_force(the_province, original.effective_from)
    exported_text = fileformat.dump(services.export_regulation(regulation))
    exported = fileformat.parse(exported_text)
    assert _canonical(exported, the_province) == _canonical(original, the_province)
    # Exporting what was exported gives the same text again.
    assert fileformat.dump(exported) == exported_text


def test_REG_1_exported_file_loads_into_an_empty_province_history(db):
    """Export, remove the loaded regulation, load the export: the same rows come back."""
    quang_nam = province("Quảng Nam")
    regulation = regulation_in_force(quang_nam, dt.date(2024, 1, 1))
    text = fileformat.dump(services.export_regulation(regulation))
    before = sorted((r.subject_code, r.role, r.party.name, r.article) for r in regulation.responsibilities.all())
    regulation.responsibilities.all().delete()
    Regulation.objects.filter(based_on=regulation).delete()  # the demo's Đà Nẵng draft started from it (ORG-5)
    Regulation.objects.filter(pk=regulation.pk).delete()
    Regulation.objects.filter(province=quang_nam).update(effective_to=None)
    reloaded = load_text(text)
    after = sorted((r.subject_code, r.role, r.party.name, r.article) for r in reloaded.responsibilities.all())
    assert after == before


def _refused(text: str) -> list[str]:
    regulations, rows = Regulation.objects.count(), Responsibility.objects.count()
    with pytest.raises(UserErrors) as caught:
        load_text(text)
    assert Regulation.objects.count() == regulations, "nothing is loaded"
    assert Responsibility.objects.count() == rows, "nothing is loaded"
    return [str(e) for e in caught.value.errors]


def test_REG_1_unknown_agency_is_refused_with_its_line(db):
    text = regulation_text("""
        institutions:
          - {role: lead, agency: Sở Tư pháp, article: Đ15.1}
          - {role: appraise, agency: Sở Không Có Thật, article: Đ15.2}
    """)
    errors = _refused(text)
    line = text.splitlines().index("    - {role: appraise, agency: Sở Không Có Thật, article: Đ15.2}") + 1
    assert errors == [f"Dòng {line}: Không tìm thấy cơ quan hoặc nhóm «Sở Không Có Thật» trong Tỉnh Quảng Nam."]


def test_REG_1_an_area_listed_twice_is_refused_with_its_line(db):
    text = regulation_text("""
        institutions:
          - {role: lead, agency: Sở Tư pháp, article: Đ15.1}
        institutions:
          - {role: appraise, agency: Sở Tư pháp, article: Đ15.2}
    """)
    errors = _refused(text)
    assert len(errors) == 1
    second = [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == "institutions:"][1]
    assert errors[0].startswith(f"Dòng {second}: «institutions» xuất hiện hai lần")


def test_REG_3_lead_that_is_also_its_own_coordinator_is_refused(db):
    text = regulation_text("""
        procedures:
          - {role: lead, agency: Văn phòng UBND tỉnh, article: Đ14.1}
          - {role: coordinate, agency: VP UBND tỉnh, article: Đ14.1}
    """)
    errors = _refused(text)
    assert len(errors) == 1
    assert "vừa chủ trì vừa phối hợp" in errors[0] and errors[0].startswith("Dòng ")


def test_REG_3_two_leads_of_one_area_are_refused(db):
    errors = _refused(
        regulation_text("""
        institutions:
          - {role: lead, agency: Sở Tư pháp, article: Đ15.1}
          - {role: lead, agency: Sở Nội vụ, article: Đ13.1}
    """)
    )
    assert any("có hơn một cơ quan chủ trì" in e for e in errors)


def test_REG_2_effective_date_before_the_replaced_one_is_refused(db):
    in_force = regulation_in_force(province("Quảng Nam"), dt.date(2025, 6, 30))
    early = in_force.effective_from - dt.timedelta(days=30)
    text = regulation_text(
        "institutions:\n  - {role: lead, agency: Sở Tư pháp, article: Đ1}",
        signed_on=early.isoformat(),
        effective_from=early.isoformat(),
    )
    errors = _refused(text)
    line = text.splitlines().index(f"effective_from: {early.isoformat()}") + 1
    assert any(e.startswith(f"Dòng {line}: Ngày hiệu lực") for e in errors), errors


def test_REG_1_unknown_subject_is_refused(db):
    errors = _refused(regulation_text("not-an-area:\n  - {role: lead, agency: Sở Tư pháp, article: Đ1}"))
    assert errors == ["Dòng 10: «not-an-area» không phải là lĩnh vực hay nội dung của chương trình NQ76."]


def test_REG_1_unknown_role_and_key_are_refused(db):
    errors = _refused(regulation_text("institutions:\n  - {role: boss, agency: Sở Tư pháp, article: Đ1, colour: red}"))
    assert any("vai trò «boss» không hợp lệ" in e for e in errors)
    assert any("không có trường «colour»" in e for e in errors)


def test_REG_1_malformed_yaml_and_missing_fields_are_refused(db):
    assert _refused("province: [Quảng Nam\n")[0].startswith("Dòng ")
    errors = _refused(regulation_text(title=None, standing_agency=None))
    assert any("thiếu trường bắt buộc «title»" in e for e in errors)
    assert any("thiếu trường bắt buộc «standing_agency»" in e for e in errors)
    assert _refused(regulation_text(signed_on="31/02/2026"))[0].endswith("không phải «31/02/2026».")


def test_REG_1_the_same_regulation_twice_is_refused(db):
    path = next(p for p in SEED_FILES if "quang-nam" in p.name)
    errors = _refused(path.read_text(encoding="utf-8"))
    assert any("đã có trong hệ thống" in e for e in errors)


def test_REG_2_loading_a_new_regulation_ends_the_one_in_force(db):
    quang_nam = province("Quảng Nam")  # in its history: Quảng Nam ended on 30/06/2025 (ORG-5)
    old = regulation_in_force(quang_nam, dt.date(2024, 1, 1))
    new = load_text(
        regulation_text(
            "institutions:\n  - {role: lead, agency: Sở Tư pháp, article: Đ2}",
            signed_on="2024-01-05",
            effective_from="2024-01-15",
        )
    )
    old.refresh_from_db()
    assert old.effective_to == new.effective_from == dt.date(2024, 1, 15)
    assert new.replaces == old
    assert regulation_in_force(quang_nam, dt.date(2024, 1, 14)) == old
    assert regulation_in_force(quang_nam, dt.date(2024, 1, 15)) == new
    assert old.responsibilities.exists(), "the old regulation stays readable"


def test_REG_1_programme_catalogue_refuses_a_name_split_by_a_comma(db):
    from cchc.regulation.catalogue import load_programmes

    text = "programmes: []\ntopics:\n  - {code: x, area: direction, name: Theo dõi, đôn đốc nhiệm vụ}\n"
    with pytest.raises(UserErrors) as caught:
        load_programmes(text)
    assert str(caught.value.errors[0]).startswith("Dòng 3: Nội dung: không có trường «đôn đốc nhiệm vụ»")


def test_REG_1_area_and_topic_names_keep_their_commas(db):
    from cchc.regulation.models import ReformArea, Topic

    assert ReformArea.objects.filter(code="direction").first().name == "Công tác chỉ đạo, điều hành cải cách hành chính"
    assert Topic.objects.get(code="assigned-tasks").name.startswith("Theo dõi, đôn đốc nhiệm vụ Chính phủ")

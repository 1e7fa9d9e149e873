"""REG-1, IDX-4: an appraisal row of a regulation may say whom it concerns (kinds of assessed agencies; only those
under the named agency). The file carries it and round-trips, the pages show and add it, drafts copy it, bad
scopes are refused in Vietnamese with nothing changed."""

import pytest
from django.urls import reverse

from cchc.core.errors import UserError, UserErrors
from cchc.regulation import fileformat, services
from cchc.regulation.models import AssessedScope, Regulation, Responsibility
from cchc.regulation.queries import changes_against
from tests.conftest import agency
from tests.regulation.helpers import load_text, regulation_text
from tests.regulation.test_pages import DN, _current, _draft_of_current

SCOPED = """
    tthc-control:
      - {role: appraise, agency: Sở Nội vụ, article: Đ10.2}
      - {role: appraise, agency: UBND cấp huyện, assessed_kinds: [commune], assessed_scope: subordinates}
    institutions:
      - {role: appraise, agency: Sở Tư pháp, article: Đ15.2, assessed_kinds: [department, board]}
"""


def test_REG_1_IDX_4_the_scope_of_an_appraisal_row_loads_and_round_trips(db):
    """REG-1, IDX-4: the scope loads onto the rows, is exported and loads back the same; export of the export is
    the same text."""
    regulation = load_text(regulation_text(SCOPED))
    rows = {(r.subject_code, r.party.name): r for r in regulation.responsibilities.select_related("group", "agency")}
    districts = rows[("tthc-control", "UBND cấp huyện")]
    assert districts.assessed_kinds == ["commune"] and districts.assessed_scope == AssessedScope.SUBORDINATES
    assert districts.scope_label == "đối với UBND cấp xã; mỗi cơ quan đối với các cơ quan trực thuộc mình"
    assert rows[("institutions", "Sở Tư pháp")].assessed_kinds == ["department", "board"]
    office = rows[("tthc-control", "Sở Nội vụ")]
    assert office.assessed_kinds == [] and office.assessed_scope == AssessedScope.ALL and not office.is_scoped

    text = fileformat.dump(services.export_regulation(regulation))
    assert "assessed_kinds: [commune], assessed_scope: subordinates" in text
    assert "assessed_kinds: [department, board]}" in text
    again = fileformat.parse(text)
    assert [(e.subject, e.party, e.assessed_kinds, e.assessed_scope) for e in again.responsibilities] == [
        ("tthc-control", "Sở Nội vụ", [], "all"),
        ("tthc-control", "UBND cấp huyện", ["commune"], "subordinates"),
        ("institutions", "Sở Tư pháp", ["department", "board"], "all"),
    ]
    assert fileformat.dump(again) == text


def _refused(text: str) -> list[str]:
    regulations, rows = Regulation.objects.count(), Responsibility.objects.count()
    with pytest.raises(UserErrors) as caught:
        load_text(text)
    assert Regulation.objects.count() == regulations and Responsibility.objects.count() == rows
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{role: appraise, agency: Sở Tư pháp, assessed_kinds: [village]}", "Loại cơ quan «village» không hợp lệ"),
        ("{role: appraise, agency: Sở Tư pháp, assessed_kinds: commune}", "phải là một danh sách"),
        ("{role: appraise, agency: Sở Tư pháp, assessed_scope: parents}", "Phạm vi «parents» không hợp lệ"),
        ("{role: lead, agency: Sở Tư pháp, assessed_kinds: [commune]}", "chỉ ghi cho vai trò thẩm định chỉ số"),
        ("{role: appraise, agency: Sở Tư pháp, assessed_kinds: [commune, commune]}", "bị ghi hai lần"),
    ],
)
def test_REG_1_IDX_4_a_bad_scope_is_refused_with_its_line_and_nothing_loads(db, entry, message):
    """REG-1, IDX-4: an unknown kind, a kind not in a list, an unknown scope, a scope on another role: refused with
    the line, in Vietnamese, nothing loaded."""
    text = regulation_text(f"""
        institutions:
          - {entry}
    """)
    errors = _refused(text)
    line = text.splitlines().index(f"    - {entry}") + 1
    assert len(errors) == 1 and errors[0].startswith(f"Dòng {line}: «institutions»: ") and message in errors[0]


def test_REG_3_IDX_4_one_agency_may_appraise_twice_with_two_scopes_but_not_the_same_scope_twice(db):
    """REG-3, IDX-4: the same agency in one role of one subject twice is refused, unless the two rows concern
    different assessed agencies."""
    load_text(
        regulation_text("""
        institutions:
          - {role: appraise, agency: Sở Tư pháp, article: Đ15.2}
          - {role: appraise, agency: Sở Tư pháp, article: Đ15.3, assessed_kinds: [commune]}
    """)
    )
    errors = _refused(
        regulation_text(
            """
        institutions:
          - {role: appraise, agency: Sở Tư pháp, assessed_kinds: [commune]}
          - {role: appraise, agency: STP, assessed_kinds: [commune]}
    """,
            number="100/QĐ-UBND",
            effective_from="2026-02-01",
        )
    )
    assert len(errors) == 1 and "được ghi hai lần với cùng vai trò" in errors[0]


def test_REG_1_IDX_4_the_page_adds_a_scoped_row_shows_it_and_a_draft_copies_it(client_for, demo_user):
    """REG-1, IDX-4: the standing agency adds "UBND cấp xã's criteria of institutions: UBND cấp xã group, each
    for itself" to a draft; the page shows whom it concerns, the changes against the regulation in force list
    it, and a draft started from this one copies it."""
    client = client_for("dnang.snv")
    draft = _draft_of_current(demo_user)
    response = client.post(
        reverse("responsibility-add", args=["da-nang", draft.pk]),
        {
            "subject": "institutions",
            "role": "appraise",
            "party": f"agency:{agency(DN, 'SNV').pk}",
            "article": "Đ15.4",
            "assessed_kinds": ["commune"],
            "assessed_scope": "all",
        },
        follow=True,
    )
    html = response.content.decode()
    row = draft.responsibilities.get(article="Đ15.4")
    assert row.assessed_kinds == ["commune"] and row.assessed_scope == "all"
    assert "đối với UBND cấp xã" in html
    assert row in changes_against(draft).added
    copy = services.create_draft(
        draft.province,
        actor=demo_user("dnang.snv"),
        fields={
            "programme": draft.programme,
            "number": "31/QĐ-UBND",
            "title": draft.title,
            "issuer": draft.issuer,
            "signed_on": draft.signed_on,
            "effective_from": draft.effective_from,
            "standing_agency": draft.standing_agency,
        },
        copy_from=draft,
    )
    assert copy.responsibilities.get(article="Đ15.4").assessed_kinds == ["commune"]


def test_REG_1_IDX_4_the_page_refuses_a_bad_scope_and_changes_nothing(client_for, demo_user):
    """REG-1, IDX-4: an unknown kind is a form error; a scope on a lead row is refused in Vietnamese; no row is
    added either way."""
    client = client_for("dnang.snv")
    draft = _draft_of_current(demo_user)
    rows = draft.responsibilities.count()
    url = reverse("responsibility-add", args=["da-nang", draft.pk])
    party = f"agency:{agency(DN, 'SNV').pk}"
    base = {"subject": "institutions", "party": party, "article": "Đ1"}
    response = client.post(url, {**base, "role": "appraise", "assessed_kinds": ["village"]}, follow=True)
    assert response.status_code == 200 and "Hãy chọn lĩnh vực" in response.content.decode()
    response = client.post(url, {**base, "role": "coordinate", "assessed_kinds": ["commune"]}, follow=True)
    assert "chỉ ghi cho vai trò thẩm định chỉ số" in response.content.decode()
    assert draft.responsibilities.count() == rows


def test_IDX_4_the_service_refuses_a_scope_on_another_role(db, demo_user):
    """IDX-4: add_responsibility refuses a scope on a row that is not an appraisal of the index."""
    draft = _draft_of_current(demo_user)
    with pytest.raises(UserError, match="chỉ ghi cho vai trò thẩm định"):
        services.add_responsibility(
            draft,
            actor=demo_user("dnang.snv"),
            subject_code="institutions",
            role="lead",
            party=agency(DN, "SNV"),
            article="",
            assessed_scope=AssessedScope.SUBORDINATES,
        )
    assert _current().is_issued

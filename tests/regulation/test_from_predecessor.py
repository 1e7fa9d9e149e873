"""ORG-5, REG-2, REG-4: a merged province with no regulation of its own starts a draft from a predecessor's.

Two factory provinces: an old one with an issued regulation, ended on 30/06/2025 and merged into a new one
that has no regulation yet; the old agencies end that day with successors in the new province (one of them
without a successor, one through an earlier merger of departments on 01/3/2025).
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import reverse

from cchc.agencies.models import Agency, AgencyKind
from cchc.core.errors import UserError
from cchc.core.models import AuditEntry
from cchc.regulation import routing, services
from cchc.regulation.models import Regulation, Replacement, ResponsibilityRole
from tests.factories import (
    AgencyFactory,
    GroupFactory,
    ProvinceWorld,
    ResponsibilityFactory,
    area,
    topic,
    world,
)

LAST_DAY = dt.date(2025, 6, 30)
MERGED_ON = dt.date(2025, 7, 1)
ON = dt.date(2026, 11, 24)


@dataclass
class Merger:
    old: ProvinceWorld
    new: ProvinceWorld
    absorbed: Agency  # ended 28/02/2025 into the old domain agency, which ended into the new one
    orphan_group_name: str


def merged_worlds() -> Merger:
    """An old world() province merged into a new world() province that has no regulation of its own."""
    old, new = world(), world()
    Regulation.objects.filter(pk=new.regulation.pk).delete()
    old.province.valid_to = LAST_DAY
    old.province.successor = new.province
    old.province.save()
    pairs = [
        (old.committee, new.committee),
        (old.office, new.office),
        (old.standing, new.standing),
        (old.domain, new.domain),
        (old.ordinary, None),  # no successor in the new province
        (old.district, None),
    ]
    for before, after in pairs:
        before.valid_to = LAST_DAY
        before.successor = after
        before.save()
    absorbed = AgencyFactory(
        province=old.province, name="Sở Thông tin và Truyền thông", valid_to=dt.date(2025, 2, 28), successor=old.domain
    )
    # The new province writes the group by another name; the old one's alias matches it (accents, case ignored).
    new.departments.name = "Các sở, ngành"
    new.departments.aliases = ["CÁC SỞ, BAN, NGÀNH"]
    new.departments.save()
    orphan = GroupFactory(province=old.province, name="Các cơ quan ngành dọc")
    # ORG-3: a group of the same name in both that holds no agency after 30/06/2025 is no successor either.
    districts = GroupFactory(province=old.province, name="UBND cấp huyện", kinds=[AgencyKind.DISTRICT])
    GroupFactory(province=new.province, name="UBND cấp huyện", kinds=[AgencyKind.DISTRICT])
    new.district.valid_to = LAST_DAY
    new.district.save()
    old.regulation.title = f"Quy chế phối hợp cải cách hành chính trên địa bàn tỉnh {old.province.name}"
    old.regulation.save()
    rows = [
        ("modernisation", None, ResponsibilityRole.LEAD, old.ordinary, None, "Điều 9"),
        ("institutions", None, ResponsibilityRole.COORDINATE, absorbed, None, "Điều 5"),  # becomes the lead: merged
        (None, "it-application", ResponsibilityRole.LEAD, absorbed, None, "Điều 10"),
        (None, "plan-comments", ResponsibilityRole.COORDINATE, None, orphan, "Điều 7"),
        (None, "quarterly-briefing", ResponsibilityRole.COORDINATE, None, districts, "Điều 8"),
    ]
    for order, (area_code, topic_code, role, agency, group, article) in enumerate(rows, start=10):
        ResponsibilityFactory(
            regulation=old.regulation,
            area=area(area_code) if area_code else None,
            topic=topic(topic_code) if topic_code else None,
            role=role,
            agency=agency,
            group=group,
            article=article,
            order=order,
        )
    return Merger(old, new, absorbed, orphan.name)


@pytest.fixture
def merger(db) -> Merger:
    return merged_worlds()


def _draft(m: Merger, actor="standing_focal") -> Regulation:
    return services.draft_from_predecessor(
        m.new.province, m.old.regulation, actor=m.new.user(actor) if actor else None, on=ON
    )


def test_REG_4_ORG_5_nothing_is_routed_from_an_old_provinces_regulation(merger):
    """REG-4, ORG-5: the new province has no regulation of its own; routing there refuses, although the old
    province's regulation is issued and names agencies whose successors are in the new province."""
    with pytest.raises(routing.NoRegulationInForce):
        routing.route_lead(merger.new.province, "institutions", ON)
    draft = _draft(merger)
    assert draft.is_draft
    with pytest.raises(routing.NoRegulationInForce):
        routing.route_lead(merger.new.province, "institutions", ON)


def test_ORG_5_REG_2_draft_from_a_predecessor_replaces_every_agency_by_its_successor(merger):
    """ORG-5, REG-2: a draft of the new province, kind new, based on the old regulation, its header copied, the
    standing agency and every agency replaced by the successor carrying its work in the new province."""
    m = merger
    draft = _draft(m)
    assert draft.province == m.new.province and draft.status == Regulation.Status.DRAFT
    assert draft.kind == Regulation.Kind.NEW and draft.based_on == m.old.regulation
    assert draft.reason == f"Xây dựng trên cơ sở quy chế {m.old.regulation.number} của {m.old.province.title}"
    assert draft.programme == m.old.regulation.programme
    assert draft.standing_agency == m.new.standing and draft.standing_article == "Điều 3"
    assert (draft.proposal_deadline_day, draft.proposal_deadline_month) == (15, 11)
    assert draft.issuer == m.new.committee.name
    assert draft.title == f"Quy chế phối hợp cải cách hành chính trên địa bàn tỉnh {m.new.province.name}"
    parties = {(r.subject_code, r.role, r.party.pk) for r in draft.responsibilities.all()}
    assert ("direction", "lead", m.new.standing.pk) in parties
    assert ("institutions", "lead", m.new.domain.pk) in parties
    assert ("institutions", "appraise", m.new.domain.pk) in parties
    assert ("procedures", "lead", m.new.office.pk) in parties
    assert ("it-application", "lead", m.new.domain.pk) in parties, "followed through the merger of 01/3/2025"
    assert ("plan-proposals", "coordinate", m.new.departments.pk) in parties, "the group found by its alias"
    assert all(r.party.province_id == m.new.province.pk for r in draft.responsibilities.all())
    # The old province and its regulation are not written to.
    m.old.regulation.refresh_from_db()
    assert m.old.regulation.effective_to is None and m.old.regulation.version == 1


def test_ORG_5_every_replacement_is_listed_and_rows_without_successor_are_not_copied(merger):
    """ORG-5, REG-2: each replacement is recorded (before → after, article); a row whose agency or group has no
    successor in the new province is not copied and is listed as needing a choice."""
    m = merger
    draft = _draft(m)
    listed = {(r.before, r.after, r.article, r.outcome) for r in draft.replacements.all()}
    assert ("Sở Nội vụ", "Sở Nội vụ", "Điều 3", Replacement.Outcome.REPLACED) in listed  # the standing agency
    assert ("Sở Thông tin và Truyền thông", "Sở Tư pháp", "Điều 10", Replacement.Outcome.REPLACED) in listed
    assert (m.old.ordinary.name, "", "Điều 9", Replacement.Outcome.NO_SUCCESSOR) in listed
    assert (m.orphan_group_name, "", "Điều 7", Replacement.Outcome.NO_SUCCESSOR) in listed
    assert ("Các sở, ban, ngành", "Các sở, ngành", "Điều 4", Replacement.Outcome.REPLACED) in listed
    assert ("UBND cấp huyện", "", "Điều 8", Replacement.Outcome.NO_SUCCESSOR) in listed, "no district after 2025"
    # REG-3: the absorbed department's coordination became the lead's own: not copied twice.
    assert ("Sở Thông tin và Truyền thông", "Sở Tư pháp", "Điều 5", Replacement.Outcome.MERGED) in listed
    codes = {(r.subject_code, r.role) for r in draft.responsibilities.all()}
    assert ("modernisation", "lead") not in codes and ("institutions", "coordinate") not in codes
    assert ("plan-comments", "coordinate") in codes, "the row naming the group that exists in both is copied"
    needing = [r for r in draft.replacements.all() if r.needs_choice]
    assert {r.before for r in needing} == {m.old.ordinary.name, m.orphan_group_name, "UBND cấp huyện"}
    assert all(r.after_label == "không có cơ quan kế thừa" for r in needing if r.before == m.old.ordinary.name)
    entry = AuditEntry.objects.get(record_type="regulation.regulation", record_id=str(draft.pk), action="create")
    assert entry.actor == m.new.user("standing_focal")


def test_REG_2_the_normal_issue_path_issues_the_draft_and_routing_follows_it(merger):
    """REG-2, REG-4: the leader of the standing agency issues the draft; from its effective date routing in the
    new province follows it."""
    m = merger
    draft = _draft(m)
    draft.number = "1/QĐ-UBND"
    draft.save()
    services.issue_regulation(draft, actor=m.new.user("standing_leader"))
    assert routing.route_lead(m.new.province, "institutions", ON).agency == m.new.domain


def test_ORG_5_system_may_start_the_draft_without_an_actor(merger):
    """ORG-5: the demo (a management command) starts the draft as the system (actor None)."""
    draft = _draft(merger, actor=None)
    assert draft.is_draft and draft.replacements.exists()


@pytest.mark.parametrize("kind", ["domain_leader", "ordinary_focal", "committee_leader", "viewer", "province_admin"])
def test_ORG_5_only_the_standing_agency_staff_start_the_draft(merger, kind):
    """ORG-5, REG-2: anyone but the standing agency's leader or focal officer is refused, nothing created."""
    with pytest.raises(UserError):
        _draft(merger, actor=kind)
    assert not Regulation.objects.filter(province=merger.new.province).exists()


def test_ORG_5_the_old_provinces_staff_may_not_start_the_draft(merger):
    """ORG-5: the old province's standing agency has no say in the new province's regulation."""
    with pytest.raises(UserError):
        services.draft_from_predecessor(
            merger.new.province, merger.old.regulation, actor=merger.old.user("standing_leader"), on=ON
        )
    assert not Regulation.objects.filter(province=merger.new.province).exists()


def test_ORG_5_refused_when_the_source_is_not_a_predecessors_issued_regulation(merger):
    """ORG-5, REG-2: a regulation of an unrelated province, a draft, or the same source twice is refused, in
    Vietnamese, and nothing is created."""
    m = merger
    stranger = world()
    with pytest.raises(UserError, match="không phải quy chế của"):
        services.draft_from_predecessor(m.new.province, stranger.regulation, actor=None, on=ON)
    Regulation.objects.filter(pk=m.old.regulation.pk).update(status=Regulation.Status.DRAFT)
    with pytest.raises(UserError, match="chưa ban hành"):
        services.draft_from_predecessor(m.new.province, m.old.regulation, actor=None, on=ON)
    assert not Regulation.objects.filter(province=m.new.province).exists()
    Regulation.objects.filter(pk=m.old.regulation.pk).update(status=Regulation.Status.ISSUED)
    _draft(m)
    with pytest.raises(UserError, match="đã có dự thảo"):
        _draft(m)
    assert Regulation.objects.filter(province=m.new.province).count() == 1


# --- pages ------------------------------------------------------------------------------------------------------


def _login(client, user):
    client.force_login(user)
    return client


def test_ORG_5_REG_4_province_and_ask_pages_say_plainly_there_is_no_regulation_yet(client, merger):
    """ORG-5, REG-4: the province page and "Hỏi quy chế" say the new province has no regulation of its own and
    the old one's no longer applies; the standing agency's staff see a button per predecessor regulation."""
    m = merger
    m.new.province.kind = "thành phố"
    m.new.province.save()
    button = f"Soạn dự thảo từ quy chế {m.old.regulation.number} của {m.old.province.title}"
    plain = (
        f"{m.new.province.title} chưa có quy chế phối hợp của mình; quy chế của tỉnh {m.old.province.name} "
        f"không còn áp dụng từ 01/07/2025"
    )
    for name in ["province", "routing"]:
        url = reverse(name, args=[m.new.province.slug])
        html = _login(client, m.new.user("standing_focal")).get(url).content.decode()
        assert plain in html and button in html, name
        html = _login(client, m.new.user("domain_leader")).get(url).content.decode()
        assert plain in html and button not in html, name


def test_ORG_5_the_button_creates_the_draft_and_others_get_403(client, merger):
    """ORG-5, REG-2: the POST creates the draft for the standing agency's staff; anyone else gets 403 and
    nothing is created."""
    m = merger
    url = reverse("regulation-from-predecessor", args=[m.new.province.slug, m.old.regulation.pk])
    for kind in ["domain_leader", "committee_leader", "province_admin"]:
        assert _login(client, m.new.user(kind)).post(url).status_code == 403, kind
    assert not Regulation.objects.filter(province=m.new.province).exists()
    response = _login(client, m.new.user("standing_leader")).post(url)
    draft = Regulation.objects.get(province=m.new.province)
    assert response.status_code == 302
    assert response["Location"] == reverse("regulation-detail", args=[m.new.province.slug, draft.pk])


def test_ORG_5_the_draft_page_lists_the_replacements_for_checking(client, merger, django_assert_max_num_queries):
    """ORG-5, REG-2: the draft page lists each replacement (before → after, article), the rows without a
    successor highlighted."""
    m = merger
    draft = _draft(m)
    url = reverse("regulation-detail", args=[m.new.province.slug, draft.pk])
    _login(client, m.new.user("standing_focal"))
    client.get(url)
    with django_assert_max_num_queries(60):
        html = client.get(url).content.decode()
    assert f"Thay thế khi chuyển từ quy chế của {m.old.province.title}" in html
    assert "Sở Thông tin và Truyền thông" in html and "Điều 10" in html
    assert 'class="table-danger" data-replacement="no-successor"' in html
    assert "không có cơ quan kế thừa" in html


def test_ORG_5_once_a_draft_exists_the_pages_link_to_it_instead_of_offering_another(client, merger):
    """ORG-5, REG-2: after the draft is made, the standing agency's staff are sent to it; no second button."""
    m = merger
    draft = _draft(m)
    html = _login(client, m.new.user("standing_focal")).get(reverse("province", args=[m.new.province.slug]))
    html = html.content.decode()
    assert reverse("regulation-detail", args=[m.new.province.slug, draft.pk]) in html
    assert "Soạn dự thảo từ quy chế" not in html
    assert "chưa có quy chế phối hợp của mình" in html, "still no regulation in force until it is issued"


def test_U_3_every_row_of_a_draft_from_a_predecessor_is_in_the_audit_log(merger):
    """U-3: the copied responsibilities and the listed replacements are written through the model, so the audit log
    explains each of them (seen failing first: they were bulk-created)."""
    from cchc.core.auditing import unlogged_changes
    from cchc.regulation.models import Responsibility

    draft = _draft(merger, actor=None)
    rows = [Responsibility.objects.filter(regulation=draft), Replacement.objects.filter(regulation=draft)]
    assert all(r.exists() for r in rows)
    assert unlogged_changes(rows) == []

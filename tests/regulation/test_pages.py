"""Regulation pages: the responsibility matrix, history, warnings, editing through the pages."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.models import AuditEntry
from cchc.regulation.models import Regulation, Responsibility
from cchc.regulation.routing import regulation_in_force
from tests.conftest import TODAY, agency, province

# Pages that edit and issue today work in Đà Nẵng, a province alive today, with its regulation of the test data
# (tests/fixtures/da-nang-regulation.yaml); Quảng Nam's regulation is its history (ORG-5: in force until
# 30/06/2025, Quảng Nam's last day).
DN = "Đà Nẵng"
QN_LAST_DAY = dt.date(2025, 6, 30)


def _current(name=DN):
    return regulation_in_force(province(name), TODAY)


def test_REG_1_matrix_shows_areas_down_agencies_across_with_articles(client_for):
    regulation = regulation_in_force(province("Quảng Nam"), QN_LAST_DAY)
    response = client_for("qnam.stp").get(reverse("regulation-detail", args=["quang-nam", regulation.pk]))
    matrix = response.context["matrix"]
    row = next(r for r in matrix.rows if r.code == "institutions")
    cell = {party.name: rows for party, rows in row.ordered}["Sở Tư pháp"]
    assert {(r.get_role_display(), r.article) for r in cell} == {
        ("Chủ trì", "Đ15.1"),
        ("Thẩm định chỉ số", "Đ15.2"),
    }
    html = response.content.decode()
    assert "Ma trận trách nhiệm" in html and "TĐ <small>Đ15.2</small>" in html
    assert matrix.columns[0].name == "Sở Nội vụ", "the standing agency comes first"


def test_ORG_2_regulation_page_warns_the_standing_agency_it_needs_updating(client, db):
    """ORG-2: a regulation in force today that names an agency ended on 28/02/2025 warns the standing agency,
    naming the ended agency and its successor; another agency's user is told the work goes to the successor.
    (A province of the test's own: Quảng Nam's regulation is no longer in force after 30/06/2025, ORG-5.)"""
    from cchc.regulation.models import ResponsibilityRole
    from tests.factories import AgencyFactory, ResponsibilityFactory, topic, world

    w = world()
    science = AgencyFactory(province=w.province, name="Sở Khoa học và Công nghệ")
    ict = AgencyFactory(
        province=w.province, name="Sở Thông tin và Truyền thông", valid_to=dt.date(2025, 2, 28), successor=science
    )
    ResponsibilityFactory(
        regulation=w.regulation, topic=topic("it-application"), role=ResponsibilityRole.LEAD, agency=ict
    )
    url = reverse("regulation-detail", args=[w.province.slug, w.regulation.pk])
    client.force_login(w.user("standing_focal"))
    html = client.get(url).content.decode()
    assert "Quy chế cần cập nhật" in html and "Sở Thông tin và Truyền thông (đến 28/02/2025)" in html
    assert "Sở Khoa học và Công nghệ" in html
    client.force_login(w.user("domain_focal"))
    other = client.get(url).content.decode()
    assert "Quy chế cần cập nhật" not in other and "công việc được chuyển cho cơ quan kế thừa" in other


def test_REG_2_replaced_regulations_are_listed_and_read_only(client_for):
    client = client_for("qnam.snv")
    html = client.get(reverse("regulation-list", args=["quang-nam"])).content.decode()
    assert "2824/QĐ-UBND" in html and "Đã được thay thế" in html
    # Nothing is in force in Quảng Nam after 30/06/2025 (ORG-5); Đà Nẵng's list shows the one in force today.
    assert "Đang có hiệu lực" not in html
    da_nang = client_for("dnang.snv").get(reverse("regulation-list", args=["da-nang"])).content.decode()
    assert "Đang có hiệu lực" in da_nang
    client = client_for("qnam.snv")
    replaced = Regulation.objects.get(province=province("Quảng Nam"), number="2824/QĐ-UBND")
    page = client.get(reverse("regulation-detail", args=["quang-nam", replaced.pk])).content.decode()
    assert "Hết hiệu lực — chỉ xem" in page and "Thêm trách nhiệm" not in page
    rows = Responsibility.objects.count()
    client.post(
        reverse("responsibility-add", args=["quang-nam", replaced.pk]),
        {"subject": "institutions", "role": "lead", "party": f"agency:{agency('Quảng Nam', 'STP').pk}"},
    )
    assert Responsibility.objects.count() == rows


def test_REG_1_no_regulation_in_force_is_said_plainly(client_for, make_member):
    user = make_member("Hưng Yên", "Sở Nội vụ", "leader")
    from django.test import Client

    client = Client()
    client.force_login(user)
    html = client.get(reverse("province", args=["hung-yen"])).content.decode()
    assert "Chưa có quy chế phối hợp có hiệu lực" in html
    html = client.get(reverse("routing", args=["hung-yen"]), {"question": "lead", "subject": "institutions"}).content
    assert "chưa có quy chế phối hợp có hiệu lực" in html.decode()


def test_REG_1_standing_agency_enters_a_regulation_in_the_app_and_issues_it(client_for):
    client = client_for("dnang.snv")
    current = _current()
    response = client.post(
        reverse("regulation-create", args=["da-nang"]) + f"?tu={current.pk}",
        {
            "programme": current.programme_id,
            "number": "20/QĐ-UBND",
            "title": "Quy chế phối hợp mới",
            "issuer": "Ủy ban nhân dân thành phố Đà Nẵng",
            "signed_on": "01/12/2026",
            "effective_from": "15/12/2026",
            "standing_agency": agency(DN, "SNV").pk,
            "standing_article": "Đ4.1",
            "proposal_deadline_day": 20,
            "proposal_deadline_month": 11,
            "proposal_deadline_article": "Đ6.2a",
            "meeting_cadence": "quarterly",
            "meeting_article": "Đ12.2",
            "note": "",
        },
    )
    draft = Regulation.objects.get(number="20/QĐ-UBND")
    assert response.status_code == 302 and draft.status == "draft"
    assert draft.responsibilities.count() == current.responsibilities.count()
    science = agency(DN, "SKHCN")
    for row in draft.responsibilities.filter(agency=science):
        client.post(reverse("responsibility-remove", args=["da-nang", draft.pk, row.pk]))
    assert not draft.responsibilities.filter(agency=science).exists()
    client.post(
        reverse("responsibility-add", args=["da-nang", draft.pk]),
        {
            "subject": "it-application",
            "role": "lead",
            "party": f"agency:{agency(DN, 'SKHCN').pk}",
            "article": "Đ17.1",
        },
    )
    assert draft.responsibilities.filter(topic__code="it-application", role="lead").get().agency.abbreviation == "SKHCN"
    # The focal officer may not issue; the leader does.
    assert client.post(reverse("regulation-issue", args=["da-nang", draft.pk])).status_code == 403
    client_for("dnang.snv.lanhdao").post(reverse("regulation-issue", args=["da-nang", draft.pk]))
    draft.refresh_from_db()
    current.refresh_from_db()
    assert draft.status == "issued" and current.effective_to == dt.date(2026, 12, 15)


def _draft_of_current(demo_user):
    """A draft started from the regulation in force (the regulation in force itself is never edited, U-3)."""
    from cchc.regulation import services

    current = _current()
    fields = {
        "programme": current.programme,
        "number": "30/QĐ-UBND",
        "title": current.title,
        "issuer": current.issuer,
        "signed_on": dt.date(2026, 12, 1),
        "effective_from": dt.date(2026, 12, 15),
        "standing_agency": current.standing_agency,
    }
    return services.create_draft(province(DN), actor=demo_user("dnang.snv"), fields=fields, copy_from=current)


def test_REG_3_page_refuses_a_lead_as_coordinator_with_a_vietnamese_message(client_for, demo_user):
    client = client_for("dnang.snv")
    current = _draft_of_current(demo_user)
    rows = current.responsibilities.count()
    response = client.post(
        reverse("responsibility-add", args=["da-nang", current.pk]),
        {
            "subject": "institutions",
            "role": "coordinate",
            "party": f"agency:{agency(DN, 'STP').pk}",
        },
        follow=True,
    )
    assert "vừa chủ trì vừa phối hợp" in response.content.decode()
    assert current.responsibilities.count() == rows


def test_bad_dates_in_the_form_get_a_message_and_change_nothing(client_for):
    """SEC-3."""
    client = client_for("dnang.snv")
    current = _current()
    count = Regulation.objects.count()
    response = client.post(
        reverse("regulation-create", args=["da-nang"]),
        {
            "programme": current.programme_id,
            "number": "21/QĐ-UBND",
            "title": "X",
            "issuer": "UBND",
            "signed_on": "31/02/2026",
            "effective_from": "15/12/2026",
            "standing_agency": agency(DN, "SNV").pk,
            "meeting_cadence": "none",
        },
    )
    assert response.status_code == 200 and Regulation.objects.count() == count
    assert "Nhập một ngày hợp lệ" in response.content.decode() or "hợp lệ" in response.content.decode()


def test_double_submit_of_a_stale_edit_form_is_refused(client_for, demo_user):
    """SEC-5."""
    client = client_for("dnang.snv")
    current = _draft_of_current(demo_user)
    data = {
        "programme": current.programme_id,
        "number": current.number,
        "title": current.title,
        "issuer": current.issuer,
        "signed_on": current.signed_on.strftime("%d/%m/%Y"),
        "effective_from": current.effective_from.strftime("%d/%m/%Y"),
        "standing_agency": current.standing_agency_id,
        "meeting_cadence": current.meeting_cadence,
        "proposal_deadline_day": 15,
        "proposal_deadline_month": 11,
        "version": current.version,
        "note": "Lần 1",
    }
    url = reverse("regulation-edit", args=["da-nang", current.pk])
    assert client.post(url, data).status_code == 302
    second = client.post(url, {**data, "note": "Lần 2"})
    assert "vừa được người khác sửa" in second.content.decode()
    current.refresh_from_db()
    assert current.note == "Lần 1"
    assert AuditEntry.objects.filter(record_id=str(current.pk), action="update").count() == 1


def _queries_for_matrix(client, regulation) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("regulation-detail", args=["da-nang", regulation.pk])).status_code == 200
    assert len(captured) > 3, "the queries were counted"
    return len(captured)


def test_matrix_page_queries_do_not_grow_with_the_regulation(client_for, demo_user):
    from cchc.regulation import services

    client = client_for("dnang.snv")
    current = _current()
    fields = {
        "programme": current.programme,
        "number": "",
        "title": "Dự thảo",
        "issuer": current.issuer,
        "signed_on": TODAY,
        "effective_from": TODAY,
        "standing_agency": current.standing_agency,
    }
    small = services.create_draft(province(DN), actor=demo_user("dnang.snv"), fields=fields)
    services.add_responsibility(
        small,
        actor=demo_user("dnang.snv"),
        subject_code="institutions",
        role="lead",
        party=agency(DN, "STP"),
        article="Đ1",
    )
    big = services.create_draft(province(DN), actor=demo_user("dnang.snv"), fields=fields, copy_from=current)
    assert big.responsibilities.count() > 10 * small.responsibilities.count()
    assert _queries_for_matrix(client, big) == _queries_for_matrix(client, small)

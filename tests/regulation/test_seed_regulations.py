"""REG-5: the three seed regulations load as data, each in its own province, with what their text states."""

import datetime as dt

import pytest

from cchc.regulation.models import Regulation, Responsibility
from cchc.regulation.routing import regulation_in_force
from tests.conftest import agency, province


def _rows(province_name: str, on: dt.date):
    regulation = regulation_in_force(province(province_name), on)
    assert regulation is not None
    return regulation, Responsibility.objects.filter(regulation=regulation).select_related(
        "area", "topic", "agency", "group"
    )


def _has(rows, subject: str, role: str, province_name: str, agency_name: str, article: str) -> bool:
    target = agency(province_name, agency_name)
    return any(
        r.subject_code == subject and r.role == role and r.agency_id == target.pk and r.article == article for r in rows
    )


QN = "Quảng Nam"
KG = "Kiên Giang"
KH = "Khánh Hòa"


@pytest.mark.parametrize(
    ("subject", "role", "agency_name", "article"),
    [
        ("institutions", "appraise", "Sở Tư pháp", "Đ15.2"),
        ("institutions", "lead", "Sở Tư pháp", "Đ15.1"),
        ("tthc-control", "appraise", "Văn phòng UBND tỉnh", "Đ14.2"),
        ("one-stop", "appraise", "Văn phòng UBND tỉnh", "Đ14.2"),
        ("tthc-control", "lead", "Văn phòng UBND tỉnh", "Đ14.1"),
        ("project-funding", "co-appraise", "Sở Tài chính", "Đ9.5"),
        ("iso", "co-appraise", "Sở Khoa học và Công nghệ", "Đ9.4"),
        ("it-application", "co-appraise", "Sở Thông tin và Truyền thông", "Đ9.3"),
        ("public-finance", "lead", "Sở Tài chính", "Đ16.1"),
        ("iso", "lead", "Sở Khoa học và Công nghệ", "Đ18.1"),
        ("project-appraisal", "lead", "Sở Nội vụ", "Đ9.1"),
    ],
)
def test_REG_5_quang_nam_responsibilities(db, subject, role, agency_name, article):
    _, rows = _rows(QN, dt.date(2022, 1, 1))
    assert _has(rows, subject, role, QN, agency_name, article)


def test_REG_5_quang_nam_header_deadline_and_briefing(db):
    regulation, rows = _rows(QN, dt.date(2022, 1, 1))
    assert regulation.proposal_deadline == (15, 11) and regulation.proposal_deadline_article == "Đ6.2a"
    assert regulation.meeting_cadence == "quarterly" and regulation.meeting_article == "Đ12.2"
    assert regulation.standing_agency == agency(QN, "Sở Nội vụ")
    assert regulation.programme.code == "NQ76"
    assert regulation.replaces.number == "2824/QĐ-UBND"
    assert regulation.replaces.signed_on == dt.date(2018, 9, 19)
    assert regulation.replaces.effective_to == regulation.effective_from
    briefed = {r.agency.name for r in rows if r.subject_code == "quarterly-briefing" and r.agency_id}
    assert {
        "Sở Tư pháp",
        "Sở Tài chính",
        "Sở Thông tin và Truyền thông",
        "Sở Khoa học và Công nghệ",
    } <= briefed


def test_REG_5_quang_nam_asks_five_departments_for_proposals(db):
    _, rows = _rows(QN, dt.date(2022, 1, 1))
    asked = {r.agency.abbreviation for r in rows if r.subject_code == "plan-proposals" and r.role == "coordinate"}
    assert asked == {"STP", "STC", "SKHCN", "STTTT", "VP UBND"}


@pytest.mark.parametrize(
    ("subject", "role", "agency_name", "article"),
    [
        ("land-environment-procedures", "lead", "Sở Tài nguyên và Môi trường", "Đ12.1"),
        ("one-stop-facilities", "lead", "Sở Kế hoạch và Đầu tư", "Đ11.1"),
        ("socio-economic-impact", "lead", "Sở Kế hoạch và Đầu tư", "Đ11.2"),
        ("tthc-control", "lead", "Văn phòng UBND tỉnh", "Đ6.1"),
        ("one-stop", "appraise", "Văn phòng UBND tỉnh", "Đ6.2"),
        ("public-finance", "lead", "Sở Tài chính", "Đ8.1"),
        ("iso", "lead", "Sở Khoa học và Công nghệ", "Đ10.1"),
    ],
)
def test_REG_5_kien_giang_responsibilities(db, subject, role, agency_name, article):
    _, rows = _rows(KG, dt.date(2019, 1, 1))
    assert _has(rows, subject, role, KG, agency_name, article)


def test_REG_5_kien_giang_header(db):
    regulation, _ = _rows(KG, dt.date(2019, 1, 1))
    assert regulation.number == "925/QĐ-UBND"
    assert regulation.signed_on == dt.date(2018, 4, 17)
    assert regulation.replaces.number == "1879/QĐ-UBND"
    assert regulation.replaces.signed_on == dt.date(2015, 9, 1)
    assert not regulation.replaces.has_text


@pytest.mark.parametrize(
    ("subject", "role", "agency_name", "article"),
    [
        ("iso", "co-appraise", "Sở Khoa học và Công nghệ", "Đ12.2"),
        ("it-application", "co-appraise", "Sở Thông tin và Truyền thông", "Đ12.3"),
        ("project-funding", "co-appraise", "Sở Tài chính", "Đ12.4"),
        ("iso-plan", "lead", "Sở Khoa học và Công nghệ", "Đ5.1"),
        ("it-plan", "lead", "Sở Thông tin và Truyền thông", "Đ6.1"),
    ],
)
def test_REG_5_khanh_hoa_responsibilities(db, subject, role, agency_name, article):
    _, rows = _rows(KH, dt.date(2011, 1, 1))
    assert _has(rows, subject, role, KH, agency_name, article)


def test_REG_5_khanh_hoa_deadline_is_10_december(db):
    regulation, rows = _rows(KH, dt.date(2011, 1, 1))
    assert regulation.number == "2816/QĐ-UBND" and regulation.signed_on == dt.date(2010, 11, 1)
    assert regulation.proposal_deadline == (10, 12) and regulation.proposal_deadline_article == "Đ4.2a"
    recipients = {r.agency.abbreviation for r in rows if r.subject_code == "agency-plans"}
    assert recipients == {"SNV", "STTTT", "SKHCN"}


def test_REG_5_each_regulation_is_in_its_own_province(db):
    for name in (QN, KG, KH):
        regulation, rows = _rows(name, dt.date(2023, 1, 1))
        assert regulation.province == province(name)
        assert all((r.agency or r.group).province_id == regulation.province_id for r in rows)


def test_REG_5_provinces_of_the_seed_plans_have_no_regulation(db):
    for name in ("Hưng Yên", "Bình Định"):
        assert not Regulation.objects.filter(province=province(name)).exists()

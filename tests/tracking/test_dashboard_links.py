"""TRK-6: the dashboards are reached from the home and province pages and the menu; the report cycles' slot
fills itself once the reports app answers (`cchc.reports.queries`)."""

import sys
import types

import pytest
from django.urls import reverse

from cchc.agencies.models import Role
from tests.factories import MembershipFactory, world

pytestmark = pytest.mark.django_db


def test_TRK_6_the_province_page_and_the_menu_link_the_dashboards(client):
    """TRK-6: the province page links the province's dashboard and the user's agency's; the menu has "Tổng quan"."""
    w = world()
    client.force_login(w.user("ordinary_focal"))
    html = client.get(reverse("province", args=[w.province.slug])).content.decode()
    province_url = reverse("province-dashboard", args=[w.province.slug])
    assert f'id="nav-dashboard" href="{province_url}"' in html
    assert f'href="{reverse("agency-dashboard", args=[w.province.slug, w.ordinary.pk])}"' in html
    assert reverse("agency-dashboard", args=[w.province.slug, w.domain.pk]) not in html


def test_TRK_6_the_home_page_of_a_person_of_two_provinces_links_both_dashboards(client):
    """TRK-6: a person of two provinces sees, on the home page, each province's dashboard and each agency's."""
    w, other = world(), world()
    person = w.user("standing_leader")
    MembershipFactory(user=person, agency=other.standing, role=Role.LEADER)
    client.force_login(person)
    html = client.get(reverse("home")).content.decode()
    for province, agency in [(w.province, w.standing), (other.province, other.standing)]:
        assert reverse("province-dashboard", args=[province.slug]) in html
        assert reverse("agency-dashboard", args=[province.slug, agency.pk]) in html


@pytest.fixture
def reports_app(monkeypatch):
    """The reports app's queries, as its helper provides them (RPT-3): (cycle, submitted, in scope) per cycle,
    and an agency's reports."""
    package, queries = types.ModuleType("cchc.reports"), types.ModuleType("cchc.reports.queries")
    queries.submission_rates = lambda province: [("Quý I/2026", 30, 40), ("6 tháng 2026", 0, 40)]
    queries.agency_reports = lambda agency: [f"Báo cáo Quý I/2026 của {agency.name}"]
    package.queries = queries
    monkeypatch.setitem(sys.modules, "cchc.reports", package)
    monkeypatch.setitem(sys.modules, "cchc.reports.queries", queries)


def test_TRK_6_the_report_cycles_slot_fills_when_the_reports_app_is_there(client, reports_app):
    """TRK-6, U-4: the submission rate per cycle: a chart with its table and progress bars (30 of 40 = 75%); the
    agency's reports listed on its dashboard."""
    w = world()
    client.force_login(w.user("viewer"))
    response = client.get(reverse("province-dashboard", args=[w.province.slug]))
    html = response.content.decode()
    assert 'data-chart="reports"' in html and 'id="reports-table"' in html and "Chưa có kỳ báo cáo" not in html
    assert "Quý I/2026" in html and 'aria-valuenow="75"' in html
    assert response.context["chart_data"]["reports"] == {"labels": ["Quý I/2026", "6 tháng 2026"], "data": [75, 0]}
    html = client.get(reverse("agency-dashboard", args=[w.province.slug, w.ordinary.pk])).content.decode()
    assert f"Báo cáo Quý I/2026 của {w.ordinary.name}" in html


def test_TRK_6_RPT_1_an_agencys_dashboard_lists_its_report_cycles(client):
    """TRK-6, RPT-1: with the real reports app, an agency's dashboard lists the cycles it reports in with where
    its report stands, linked to it (seen failing first: the slot stayed empty, the query did not exist)."""
    from cchc.reports import services as report_services

    w = world()
    cycle = report_services.open_cycle(w.province, kind="q1", year=2027, actor=w.user("standing_focal"))
    sent = report_services.prepare(cycle, w.domain, actor=w.user("domain_leader"))
    report_services.submit(sent, actor=w.user("domain_leader"))
    client.force_login(w.user("domain_focal"))
    html = client.get(reverse("agency-dashboard", args=[w.province.slug, w.domain.pk])).content.decode()
    assert f"{cycle.title}: đã gửi" in html
    assert reverse("report-agency", args=[w.province.slug, cycle.pk, w.domain.pk]) in html
    html = client.get(reverse("agency-dashboard", args=[w.province.slug, w.ordinary.pk])).content.decode()
    assert f"{cycle.title}: chưa gửi" in html

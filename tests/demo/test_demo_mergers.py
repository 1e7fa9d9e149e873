"""The demo's Thành phố Đà Nẵng (issue 9): no regulation of its own yet, the draft started from Quảng Nam's for a
new user to review and issue, and Quảng Nam's records as its history."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cchc.core.dates import today
from cchc.demo.loader import drafts_from_predecessors
from cchc.regulation.models import Regulation
from cchc.regulation.routing import regulation_in_force
from tests.conftest import province

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def as_the_demo_loads(db):
    """Đà Nẵng as `make demo` leaves it: without the regulation the test session adds on top of the demo
    (tests/conftest.py load_da_nang_test_data), removed inside this test's transaction only."""
    Regulation.objects.filter(province=province("Đà Nẵng"), status=Regulation.Status.ISSUED).delete()


def _draft() -> Regulation:
    return Regulation.objects.get(province=province("Đà Nẵng"), status=Regulation.Status.DRAFT)


def _as(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_ORG_5_REG_4_the_demo_holds_da_nangs_draft_from_quang_nams_regulation():
    """ORG-5, REG-4: Đà Nẵng has no regulation in force; its draft is based on Quảng Nam's regulation in force on
    30/06/2025, every agency and group it names listed as a replacement; loading again makes no second draft."""
    danang = province("Đà Nẵng")
    assert regulation_in_force(danang, today()) is None
    draft = _draft()
    assert draft.based_on.province == province("Quảng Nam")
    assert draft.based_on.is_in_force_on(province("Quảng Nam").valid_to)
    assert draft.replacements.count() >= draft.based_on.responsibilities.count() // 2
    assert drafts_from_predecessors() == []
    assert Regulation.objects.filter(province=danang).count() == 1
    # every provincial agency of Quảng Nam is carried on by its Đà Nẵng successor (Sở Tư pháp by Sở Tư pháp …)
    replaced = {(r.before, r.after) for r in draft.replacements.filter(outcome="replaced")}
    assert ("Sở Tư pháp", "Sở Tư pháp") in replaced
    assert ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ") in replaced
    responsibilities = draft.responsibilities.select_related("agency")
    assert {r.agency.province_id for r in responsibilities if r.agency} == {danang.pk}


def test_ORG_5_dnang_snv_finds_the_draft_and_its_replacements_from_the_province_page():
    """ORG-5, U-1: Sở Nội vụ of Đà Nẵng reads on its province page that it has no regulation of its own, with a link
    to the draft made from Quảng Nam's; the draft page lists the replacements to check."""
    client = _as("dnang.snv")
    page = client.get(reverse("province", args=["da-nang"])).content.decode()
    assert "chưa có quy chế phối hợp của mình" in page
    draft_url = reverse("regulation-detail", args=["da-nang", _draft().pk])
    assert draft_url in page
    draft_page = client.get(draft_url).content.decode()
    assert "Thay thế khi chuyển từ quy chế của" in draft_page

"""A province that merged into another (ORG-5): its regulation ended with it, everywhere it is shown; its agencies may
be given successors in the province it merged into."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cchc.agencies import services as agency_services
from cchc.api.services import create_token
from cchc.core.errors import UserError
from cchc.plans import cycle
from cchc.regulation.models import Regulation
from tests.conftest import agency, province

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2025, 6, 30)


def _quang_nam_2021() -> Regulation:
    return Regulation.objects.get(province=province("Quảng Nam"), effective_from=dt.date(2021, 6, 30))


def test_ORG_5_REG_2_a_merged_provinces_regulation_is_in_force_until_its_last_day_only():
    """ORG-5, REG-2: Quảng Nam's 2021 regulation was in force on 30/06/2025 and is not on 01/07/2025, although no
    later regulation replaced it (seen failing first: the model still called it in force)."""
    regulation = _quang_nam_2021()
    assert regulation.is_in_force_on(LAST_DAY)
    assert not regulation.is_in_force_on(LAST_DAY + dt.timedelta(days=1))
    assert regulation.ended_with_province


def test_ORG_5_the_list_and_the_api_say_the_regulation_ended_with_the_province():
    """ORG-5, U-1: the list of Quảng Nam's regulations labels the 2021 one "Hết hiệu lực khi hợp nhất (30/06/2025)",
    not "Chưa có hiệu lực"; the API says in_force false today."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="dnang.snv"))
    page = client.get(reverse("regulation-list", args=["quang-nam"])).content.decode()
    assert "Hết hiệu lực khi hợp nhất (30/06/2025)" in page
    assert "Chưa có hiệu lực" not in page
    regulation = _quang_nam_2021()
    url = f"/api/v1/provinces/quang-nam/regulations/{regulation.pk}"
    token = {"HTTP_AUTHORIZATION": f"Bearer {create_token('qnam.snv')}"}
    assert Client().get(url, **token).json()["in_force"] is False


def test_ORG_5_work_after_the_merger_is_not_told_to_issue_a_regulation_in_the_old_province(demo_user):
    """ORG-5, U-1: opening a call in Quảng Nam after 30/06/2025 is refused with the merger message only, not with
    "issue a regulation first" (which would mean a regulation of a province that no longer exists)."""
    with pytest.raises(UserError) as refused:
        cycle.open_call(province("Quảng Nam"), year=2026, actor=demo_user("qnam.snv"), on=dt.date(2025, 10, 1))
    assert "đã hợp nhất vào Thành phố Đà Nẵng" in refused.value.message
    assert "Hãy ban hành quy chế phối hợp trước" not in refused.value.message


def test_ORG_2_ORG_5_an_agency_may_be_given_a_successor_in_the_province_it_merged_into(demo_user):
    """ORG-2, ORG-5: correcting a Quảng Nam agency keeps its Đà Nẵng successor (seen failing first: any successor
    outside the province was refused); a successor in an unrelated province is still refused. Quảng Nam's records
    are history after its last day (nobody edits them), so the test sets its last day a month ahead: an edit made
    before the merger."""
    import datetime as dt

    from cchc.core.dates import today
    from cchc.core.models import Province

    Province.objects.filter(slug="quang-nam").update(valid_to=today() + dt.timedelta(days=30))
    justice = agency("Quảng Nam", "Sở Tư pháp")
    admin = demo_user("admin")
    agency_services.update_agency(justice, actor=admin, fields={"note": "Đã chuyển về Đà Nẵng."})
    justice.refresh_from_db()
    assert justice.note == "Đã chuyển về Đà Nẵng." and justice.successor.province == province("Đà Nẵng")
    with pytest.raises(UserError, match="cùng tỉnh"):
        agency_services.update_agency(justice, actor=admin, fields={"successor": agency("Khánh Hòa", "Sở Tư pháp")})

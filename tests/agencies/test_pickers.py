"""U-1: agency pickers are grouped by kind, sorted by name, current agencies first, ended ones last."""

import datetime as dt

import pytest

from cchc.agencies.models import AgencyKind
from cchc.agencies.queries import grouped_party_choices
from cchc.plans.forms import TaskForm
from tests.factories import AgencyFactory, service_plan, world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


def _labels(choices):
    return [label for label, _ in choices]


def test_U_1_party_choices_are_grouped_by_kind_sorted_by_name_and_ended_agencies_come_last():
    """U-1: optgroups in the order UBND tỉnh, Văn phòng UBND tỉnh, Sở, Ban ngành, UBND cấp huyện, UBND cấp xã,
    Cơ quan TW, Nhóm cơ quan, then "Đã chấm dứt hoạt động"; names sorted ignoring accents."""
    w = world()
    AgencyFactory(province=w.province, name="Ban Quản lý Khu kinh tế", kind=AgencyKind.BOARD)
    AgencyFactory(province=w.province, name="Cục Thuế tỉnh", kind=AgencyKind.CENTRAL)
    AgencyFactory(province=w.province, name="UBND xã Thử", kind=AgencyKind.COMMUNE)
    AgencyFactory(province=w.province, name="Sở Ăn thử", kind=AgencyKind.DEPARTMENT)
    ended = AgencyFactory(
        province=w.province, name="Sở Thông tin và Truyền thông", valid_to=dt.date(2025, 2, 28), successor=w.domain
    )
    later = AgencyFactory(province=w.province, name="Sở Tương lai", valid_from=dt.date(2027, 1, 1))

    choices = grouped_party_choices(w.province, TODAY)

    assert _labels(choices) == [
        "UBND tỉnh",
        "Văn phòng UBND tỉnh",
        "Sở",
        "Ban ngành",
        "UBND cấp huyện",
        "UBND cấp xã",
        "Cơ quan TW",
        "Nhóm cơ quan",
        "Đã chấm dứt hoạt động",
    ]
    groups = dict(choices)
    # Sorted by name without regard to accents: "Ăn" sorts as "An", before "Nội".
    assert [name for _, name in groups["Sở"]] == [
        "Sở Ăn thử",
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Văn hóa, Thể thao và Du lịch",
    ]
    assert groups["UBND tỉnh"] == [(f"agency:{w.committee.pk}", w.committee.name)]
    assert groups["Nhóm cơ quan"] == [(f"group:{w.departments.pk}", "Các sở, ban, ngành")]
    # Only agencies active on the day are in the kind groups; the others last, with their dates.
    current = [key for label, options in choices[:-1] for key, _ in options]
    assert f"agency:{ended.pk}" not in current and f"agency:{later.pk}" not in current
    assert groups["Đã chấm dứt hoạt động"] == [
        (f"agency:{ended.pk}", "Sở Thông tin và Truyền thông (đến 28/02/2025)"),
        (f"agency:{later.pk}", "Sở Tương lai (từ 01/01/2027)"),
    ]


def test_U_1_the_task_form_offers_the_grouped_picker_and_still_accepts_an_ended_agency():
    """U-1: the task form's lead and coordinators are pickers (data-picker) with the grouped choices; a value
    naming an ended agency (a task saved before it ended) stays valid."""
    w = world()
    ended = AgencyFactory(province=w.province, name="Sở Đã thôi", valid_to=dt.date(2020, 1, 1))
    plan = service_plan(w)
    form = TaskForm(plan=plan)
    html = str(form["lead"]) + str(form["coordinators"])
    assert html.count('data-picker="agency"') == 2
    assert '<optgroup label="Sở">' in html and '<optgroup label="Đã chấm dứt hoạt động">' in html
    assert 'size="6"' not in html
    form = TaskForm(
        {"title": "Nhiệm vụ", "lead": f"agency:{ended.pk}", "coordinators": [f"group:{w.departments.pk}"]}, plan=plan
    )
    assert form.is_valid(), form.errors
    assert form.lead_party() == ended

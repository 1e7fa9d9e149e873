"""U-2: the rows of an official table written in one go (table_rows.py) are the XML python-docx wrote cell by cell,
so the exports look exactly as before (issue 12: the .docx of a 2,000-task plan in under 2 s); and the plan's
tasks read as rows for the exports (plans/rows.py) carry what the model instances carry, in the same order."""

import datetime as dt

import pytest
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from cchc.agencies.models import AgencyGroup
from cchc.exports import official
from cchc.plans import services
from cchc.plans.queries import tasks_of
from cchc.plans.rows import task_rows
from tests.conftest import agency
from tests.plans.conftest import DN, area, make_plan, task_input

WIDTHS = (12, 85, 42, 35)
ROWS = [
    official.Group("Cải cách thể chế", "I"),
    ["1", ["Rà soát văn bản", "dòng thứ hai"], ["Kế hoạch", "Báo cáo"], "Sở Tư pháp"],
    official.Group("Nhiệm vụ khác"),
    ["2", '  lề trái & <thẻ> "ngoặc" ', [], None],
    ["3", "cột\tcó tab\nvà xuống dòng\r\ncuối", ["\x0bký tự lạ\x01"], ""],
    ["4", "", [" "], "Sở Nội vụ"],
]


def _reference_table(doc, headers, rows, widths, center_columns=(0,)):
    """add_table as it was written with python-docx's cell API (before issue 12), the reference."""
    table = doc.add_table(rows=1, cols=len(headers))
    official._borders(table)
    official._fix_widths(table, widths)
    official._repeat_as_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        official._fill(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row in rows:
        cells = list(table.add_row().cells)
        if isinstance(row, official.Group):
            if row.number:
                official._fill(cells[0], row.number, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
                merged = cells[1].merge(cells[-1]) if len(cells) > 2 else cells[1]
            else:
                merged = cells[0].merge(cells[-1])
            official._fill(merged, row.label.upper(), bold=True)
            continue
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            align = WD_ALIGN_PARAGRAPH.CENTER if index in center_columns else WD_ALIGN_PARAGRAPH.LEFT
            official._fill(cell, value, align=align)
    return table


def _xml(table) -> bytes:
    return etree.tostring(table._tbl, encoding="utf-8")


def test_U_2_table_rows_are_the_xml_python_docx_writes():
    """U-2: group rows with and without a number, lines, empty cells, tabs, breaks, spaces to keep, characters to
    escape and characters XML forbids: the same XML as python-docx's cell by cell."""
    headers = ["TT", "Nhiệm vụ", "Sản phẩm", "Chủ trì"]
    for center in [(0,), (0, 2, 3)]:
        expected = _reference_table(official.new_official_document(), headers, ROWS, WIDTHS, center)
        written = official.add_table(official.new_official_document(), headers, ROWS, WIDTHS, center_columns=center)
        assert _xml(written) == _xml(expected)
        assert b"xmlns" not in _xml(written).split(b">", 1)[1], "no namespace declared again on each row"


def test_U_2_a_two_column_table_keeps_its_group_rows():
    """U-2: with two columns the group's label takes the second cell whole (nothing to merge)."""
    rows = [official.Group("Kết quả", "1"), ["Nội dung", "Đạt"], official.Group("Khác")]
    expected = _reference_table(official.new_official_document(), ["Nội dung", "Kết quả"], rows, (110, 55))
    written = official.add_table(official.new_official_document(), ["Nội dung", "Kết quả"], rows, (110, 55))
    assert _xml(written) == _xml(expected)


def test_U_2_a_row_of_the_wrong_width_is_refused():
    """U-2: a row with more or fewer cells than the table has columns is a programming error, said at once."""
    with pytest.raises(ValueError, match="3 cells"):
        official.add_table(official.new_official_document(), ["A", "B"], [["1", "2", "3"]], (50, 50))


def test_PLAN_2_export_rows_carry_what_the_tasks_carry_in_the_same_order(snv):
    """PLAN-2: code, title, products, lead (agency or group), coordinators (agencies, then groups, in their
    ordering), milestones in order, area: the rows the exports print equal the prefetched tasks."""
    plan = make_plan(snv)
    departments = AgencyGroup.objects.get(province__name=DN, name="Các sở, ban, ngành")
    services.add_task(
        plan,
        actor=snv,
        data=task_input(
            "Rà soát văn bản",
            lead="Sở Tư pháp",
            area_id=area("institutions").pk,
            products=("Báo cáo rà soát", "Danh mục văn bản"),
            coordinator_agencies=(agency(DN, "Sở Tài chính"), agency(DN, "Sở Nội vụ")),
            coordinator_groups=(departments,),
            time_text="- Ban hành kế hoạch: Quý I\n- Thực hiện: Quý III",
        ),
    )
    services.add_task(plan, actor=snv, data=task_input("Chỉ đạo", area_id=area("direction").pk, time_text="Cả năm"))
    services.add_task(
        plan,
        actor=snv,
        data=services.TaskInput(title="Nhóm chủ trì", lead=departments, time_text="Theo tình hình thực tế"),
    )
    rows, tasks = task_rows(plan), list(tasks_of(plan))
    assert [r.pk for r in rows] == [t.pk for t in tasks]
    for row, task in zip(rows, tasks, strict=True):
        assert (row.code, row.title, row.products, row.time_text, row.area_id, row.lead_name) == (
            task.code,
            task.title,
            task.products,
            task.time_text,
            task.area_id,
            task.lead_name,
        )
        assert [a.name for a in row.coordinator_agencies] == [a.name for a in task.coordinator_agencies.all()]
        assert [a.kind for a in row.coordinator_agencies] == [a.kind for a in task.coordinator_agencies.all()]
        assert [g.name for g in row.coordinator_groups] == [g.name for g in task.coordinator_groups.all()]
        assert [(m.label, m.text, m.due) for m in row.milestones] == [
            (m.label, m.text, m.due) for m in task.milestones.all()
        ]
    first = next(r for r in rows if r.title == "Rà soát văn bản")
    assert [a.name for a in first.coordinator_agencies] == ["Sở Nội vụ", "Sở Tài chính"], "by name, as the model"
    assert [m.due for m in first.milestones] == [dt.date(2027, 3, 31), dt.date(2027, 9, 30)]
    assert next(r for r in rows if r.title == "Nhóm chủ trì").lead_name == "Các sở, ban, ngành"

"""IDX-1: the framework file loads, is refused with the line when wrong, and round-trips (load → export)."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cchc.core.errors import UserErrors
from cchc.index import fileformat, services
from cchc.index.models import Framework, Node
from tests.factories import programme

EXAMPLES = sorted((Path(settings.DATA_DIR) / "frameworks").glob("*.yaml"))

MINIMAL = """\
code: T
version: 1
name: "Thử"
agency_kind: department
programme: NQ76
max_points: 10
areas:
  - code: "I"
    name: "Chỉ đạo"
    area: direction
    max_points: 10
    criteria:
      - code: "I.1"
        name: "Kế hoạch"
        max_points: 6.5
        method: appraisal
        levels:
          - {points: 6.5, text: "Đủ"}
          - {points: 0, text: "Không"}
      - code: "I.2"
        name: "Hài lòng"
        max_points: 3.5
        method: survey
"""


def test_examples_exist():
    """IDX-1, IDX-8: example frameworks ship for departments, communes, and the province's own index."""
    kinds = {fileformat.parse(path.read_text(encoding="utf-8")).agency_kind for path in EXAMPLES}
    assert kinds == {"department", "commune", "provincial-committee"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_is_100_points_with_a_survey_share_and_says_it_is_an_example(path):
    """IDX-1: each example is 100 points, has a survey share, and says plainly it is an example."""
    source = path.read_text(encoding="utf-8")
    document = fileformat.parse(source)
    assert document.max_points == Decimal(100)
    assert sum(area.max_points for area in document.areas) == Decimal(100)
    assert Decimal(20) <= document.survey_points() <= Decimal(35)
    assert "ví dụ" in document.note and "không phải" in document.note
    assert source.startswith("# VÍ DỤ")
    assert document.areas[0].area == "direction"
    assert document.bonus and document.penalty


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_round_trips_through_the_commands(path, tmp_path):
    """IDX-1: `cchc load-framework FILE` then `cchc export-framework CODE` gives back the same content."""
    programme()
    call_command("load_framework", str(path), stdout=io.StringIO())
    original = fileformat.parse(path.read_text(encoding="utf-8"))
    out = io.StringIO()
    call_command("export_framework", original.code, stdout=out)
    exported = out.getvalue()
    assert fileformat.parse(exported) == original
    # and the export loads again as the same (identical: accepted, nothing new)
    again = tmp_path / "again.yaml"
    again.write_text(exported, encoding="utf-8")
    call_command("load_framework", str(again), stdout=io.StringIO())
    assert Framework.objects.filter(code=original.code).count() == 1


@pytest.mark.django_db
def test_export_version_option_and_unknown_code():
    """IDX-1: export names its version; a code not loaded is a clear error."""
    programme()
    services.load_framework(fileformat.parse(MINIMAL))
    services.load_framework(fileformat.parse(MINIMAL.replace("version: 1", "version: 2").replace("Thử", "Thử 2")))
    out = io.StringIO()
    call_command("export_framework", "T", "--version", "1", stdout=out)
    assert "name: Thử\n" in out.getvalue() or 'name: "Thử"' in out.getvalue()
    out = io.StringIO()
    call_command("export_framework", "T", stdout=out)
    assert "version: 2" in out.getvalue()
    with pytest.raises(CommandError, match="Không có bộ tiêu chí mã «X»"):
        call_command("export_framework", "X", stdout=io.StringIO())


@pytest.mark.django_db
def test_load_stores_decimal_points_and_the_tree():
    """IDX-1: half points are kept as decimals; the tree keeps its areas, criteria and survey method."""
    programme()
    framework = services.load_framework(fileformat.parse(MINIMAL))
    node = framework.nodes.get(code="I.1")
    assert node.max_points == Decimal("6.5") and node.parent.code == "I" and node.kind == Node.Kind.CRITERION
    assert node.area_code == "direction"
    assert framework.nodes.get(code="I.2").method == "survey"
    assert framework.province is None


def _errors(source: str) -> str:
    with pytest.raises(UserErrors) as caught:
        fileformat.parse(source)
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("max_points: 6.5\n", "max_points: 8\n"), "Dòng 8: Lĩnh vực «I»: tổng điểm tối đa của các mục con (11.5)"),
        (('code: "I.2"', 'code: "I.1"'), "Dòng 20: Mã «I.1» trùng (đã dùng ở dòng 13)"),
        (("max_points: 3.5", "max_points: -3.5"), "Dòng 22: Tiêu chí «I.2»: điểm không được âm"),
        (("{points: 6.5, text", "{points: 7, text"), "Dòng 18: Tiêu chí «I.1»: mức 7 điểm vượt điểm tối đa (6.5)"),
        (("        method: survey\n", ""), "Tiêu chí «I.2»: thiếu trường bắt buộc «method»"),
        (('name: "Thử"\n', ""), "Bộ tiêu chí: thiếu trường bắt buộc «name»"),
        (("method: survey", "method: vote"), "Dòng 23: Tiêu chí «I.2»: phương pháp «vote» không hợp lệ"),
        (("agency_kind: department", "agency_kind: ministry"), "Dòng 4: Loại cơ quan «ministry» không hợp lệ"),
        (("max_points: 10\nareas", "max_points: 12\nareas"), "Dòng 6: Tổng điểm tối đa của các lĩnh vực là 10"),
        (("max_points: 3.5", "max_points: 3.555"), "tối đa hai chữ số thập phân"),
        (("max_points: 3.5", "max_points: nhiều"), "điểm phải là một số"),
        (('code: "I.2"', "code: 1.10"), "phải đặt trong ngoặc kép"),
        (("version: 1", "version: 0"), "«version» phải là số nguyên dương"),
        (("    area: direction\n", "    area: direction\n    colour: red\n"), "không có trường «colour»"),
        (("method: survey", "method: survey\n        binding: weather"), "Dòng 24: Tiêu chí «I.2»: «binding» phải là"),
    ],
)
def test_refusals_name_the_line(change, expected):
    """IDX-1: a wrong file is refused with the line and the reason, in Vietnamese."""
    old, new = change
    assert old in MINIMAL
    assert expected in _errors(MINIMAL.replace(old, new, 1))


def test_yaml_syntax_error_and_not_a_mapping():
    """IDX-1: a broken file is refused, not a crash."""
    assert "cú pháp YAML" in _errors("code: [\n")
    assert "phải là một bảng" in _errors("- 1\n")


@pytest.mark.django_db
def test_unknown_reform_area_and_programme_are_refused():
    """IDX-1: an area code the programme does not have is refused with its line; nothing is stored."""
    programme()
    with pytest.raises(UserErrors, match="Dòng 8: .*không có lĩnh vực CCHC mã «weather»"):
        services.load_framework(fileformat.parse(MINIMAL.replace("area: direction", "area: weather")))
    with pytest.raises(UserErrors, match="Không có chương trình CCHC mã «NQ99»"):
        services.load_framework(fileformat.parse(MINIMAL.replace("programme: NQ76", "programme: NQ99")))
    assert not Framework.objects.filter(code="T").exists()


@pytest.mark.django_db
def test_same_version_twice_identical_is_accepted_different_is_refused():
    """IDX-1: a code and version load once; the same again changes nothing, another content is refused."""
    programme()
    first = services.load_framework(fileformat.parse(MINIMAL))
    assert services.load_framework(fileformat.parse(MINIMAL)) == first
    with pytest.raises(UserErrors, match="đã được nạp với nội dung khác"):
        services.load_framework(fileformat.parse(MINIMAL.replace("Kế hoạch", "Kế hoạch năm")))
    assert Framework.objects.filter(code="T").count() == 1 and first.nodes.get(code="I.1").name == "Kế hoạch"
    second = services.load_framework(fileformat.parse(MINIMAL.replace("version: 1", "version: 2")))
    assert second.pk != first.pk and Framework.objects.filter(code="T").count() == 2


@pytest.mark.django_db
def test_load_command_refuses_with_the_file_and_line(tmp_path):
    """IDX-1: the command says the file was not loaded, with each problem's line."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("max_points: 3.5", "max_points: -1"), encoding="utf-8")
    with pytest.raises(CommandError, match="không nạp được, không có gì thay đổi"):
        call_command("load_framework", str(bad), stdout=io.StringIO())
    assert not Framework.objects.filter(code="T").exists()


@pytest.mark.django_db
def test_a_provinces_own_framework_loads_twice_as_written():
    """IDX-1: a province named loosely («khanh hoa») resolves; loading the same file again changes nothing."""
    programme()
    source = MINIMAL.replace("programme: NQ76\n", "programme: NQ76\nprovince: khanh hoa\n")
    first = services.load_framework(fileformat.parse(source))
    assert first.province.name == "Khánh Hòa"
    assert services.load_framework(fileformat.parse(source)) == first
    with pytest.raises(UserErrors, match="Không có tỉnh «Atlantis»"):
        services.load_framework(fileformat.parse(source.replace("khanh hoa", "Atlantis").replace("code: T", "code: U")))


@pytest.mark.django_db
def test_binding_is_stored_copied_and_exported():
    """IDX-1, IDX-3: a leaf's binding to system data loads, is kept in the tree, and round-trips."""
    programme()
    source = MINIMAL.replace(
        "        method: appraisal\n", "        method: appraisal\n        binding: plan-on-time\n", 1
    )
    framework = services.load_framework(fileformat.parse(source))
    assert framework.nodes.get(code="I.1").binding == "plan-on-time"
    assert services.export_framework(framework).areas[0].children[0].binding == "plan-on-time"
    assert "binding: plan-on-time" in fileformat.dump(services.export_framework(framework))

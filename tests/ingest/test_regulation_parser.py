"""REG-1, U-6: the pure regulation parser (cchc.ingest.regulation_parser) on the three seed regulations, compared
with the hand-written data files made from them, and on the variations real documents bring.

Pure: no database, no Django settings needed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.core.text import fold
from cchc.ingest.reader import Line, Source, read_text
from cchc.ingest.regulation_parser import AREA_OF, AREAS, parse_regulation
from cchc.ingest.structure import Extracted
from tests.conftest import seed_text

SEED_QN = "000_66d1306ca9d616fc.txt"  # Quảng Nam, draft of June 2021 (no number, no day)
SEED_KG = "001_1e20eca3d8c0d2d6.txt"  # Kiên Giang, QĐ 925/QĐ-UBND of 17/4/2018
SEED_KH = "002_c4c3f22613671f70.txt"  # Khánh Hòa, QĐ 2816/QĐ-UBND of 01/11/2010 ("Điền 6", a point printed "e)")
SEEDS = {"quang-nam": SEED_QN, "kien-giang": SEED_KG, "khanh-hoa": SEED_KH}
DATA = Path(__file__).resolve().parents[2] / "data"
FIVE = ["Sở Tư pháp", "Sở Tài chính", "Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông"]
FIVE += ["Văn phòng Ủy ban nhân dân tỉnh"]


_parsed: dict[str, Extracted] = {}


def parsed(slug: str) -> Extracted:
    if slug not in _parsed:
        _parsed[slug] = parse_regulation(read_text(seed_text(SEEDS[slug])))
    return _parsed[slug]


def parse(text: str) -> Extracted:
    return parse_regulation(read_text(text))


def rows(ex: Extracted) -> set[tuple[str, str, str, str]]:
    """(topic, role, folded agency, article) of the parser's result."""
    return {(r.area_or_topic, r.role, fold(r.agency), r.article) for r in ex.responsibilities}


def has(ex: Extracted, topic: str, role: str, agency: str, article: str) -> bool:
    return (topic, role, fold(agency), article) in rows(ex)


# --- the comparison with the data files (pure: YAML in, differences out) -------------------------------------


def _name_key(name: str) -> str:
    key = re.sub(r"\s+", " ", fold(name)).strip(" ,;.:")
    key = re.sub(r"\s*,\s*", ", ", key)
    return re.sub(r"^cac ", "", key)


def alias_map(slug: str) -> dict[str, str]:
    """Every name, abbreviation and alias of the province's agencies and groups → the agency's or group's name."""
    province = yaml.safe_load((DATA / "provinces" / f"{slug}.yaml").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for item in (province.get("agencies") or []) + (province.get("groups") or []):
        for written in [item["name"], item.get("abbreviation"), *(item.get("aliases") or [])]:
            if written:
                names[_name_key(written)] = item["name"]
    return names


@dataclass
class Comparison:
    truth: set[tuple[str, str, str, str]]
    found: set[tuple[str, str, str, str]]

    @property
    def missing(self) -> list[tuple[str, str, str, str]]:
        return sorted(self.truth - self.found)

    @property
    def extra(self) -> list[tuple[str, str, str, str]]:
        return sorted(self.found - self.truth)

    def strong_missing(self) -> list[tuple[str, str, str, str]]:
        return [row for row in self.missing if row[1] in ("lead", "appraise", "co-appraise")]

    def coordinate_recall(self) -> float:
        coordinate = {row for row in self.truth if row[1] == "coordinate"}
        return len(coordinate & self.found) / len(coordinate) if coordinate else 1.0

    def extra_share(self) -> float:
        return len(self.extra) / len(self.found) if self.found else 0.0

    def report(self) -> str:
        lines = [
            f"lead/appraise/co-appraise missing: {len(self.strong_missing())}; coordinate recall "
            f"{self.coordinate_recall():.0%}; parser rows not in the data file: {len(self.extra)}/{len(self.found)} "
            f"({self.extra_share():.0%})"
        ]
        lines += [f"  missing (in the data file, not found): {row}" for row in self.missing]
        lines += [f"  extra (found, not in the data file):   {row}" for row in self.extra]
        return "\n".join(lines)


def compare(ex: Extracted, slug: str) -> Comparison:
    names = alias_map(slug)

    def canonical(name: str) -> str:
        return names.get(_name_key(name), f"? {name}")

    data = yaml.safe_load((DATA / "regulations" / f"{slug}.yaml").read_text(encoding="utf-8"))
    truth = {
        (subject, entry["role"], canonical(entry["agency"]), entry["article"])
        for subject, entries in (data.get("responsibilities") or {}).items()
        for entry in entries
    }
    found = {(r.area_or_topic, r.role, canonical(r.agency), r.article) for r in ex.responsibilities}
    return Comparison(truth, found)


@pytest.mark.parametrize("slug", ["quang-nam", "kien-giang", "khanh-hoa"])
def test_REG_1_result_agrees_with_the_regulation_data_file(slug):
    """Every lead, appraiser and co-appraiser of the data file is found; at least 80% of its coordinators; fewer
    than 15% of the parser's rows are not in the data file. The message lists every difference."""
    comparison = compare(parsed(slug), slug)
    report = comparison.report()
    assert not comparison.strong_missing(), f"{slug}:\n{report}"
    assert comparison.coordinate_recall() >= 0.8, f"{slug}:\n{report}"
    assert comparison.extra_share() < 0.15, f"{slug}:\n{report}"


def test_REG_1_comparison_lists_every_difference():
    ex = Extracted(kind="regulation")
    comparison = Comparison(
        truth={("iso", "lead", "Sở Khoa học và Công nghệ", "Đ18.1"), ("iso", "coordinate", "Sở Nội vụ", "Đ5.2")},
        found={("iso", "lead", "Sở Khoa học và Công nghệ", "Đ18.1"), ("iso", "appraise", "Sở Tư pháp", "Đ1")},
    )
    assert comparison.missing == [("iso", "coordinate", "Sở Nội vụ", "Đ5.2")]
    assert comparison.extra == [("iso", "appraise", "Sở Tư pháp", "Đ1")]
    assert comparison.coordinate_recall() == 0.0 and comparison.extra_share() == 0.5
    assert "Sở Nội vụ" in comparison.report() and "Sở Tư pháp" in comparison.report()
    assert compare(ex, "quang-nam").found == set()


def test_REG_1_comparison_resolves_abbreviations_and_group_aliases():
    names = alias_map("quang-nam")
    assert names[_name_key("VP UBND tỉnh")] == "Văn phòng Ủy ban nhân dân tỉnh"
    assert names[_name_key("Sở TT&TT")] == "Sở Thông tin và Truyền thông"
    assert names[_name_key("Ủy ban nhân dân các huyện, thị xã, thành phố")] == "UBND cấp huyện"
    assert names[_name_key("Các cơ quan, đơn vị có liên quan")] == "Các cơ quan có liên quan"


# --- header -----------------------------------------------------------------------------------------------------


def test_REG_1_header_of_kien_giang():
    ex = parsed("kien-giang")
    assert ex.kind == "regulation"
    assert ex.number == "925/QĐ-UBND"
    assert ex.date == dt.date(2018, 4, 17)
    assert ex.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Kiên Giang"
    assert ex.title == (
        "Quy chế phối hợp trong thực hiện nhiệm vụ cải cách hành chính nhà nước trên địa bàn tỉnh Kiên Giang"
    )


def test_REG_1_header_of_khanh_hoa_comes_from_the_annex_line():
    ex = parsed("khanh-hoa")
    assert ex.number == "2816/QĐ-UBND"
    assert ex.date == dt.date(2010, 11, 1)
    assert ex.issuer == "Ủy ban nhân dân tỉnh Khánh Hòa"
    data = yaml.safe_load((DATA / "regulations" / "khanh-hoa.yaml").read_text(encoding="utf-8"))
    assert ex.title == data["title"]


def test_REG_1_header_of_the_quang_nam_draft_has_a_blank_number_and_day():
    ex = parsed("quang-nam")
    assert ex.number == ""
    assert ex.date is None
    assert ex.issuer == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert ex.title.startswith("Quy chế phối hợp giữa các cơ quan, đơn vị, địa phương")
    messages = [w.message for w in ex.warnings if w.line == 1]
    assert any(m.startswith("Số của quyết định để trống") for m in messages)
    assert any(m.startswith("Ngày ban hành để trống") for m in messages)


def test_REG_1_header_variants():
    ex = parse("UBND TỈNH X\nSố: 12/2022/QĐ-UBND\nBình Định, ngày 05/3/2022\nQUYẾT ĐỊNH\nQUY CHẾ\nĐiều 1. A")
    assert ex.number == "12/2022/QĐ-UBND" and ex.date == dt.date(2022, 3, 5)
    ex = parse("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nSố: /QĐ-UBND   Bình Định, ngày   tháng   năm 2019\nCăn cứ …")
    assert ex.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Bình Định"
    assert ex.number == "" and ex.date is None
    assert {w.line for w in ex.warnings if "để trống" in w.message} == {2}


# --- concrete facts of the seeds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "topic", "role", "agency", "article"),
    [
        ("quang-nam", "institutions", "appraise", "Sở Tư pháp", "Đ15.2"),
        ("quang-nam", "tthc-control", "appraise", "Văn phòng Ủy ban nhân dân tỉnh", "Đ14.2"),
        ("quang-nam", "one-stop", "appraise", "Văn phòng Ủy ban nhân dân tỉnh", "Đ14.2"),
        ("quang-nam", "project-funding", "co-appraise", "Sở Tài chính", "Đ9.5"),
        ("kien-giang", "land-environment-procedures", "lead", "Sở Tài nguyên và Môi trường", "Đ12.1"),
        ("kien-giang", "one-stop-facilities", "lead", "Sở Kế hoạch và Đầu tư", "Đ11.1"),
        ("khanh-hoa", "iso", "co-appraise", "Sở Khoa học và Công nghệ", "Đ12.2"),
    ],
)
def test_REG_1_seed_facts(slug, topic, role, agency, article):
    assert has(parsed(slug), topic, role, agency, article), sorted(rows(parsed(slug)))


def test_REG_1_quang_nam_five_departments_coordinate_the_plan_proposals():
    """ "Các Sở: Tư pháp, Khoa học và Công nghệ, Thông tin và Truyền thông, Tài chính và Văn phòng Ủy ban nhân dân
    tỉnh … gửi về Sở Nội vụ trước ngày 15 tháng 11 hằng năm" (Đ6.2a)."""
    ex = parsed("quang-nam")
    coordinators = {
        r.agency for r in ex.responsibilities if r.area_or_topic == "plan-proposals" and r.role == "coordinate"
    }
    assert coordinators == set(FIVE)
    assert {
        r.article for r in ex.responsibilities if r.area_or_topic == "plan-proposals" and r.role == "coordinate"
    } == {"Đ6.2a"}
    assert has(ex, "plan-proposals", "lead", "Sở Nội vụ", "Đ6.1")


def test_REG_1_khanh_hoa_dien_6_is_article_6():
    ex = parsed("khanh-hoa")
    in_6 = [r for r in ex.responsibilities if r.article.startswith("Đ6.1")]
    assert in_6, "Điền 6 was not read as Điều 6"
    assert has(ex, "it-plan", "lead", "Sở Thông tin và Truyền thông", "Đ6.1")


def test_REG_1_khanh_hoa_misprinted_point_is_read_by_its_position():
    ex = parsed("khanh-hoa")
    assert has(ex, "direction", "lead", "Sở Nội vụ", "Đ4.1c")
    assert any(w.line == 36 and "“e)”" in w.message for w in ex.warnings)


def test_REG_1_one_lead_per_topic_and_a_lead_never_coordinates_it():
    for slug in SEEDS:
        ex = parsed(slug)
        leads: dict[str, str] = {}
        for r in ex.responsibilities:
            if r.role == "lead":
                assert r.area_or_topic not in leads, f"{slug}: two leads of {r.area_or_topic}"
                leads[r.area_or_topic] = fold(r.agency)
        for r in ex.responsibilities:
            if r.role == "coordinate":
                assert leads.get(r.area_or_topic) != fold(r.agency), f"{slug}: {r}"


def test_REG_1_topics_are_codes_of_the_programmes_file():
    programmes = yaml.safe_load((DATA / "programmes.yaml").read_text(encoding="utf-8"))
    codes = {t["code"] for t in programmes["topics"]}
    codes |= {a["code"] for p in programmes["programmes"] for a in p["areas"]}
    for slug in SEEDS:
        assert {r.area_or_topic for r in parsed(slug).responsibilities} <= codes
        assert {r.role for r in parsed(slug).responsibilities} <= {"lead", "appraise", "co-appraise", "coordinate"}


def test_REG_1_clause_without_an_agency_gives_a_warning_with_its_line():
    """000 Đ8.2: "Cơ quan được giao chủ trì xây dựng kế hoạch …" names no agency: a warning, not a guess."""
    ex = parsed("quang-nam")
    assert any(w.line == 240 and "Đ8.2" in w.message for w in ex.warnings)
    assert not [r for r in ex.responsibilities if r.article == "Đ8.2"]


def test_REG_1_only_the_regulation_counts_not_the_decision():
    """The decision's own "Điều 3. Chánh Văn phòng …; Giám đốc Sở Nội vụ …" assigns nothing in the regulation."""
    ex = parsed("kien-giang")
    assert not [r for r in ex.responsibilities if r.line is not None and r.line < 55]


# --- variations --------------------------------------------------------------------------------------------------

VARIANT = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: 12/2022/QĐ-UBND
Bình Định, ngày 05 tháng 3 năm 2022
QUYẾT ĐỊNH
**Điều 1.** Ban hành kèm theo Quyết định này Quy chế phối hợp thực hiện nhiệm vụ cải cách hành chính.
**QUY CHẾ**
#### **Điều 1. Cơ quan chủ trì, cơ quan phối hợp**
1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành có liên quan thực hiện nhiệm vụ CCHC.
2. Các cơ quan phối hợp gồm:
- Sở Tư pháp;
- Văn phòng UBND tỉnh.
#### **Điều 2. Trách nhiệm của Sở Tài chính**
1. Chủ trì hướng dẫn việc lập dự toán, phân bổ kinh phí thực hiện nhiệm vụ CCHC hằng năm.
2. Phối hợp thẩm định và trình UBND tỉnh bố trí kinh phí thực hiện các đề án, dự án về CCHC.
Điền 3. Trách nhiệm của Sở Tư pháp
1. Chủ trì theo dõi, đánh giá, chấm điểm Chỉ số CCHC của tỉnh đối với các nội dung về cải cách thể thế; đồng
thời thẩm định Chỉ số CCHC của các sở đối với các nội dung này.
Điều 4. Họp giao ban
Định kỳ hằng quý, Sở Nội vụ tổ chức họp giao ban với các Sở: Tư pháp, Tài chính, Văn hóa, Thể thao và Du lịch
và Văn phòng UBND tỉnh.
Điều 5. Trách nhiệm của Sở Văn hóa, Thể thao và Du lịch
Phối hợp với Sở Thông tin và Truyền thông triển khai dịch vụ công trực tuyến.
Điều 6. Kiểm tra
1. Các Sở: Tư pháp, Tài chính phối hợp kiểm tra việc thực hiện công tác cải cách hành chính theo đề nghị của Sở Nội vụ.
2. Sở Nội vụ chủ trì kiểm tra việc thực hiện công tác cải cách hành chính tại cơ quan.
2. Cơ quan được giao chủ trì cử công chức tham gia.
"""


@pytest.fixture(scope="module")
def variant() -> Extracted:
    return parse(VARIANT)


def test_U_6_variant_header(variant):
    assert variant.number == "12/2022/QĐ-UBND" and variant.date == dt.date(2022, 3, 5)
    assert variant.issuer == "Ủy ban nhân dân tỉnh Bình Định"
    assert variant.title == "Quy chế phối hợp thực hiện nhiệm vụ cải cách hành chính"


@pytest.mark.parametrize(
    ("topic", "role", "agency", "article"),
    [
        ("general", "lead", "Sở Nội vụ", "Đ1.1"),  # markdown heading, roster article
        ("general", "coordinate", "các sở, ngành có liên quan", "Đ1.1"),
        ("general", "coordinate", "Sở Tư pháp", "Đ1.2"),  # bullets under "… gồm:"
        ("general", "coordinate", "Văn phòng UBND tỉnh", "Đ1.2"),
        ("cchc-budget", "lead", "Sở Tài chính", "Đ2.1"),  # the subject of "Trách nhiệm của X"
        ("project-funding", "co-appraise", "Sở Tài chính", "Đ2.2"),
        ("institutions", "appraise", "Sở Tư pháp", "Đ3.1"),  # "Điền 3", "thể thế" typo
        ("quarterly-briefing", "lead", "Sở Nội vụ", "Đ4"),  # after "Định kỳ hằng quý,"
        ("quarterly-briefing", "coordinate", "Sở Văn hóa, Thể thao và Du lịch", "Đ4"),  # a name with a comma
        ("quarterly-briefing", "coordinate", "Văn phòng UBND tỉnh", "Đ4"),  # "Văn phòng …" keeps its head
        ("online-services", "lead", "Sở Thông tin và Truyền thông", "Đ5"),  # "phối hợp với Y": Y leads
        ("online-services", "coordinate", "Sở Văn hóa, Thể thao và Du lịch", "Đ5"),
        ("inspection", "lead", "Sở Nội vụ", "Đ6.1"),  # "theo đề nghị của Sở Nội vụ"
        ("inspection", "coordinate", "Sở Tài chính", "Đ6.1"),
    ],
)
def test_U_6_variant_responsibilities(variant, topic, role, agency, article):
    assert has(variant, topic, role, agency, article), sorted(rows(variant))


def test_U_6_repeated_clause_number_keeps_the_number_as_written(variant):
    assert any(w.message.startswith("Đ6.2 (dòng") and "cơ quan thực hiện" in w.message for w in variant.warnings)


def test_U_6_agency_lists_distribute_so_and_keep_other_heads():
    ex = parse(
        "QUY CHẾ\nĐiều 1. Kế hoạch\n1. Các Sở: Tư pháp, Khoa học và Công nghệ, Thông tin và Truyền thông, Tài chính "
        "và Văn phòng Ủy ban nhân dân tỉnh gửi đề xuất về Sở Nội vụ trước ngày 15 tháng 11 hằng năm."
    )
    assert {r.agency for r in ex.responsibilities if r.role == "coordinate"} == set(FIVE)
    assert {r.area_or_topic for r in ex.responsibilities} == {"plan-proposals"}


def test_U_6_groups_split_by_level():
    ex = parse(
        "QUY CHẾ\nĐiều 9. Kinh phí\n2. Kinh phí hoạt động CCHC do sở, ban, ngành tỉnh và UBND cấp huyện, cấp xã "
        "dự toán hàng năm."
    )
    assert {r.agency for r in ex.responsibilities} == {"sở, ban, ngành tỉnh", "UBND cấp huyện", "UBND cấp xã"}
    assert {(r.area_or_topic, r.role) for r in ex.responsibilities} == {("cchc-budget", "coordinate")}


def test_U_6_unknown_topic_gives_a_warning_not_a_guess():
    ex = parse("QUY CHẾ\nĐiều 2. Trách nhiệm của Sở Y tế\n1. Chủ trì khám chữa bệnh cho nhân dân.")
    assert ex.responsibilities == []
    assert any(w.line == 3 and "nội dung" in w.message for w in ex.warnings)


def test_U_6_empty_and_odd_sources_give_warnings():
    assert parse("").warnings and parse("").responsibilities == []
    odd = parse_regulation(Source(name="x", lines=[Line(1, "Điều 1."), Line(2, "a)"), Line(3, "1.")]))
    assert odd.kind == "regulation" and odd.responsibilities == []


_FRAGMENTS = [
    "QUY CHẾ",
    "Số: 5/QĐ-UBND",
    "ngày 3 tháng 4 năm 2020",
    "Điều 1.",
    "Điền 2.",
    "**Điều 3.**",
    "Chương II",
    "1.",
    "2.",
    "a)",
    "- b)",
    "đ)",
    "- ",
    "Trách nhiệm của",
    "Sở Nội vụ",
    "Các Sở: Tư pháp, Tài chính và Văn phòng UBND tỉnh",
    "Ủy ban nhân dân các huyện, thị xã, thành phố",
    "UBND cấp huyện, cấp xã",
    "các cơ quan, đơn vị có liên quan",
    "chủ trì",
    "phối hợp với",
    "phối hợp thẩm định",
    "theo dõi, đánh giá Chỉ số CCHC của tỉnh đối với các nội dung",
    "quy định tại khoản 2 Điều này",
    "kiểm soát thủ tục hành chính",
    "một cửa, một cửa liên thông",
    "gửi dự thảo cho",
    "để lấy ý kiến",
    "do",
    "Căn cứ",
    ",",
    ";",
    ":",
    "(",
    ")",
    "./.",
    "\n",
    "\n\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=60), st.text(max_size=40))
def test_U_6_regulation_like_text_never_raises(fragments, noise):
    ex = parse(" ".join(fragments) + noise)
    assert ex.kind == "regulation"
    assert not [w for w in ex.warnings if "Error)" in w.message]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_U_6_arbitrary_text_never_raises(text):
    ex = parse_regulation(Source(name="x", lines=[Line(i + 1, t) for i, t in enumerate(text.split("\n"))]))
    assert ex.kind == "regulation"
    assert isinstance(ex.to_json()["responsibilities"], list)


def test_REG_1_topic_areas_follow_the_programmes_file():
    programmes = yaml.safe_load((DATA / "programmes.yaml").read_text(encoding="utf-8"))
    with_area = {t["code"]: t["area"] for t in programmes["topics"] if t.get("area")}
    assert with_area == AREA_OF
    assert {a["code"] for p in programmes["programmes"] for a in p["areas"]} == AREAS


def test_REG_1_issuer_on_two_header_lines():
    ex = parse("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 3/QĐ-UBND\nQuảng Nam, ngày 2 tháng 3 năm 2020\nQUY CHẾ\n")
    assert ex.issuer == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert ex.number == "3/QĐ-UBND" and ex.date == dt.date(2020, 3, 2)

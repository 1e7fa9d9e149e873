"""SEC-3, U-5: no input breaks a page. Every number and id from a request is parsed by cchc.core.params (or a
form or the API's schema), refuses non-ASCII digits, overflow, NaN and infinity with a Vietnamese message, and is
bounded by the domain (years 2000–2100, percentages 0–100, counts within their column).

The findings of issue 7, each a 500 before: a target result of 1e30 / NaN / Infinity, "²" in a year or id filter,
ids of 23 digits, a plan starting in year 99999999999, the routing question about a date when the regulation in
force names no standing agency. Then a property-based test drives every GET filter of every page (the table
PAGE_PARAMS, checked against the views' source) with odd strings and asserts no 500.
"""

import ast
import inspect
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cchc
from cchc.core.errors import UserError
from cchc.core.params import (
    ID_MAX,
    parse_choice,
    parse_decimal,
    parse_id,
    parse_int,
    parse_party_key,
    parse_search,
    parse_year,
)
from cchc.ingest import services as ingest_services
from cchc.plans import services
from cchc.plans.bounds import target_value
from cchc.plans.forms import PlanForm, TargetForm
from cchc.plans.models import Plan, PlanKind, PlanStatus, Target, TargetResult
from cchc.regulation.models import Regulation
from tests.factories import PlanFactory, TaskFactory, world
from tests.web.test_permission_table import PLAN_TEXT

# --- odd strings: what a person, a bot or an attacker may put in a query string -------------------------------

ODD = [
    "²",  # a superscript digit: str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: int() accepts them
    "１２",  # full-width digits
    "99999999999999999999999",  # 23 digits: overflows every integer column
    str(2**31),
    str(2**63),
    "99999999999",
    "-1",
    "0",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1e30",
    "1E+30",
    "",
    " ",
    "1_000",
    "0x10",
    "12.5",
    "12,5",
    "agency:²",
    "agency:99999999999999999999999",
    "group:-1",
    "agency:",
    ":",
    "group:0",
    "\x00",
    "2026\x00",
    "a" * 5000,
    "%",
    "'; DROP TABLE plans_plan; --",
    "<script>alert(1)</script>",
    "2018-02-30",
    "0001-01-01",
    "9999-12-31",
]

odd_strings = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"(agency|group):[0-9²٣]{0,25}", fullmatch=True),
)

# --- the helper ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["²", "١٢", "１２", "1_000", " 1 2", "0x10", "12.0", "NaN", "1e3", "99999999999999999999999"]
)
def test_SEC_3_parse_int_refuses_what_int_and_isdigit_accept(value):
    """SEC-3: only ASCII digits, of a bounded length, within the bounds."""
    with pytest.raises(UserError) as error:
        parse_int(value, low=1, high=ID_MAX, label="Mã")
    assert "Mã" in error.value.message and "không hợp lệ" in error.value.message


def test_SEC_3_parse_helpers_bounds_and_empty_values():
    """SEC-3: years are 2000–2100, ids 1..2**31-1; an empty value is None unless required."""
    assert parse_year("2026") == 2026 and parse_year(" 2026 ") == 2026 and parse_year("") is None
    for bad in ("1999", "2101", "99999999999"):
        with pytest.raises(UserError, match="từ 2.000 đến 2.100"):
            parse_year(bad)
    with pytest.raises(UserError, match="Hãy nhập năm"):
        parse_year("", required=True)
    assert parse_id(str(ID_MAX)) == ID_MAX
    with pytest.raises(UserError):
        parse_id(str(ID_MAX + 1))
    with pytest.raises(UserError):
        parse_id("0")
    assert parse_party_key("agency:12") == ("agency", 12) and parse_party_key("group:3") == ("group", 3)
    for bad in ("agency:²", "agency:", "user:1", "agency:99999999999999999999999", "group:0", "agency:1:2"):
        with pytest.raises(UserError, match="agency:<mã> hoặc group:<mã>|không có mã này"):
            parse_party_key(bad)
    assert parse_choice("annual", PlanKind.values, label="Loại") == "annual"
    with pytest.raises(UserError, match="Loại «x» không hợp lệ"):
        parse_choice("x", PlanKind.values, label="Loại")
    assert parse_search("a\x00b" + "c" * 500) == "ab" + "c" * 198


@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e30", "1E+30", "²", "1_0", "0x1"])
def test_SEC_3_parse_decimal_refuses_nan_infinity_and_exponents(value):
    """SEC-3: Decimal() accepts NaN, Infinity and 1e30; the helper does not."""
    with pytest.raises(UserError, match="Giá trị"):
        parse_decimal(value, high=Decimal("9999999999.99"), label="Giá trị")


def test_SEC_3_parse_decimal_accepts_a_comma_and_bounds_the_column():
    """SEC-3: "84,5" is 84.50; at most two decimals; at most the DecimalField(12, 2) column."""
    assert parse_decimal("84,5", high=100, label="Giá trị") == Decimal("84.50")
    assert parse_decimal("9999999999.99", high=Decimal("9999999999.99"), label="Giá trị") == Decimal("9999999999.99")
    with pytest.raises(UserError, match="tối đa 2 chữ số"):
        parse_decimal("1.234", high=100, label="Giá trị")
    with pytest.raises(UserError, match="không hợp lệ"):
        parse_decimal("10000000000", high=Decimal("9999999999.99"), label="Giá trị")


@pytest.mark.parametrize(
    ("value", "measure"),
    [
        (Decimal("NaN"), "count"),
        (Decimal("Infinity"), "count"),
        (Decimal("1E+30"), "count"),
        (float("nan"), "count"),
        ("101", "percent"),
        ("2", "yes-no"),
        ("-1", "count"),
    ],
)
def test_SEC_3_target_values_are_bounded_by_their_measure(value, measure):
    """SEC-3: a percentage is 0–100, yes/no 0 or 1, a count within the column; NaN and infinity never."""
    with pytest.raises(UserError):
        target_value(value, measure)


# --- the findings -------------------------------------------------------------------------------------------


@pytest.fixture
def qw(db):
    """A province world with an issued plan of its standing agency: one task, one percentage target 2027."""
    w = world()
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, number="12/KH-UBND")
    TaskFactory(plan=plan, lead=w.domain)
    target = Target.objects.create(
        plan=plan, text="100% hồ sơ trực tuyến", value=Decimal("90"), start_year=2027, end_year=2027
    )
    w.plan, w.target = plan, target
    return w


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize("value", ["1e30", "NaN", "Infinity", "-Infinity", "1E+30", "99999999999", "101", "²"])
def test_SEC_3_a_bad_target_result_is_refused_and_the_plan_still_answers(qw, value):
    """SEC-3: a target result of 1e30 made the plan page, its exports and its API answer 500 for everyone, for
    good; NaN and Infinity likewise. Now the value is refused with a Vietnamese message and nothing is stored."""
    client = _client(qw.user("standing_focal"))
    url = reverse("target-result", args=[qw.province.slug, qw.plan.pk, qw.target.pk])
    response = client.post(url, {"year": "2027", "value": value}, follow=True)
    assert response.status_code == 200
    assert "Giá trị đạt được" in _messages(response) or "Giá trị đạt được" in response.content.decode()
    assert not TargetResult.objects.filter(target=qw.target).exists()
    for name in ("plan-detail", "plan-appendix", "plan-export-docx", "plan-export-xlsx"):
        assert client.get(reverse(name, args=[qw.province.slug, qw.plan.pk])).status_code == 200, name


@pytest.mark.parametrize("value", ["1e30", "NaN", "Infinity", Decimal("1E+30"), Decimal("NaN"), "101"])
def test_SEC_3_the_service_refuses_a_bad_target_result(qw, value):
    """SEC-3: the service behind the page, the API and the commands refuses it too; nothing is stored."""
    with pytest.raises(UserError, match="Giá trị đạt được"):
        services.record_target_result(qw.target, actor=qw.user("standing_focal"), year=2027, value=value)
    assert not TargetResult.objects.filter(target=qw.target).exists()


def test_SEC_3_a_good_target_result_is_still_recorded(qw):
    """SEC-3: "84,5" is a percentage of 84.50."""
    client = _client(qw.user("standing_focal"))
    url = reverse("target-result", args=[qw.province.slug, qw.plan.pk, qw.target.pk])
    client.post(url, {"year": "2027", "value": "84,5"})
    assert TargetResult.objects.get(target=qw.target).value == Decimal("84.50")


@pytest.mark.parametrize("year", ["²", "99999999999", "1999", ""])
def test_SEC_3_a_target_result_for_a_bad_year_is_refused(qw, year):
    """SEC-3: the year of a result is parsed like every year."""
    client = _client(qw.user("standing_focal"))
    url = reverse("target-result", args=[qw.province.slug, qw.plan.pk, qw.target.pk])
    response = client.post(url, {"year": year, "value": "50"}, follow=True)
    assert response.status_code == 200 and "năm" in _messages(response).lower()
    assert not TargetResult.objects.filter(target=qw.target).exists()


@pytest.mark.parametrize(
    ("measure", "value", "message"),
    [
        ("percent", "NaN", ""),
        ("percent", "Infinity", ""),
        ("count", "1e30", ""),
        ("percent", "101", "100%"),
        ("count", "10000000000", ""),
        ("yes-no", "2", "có / không"),
    ],
)
def test_SEC_3_the_target_form_refuses_non_finite_and_out_of_range_values(qw, measure, value, message):
    """SEC-3: the target form refuses NaN, infinity, 1e30 and values outside the measure, in Vietnamese."""
    plan = PlanFactory(province=qw.province, owner=qw.standing)
    form = TargetForm(
        {"text": "Chỉ tiêu", "measure": measure, "comparison": ">=", "value": value, "unit": "%"}, plan=plan
    )
    assert not form.is_valid() and "value" in form.errors
    assert message in " ".join(form.errors["value"])


def test_SEC_3_the_service_refuses_a_target_of_1e30(qw):
    """SEC-3: add_target (reached by the form, the ingest and the commands) bounds the value too."""
    plan = PlanFactory(province=qw.province, owner=qw.standing)
    data = services.TargetInput(text="Chỉ tiêu", measure="count", comparison=">=", value=Decimal("1E+30"))
    with pytest.raises(UserError, match="Giá trị"):
        services.add_target(plan, actor=qw.user("standing_focal"), data=data)
    assert not plan.targets.exists()


@pytest.mark.parametrize("year", ["99999999999", "1999", "2101", "²"])
def test_SEC_3_a_plan_year_outside_2000_2100_is_refused_by_the_form(qw, year):
    """SEC-3: a plan starting in 99999999999 was saved, and every task add was then a 500."""
    form = PlanForm(
        {
            "kind": "annual",
            "title": "Kế hoạch",
            "issuer": "UBND",
            "start_year": year,
            "end_year": year,
            "programme": qw.regulation.programme_id,
        },
        kinds=[PlanKind.ANNUAL],
    )
    assert not form.is_valid() and "start_year" in form.errors


def test_SEC_3_a_plan_year_outside_2000_2100_is_refused_by_the_service_and_the_page(qw):
    """SEC-3: the service refuses it too (the ingest reaches it); the page shows the form again."""
    before = Plan.objects.count()
    fields = {
        "kind": "annual",
        "title": "Kế hoạch",
        "issuer": "UBND",
        "start_year": 99999999999,
        "end_year": 99999999999,
        "programme": qw.regulation.programme,
    }
    with pytest.raises(UserError, match="Năm bắt đầu"):
        services.create_plan(actor=qw.user("standing_focal"), province=qw.province, owner=qw.standing, fields=fields)
    response = _client(qw.user("standing_focal")).post(
        reverse("plan-create", args=[qw.province.slug]),
        {**fields, "programme": qw.regulation.programme_id},
    )
    assert response.status_code == 200 and Plan.objects.count() == before


@pytest.mark.parametrize(
    ("name", "query", "words"),
    [
        ("plan-list", "nam=²", "Năm «²» không hợp lệ"),
        ("plan-list", "nam=99999999999999999999999", "Năm"),
        ("plan-appendix", "quy=²", "Quý «²» không hợp lệ"),
        ("plan-appendix", "quy=5", "Quý «5» không hợp lệ"),
        ("plan-appendix", "chu_tri=²", "Cơ quan chủ trì «²» không hợp lệ"),
        ("plan-appendix", "chu_tri=99999999999999999999999", "Cơ quan chủ trì"),
        ("plan-appendix", "phoi_hop=agency:²", "Cơ quan phối hợp"),
        ("plan-appendix", "phoi_hop=agency:99999999999999999999999", "Cơ quan phối hợp"),
        ("plan-appendix", "tinh_trang=x", "Tình trạng «x» không hợp lệ"),
        ("plan-appendix", "linh_vuc=khong-co", "Lĩnh vực «khong-co» không hợp lệ"),
        ("plan-appendix", "trang=0", "Trang «0» không hợp lệ"),
        ("plan-appendix", "trang=99999999999999999999999", "Trang"),
    ],
)
def test_SEC_3_a_bad_filter_shows_the_page_with_a_message(qw, name, query, words):
    """SEC-3: "?nam=²", "?quy=²", "?chu_tri=²" and 23-digit ids were 500s; now the page answers and says which
    filter was ignored, in Vietnamese."""
    args = [qw.province.slug] if name == "plan-list" else [qw.province.slug, qw.plan.pk]
    response = _client(qw.user("standing_focal")).get(f"{reverse(name, args=args)}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert words in html and "Bộ lọc này đã được bỏ qua" in html


def test_SEC_3_a_good_filter_still_filters(qw):
    """SEC-3: parsing did not break the filters: the lead filter keeps the task of that lead."""
    client = _client(qw.user("standing_focal"))
    url = reverse("plan-appendix", args=[qw.province.slug, qw.plan.pk])
    assert client.get(url, {"chu_tri": qw.domain.pk}).context["total"] == 1
    assert client.get(url, {"chu_tri": qw.standing.pk}).context["total"] == 0


def test_SEC_3_routing_page_when_the_regulation_names_no_standing_agency(qw):
    """SEC-3: asking who is the standing agency of a regulation that names none answered 500; now a message."""
    Regulation.objects.filter(pk=qw.regulation.pk).update(standing_agency=None)
    response = _client(qw.user("viewer")).get(reverse("routing", args=[qw.province.slug]), {"question": "standing"})
    assert response.status_code == 200 and "không ghi cơ quan thường trực" in response.content.decode()


# --- every GET filter of every page, with odd strings -------------------------------------------------------

# Each page that reads GET parameters, and the parameters it reads. test_every_get_key_of_the_views_is_in_the_table
# fails when a view reads one that is not here.
PAGE_PARAMS = {
    "plan-list": ("slug", ["nam", "loai", "da_huy"]),
    "plan-appendix": ("plan", ["linh_vuc", "chu_tri", "phoi_hop", "quy", "tinh_trang", "q", "trang"]),
    "task-create": ("plan", ["linh_vuc"]),
    "plan-versions": ("plan", ["a", "b"]),
    "regulation-create": ("slug", ["tu"]),
    "routing": ("slug", ["question", "subject"]),
    "agency-list": ("slug", ["q", "kind"]),
    "regulation-amend": ("regulation", ["loai"]),
    "ingest-review": ("document", ["trang"]),
    "notifications": ("none", ["trang"]),
    # --- meetings, documents ---
    "activity-list": ("slug", ["loai", "nam"]),
    "document-list": ("slug", ["q", "so", "co_quan", "loai", "tu_ngay", "den_ngay", "trang"]),
    # --- tracking ---
    "task-tracking": ("slug", ["tinh_trang", "linh_vuc", "chu_tri", "q", "trang", "cho_xac_nhan"]),
    "problem-list": ("slug", ["xem", "trang"]),
    # --- index: appraisal ---
    "index-appraisal": ("index_campaign", ["area"]),
    # --- index: province, evaluation (the campaign page's sections, drawn by htmx) ---
    "index-province-assessment": ("index_campaign", ["section"]),
    "index-evaluations": ("index_campaign", ["section"]),
}

_SOURCE = Path(cchc.__file__).parent
_GET_ANY = re.compile(r"request\.GET\b")
_GET_KEY = re.compile(r"""request\.GET(?:\.get|\.getlist)?\s*(?:\(|\[)\s*(["'])([^"']*)\1""")


def _get_reads() -> dict[str, set[str]]:
    """Each source file that reads request.GET, with the keys it reads; a read whose key is not a literal string
    is reported as the key "?" (so that it cannot escape the table)."""
    reads: dict[str, set[str]] = {}
    for path in sorted(_SOURCE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        total = len(_GET_ANY.findall(text))
        if not total:
            continue
        keys = {m.group(2) for m in _GET_KEY.finditer(text)}
        literal = len(_GET_KEY.findall(text))
        if literal < total:
            keys.add("?")
        reads[str(path.relative_to(_SOURCE))] = keys
    return reads


def test_SEC_3_every_get_key_of_the_views_is_in_the_table():
    """SEC-3: the property test below drives the keys of PAGE_PARAMS; a view that reads request.GET with another
    key (or with a key that is not a literal string) fails here, so that it cannot escape it."""
    reads = _get_reads()
    assert reads, "the views read GET parameters: the regular expression no longer finds them"
    table = {key for _, keys in PAGE_PARAMS.values() for key in keys}
    for path, keys in reads.items():
        assert "?" not in keys, f"{path} reads request.GET with a key that is not a literal string"
        assert keys <= table, f"{path} reads GET keys missing from PAGE_PARAMS: {sorted(keys - table)}"
    assert table <= set().union(*reads.values()), f"PAGE_PARAMS lists keys no view reads: {table}"


def test_SEC_3_every_page_of_the_table_is_a_url():
    """SEC-3: each page in the table exists, and each of its keys is read in the module of its view."""
    callbacks = {p.name: p.callback for p in _patterns(get_resolver()) if getattr(p, "name", None)}
    reads = _get_reads()
    for name, (_, keys) in PAGE_PARAMS.items():
        callback = inspect.unwrap(callbacks[name])
        module = Path(callback.__code__.co_filename).relative_to(_SOURCE)
        assert set(keys) <= reads[str(module)], f"{name}: {module} does not read {keys}"


def _patterns(resolver):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _patterns(pattern)
        else:
            yield pattern


@pytest.fixture
def pages(db):
    """A world with a draft plan (two tasks, two versions) and a client for the standing agency's focal officer,
    who may see and edit everything the pages of the table show."""
    w = world()
    plan = PlanFactory(province=w.province, owner=w.standing)
    TaskFactory(plan=plan, lead=w.domain)
    TaskFactory(plan=plan, lead=w.standing, time_text="Quý III")
    client = _client(w.user("standing_focal"))
    document = ingest_services.start_review(
        w.province, actor=w.user("standing_focal"), name="ke-hoach.txt", data=PLAN_TEXT.encode(), kind="plan"
    )
    args = {
        "slug": [w.province.slug],
        "plan": [w.province.slug, plan.pk],
        "regulation": [w.province.slug, w.regulation.pk],
        "document": [w.province.slug, document.pk],
        "none": [],
    }
    # --- index: appraisal ---
    from tests.index.test_appraisal import open_example, submit_all

    campaign = open_example(w)  # Sở Nội vụ appraises the areas the regulation names nobody for
    submit_all(campaign)
    args["index_campaign"] = [w.province.slug, campaign.year]
    return client, {name: reverse(name, args=args[kind]) for name, (kind, _) in PAGE_PARAMS.items()}


@pytest.mark.parametrize("name", list(PAGE_PARAMS))
def test_SEC_3_odd_get_filters_never_break_a_page(pages, name):
    """SEC-3: every GET filter of every page, driven with odd strings (unicode digits, huge numbers, NaN, empty,
    "agency:²", long strings, NUL): never a 500."""
    client, urls = pages
    keys = PAGE_PARAMS[name][1]

    @settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(keys), odd_strings, min_size=1))
    def drive(params):
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(urls[name], params, **headers)
            assert response.status_code < 500, (name, params)

    drive()


def test_SEC_3_each_odd_value_of_the_list_on_each_filter(pages):
    """SEC-3: and each curated odd value on each filter alone, so that none is left to chance."""
    client, urls = pages
    for name, (_, keys) in PAGE_PARAMS.items():
        for key in keys:
            for value in ODD:
                assert client.get(urls[name], {key: value}).status_code < 500, (name, key, value)


def test_SEC_3_ids_of_23_digits_in_a_path_answer_404(pages):
    """SEC-3: an id larger than any column in the path is "not found", never an overflow."""
    client, urls = pages
    slug = urls["plan-list"].split("/")[2]
    for name in ("plan-detail", "plan-appendix", "plan-export-docx"):
        assert client.get(reverse(name, args=[slug, 10**22])).status_code == 404


def test_SEC_3_views_do_not_parse_with_isdigit():
    """SEC-3: str.isdigit() accepts "²"; nothing under src/ parses a request with it."""
    offenders = []
    for path in sorted(_SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Name) and n.id == "request" for n in ast.walk(tree)):
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr == "isdigit":
                    offenders.append(f"{path.relative_to(_SOURCE)}:{node.lineno}")
    assert not offenders, offenders


def test_SEC_3_routing_today_still_answers(qw):
    """SEC-3: the routing page still answers a good question."""
    response = _client(qw.user("viewer")).get(reverse("routing", args=[qw.province.slug]), {"question": "standing"})
    assert response.status_code == 200 and qw.standing.name in response.content.decode()

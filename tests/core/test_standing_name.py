"""U-1: messages, pages and official documents name the province's standing agency as the province records it;
no agency's name is written into the code (the brief: agency names come from the documents)."""

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

import cchc
from cchc.core.models import STANDING_ROLE
from cchc.core.rules import require, standing_says
from cchc.index.appraisal_routing import FALLBACK_NOTE
from tests.factories import PlanFactory, world

SOURCE = Path(cchc.__file__).parent
# Names of provincial departments that only the documents may give (the kinds of agency every province has by
# law, such as "Văn phòng UBND tỉnh", are labels of AgencyKind). The demo's own story (demo/) quotes the seed
# documents; migrations keep the labels they were made with.
NAMES = ("Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Khoa học")
OUTSIDE = {"demo", "migrations"}


def _literals(path: Path):
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_U_1_no_message_of_the_code_names_a_provincial_agency():
    """U-1: no string of the code (docstrings and comments aside) and no template line names Sở Nội vụ or
    another provincial agency: a message takes the name from the province's records."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if OUTSIDE & set(path.relative_to(SOURCE).parts):
            continue
        for line, text in _literals(path):
            if any(name in text for name in NAMES):
                found.append(f"{path.relative_to(SOURCE)}:{line}: {text[:80]}")
    comment = re.compile(r"\{#.*?#\}", re.DOTALL)
    for path in sorted(SOURCE.rglob("*.html")):
        text = comment.sub("", path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(SOURCE)}: {name}" for name in NAMES if name in text]
    assert not found, found


@pytest.mark.django_db
def test_U_1_a_refusal_names_the_standing_agency_the_province_records():
    """U-1: a refusal under a rule of the standing agency names the agency the province records, whether the
    rule is checked on the province or on one of its records; without one, the role's name."""
    w = world()
    w.standing.name = "Ban Tổ chức cải cách thử"
    w.standing.save()
    w.province.refresh_from_db()
    user = w.user("ordinary_focal")
    message = "Chỉ {standing} mở đợt đánh giá Chỉ số CCHC."
    with pytest.raises(PermissionDenied, match="^Chỉ Ban Tổ chức cải cách thử mở đợt"):
        require(user, "index.open_campaign", w.province, message=message)
    plan = PlanFactory(province=w.province, owner=w.standing)
    with pytest.raises(PermissionDenied, match="^Chỉ Ban Tổ chức cải cách thử"):
        require(user, "plans.edit_plan", plan, message=message)
    w.province.standing_agency = None
    assert standing_says(message, w.province) == f"Chỉ {STANDING_ROLE} mở đợt đánh giá Chỉ số CCHC."
    assert standing_says("Không có tên.", None) == "Không có tên."


@pytest.mark.django_db
def test_U_1_IDX_1_pages_and_notes_name_the_recorded_standing_agency(client):
    """U-1, IDX-1: the index page and the appraisal notes say the recorded name."""
    w = world()
    w.standing.name = "Ban Tổ chức cải cách thử"
    w.standing.save()
    client.force_login(w.user("standing_focal"))
    page = client.get(reverse("index-campaigns", args=[w.province.slug])).content.decode()
    assert "Mỗi năm Ban Tổ chức cải cách thử mở một đợt đánh giá" in page
    assert "Sở Nội vụ" not in page.split("<main", 1)[-1].split("</main>")[0]
    assert FALLBACK_NOTE.format(standing=w.standing.name) == "Quy chế không giao; Ban Tổ chức cải cách thử thẩm định"

"""ORG-3, U-6: agency names as documents write them resolve to the province's agencies; the rest are warnings."""

import pytest

from cchc.ingest.resolver import Resolver, canonical, resolve_extracted
from cchc.ingest.structure import Extracted, Task
from tests.conftest import province


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Quảng Nam"),
        ("UBND tỉnh Quảng Nam", "Ủy ban nhân dân tỉnh Quảng Nam"),
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng Uỷ ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở Thông tin và truyền thông", "Sở Thông tin và Truyền thông"),
        ("SỞ TƯ PHÁP", "Sở Tư pháp"),
        ("so noi vu", "Sở Nội vụ"),
        ("STC", "Sở Tài chính"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Các sở, ban, ngành", "Các sở, ban, ngành"),
        ("UBND cấp huyện", "UBND cấp huyện"),
        ("Ủy ban nhân dân cấp huyện", "UBND cấp huyện"),
        ("Các cơ quan có liên quan", "Các cơ quan có liên quan"),
    ],
)
def test_ORG_3_written_variants_resolve(db, written, name):
    party = Resolver(province("Quảng Nam")).resolve(written)
    assert party is not None and party.name == name


def test_U_6_canonical_spelling_folds_variants():
    assert canonical("Ủy ban nhân dân tỉnh Bình Định", "Bình Định") == canonical("UBND tỉnh", "Bình Định")
    assert canonical("Sở TT & TT") == canonical("Sở Thông tin và Truyền thông")


def test_U_6_an_unresolved_name_is_a_warning_never_a_guess(db):
    extracted = Extracted(
        kind="plan",
        tasks=[
            Task(area="direction", code="1", title="x", lead="Sở Không Có", coordinators=["Sở Tư pháp"], line=12),
            Task(area="direction", code="2", title="y", lead="", line=13),
        ],
    )
    resolved = resolve_extracted(extracted, province("Quảng Nam"))
    assert resolved.tasks[0].lead == "Sở Không Có" and resolved.tasks[0].coordinators == ["Sở Tư pháp"]
    messages = {(w.line, w.message) for w in resolved.warnings}
    assert (
        12,
        "Cơ quan chủ trì «Sở Không Có» không khớp cơ quan nào của Tỉnh Quảng Nam; hãy chọn cơ quan.",
    ) in messages
    assert (13, "Nhiệm vụ 2 chưa có cơ quan chủ trì.") in messages

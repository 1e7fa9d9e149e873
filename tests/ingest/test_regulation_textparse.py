"""REG-1, U-6: the text helpers the parsers share (cchc.ingest.textparse): folding that keeps positions, the
type of a document number, a day and month without a year. Pure."""

from cchc.ingest.textparse import aligned, find_date, find_day_month, number_type


def test_REG_1_folding_keeps_one_character_for_one():
    """REG-1: a match in the folded text slices the text as written."""
    text = "Sở Nội vụ\tchủ trì"
    assert len(aligned(text)) == len(text) and aligned(text) == "so noi vu chu tri"


def test_U_6_the_type_of_a_document_number():
    """U-6: KH is a plan's number, QĐ a decision's; none without a number."""
    assert number_type("Số: 15/KH-UBND") == "KH"
    assert number_type("Số: 925 /QĐ-UBND") == "QD"
    assert number_type("Số: 31/2026/QĐ-UBND") == "QD"
    assert number_type("Số:      /QĐ-UBND") == "QD" and number_type("Không số") == ""


def test_REG_1_a_day_and_month_without_a_year():
    """REG-1: "ngày 30 tháng 11", "ngày 15/11" are read; a full date and an impossible one are not."""
    assert find_day_month(aligned("trước ngày 30 tháng 11 hằng năm")) == (30, 11)
    assert find_day_month(aligned("chậm nhất ngày 15/11 hằng năm")) == (15, 11)
    assert find_day_month(aligned("ngày 15 tháng 7 năm 2021")) is None
    assert find_day_month(aligned("ngày 15/7/2021")) is None
    assert find_day_month(aligned("ngày 40/13 hằng năm")) is None
    assert find_date(aligned("Hà Nội, ngày 02 tháng 4 năm 2026"))[1].isoformat() == "2026-04-02"

from hypothesis import given
from hypothesis import strategies as st

from cchc.core.text import fold, search_terms


def test_U_1_fold_ignores_accents_and_case():
    assert fold("Sở Nội vụ") == "so noi vu"
    assert fold("CẢI CÁCH  hành chính") == "cai cach hanh chinh"
    assert fold("Đắk Lắk") == "dak lak"


def test_U_1_search_terms_are_folded_words():
    assert search_terms("  So NOI   vụ ") == ["so", "noi", "vu"]
    assert search_terms("") == []


@given(st.text())
def test_U_1_fold_never_raises_and_is_idempotent(text):
    assert fold(fold(text)) == fold(text)

"""ORG-5, ORG-2, U-5: the API says which province a province merged into and which merged into it, and follows an
agency's successors (across provinces); a reader of the agency's province may read the chain, nobody else."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.core.models import Province
from tests.conftest import agency, province


def _by_slug(answer) -> dict:
    return {p["slug"]: p for p in answer.json()}


def test_ORG_5_api_provinces_carry_their_successor_and_predecessors(api):
    """ORG-5: Quảng Nam ended on 30/06/2025 and merged into da-nang; Đà Nẵng lists it as a predecessor;
    Kiên Giang's successor (An Giang) is not in the system: null, with its name."""
    provinces = _by_slug(api("admin", "/provinces"))
    assert len(provinces) == 6
    assert provinces["quang-nam"]["valid_to"] == "2025-06-30"
    assert provinces["quang-nam"]["successor"] == "da-nang" and provinces["quang-nam"]["successor_name"] == ""
    assert provinces["da-nang"]["predecessors"] == ["quang-nam"] and provinces["da-nang"]["successor"] is None
    assert provinces["kien-giang"]["successor"] is None
    assert provinces["kien-giang"]["successor_name"] == "Tỉnh An Giang"
    assert provinces["khanh-hoa"]["valid_to"] is None and provinces["khanh-hoa"]["predecessors"] == []
    # A user of Quảng Nam sees only Quảng Nam, with the slug of its successor.
    assert list(_by_slug(api("qnam.stp", "/provinces"))) == ["quang-nam"]


def test_ORG_5_api_province_list_asks_constant_queries(api):
    """ORG-5: the list asks as many queries with three predecessors of Đà Nẵng as with one."""
    with CaptureQueriesContext(connection) as one:
        api("admin", "/provinces")
    Province.objects.filter(name__in=["Kiên Giang", "Bình Định"]).update(successor=province("Đà Nẵng"))
    with CaptureQueriesContext(connection) as three:
        answer = api("admin", "/provinces")
    assert _by_slug(answer)["da-nang"]["predecessors"] == ["binh-dinh", "kien-giang", "quang-nam"]
    assert len(three) == len(one)


def test_ORG_2_ORG_5_api_successor_chain_crosses_into_the_successor_province(api):
    """ORG-2, ORG-5: the chain starts with the agency itself and follows successors, within the province
    (Sở TT&TT → Sở KH&CN) and into the province it merged into (data/provinces/quang-nam.yaml: Quảng Nam's
    agencies ended on 30/06/2025, each with its counterpart in Đà Nẵng where there is one)."""
    ict = agency("Quảng Nam", "STTTT")
    science = agency("Quảng Nam", "Sở Khoa học và Công nghệ")
    da_nang_science = agency("Đà Nẵng", "Sở Khoa học và Công nghệ")
    chain = api("qnam.stp", f"/provinces/quang-nam/agencies/{ict.pk}/successors").json()
    assert [(s["id"], s["province"]) for s in chain] == [
        (ict.pk, "quang-nam"),
        (science.pk, "quang-nam"),
        (da_nang_science.pk, "da-nang"),
    ]
    assert chain[0] == {
        "id": ict.pk,
        "name": "Sở Thông tin và Truyền thông",
        "province": "quang-nam",
        "valid_from": None,
        "valid_to": "2025-02-28",
        "successor_communes": [],
    }
    assert chain[1]["valid_to"] == "2025-06-30" and chain[2]["valid_to"] is None
    justice = api("qnam.stp", f"/provinces/quang-nam/agencies/{agency('Quảng Nam', 'Sở Tư pháp').pk}/successors")
    assert [(s["name"], s["province"]) for s in justice.json()] == [
        ("Sở Tư pháp", "quang-nam"),
        ("Sở Tư pháp", "da-nang"),
    ]
    # An agency that ended without a successor recorded is a chain of one.
    ended = agency("Quảng Nam", "Sở Dân tộc và Tôn giáo")
    plain = api("qnam.stp", f"/provinces/quang-nam/agencies/{ended.pk}/successors")
    assert [(s["name"], s["valid_to"]) for s in plain.json()] == [("Sở Dân tộc và Tôn giáo", "2025-06-30")]


def test_ORG_4_api_successor_chain_is_refused_outside_the_readers_province(api):
    """ORG-4: another province's user gets 404; an agency asked under another province's slug is 404; no token
    is 401."""
    ict = agency("Quảng Nam", "STTTT")
    path = f"/provinces/quang-nam/agencies/{ict.pk}/successors"
    assert api("kgiang.stc", path).status_code == 404
    assert api(None, path).status_code == 401
    assert api("admin", f"/provinces/kien-giang/agencies/{ict.pk}/successors").status_code == 404
    assert api("admin", "/provinces/quang-nam/agencies/2147483647/successors").status_code == 404

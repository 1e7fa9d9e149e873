"""TRK-5: documents shared with chosen agencies and groups stay findable: by number, date, issuer and words
without accents; each reaches only its recipients (and the publisher, Sở Nội vụ, UBND tỉnh); files are bounded."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.core.dates import today
from cchc.core.errors import UserError
from cchc.core.models import Notification
from cchc.documents import files, queries, services
from cchc.documents.models import SharedDocument
from cchc.documents.rules import publishing_agencies
from tests.factories import world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _publish(w, *, actor=None, publisher=None, agencies=(), groups=(), **fields):
    data = {
        "kind": "decision",
        "number": "1234/QĐ-UBND",
        "issued_on": today() - dt.timedelta(days=3),
        "issuer": "Ủy ban nhân dân tỉnh",
        "title": "Quyết định ban hành Kế hoạch cải cách hành chính năm 2027",
        **fields,
    }
    return services.publish(
        w.province,
        actor=actor or w.user("standing_focal"),
        publisher=publisher or w.standing,
        data=services.DocumentInput(agencies=tuple(agencies), groups=tuple(groups), **data),
    )


def test_TRK_5_a_document_reaches_the_chosen_agencies_and_the_groups_agencies_who_are_told():
    """TRK-5, ORG-3: a group is resolved to its agencies on the day; each recipient's people are notified."""
    w = world()
    document = _publish(w, agencies=[w.district], groups=[w.departments])
    delivered = set(document.delivered_to.values_list("pk", flat=True))
    assert {w.district.pk, w.ordinary.pk, w.domain.pk, w.standing.pk} <= delivered
    assert w.committee.pk not in delivered
    link = f"/van-ban/{document.pk}/"
    assert Notification.objects.filter(user=w.user("ordinary_focal"), link__contains=link).exists()
    assert not Notification.objects.filter(user=w.user("standing_focal"), link__contains="/van-ban/").exists()


def test_TRK_5_who_reads_a_document(client):
    """TRK-5, ORG-4: the recipient (even its viewer), the publisher, Sở Nội vụ, UBND tỉnh and the administrator
    read it; an agency it did not reach and another province get 404."""
    w, other = world(), world()
    document = _publish(w, agencies=[w.ordinary])
    url = reverse("document-detail", args=[w.province.slug, document.pk])
    for kind in ("viewer", "ordinary_focal", "standing_focal", "committee_leader", "province_admin"):
        client.force_login(w.user(kind))
        assert client.get(url).status_code == 200, kind
    client.force_login(w.user("domain_focal"))
    assert client.get(url).status_code == 404
    assert document.title not in client.get(reverse("document-list", args=[w.province.slug])).content.decode()
    client.force_login(other.user("standing_leader"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("document-list", args=[w.province.slug])).status_code == 404


def test_TRK_5_search_ignores_accents_and_case_and_filters_by_number_issuer_and_date():
    """TRK-5, U-1: "quyet dinh cai cach" finds "Quyết định … cải cách"; number, issuer and dates narrow it."""
    w = world()
    first = _publish(w, agencies=[w.ordinary])
    second = _publish(
        w,
        agencies=[w.ordinary],
        number="15/HD-SNV",
        issuer="Sở Nội vụ",
        title="Hướng dẫn chấm điểm Chỉ số CCHC",
        issued_on=today() - dt.timedelta(days=40),
        kind="guidance",
    )
    user = w.user("ordinary_focal")

    def found(**filters):
        return set(queries.documents_for(user, w.province, queries.DocumentFilters(**filters)))

    assert found(q="quyet dinh CAI CACH") == {first}
    assert found(q="huong dan chi so") == {second}
    assert found(number="1234") == {first}
    assert found(issuer="so noi vu") == {second}
    assert found(issued_from=today() - dt.timedelta(days=10)) == {first}
    assert found(issued_to=today() - dt.timedelta(days=30)) == {second}
    assert found(q="không có từ này") == set()


def test_TRK_5_the_list_page_searches_without_accents(client):
    """TRK-5, U-1: the page's search box does the same."""
    w = world()
    _publish(w, agencies=[w.ordinary], title="Văn bản về cải cách thủ tục hành chính")
    client.force_login(w.user("viewer"))
    page = client.get(reverse("document-list", args=[w.province.slug]), {"q": "thu tuc hanh chinh"}).content.decode()
    assert "Văn bản về cải cách thủ tục hành chính" in page
    page = client.get(reverse("document-list", args=[w.province.slug]), {"q": "xyz", "tu_ngay": "99/99/9999"})
    assert page.status_code == 200 and "Không có văn bản nào" in page.content.decode()


def test_TRK_5_who_publishes():
    """TRK-5: Sở Nội vụ and a domain agency (leading an area by the regulation) publish in their own name; an
    ordinary department, a viewer and UBND tỉnh do not."""
    w = world()
    assert publishing_agencies(w.user("standing_focal"), w.province) == [w.standing]
    assert publishing_agencies(w.user("domain_leader"), w.province) == [w.domain]
    for kind in ("ordinary_focal", "viewer", "committee_leader", "province_admin"):
        assert publishing_agencies(w.user(kind), w.province) == [], kind
    with pytest.raises(UserError, match="nhân danh"):
        _publish(w, actor=w.user("domain_focal"), publisher=w.standing, agencies=[w.ordinary])
    assert not SharedDocument.objects.filter(province=w.province).exists()


def test_TRK_5_the_page_refuses_a_publisher_who_may_not_and_writes_nothing(client):
    """TRK-5, SEC-1: an ordinary department's focal officer gets 403 and nothing is published."""
    w = world()
    client.force_login(w.user("ordinary_focal"))
    url = reverse("document-create", args=[w.province.slug])
    data = {"publisher": w.ordinary.pk, "kind": "decision", "issued_on": "01/01/2026", "issuer": "X", "title": "Y"}
    assert client.post(url, {**data, "recipients": [f"agency:{w.domain.pk}"]}).status_code == 403
    assert not SharedDocument.objects.filter(province=w.province).exists()


def test_TRK_5_a_double_click_publishes_once(client):
    """TRK-5, SEC-5: the same form twice (its hidden key) publishes one document."""
    w = world()
    client.force_login(w.user("standing_focal"))
    url = reverse("document-create", args=[w.province.slug])
    data = {
        "publisher": w.standing.pk,
        "kind": "legal-update",
        "number": "5/2026/NĐ-CP",
        "issued_on": today().strftime("%d/%m/%Y"),
        "issuer": "Chính phủ",
        "title": "Nghị định mới về thủ tục hành chính",
        "recipients": [f"agency:{w.ordinary.pk}", f"group:{w.departments.pk}"],
        "submit_key": "k-123",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert SharedDocument.objects.filter(province=w.province).count() == 1


def test_TRK_5_bad_input_is_refused_with_a_message():
    """TRK-5, SEC-3: no recipient, a future date, an ended agency: refused, nothing written."""
    w = world()
    with pytest.raises(UserError, match="ít nhất một"):
        _publish(w)
    with pytest.raises(UserError, match="sau hôm nay"):
        _publish(w, agencies=[w.ordinary], issued_on=today() + dt.timedelta(days=1))
    w.ordinary.valid_to = dt.date(2025, 2, 28)
    w.ordinary.save()
    with pytest.raises(UserError, match="không còn hoạt động"):
        _publish(w, agencies=[w.ordinary])
    assert not SharedDocument.objects.filter(province=w.province).exists()


def test_TRK_5_files_are_bounded_by_size_and_type_and_served_to_readers_only(client, settings):
    """TRK-5, SEC-4: a .exe, a renamed file and one over the limit are refused with the reason; a PDF is kept and
    downloaded by a recipient, not by an agency it did not reach."""
    w = world()
    with pytest.raises(UserError, match="Không nhận loại tệp"):
        files.check_upload(SimpleUploadedFile("virus.exe", b"MZ...."))
    with pytest.raises(UserError, match="không phải là tệp .pdf"):
        files.check_upload(SimpleUploadedFile("van-ban.pdf", b"PK\x03\x04 a zip"))
    big = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * 10)
    big.size = files.MAX_BYTES + 1
    with pytest.raises(UserError, match="quá lớn"):
        files.check_upload(big)
    assert files.clean_name("../../etc/Quyết định số 1.pdf") == "Quyết định số 1.pdf"

    document = _publish(w, agencies=[w.ordinary], upload=SimpleUploadedFile("Quyết định 1234.pdf", PDF))
    url = reverse("document-file", args=[w.province.slug, document.pk])
    client.force_login(w.user("ordinary_focal"))
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(w.user("domain_focal"))
    assert client.get(url).status_code == 404


def test_TRK_5_the_list_reads_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    """TRK-5: the list page does not ask per document."""
    w = world()
    for n in range(8):
        _publish(w, agencies=[w.ordinary], number=f"{n}/QĐ-UBND")
    client.force_login(w.user("viewer"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("document-list", args=[w.province.slug])).status_code == 200

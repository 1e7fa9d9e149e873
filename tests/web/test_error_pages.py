"""U-1, U-2: with DEBUG off a person never sees Django's debug or English pages: Vietnamese 403, 404 and 500 pages
in the site's layout, and a favicon."""

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import include, path, reverse

from cchc.agencies.models import Agency
from tests.factories import world

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("a bug")


# A URL that raises, beside the site's own (this module is the URL configuration of the 500 test).
urlpatterns = [path("thu-loi-500/", _boom), path("", include("cchc.urls"))]

LAYOUT = "navbar-cchc"


@override_settings(DEBUG=False)
def test_U_1_a_missing_page_is_a_vietnamese_404_in_the_layout(client):
    """U-1: a missing page → 404 in Vietnamese, in the site's layout, no debug page."""
    w = world()
    client.force_login(w.user("standing_focal"))
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html and "Về trang chủ" in html
    assert LAYOUT in html and "cchc/cchc.css" in html and "cchc/favicon.svg" in html
    assert "Page not found" not in html and "Traceback" not in html and "URLconf" not in html


@override_settings(DEBUG=False)
def test_U_1_an_anonymous_visitor_sees_the_same_404(client):
    """U-1: the 404 page works without a logged-in user."""
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@override_settings(DEBUG=False)
def test_U_1_a_forbidden_action_is_a_vietnamese_403_and_changes_nothing(client):
    """U-1: a viewer who opens the edit page of an agency gets 403 in Vietnamese in the layout; posting changes
    nothing."""
    w = world()
    client.force_login(w.user("viewer"))
    url = reverse("agency-edit", args=[w.province.slug, w.standing.pk])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền" in html and "Bạn không có quyền thực hiện thao tác này." in html
    assert LAYOUT in html and "403 Forbidden" not in html
    response = client.post(url, {"name": "Tên mới", "kind": w.standing.kind})
    assert response.status_code == 403
    assert Agency.objects.get(pk=w.standing.pk).name == "Sở Nội vụ"


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_U_1_a_view_that_raises_shows_the_vietnamese_500_page():
    """U-1: an unexpected error → 500 in Vietnamese in the layout, never a traceback."""
    w = world()
    client = Client(raise_request_exception=False)
    client.force_login(w.user("standing_focal"))
    response = client.get("/thu-loi-500/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi trong hệ thống" in html and LAYOUT in html
    assert "a bug" not in html and "Traceback" not in html and "Server Error" not in html


def test_U_1_the_500_page_needs_no_request():
    """U-1: Django renders 500.html with no request and no context processors; it must still render."""
    html = render_to_string("500.html")
    assert "Đã có lỗi trong hệ thống" in html and "cchc/favicon.svg" in html


@override_settings(DEBUG=False)
def test_U_1_a_csrf_failure_is_explained_in_vietnamese():
    """U-1: a form posted without its CSRF token (a page left open too long) gets a Vietnamese 403."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


def test_U_2_the_favicon_and_the_picker_are_served_from_the_sites_own_static_files():
    """U-2: the favicon, the picker script and Tom Select (vendored by `make`, no CDN) are static files."""
    for name in (
        "cchc/favicon.svg",
        "cchc/pickers.js",
        "vendor/tom-select/tom-select.complete.min.js",
        "vendor/tom-select/tom-select.bootstrap5.min.css",
    ):
        assert finders.find(name), name

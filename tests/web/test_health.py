from django.urls import reverse


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_U_1_login_page_is_vietnamese(client, db):
    html = client.get(reverse("login")).content.decode()
    assert 'lang="vi"' in html and "Đăng nhập" in html and "Mật khẩu" in html


def test_U_1_dates_in_pages_are_day_month_year(client_for):
    html = client_for("qnam.stp").get(reverse("agency-list", args=["quang-nam"])).content.decode()
    assert "28/02/2025" in html and "2025-02-28" not in html

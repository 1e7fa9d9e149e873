"""SEC-6: repeated failed logins are throttled per account and per address (django-axes), with a Vietnamese
message on the login page; the tests' ways of logging in keep working."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LOCKED = "Đăng nhập sai quá nhiều lần"


def _login(client: Client, username: str, password: str, address: str):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(username: str, address: str, times: int) -> None:
    client = Client()
    for _ in range(times):
        response = _login(client, username, "mat-khau-sai", address)
        assert SESSION_KEY not in client.session
    return response


@pytest.fixture
def accounts(db):
    return [UserFactory(username=f"dangnhap.{n}") for n in range(3)]


def test_SEC_6_settings_throttle_per_account_and_per_address():
    """SEC-6: the axes backend comes first, its middleware is installed, both parameters count on their own,
    with a short cool-off."""
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10
    assert settings.AXES_COOLOFF_TIME.total_seconds() <= 60 * 60


def test_SEC_6_after_the_limit_the_right_password_is_refused_for_that_account_from_any_address(accounts):
    """SEC-6: the finding: 100 wrong passwords in 22 s and no slowdown. Now, after the limit, the account's right
    password is refused, with the Vietnamese message, even from another address."""
    victim = accounts[0]
    last = _fail(victim.username, "10.0.0.1", settings.AXES_FAILURE_LIMIT)
    assert last.status_code == 429 and LOCKED in last.content.decode()
    for address in ("10.0.0.1", "10.0.0.99"):
        client = Client()
        response = _login(client, victim.username, PASSWORD, address)
        assert response.status_code == 429
        html = response.content.decode()
        assert LOCKED in html and "15 phút" in html and 'lang="vi"' in html
        assert SESSION_KEY not in client.session


def test_SEC_6_after_the_limit_an_address_is_refused_for_every_account(accounts):
    """SEC-6: failures spread over many account names from one address lock that address: another account's
    right password is refused from it, while that account still logs in from another address."""
    address = "10.0.0.2"
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(f"khong.co.{n}", address, 1)
    client = Client()
    response = _login(client, accounts[1].username, PASSWORD, address)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert SESSION_KEY not in client.session
    elsewhere = Client()
    response = _login(elsewhere, accounts[1].username, PASSWORD, "10.0.0.3")
    assert response.status_code == 302 and elsewhere.session[SESSION_KEY] == str(accounts[1].pk)


def test_SEC_6_a_different_account_from_another_address_still_logs_in(accounts):
    """SEC-6: a locked account and a locked address do not stop anyone else."""
    _fail(accounts[0].username, "10.0.0.4", settings.AXES_FAILURE_LIMIT)
    client = Client()
    response = _login(client, accounts[2].username, PASSWORD, "10.0.0.5")
    assert response.status_code == 302 and client.session[SESSION_KEY] == str(accounts[2].pk)


def test_SEC_6_below_the_limit_a_wrong_password_says_so_and_the_right_one_works(accounts):
    """SEC-6: a few mistakes only show the usual message; the right password then logs in."""
    response = _fail(accounts[0].username, "10.0.0.6", settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200 and "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    client = Client()
    assert _login(client, accounts[0].username, PASSWORD, "10.0.0.6").status_code == 302


def test_SEC_6_the_admin_login_is_throttled_too(db):
    """SEC-6: the admin site's login goes through the same backend."""
    admin = UserFactory(username="quantri.khoa", is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": admin.username, "password": "sai"}, REMOTE_ADDR="10.0.1.1")
    response = client.post(
        reverse("admin:login"), {"username": admin.username, "password": PASSWORD}, REMOTE_ADDR="10.0.1.2"
    )
    assert response.status_code == 429 and SESSION_KEY not in client.session


def test_SEC_6_behind_a_proxy_the_address_is_the_one_the_proxy_appended(settings, accounts):
    """SEC-6: with CCHC_BEHIND_PROXY the last X-Forwarded-For entry counts, so a client cannot dodge the address
    count by sending its own X-Forwarded-For, and clients behind one proxy are not counted as one."""
    from cchc.web.accounts import client_ip

    settings.BEHIND_PROXY = True
    request = HttpRequest()
    request.META = {"REMOTE_ADDR": "10.9.9.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"}
    assert client_ip(request) == "203.0.113.7"
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.9.9.9"


def test_SEC_6_tests_still_log_in_with_force_login_and_login(accounts):
    """SEC-6: force_login works as before; client.login needs a request for the axes backend, as django-axes
    documents (`client.login(request=HttpRequest(), ...)`)."""
    client = Client()
    client.force_login(accounts[0])
    assert client.get(reverse("home")).status_code == 200
    other = Client()
    assert other.login(request=HttpRequest(), username=accounts[1].username, password=PASSWORD)
    assert other.session[SESSION_KEY] == str(accounts[1].pk)

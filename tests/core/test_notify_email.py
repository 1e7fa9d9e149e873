"""TRK-4: e-mail is real: a reminder goes through the SMTP backend to a local SMTP server (aiosmtpd) started by the
test and is read back (Vietnamese subject and body decoded, a link to the task); SMTP settings come from the
environment (the backend becomes SMTP when CCHC_EMAIL_HOST is set; the console stays the default); each person
chooses e-mail on or off on the notifications page, which lists the unread first."""

import datetime as dt
import email
import email.policy
import io
import json
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cchc.core.models import Notification, NotificationSetting
from cchc.core.notify import notify
from cchc.plans.models import Milestone, PlanStatus
from tests.factories import PlanFactory, TaskFactory, world
from tests.web.test_deploy_settings import _run_cchc

pytestmark = pytest.mark.django_db

DUE = dt.date(2027, 6, 30)


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or b""))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_TRK_4_a_reminder_goes_through_a_real_smtp_server_in_vietnamese_with_a_link(smtp_server, settings):
    """TRK-4: `cchc send-reminders` with Django's SMTP backend sends to the local server; the message read back
    has the Vietnamese subject and body (decoded), the recipient's name and an absolute link to the task."""
    controller, inbox = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.CCHC_SITE_URL = "https://cchc.example.gov.vn"
    settings.DEFAULT_FROM_EMAIL = "cchc@example.gov.vn"
    w = world()
    plan = PlanFactory(province=w.province, owner=w.standing, status=PlanStatus.ISSUED, start_year=DUE.year)
    task = TaskFactory(plan=plan, code="", title="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", lead=w.ordinary)
    Milestone.objects.create(task=task, label="Hoàn thành", due=DUE)
    focal = w.user("ordinary_focal")
    NotificationSetting.objects.create(user=w.user("ordinary_leader"), email=False)  # chose the app only
    out = io.StringIO()
    args = ("--json", "--province", w.province.slug, "--today", (DUE - dt.timedelta(days=1)).isoformat())
    call_command("send_reminders", *args, stdout=out)
    assert json.loads(out.getvalue())["emailed"] == 1
    assert len(inbox.received) == 1
    sender, recipients, raw = inbox.received[0]
    assert sender == "cchc@example.gov.vn" and recipients == [focal.email]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    subject = str(message["subject"]).strip()  # Django folds a long subject onto the next line
    assert subject == "[CCHC] Nhắc việc: «Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính» đến hạn 30/06/2027"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert f"Kính gửi {focal.get_full_name()}," in body
    assert "đến hạn ngày 30/06/2027 (còn 1 ngày)" in body
    link = Notification.objects.get(user=focal).link
    assert f"Xem chi tiết: https://cchc.example.gov.vn{link}" in body
    assert f"/tinh/{w.province.slug}/" in link


def test_TRK_4_smtp_settings_come_from_the_environment():
    """TRK-4: with CCHC_EMAIL_HOST set the backend is SMTP with the host, port, account and TLS given; without
    it the console backend (make demo) stays; CCHC_SITE_URL is the address e-mails link to."""
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, "
        "s.EMAIL_USE_TLS, s.CCHC_SITE_URL)"
    )
    env = {
        "CCHC_EMAIL_HOST": "smtp.example.gov.vn",
        "CCHC_EMAIL_PORT": "2525",
        "CCHC_EMAIL_HOST_USER": "cchc",
        "CCHC_EMAIL_HOST_PASSWORD": "bi-mat",
        "CCHC_EMAIL_USE_TLS": "1",
        "CCHC_SITE_URL": "https://cchc.example.gov.vn/",
    }
    result = _run_cchc("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.gov.vn",
        "2525",
        "cchc",
        "bi-mat",
        "True",
        "https://cchc.example.gov.vn",
    ]
    result = _run_cchc("shell", "--no-imports", "-c", code, env={})
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1].split()
    assert line[0] == "django.core.mail.backends.console.EmailBackend" and line[-1] == "http://127.0.0.1:8000"
    result = _run_cchc("check", env={"CCHC_EMAIL_PORT": "hai"})
    assert result.returncode != 0 and "CCHC_EMAIL_PORT" in result.stderr


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_TRK_4_each_person_chooses_email_on_the_notifications_page(django_capture_on_commit_callbacks):
    """TRK-4: "Nhận thư điện tử" (on by default) is one's own setting; turned off, notifications still come in the
    app but no e-mail; a bad value is refused and changes nothing."""
    w = world()
    focal = w.user("ordinary_focal")
    client = _client(focal)
    html = client.get(reverse("notifications")).content.decode()
    assert "Nhận thư điện tử" in html and 'id="email-on" checked' in html
    response = client.post(reverse("notification-settings"), {"email": "0"})
    assert response.status_code == 302
    assert NotificationSetting.objects.get(user=focal).email is False
    assert 'id="email-on" checked' not in client.get(reverse("notifications")).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify([w.ordinary], province=w.province, subject="Thử", message="Đề nghị gửi đề xuất", link="/thong-bao/")
    assert Notification.objects.filter(user=focal).exists()
    assert [m.to for m in mail.outbox] == [[w.user("ordinary_leader").email]]
    assert "Xem chi tiết: http://127.0.0.1:8000/thong-bao/" in mail.outbox[0].body
    client.post(reverse("notification-settings"), {"email": "2"})
    assert NotificationSetting.objects.get(user=focal).email is False
    client.post(reverse("notification-settings"), {"email": ["0", "1"]})  # the hidden 0, then the ticked box
    assert NotificationSetting.objects.get(user=focal).email is True
    assert NotificationSetting.objects.filter(user=w.user("ordinary_leader")).count() == 0
    assert client.get(reverse("notification-settings")).status_code == 405


def test_TRK_4_the_notifications_page_lists_the_unread_first_with_their_count():
    """TRK-4, U-1: unread notifications come first (newest first among them), then the read ones; the page says
    how many are unread."""
    w = world()
    focal = w.user("ordinary_focal")
    for text in ("Cũ đã đọc", "Chưa đọc cũ", "Mới đã đọc", "Chưa đọc mới"):
        notify([w.ordinary], province=w.province, subject="Thử", message=text)
    Notification.objects.filter(user=focal, message__endswith="đã đọc").update(read_at=dt.datetime.now(tz=dt.UTC))
    html = _client(focal).get(reverse("notifications")).content.decode()
    order = [html.index(text) for text in ("Chưa đọc mới", "Chưa đọc cũ", "Mới đã đọc", "Cũ đã đọc")]
    assert order == sorted(order)
    assert "2 chưa đọc" in html

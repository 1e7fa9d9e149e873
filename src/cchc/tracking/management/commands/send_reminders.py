"""`cchc send-reminders [--today YYYY-MM-DD] [--province SLUG] [--json]`: the daily reminders (TRK-4), run by cron.

Safe to run as often as one likes: a reminder already sent is never sent again, and a run after days without one
catches up (see cchc.tracking.reminders)."""

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from cchc.core.dates import format_date, today
from cchc.core.models import Province
from cchc.tracking.reminders import send_reminders


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CommandError(
            f"Ngày «{text[:20]}» không hợp lệ: hãy viết theo dạng YYYY-MM-DD, ví dụ 2026-12-01."
        ) from exc


class Command(BaseCommand):
    help = (
        "Gửi nhắc việc (TRK-4): trước hạn 7 ngày, 1 ngày và ngày sau khi quá hạn, cho lãnh đạo và chuyên viên đầu "
        "mối của cơ quan chủ trì, trong hệ thống và qua thư điện tử; không bao giờ gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="ngày chạy (YYYY-MM-DD); mặc định: hôm nay theo giờ Việt Nam")
        parser.add_argument(
            "--province", action="append", default=[], help="chỉ tỉnh có mã này (có thể nhắc lại nhiều lần)"
        )
        parser.add_argument("--json", action="store_true", help="in một đối tượng JSON (sent, already_sent, …)")

    def handle(self, *args, **options):
        on = _date(options["today"]) if options["today"] else today()
        provinces = None
        if options["province"]:
            slugs = set(options["province"])
            provinces = list(Province.objects.filter(slug__in=slugs))
            missing = sorted(slugs - {p.slug for p in provinces})
            if missing:
                raise CommandError(f"Không có tỉnh, thành phố mã {', '.join(missing)}.")
        # The console backend (make demo) prints the e-mails on standard error: standard output is the report.
        outcome = send_reminders(on, provinces, mail_stream=sys.stderr)
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"Ngày {format_date(on)}: đã gửi {outcome.sent} nhắc việc ({outcome.before} trước hạn, "
            f"{outcome.overdue} quá hạn) về {len(outcome.tasks)} nhiệm vụ; {outcome.already_sent} đã gửi trước đó; "
            f"{outcome.emailed} thư điện tử"
            + (f", {outcome.email_failed} thư không gửi được." if outcome.email_failed else ".")
        )

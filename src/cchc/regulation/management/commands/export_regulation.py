import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from cchc.core.dates import format_date, today
from cchc.regulation import fileformat, services
from cchc.regulation.models import Regulation
from cchc.regulation.routing import has_ended, regulation_in_force


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày «{value}» không đúng dạng YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = "In quy chế phối hợp của một tỉnh theo đúng định dạng mà load-regulation đọc."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="tên tỉnh, ví dụ «Quảng Nam»")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--number", help="số quy chế; mặc định: quy chế đang có hiệu lực")
        which.add_argument("--id", type=int, help="mã (id) của quy chế trong hệ thống")
        which.add_argument("--on", help="quy chế có hiệu lực vào ngày này (YYYY-MM-DD)")

    def handle(self, *args, province, number=None, id=None, on=None, **options):  # noqa: A002 - the option's name
        found = services.find_province(province)
        if found is None:
            raise CommandError(f"Không có tỉnh «{province}».")
        if number:
            regulation = Regulation.objects.filter(province=found, number=number).first()
            wanted = f"số {number}"
        elif id is not None:
            regulation = Regulation.objects.filter(province=found, pk=id).first()
            wanted = f"mã {id}"
        else:
            day = _date(on) if on else today()
            if not on and has_ended(found, day):
                # ORG-5: a province that merged into another has no regulation in force today: its last one is
                # the one in force on its last day.
                day = found.valid_to
                self.stderr.write(
                    f"{found.title} đã hợp nhất từ ngày {format_date(day + dt.timedelta(days=1))}: "
                    f"in quy chế có hiệu lực vào ngày cuối cùng của tỉnh ({format_date(day)})."
                )
            regulation = regulation_in_force(found, day)
            wanted = f"có hiệu lực vào ngày {format_date(day)}"
        if regulation is None:
            raise CommandError(f"{found.title} không có quy chế phối hợp {wanted}.")
        self.stdout.write(fileformat.dump(services.export_regulation(regulation)), ending="")

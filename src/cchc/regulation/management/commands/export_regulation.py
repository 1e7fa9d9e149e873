from django.core.management.base import BaseCommand, CommandError

from cchc.core.dates import today
from cchc.regulation import fileformat, services
from cchc.regulation.models import Regulation
from cchc.regulation.routing import regulation_in_force


class Command(BaseCommand):
    help = "In quy chế phối hợp của một tỉnh theo đúng định dạng mà load-regulation đọc."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="tên tỉnh, ví dụ «Quảng Nam»")
        parser.add_argument("--number", help="số quy chế; mặc định: quy chế đang có hiệu lực")

    def handle(self, *args, province, number=None, **options):
        found = services.find_province(province)
        if found is None:
            raise CommandError(f"Không có tỉnh «{province}».")
        if number:
            regulation = Regulation.objects.filter(province=found, number=number).first()
        else:
            regulation = regulation_in_force(found, today())
        if regulation is None:
            raise CommandError(
                f"{found.title} không có quy chế phối hợp {'số ' + number if number else 'đang có hiệu lực'}."
            )
        self.stdout.write(fileformat.dump(services.export_regulation(regulation)), ending="")

from django.core.management.base import BaseCommand, CommandError

from cchc.index import fileformat, services
from cchc.index.models import Framework


class Command(BaseCommand):
    help = "In một bộ tiêu chí Chỉ số CCHC theo đúng định dạng mà load-framework đọc."

    def add_arguments(self, parser):
        # Django's own --version (the program's version) gives way to ours: the framework's version.
        parser.conflict_handler = parser._optionals.conflict_handler = "resolve"
        parser.add_argument("code")
        parser.add_argument("--version", dest="number", type=int, help="phiên bản; mặc định: phiên bản mới nhất")

    def handle(self, *args, code, number=None, **options):
        frameworks = Framework.objects.filter(code=code)
        if number is not None:
            frameworks = frameworks.filter(version=number)
        framework = frameworks.order_by("-version").first()
        if framework is None:
            wanted = f" phiên bản {number}" if number is not None else ""
            raise CommandError(f"Không có bộ tiêu chí mã «{code}»{wanted}.")
        self.stdout.write(fileformat.dump(services.export_framework(framework)), ending="")

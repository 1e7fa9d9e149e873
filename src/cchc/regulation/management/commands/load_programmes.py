from django.conf import settings
from django.core.management.base import BaseCommand

from cchc.core.commands import read_text, user_error_to_command_error
from cchc.core.errors import UserError, UserErrors
from cchc.regulation.catalogue import load_programmes


class Command(BaseCommand):
    help = "Nạp các chương trình CCHC, lĩnh vực và nội dung phối hợp (mặc định data/programmes.yaml)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(settings.DATA_DIR / "programmes.yaml"))

    def handle(self, *args, file, **options):
        try:
            count = load_programmes(read_text(file))
        except (UserError, UserErrors) as exc:
            raise user_error_to_command_error(file, exc) from exc
        self.stdout.write(f"Đã nạp {count} chương trình CCHC.")

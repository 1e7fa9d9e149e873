from django.core.management.base import BaseCommand

from cchc.agencies.services import load_agencies
from cchc.core.commands import read_text, user_error_to_command_error
from cchc.core.errors import UserError, UserErrors


class Command(BaseCommand):
    help = "Nạp hoặc cập nhật một tỉnh với các cơ quan, nhóm cơ quan từ tệp YAML (docs/data-formats.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            province = load_agencies(read_text(file))
        except (UserError, UserErrors) as exc:
            raise user_error_to_command_error(file, exc) from exc
        self.stdout.write(f"Đã nạp {province.title}: {province.agencies.count()} cơ quan.")

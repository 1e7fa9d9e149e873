from django.core.management.base import BaseCommand

from cchc.core.commands import read_text, user_error_to_command_error
from cchc.core.errors import UserError, UserErrors
from cchc.index import fileformat, services


class Command(BaseCommand):
    help = "Nạp một bộ tiêu chí Chỉ số CCHC từ tệp YAML (docs/data-formats.md). Tệp có lỗi thì không nạp gì."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            framework = services.load_framework(fileformat.parse(read_text(file)))
        except (UserError, UserErrors) as exc:
            raise user_error_to_command_error(file, exc) from exc
        self.stdout.write(f"Đã nạp {framework} với {framework.nodes.count()} mục, {framework.max_points} điểm.")

from django.core.management.base import BaseCommand, CommandError

from cchc.api.services import create_token
from cchc.core.errors import UserError


class Command(BaseCommand):
    help = "Tạo mã truy cập API (Bearer) cho một người dùng; mã chỉ hiện một lần."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            self.stdout.write(create_token(username))
        except UserError as exc:
            raise CommandError(str(exc)) from exc

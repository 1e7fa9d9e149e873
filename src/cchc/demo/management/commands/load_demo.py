from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import UserError, UserErrors
from cchc.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: chương trình CCHC, 6 tỉnh, thành phố, 3 quy chế phối hợp, các tài khoản mẫu và chu trình "
        "kế hoạch của Khánh Hòa."
    )

    def handle(self, *args, **options):
        try:
            load_demo(self.stdout)
        except (UserError, UserErrors) as exc:
            raise CommandError(f"Không nạp được dữ liệu mẫu:\n{exc}") from exc

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import UserError, UserErrors
from cchc.ingest import reader, services
from cchc.regulation.services import find_province


class Command(BaseCommand):
    help = (
        "Đọc một văn bản (kế hoạch hoặc quy chế phối hợp; .docx, .txt, .md): --json in cấu trúc trích xuất và "
        "không lưu gì; --save lưu dự thảo sau cùng các bước kiểm tra (--issued: ghi nhận đã ban hành; "
        "--confirm-duplicate: vẫn lưu văn bản đã được lưu trước đó)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--province", required=True)
        parser.add_argument("--json", action="store_true", help="in cấu trúc trích xuất (JSON)")
        parser.add_argument("--save", action="store_true", help="lưu kế hoạch hoặc quy chế")
        parser.add_argument("--kind", choices=["plan", "regulation"], help="mặc định: tự nhận biết")
        parser.add_argument("--draft", action="store_true", help="lưu ở dạng dự thảo (mặc định)")
        parser.add_argument(
            "--issued",
            action="store_true",
            help="văn bản đã ban hành từ trước: lưu dự thảo rồi ghi nhận đã ban hành (có nhật ký)",
        )
        parser.add_argument(
            "--confirm-duplicate",
            action="store_true",
            help="vẫn lưu khi văn bản đã được lưu thành kế hoạch (tạo thêm một kế hoạch trùng, có chủ ý)",
        )

    def handle(self, *args, file, province, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        found = find_province(province)
        if found is None:
            raise CommandError(f"Không có tỉnh «{province}».")
        data = path.read_bytes()
        try:
            if options["save"]:
                saved = services.ingest_file(
                    found,
                    path_name=path.name,
                    data=data,
                    status="issued" if options["issued"] and not options["draft"] else "draft",
                    confirm_duplicate=options["confirm_duplicate"],  # PLAN-1: as the review page's checkbox
                )
                self.stdout.write(f"Đã lưu: {saved} ({found.title}).")
                return
            extracted = services.extract_for(found, reader.read_upload(data, path.name), options["kind"])
        except reader.NotADocument as exc:
            raise CommandError(str(exc)) from exc
        except services.DuplicateDocument as exc:
            raise CommandError(
                f"{file}: không lưu được, không có gì thay đổi.\n"
                f"  {services.duplicate_message(exc.plans, services.DUPLICATE_CLI)}"
            ) from exc
        except (UserError, UserErrors) as exc:
            problems = exc.errors if isinstance(exc, UserErrors) else [exc]
            raise CommandError(
                "\n".join([f"{file}: không lưu được, không có gì thay đổi."] + [f"  {p}" for p in problems])
            ) from exc
        if options["json"] or not options["save"]:
            self.stdout.write(json.dumps(extracted.to_json(), ensure_ascii=False, indent=2))

"""Shared pieces of the `cchc` management commands."""

from pathlib import Path

from django.core.management.base import CommandError

from cchc.core.errors import UserError, UserErrors


def read_text(path: str) -> str:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}.")
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(f"Tệp {path} không phải văn bản UTF-8.") from exc


def user_error_to_command_error(path: str, exc: UserError | UserErrors) -> CommandError:
    problems = exc.errors if isinstance(exc, UserErrors) else [exc]
    lines = [f"{path}: không nạp được, không có gì thay đổi."] + [f"  {p}" for p in problems]
    return CommandError("\n".join(lines))

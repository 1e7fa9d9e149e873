"""SEC-4: the files people attach (a shared document, a briefing's minutes): bounded in size, of the office types
a province exchanges, recognised by their first bytes and not by the name alone. Each refusal says why.

The files are stored as they are and never opened by the system (no parsing, so no expansion to bound); they
are served only through a view that asks the record's rule (`FileResponse`), never from a public media URL.
"""

import re
from pathlib import PurePath

from cchc.core.errors import UserError

MB = 1024 * 1024
MAX_BYTES = 20 * MB  # a scanned decision of a few dozen pages; more is a sign of the wrong file
MAX_NAME = 150

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # Word 97–2003 (.doc), Excel 97–2003 (.xls)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
ALLOWED_LABEL = ", ".join(SIGNATURES)
ACCEPT = ",".join(SIGNATURES)  # the <input type=file accept=…> of the forms

_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def clean_name(name: str) -> str:
    """The file's own name as people read it (Vietnamese kept), without folders or odd characters, bounded."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip(" ._") or "tep"
    stem, dot, ext = base.rpartition(".")
    if not dot:
        return base[:MAX_NAME]
    return f"{stem[: MAX_NAME - len(ext) - 1]}.{ext}"


def check_upload(upload) -> str:
    """Refuse a file too large, of another type, or whose content is not what its name says; the clean name."""
    if upload is None:
        raise UserError("Hãy chọn tệp.")
    size = getattr(upload, "size", None) or 0
    if size > MAX_BYTES:
        raise UserError(f"Tệp quá lớn ({size // MB} MB); giới hạn là {MAX_BYTES // MB} MB.")
    if size == 0:
        raise UserError("Tệp rỗng.")
    name = clean_name(upload.name)
    ext = PurePath(name).suffix.lower()
    if ext not in SIGNATURES:
        raise UserError(f"Không nhận loại tệp «{ext or name}»; chỉ nhận: {ALLOWED_LABEL}.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[ext]):
        raise UserError(f"Nội dung tệp {name} không phải là tệp {ext} (có thể tệp bị đổi đuôi hoặc bị hỏng).")
    return name

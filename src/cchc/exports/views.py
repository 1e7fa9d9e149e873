"""Downloads of a plan as .docx and .xlsx, for whoever may see the plan's page (404 for anyone else)."""

import re
import unicodedata
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from cchc.core.scope import visible_province_or_404
from cchc.exports.plans import plan_docx, plan_xlsx
from cchc.plans.views import _plan

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters that no file system takes in a name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def ascii_name(name: str) -> str:
    """ "Kế hoạch CCHC 2027" → "Ke-hoach-CCHC-2027" (the fallback for clients that ignore filename*)."""
    name = name.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")[:120] or "ke-hoach"


def attachment(content: bytes, name: str, extension: str, content_type: str) -> HttpResponse:
    name = " ".join(_UNSAFE.sub(" ", name).split())[:150].strip() or "Kế hoạch"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name(name)}.{extension}\"; filename*=UTF-8''{quote(f'{name}.{extension}')}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def plan_export_docx(request, slug, plan_id):
    plan = _plan(request, visible_province_or_404(request.user, slug), plan_id)
    return attachment(plan_docx(plan), plan.title, "docx", DOCX)


@login_required
@require_GET
def plan_export_xlsx(request, slug, plan_id):
    plan = _plan(request, visible_province_or_404(request.user, slug), plan_id)
    return attachment(plan_xlsx(plan), plan.title, "xlsx", XLSX)

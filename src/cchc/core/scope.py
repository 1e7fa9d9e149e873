"""Finding a record within what the user may see: another province's records answer 404 (ORG-4)."""

from django.http import Http404

from cchc.core.models import Province
from cchc.core.rules import can


def visible_province_or_404(user, slug: str) -> Province:
    province = Province.objects.filter(slug=slug).select_related("standing_agency").first()
    if province is None or not can(user, "core.view_province", province):
        raise Http404("Không tìm thấy tỉnh, thành phố.")
    return province


def require_visible(user, province: Province) -> None:
    if not can(user, "core.view_province", province):
        raise Http404("Không tìm thấy.")

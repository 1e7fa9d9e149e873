"""ORG-5: the banner on an old province's pages when the successor province's people read them (read-only)."""

from django import template

from cchc.core.rules import is_province_member, is_successor_reader

register = template.Library()


@register.inclusion_tag("web/_predecessor_banner.html", takes_context=True)
def predecessor_banner(context, province):
    """Shown on every page of a province that merged into another, to a reader who reads it as the successor's
    history (not one of its own people, nor its administrator): "Hồ sơ của <old> trước khi hợp nhất vào <new>
    (chỉ xem)". Costs nothing on other provinces' pages, one query (the successor's name) on the old one's."""
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = bool(
        province is not None
        and getattr(province, "successor_id", None)
        and user is not None
        and user.is_authenticated
        and not is_province_member(user, province)
        and is_successor_reader(user, province)
    )
    return {"shown": shown, "old": province, "new": province.successor if shown else None}

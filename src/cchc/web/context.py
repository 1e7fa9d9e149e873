"""What every page's navigation needs: the provinces the user may see."""

from cchc.core.rules import visible_provinces


def navigation(request):
    if not request.user.is_authenticated:
        return {}
    return {"nav_provinces": list(visible_provinces(request.user))}

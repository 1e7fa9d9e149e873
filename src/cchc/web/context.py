"""What every page's navigation needs: the provinces the user may see, and the badges of the menu: the actions
waiting for the user ("Việc cần làm") and the unread notifications, computed once per request and only when a
page shows them (a partial page rendered for htmx does not)."""

from django.utils.functional import SimpleLazyObject

from cchc.core.rules import visible_provinces
from cchc.web import todo


def navigation(request):
    if not request.user.is_authenticated:
        return {}
    return {
        "nav_provinces": list(visible_provinces(request.user)),
        "nav_todo": SimpleLazyObject(lambda: todo.for_request(request)),
    }

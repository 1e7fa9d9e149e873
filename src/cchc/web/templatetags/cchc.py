"""Small template helpers: dates as dd/mm/yyyy, audit changes, dictionary look-ups."""

from django import template

from cchc.core import audit
from cchc.core.dates import format_date

register = template.Library()


@register.filter
def vn_date(value) -> str:
    return format_date(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def changes(entry):
    return audit.changed_fields(entry)


@register.filter
def person(user) -> str:
    """U-3: a person by their full name, the username only when the account has no name."""
    return audit.person(user)


@register.filter
def comparison_sign(code: str) -> str:
    """U-1: a target's comparison code as printed: ">=" is "≥", "<=" is "≤"."""
    from cchc.plans.models import COMPARISON_SIGNS

    return COMPARISON_SIGNS.get(code, code)


RECENT_ENTRIES = 10


@register.inclusion_tag("web/_audit_trail.html")
def audit_trail(entries):
    """U-3: the latest changes first; a long journal (a plan of fifty tasks has hundreds of entries) shows the
    most recent ones and keeps the others one click away, on the same page."""
    entries = list(entries)
    return {"entries": entries[:RECENT_ENTRIES], "older": entries[RECENT_ENTRIES:]}


@register.filter
def add_class_form_control(field):
    """Render a form field with Bootstrap's class (select boxes get form-select)."""
    widget = field.field.widget
    css = "form-select" if widget.__class__.__name__ in {"Select", "SelectMultiple"} else "form-control"
    if widget.__class__.__name__ == "CheckboxInput":
        css = "form-check-input"
    return field.as_widget(attrs={"class": css})

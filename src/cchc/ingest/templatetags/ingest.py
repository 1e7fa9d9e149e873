"""The review page's agency select box: the resolved agency chosen, or the text as written marked for a choice."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag(takes_context=True)
def agency_select(context, prefix: str, index: int, field: str, value: str, label: str):
    resolved = context["resolved"]
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((key, " selected" if key == value else "", text) for key, text in context["choices"]),
    )
    unresolved = ""
    if value not in resolved:
        unresolved = format_html(
            '<option value="{}" selected>«{}» — chưa xác định, hãy chọn</option>', value, value or "(trống)"
        )
    css = "form-select form-select-sm" + ("" if value in resolved else " is-invalid")
    return format_html(
        '<select class="{}" name="{}-{}-{}" aria-label="{}">{}{}</select>',
        css,
        prefix,
        index,
        field,
        label,
        unresolved,
        options,
    )

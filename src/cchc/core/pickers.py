"""U-1: agency pickers. A select box marked with data-picker becomes a searchable picker (Tom Select, started by
static/cchc/pickers.js): typing "so noi vu" finds "Sở Nội vụ", the options stay grouped as the server sent them.
Without JavaScript it is the plain select box with the same groups."""

from django import forms

PICKER_ATTRS = {"data-picker": "agency"}


def make_picker(field: forms.ChoiceField, choices: list, *, placeholder: str = "Gõ để tìm cơ quan…") -> None:
    """Give a form field grouped choices and mark its widget as a picker. A ModelChoiceField keeps its queryset,
    which alone decides what is valid; the choices only order and group what the person sees."""
    empty_label = getattr(field, "empty_label", None)
    if isinstance(field, forms.ModelChoiceField) and empty_label is not None:
        choices = [("", empty_label), *choices]
    field.choices = choices
    field.widget.attrs.update(PICKER_ATTRS)
    field.widget.attrs["data-placeholder"] = placeholder
    field.widget.attrs.pop("size", None)

"""Turn an admin change page back into the POST a browser would send."""

from __future__ import annotations

import datetime as dt

from django import forms


def _field_items(prefix_name: str, bound) -> dict[str, object]:
    widget = bound.field.widget
    value = bound.value()
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value)
        return {
            f"{prefix_name}_{i}": "" if part is None else _scalar(part)
            for i, part in enumerate(parts)
        }
    if isinstance(widget, forms.CheckboxInput):
        return {prefix_name: "on"} if value else {}
    if isinstance(value, list | tuple):
        return {prefix_name: [_scalar(v) for v in value]}
    return {prefix_name: "" if value is None else _scalar(value)}


def _scalar(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return str(value.pk if hasattr(value, "pk") else value)


def admin_post_data(response, **changes: object) -> dict[str, object]:
    """The form data of an admin change page, with `changes` applied to the main form."""
    data: dict[str, object] = {}
    for bound in response.context["adminform"].form:
        data.update(_field_items(bound.html_name, bound))
    # The history form of django-simple-history has no inlines.
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        for form in formset.initial_forms:
            for bound in form:
                data.update(_field_items(bound.html_name, bound))
    data.update(changes)
    return data

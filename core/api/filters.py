"""Lists whose screens filter through a plain form (conventions, actions) rather than a
FilterSet: the same form validates the query string, the same function filters."""

from __future__ import annotations

from django import forms
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend

from core.api.serializers import form_errors

TYPES = {forms.IntegerField: "integer", forms.BooleanField: "boolean"}


class FormFilterBackend(BaseFilterBackend):
    """`view.filter_form_class` validates `?…`; `view.filter_list(queryset, data, user)`."""

    def filter_queryset(self, request, queryset, view):
        form = view.filter_form_class(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(form_errors(form))
        return view.filter_list(queryset, form.cleaned_data, request.user)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = []
        for name, field in view.filter_form_class.base_fields.items():
            schema = {"type": next((t for c, t in TYPES.items() if isinstance(field, c)), "string")}
            if isinstance(field, forms.ChoiceField) and field.choices:
                schema["enum"] = [str(value) for value, _label in field.choices if value != ""]
            if isinstance(field, forms.IntegerField):
                if field.min_value is not None:
                    schema["minimum"] = field.min_value
                if field.max_value is not None:
                    schema["maximum"] = field.max_value
            if isinstance(field, forms.CharField) and field.max_length:
                schema["maxLength"] = field.max_length
            description = str(field.help_text or field.label or name)
            parameters.append(
                {"name": name, "in": "query", "required": False, "schema": schema,
                 "description": description}
            )  # fmt: skip
        return parameters

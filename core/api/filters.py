"""The screens' filters in the API: their FilterSets, or the plain form that validates the
query string of lists such as conventions and actions. `search`, the name API clients
expect, is another name for the screens' `q`."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend

from core.api.serializers import form_errors

TYPES = {forms.IntegerField: "integer", forms.BooleanField: "boolean"}
SEARCH = "search"
SEARCH_HELP = _("Comme « q » : %(help)s")


def with_search(filterset_class: type) -> type:
    """The screen's FilterSet, with `search` doing what its `q` does."""
    q = filterset_class.base_filters["q"]
    search = django_filters.CharFilter(
        field_name=q.field_name,
        lookup_expr=q.lookup_expr,
        method=q.method,
        label=q.label,
        help_text=SEARCH_HELP % {"help": q.extra.get("help_text") or q.label},
    )
    return type(filterset_class.__name__, (filterset_class,), {SEARCH: search})


class FormFilterBackend(BaseFilterBackend):
    """`view.filter_form_class` validates `?…`; `view.filter_list(queryset, data, user)`."""

    def filter_queryset(self, request, queryset, view):
        params = request.query_params
        if SEARCH in params and "q" not in params:
            params = params.copy()
            params["q"] = params[SEARCH]
        form = view.filter_form_class(params)
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
            if name == "q":
                alias = SEARCH_HELP % {"help": description}
                parameters.append({**parameters[-1], "name": SEARCH, "description": str(alias)})
        return parameters

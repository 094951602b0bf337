"""Relation fields and filters as accessible autocompletes, never a select of a whole table.

A field renders a text input (its label's target) and the chosen row's id in a hidden input;
`static/js/autocomplete.js` turns the text input into GOV.UK's accessible-autocomplete (a
WAI-ARIA combobox), fed by `core:autocomplete` with at most `MAX_RESULTS` matches from a
source each app registers (`registry.autocompletes`). Without JavaScript the text is resolved
on submit: one match is taken, none or several is a French error next to the field.

    organisation = AutocompleteField("organisations", queryset=Organisation.objects.active())
    organisations = AutocompleteMultipleField("organisations", queryset=...)
    contact = AutocompleteField("contacts", follow={"organisation": "organisation"})

`follow` narrows the suggestions by another field's value (the contacts of the chosen
organisation): the script sends `?organisation=<that field's id>` and the source filters.
A multi-valued field lists its chosen rows as ticked checkboxes and one text input to add.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Self

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import registry
from core.registry import AutocompleteSource
from core.text import normalize, parse_id

MAX_RESULTS = 20
# The typed text is a search, not a document: longer is cut.
MAX_TEXT = 100


def source(name: str) -> AutocompleteSource:
    return registry.autocompletes.get(name)


def matches(name: str, text: str, params: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """The suggestions for `text`: one query, at most MAX_RESULTS rows."""
    found = source(name)
    if not normalize(text):
        return []
    queryset = found.search(found.queryset(), text[:MAX_TEXT])
    for param, narrow in (found.filters or {}).items():
        ids = [pk for pk in (parse_id(v) for v in params.get(param, [])) if pk]
        if ids:
            queryset = narrow(queryset, ids)
    return [{"id": row.pk, "label": found.label(row)} for row in queryset[:MAX_RESULTS]]


def resolve(name: str, queryset: QuerySet, text: str) -> Any:
    """The one row of `queryset` a typed text names, or a French ValidationError."""
    found = source(name)
    candidates = list(found.search(queryset, text[:MAX_TEXT])[: MAX_RESULTS + 1])
    exact = [row for row in candidates if normalize(found.label(row)) == normalize(text)]
    if len(candidates) == 1 or len(exact) == 1:
        return candidates[0] if len(candidates) == 1 else exact[0]
    message = found.several_found if candidates else found.none_found
    raise ValidationError(message, code="autocomplete", params={"text": text})


def filter_by(name: str, queryset: QuerySet, lookup: str, value: str) -> QuerySet:
    """A list filter's value: an id picked in the autocomplete, or a text typed without
    JavaScript that keeps every match (a list may show several organisations' rows)."""
    pk = parse_id(value)
    if pk:
        return queryset.filter(**{lookup: pk})
    found = source(name)
    return queryset.filter(**{f"{lookup}__in": found.search(found.queryset(), value)})


@dataclass(frozen=True)
class Picked:
    """What an autocomplete submitted: the chosen id(s) and the text in the input (None when
    the request sent ids alone, as a script or a link does)."""

    pks: list[str] = field(default_factory=list)
    text: str | None = ""


def _pk(value: object) -> str:
    return str(getattr(value, "pk", value) or "")


class AutocompleteWidget(forms.Widget):
    """The text input, the hidden id, and the region that announces the choice."""

    template_name = "core/widgets/autocomplete.html"
    multiple = False

    def __init__(self, source: str, *, follow: Mapping[str, str] | None = None, attrs=None):
        super().__init__(attrs)
        self.source = source
        self.follow = dict(follow or {})
        # Set by ModelChoiceField (a ModelChoiceIterator, whose .field is the form's copy).
        self.choices: Any = None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Picked:
        pks = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        if isinstance(pks, str):
            pks = [pks]
        text = data.get(f"{name}_q")
        return Picked([pk for pk in pks if pk], None if text is None else str(text).strip())

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_q" not in data

    def _labels(self, pks: list[str]) -> list[tuple[str, str]]:
        ids = [pk for pk in (parse_id(pk) for pk in pks) if pk]
        if not ids or self.choices is None:
            return []
        model_field = self.choices.field
        rows = model_field.queryset.filter(pk__in=ids)
        return [(str(row.pk), model_field.label_from_instance(row)) for row in rows]

    def picked(self, value: object) -> tuple[list[tuple[str, str]], str]:
        """(the chosen rows as (id, label), the text to show)."""
        if isinstance(value, Picked):
            if self.multiple:
                return self._labels(value.pks), value.text or ""
            return [(pk, "") for pk in value.pks[:1]], value.text or ""
        values = value if isinstance(value, list | tuple | QuerySet) else [value]
        chosen = self._labels([_pk(v) for v in values if _pk(v)])
        if self.multiple:
            return chosen, ""
        return chosen, chosen[0][1] if chosen else ""

    def get_context(self, name: str, value: object, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        chosen, text = self.picked(value)
        follow = " ".join(f"{param}={field}" for param, field in self.follow.items())
        context["widget"].update(
            chosen=chosen,
            text=text,
            multiple=self.multiple,
            url=reverse("core:autocomplete", args=[self.source]),
            follow=follow,
        )
        return context


class AutocompleteMultipleWidget(AutocompleteWidget):
    multiple = True


class AutocompleteField(forms.ModelChoiceField):
    """A foreign key picked by autocomplete; `queryset` is what may be chosen."""

    def __init__(self, source: str, *, follow: Mapping[str, str] | None = None, **kwargs):
        self.source = source
        kwargs.setdefault("widget", AutocompleteWidget(source, follow=follow))
        super().__init__(**kwargs)

    def to_python(self, value: object) -> Any:
        if not isinstance(value, Picked):
            return super().to_python(value)
        if value.text is None:
            return super().to_python(value.pks[0] if value.pks else None)
        if not value.text:
            return None
        if value.pks:
            try:
                row = super().to_python(value.pks[0])
            except ValidationError:
                row = None
            # The id holds while the text still names it (without JavaScript nothing clears it).
            if row is not None and normalize(self.label_from_instance(row)) == normalize(
                value.text
            ):
                return row
        return resolve(self.source, self.queryset, value.text)

    def has_changed(self, initial: object, data: object) -> bool:
        if isinstance(data, Picked):
            data = data.pks[0] if data.pks and data.text != "" else ""
        return super().has_changed(initial, data)


class AutocompleteMultipleField(forms.ModelMultipleChoiceField):
    """A many-to-many picked by autocomplete: the ticked rows, plus one typed to add."""

    def __init__(self, source: str, *, follow: Mapping[str, str] | None = None, **kwargs):
        self.source = source
        kwargs.setdefault("widget", AutocompleteMultipleWidget(source, follow=follow))
        kwargs.setdefault("help_text", _("Décochez pour retirer ; tapez un nom pour en ajouter."))
        super().__init__(**kwargs)

    def clean(self, value: object) -> QuerySet:
        if not isinstance(value, Picked):
            return super().clean(value)
        chosen = {row.pk for row in self._check_values(value.pks)} if value.pks else set()
        if value.text:
            chosen.add(resolve(self.source, self.queryset, value.text).pk)
        if self.required and not chosen:
            raise ValidationError(self.error_messages["required"], code="required")
        return self.queryset.filter(pk__in=chosen)

    def has_changed(self, initial: object, data: object) -> bool:
        if isinstance(data, Picked):
            return bool(data.text) or {str(pk) for pk in data.pks} != {
                _pk(v) for v in (initial or [])
            }
        return super().has_changed(initial, data)


class AutocompleteFilterWidget(AutocompleteWidget):
    """A list filter's autocomplete: the id when one was picked, else the text typed.

    The label shown comes back in the URL (`<name>_q`), so a filtered list costs no query
    to name its filter."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        picked = super().value_from_datadict(data, files, name)
        # A link names the id alone (?organisation=12); a submitted form with its text erased
        # drops the filter, even if (without JavaScript) the id was still there.
        if f"{name}_q" in data and not picked.text:
            return FilterValue("", "")
        text = picked.text or ""
        return FilterValue(picked.pks[0] if picked.pks else text, text)

    def picked(self, value: object) -> tuple[list[tuple[str, str]], str]:
        text = getattr(value, "text", "") or ""
        pk = str(value or "") if parse_id(str(value or "")) else ""
        return ([(pk, "")] if pk else []), text


class FilterValue(str):
    """A filter's value ("12", or the typed text) that remembers the text shown."""

    text: str

    def __new__(cls, value: str, text: str) -> Self:
        instance = super().__new__(cls, value)
        instance.text = text
        return instance


def autocomplete_field(
    source: str, *, multiple: bool = False, follow: Mapping[str, str] | None = None
) -> Callable[..., forms.Field]:
    """For a ModelForm's `Meta.field_classes`: the model's field, picked by autocomplete."""
    field_class = AutocompleteMultipleField if multiple else AutocompleteField
    return partial(field_class, source, follow=follow)


def filter_field(source: str, label: Any, help_text: Any = "") -> forms.CharField:
    """A list filter over a table that grows: autocomplete, id or text (see filter_by)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=AutocompleteFilterWidget(source),
    )

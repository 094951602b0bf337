"""Serializers whose writes go through the screens' forms: the same checks, the same French
messages next to the same fields, the same `full_clean()` bounds.

DRF's fields describe the resource (the schema, the representation); on input they only
name which keys are accepted: the screen's `ModelForm` validates and saves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework import serializers

from core import versioning
from core.text import parse_id


def _posted(value) -> str:
    """A value as a browser would post it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def as_form_data(values: dict) -> MultiValueDict:
    """What the screen's form reads from `request.POST`: text, several values for a list."""
    data = MultiValueDict()
    for name, value in values.items():
        data.setlist(
            name, [_posted(v) for v in value] if isinstance(value, list) else [_posted(value)]
        )
    return data


def form_errors(form) -> dict[str, list[str]]:
    """The form's errors by field; errors of the whole form under `non_field_errors`."""
    errors = {}
    for name, items in form.errors.get_json_data().items():
        key = "non_field_errors" if name == "__all__" else name
        errors[key] = [item["message"] for item in items]
    return errors


class DescribedSerializer(serializers.ModelSerializer):
    """Every field described in the schema: its model help text, or else its label."""

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if not kwargs.get("help_text"):
            label = kwargs.get("label") or field_name.replace("_", " ")
            kwargs["help_text"] = str(label).capitalize()
        return field_class, kwargs


class FormModelSerializer(DescribedSerializer):
    """`Meta.form_class`: the screen's form; `form_kwargs()` what its constructor needs."""

    def get_form_class(self) -> type:
        """The screen's form: creation and correction may use different ones."""
        return self.Meta.form_class

    def form_kwargs(self) -> dict:
        return {}

    def new_instance(self) -> Model | None:
        """The unsaved row a creation fills, as the screen builds it (None: the form's own)."""
        return None

    def get_validators(self) -> list:
        # Uniqueness is the form's (`validate_unique()`, with the screens' messages).
        return []

    def _form_data(self, data: Mapping) -> dict:
        """The form's input: the row as it stands (a new row's defaults), then what was sent.

        So a field left out keeps its value (PUT included) or takes the model's default.
        """
        form_fields = self.get_form_class()._meta.fields
        current = self.instance if self.instance is not None else self.new_instance()
        if current is None:
            current = self.Meta.model()
        initial = {}
        for name, value in model_to_dict(current, fields=form_fields).items():
            if isinstance(value, list):
                value = [getattr(item, "pk", item) for item in value]
            initial[name] = "" if value is None else value
        writable = {name for name, field in self.fields.items() if not field.read_only}
        given = {name: data[name] for name in writable if name in data}
        errors = {}
        for name, value in given.items():
            many = isinstance(self.fields[name], serializers.ManyRelatedField)
            if isinstance(value, Mapping) or (isinstance(value, list) and not many):
                errors[name] = [_("Valeur invalide.")]
            elif value is None:
                given[name] = "" if not many else []
        if errors:
            raise serializers.ValidationError(errors)
        return {**initial, **given}

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Un objet JSON est attendu.")]}
            )
        form_data = self._form_data(data)
        if self.instance is not None and hasattr(self.instance, "version"):
            form_data["version"] = self.instance.version
        form = self.get_form_class()(
            data=as_form_data(form_data),
            instance=self.instance if self.instance is not None else self.new_instance(),
            **self.form_kwargs(),
        )
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        return {"form": form}

    @property
    def by(self):
        return self.context["request"].user

    def save_new(self, form):
        """Plain creation, as the screen's `form.save()`, written by the caller
        (core.api.history marks it "API")."""
        instance = form.save(commit=False)
        instance._history_user = self.by
        instance.save()
        form.save_m2m()
        return instance

    def save_changed(self, form, expected_version: int):
        """The screen's versioned save (`VersionedFormMixin.save_versioned`): many-to-many
        first, without history rows of their own, so the one row of the edit records them;
        refused (ConflictError) over a newer version, which rolls them back too."""
        instance = form.instance
        instance.skip_history_when_saving = True
        try:
            form._save_m2m()
        finally:
            del instance.skip_history_when_saving
        versioning.versioned_save(instance=instance, expected_version=expected_version, by=self.by)
        return instance

    @transaction.atomic
    def create(self, validated_data):
        return self.save_new(validated_data["form"])

    @transaction.atomic
    def update(self, instance, validated_data):
        return self.save_changed(validated_data["form"], self.context["expected_version"])


class ChildFormSerializer(FormModelSerializer):
    """A row made under another (a convention's party, a contact's role): the parent is named
    by its id on creation, then stays, as on the screens, which never move such a row."""

    parent_field: str = ""
    # What a creation without a known parent answers, under the parent's field.
    parent_missing: str = ""

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields[self.parent_field].read_only = True
        return fields

    def parent_object(self):
        if self.instance is not None:
            return getattr(self.instance, self.parent_field)
        if not hasattr(self, "_parent_object"):
            data = self.initial_data if isinstance(self.initial_data, Mapping) else {}
            pk = parse_id(str(data.get(self.parent_field, "")))
            model = self.Meta.model._meta.get_field(self.parent_field).related_model
            self._parent_object = model.objects.filter(pk=pk).first() if pk is not None else None
        if self._parent_object is None:
            raise serializers.ValidationError({self.parent_field: [self.parent_missing]})
        return self._parent_object

    def new_instance(self) -> Model:
        return self.Meta.model(**{self.parent_field: self.parent_object()})

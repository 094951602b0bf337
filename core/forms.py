"""Form plumbing shared by every screen: accessible errors, date inputs, versioned edits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import SafeData

from core import versioning
from core.models import User


class AccessibleFormMixin:
    """Style widgets and tie each field's help and errors to it for screen readers."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name, field in self.fields.items():
            bound = self[name]
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            if name in self.errors:
                described_by.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["class"] += " is-invalid"
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)


SELECT_TEMPLATE = "django/forms/widgets/select.html"
# Distinct selects kept per process: each is a few kB (the 101 departments, 8 kB).
SELECT_MEMO_SIZE = 256


class FormRenderer(TemplatesSetting):
    """Django's renderer (templates/ may override a widget's template), which renders a
    select once per distinct content.

    The template language costs about 80 µs an option: the 101 departments, the regions
    and the trades took some 10 ms of every organisations list and form. A select's HTML
    depends only on its name, its attributes and its options, so it is kept by those,
    per process, and rendered again from them alone: the memo cannot serve what the key
    does not hold. A label or attribute marked safe is rendered each time instead (its
    escaping is not in the key).
    """

    def __init__(self) -> None:
        super().__init__()
        self._selects: dict[tuple, str] = {}

    def render(self, template_name: str, context: dict, request: object = None) -> str:
        key = _select_key(context) if template_name == SELECT_TEMPLATE else None
        if key is None:
            return super().render(template_name, context, request)
        html = self._selects.get(key)
        if html is None:
            html = super().render(template_name, _select_context(key), request)
            if len(self._selects) >= SELECT_MEMO_SIZE:
                self._selects.clear()
            self._selects[key] = html
        return html


def _plain(value: Any) -> bool:
    return not isinstance(value, SafeData)


def _select_key(context: dict) -> tuple | None:
    """What Django's select and option templates read, as a hashable key (or None)."""
    widget = context.get("widget")
    if widget is None or set(context) != {"widget"}:
        return None
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        rows = []
        for option in options:
            attrs = tuple(option["attrs"].items())
            label = option["label"]
            if not all(map(_plain, [label, option["value"], *(v for _k, v in attrs)])):
                return None
            label = "" if label is None else str(label)
            rows.append((option["template_name"], str(option["value"]), label, attrs))
        groups.append((None if group_name is None else str(group_name), tuple(rows)))
    attrs = tuple(widget["attrs"].items())
    if not all(_plain(v) for _k, v in attrs):
        return None
    key = (widget["name"], attrs, tuple(groups))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _select_context(key: tuple) -> dict:
    name, attrs, groups = key
    optgroups = [
        (
            group_name,
            [
                {"template_name": template, "value": value, "label": label, "attrs": dict(a)}
                for template, value, label, a in rows
            ],
            index,
        )
        for index, (group_name, rows) in enumerate(groups)
    ]
    return {"widget": {"name": name, "attrs": dict(attrs), "optgroups": optgroups}}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionedFormMixin:
    """For the form that edits a `core.models.VersionedModel`: a hidden `version` field,
    added here, proves which version the user started from; `save_edit()` creates the row,
    or saves the edit unless someone saved since (core/versioning.py)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    @property
    def expected_version(self) -> int:
        """The version the user started from (0, never a match, when the field was lost)."""
        return self.cleaned_data.get("version") or 0

    def save_edit(self, *, by: User) -> bool:
        """Create the row, or save the edit (see `save_versioned`); whether it was saved."""
        if self.instance._state.adding:
            with transaction.atomic():
                self.instance._history_user = by
                self.instance.save()
                self._save_m2m()
            return True
        return self.save_versioned(by=by)

    def save_versioned(self, *, by: User) -> bool:
        """Save unless someone saved since the form was opened; then explain, keep the input."""
        try:
            with transaction.atomic():
                # Many-to-many fields (an organisation's trades) first, in the same transaction
                # and without history rows of their own: the save below records them with the
                # other fields, one history row per edit rather than an empty one per set.
                self.instance.skip_history_when_saving = True
                try:
                    self._save_m2m()
                finally:
                    del self.instance.skip_history_when_saving
                versioning.versioned_save(
                    instance=self.instance, expected_version=self.expected_version, by=by
                )
        except versioning.ConflictError as error:
            self.refuse_stale(error)
            return False
        return True

    def refuse_stale(self, error: versioning.ConflictError) -> None:
        """Show who changed what and when; the user's input stays, and saving again now
        knowingly replaces the newer version."""
        self.add_error(None, error.messages[0])
        data = self.data.copy()
        data["version"] = type(self.instance).objects.get(pk=self.instance.pk).version
        self.data = data


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    """Django's login form, with accessible errors."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # No autofocus: keyboard users start from the skip link, like on every page.
        self.fields["username"].widget.attrs.pop("autofocus", None)

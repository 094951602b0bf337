"""Form plumbing shared by every screen: Bootstrap classes and accessible errors."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


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


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    """Django's login form, with accessible errors."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # No autofocus: keyboard users start from the skip link, like on every page.
        self.fields["username"].widget.attrs.pop("autofocus", None)

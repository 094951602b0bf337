"""Task, filter and preference forms."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from conventions.models import Convention
from core.autocomplete import AutocompleteFilterWidget, autocomplete_field, filter_by
from core.forms import AccessibleFormMixin, DateInput, VersionedFormMixin
from partners.models import Organisation
from tasks.models import Preference, Task

User = get_user_model()


def assignable_users() -> object:
    return User.objects.filter(is_active=True).exclude(username=User.SYSTEM_USERNAME)


class TaskForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "assignee",
            "due_on",
            "due_time",
            "recurrence",
            "recurrence_interval",
            "recurrence_until",
            "organisation",
            "convention",
            "action",
        ]
        widgets = {
            "due_on": DateInput(),
            "due_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "recurrence_until": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        # The actions offered are the chosen convention's (the server checks it in clean()).
        field_classes = {
            "assignee": autocomplete_field("users"),
            "organisation": autocomplete_field("organisations"),
            "convention": autocomplete_field("conventions"),
            "action": autocomplete_field("actions", follow={"convention": "convention"}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users()
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["convention"].queryset = Convention.objects.order_by("reference")
        self.fields["action"].queryset = Action.objects.select_related("convention").order_by(
            "convention__reference", "order", "number"
        )
        self.fields["recurrence_until"].help_text = _("Vide : sans fin.")

    def clean(self) -> dict:
        data = super().clean()
        action, convention = data.get("action"), data.get("convention")
        if action and convention and action.convention_id != convention.pk:
            self.add_error("action", _("Cette action appartient à une autre convention."))
        if action and not convention:
            data["convention"] = action.convention
        return data


DUE_CHOICES = [
    ("overdue", _("En retard")),
    ("today", _("Aujourd'hui")),
    ("week", _("Cette semaine")),
    ("later", _("Plus tard")),
]


class TaskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=Task.Status.choices, empty_label=_("Tous")
    )
    due = django_filters.ChoiceFilter(
        label=_("Échéance"), choices=DUE_CHOICES, method="filter_due", empty_label=_("Toutes")
    )
    # An autocomplete: the people grow with the data (the text shown rides in the URL).
    assignee = django_filters.CharFilter(
        label=_("Attribuée à"),
        method="filter_assignee",
        widget=AutocompleteFilterWidget("users"),
    )
    organisation = django_filters.NumberFilter(widget=forms.HiddenInput)
    convention = django_filters.NumberFilter(widget=forms.HiddenInput)
    action = django_filters.NumberFilter(widget=forms.HiddenInput)
    q = django_filters.CharFilter(
        label=_("Rechercher"), field_name="title", lookup_expr="icontains"
    )

    class Meta:
        model = Task
        fields = ["status", "due", "assignee", "organisation", "convention", "action", "q"]

    def __init__(self, *args: object, user: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Whose list it is: the request's user, or an export job's requester.
        self.user = user if user is not None else getattr(self.request, "user", None)
        for f in self.form.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs["class"] = css

    def filter_assignee(self, queryset: object, name: str, value: str) -> object:
        # "me": the dashboard's link to my own tasks.
        if value == "me" and self.user is not None:
            return queryset.filter(assignee=self.user)
        return filter_by("users", queryset, "assignee", value)

    def filter_due(self, queryset: object, name: str, value: str) -> object:
        today = timezone.localdate()
        week_end = today + dt.timedelta(days=6)
        if value == "overdue":
            return queryset.filter(due_on__lt=today)
        if value == "today":
            return queryset.filter(due_on=today)
        if value == "week":
            return queryset.filter(due_on__gte=today, due_on__lte=week_end)
        if value == "later":
            return queryset.filter(due_on__gt=week_end)
        return queryset


# The list's order, soonest first (served by the task_*_keyset indexes); its export's too.
TASK_ORDER = ("due_on", "due_time", "pk")


def task_filter(params: QueryDict, user: object) -> tuple[TaskFilter, str]:
    """The task list of `user` as `params` ask: their own tasks (default) or the team's, the
    open ones unless a status is chosen; and which of the two scopes it is."""
    scope = "team" if params.get("scope") == "team" else "mine"
    tasks = Task.objects.select_related("assignee", "organisation", "convention", "action")
    if scope == "mine":
        tasks = tasks.filter(assignee=user)
    data = params.copy()
    if "status" not in data:
        data["status"] = Task.Status.OPEN
    return TaskFilter(data, queryset=tasks, user=user), scope


class PreferenceForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["digest_enabled", "digest_time"]
        widgets = {"digest_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

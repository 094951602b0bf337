"""The actions list as a CSV or XLSX file: the rows the list's filters select (registered with
partners' exports in actions/apps.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.forms import ActionFilterForm
from actions.models import Action
from actions.views import filter_actions, list_query
from partners.export_kinds import ExportKind
from partners.exports import day


def actions_of(params: QueryDict, user: object) -> QuerySet:
    """What the list shows `user` for `params` ("mes actions" are theirs), in its order,
    with its default (the actions still to do) when no status is chosen."""
    form = ActionFilterForm(list_query(params))
    data = form.cleaned_data if form.is_valid() else {}
    queryset = Action.objects.select_related(
        "convention", "axis", "lead_party__organisation", "owner_user", "owner_contact"
    )
    return filter_actions(queryset, data, user)


def action_rows(actions: Iterable[Action]) -> tuple[list, Iterable]:
    header = [
        _("Convention"), _("N°"), _("Intitulé"), _("Axe"), _("Partie pilote"), _("Responsable"),
        _("Début"), _("Échéance"), _("Statut"), _("En retard"), _("Avancement (%)"),
        _("Réalisée le"),
    ]  # fmt: skip
    today = timezone.localdate()

    def rows() -> Iterable[list]:
        for action in actions:
            lead = action.lead_party.organisation.name if action.lead_party else ""
            yield [
                action.convention.reference, action.number, action.title,
                str(action.axis) if action.axis else "", lead, action.owner_display,
                day(action.starts_on), day(action.due_on), action.get_status_display(),
                _("oui") if action.is_late(today) else _("non"), action.progress,
                day(action.completed_on),
            ]  # fmt: skip

    return header, rows()


KIND = ExportKind(
    name="actions",
    label=gettext_lazy("Actions"),
    filename="actions",
    rows=actions_of,
    table=action_rows,
)

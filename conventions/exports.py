"""The conventions list as a CSV or XLSX file: the rows the list's filters select, every column
a relationship manager works on (registered with partners' exports in conventions/apps.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conventions.forms import ConventionFilterForm
from conventions.models import Convention
from conventions.views import PARTIES, filter_conventions
from partners.export_kinds import ExportKind
from partners.exports import amount, day, person


def conventions_of(params: QueryDict, user: object) -> QuerySet:
    """What the list shows `user` for `params`, in its order."""
    form = ConventionFilterForm(params or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = Convention.objects.select_related(
        "programme", "owner", "coordinator", "parent"
    ).prefetch_related(Prefetch("parties", queryset=PARTIES))
    return filter_conventions(queryset, data, user)


def convention_rows(conventions: Iterable[Convention]) -> tuple[list, Iterable]:
    header = [
        _("Référence"), _("Intitulé"), _("Nature"), _("Statut"), _("Programme"),
        _("Convention modifiée"), _("Parties"), _("Montant (€)"), _("Signée le"),
        _("Prend effet le"), _("Prend fin le"), _("Reconduction tacite"), _("Préavis (jours)"),
        _("Date limite de préavis"), _("Chargé·e de relations"), _("Coordinateur·rice"),
    ]  # fmt: skip

    def rows() -> Iterable[list]:
        for convention in conventions:
            parties = "; ".join(
                f"{p.organisation.name} ({p.get_role_display()})" for p in convention.parties.all()
            )
            yield [
                convention.reference, convention.title, convention.get_kind_display(),
                convention.get_status_display(),
                convention.programme.name if convention.programme else "",
                convention.parent.reference if convention.parent else "", parties,
                amount(convention.amount), day(convention.signed_on), day(convention.starts_on),
                day(convention.ends_on), _("oui") if convention.tacit_renewal else _("non"),
                convention.notice_days, day(convention.notice_deadline),
                person(convention.owner), person(convention.coordinator),
            ]  # fmt: skip

    return header, rows()


KIND = ExportKind(
    name="conventions",
    label=gettext_lazy("Conventions"),
    filename="conventions",
    rows=conventions_of,
    table=convention_rows,
)

"""What providers sold: one provider's buyers, a network's members and their buyers, per year.

The provider's view reads the lines linked to it; the network's, the lines of the providers
that were its members in the line's year (a membership without dates counts every year).
Each view is a fixed number of grouped queries whatever the number of lines: the years,
then, for one year, its buyers (and, for a network, its members), the largest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from core.formats import french_number
from partners.models import Organisation, Relationship
from purchases.figures import ZERO, Part, YearFigures, chosen, share, years_of
from purchases.models import Purchase

# Buyers or members listed by name for the chosen year; the rest are summed as "others".
SHOWN = 20


@dataclass
class SalesFigures:
    """A provider's or a network's sales: its years, and one year's buyers and members."""

    subject: Organisation
    years: list[YearFigures]
    selected: YearFigures | None = None
    buyers: list[Part] = field(default_factory=list)
    providers: list[Part] = field(default_factory=list)


def member_lines(network: Organisation) -> QuerySet:
    """The purchase lines of the providers that were members of `network` that year."""
    memberships = Relationship.objects.filter(
        source=OuterRef("supplier"), kind=Relationship.Kind.MEMBER_OF, target=network
    ).filter(
        Q(starts_on__isnull=True) | Q(starts_on__year__lte=OuterRef("year")),
        Q(ends_on__isnull=True) | Q(ends_on__year__gte=OuterRef("year")),
    )
    return Purchase.objects.filter(Exists(memberships))


def ranked(lines: QuerySet, field_name: str, year: YearFigures, url_name: str) -> list[Part]:
    """The organisations of `field_name` ("buyer", "supplier") by amount, the largest
    `SHOWN` by name and the rest summed; each links to its page of `url_name`."""
    rows = list(
        lines.exclude(**{f"{field_name}__isnull": True})
        .values(field_name)
        .annotate(
            amount=Sum("amount_ht"),
            org_name=Max(f"{field_name}__name"),
            org_acronym=Max(f"{field_name}__acronym"),
            org_kind=Max(f"{field_name}__kind"),
        )
        .order_by("-amount", field_name)[: SHOWN + 1]
    )
    parts = []
    for row in rows[:SHOWN]:
        name, acronym, kind = row["org_name"], row["org_acronym"], row["org_kind"]
        label = f"{name} ({acronym})" if acronym else name
        note = str(Organisation.Kind(kind).label) if kind in Organisation.Kind.values else ""
        url = reverse(url_name, args=[row[field_name]])
        parts.append(Part(label, row["amount"], share(row["amount"], year.total), url, note))
    if len(rows) > SHOWN:
        count = lines.values(field_name).distinct().count() - SHOWN
        others = year.total - sum((part.amount for part in parts), ZERO)
        label = _("%(count)s autres") % {"count": french_number(count)}
        parts.append(Part(label, others, share(others, year.total)))
    return parts


def provider_figures(provider: Organisation, year: int | None = None) -> SalesFigures:
    """What `provider` sold, year by year, and to whom in `year` (the latest by default)."""
    lines = Purchase.objects.filter(supplier=provider)
    figures = SalesFigures(subject=provider, years=years_of(lines))
    figures.selected = chosen(figures.years, year)
    if figures.selected is not None:
        of_year = lines.filter(year=figures.selected.year)
        figures.buyers = ranked(of_year, "buyer", figures.selected, "purchases:buyer_purchases")
    return figures


def network_figures(network: Organisation, year: int | None = None) -> SalesFigures:
    """What the members of `network` sold, year by year; in `year`, by member and buyer."""
    lines = member_lines(network)
    figures = SalesFigures(subject=network, years=years_of(lines))
    figures.selected = chosen(figures.years, year)
    if figures.selected is not None:
        of_year = lines.filter(year=figures.selected.year)
        figures.providers = ranked(
            of_year, "supplier", figures.selected, "purchases:provider_sales"
        )
        figures.buyers = ranked(of_year, "buyer", figures.selected, "purchases:buyer_purchases")
    return figures


def sales_export_rows(figures: SalesFigures) -> tuple[list[str], list[list]]:
    """The sales as a long table a spreadsheet pivots: every year's total, lines and reserved
    markets, then the chosen year's buyers (and, for a network, its members), French numbers."""
    header = [_("Année"), _("Rubrique"), _("Libellé"), _("Valeur"), _("Unité"),
              _("Part des ventes de l'année (%)")]  # fmt: skip
    money = _("€ HT")

    def number(value, places: int = 2) -> str:
        return "" if value is None else f"{value:.{places}f}".replace(".", ",")

    rows: list[list] = []
    for year in figures.years:
        rows.append([year.year, _("Ventes"), _("Total"), number(year.total), money, "100,0"])
        rows.append([year.year, _("Ventes"), _("Achats enregistrés"), year.lines, _("lignes"), ""])
        rows.append([year.year, _("Ventes"), _("Dont marchés réservés"),
                     number(year.reserved_total), money,
                     number(share(year.reserved_total, year.total), 1)])  # fmt: skip
    if figures.selected is not None:
        for heading, parts in ((_("Prestataire membre"), figures.providers),
                               (_("Acheteur"), figures.buyers)):  # fmt: skip
            for part in parts:
                rows.append([figures.selected.year, heading, part.label, number(part.amount),
                             money, number(part.share, 1)])  # fmt: skip
    return header, rows

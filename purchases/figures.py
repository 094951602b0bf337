"""A buyer's purchasing figures: volume per year, by sector, trade, provider and reserved market.

Read in a fixed number of grouped queries whatever the number of lines (three, served by
the `purchase_buyer_order` index): the years with their sectors and reserved markets, then
for one year its trades and its largest providers. The page, its CSV export and its charts
read the same `BuyerFigures`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, Count, Max, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _

from core.formats import NARROW_NBSP, euros, french_number
from partners.models import Organisation
from partners.validators import format_siret
from purchases.models import Purchase, Sector

ZERO = Decimal("0.00")
# Providers listed by name for the chosen year; the rest are summed as "others".
PROVIDERS_SHOWN = 20


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a percentage of `whole`, one decimal; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent_text(value: Decimal | None, signed: bool = False) -> str:
    """12.5 -> '12,5 %'; signed: '+12,5 %', '−3,0 %'; None -> '—'."""
    if value is None:
        return "—"
    text = f"{abs(value):.1f}".replace(".", ",")
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}{text}{NARROW_NBSP}%"


@dataclass
class YearFigures:
    """One year of a buyer's purchases."""

    year: int
    total: Decimal = ZERO
    lines: int = 0
    sectors: dict[str, Decimal] = field(default_factory=dict)
    reserved: dict[str, Decimal] = field(default_factory=dict)
    hours: Decimal = ZERO
    previous_total: Decimal | None = None

    def sector(self, sector: str) -> Decimal:
        return self.sectors.get(sector, ZERO)

    @property
    def stpa(self) -> Decimal:
        return self.sector(Sector.STPA)

    @property
    def siae(self) -> Decimal:
        return self.sector(Sector.SIAE)

    @property
    def other(self) -> Decimal:
        return self.sector(Sector.OTHER)

    @property
    def stpa_share(self) -> Decimal | None:
        return share(self.stpa, self.total)

    @property
    def siae_share(self) -> Decimal | None:
        return share(self.siae, self.total)

    @property
    def reserved_stpa(self) -> Decimal:
        return self.reserved.get(Purchase.ReservedMarket.STPA, ZERO)

    @property
    def reserved_siae(self) -> Decimal:
        return self.reserved.get(Purchase.ReservedMarket.SIAE, ZERO)

    @property
    def reserved_total(self) -> Decimal:
        return self.reserved_stpa + self.reserved_siae

    @property
    def change(self) -> Decimal | None:
        """The change from the year before, in %, when that year had purchases."""
        if not self.previous_total:
            return None
        return share(self.total - self.previous_total, self.previous_total)


@dataclass(frozen=True)
class Part:
    """One line of a breakdown: a trade, a provider, a reserved market."""

    label: str
    amount: Decimal
    share: Decimal | None
    url: str = ""
    note: str = ""


@dataclass
class BuyerFigures:
    buyer: Organisation
    years: list[YearFigures]
    selected: YearFigures | None = None
    trades: list[Part] = field(default_factory=list)
    providers: list[Part] = field(default_factory=list)
    providers_count: int = 0

    @property
    def reserved(self) -> list[Part]:
        """The chosen year's amounts by reserved market, none included."""
        parts = []
        if self.selected is not None:
            for value, label in Purchase.ReservedMarket.choices:
                amount = self.selected.reserved.get(value, ZERO)
                parts.append(Part(str(label), amount, share(amount, self.selected.total)))
        return parts

    @property
    def sectors(self) -> list[Part]:
        """The chosen year's amounts by sector: STPA, SIAE, others."""
        parts = []
        if self.selected is not None:
            for value, label in Sector.choices:
                amount = self.selected.sector(value)
                parts.append(Part(str(label), amount, share(amount, self.selected.total)))
        return parts


def years_of(lines: QuerySet) -> list[YearFigures]:
    """The years of these purchase lines, oldest first: one grouped query."""
    rows = (
        lines.with_sector()
        .values("year", "sector", "reserved_market")
        .annotate(amount=Sum("amount_ht"), hours=Sum("insertion_hours"), lines=Count("pk"))
        .order_by("year")
    )
    years: dict[int, YearFigures] = {}
    for row in rows:
        figures = years.setdefault(row["year"], YearFigures(row["year"]))
        amount = row["amount"] or ZERO
        figures.total += amount
        figures.lines += row["lines"]
        figures.hours += row["hours"] or ZERO
        figures.sectors[row["sector"]] = figures.sector(row["sector"]) + amount
        market = row["reserved_market"]
        figures.reserved[market] = figures.reserved.get(market, ZERO) + amount
    for year, figures in years.items():
        if year - 1 in years:
            figures.previous_total = years[year - 1].total
    return list(years.values())


def _trades(buyer: Organisation, year: YearFigures) -> list[Part]:
    rows = (
        Purchase.objects.filter(buyer=buyer, year=year.year)
        .values("trade_id", "trade__name")
        .annotate(amount=Sum("amount_ht"))
        .order_by("-amount", "trade__name")
    )
    return [
        Part(row["trade__name"] or _("Métier non renseigné"), row["amount"],
             share(row["amount"], year.total))
        for row in rows
    ]  # fmt: skip


def _provider_key() -> Coalesce:
    # A linked provider is one, whatever SIRET of its establishments the lines carry.
    return Coalesce(
        Concat(Value("o"), Cast("supplier_id", CharField())),
        Concat(Value("s"), "supplier_siret"),
        output_field=CharField(),
    )


def _providers(buyer: Organisation, year: YearFigures) -> tuple[list[Part], int]:
    lines = Purchase.objects.filter(buyer=buyer, year=year.year).annotate(key=_provider_key())
    rows = list(
        lines.values("key")
        .annotate(
            amount=Sum("amount_ht"),
            provider=Max("supplier_id"),
            provider_name=Max("supplier__name"),
            provider_acronym=Max("supplier__acronym"),
            provider_kind=Max("supplier__kind"),
            written=Max("supplier_name"),
            siret=Max("supplier_siret"),
        )
        .order_by("-amount", "key")[: PROVIDERS_SHOWN + 1]
    )
    count = len(rows)
    if count > PROVIDERS_SHOWN:
        count = lines.values("key").distinct().count()
    parts = []
    for row in rows[:PROVIDERS_SHOWN]:
        if row["provider"] is not None:
            name, acronym = row["provider_name"], row["provider_acronym"]
            name = f"{name} ({acronym})" if acronym else name
            kind = row["provider_kind"]
            kind = str(Organisation.Kind(kind).label) if kind in Organisation.Kind.values else ""
            url = Organisation(pk=row["provider"]).get_absolute_url()
        else:
            name = row["written"] or format_siret(row["siret"])
            kind, url = _("non relié à une organisation"), ""
        parts.append(Part(name, row["amount"], share(row["amount"], year.total), url, kind))
    shown = sum((part.amount for part in parts), ZERO)
    if count > PROVIDERS_SHOWN:
        others = year.total - shown
        label = _("%(count)s autres prestataires") % {"count": french_number(count - len(parts))}
        parts.append(Part(label, others, share(others, year.total)))
    return parts, count


def chosen(years: list[YearFigures], year: int | None) -> YearFigures | None:
    """`year` among `years`, else the latest; None when there is none."""
    by_year = {y.year: y for y in years}
    return by_year.get(year) or (years[-1] if years else None)


def buyer_figures(buyer: Organisation, year: int | None = None) -> BuyerFigures:
    """The buyer's years, and the details of `year` (the latest when not given or unknown)."""
    years = years_of(Purchase.objects.filter(buyer=buyer))
    figures = BuyerFigures(buyer=buyer, years=years)
    figures.selected = chosen(years, year)
    if figures.selected is None:
        return figures
    figures.trades = _trades(buyer, figures.selected)
    figures.providers, figures.providers_count = _providers(buyer, figures.selected)
    return figures


def trades_by_year(buyer: Organisation) -> dict[int, list[Part]]:
    """Every year's trades (for the export), in one grouped query."""
    totals = {}
    rows = list(
        Purchase.objects.filter(buyer=buyer)
        .values("year", "trade_id", "trade__name")
        .annotate(amount=Sum("amount_ht"))
        .order_by("year", "-amount", "trade__name")
    )
    for row in rows:
        totals[row["year"]] = totals.get(row["year"], ZERO) + row["amount"]
    found: dict[int, list[Part]] = {}
    for row in rows:
        label = row["trade__name"] or _("Métier non renseigné")
        part = Part(label, row["amount"], share(row["amount"], totals[row["year"]]))
        found.setdefault(row["year"], []).append(part)
    return found


def export_rows(
    figures: BuyerFigures, trades: dict[int, list[Part]]
) -> tuple[list[str], list[list[str]]]:
    """The figures as a long table a spreadsheet pivots: one value per line, French numbers.

    Every year's volume, sectors, reserved markets, insertion hours and trades (`trades`,
    from `trades_by_year`); the providers of the chosen year.
    """
    header = [_("Année"), _("Rubrique"), _("Libellé"), _("Valeur"), _("Unité"),
              _("Part du volume de l'année (%)")]  # fmt: skip

    def number(value: Decimal | None, places: int = 2) -> str:
        # Fixed places: SQLite's sums come back without their column's scale (1234.5).
        return "" if value is None else f"{Decimal(value):.{places}f}".replace(".", ",")

    rows = []
    for year in figures.years:
        money = _("€ HT")
        rows.append([year.year, _("Volume"), _("Total"), number(year.total), money, "100,0"])
        for value, label in Sector.choices:
            amount = year.sector(value)
            rows.append([year.year, _("Secteur"), label, number(amount), money,
                         number(share(amount, year.total), 1)])  # fmt: skip
        for value, label in Purchase.ReservedMarket.choices:
            amount = year.reserved.get(value, ZERO)
            rows.append([year.year, _("Marché réservé"), label, number(amount), money,
                         number(share(amount, year.total), 1)])  # fmt: skip
        rows.append([year.year, _("Clause sociale"), _("Heures d'insertion"), number(year.hours),
                     _("heures"), ""])  # fmt: skip
        for part in trades.get(year.year, []):
            rows.append([year.year, _("Métier"), part.label, number(part.amount), money,
                         number(part.share, 1)])  # fmt: skip
    if figures.selected is not None:
        money = _("€ HT")
        for part in figures.providers:
            rows.append([figures.selected.year, _("Prestataire"), part.label, number(part.amount),
                         money, number(part.share, 1)])  # fmt: skip
    return header, rows


def amount_text(value: Decimal) -> str:
    return euros(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))

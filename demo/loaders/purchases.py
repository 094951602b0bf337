"""Loaders for the purchase lines of `demo.data.purchases`.

A buyer's year is loaded whole or not at all: when the buyer already has lines that year,
nothing is added, so loading twice changes nothing. The lines of a year go in at once, each
validated, with its creation history signed by the demo's administrator.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from demo.data.purchases import (
    LA_POSTE_2024,
    LA_POSTE_YEAR,
    METROPOLE_CONTRACTS,
    METROPOLE_OPEN_CONTRACTS,
    METROPOLE_SIAE,
    METROPOLE_STPA,
    PARIS_2010,
    PARIS_YEAR,
)
from demo.loaders.state import REASON, Demo
from partners.models import Organisation, Trade
from purchases.models import Purchase

CENT = Decimal("0.01")


def split(total: Decimal, parts: int, weights: list[int] | None = None) -> list[Decimal]:
    """`total` in `parts` amounts to the cent (by `weights`), the last taking the rest."""
    weights = weights or [1] * parts
    amounts = [(total * w / sum(weights)).quantize(CENT) for w in weights[:-1]]
    return [*amounts, total - sum(amounts, Decimal(0))]


def _line(buyer: Organisation, supplier: Organisation, on: dt.date, amount: Decimal,
          trade: Trade, reference: str, **fields: object) -> Purchase:  # fmt: skip
    return Purchase(
        buyer=buyer, supplier=supplier, supplier_siret=supplier.siret, supplier_name=supplier.name,
        date=on, year=on.year, amount_ht=amount, trade=trade, contract_reference=reference,
        source=Purchase.Source.IMPORT, **fields,
    )  # fmt: skip


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _paris(demo: Demo, trades: dict[str, Trade]) -> list[Purchase]:
    paris = demo.orgs["paris"]
    lines = []
    for number, (trade, provider, total, count, reserved) in enumerate(PARIS_2010, 1):
        months = [1 + (12 * n) // count for n in range(count)]
        for index, (month, amount) in enumerate(zip(months, split(total, count), strict=True)):
            lines.append(_line(
                paris, demo.orgs[provider], _month_end(PARIS_YEAR, month), amount, trades[trade],
                f"VDP-{PARIS_YEAR}-{number:02d}-{index + 1:02d}",
                contract_kind="supply" if trade in ("Fournitures de bureau", "Produits d'entretien")
                else "service",
                reserved_market="L2113-12" if reserved else "none",
            ))  # fmt: skip
    return lines


def _metropole_year(demo: Demo, trades: dict[str, Trade], year: int) -> list[Purchase]:
    """A year's contracts with ESAT and EA (its reserved ones first), billed quarterly,
    then those with insertion structures."""
    metropole = demo.orgs["amp"]
    total, reserved = METROPOLE_STPA[year]
    count = reserved + METROPOLE_OPEN_CONTRACTS
    lines = []
    for index, amount in enumerate(split(total, count, list(range(count + 4, 4, -1)))):
        provider, trade, kind = METROPOLE_CONTRACTS[(index + year) % len(METROPOLE_CONTRACTS)]
        for quarter, part in enumerate(split(amount, 4), 1):
            lines.append(_line(
                metropole, demo.orgs[provider], _month_end(year, 3 * quarter), part, trades[trade],
                f"AMP-{year}-{index + 1:03d}", contract_kind=kind,
                reserved_market="L2113-12" if index < reserved else "none",
            ))  # fmt: skip
    for index, (provider, trade, amount, hours) in enumerate(METROPOLE_SIAE.get(year, ()), 1):
        lines.append(_line(
            metropole, demo.orgs[provider], dt.date(year, 12, 15), amount, trades[trade],
            f"AMP-{year}-IAE-{index:02d}", contract_kind="service", reserved_market="L2113-13",
            insertion_hours=Decimal(hours),
        ))  # fmt: skip
    return lines


def _la_poste(demo: Demo, trades: dict[str, Trade]) -> list[Purchase]:
    return [
        _line(
            demo.orgs["laposte"], demo.orgs[provider], dt.date.fromisoformat(on),
            Decimal(amount), trades[trade], reference,
            labour_cost=None if labour is None else Decimal(labour),
            contract_kind="staff" if provider.startswith("EATT") else "service",
        )
        for provider, on, amount, labour, trade, reference in LA_POSTE_2024
    ]  # fmt: skip


def _write(demo: Demo, buyer: Organisation, year: int, lines: list[Purchase]) -> None:
    if Purchase.objects.filter(buyer=buyer, year=year).exists():
        return
    for line in lines:
        # Buyer, supplier and trade are the demo's own rows: no query to check them.
        line.full_clean(exclude=["buyer", "supplier", "trade"], validate_constraints=False)
    bulk_create_with_history(lines, Purchase, default_user=demo.admin, default_change_reason=REASON)
    demo.created[str(Purchase._meta.verbose_name_plural)] += len(lines)


def load_purchases(demo: Demo) -> None:
    names = {trade for _t, trade, *_rest in METROPOLE_CONTRACTS}
    names |= {trade for trade, *_rest in PARIS_2010}
    names |= {trade for rows in METROPOLE_SIAE.values() for _p, trade, *_rest in rows}
    names |= {trade for *_head, trade, _reference in LA_POSTE_2024}
    trades = {t.name: t for t in Trade.objects.filter(name__in=names)}
    _write(demo, demo.orgs["paris"], PARIS_YEAR, _paris(demo, trades))
    for year in METROPOLE_STPA:
        _write(demo, demo.orgs["amp"], year, _metropole_year(demo, trades, year))
    _write(demo, demo.orgs["laposte"], LA_POSTE_YEAR, _la_poste(demo, trades))

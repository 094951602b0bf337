"""Purchase extracts built in memory, as a French spreadsheet writes them."""

from __future__ import annotations

import csv
import datetime as dt
import io

from tests.factories import valid_siret

HEADER = ["Date", "SIRET fournisseur", "Fournisseur", "Montant HT", "Coût main-d'œuvre",
          "Métier", "N° facture", "Marché réservé"]  # fmt: skip
SUPPLIERS = 20


def supplier_siret(n: int) -> str:
    return valid_siret(70_000 + n % SUPPLIERS)


def purchase_rows(count: int, bad: dict[int, tuple[str, str]] | None = None) -> list[list[str]]:
    """`count` valid lines of 2024; `bad` maps a 0-based line to (column, bad value)."""
    rows = []
    start = dt.date(2024, 1, 1)
    for n in range(count):
        siret = supplier_siret(n)
        amount = 100 + (n * 37) % 9_000
        row = {
            "Date": f"{start + dt.timedelta(days=n % 366):%d/%m/%Y}",
            "SIRET fournisseur": f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}",
            "Fournisseur": f"Fournisseur {n % SUPPLIERS}",
            "Montant HT": f"{amount:,}".replace(",", "\u00a0") + ",50",
            "Coût main-d'œuvre": f"{amount // 2},25" if n % 3 else "",
            "Métier": "Blanchisserie" if n % 2 else "Espaces verts",
            "N° facture": f"FAC-2024-{n:05d}",
            "Marché réservé": "L2113-12" if n % 5 == 0 else "non",
        }
        if bad and n in bad:
            column, value = bad[n]
            row[column] = value
        rows.append([row[h] for h in HEADER])
    return rows


def as_csv(rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)

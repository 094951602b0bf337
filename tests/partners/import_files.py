"""Import files built in memory, for the import tests and the import benchmark."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from tests.factories import valid_siret

HEADER = ["Raison sociale", "Sigle", "Type", "SIRET", "Code postal", "Commune", "Département",
          "Métiers", "Effectif", "Courriel"]  # fmt: skip


def organisation_rows(count: int, bad: dict[int, tuple[str, str]] | None = None) -> list[list]:
    """`count` valid rows; `bad` maps a 0-based row index to (column, bad value)."""
    rows = []
    for n in range(count):
        siret = valid_siret(50_000 + n)
        row = {
            "Raison sociale": f"ESAT importé {n}", "Sigle": "", "Type": "ESAT" if n % 2 else "EA",
            "SIRET": f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}", "Code postal": "13001",
            "Commune": "Marseille", "Département": "13", "Métiers": "Blanchisserie|Espaces verts",
            "Effectif": str(10 + n % 50), "Courriel": f"contact{n}@esat-import.example.org",
        }  # fmt: skip
        if bad and n in bad:
            column, value = bad[n]
            row[column] = value
        rows.append([row[h] for h in HEADER])
    return rows


def as_csv(rows: list[list], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(rows: list[list], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

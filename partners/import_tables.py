"""Reading an uploaded CSV or XLSX file as rows keyed by column name, as French spreadsheets
write them (UTF-8 or Windows-1252, `;` `,` or tab, numbers and dates typed in cells)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.text import normalize
from partners.import_kinds import Column

MAX_ROWS = 100_000


class ImportFileError(Exception):
    """The file cannot be read as a table (wrong format, no header, too long)."""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets store a SIRET typed as a number as a float.
        value = int(value)
    elif isinstance(value, dt.datetime | dt.date):
        # A date cell, as a French spreadsheet shows it (a datetime's midnight dropped).
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _header_key(text: str) -> str:
    """ "Montant HT (€)" -> "montant_ht", "Coût main-d'œuvre" -> "cout_main_d_oeuvre"."""
    return re.sub(r"[^a-z0-9]+", "_", normalize(text)).strip("_")


def _decode(content: bytes) -> str:
    # Spreadsheets save CSV as UTF-8 (with or without its BOM) or as Windows-1252.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("Encodage illisible : enregistrez le fichier en CSV UTF-8."))


def read_headed_table(
    filename: str, content: bytes, columns: tuple[Column, ...] = ()
) -> tuple[list[str], list[dict[str, str]]]:
    """The first line as written, and the rows as dicts keyed by column name.

    A header is normalised (case, accents, spaces) then, when it is one of a column's
    aliases, named after that column; a second header naming the same column is ignored.
    """
    if filename.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a damaged file
            raise ImportFileError(_("Ce fichier XLSX est illisible.")) from error
        sheet = workbook.worksheets[0]
        table = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    elif filename.lower().endswith(".csv"):
        text = _decode(content)
        first_line = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=first_line.count)
        table = [
            [_cell(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    else:
        raise ImportFileError(_("Seuls les fichiers .csv et .xlsx sont acceptés."))
    if not table or not any(table[0]):
        raise ImportFileError(_("Le fichier est vide ou sa première ligne n'a pas d'en-têtes."))
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(
            _("Le fichier compte plus de %(max)s lignes : découpez-le.")
            % {"max": f"{MAX_ROWS:,}".replace(",", "\u00a0")}
        )
    aliases = {alias: c.name for c in columns for alias in c.aliases}
    header: list[str] = []
    for key in (_header_key(h) for h in table[0]):
        key = aliases.get(key, key)
        # Out of every column's way: `column_mapping` reports it as ignored.
        header.append(f"{key}#{len(header)}" if key in header else key)
    return table[0], [dict(zip(header, row, strict=False)) for row in table[1:]]


def read_table(
    filename: str, content: bytes, columns: tuple[Column, ...] = ()
) -> list[dict[str, str]]:
    """The rows of a CSV or XLSX file as dicts keyed by column name."""
    return read_headed_table(filename, content, columns)[1]


def column_mapping(headers: list[str], columns: tuple[Column, ...]) -> list[tuple[str, str]]:
    """Each header of the file and the column it was read as ("" when it is ignored)."""
    names = {c.name for c in columns}
    aliases = {alias: c.name for c in columns for alias in c.aliases}
    mapping, seen = [], set()
    for header in headers:
        key = _header_key(header)
        name = aliases.get(key, key)
        mapping.append((header, name if name in names and name not in seen else ""))
        seen.add(name)
    return mapping

"""CSV and XLSX exports of filtered lists, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.privacy import log_export
from partners.models import Contact, Organisation

# A spreadsheet runs a cell beginning with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FORMATS = ("csv", "xlsx")
CHUNK = 500


def neutralise(value: object) -> str:
    """The cell as text, with a leading quote when a spreadsheet would read a formula."""
    text = "" if value is None else str(value)
    # Spreadsheets skip leading spaces and line breaks before reading "=…" as a formula.
    return f"'{text}" if text.lstrip(" \n\r\t\v\f").startswith(FORMULA_TRIGGERS) else text


def organisation_rows(organisations: Iterable[Organisation]) -> tuple[list, Iterable]:
    header = [
        _("Raison sociale"), _("Sigle"), _("Type"), _("Statut"), _("SIRET"), _("Adresse"),
        _("Code postal"), _("Commune"), _("Département"), _("Région"), _("Métiers"),
        _("Effectif"), _("Courriel"), _("Téléphone"), _("Site web"), _("Chargé·e de relations"),
    ]  # fmt: skip

    def rows() -> Iterable[list]:
        for org in organisations:
            yield [
                org.name, org.acronym, org.get_kind_display(), org.get_status_display(),
                org.siret, org.address, org.postal_code, org.city,
                org.department.code if org.department else "",
                org.region.name if org.region else "",
                ", ".join(t.name for t in org.trades.all()),
                org.workforce if org.workforce is not None else "",
                org.email, org.phone, org.website,
                org.owner.get_full_name() if org.owner else "",
            ]  # fmt: skip

    return header, rows()


def contact_rows(contacts: Iterable[Contact]) -> tuple[list, Iterable]:
    header = [
        _("Civilité"), _("Prénom"), _("Nom"), _("Courriel"), _("Téléphone"),
        _("Accepte les courriels"), _("Fonctions"),
    ]  # fmt: skip

    def rows() -> Iterable[list]:
        for contact in contacts:
            roles = "; ".join(
                f"{a.role_title}, {a.organisation.name}" for a in contact.affiliations.all()
            )
            yield [
                contact.get_civility_display() if contact.civility else "",
                contact.first_name, contact.last_name, contact.email, contact.phone,
                _("oui") if contact.email_consent else _("non"), roles,
            ]  # fmt: skip

    return header, rows()


def export_response(
    fmt: str, name: str, header: Sequence, rows: Iterable[Sequence], *, user: object = None
) -> HttpResponse:
    """A downloadable file of `rows`, every cell neutralised; logged as `user`'s export."""
    rows = _Counted(rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{name}-{stamp}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        # Semicolons and a BOM: what French spreadsheet software expects.
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([neutralise(c) for c in header])
        for row in rows:
            writer.writerow([neutralise(c) for c in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        sheet.append([neutralise(c) for c in header])
        for row in rows:
            sheet.append([neutralise(c) for c in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never kept by a shared or browser cache.
    add_never_cache_headers(response)
    log_export(user=user, what=f"{name} ({fmt})", count=rows.count)
    return response


class _Counted:
    """The rows, counted as they are written (no COUNT query for the export log)."""

    def __init__(self, rows: Iterable[Sequence]) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row

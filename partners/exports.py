"""CSV and XLSX exports of filtered lists, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, BinaryIO

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from core.jobs import PROGRESS_EVERY
from core.privacy import log_export
from partners.export_kinds import ExportKind, registry
from partners.filters import ContactFilter, InteractionFilter, OrganisationFilter, ProviderFilter
from partners.models import Affiliation, Contact, Interaction, Organisation

# A spreadsheet runs a cell beginning with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FORMATS = ("csv", "xlsx")
CHUNK = 500
# A list longer than this is exported by a job (partners/datajobs.py), not in the request.
DIRECT_LIMIT = 2_000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value: object) -> str:
    """The cell as text, with a leading quote when a spreadsheet would read a formula."""
    text = "" if value is None else str(value)
    # Spreadsheets skip leading spaces and line breaks before reading "=…" as a formula.
    return f"'{text}" if text.lstrip(" \n\r\t\v\f").startswith(FORMULA_TRIGGERS) else text


def day(value: dt.date | dt.datetime | None) -> str:
    """A date as French readers write it, "08/12/2026"; a moment in local time, "08/12/2026 09:30"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    return f"{value:%d/%m/%Y}"


def amount(value: Decimal | None) -> str:
    """An exact amount with a decimal comma and no thousands separator, "1234,50", as a French
    spreadsheet reads a number (the purchases' export writes them so too)."""
    return "" if value is None else str(value).replace(".", ",")


def person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


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


def write_table(
    fmt: str,
    name: str,
    header: Sequence,
    rows: Iterable[Sequence],
    stream: BinaryIO,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write `rows` as CSV or XLSX to `stream`, every cell neutralised; how many rows."""
    count = 0

    def neutralised() -> Iterable[list[str]]:
        nonlocal count
        for row in rows:
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
            yield [neutralise(c) for c in row]

    if fmt == "csv":
        # Semicolons and a BOM: what French spreadsheet software expects.
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, delimiter=";")
        writer.writerow([neutralise(c) for c in header])
        writer.writerows(neutralised())
        text.flush()
        text.detach()
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        sheet.append([neutralise(c) for c in header])
        for row in neutralised():
            sheet.append(row)
        workbook.save(stream)
    return count


def export_filename(fmt: str, name: str) -> str:
    return f"{name}-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


def never_cached(response: HttpResponse, filename: str) -> HttpResponse:
    """The download headers of an export: an attachment no cache keeps."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never kept by a shared or browser cache.
    add_never_cache_headers(response)
    return response


def export_response(
    fmt: str, name: str, header: Sequence, rows: Iterable[Sequence], *, user: object = None
) -> HttpResponse:
    """A downloadable file of `rows`, every cell neutralised (a short list, in the request);
    logged as `user`'s export."""
    buffer = io.BytesIO()
    count = write_table(fmt, name, header, rows, buffer)
    log_export(user=user, what=f"{name} ({fmt})", count=count)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    return never_cached(response, export_filename(fmt, name))


def interaction_rows(interactions: Iterable[Interaction]) -> tuple[list, Iterable]:
    header = [
        _("Date"), _("Type"), _("Objet"), _("Lieu"), _("Organisations"), _("Contacts"),
        _("Auteur·rice"), _("Compte rendu"),
    ]  # fmt: skip

    def rows() -> Iterable[list]:
        for entry in interactions:
            yield [
                day(entry.occurred_on), entry.get_kind_display(), entry.subject, entry.location,
                ", ".join(o.name for o in entry.organisations.all()),
                ", ".join(str(c) for c in entry.contacts.all()),
                person(entry.author), entry.notes,
            ]  # fmt: skip

    return header, rows()


def organisations_of(params: QueryDict, user: object = None, providers: bool = False) -> QuerySet:
    organisations = Organisation.objects.select_related("department", "owner", "region")
    if providers:
        filterset = ProviderFilter(params, queryset=organisations.providers())
    else:
        filterset = OrganisationFilter(params, queryset=organisations)
    return filterset.qs.prefetch_related("trades")


def contacts_of(params: QueryDict, user: object = None) -> QuerySet:
    current = Affiliation.objects.select_related("organisation").filter(ends_on__isnull=True)
    contacts = Contact.objects.prefetch_related(Prefetch("affiliations", queryset=current))
    return ContactFilter(params, queryset=contacts).qs


def providers_of(params: QueryDict, user: object = None) -> QuerySet:
    return organisations_of(params, user, providers=True)


def interactions_of(params: QueryDict, user: object = None) -> QuerySet:
    """The journal's entries the list shows, newest first, with their organisations and people."""
    entries = Interaction.objects.select_related("author").prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name_normalized")),
        Prefetch("contacts", queryset=Contact.objects.order_by("name_normalized")),
    )
    return InteractionFilter(params, queryset=entries).qs


def register_kinds() -> None:
    """partners' own lists (partners/apps.py); an upper app registers its lists likewise."""
    for name, label, filename, rows, table in [
        ("organisations", gettext_lazy("Organisations"), "organisations", organisations_of,
         organisation_rows),
        ("providers", gettext_lazy("Prestataires"), "prestataires", providers_of,
         organisation_rows),
        ("contacts", gettext_lazy("Contacts"), "contacts", contacts_of, contact_rows),
        ("journal", gettext_lazy("Entrées du journal"), "journal", interactions_of,
         interaction_rows),
    ]:  # fmt: skip
        registry.register(ExportKind(name, label, filename, rows, table))


def export_queryset(subject: str, params: QueryDict, user: object = None) -> QuerySet:
    """The rows a list shows `user` with `params` (its query string), ready to export."""
    return registry.get(subject).rows(params, user)


def export_table(subject: str, queryset: QuerySet) -> tuple[str, Sequence, Iterable]:
    """The file's name, header and rows for `subject`, read in chunks."""
    kind = registry.get(subject)
    return (kind.filename, *kind.table(queryset.iterator(chunk_size=CHUNK)))

"""The import of a buyer's purchases: an accounting or procurement extract, as French
spreadsheets write it, through partners' import machinery (partners/import_kinds.py).

A file is read as partners reads any (CSV with semicolons or commas, UTF-8 with or without
its BOM or Windows-1252, or XLSX; headers in any case, with or without accents, under the
names accounting software gives them). Amounts take a decimal comma and spaces between
thousands ("1 234,56 €"), dates are dd/mm/yyyy. Each bad row is reported with its column
and a French message and nothing is written unless every row is valid. A line already
recorded (same buyer, supplier SIRET, date or year, amount and reference) is skipped, so
the same extract imported twice writes nothing the second time; twice in one file, it is
an error. The write puts every row in by chunks, each with its history entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from core.formats import plain_decimal
from core.models import User
from core.text import normalize
from partners.import_kinds import Column, ImportReport, PendingRow, Progress, RowError
from partners.import_writer import copy_with_history
from partners.importers import errors_from, missing_columns, report_progress
from partners.models import Organisation, Trade
from partners.validators import compact_identifier, validate_siret
from purchases.models import NO_DATE, Purchase
from purchases.suppliers import SupplierIndex

KIND = "purchases"
# Read from the database (buyer, supplier, trade: no query to check them), checked once per
# supplier (the SIRET), or set here (source, version).
UNCHECKED_FIELDS = ("buyer", "supplier", "supplier_siret", "trade", "source", "version")
CHUNK = 1_000
CENT = Decimal("0.01")

COLUMNS = (
    Column("siret_acheteur", gettext_lazy("SIRET de l'acheteur"), False, gettext_lazy(
        "Une organisation enregistrée. Inutile quand l'acheteur de tout le fichier est "
        "choisi à l'import."), "buyer", ("acheteur_siret", "siret_client")),
    Column("siret_fournisseur", gettext_lazy("SIRET du fournisseur"), True, gettext_lazy(
        "14 chiffres, espaces acceptés. Relie l'achat au prestataire qui porte ce SIRET, "
        "sinon ce SIREN."), "supplier_siret",
        ("siret", "fournisseur_siret", "siret_prestataire", "siret_du_fournisseur")),
    Column("fournisseur", gettext_lazy("Fournisseur"), False, gettext_lazy(
        "Son nom sur la pièce, 200 caractères au plus."), "supplier_name",
        ("nom_fournisseur", "raison_sociale_fournisseur", "raison_sociale", "prestataire")),
    Column("date", gettext_lazy("Date"), False, gettext_lazy(
        "jj/mm/aaaa. La date ou l'année est obligatoire."), "date",
        ("date_facture", "date_de_facture", "date_piece", "date_commande", "date_de_commande")),
    Column("annee", gettext_lazy("Année"), False, gettext_lazy(
        "aaaa, pour un total annuel sans date ; déduite de la date sinon."), "year",
        ("exercice", "annee_d_achat")),
    Column("montant_ht", gettext_lazy("Montant HT (€)"), True, gettext_lazy(
        "Virgule décimale, espaces entre les milliers acceptés : 1 234,56."), "amount_ht",
        ("montant", "montant_hors_taxes", "total_ht", "montant_ht_eur", "montant_ht_euros")),
    Column("cout_main_oeuvre", gettext_lazy("Coût de la main-d'œuvre (€)"), False,
        gettext_lazy("Pour l'estimation OETH ; pas plus que le montant HT."), "labour_cost",
        ("cout_main_d_oeuvre", "cout_de_la_main_d_oeuvre", "main_d_oeuvre")),
    Column("metier", gettext_lazy("Métier"), False, gettext_lazy(
        "Un métier connu de Maillage : Blanchisserie, Espaces verts…"), "trade",
        ("activite",)),
    Column("reference", gettext_lazy("Référence"), False, gettext_lazy(
        "Du marché, de la commande ou de la facture, 100 caractères au plus. Sert au "
        "dédoublonnage."), "contract_reference",
        ("reference_marche", "numero_marche", "n_marche", "numero_facture", "n_facture",
         "piece", "numero_piece")),
    Column("nature", gettext_lazy("Nature du contrat"), False, gettext_lazy(
        "fourniture, prestation (ou sous-traitance) ou mise à disposition."), "contract_kind",
        ("nature_contrat", "type_contrat", "type_de_contrat")),
    Column("marche_reserve", gettext_lazy("Marché réservé"), False, gettext_lazy(
        "non (par défaut), L2113-12 (ESAT, EA) ou L2113-13 (SIAE)."), "reserved_market",
        ("reserve", "marche_reserve_article")),
    Column("heures_insertion", gettext_lazy("Heures d'insertion"), False, gettext_lazy(
        "Heures de la clause sociale, 0 par défaut."), "insertion_hours",
        ("heures_clause_sociale", "heures_d_insertion")),
)  # fmt: skip
FIELD_COLUMNS = {column.field: column.name for column in COLUMNS}

CONTRACT_KINDS = {
    "fourniture": Purchase.ContractKind.SUPPLY,
    "fournitures": Purchase.ContractKind.SUPPLY,
    "prestation": Purchase.ContractKind.SERVICE,
    "prestations": Purchase.ContractKind.SERVICE,
    "prestation de service": Purchase.ContractKind.SERVICE,
    "prestation de services": Purchase.ContractKind.SERVICE,
    "service": Purchase.ContractKind.SERVICE,
    "sous traitance": Purchase.ContractKind.SERVICE,
    "sous-traitance": Purchase.ContractKind.SERVICE,
    "mise a disposition": Purchase.ContractKind.STAFF,
    "mise a disposition de personnel": Purchase.ContractKind.STAFF,
    "mad": Purchase.ContractKind.STAFF,
}
RESERVED_MARKETS = {
    "": Purchase.ReservedMarket.NONE,
    "non": Purchase.ReservedMarket.NONE,
    "aucun": Purchase.ReservedMarket.NONE,
    "n": Purchase.ReservedMarket.NONE,
    "0": Purchase.ReservedMarket.NONE,
    "stpa": Purchase.ReservedMarket.STPA,
    "esat ea": Purchase.ReservedMarket.STPA,
    "siae": Purchase.ReservedMarket.SIAE,
    "iae": Purchase.ReservedMarket.SIAE,
}
ARTICLE = re.compile(r"^(?:art(?:icle)?\.?\s*)?l\.?\s*(2113)\s*[-.]?\s*(12|13)$")
FRENCH_DATE = re.compile(r"^\d\d/\d\d/\d\d\d\d$")
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


class CellError(ValueError):
    """A cell that cannot be read: its French message."""


def parse_amount(text: str) -> Decimal | None:
    """ "1 234,56 €" -> Decimal("1234.56"); "1.234,56" and "1234.56" too; "" -> None."""
    value = plain_decimal(text)
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(
            _("Montant illisible : « %(value)s » (écrivez par exemple 1 234,56).") % {"value": text}
        ) from None
    if not number.is_finite():
        raise CellError(_("Montant illisible : « %(value)s ».") % {"value": text})
    return number


def parse_date(text: str) -> dt.date | None:
    """ "05/03/2024" -> date(2024, 3, 5); ISO and two-digit years too; "" -> None."""
    value = text.strip()
    if not value:
        return None
    # A datetime written out ("2024-03-05 00:00:00"): its day.
    value = value.split(" ", 1)[0]
    if FRENCH_DATE.match(value):
        # The usual case, ten times faster than strptime: 05/03/2024.
        try:
            return dt.date(int(value[6:]), int(value[3:5]), int(value[:2]))
        except ValueError:
            pass
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CellError(_("Date illisible : « %(value)s » (écrivez jj/mm/aaaa).") % {"value": text})


def parse_year(text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise CellError(_("Année illisible : « %(value)s » (écrivez aaaa).") % {"value": text})
    return int(value)


def parse_contract_kind(text: str) -> str:
    key = normalize(text)
    if not key:
        return ""
    for choice in Purchase.ContractKind:
        if key == normalize(str(choice.label)) or key == choice.value:
            return choice.value
    if key in CONTRACT_KINDS:
        return CONTRACT_KINDS[key]
    raise CellError(
        _(
            "Nature inconnue : « %(value)s » (fourniture, prestation, sous-traitance ou mise "
            "à disposition)."
        )
        % {"value": text}
    )


def parse_reserved_market(text: str) -> str:
    key = normalize(text)
    if key in RESERVED_MARKETS:
        return RESERVED_MARKETS[key]
    if match := ARTICLE.match(key):
        return f"L2113-{match.group(2)}"
    raise CellError(
        _("Marché réservé inconnu : « %(value)s » (non, L2113-12 ou L2113-13).") % {"value": text}
    )


def dedup_key(purchase: Purchase) -> tuple:
    """What makes two lines the same line (the `purchase_unique_line` constraint)."""
    return (
        purchase.buyer_id,
        purchase.supplier_siret,
        purchase.year,
        purchase.date or NO_DATE,
        Decimal(purchase.amount_ht).quantize(CENT),
        purchase.contract_reference,
    )


def _buyer_option(options: dict) -> Organisation | None:
    pk = options.get("buyer")
    return Organisation.objects.filter(pk=pk).first() if pk else None


def _buyers(rows: list[dict[str, str]]) -> dict[str, Organisation]:
    sirets = {compact_identifier(row.get("siret_acheteur", "")) for row in rows} - {""}
    return {o.siret: o for o in Organisation.objects.filter(siret__in=sirets)} if sirets else {}


def _siret_errors(siret: str) -> list[str]:
    if not siret:
        return [_("Indiquez le SIRET du fournisseur.")]
    try:
        validate_siret(siret)
    except ValidationError as error:
        return error.messages
    return []


class _RowReader:
    """Reads one row into an unsaved Purchase, gathering its errors by column."""

    def __init__(self, rows: list[dict[str, str]], buyer: Organisation | None) -> None:
        self.buyer = buyer
        self.buyers = _buyers(rows)
        self.trades = {t.name_normalized: t for t in Trade.objects.all()}
        sirets = {compact_identifier(row.get("siret_fournisseur", "")) for row in rows}
        self.suppliers = SupplierIndex(sirets)
        # An extract names the same few suppliers on thousands of lines: one check each.
        self.siret_errors = {siret: _siret_errors(siret) for siret in sirets}

    def cell(
        self, errors: list[RowError], number: int, column: str, parse: Callable, text: str
    ) -> Any:
        """The parsed cell, or None with its error noted."""
        try:
            return parse(text)
        except CellError as error:
            errors.append(RowError(number, column, str(error)))
            return None

    def read(self, number: int, row: dict[str, str]) -> tuple[Purchase, list[RowError]]:
        errors: list[RowError] = []
        buyer_siret = compact_identifier(row.get("siret_acheteur", ""))
        buyer = self.buyers.get(buyer_siret) if buyer_siret else self.buyer
        if buyer is None:
            message = (
                _("Aucune organisation enregistrée ne porte ce SIRET d'acheteur.")
                if buyer_siret
                else _("Indiquez le SIRET de l'acheteur, ou choisissez l'acheteur du fichier.")
            )
            errors.append(RowError(number, "siret_acheteur", message))
        amount_text = row.get("montant_ht", "")
        amount = self.cell(errors, number, "montant_ht", parse_amount, amount_text)
        if amount is None and not amount_text.strip():
            errors.append(RowError(number, "montant_ht", _("Indiquez le montant HT.")))
        trade_name = row.get("metier", "").strip()
        trade = self.trades.get(normalize(trade_name)) if trade_name else None
        if trade_name and trade is None:
            errors.append(
                RowError(
                    number, "metier", _("Métier inconnu : « %(value)s ».") % {"value": trade_name}
                )
            )
        siret = compact_identifier(row.get("siret_fournisseur", ""))
        errors += [RowError(number, "siret_fournisseur", m) for m in self.siret_errors[siret]]
        hours = self.cell(errors, number, "heures_insertion", parse_amount,
                          row.get("heures_insertion", ""))  # fmt: skip
        purchase = Purchase(
            buyer=buyer, supplier_siret=siret, supplier=self.suppliers.match(siret),
            supplier_name=row.get("fournisseur", ""),
            date=self.cell(errors, number, "date", parse_date, row.get("date", "")),
            year=self.cell(errors, number, "annee", parse_year, row.get("annee", "")),
            amount_ht=amount,
            labour_cost=self.cell(errors, number, "cout_main_oeuvre", parse_amount,
                                  row.get("cout_main_oeuvre", "")),
            trade=trade, contract_reference=row.get("reference", ""),
            contract_kind=self.cell(errors, number, "nature", parse_contract_kind,
                                    row.get("nature", "")) or "",
            reserved_market=self.cell(errors, number, "marche_reserve", parse_reserved_market,
                                      row.get("marche_reserve", "")) or "none",
            insertion_hours=hours or 0, source=Purchase.Source.IMPORT,
        )  # fmt: skip
        # A cell already reported unreadable is not reported again as missing or invalid.
        reported = {error.column for error in errors}
        skip = {field for field, column in FIELD_COLUMNS.items() if column in reported}
        try:
            purchase.full_clean(
                exclude=[*UNCHECKED_FIELDS, *skip],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors += [
                e for e in errors_from(error, number, FIELD_COLUMNS) if e.column not in reported
            ]
        return purchase, errors


def check_purchases(
    rows: list[dict[str, str]], progress: Progress = None, options: dict | None = None
) -> ImportReport:
    """The dry run of a purchase extract: every row read and checked, nothing written."""
    buyer = _buyer_option(options or {})
    report = ImportReport(kind=KIND, total=len(rows))
    report.errors = missing_columns(rows, COLUMNS)
    if rows and "siret_acheteur" not in rows[0] and buyer is None:
        report.errors.append(
            RowError(
                1,
                "siret_acheteur",
                _(
                    "Colonne absente : ajoutez-la, ou choisissez l'acheteur de tout le fichier "
                    "depuis la page d'import des achats."
                ),
            )
        )
    if report.errors:
        return report
    reader = _RowReader(rows, buyer)
    checked: list[PendingRow] = []
    for number, row in enumerate(rows, start=2):
        report_progress(progress, number)
        if not any(row.values()):
            continue
        purchase, errors = reader.read(number, row)
        if errors:
            report.errors += errors
        else:
            checked.append(PendingRow(number, purchase))
    _deduplicate(report, checked)
    report.errors.sort(key=lambda error: error.row)
    return report


def _deduplicate(report: ImportReport, checked: list[PendingRow]) -> None:
    """Lines already recorded are skipped; a line twice in the file is an error."""
    buyers = {pending.instance.buyer_id for pending in checked}
    years = {pending.instance.year for pending in checked}
    known = set()
    if checked:
        stored = Purchase.objects.filter(buyer__in=buyers, year__in=years).values_list(
            "buyer_id", "supplier_siret", "year", "date", "amount_ht", "contract_reference"
        )
        known = {
            (buyer, siret, year, date or NO_DATE, amount.quantize(CENT), reference)
            for buyer, siret, year, date, amount, reference in stored
        }
    seen: dict[tuple, int] = {}
    for pending in checked:
        key = dedup_key(pending.instance)
        if key in known:
            report.skipped.append((pending.row, _("Achat déjà enregistré.")))
        elif key in seen:
            report.errors.append(
                RowError(
                    pending.row,
                    "",
                    _("Doublon de la ligne %(row)s du fichier.") % {"row": seen[key]},
                )
            )
        else:
            seen[key] = pending.row
            report.pending.append(pending)


def write_purchases(chunk: list[PendingRow], by: User, reason: str) -> None:
    """Insert a chunk of checked lines with their history, no `save()`: by COPY on
    PostgreSQL (partners' writer), by bulk INSERTs elsewhere."""
    purchases = [pending.instance for pending in chunk]
    for purchase in purchases:
        purchase.derive()
    if connection.vendor == "postgresql":
        copy_with_history(Purchase, purchases, by=by, reason=reason)
        return
    bulk_create_with_history(
        purchases, Purchase, batch_size=CHUNK, default_user=by,
        default_change_reason=reason, default_date=timezone.now(),
    )  # fmt: skip

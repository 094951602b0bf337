"""CSV and XLSX import of organisations and contacts: check every row, then commit all or none.

What this module reads (CSV or XLSX, headers and their aliases, French spreadsheets'
encodings and separators) and its helpers serve every kind of `partners/import_kinds.py`,
an upper app's too. The check (a dry run) reads the whole file and reports each bad row
with its column and a French message; rows already in the database (same SIRET, same e-mail) are skipped, so the
same file imported twice creates nothing the second time. The write
(`partners/import_writer.py`) re-runs the check and saves every row in one transaction,
each with one history entry naming the import. Both run as jobs (`partners/datajobs.py`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import PROGRESS_EVERY
from core.text import normalize
from partners import duplicates
from partners.import_kinds import Column, ImportReport, PendingRow, Progress, RowError, registry
from partners.import_tables import (
    ImportFileError,
    read_table,
)
from partners.models import Contact, Department, Organisation, Trade
from partners.validators import compact_identifier

__all__ = [
    "Column",
    "ImportFileError",
    "ImportReport",
    "PendingRow",
    "RowError",
    "errors_from",
    "import_check",
    "missing_columns",
    "read_table",
    "report_progress",
]

TRADE_SEPARATOR = "|"


ORGANISATION_COLUMNS = (
    Column("raison_sociale", gettext_lazy("Raison sociale"), True,
           gettext_lazy("200 caractères au plus."), "name"),
    Column("sigle", gettext_lazy("Sigle"), False, gettext_lazy("40 caractères au plus."), "acronym"),
    Column("type", gettext_lazy("Type"), True, gettext_lazy(
        "ESAT, EA, EATT, TIH, EI, ETTI, ACI, AI, réseau, fédération, acheteur public, "
        "acheteur privé, financeur ou autre."), "kind"),
    Column("siret", gettext_lazy("SIRET"), False, gettext_lazy(
        "14 chiffres, espaces acceptés. Sert au dédoublonnage : une organisation déjà "
        "connue sous ce SIRET n'est pas recréée."), "siret"),
    Column("adresse", gettext_lazy("Adresse"), False, "", "address"),
    Column("code_postal", gettext_lazy("Code postal"), False, gettext_lazy("5 chiffres."),
           "postal_code"),
    Column("commune", gettext_lazy("Commune"), False, "", "city"),
    Column("departement", gettext_lazy("Département"), False,
           gettext_lazy("Code : 13, 2A, 974… La région en est déduite."), "department"),
    Column("metiers", gettext_lazy("Métiers"), False, gettext_lazy(
        "Noms de métiers connus, séparés par une barre verticale : "
        "Blanchisserie|Espaces verts."), "trades"),
    Column("effectif", gettext_lazy("Effectif"), False, gettext_lazy("Nombre entier."),
           "workforce"),
    Column("courriel", gettext_lazy("Courriel"), False, "", "email"),
    Column("telephone", gettext_lazy("Téléphone"), False, "", "phone"),
    Column("site_web", gettext_lazy("Site web"), False, gettext_lazy("Adresse en https://."),
           "website"),
)  # fmt: skip

CONTACT_COLUMNS = (
    Column("civilite", gettext_lazy("Civilité"), False, gettext_lazy("Mme ou M."), "civility"),
    Column("prenom", gettext_lazy("Prénom"), True, "", "first_name"),
    Column("nom", gettext_lazy("Nom"), True, "", "last_name"),
    Column("courriel", gettext_lazy("Courriel"), False, gettext_lazy(
        "Sert au dédoublonnage : un contact déjà connu sous ce courriel n'est pas recréé."),
        "email"),
    Column("telephone", gettext_lazy("Téléphone"), False, "", "phone"),
    Column("consentement_courriel", gettext_lazy("Consentement aux courriels"), False,
           gettext_lazy("oui ou non (non par défaut)."), "email_consent"),
    Column("organisation_siret", gettext_lazy("SIRET de l'organisation"), False,
           gettext_lazy("Une organisation déjà enregistrée ; crée la fonction du contact."),
           "organisation"),
    Column("fonction", gettext_lazy("Fonction"), False,
           gettext_lazy("Sa fonction dans cette organisation."), "role_title"),
)  # fmt: skip

KIND_ALIASES = {
    "reseau": Organisation.Kind.NETWORK,
    "federation": Organisation.Kind.FEDERATION,
    "association gestionnaire": Organisation.Kind.FEDERATION,
    "acheteur public": Organisation.Kind.PUBLIC_BUYER,
    "acheteur prive": Organisation.Kind.PRIVATE_BUYER,
    "financeur": Organisation.Kind.FUNDER,
    "autre": Organisation.Kind.OTHER,
}
TRUE_WORDS = {"oui", "o", "vrai", "1", "x", "yes", "true"}
FALSE_WORDS = {"", "non", "n", "faux", "0", "no", "false"}
CIVILITIES = {"mme": "mme", "madame": "mme", "m": "m", "m.": "m", "monsieur": "m", "": ""}


def errors_from(error: ValidationError, row: int, columns: dict[str, str]) -> list[RowError]:
    found = []
    for model_field, messages in error.message_dict.items():
        column = columns.get(model_field, "")
        found += [RowError(row, column, message) for message in messages]
    return found


def missing_columns(rows: list[dict], columns: tuple[Column, ...]) -> list[RowError]:
    present = set(rows[0]) if rows else set()
    return [
        RowError(1, c.name, _("Colonne obligatoire absente de la première ligne."))
        for c in columns
        if c.required and c.name not in present
    ]


def _parse_kind(value: str) -> str | None:
    key = normalize(value)
    for choice in Organisation.Kind:
        if key in (choice.value, normalize(str(choice.label))):
            return choice.value
    return KIND_ALIASES.get(key)


def report_progress(progress: Progress, number: int) -> None:
    # `number` is the file's line (the header is line 1): rows checked so far.
    if progress is not None and (number - 1) % PROGRESS_EVERY == 0:
        progress(number - 1)


def check_organisations(
    rows: list[dict[str, str]], progress: Progress = None, options: dict | None = None
) -> ImportReport:
    report = ImportReport(kind="organisations", total=len(rows))
    report.errors = missing_columns(rows, ORGANISATION_COLUMNS)
    if report.errors:
        return report
    columns = {c.field: c.name for c in ORGANISATION_COLUMNS}
    departments = {d.code: d for d in Department.objects.select_related("region")}
    trades = {t.name_normalized: t for t in Trade.objects.all()}
    sirets = [compact_identifier(r.get("siret", "")) for r in rows]
    known_sirets = dict(
        Organisation.objects.filter(siret__in=[s for s in sirets if s]).values_list("siret", "name")
    )
    emails = [r.get("courriel", "").lower() for r in rows if not r.get("siret")]
    known_emails = set(
        Organisation.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email__in=[e for e in emails if e])
        .values_list("lower_email", flat=True)
    )
    known_names = duplicates.known_organisation_keys(rows)
    seen: dict[object, int] = {}
    for number, row in enumerate(rows, start=2):
        report_progress(progress, number)
        if not any(row.values()):
            continue
        siret = compact_identifier(row.get("siret", ""))
        email = row.get("courriel", "").lower()
        errors: list[RowError] = []
        if siret in known_sirets:
            report.skipped.append(
                (number, _("SIRET déjà enregistré : %(name)s") % {"name": known_sirets[siret]})
            )
            continue
        if not siret and email and email in known_emails:
            report.skipped.append((number, _("Courriel déjà enregistré : %(email)s") % {
                "email": email}))  # fmt: skip
            continue
        if skip := duplicates.organisation_known(row, siret, known_names):
            report.skipped.append((number, skip))
            continue
        key = siret or email or duplicates.organisation_key(row)
        if key and key in seen:
            errors.append(RowError(number, "siret" if siret else "courriel" if email else "raison_sociale", _(
                "Doublon de la ligne %(row)s du fichier.") % {"row": seen[key]}))  # fmt: skip
        elif key:
            seen[key] = number
        kind = _parse_kind(row.get("type", ""))
        if kind is None:
            errors.append(RowError(number, "type", _("Type inconnu : « %(value)s ».") % {
                "value": row.get("type", "")}))  # fmt: skip
        department = None
        code = row.get("departement", "").upper().zfill(2) if row.get("departement") else ""
        if code:
            department = departments.get(code)
            if department is None:
                errors.append(RowError(number, "departement", _(
                    "Département inconnu : « %(value)s ».") % {"value": code}))  # fmt: skip
        row_trades = []
        for name in filter(
            None, (t.strip() for t in row.get("metiers", "").split(TRADE_SEPARATOR))
        ):
            trade = trades.get(normalize(name))
            if trade is None:
                errors.append(RowError(number, "metiers", _(
                    "Métier inconnu : « %(value)s ».") % {"value": name}))  # fmt: skip
            else:
                row_trades.append(trade)
        organisation = Organisation(
            name=row.get("raison_sociale", ""), acronym=row.get("sigle", ""), kind=kind or "",
            siret=siret, address=row.get("adresse", ""), postal_code=row.get("code_postal", ""),
            city=row.get("commune", ""), department=department,
            region=department.region if department else None,
            workforce=row.get("effectif") or None, email=row.get("courriel", ""),
            phone=row.get("telephone", ""), website=row.get("site_web", ""),
        )  # fmt: skip
        try:
            # The department (and its region) came from the database: no query to check them.
            excluded = ["department", "region"] + ([] if kind else ["kind"])
            organisation.full_clean(
                exclude=excluded, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors += errors_from(error, number, columns)
        if errors:
            report.errors += errors
        else:
            report.pending.append(PendingRow(number, organisation, trades=row_trades))
    return report


def _parse_bool(value: str) -> bool | None:
    key = normalize(value)
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    return None


def check_contacts(
    rows: list[dict[str, str]], progress: Progress = None, options: dict | None = None
) -> ImportReport:
    report = ImportReport(kind="contacts", total=len(rows))
    report.errors = missing_columns(rows, CONTACT_COLUMNS)
    if report.errors:
        return report
    columns = {c.field: c.name for c in CONTACT_COLUMNS}
    emails = [r.get("courriel", "").lower() for r in rows]
    known_emails = set(
        Contact.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email__in=[e for e in emails if e])
        .values_list("lower_email", flat=True)
    )
    sirets = [compact_identifier(r.get("organisation_siret", "")) for r in rows]
    organisations = {
        o.siret: o for o in Organisation.objects.filter(siret__in=[s for s in sirets if s])
    }
    known_names = duplicates.known_contact_keys(list(organisations.values()))
    now = timezone.now()
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        report_progress(progress, number)
        if not any(row.values()):
            continue
        email = row.get("courriel", "").lower()
        errors: list[RowError] = []
        if email in known_emails:
            report.skipped.append((number, _("Courriel déjà enregistré : %(email)s") % {
                "email": email}))  # fmt: skip
            continue
        siret = compact_identifier(row.get("organisation_siret", ""))
        if skip := duplicates.contact_known(row, siret, known_names):
            report.skipped.append((number, skip))
            continue
        if email and email in seen:
            errors.append(RowError(number, "courriel", _(
                "Doublon de la ligne %(row)s du fichier.") % {"row": seen[email]}))  # fmt: skip
        elif email:
            seen[email] = number
        consent = _parse_bool(row.get("consentement_courriel", ""))
        if consent is None:
            errors.append(RowError(number, "consentement_courriel", _("Répondez oui ou non.")))
        civility = CIVILITIES.get(normalize(row.get("civilite", "")))
        if civility is None:
            errors.append(RowError(number, "civilite", _("Civilité inconnue : Mme ou M.")))
        organisation = organisations.get(siret) if siret else None
        if siret and organisation is None:
            errors.append(RowError(number, "organisation_siret", _(
                "Aucune organisation enregistrée ne porte ce SIRET.")))  # fmt: skip
        contact = Contact(
            civility=civility or "", first_name=row.get("prenom", ""), last_name=row.get("nom", ""),
            email=row.get("courriel", ""), phone=row.get("telephone", ""),
            email_consent=bool(consent), email_consent_at=now if consent else None,
        )  # fmt: skip
        try:
            contact.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors += errors_from(error, number, columns)
        if errors:
            report.errors += errors
        else:
            role_title = row.get("fonction", "")[:120] or _("Contact")
            report.pending.append(
                PendingRow(number, contact, organisation=organisation, role_title=role_title)
            )
    return report


def import_check(
    *,
    kind: str,
    filename: str,
    content: bytes,
    progress: Progress = None,
    options: dict | None = None,
) -> ImportReport:
    """The dry run: read and check every row of a registered kind, write nothing."""
    found = registry.get(kind)
    rows = read_table(filename, content, found.columns)
    return found.check(rows, progress, options or {})

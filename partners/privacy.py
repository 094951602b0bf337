"""GDPR for a partner contact: access export, erasure, unsubscribe link, retention flag.

Every app says where it holds data about a contact (`core.registry.personal_data`, in its
`apps.py`); the export and the erasure walk those sources, their history and, as a safety
net, every text column of every table (`core.privacy`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Max, Q, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import privacy, versioning
from core.registry import personal_data
from partners.exports import neutralise
from partners.models import Contact, DataJob, Interaction

UNSUBSCRIBE_SALT = "partners.contact.unsubscribe"
ERASED_FIRST_NAME = "Contact"
ERASED_LAST_NAME = "effacé"
ANONYMOUS = "[contact effacé]"


def unsubscribe_token(contact: Contact) -> str:
    # No expiry: the link in a mail of last year must still work.
    return signing.dumps(contact.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(contact: Contact) -> str:
    path = reverse("partners:contact_unsubscribe", args=[unsubscribe_token(contact)])
    return settings.SITE_URL.rstrip("/") + path


def contact_from_token(token: str) -> Contact | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Contact.objects.filter(pk=pk).first() if isinstance(pk, int) else None


@transaction.atomic
def contact_unsubscribe(*, contact: Contact) -> Contact:
    """The contact accepts no more mail: their consent is withdrawn, with its history."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.email_consent:
        contact.email_consent = False
        # An edit form opened before would tick the consent back.
        versioning.bump(contact)
        contact._change_reason = _("Désinscription par le lien d'un courriel")
        contact.save()
    return contact


def _rows(queryset: models.QuerySet) -> list[dict]:
    fields = [f.attname for f in queryset.model._meta.concrete_fields]
    return list(queryset.values(*fields))


def contact_data(contact: Contact) -> dict[str, list[dict]]:
    """Every row about the contact, by table: its sources, their history, any text naming them."""
    tables: dict[str, list[dict]] = {}

    def add(model: type[models.Model], queryset: models.QuerySet) -> None:
        rows, key = tables.setdefault(model._meta.db_table, []), model._meta.pk.attname
        seen = {row[key] for row in rows}
        rows += [row for row in _rows(queryset) if row[key] not in seen]

    for source in personal_data.sources():
        model = apps.get_model(source.model)
        add(model, model._base_manager.filter(source.match(contact)))
    for needle in _needles(contact):
        for model, pks in privacy.text_occurrences(needle).items():
            add(model, model._base_manager.filter(pk__in=pks))
    return {name: rows for name, rows in sorted(tables.items()) if rows}


def _needles(contact: Contact) -> list[str]:
    """What identifies the contact in free text: their e-mails and phones."""
    values = {contact.email, contact.phone}
    for affiliation in contact.affiliations.all():
        values |= {affiliation.email, affiliation.phone}
    return sorted(value for value in values if len(value.strip()) >= 6)


def contact_export_json(contact: Contact) -> bytes:
    document = {
        "contact": contact.pk,
        "exporte_le": timezone.now(),
        "tables": contact_data(contact),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def contact_export_csv(contact: Contact) -> bytes:
    """The same rows, one line per value: table, row, field, value (readable in a spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("table"), _("ligne"), _("champ"), _("valeur")])
    for table, rows in contact_data(contact).items():
        for number, row in enumerate(rows, start=1):
            for field, value in row.items():
                if value not in (None, ""):
                    writer.writerow([table, number, field, _neutral(value)])
    return ("\ufeff" + out.getvalue()).encode()


def _neutral(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return neutralise(str(value))


def register_sources() -> None:
    """partners' own rows about a contact (called from `PartnersConfig.ready`)."""
    blank = {"email": "", "phone": ""}
    personal_data.register("partners.Contact", lambda c: Q(pk=c.pk))
    personal_data.register("partners.HistoricalContact", lambda c: Q(id=c.pk))
    personal_data.register("partners.Affiliation", lambda c: Q(contact=c), scrub=blank)
    personal_data.register(
        "partners.HistoricalAffiliation", lambda c: Q(contact_id=c.pk), scrub=blank
    )
    personal_data.register("partners.Interaction", lambda c: Q(contacts=c), erase=_journal_erase)
    personal_data.register(
        "partners.HistoricalInteraction",
        lambda c: Q(id__in=Interaction.objects.filter(contacts=c).values("pk")),
        erase=_journal_erase,
    )
    personal_data.register("partners.Interaction_contacts", lambda c: Q(contact=c))
    personal_data.register("partners.HistoricalInteraction_contacts", lambda c: Q(contact=c))


def _journal_erase(rows: models.QuerySet, contact: Contact) -> None:
    """The contact's name goes from the journal entries they took part in (unless kept)."""
    if personal_data.kept_because(contact):
        return
    name = f"{contact.first_name} {contact.last_name}"
    versioning.bump_rows(
        rows,
        subject=Replace("subject", Value(name), Value(ANONYMOUS)),
        notes=Replace("notes", Value(name), Value(ANONYMOUS)),
    )


def contact_erase_summary(contact: Contact) -> dict[str, object]:
    """What the erasure will do, for the confirmation screen."""
    return {
        "tables": {name: len(rows) for name, rows in contact_data(contact).items()},
        "kept_because": personal_data.kept_because(contact),
    }


@transaction.atomic
def contact_erase(*, contact: Contact, by: object) -> list[str]:
    """Anonymise the contact in live and historical tables; the reasons a name was kept.

    A contact who signed a convention keeps their name (the signed document shows it, and
    the convention's page names its signatory); everything else about them goes.
    """
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    needles = _needles(contact)
    kept = personal_data.kept_because(contact)
    for source in personal_data.sources():
        model = apps.get_model(source.model)
        rows = model._base_manager.filter(source.match(contact))
        if source.erase is not None:
            source.erase(rows, contact)
        elif source.scrub:
            # Versioned rows (a role's e-mail) refuse the edit forms opened before.
            versioning.bump_rows(rows, **dict(source.scrub))
    _contact_anonymise(contact, keep_name=bool(kept))
    for needle in needles:
        privacy.text_scrub(needle, "[effacé]")
    privacy.log_export(user=by, what=f"Effacement du contact n° {contact.pk}", count=0)
    return kept


def _contact_anonymise(contact: Contact, *, keep_name: bool) -> None:
    erased = {
        "email": "",
        "phone": "",
        "notes": "",
        "email_consent": False,
        "email_consent_at": None,
    }
    if not keep_name:
        erased |= {"civility": "", "first_name": ERASED_FIRST_NAME, "last_name": ERASED_LAST_NAME}
        erased["name_normalized"] = f"{ERASED_LAST_NAME} {ERASED_FIRST_NAME}".lower()
    versioning.bump_rows(Contact.objects.filter(pk=contact.pk), **erased)
    erased.pop("name_normalized", None)
    # Every earlier version says no more than the current one.
    Contact.history.filter(id=contact.pk).update(**erased)


def contacts_flag_inactive(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Flag the contacts with no activity for RETENTION_INACTIVE_YEARS; (flagged, cleared).

    Activity: the contact's last change or last journal entry. A flag is cleared once
    activity resumes; the relationship manager then decides to keep or erase.
    """
    now = now or timezone.now()
    years = settings.RETENTION_INACTIVE_YEARS
    limit = now - dt.timedelta(days=round(365.25 * years))
    contacts = Contact.objects.annotate(last_entry=Max("interactions__occurred_on"))
    idle = Q(updated_at__lt=limit) & (Q(last_entry__isnull=True) | Q(last_entry__lt=limit.date()))
    flagged = Contact.objects.filter(
        pk__in=contacts.filter(idle, inactive_since__isnull=True).values("pk")
    ).update(inactive_since=now.date())
    cleared = Contact.objects.filter(
        pk__in=contacts.filter(~idle, inactive_since__isnull=False).values("pk")
    ).update(inactive_since=None)
    return flagged, cleared


def import_files_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the files of import jobs never confirmed within RETENTION_IMPORT_HOURS of their
    upload; a job still waiting for its confirmation can no longer be confirmed."""
    limit = (now or timezone.now()) - dt.timedelta(hours=settings.RETENTION_IMPORT_HOURS)
    # Queued or being written: confirmed, the write deletes the file itself.
    confirmed = (DataJob.Status.WRITE_QUEUED, DataJob.Status.WRITING, DataJob.Status.DONE)
    jobs = (
        DataJob.objects.filter(operation=DataJob.Operation.IMPORT, created_at__lt=limit)
        .exclude(source="")
        .exclude(status__in=confirmed)
    )
    expired = _("Fichier supprimé faute de confirmation sous 24 h : déposez-le de nouveau.")
    deleted = 0
    for job in jobs.only("pk", "source", "status"):
        job.source.storage.delete(job.source.name)
        changes = {"source": "", "updated_at": timezone.now()}
        if job.status in (DataJob.Status.PENDING, DataJob.Status.CHECKING, DataJob.Status.CHECKED):
            changes.update(status=DataJob.Status.FAILED, error=expired)
        DataJob.objects.filter(pk=job.pk).update(**changes)
        deleted += 1
    return deleted


def export_files_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the files of exports finished more than RETENTION_EXPORT_DAYS ago (the job stays
    listed, without its file)."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.RETENTION_EXPORT_DAYS)
    jobs = DataJob.objects.filter(
        operation=DataJob.Operation.EXPORT, status=DataJob.Status.DONE, updated_at__lt=limit
    ).exclude(result="")
    deleted = 0
    for job in jobs.only("pk", "result"):
        job.result.storage.delete(job.result.name)
        DataJob.objects.filter(pk=job.pk).update(result="")
        deleted += 1
    return deleted


def retention_apply() -> dict[str, int]:
    """The daily GDPR retention pass of partners (partners.jobs.retention_apply)."""
    flagged, cleared = contacts_flag_inactive()
    return {
        "imports": import_files_purge(),
        "exports": export_files_purge(),
        "flagged": flagged,
        "cleared": cleared,
    }

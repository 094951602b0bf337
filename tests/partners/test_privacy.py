"""GDPR on the demo data: a contact's access export lists every table that held them, and
their erasure leaves their e-mail in no text column of any table, history included."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.models import ExportLog
from core.registry import personal_data
from partners.models import Contact, Interaction, Organisation
from tasks.models import Reminder

TEXT_TYPES = {"CharField", "TextField", "EmailField", "SlugField", "URLField"}


def tables_holding(needle: str) -> set[str]:
    """Every table with a text column holding `needle`, straight from the database catalogue."""
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                kind = connection.introspection.get_field_type(column.type_code, column)
                if kind not in TEXT_TYPES:
                    continue
                name, quoted = (
                    connection.ops.quote_name(column.name),
                    connection.ops.quote_name(table),
                )
                cursor.execute(
                    f"SELECT 1 FROM {quoted} WHERE LOWER({name}) LIKE %s LIMIT 1",
                    [f"%{needle.lower()}%"],
                )
                if cursor.fetchone():
                    found.add(table)
    return found


def contact(key: str) -> Contact:
    first, last = {"besnard": ("Aurélie", "Besnard"), "marchal": ("Hélène", "Marchal")}[key]
    return Contact.objects.get(first_name=first, last_name=last)


def copies_elsewhere(person: Contact) -> None:
    """Their address where no app registered it: a note of an organisation, a journal entry,
    the reminders mailed to them, an SMTP error."""
    organisation = Organisation.objects.order_by("pk").first()
    organisation.description = f"Écrire à {person.email.upper()} pour le comité."
    organisation.save()
    entry = Interaction.objects.filter(contacts=person).first()
    entry.notes += f"\n{person.first_name} {person.last_name} ({person.email}) sera présente."
    entry.save()
    for status in (Reminder.Status.PENDING, Reminder.Status.FAILED):
        Reminder.objects.create(
            key=f"convention_end:convention=1:on=2026-12-01:{status}:contact={person.pk}",
            event="convention_end", recipient_email=person.email, attempts=1,
            convention_id=entry.organisations.first().parties.first().convention_id,
            about_on=dt.date(2026, 12, 1), send_after=timezone.now(), status=status,
            last_error=f"550 <{person.email}>: boîte pleine",
        )  # fmt: skip


@pytest.fixture
def besnard(module_demo, db) -> Contact:
    person = contact("besnard")
    copies_elsewhere(person)
    return person


def test_every_model_pointing_at_a_contact_is_a_registered_source():
    registered = {source.model.lower() for source in personal_data.sources()}
    pointing = {
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is Contact
    }
    assert pointing - registered == set()


def test_the_access_export_lists_every_table_that_holds_the_contact(besnard, client_relations):
    held = tables_holding(besnard.email)
    assert {"partners_contact", "partners_historicalcontact", "partners_affiliation"} <= held
    assert {"partners_organisation", "partners_interaction", "tasks_reminder"} <= held
    response = client_relations.get(
        reverse("partners:contact_data_export", args=[besnard.pk, "json"])
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    tables = json.loads(response.content)["tables"]
    # Everything that holds their address, and what only points at them (their actions).
    assert held - set(tables) == set()
    assert {"actions_action", "actions_historicalaction", "partners_interaction_contacts"} <= set(
        tables
    )
    log = ExportLog.objects.get()
    assert log.user.username == "relations-test" and f"n° {besnard.pk} (json)" in log.what


def test_the_csv_export_is_one_readable_line_per_value(besnard, client_relations):
    response = client_relations.get(
        reverse("partners:contact_data_export", args=[besnard.pk, "csv"])
    )
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "table;ligne;champ;valeur"
    assert f"partners_contact;1;email;{besnard.email}" in text
    assert "no-store" in response["Cache-Control"]


def test_erasure_leaves_the_email_in_no_table(besnard, client_relations):
    email, phone = besnard.email, besnard.affiliations.first().phone or "inconnu"
    page = client_relations.get(reverse("partners:contact_erase", args=[besnard.pk]))
    assert "Son nom est conservé" not in page.content.decode()
    response = client_relations.post(
        reverse("partners:contact_erase", args=[besnard.pk]), {"confirm": "1"}
    )
    assert response.status_code == 302
    assert tables_holding(email) == set()
    assert tables_holding(phone) == set() or phone == "inconnu"
    besnard.refresh_from_db()
    assert (besnard.first_name, besnard.last_name) == ("Contact", "effacé")
    assert tables_holding("Aurélie Besnard") == set()
    assert not Reminder.objects.filter(status=Reminder.Status.PENDING).filter(
        key__endswith=f":contact={besnard.pk}"
    )
    # The history still tells that the contact existed, but not who they were.
    assert Contact.history.filter(id=besnard.pk).exclude(email="").count() == 0


def test_a_signatory_of_a_signed_convention_keeps_their_name_and_is_told(
    module_demo, db, client_relations
):
    marchal = contact("marchal")
    email = marchal.email
    page = client_relations.get(reverse("partners:contact_erase", args=[marchal.pk])).content
    assert "Son nom est conservé" in page.decode()
    assert "le document signé doit montrer son nom" in page.decode()
    client_relations.post(reverse("partners:contact_erase", args=[marchal.pk]), {"confirm": "1"})
    marchal.refresh_from_db()
    assert (marchal.first_name, marchal.last_name, marchal.email) == ("Hélène", "Marchal", "")
    assert tables_holding(email) == set()


def test_a_coordinator_may_neither_export_nor_erase(module_demo, db, client_coordinator):
    pk = contact("besnard").pk
    for url in (
        reverse("partners:contact_erase", args=[pk]),
        reverse("partners:contact_data_export", args=[pk, "json"]),
    ):
        assert client_coordinator.get(url).status_code == 403
        assert client_coordinator.post(url, {"confirm": "1"}).status_code == 403
    assert contact("besnard").email


def test_list_exports_are_logged_with_their_row_count(module_demo, db, client_relations):
    client_relations.get(reverse("partners:contact_export", args=["csv"]))
    log = ExportLog.objects.get()
    assert (log.what, log.count) == ("contacts (csv)", Contact.objects.count())


def test_the_contact_page_offers_export_and_erasure_to_a_relations_manager(
    module_demo, db, client_relations, django_assert_max_num_queries
):
    url = reverse("partners:contact_detail", args=[contact("besnard").pk])
    with django_assert_max_num_queries(14):
        page = client_relations.get(url).content.decode()
    assert "Données personnelles (JSON)" in page and "Effacer (RGPD)" in page

"""The arguments of each route for the permission matrix, taken from the demo data.

Rows the demo does not hold (a notification, a failed reminder, a batch, a calendar token, an
import job) are made here, each owned by the Collaborateur·rice (the batch by the
Coordinateur·rice, who may build one), so the matrix also shows that nobody else reaches them.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.models import Action, Indicator, Measurement
from conventions.documents import document_store
from conventions.models import Convention, Programme, ReportBatch
from core.api.tokens import token_create
from partners.models import (
    Affiliation,
    Contact,
    DataJob,
    Interaction,
    Organisation,
    Relationship,
)
from partners.privacy import unsubscribe_token
from purchases.models import Purchase
from tasks.models import Notification, Reminder, Task
from tasks.services import preferences


def _first(model, **filters):
    row = model.objects.filter(**filters).order_by("pk").first()
    assert row is not None, f"Aucune ligne de démonstration pour {model.__name__}"
    return row


def route_arguments() -> dict[str, dict]:
    """The kwargs of every route that takes some, by route name."""
    owner = get_user_model().objects.get(username="collaboration")
    coordinator = get_user_model().objects.get(username="coordination")
    draft = _first(Convention, status=Convention.Status.NEGOTIATION)
    signed = _first(Convention, parties__isnull=False, axes__isnull=False, clauses__isnull=False)
    # A signed convention's parts are locked: every editor is sent back to it (302).
    party, axis, clause = signed.parties.first(), signed.axes.first(), signed.clauses.first()
    document = document_store(convention=signed, kind="other", content=b"%PDF-1.4\n", by=owner)
    organisation = _first(Organisation)
    history_id = organisation.history.order_by("history_id").first().history_id
    contact = _first(Contact, affiliations__isnull=False)
    action, indicator = _first(Action), _first(Indicator)
    task = _first(Task, assignee=owner)
    batch = ReportBatch.objects.create(requested_by=coordinator, label="Matrice", total=0)
    notification = Notification.objects.create(user=owner, title="Matrice", url="/")
    reminder, _new = Reminder.objects.update_or_create(key="matrice", defaults={
        "event": "task_due", "recipient": owner, "task": task, "about_on": task.due_on,
        "send_after": timezone.now(), "status": Reminder.Status.FAILED, "attempts": 5,
    })  # fmt: skip
    token = preferences.ics_token_renew(user=owner).ics_token
    api_token, _secret = token_create(user=owner, name="Matrice")
    # A checked import awaiting its confirmation, of the Collaborateur·rice, who may not import.
    job = DataJob.objects.create(
        operation=DataJob.Operation.IMPORT, subject="contacts", reference="IMP-MATRICE",
        status=DataJob.Status.CHECKED, requested_by=owner, total=1, done=1,
        summary={"pending": 1, "skipped": 0, "skipped_rows": [], "error_count": 0, "errors": [],
                 "rows": 1},
    )  # fmt: skip
    # A line with a labour cost from an ESAT: its provider's attestation for that buyer.
    oeth_line = _first(Purchase, labour_cost__isnull=False, supplier__kind="esat")
    return {
        "core:history_restore": {
            "label": "partners.organisation",
            "pk": organisation.pk,
            "history_id": history_id,
        },
        "core:history_list": {"label": "partners.organisation", "pk": organisation.pk},
        "core:autocomplete": {"source": "organisations"},
        "partners:organisation_merge": {"pk": organisation.pk},
        "partners:contact_merge": {"pk": contact.pk},
        "core:token_revoke": {"pk": api_token.pk},
        "partners:organisation_export": {"fmt": "csv"},
        "partners:contact_export": {"fmt": "csv"},
        "partners:provider_export": {"fmt": "csv"},
        "partners:interaction_export": {"fmt": "csv"},
        "conventions:convention_export": {"fmt": "xlsx"},
        "actions:action_export": {"fmt": "csv"},
        "tasks:task_export": {"fmt": "xlsx"},
        "partners:organisation_detail": {"pk": organisation.pk},
        "partners:organisation_update": {"pk": organisation.pk},
        "partners:organisation_archive": {"pk": organisation.pk},
        "partners:organisation_unarchive": {"pk": organisation.pk},
        "partners:relationship_create": {"pk": organisation.pk},
        "partners:relationship_end": {"pk": _first(Relationship).pk},
        "partners:contact_detail": {"pk": contact.pk},
        "partners:contact_update": {"pk": contact.pk},
        "partners:affiliation_create": {"pk": contact.pk},
        "partners:contact_data_export": {"pk": contact.pk, "fmt": "json"},
        "partners:contact_erase": {"pk": contact.pk},
        "partners:contact_unsubscribe": {"token": unsubscribe_token(contact)},
        "partners:affiliation_update": {"pk": _first(Affiliation).pk},
        "partners:import_sample": {"name": "contacts.csv"},
        "partners:datajob_detail": {"pk": job.pk},
        "partners:datajob_confirm": {"pk": job.pk},
        "partners:datajob_download": {"pk": job.pk},
        "purchases:purchase_update": {"pk": _first(Purchase).pk},
        "purchases:purchase_delete": {"pk": _first(Purchase).pk},
        "purchases:buyer_purchases": {"pk": _first(Purchase).buyer_id},
        "purchases:buyer_purchases_export": {"pk": _first(Purchase).buyer_id},
        "purchases:provider_sales": {"pk": _first(Purchase).supplier_id},
        "purchases:network_sales": {"pk": _first(Organisation, kind="network").pk},
        "purchases:provider_sales_export": {"pk": _first(Purchase).supplier_id},
        "purchases:network_sales_export": {"pk": _first(Organisation, kind="network").pk},
        "purchases:buyer_oeth": {"pk": _first(Purchase).buyer_id},
        "purchases:attestation_download": {
            "pk": oeth_line.supplier_id,
            "buyer_pk": oeth_line.buyer_id,
            "year": oeth_line.year,
        },
        "conventions:convention_detail": {"pk": signed.pk},
        "conventions:convention_section": {"pk": signed.pk, "section": "plan"},
        "conventions:convention_update": {"pk": draft.pk},
        "conventions:convention_transition": {"pk": draft.pk, "name": "sign"},
        "conventions:convention_amend": {"pk": signed.pk},
        "conventions:party_create": {"pk": signed.pk},
        "conventions:party_update": {"pk": signed.pk, "party_pk": party.pk},
        "conventions:party_delete": {"pk": signed.pk, "party_pk": party.pk},
        "conventions:axis_create": {"pk": signed.pk},
        "conventions:axis_update": {"pk": signed.pk, "axis_pk": axis.pk},
        "conventions:axis_delete": {"pk": signed.pk, "axis_pk": axis.pk},
        "conventions:clause_create": {"pk": signed.pk},
        "conventions:clause_update": {"pk": signed.pk, "clause_pk": clause.pk},
        "conventions:clause_delete": {"pk": signed.pk, "clause_pk": clause.pk},
        "conventions:programme_detail": {"pk": _first(Programme).pk},
        "conventions:programme_update": {"pk": _first(Programme).pk},
        "conventions:document_list": {"pk": document.convention_id},
        "conventions:convention_pdf": {"pk": signed.pk},
        "conventions:committee_report_pdf": {"pk": signed.pk},
        "conventions:document_upload": {"pk": document.convention_id},
        "conventions:document_download": {"pk": document.convention_id, "document_pk": document.pk},
        "conventions:report_batch_detail": {"pk": batch.pk},
        "conventions:report_batch_download": {"pk": batch.pk},
        "actions:action_create": {"convention_pk": action.convention_id},
        "actions:action_detail": {"pk": action.pk},
        "actions:action_update": {"pk": action.pk},
        "actions:action_close": {"pk": action.pk},
        "actions:action_move": {"pk": action.pk, "direction": "down"},
        "actions:actioncomment_create": {"pk": action.pk},
        "actions:indicator_create": {"convention_pk": indicator.convention_id},
        "actions:indicator_detail": {"pk": indicator.pk},
        "actions:indicator_update": {"pk": indicator.pk},
        "actions:measurement_create": {"pk": indicator.pk},
        "actions:measurement_update": {"pk": _first(Measurement).pk},
        "actions:measurement_delete": {"pk": _first(Measurement).pk},
        "partners:interaction_update": {"pk": _first(Interaction).pk},
        "partners:interaction_delete": {"pk": _first(Interaction).pk},
        "tasks:task_detail": {"pk": task.pk},
        "tasks:task_update": {"pk": task.pk},
        "tasks:task_complete": {"pk": task.pk},
        "tasks:task_reopen": {"pk": task.pk},
        "tasks:notification_open": {"pk": notification.pk},
        "tasks:calendar_feed": {"token": token},
        "tasks:reminder_retry": {"pk": reminder.pk},
    }

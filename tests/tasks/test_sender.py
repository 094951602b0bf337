"""The sender mails each recipient once, keeps a stable Message-ID and never loses a failure."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from core import roles
from tasks.models import Notification, Reminder, Task
from tasks.services import planner, sender
from tasks.services import tasks as task_services
from tests.factories import TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
MORNING = dt.datetime(2026, 11, 25, 9, tzinfo=PARIS)


def planned(*tasks: Task) -> None:
    planner.reminders_plan(MORNING)


def test_each_recipient_gets_one_mail_listing_all_their_reminders():
    alice, bruno = UserFactory(first_name="Alice"), UserFactory()
    TaskFactory(assignee=alice, title="Relancer l'ESAT", due_on=dt.date(2026, 11, 25))
    TaskFactory(assignee=alice, title="Signer l'avenant", due_on=dt.date(2026, 11, 26))
    TaskFactory(assignee=bruno, due_on=dt.date(2026, 11, 25))
    planned()
    assert sender.reminders_send_due(MORNING) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bruno.email])
    to_alice = next(m for m in mail.outbox if m.to == [alice.email])
    assert to_alice.subject == "[Maillage] 2 rappels"
    assert "Relancer l'ESAT" in to_alice.body and "Signer l'avenant" in to_alice.body
    assert "http://127.0.0.1:8000/taches/" in to_alice.body
    html = to_alice.alternatives[0][0]
    assert "Relancer l&#x27;ESAT" in html and 'lang="fr"' in html
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 3
    assert Notification.objects.filter(user=alice).count() == 2


def test_sending_again_sends_nothing_more():
    TaskFactory(due_on=dt.date(2026, 11, 25))
    planned()
    sender.reminders_send_due(MORNING)
    assert sender.reminders_send_due(MORNING + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_the_message_id_is_derived_from_the_reminder():
    TaskFactory(due_on=dt.date(2026, 11, 25))
    planned()
    reminder = Reminder.objects.get()
    sender.reminders_send_due(MORNING)
    assert mail.outbox[0].extra_headers["Message-ID"] == reminder.message_id
    assert reminder.message_id.startswith(f"<reminder-{reminder.pk}.task_due.task-")


def test_a_reminder_waits_for_seven_in_the_morning():
    TaskFactory(due_on=dt.date(2026, 11, 25))
    planner.reminders_plan(MORNING)
    assert sender.reminders_send_due(dt.datetime(2026, 11, 25, 6, 59, tzinfo=PARIS)) == 0
    assert sender.reminders_send_due(dt.datetime(2026, 11, 25, 7, 0, tzinfo=PARIS)) == 1


def test_a_task_done_before_its_reminder_goes_out_is_not_reminded():
    task = TaskFactory(due_on=dt.date(2026, 11, 25))
    planned()
    task_services.task_complete(task=task, by=task.assignee)
    assert sender.reminders_send_due(MORNING) == 0
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_a_claimed_reminder_is_taken_over_only_after_its_lease(settings):
    settings.REMINDERS_CLAIM_SECONDS = 600
    TaskFactory(due_on=dt.date(2026, 11, 25))
    planned()
    Reminder.objects.update(claimed_at=MORNING)  # a sender died after claiming it
    assert sender.reminders_send_due(MORNING + dt.timedelta(minutes=5)) == 0
    assert sender.reminders_send_due(MORNING + dt.timedelta(minutes=11)) == 1


def test_a_refusing_smtp_server_leads_to_retries_then_a_visible_failure(
    smtp_settings, settings, client_administrator
):
    settings.REMINDERS_RETRY_SECONDS = 60
    admin = UserFactory(username="admin-test")
    assert admin.groups.filter(name=roles.ADMINISTRATOR).exists()
    TaskFactory(title="Relancer la Métropole", due_on=dt.date(2026, 11, 25))
    planned()
    smtp_settings.refuse = "451 4.3.0 Try again later"
    now, waits = MORNING, []
    for _attempt in range(5):
        assert sender.reminders_send_due(now) == 0
        reminder = Reminder.objects.get()
        waits.append(round((reminder.send_after - now).total_seconds()))
        # Nothing more is attempted before the backoff has passed.
        assert sender.reminders_send_due(now + dt.timedelta(seconds=30)) == 0
        now = reminder.send_after
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.FAILED
    assert reminder.attempts == 5
    assert "451" in reminder.last_error
    assert waits[:4] == [60, 120, 240, 480]
    assert Notification.objects.filter(user=admin, url=reverse("tasks:reminder_failed_list"))
    page = client_administrator.get(reverse("tasks:reminder_failed_list"))
    assert "Relancer la Métropole" in page.content.decode()
    # Once the server is back, the administrator sends it again.
    smtp_settings.refuse = ""
    client_administrator.post(reverse("tasks:reminder_retry", args=[reminder.pk]))
    assert sender.reminders_send_due() == 1
    assert len(smtp_settings.messages) == 1
    assert smtp_settings.message_ids() == [reminder.message_id]


def test_an_unreachable_smtp_server_loses_nothing(smtp_settings, settings):
    settings.EMAIL_PORT = smtp_settings.port + 1 if smtp_settings.port < 65535 else 1
    TaskFactory(due_on=dt.date(2026, 11, 25))
    planned()
    assert sender.reminders_send_due(MORNING) == 0
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == (Reminder.Status.PENDING, 1)
    settings.EMAIL_PORT = smtp_settings.port
    assert sender.reminders_send_due(reminder.send_after) == 1
    assert len(smtp_settings.messages) == 1


def test_mails_reach_a_real_smtp_server_with_text_and_html(smtp_settings):
    TaskFactory(title="Préparer le comité", due_on=dt.date(2026, 11, 25))
    planned()
    assert sender.reminders_send_due(MORNING) == 1
    (message,) = smtp_settings.messages
    assert (
        message["Subject"]
        .strip()
        .startswith("[Maillage] Échéance d'une tâche : Préparer le comité")
    )
    kinds = [part.get_content_type() for part in message.walk()]
    assert "text/plain" in kinds and "text/html" in kinds
    assert message["Auto-Submitted"] == "auto-generated"


def reminder_to_a_contact():
    """A contact signing an active convention whose end, a week away, is reminded to its
    parties' contacts: once planned, one reminder is owed to them."""
    from conventions.models import Convention
    from tasks.models import ReminderRule
    from tests.factories import ContactFactory, PartyFactory, moved_to
    from tests.tasks.test_planner import current_convention

    # Its signatory is written while it is a draft: a signed text takes no new party.
    convention = current_convention(ends_on=dt.date(2026, 12, 2), status=Convention.Status.DRAFT)
    ReminderRule.objects.create(
        event=ReminderRule.Event.CONVENTION_END,
        days_before=7,
        convention=convention,
        notify_party_contacts=True,
    )
    contact = ContactFactory(email_consent=True, email_consent_at=MORNING)
    PartyFactory(convention=convention, signatory=contact)
    moved_to(convention, Convention.Status.ACTIVE)
    return contact


def test_a_partner_contact_is_mailed_without_an_in_app_notification():
    contact = reminder_to_a_contact()
    planned()
    assert sender.reminders_send_due(MORNING) == 1
    assert mail.outbox[0].to == [contact.email]
    assert not Notification.objects.exists()


def test_a_contact_who_withdrew_consent_after_planning_gets_no_mail():
    from conventions.models import Convention
    from tasks.models import ReminderRule
    from tests.factories import ContactFactory, PartyFactory, moved_to
    from tests.tasks.test_planner import current_convention

    # Its party is written before it runs: a signed text takes no new part.
    convention = current_convention(ends_on=dt.date(2026, 12, 2), status=Convention.Status.DRAFT)
    ReminderRule.objects.create(
        event=ReminderRule.Event.CONVENTION_END,
        days_before=7,
        convention=convention,
        notify_party_contacts=True,
    )
    contact = ContactFactory(email_consent=True, email_consent_at=MORNING)
    PartyFactory(convention=convention, signatory=contact)
    moved_to(convention, Convention.Status.ACTIVE)
    planned()
    assert Reminder.objects.filter(recipient_email=contact.email).count() == 1
    contact.email_consent = False
    contact.save()
    sender.reminders_send_due(MORNING)
    assert mail.outbox == []
    assert not Reminder.objects.filter(recipient_email=contact.email).exists()


def test_a_sender_slower_than_half_its_lease_hands_the_rest_back(settings):
    settings.REMINDERS_CLAIM_SECONDS = 0
    TaskFactory(due_on=dt.date(2026, 11, 25))
    TaskFactory(due_on=dt.date(2026, 11, 25))
    planned()
    assert sender.reminders_send_due(MORNING) == 0
    assert list(Reminder.objects.values_list("status", "claimed_at")) == [
        (Reminder.Status.PENDING, None),
        (Reminder.Status.PENDING, None),
    ]

"""A reminder mailed to a partner contact carries a one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.core import signing
from django.test import Client

from tasks.services import sender
from tests.factories import ContactFactory, TaskFactory
from tests.tasks.test_sender import MORNING, planned, reminder_to_a_contact

pytestmark = pytest.mark.django_db


def test_a_contact_unsubscribes_in_one_click_from_the_mail_header(smtp_settings):
    contact = reminder_to_a_contact()
    TaskFactory(due_on=dt.date(2026, 11, 25))
    planned()
    assert sender.reminders_send_due(MORNING) == 2
    by_recipient = {m["To"]: m for m in smtp_settings.messages}
    to_contact = by_recipient[contact.email]
    link = to_contact["List-Unsubscribe"].strip().strip("<>")
    assert to_contact["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in to_contact.get_body(("plain",)).get_content()
    # Mail to a user of the application carries none: they manage their mail in preferences.
    (to_user,) = [m for to, m in by_recipient.items() if to != contact.email]
    assert to_user["List-Unsubscribe"] is None
    path = urlparse(link).path
    # A mail scanner following the link changes nothing; the mail client's POST does.
    Client().get(path)
    contact.refresh_from_db()
    assert contact.email_consent
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "vous ne recevrez plus" in response.content.decode()
    contact.refresh_from_db()
    assert not contact.email_consent
    assert contact.history.first().history_change_reason.startswith("Désinscription")


def test_after_unsubscribing_the_contact_gets_no_more_reminders(smtp_settings):
    from partners import privacy

    contact = reminder_to_a_contact()
    privacy.contact_unsubscribe(contact=contact)
    planned()
    assert sender.reminders_send_due(MORNING) == 0
    assert smtp_settings.count() == 0


def test_the_link_names_the_contact_by_a_signature_only():
    contact = ContactFactory()
    from partners import privacy

    token = privacy.unsubscribe_token(contact)
    assert contact.email not in token
    assert signing.loads(token, salt=privacy.UNSUBSCRIBE_SALT) == contact.pk

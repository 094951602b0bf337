"""A relationship manager erases a contact; the contact's own unsubscribe page; axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core import roles
from partners.models import Contact
from partners.privacy import unsubscribe_token
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import ContactFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_erase_a_contact_then_unsubscribe_another(page, live_server):
    manager = UserFactory(username="camille", role=roles.RELATIONS_MANAGER)
    gone = ContactFactory(first_name="Inès", last_name="Barre", email="ines.barre@example.org")
    reader = ContactFactory(email_consent=True, email_consent_at="2026-01-05T10:00Z")
    log_in(page, live_server, manager)
    page.goto(live_server.url + gone.get_absolute_url())
    page.get_by_role("link", name="Effacer (RGPD)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Effacer Inès Barre (RGPD) ?")
    assert_accessible(page)
    page.get_by_role("button", name="Effacer définitivement").click()
    expect(page.get_by_text("Le contact est effacé.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact effacé")
    assert Contact.objects.get(pk=gone.pk).email == ""

    page.context.clear_cookies()
    page.goto(
        live_server.url + reverse("partners:contact_unsubscribe", args=[unsubscribe_token(reader)])
    )
    assert_accessible(page)
    page.get_by_role("button", name="Me désinscrire").click()
    expect(page.get_by_role("status")).to_contain_text("vous ne recevrez plus")
    assert not Contact.objects.get(pk=reader.pk).email_consent

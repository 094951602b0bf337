"""Two people editing the same thing: the second save is refused, its input kept."""

import re

import pytest
from playwright.sync_api import expect

from core import roles
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import ContactFactory, OrganisationFactory, TaskFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def label(text: str) -> re.Pattern:
    """A field's label from its start: "Nom" is not "Prénom", and "*" may follow."""
    return re.compile(rf"^{text}(?=\s|$)")


def _edit_url(kind: str) -> tuple[str, str, str]:
    """What to create, its edit path, the field each person changes (by label)."""
    if kind == "organisation":
        obj = OrganisationFactory(name="ESAT des Calanques")
        return f"/partenaires/organisations/{obj.pk}/modifier/", "Téléphone", "Raison sociale"
    if kind == "contact":
        obj = ContactFactory(first_name="Yann", last_name="Goff")
        return f"/partenaires/contacts/{obj.pk}/modifier/", "Téléphone", "Nom"
    obj = TaskFactory(title="Relancer UNEA", assignee=UserFactory(role=roles.RELATIONS_MANAGER))
    return f"/taches/{obj.pk}/modifier/", "Description", "Intitulé"


@pytest.mark.parametrize("kind", ["organisation", "contact", "task"])
def test_the_second_of_two_browser_sessions_is_refused_with_its_input_kept(
    kind, page, browser, browser_context_args, live_server
):
    first = UserFactory(first_name="Inès", last_name="Morel", role=roles.RELATIONS_MANAGER)
    second = UserFactory(first_name="Paul", last_name="Durand", role=roles.RELATIONS_MANAGER)
    path, first_field, second_field = _edit_url(kind)
    other_context = browser.new_context(**browser_context_args)
    other = other_context.new_page()
    try:
        log_in(page, live_server, first)
        log_in(other, live_server, second)
        page.goto(f"{live_server.url}{path}")
        other.goto(f"{live_server.url}{path}")

        page.get_by_label(label(first_field)).fill("04 91 00 00 00")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Modifié par")).to_have_count(0)
        assert not page.url.endswith("/modifier/")

        other.get_by_label(label(second_field)).fill("Nom choisi par Paul")
        other.get_by_role("button", name="Enregistrer").click()
        alert = other.get_by_role("alert").filter(has_text="Modifié par")
        expect(alert).to_contain_text(re.compile(r"Modifié par Inès Morel le \d\d/\d\d/\d{4} à"))
        expect(alert).to_contain_text(first_field.lower())
        expect(other.get_by_label(label(second_field))).to_have_value("Nom choisi par Paul")
        assert_accessible(other)

        # Saving again knowingly replaces the newer version.
        other.get_by_role("button", name="Enregistrer").click()
        expect(other.get_by_role("alert").filter(has_text="Modifié par")).to_have_count(0)
        assert not other.url.endswith("/modifier/")
    finally:
        other_context.close()

"""One lost-update mechanism for every edited model: the second of two edits is refused."""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from actions.models import Measurement
from conventions.models import Clause, Programme
from core.models import User
from partners import privacy
from partners.models import Affiliation, Contact, Interaction, Relationship, Trade
from purchases.models import Purchase
from tasks.models import Task
from tests.factories import (
    ActionFactory,
    AxisFactory,
    ContactFactory,
    ConventionFactory,
    IndicatorFactory,
    OrganisationFactory,
    PartyFactory,
    TaskFactory,
    valid_siret,
)

pytestmark = pytest.mark.django_db


# --- every edit screen, one stale form each ---------------------------------------------

CHANGED_AT = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
SAID = r"Modifié par Paul Durand le 25/11/2026 à 10:00 \(champs modifiés : ([^)]*)\)"


def person(username: str, first_name: str, last_name: str, **extra: object) -> User:
    """A superuser, who edits everything; no password, force_login needs none."""
    return User.objects.create(
        username=username, first_name=first_name, last_name=last_name, is_superuser=True, **extra
    )


def as_posted(*forms: object) -> dict:
    """What a browser posts back from `forms` as the page shows them: their hidden version too."""
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None:
                value = ""
            elif isinstance(value, bool):
                if not value:
                    continue  # an unticked box posts nothing
                value = "on"
            elif isinstance(value, list | tuple):
                value = [str(item) for item in value]
            data[bound.html_name] = value if isinstance(value, list) else str(value)
    return data


def row(obj: Model) -> dict:
    """The row as the database holds it."""
    return type(obj).objects.filter(pk=obj.pk).values().get()


@dataclass(frozen=True)
class Screen:
    """An edit screen: the row it edits, its address, and the two people's changes there."""

    make: Callable[[User], Model]
    url: Callable[[Model], str]
    theirs: dict  # Paul's change, saved first
    label: str  # how the conflict message names the field Paul changed
    mine: dict  # Inès's change, refused and kept on the page
    # Whether saving again replaces Paul's version; an ended relationship does not end twice.
    resaves: bool = True


def _interaction(ines: User) -> Interaction:
    entry = Interaction.objects.create(kind="meeting", occurred_on=dt.date(2026, 10, 1),
                                       subject="Rencontre", author=ines)  # fmt: skip
    entry.organisations.add(OrganisationFactory())
    return entry


def _child(name: str) -> Callable[[Model], str]:
    return lambda obj: reverse(f"conventions:{name}_update", args=[obj.convention_id, obj.pk])


def _url(name: str) -> Callable[[Model], str]:
    return lambda obj: reverse(name, args=[obj.pk])


SCREENS = {
    "organisation": Screen(
        lambda ines: OrganisationFactory(name="ESAT des Calanques"),
        _url("partners:organisation_update"),
        {"phone": "04 91 00 00 00"}, "téléphone", {"name": "ESAT Le Phare"},
    ),
    "contact": Screen(
        lambda ines: ContactFactory(first_name="Yann", last_name="Goff"),
        _url("partners:contact_update"),
        {"phone": "06 12 34 56 78"}, "téléphone", {"last_name": "Le Goff"},
    ),
    "affiliation": Screen(
        lambda ines: Affiliation.objects.create(
            contact=ContactFactory(), organisation=OrganisationFactory(), role_title="Directrice"
        ),
        _url("partners:affiliation_update"),
        {"phone": "04 91 00 00 01"}, "téléphone professionnel",
        {"role_title": "Directrice générale"},
    ),
    "relationship": Screen(
        lambda ines: Relationship.objects.create(
            source=OrganisationFactory(), target=OrganisationFactory(), kind="member_of"
        ),
        _url("partners:relationship_end"),
        {"ends_on": "2026-05-31"}, "jusqu'au", {"ends_on": "2026-06-30"}, resaves=False,
    ),
    "journal": Screen(
        _interaction, _url("partners:interaction_update"),
        {"location": "Marseille"}, "lieu", {"subject": "Rencontre Openmap ESS"},
    ),
    "programme": Screen(
        lambda ines: Programme.objects.create(name="Mission clauses sociales"),
        _url("conventions:programme_update"),
        {"acronym": "MACS"}, "sigle", {"name": "Mission clauses sociales Île-de-France"},
    ),
    "convention": Screen(
        lambda ines: ConventionFactory(), _url("conventions:convention_update"),
        {"purpose": "Acheter au secteur"}, "objet", {"title": "UNEA × FEI en Bretagne"},
    ),
    "party": Screen(
        lambda ines: PartyFactory(), _child("party"),
        {"signatory_title": "Présidente"}, "qualité du signataire",
        {"commitments": "Relayer les appels d'offres"},
    ),
    "axis": Screen(
        lambda ines: AxisFactory(number=1), _child("axis"),
        {"description": "Rencontrer les acheteurs"}, "description",
        {"title": "Sourcer les prestataires"},
    ),
    "article": Screen(
        lambda ines: Clause.objects.create(
            convention=ConventionFactory(), number=1, title="Objet", body="Texte"
        ),
        _child("clause"),
        {"body": "Texte revu"}, "texte", {"title": "Objet de la convention"},
    ),
    "action": Screen(
        lambda ines: ActionFactory(), _url("actions:action_update"),
        {"description": "Deux réunions"}, "description", {"title": "Former les acheteurs"},
    ),
    "indicator": Screen(
        lambda ines: IndicatorFactory(), _url("actions:indicator_update"),
        {"unit": "k€"}, "unité", {"name": "Achats auprès des ESAT"},
    ),
    "measurement": Screen(
        lambda ines: Measurement.objects.create(
            indicator=IndicatorFactory(), measured_on=dt.date(2026, 6, 30), value=10
        ),
        _url("actions:measurement_update"),
        {"comment": "Chiffre provisoire"}, "commentaire", {"value": "4321.5"},
    ),
    "task": Screen(
        lambda ines: TaskFactory(title="Relancer", assignee=ines), _url("tasks:task_update"),
        {"description": "Appeler avant midi"}, "description", {"title": "Relancer UNEA"},
    ),
    "purchase": Screen(
        lambda ines: Purchase.objects.create(
            buyer=OrganisationFactory(kind="public_buyer"), supplier_siret=valid_siret(9),
            year=2026, amount_ht=1000,
        ),
        _url("purchases:purchase_update"),
        {"contract_reference": "MAR-2026-01"}, "référence du marché ou de la pièce",
        {"amount_ht": "1 250,00"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_a_form_opened_before_someone_elses_save_is_refused_naming_them_and_keeps_the_input(
    client, screen
):
    ines = person("ines", "Inès", "Morel")
    paul = Client()
    paul.force_login(person("paul", "Paul", "Durand"))
    with time_machine.travel(CHANGED_AT - dt.timedelta(days=1), tick=False):
        obj = screen.make(ines)
    url = screen.url(obj)
    client.force_login(ines)
    opened = client.get(url)
    assert 'name="version" value="1"' in opened.content.decode()
    posted = as_posted(opened.context["form"])
    with time_machine.travel(CHANGED_AT, tick=False):
        assert paul.post(url, {**posted, **screen.theirs}).status_code == 302
    theirs = row(obj)

    response = client.post(url, {**posted, **screen.mine})

    assert response.status_code == 200
    page = response.content.decode()
    said = re.search(SAID, page)
    assert said and escape(screen.label) in said.group(1).split(", ")
    assert escape("Vos saisies sont conservées ci-dessous") in page
    assert escape(next(iter(screen.mine.values()))) in page
    assert 'name="version" value="2"' in page
    assert row(obj) == theirs and theirs["version"] == 2
    if screen.resaves:
        # Saving again now knowingly replaces Paul's version.
        assert client.post(url, {**posted, **screen.mine, "version": 2}).status_code == 302
        assert row(obj)["version"] == 3


# --- what changes a row outside its form makes that form stale too ----------------------


def _affiliation() -> Affiliation:
    return Affiliation.objects.create(
        contact=ContactFactory(first_name="Anne", last_name="Marin"),
        organisation=OrganisationFactory(), role_title="Directrice",
    )  # fmt: skip


def _admin_edits_the_role_inline(affiliation: Affiliation, paul: Client) -> None:
    url = reverse("admin:partners_contact_change", args=[affiliation.contact_id])
    page = paul.get(url)
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = as_posted(*forms)
    key = next(name for name, value in data.items() if value == "Directrice")
    assert paul.post(url, {**data, key: "Présidente", "_save": "1"}).status_code == 302


def _paul_merges_the_contact_away(affiliation: Affiliation, paul: Client) -> None:
    kept = ContactFactory(first_name="Anne", last_name="Marin")
    url = reverse("partners:contact_merge", args=[kept.pk])
    assert paul.post(url, {"autre": affiliation.contact_id}).status_code == 302


def _paul_erases_the_contact(contact: Contact, paul: Client) -> None:
    url = reverse("partners:contact_erase", args=[contact.pk])
    assert paul.post(url, {"confirm": "1"}).status_code == 302


def _the_contact_unsubscribes(contact: Contact, paul: Client) -> None:
    url = reverse("partners:contact_unsubscribe", args=[privacy.unsubscribe_token(contact)])
    assert Client().post(url).status_code == 200


def _consenting_contact() -> Contact:
    return ContactFactory(phone="06 00 00 00 00", email_consent=True,
                          email_consent_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))  # fmt: skip


UNSUBSCRIBE = "un traitement automatique (Désinscription par le lien d'un courriel)"
ELSEWHERE = {
    "admin-inline": (_affiliation, "partners:affiliation_update", _admin_edits_the_role_inline,
                     "Modifié par Paul Durand le 25/11/2026 à 10:00 (champs modifiés : fonction)"),
    "merge": (_affiliation, "partners:affiliation_update", _paul_merges_the_contact_away,
              "Modifié par Paul Durand le 25/11/2026 à 10:00 (champs modifiés : contact)"),
    # An erasure leaves no history row to name (it would copy what it erases).
    "erasure": (_consenting_contact, "partners:contact_update", _paul_erases_the_contact,
                "Cet élément a été modifié par ailleurs après l'ouverture de votre formulaire."),
    "unsubscribe": (_consenting_contact, "partners:contact_update", _the_contact_unsubscribes,
                    f"Modifié par {UNSUBSCRIBE} le 25/11/2026 à 10:00"),
}  # fmt: skip


@pytest.mark.parametrize(("make", "url_name", "change", "said"), ELSEWHERE.values(),
                         ids=ELSEWHERE.keys())  # fmt: skip
def test_a_change_made_outside_the_form_makes_it_stale(client, make, url_name, change, said):
    ines = person("ines", "Inès", "Morel")
    paul = Client()
    paul.force_login(person("paul", "Paul", "Durand", is_staff=True))
    with time_machine.travel(CHANGED_AT - dt.timedelta(days=1), tick=False):
        obj = make()
    url = reverse(url_name, args=[obj.pk])
    client.force_login(ines)
    posted = as_posted(client.get(url).context["form"])
    with time_machine.travel(CHANGED_AT, tick=False):
        change(obj, paul)
    changed = row(obj)

    response = client.post(url, {**posted, "phone": "04 91 99 99 99"})

    assert response.status_code == 200
    assert escape(said) in response.content.decode()
    assert row(obj) == changed


def test_an_api_edit_from_before_an_unsubscribe_answers_412_and_keeps_the_consent_withdrawn(
    api_client, relations_manager
):
    with time_machine.travel(CHANGED_AT - dt.timedelta(days=1), tick=False):
        contact = _consenting_contact()
    client = api_client(relations_manager)
    url = f"/api/v1/contacts/{contact.pk}/"
    read = client.get(url)
    with time_machine.travel(CHANGED_AT, tick=False):
        privacy.contact_unsubscribe(contact=contact)

    stale = client.patch(url, {"phone": "04 91 99 99 99"}, HTTP_IF_MATCH=read.headers["ETag"])

    assert stale.status_code == 412
    body = stale.json()
    assert body["version"] == 2 and body["changed_at"] == "2026-11-25T10:00:00+01:00"
    assert f"Modifié par {UNSUBSCRIBE}" in body["detail"]
    contact.refresh_from_db()
    assert (contact.email_consent, contact.phone) == (False, "06 00 00 00 00")


# --- the edit screens' own details -------------------------------------------------------


def test_an_organisation_edit_saves_its_trades_with_the_version(client_relations):
    organisation = OrganisationFactory()
    laundry = Trade.objects.create(name="Blanchisserie")
    url = reverse("partners:organisation_update", args=[organisation.pk])
    data = {"name": organisation.name, "kind": "esat", "status": "active", "version": 1,
            "trades": [laundry.pk]}  # fmt: skip
    assert client_relations.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert list(organisation.trades.all()) == [laundry] and organisation.version == 2


def test_archiving_makes_an_open_edit_form_stale(client_relations):
    organisation = OrganisationFactory()
    url = reverse("partners:organisation_update", args=[organisation.pk])
    client_relations.post(reverse("partners:organisation_archive", args=[organisation.pk]))
    data = {"name": "Nouveau nom", "kind": "esat", "status": "active", "version": 1}
    assert "Modifié par" in client_relations.post(url, data).content.decode()
    organisation.refresh_from_db()
    assert organisation.status == "archived"


def test_completing_a_task_makes_an_open_edit_form_stale(client_coordinator, coordinator):
    task = TaskFactory(assignee=coordinator)
    client_coordinator.post(reverse("tasks:task_complete", args=[task.pk]))
    data = {"title": "Nouveau", "assignee": coordinator.pk, "due_on": "2026-12-01",
            "recurrence_interval": 1, "version": 1}  # fmt: skip
    response = client_coordinator.post(reverse("tasks:task_update", args=[task.pk]), data)
    assert "Modifié par" in response.content.decode()
    task.refresh_from_db()
    assert (task.title, task.status) != ("Nouveau", Task.Status.OPEN)

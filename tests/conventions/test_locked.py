"""Once signed, a convention's parties, axes and articles change only by amendment."""

import datetime as dt

import pytest
from django.urls import reverse

from conventions.models import Clause
from tests.factories import AxisFactory, ConventionFactory, PartyFactory

pytestmark = pytest.mark.django_db

LOCKED = (
    "La convention est signée : ses parties, ses axes et ses articles ne changent plus. "
    "Pour les modifier, créez un avenant."
)


@pytest.fixture
def signed():
    convention = ConventionFactory(status="signed", signed_on=dt.date(2026, 1, 5))
    party = PartyFactory(convention=convention)
    axis = AxisFactory(convention=convention, title="Sourcing")
    clause = Clause.objects.create(convention=convention, number=1, title="Objet", body="Texte")
    return convention, party, axis, clause


def test_the_page_of_a_signed_convention_says_it_is_locked_and_offers_an_amendment(
    client_relations, signed
):
    convention, party, axis, clause = signed
    page = client_relations.get(convention.get_absolute_url()).content.decode()
    assert "ses parties, ses axes et ses articles ne changent plus." in page
    assert reverse("conventions:convention_amend", args=[convention.pk]) in page
    for name, args in [
        ("party_update", [party.pk]), ("party_delete", [party.pk]), ("party_create", []),
        ("axis_update", [axis.pk]), ("axis_create", []),
        ("clause_update", [clause.pk]), ("clause_create", []),
    ]:  # fmt: skip
        assert reverse(f"conventions:{name}", args=[convention.pk, *args]) not in page


@pytest.mark.parametrize(
    ("name", "row", "data"),
    [
        ("party_update", "party", {"role": "partner", "order": 0}),
        ("party_delete", "party", {}),
        ("axis_update", "axis", {"number": 1, "title": "Changé"}),
        ("axis_delete", "axis", {}),
        ("clause_update", "clause", {"number": 1, "title": "Changé", "body": "Autre texte"}),
        ("clause_create", None, {"number": 2, "title": "Nouveau", "body": "Ajouté"}),
    ],
)
def test_a_signed_text_refuses_every_change_with_the_reason(
    client_relations, signed, name, row, data
):
    convention, party, axis, clause = signed
    rows = {"party": party, "axis": axis, "clause": clause}
    args = [convention.pk] + ([rows[row].pk] if row else [])
    response = client_relations.post(reverse(f"conventions:{name}", args=args), data, follow=True)
    assert response.status_code == 200
    assert LOCKED.replace("'", "&#x27;") in response.content.decode()
    party.refresh_from_db()
    axis.refresh_from_db()
    clause.refresh_from_db()
    assert (party.role, axis.title, clause.body) == ("signatory", "Sourcing", "Texte")
    assert convention.clauses.count() == 1 and convention.parties.count() == 1


def test_a_draft_still_takes_changes(client_relations):
    convention = ConventionFactory()
    axis = AxisFactory(convention=convention, number=1)
    url = reverse("conventions:axis_update", args=[convention.pk, axis.pk])
    assert client_relations.post(url, {"number": 1, "title": "Changé"}).status_code == 302
    axis.refresh_from_db()
    assert axis.title == "Changé"

"""Once signed, a convention's parties, axes and articles change only by amendment."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conventions.models import Clause
from tests.admin_forms import admin_post_data
from tests.factories import AxisFactory, ConventionFactory, PartyFactory, moved_to

pytestmark = pytest.mark.django_db

LOCKED = (
    "La convention est signée : ses parties, ses axes et ses articles ne changent plus. "
    "Pour les modifier, créez un avenant."
)


@pytest.fixture
def signed():
    convention = ConventionFactory(status="negotiation")
    party = PartyFactory(convention=convention, signed_on=dt.date(2026, 1, 5))
    axis = AxisFactory(convention=convention, title="Sourcing")
    clause = Clause.objects.create(convention=convention, number=1, title="Objet", body="Texte")
    moved_to(convention, "signed", signed_on=dt.date(2026, 1, 5))
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
    data = {"number": 1, "title": "Changé", "version": 1}
    assert client_relations.post(url, data).status_code == 302
    axis.refresh_from_db()
    assert axis.title == "Changé"


# The models refuse too: the admin, a script or a job cannot change a signed text either.


def test_a_signed_text_refuses_saves_deletes_and_new_parts_in_french(signed):
    convention, party, axis, _clause = signed
    party.role = "partner"
    with pytest.raises(ValidationError) as refused:
        party.save()
    assert refused.value.messages == [LOCKED]
    with pytest.raises(ValidationError, match="créez un avenant"):
        axis.delete()
    with pytest.raises(ValidationError, match="créez un avenant"):
        Clause.objects.filter(convention=convention).delete()
    with pytest.raises(ValidationError, match="créez un avenant"):
        AxisFactory(convention=convention, number=2)
    # Moved out to a draft: the signed convention would lose it.
    party.refresh_from_db()
    party.convention = ConventionFactory()
    with pytest.raises(ValidationError, match="créez un avenant"):
        party.save()
    assert (convention.parties.count(), convention.axes.count(), convention.clauses.count()) == (
        1,
        1,
        1,
    )


def test_the_admin_shows_a_signed_text_read_only_and_refuses_a_forced_post(
    client_administrator, signed
):
    convention, party, axis, clause = signed
    url = reverse("admin:conventions_party_change", args=[party.pk])
    page = client_administrator.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    forced = {"convention": convention.pk, "organisation": party.organisation_id, "role": "partner"}
    assert client_administrator.post(url, forced).status_code == 403
    delete = reverse("admin:conventions_axis_delete", args=[axis.pk])
    assert client_administrator.post(delete, {"post": "yes"}).status_code == 403
    # The convention's own page: its inlines are read only, a forged inline change is ignored.
    change = reverse("admin:conventions_convention_change", args=[convention.pk])
    page = client_administrator.get(change)
    data = admin_post_data(page, **{"clauses-0-body": "Texte forcé"})
    client_administrator.post(change, data)
    party.refresh_from_db()
    clause.refresh_from_db()
    assert (party.role, clause.body) == ("signatory", "Texte")


def test_the_admin_cannot_add_a_part_to_a_signed_convention(client_administrator, signed):
    convention = signed[0]
    url = reverse("admin:conventions_axis_add")
    response = client_administrator.post(
        url, {"convention": convention.pk, "number": 2, "title": "Ajouté", "description": ""}
    )
    assert response.status_code == 200
    assert LOCKED.replace("'", "&#x27;") in response.content.decode()
    assert convention.axes.count() == 1


def test_a_negotiation_still_takes_new_parts_in_the_models():
    convention = ConventionFactory(status="negotiation")
    axis = AxisFactory(convention=convention, number=1)
    axis.title = "Changé"
    axis.full_clean()
    axis.save()
    axis.delete()
    assert convention.axes.count() == 0

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from stdnum.fr import siret as stdnum_siret

from partners.models import Affiliation, Contact, Department, Organisation, Region, Relationship
from tests.factories import ContactFactory, OrganisationFactory, valid_siret

pytestmark = pytest.mark.django_db

LA_POSTE_SIRET = "35600000000048"


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_the_factory_siret_is_valid():
    assert all(stdnum_siret.is_valid(valid_siret(n)) for n in range(200))


def test_an_invalid_siret_is_refused_with_the_reason_in_french():
    organisation = Organisation(name="ESAT des Calanques", kind="esat", siret="73282932000075")
    assert errors_of(organisation)["siret"] == [
        "Ce SIRET n'existe pas : sa clé de contrôle est fausse (faute de frappe ?)."
    ]


def test_a_short_siret_says_how_many_digits_were_typed():
    organisation = Organisation(name="EA Armor", kind="ea", siret="1234")
    assert errors_of(organisation)["siret"] == ["Un SIRET compte 14 chiffres ; 4 saisis."]


def test_a_siret_with_letters_is_refused():
    organisation = Organisation(name="EA Armor", kind="ea", siret="7328293200007A")
    assert errors_of(organisation)["siret"] == ["Un SIRET ne contient que des chiffres."]


def test_la_poste_siret_passes_despite_failing_the_plain_luhn_check():
    organisation = Organisation(name="La Poste", kind="private_buyer", siret=LA_POSTE_SIRET)
    organisation.full_clean()
    organisation.save()
    assert organisation.siren == "356000000"


def test_spaces_typed_in_a_siret_are_dropped_and_it_is_shown_formatted():
    organisation = Organisation(name="GIP", kind="public_buyer", siret="732 829 320 00074")
    organisation.full_clean()
    organisation.save()
    assert organisation.siret == "73282932000074"
    assert organisation.siret_display == "732 829 320 00074"


def test_an_invalid_siren_is_refused():
    organisation = Organisation(name="ESAT", kind="esat", siren="732829321")
    assert "siren" in errors_of(organisation)


def test_a_siren_that_does_not_start_the_siret_is_refused():
    organisation = Organisation(name="ESAT", kind="esat", siret="73282932000074", siren="356000000")
    assert errors_of(organisation)["siren"] == [
        "Le SIREN doit être les 9 premiers chiffres du SIRET."
    ]


def test_a_duplicate_siret_is_refused_in_the_form_and_by_the_database():
    first = OrganisationFactory()
    twin = Organisation(name="Doublon", kind="esat", siret=first.siret)
    assert errors_of(twin)["__all__"] == ["Une organisation porte déjà ce SIRET."]
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_many_organisations_may_have_no_siret():
    OrganisationFactory(siret="")
    other = Organisation(name="Sans SIRET", kind="network", siret="")
    other.full_clean()
    other.save()
    assert Organisation.objects.filter(siret="").count() == 2


def test_the_region_follows_the_department():
    bouches_du_rhone = Department.objects.get(code="13")
    organisation = OrganisationFactory(department=bouches_du_rhone)
    assert organisation.region.name == "Provence-Alpes-Côte d'Azur"


def test_a_region_that_contradicts_the_department_is_refused():
    organisation = Organisation(
        name="ESAT",
        kind="esat",
        department=Department.objects.get(code="13"),
        region=Region.objects.get(code="53"),
    )
    assert "region" in errors_of(organisation)


def test_the_territories_fixture_has_18_regions_and_101_departments():
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101
    assert Department.objects.get(code="2A").region.name == "Corse"


def test_search_ignores_accents_and_case_on_name_acronym_city_and_siret():
    metropole = OrganisationFactory(name="Métropole Aix-Marseille-Provence", city="Marseille")
    OrganisationFactory(name="Réseau Gesat", acronym="GESAT", city="Paris")
    assert list(Organisation.objects.search("metropole")) == [metropole]
    assert list(Organisation.objects.search("MÉTROPOLE marseille")) == [metropole]
    assert Organisation.objects.search("gesat").count() == 1
    assert list(Organisation.objects.search(metropole.siret)) == [metropole]


def test_archived_organisations_leave_the_active_list():
    kept = OrganisationFactory()
    OrganisationFactory(status="archived", archived_at="2026-01-01T00:00:00Z")
    assert list(Organisation.objects.active()) == [kept]


def test_an_archived_status_needs_its_date():
    organisation = OrganisationFactory.build(status="archived")
    assert errors_of(organisation)["__all__"] == [
        "Une organisation archivée porte sa date d'archivage."
    ]


def test_an_affiliation_cannot_end_before_it_starts():
    affiliation = Affiliation(
        contact=ContactFactory(),
        organisation=OrganisationFactory(),
        role_title="Président",
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2019, 1, 1),
    )
    assert errors_of(affiliation)["__all__"] == ["La fin de la fonction doit suivre son début."]


def test_a_person_can_hold_roles_in_several_organisations():
    person = ContactFactory()
    for organisation in OrganisationFactory.create_batch(2):
        Affiliation.objects.create(
            contact=person, organisation=organisation, role_title="Trésorier"
        )
    assert person.affiliations.count() == 2


def test_a_contact_email_is_unique_whatever_its_case():
    ContactFactory(email="claire.martin@example.org")
    twin = Contact(first_name="Claire", last_name="Martin", email="Claire.Martin@example.org")
    assert errors_of(twin)["__all__"] == ["Un contact utilise déjà cette adresse électronique."]


def test_consent_to_email_is_dated():
    contact = ContactFactory.build(email_consent=True)
    assert errors_of(contact)["__all__"] == ["Indiquez la date du consentement."]


def test_an_organisation_cannot_be_related_to_itself():
    unea = OrganisationFactory(name="UNEA")
    relationship = Relationship(source=unea, target=unea, kind="member_of")
    assert errors_of(relationship)["__all__"] == [
        "Une organisation ne peut pas être liée à elle-même."
    ]


def test_a_relationship_reads_both_ways():
    unea = OrganisationFactory(name="UNEA", kind="network")
    provider = OrganisationFactory(name="EA Blanchisserie Armor", kind="ea")
    link = Relationship.objects.create(source=provider, target=unea, kind="member_of")
    assert str(link) == "EA Blanchisserie Armor membre de UNEA"
    assert link.inverse_label == "a pour membre"
    assert list(unea.relationships_in.all()) == [link]


def test_an_organisation_with_a_contact_cannot_be_deleted():
    organisation = OrganisationFactory()
    Affiliation.objects.create(
        contact=ContactFactory(), organisation=organisation, role_title="Directrice"
    )
    with pytest.raises(ProtectedError):
        organisation.delete()

"""The demo data shows on every partners screen."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners.models import Contact, Organisation, Relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", stdout=None)


def test_every_partners_screen_shows_the_demo(demo, client_relations):
    metropole = Organisation.objects.get(name="Métropole Aix-Marseille-Provence")
    unea = Organisation.objects.get(acronym="UNEA")
    contact = Contact.objects.filter(affiliations__isnull=False).first()
    pages = {
        reverse("partners:organisation_list") + "?q=metropole": "Métropole Aix-Marseille-Provence",
        reverse("partners:organisation_detail", args=[metropole.pk]): "Réseau Gesat",
        reverse("partners:organisation_detail", args=[unea.pk]): "A pour membre",
        reverse("partners:contact_list"): contact.last_name.upper(),
        reverse("partners:contact_detail", args=[contact.pk]): contact.first_name,
        reverse("partners:interaction_list"): "Handiformelles",
        reverse("partners:provider_list"): "prestataires trouvés",
        reverse("partners:import_upload"): "raison_sociale",
        reverse("partners:organisation_create"): "Raison sociale",
        reverse("partners:interaction_create") + f"?organisation={metropole.pk}": "Suite à donner",
        reverse("partners:relationship_create", args=[metropole.pk]): "Organisation liée",
        reverse("partners:relationship_end", args=[Relationship.objects.first().pk]): "Terminer",
        reverse("partners:affiliation_create", args=[contact.pk]): "Fonction",
        reverse("partners:organisation_archive", args=[metropole.pk]): "Archiver",
    }
    for url, text in pages.items():
        response = client_relations.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url

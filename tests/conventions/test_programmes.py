from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from conventions.models import Convention, Party, Programme
from tests.factories import ConventionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ROLES = ["client_administrator", "client_relations", "client_coordinator", "client_collaborator"]
EDITORS = {"client_administrator", "client_relations"}


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("fixture", ROLES)
def test_every_role_reads_programmes_but_only_editors_change_them(fixture, request):
    client = request.getfixturevalue(fixture)
    programme = Programme.objects.create(name="Mission clauses sociales")
    assert client.get(reverse("conventions:programme_list")).status_code == 200
    assert client.get(programme.get_absolute_url()).status_code == 200
    expected = 200 if fixture in EDITORS else 403
    edit_urls = [
        reverse("conventions:programme_create"),
        reverse("conventions:programme_update", args=[programme.pk]),
    ]
    for url in edit_urls:
        assert client.get(url).status_code == expected
        assert client.post(url, {"name": "Renommé"}).status_code in {expected, 302}
    renamed = Programme.objects.filter(name="Renommé").exists()
    assert renamed == (fixture in EDITORS)


def test_an_unknown_programme_answers_404(client_relations):
    assert (
        client_relations.get(reverse("conventions:programme_detail", args=[999])).status_code == 404
    )
    url = reverse("conventions:programme_update", args=[999])
    assert client_relations.get(url).status_code == 404


def test_the_macs_demo_programme_lists_its_five_conventions(client_collaborator):
    call_command("demo", stdout=StringIO())
    programme = Programme.objects.get(acronym="MACS Île-de-France")
    page = page_of(client_collaborator.get(programme.get_absolute_url()))
    assert "5 conventions" in page
    for convention in programme.conventions.all():
        assert convention.reference in page
    assert "GIP Maximilien" in page
    assert "Historique" in page
    listing = page_of(client_collaborator.get(reverse("conventions:programme_list")))
    assert programme.get_absolute_url() in listing


def test_the_convention_page_and_list_link_to_the_programme(client_collaborator):
    programme = Programme.objects.create(name="Mission clauses sociales")
    convention = ConventionFactory(programme=programme)
    link = f'href="{programme.get_absolute_url()}"'
    assert link in page_of(client_collaborator.get(convention.get_absolute_url()))
    listing = page_of(client_collaborator.get(reverse("conventions:convention_list")))
    assert link in listing
    assert f'href="{reverse("conventions:programme_list")}"' in listing


def test_creating_a_programme_with_an_empty_name_shows_the_error_next_to_the_field(
    client_relations,
):
    response = client_relations.post(reverse("conventions:programme_create"), {"name": ""})
    page = page_of(response)
    assert 'id="id_name_error"' in page
    assert "Ce champ est obligatoire." in page
    assert not Programme.objects.exists()


def test_creating_then_renaming_a_programme_writes_its_history(client_relations):
    pilot = OrganisationFactory(name="GIP Maximilien")
    response = client_relations.post(
        reverse("conventions:programme_create"),
        {"name": "Mission clauses sociales", "acronym": "MACS", "pilot": pilot.pk},
    )
    programme = Programme.objects.get()
    assert response.url == programme.get_absolute_url()
    renamed = {"name": "Mission clauses sociales Île-de-France", "acronym": "MACS",
               "pilot": pilot.pk, "version": 1}  # fmt: skip
    client_relations.post(reverse("conventions:programme_update", args=[programme.pk]), renamed)
    page = page_of(client_relations.get(programme.get_absolute_url()))
    assert "Mission clauses sociales Île-de-France" in page
    assert "Restaurer la version du" in page


def _programme_with(n: int) -> Programme:
    programme = Programme.objects.create(name="Mission", pilot=OrganisationFactory())
    orgs = [OrganisationFactory() for _ in range(3)]
    for _ in range(n):
        convention = ConventionFactory(programme=programme)
        Party.objects.bulk_create(
            Party(convention=convention, organisation=org, order=i) for i, org in enumerate(orgs)
        )
    Programme.objects.bulk_create(Programme(name=f"Programme voisin {i:02}") for i in range(n))
    return programme


@pytest.mark.parametrize("size", [2, 30])
def test_programme_pages_run_the_same_queries_with_2_or_30_conventions(
    size, client_collaborator, django_assert_max_num_queries
):
    programme = _programme_with(size)
    with django_assert_max_num_queries(10):
        page = page_of(client_collaborator.get(programme.get_absolute_url()))
    assert f"{size} conventions" in page
    assert all(c.reference in page for c in programme.conventions.all())
    with django_assert_max_num_queries(7):
        listing = page_of(client_collaborator.get(reverse("conventions:programme_list")))
    assert f"<td>{Convention.objects.count()}</td>" in listing

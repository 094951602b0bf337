"""Search, filters, sorting and query budgets of the partners lists and pages."""

import pytest
from django.urls import reverse

from partners.models import Affiliation, Department, Organisation, Relationship, Trade
from tasks.models import Task
from tests.factories import (
    ContactFactory,
    OrganisationFactory,
    PartyFactory,
    TaskFactory,
    UserFactory,
    valid_siret,
)

pytestmark = pytest.mark.django_db

LIST = reverse("partners:organisation_list")


def names(client, query: str) -> list[str]:
    response = client.get(f"{LIST}?{query}")
    return [o.name for o in response.context["page_obj"]]


@pytest.fixture
def metropole():
    return OrganisationFactory(
        name="Métropole Aix-Marseille-Provence", kind="public_buyer", city="Marseille",
        siret="73282932000074",
    )  # fmt: skip


def test_search_ignores_accents_and_case(client_coordinator, metropole):
    OrganisationFactory(name="Réseau Gesat", kind="network")
    assert names(client_coordinator, "q=metropole") == ["Métropole Aix-Marseille-Provence"]
    assert names(client_coordinator, "q=MÉTROPOLE aix") == ["Métropole Aix-Marseille-Provence"]
    assert names(client_coordinator, "q=reseau") == ["Réseau Gesat"]


def test_search_finds_the_siret_typed_with_or_without_spaces(client_coordinator, metropole):
    assert names(client_coordinator, "q=732+829+320+00074") == [metropole.name]
    assert names(client_coordinator, "q=73282932000074") == [metropole.name]


def test_search_finds_the_acronym_and_the_city(client_coordinator):
    OrganisationFactory(
        name="Union nationale des entreprises adaptées", acronym="UNEA", city="Paris"
    )
    assert names(client_coordinator, "q=unea") == ["Union nationale des entreprises adaptées"]
    assert names(client_coordinator, "q=paris") == ["Union nationale des entreprises adaptées"]


def test_filters_by_kind_territory_trade_status_owner_and_network(client_coordinator, coordinator):
    bdr = Department.objects.get(code="13")
    laundry = Trade.objects.create(name="Blanchisserie")
    unea = OrganisationFactory(name="UNEA", kind="network")
    member = OrganisationFactory(name="EA membre", kind="ea", department=bdr, owner=coordinator)
    member.trades.add(laundry)
    Relationship.objects.create(source=member, kind="member_of", target=unea)
    OrganisationFactory(name="ESAT du 75", department=Department.objects.get(code="75"))
    assert names(client_coordinator, "kind=ea") == ["EA membre"]
    assert names(client_coordinator, f"department={bdr.pk}") == ["EA membre"]
    assert names(client_coordinator, f"region={bdr.region_id}") == ["EA membre"]
    assert names(client_coordinator, f"trade={laundry.pk}") == ["EA membre"]
    assert names(client_coordinator, f"owner={coordinator.pk}") == ["EA membre"]
    assert names(client_coordinator, f"network={unea.pk}") == ["EA membre"]
    assert names(client_coordinator, "status=prospect") == []


def test_sorting_and_a_result_count(client_coordinator):
    for name, city in [("B", "Lyon"), ("A", "Rennes"), ("C", "Arles")]:
        OrganisationFactory(name=name, city=city)
    assert names(client_coordinator, "") == ["A", "B", "C"]
    assert names(client_coordinator, "sort=-nom") == ["C", "B", "A"]
    assert names(client_coordinator, "sort=commune") == ["C", "B", "A"]
    assert "3 organisations trouvées" in client_coordinator.get(LIST).content.decode()


def test_filters_and_sort_stay_in_the_pagination_links(client_coordinator):
    OrganisationFactory.create_batch(30, kind="ea")
    OrganisationFactory(kind="esat")
    first = client_coordinator.get(f"{LIST}?kind=ea&sort=-nom")
    cursor = first.context["page_obj"].next_cursor
    assert f"?kind=ea&amp;sort=-nom&amp;apres={cursor}" in first.content.decode()
    second = client_coordinator.get(f"{LIST}?kind=ea&sort=-nom&apres={cursor}")
    names_seen = [o.name for o in first.context["page_obj"]] + [
        o.name for o in second.context["page_obj"]
    ]
    expected = list(
        Organisation.objects.filter(kind="ea")
        .order_by("-name_normalized")
        .values_list("name", flat=True)
    )
    assert names_seen == expected
    html = second.content.decode()
    assert "31 organisations" not in html and "30 organisations trouvées" in html
    previous = second.context["page_obj"].previous_cursor
    assert f"?kind=ea&amp;sort=-nom&amp;avant={previous}" in html
    back = client_coordinator.get(f"{LIST}?kind=ea&sort=-nom&avant={previous}")
    assert [o.name for o in back.context["page_obj"]] == expected[:25]


def test_past_ten_thousand_the_count_says_more_than(rf, coordinator):
    from django.template.loader import render_to_string

    from core.pagination import KeysetPage

    request = rf.get(LIST)
    request.user = coordinator
    page = KeysetPage(object_list=[], has_next=True, has_previous=False, count=10_000)
    page.count_capped = True
    html = render_to_string("partners/_organisation_results.html", {"page_obj": page}, request)
    assert "Plus de 10\u202f000 organisations trouvées" in html


def test_contacts_search_ignores_accents(client_coordinator):
    ContactFactory(first_name="Hélène", last_name="Lefèvre")
    ContactFactory(first_name="Paul", last_name="Martin")
    response = client_coordinator.get(reverse("partners:contact_list") + "?q=lefevre")
    assert [c.last_name for c in response.context["page_obj"]] == ["Lefèvre"]


def _populate(count: int) -> Organisation:
    """`count` organisations, each tied to the returned one by every kind of link."""
    hub = OrganisationFactory(name="Hub", kind="network")
    owner = UserFactory()
    laundry = Trade.objects.create(name=f"Blanchisserie {count}")
    others = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Org {n}", name_normalized=f"org {n}", search_text=f"org {n}", kind="esat",
                siret=valid_siret(10_000 + n), department=Department.objects.get(code="13"),
                owner=owner,
            )
            for n in range(count)
        ]
    )  # fmt: skip
    Organisation.trades.through.objects.bulk_create(
        [Organisation.trades.through(organisation=o, trade=laundry) for o in others]
    )
    Relationship.objects.bulk_create(
        [Relationship(source=o, kind="member_of", target=hub) for o in others]
        + [Relationship(source=hub, kind="partner_of", target=o) for o in others]
    )
    contacts = [ContactFactory() for _ in range(min(count, 20))]
    Affiliation.objects.bulk_create(
        [Affiliation(contact=c, organisation=hub, role_title="Chargé·e") for c in contacts]
        + [
            Affiliation(contact=contacts[0], organisation=o, role_title="Administrateur")
            for o in others
        ]
    )
    for n in range(min(count, 10)):
        PartyFactory(organisation=hub, convention__title=f"Convention {n}")
        TaskFactory(organisation=hub, assignee=owner)
    return hub


@pytest.mark.parametrize("count", [5, 200])
def test_the_pages_cost_the_same_queries_with_5_or_200_organisations(
    count, client_relations, django_assert_max_num_queries
):
    hub = _populate(count)
    contact = hub.affiliations.first().contact
    with django_assert_max_num_queries(14):
        assert client_relations.get(LIST).status_code == 200
    with django_assert_max_num_queries(14):
        assert (
            client_relations.get(f"{LIST}?q=org&department=1&trade=1&sort=-nom").status_code == 200
        )
    # The purchases panel adds one grouped query of the organisation's yearly totals.
    with django_assert_max_num_queries(21):
        assert client_relations.get(hub.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client_relations.get(contact.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert client_relations.get(reverse("partners:contact_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client_relations.get(reverse("partners:provider_list")).status_code == 200
    assert Task.objects.count() == min(count, 10)

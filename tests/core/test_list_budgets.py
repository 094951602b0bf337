"""Every list page runs at most 5 queries, with 5 rows or 500, on its first and a later page.

Session, user, the page, a bounded count, the notification badge: filter choices
come from code or a cache, and no list counts or offsets over the whole table.
"""

import datetime as dt

import pytest
from django.urls import reverse

from actions.models import Action
from conventions.models import Convention, Party
from conventions.models.search import search_text_of
from core.pagination import AFTER
from partners.models import (
    Affiliation,
    Contact,
    Department,
    Interaction,
    Organisation,
    Relationship,
    Trade,
)
from tasks.models import Task
from tests.factories import valid_siret

pytestmark = pytest.mark.django_db

BUDGET = 5


def populate(count: int, user) -> dict:
    department = Department.objects.get(code="13")
    trade = Trade.objects.create(name="Blanchisserie")
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Org {n}", name_normalized=f"org {n}", search_text=f"org {n}", kind="esat",
                siret=valid_siret(20_000 + n), department=department, region=department.region,
                owner=user, city="Marseille",
            )
            for n in range(count)
        ]
    )  # fmt: skip
    Organisation.trades.through.objects.bulk_create(
        [Organisation.trades.through(organisation=o, trade=trade) for o in organisations]
    )
    contacts = Contact.objects.bulk_create(
        [
            Contact(first_name="Anne", last_name=f"Durand {n}", name_normalized=f"durand {n} anne")
            for n in range(count)
        ]
    )
    Affiliation.objects.bulk_create(
        [
            Affiliation(contact=c, organisation=o, role_title="Directrice")
            for c, o in zip(contacts, organisations, strict=True)
        ]
    )
    interactions = Interaction.objects.bulk_create(
        [
            Interaction(
                kind="call",
                occurred_on=dt.date(2026, 1, 1 + n % 28),
                subject=f"Appel {n}",
                search_text=f"appel {n}",
                author=user,
            )
            for n in range(count)
        ]
    )
    Interaction.organisations.through.objects.bulk_create(
        [
            Interaction.organisations.through(interaction=i, organisation=o)
            for i, o in zip(interactions, organisations, strict=True)
        ]
    )
    Interaction.contacts.through.objects.bulk_create(
        [
            Interaction.contacts.through(interaction=i, contact=c)
            for i, c in zip(interactions, contacts, strict=True)
        ]
    )
    conventions = Convention.objects.bulk_create(
        [
            Convention(
                reference=f"CONV-2026-{n:05}", title=f"Convention {n}", title_normalized=f"convention {n}",
                search_text=search_text_of(f"Convention {n}", f"CONV-2026-{n:05}", []),
                starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31),
            )
            for n in range(count)
        ]
    )  # fmt: skip
    Party.objects.bulk_create(
        [
            Party(convention=c, organisation=o)
            for c, o in zip(conventions, organisations, strict=True)
        ]
    )
    Action.objects.bulk_create(
        [
            Action(convention=c, number=str(n), title=f"Action {n}", title_normalized=f"action {n}",
                   owner_user=user, due_on=dt.date(2026, 6, 1 + n % 28))
            for n, c in enumerate(conventions)
        ]
    )  # fmt: skip
    Task.objects.bulk_create(
        [
            Task(title=f"Relancer {n}", assignee=user, due_on=dt.date(2026, 6, 1 + n % 28),
                 organisation=o)
            for n, o in enumerate(organisations)
        ]
    )  # fmt: skip
    network = Organisation.objects.create(name="Réseau Gesat", kind="network")
    Relationship.objects.bulk_create(
        [Relationship(kind="member_of", source=o, target=network) for o in organisations]
    )
    return {
        "department": department.pk, "region": department.region_id, "trade": trade.pk,
        "owner": user.pk, "network": network.pk, "party": organisations[0].pk,
    }  # fmt: skip


LISTS = [
    ("partners:organisation_list", ""),
    (
        "partners:organisation_list",
        "q=org&kind=esat&department={department}&region={region}&trade={trade}&sort=-nom",
    ),
    ("partners:organisation_list", "sort=commune"),
    # The owner and network filters as the autocomplete sends them (the label rides along).
    (
        "partners:organisation_list",
        "owner={owner}&owner_q=Coordinatrice&network={network}&network_q=R%C3%A9seau+Gesat",
    ),
    # Without JavaScript: the texts typed, matched on the cached people and the indexed names.
    ("partners:organisation_list", "owner_q=&owner=&network_q=gesat"),
    ("partners:organisation_list", "sort=-modification"),
    ("partners:provider_list", "department={department}"),
    ("partners:contact_list", ""),
    ("partners:contact_list", "q=durand"),
    ("partners:interaction_list", ""),
    ("partners:interaction_list", "q=appel&kind=call&du=2026-01-01&au=2026-12-31"),
    (
        "partners:interaction_list",
        "organisation={party}&organisation_q=Org+0&author={owner}&author_q=x",
    ),
    # Without JavaScript: the organisation typed, matched on the indexed names.
    ("partners:interaction_list", "organisation=&organisation_q=org"),
    ("conventions:convention_list", ""),
    ("conventions:convention_list", "q=convention&sort=title"),
    ("conventions:convention_list", "sort=ends_on"),
    ("conventions:convention_list", "party={party}&party_q=Org+0"),
    ("actions:action_list", ""),
    ("actions:action_list", "q=action&sort=-due_on"),
    ("actions:action_list", "sort=convention"),
    ("tasks:task_list", ""),
    ("tasks:task_list", "scope=team&due=overdue"),
    ("tasks:task_list", "scope=team&assignee={owner}&assignee_q=Coordinatrice"),
]


@pytest.mark.parametrize("count", [5, 500])
def test_every_list_runs_at_most_5_queries_on_its_first_and_next_page(
    count, client_coordinator, coordinator, django_assert_max_num_queries
):
    ids = populate(count, coordinator)
    # The first visit fills the cached permissions and filter choices; the budget is the rest.
    for name, _query in LISTS:
        client_coordinator.get(reverse(name))
    for name, query in LISTS:
        url = f"{reverse(name)}?{query.format(**ids)}"
        with django_assert_max_num_queries(BUDGET):
            response = client_coordinator.get(url)
        assert response.status_code == 200, url
        page = response.context["page_obj"]
        assert len(page) > 0, url
        if page.has_next:
            with django_assert_max_num_queries(BUDGET):
                response = client_coordinator.get(f"{url}&{AFTER}={page.next_cursor}")
            assert response.status_code == 200 and len(response.context["page_obj"]), url
        with django_assert_max_num_queries(BUDGET):
            assert client_coordinator.get(url, headers={"HX-Request": "true"}).status_code == 200

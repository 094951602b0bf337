"""At national size no page renders a whole table (items 1 and 8 of issue 11).

The demo data plus 2,000 organisations, each a party to a convention with an action, and
200 more people and contacts: every list, filter, detail page and form stays below 150
options in any <select> (fixed lists such as the 101 departments may stay selects; what grows
with the data is an autocomplete, core/autocomplete.py) and below 150 kB of HTML.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from actions.models import Action, Indicator
from conventions.models import Convention, Party, Programme
from core.models import User
from partners.models import Affiliation, Contact, Organisation
from purchases.models import Purchase
from tasks.models import Task
from tests.factories import valid_siret

MAX_OPTIONS = 150
MAX_BYTES = 150 * 1000
SELECT = re.compile(r"<select\b.*?</select>", re.DOTALL)
LISTS = [
    "core:home",
    "partners:organisation_list",
    "partners:provider_list",
    "partners:contact_list",
    "partners:interaction_list",
    "purchases:purchase_list",
    "purchases:purchase_create",
    "purchases:purchase_import",
    "conventions:convention_list",
    "conventions:programme_list",
    "actions:action_list",
    "tasks:task_list",
    "tasks:notification_list",
    "partners:organisation_create",
    "partners:contact_create",
    "partners:interaction_create",
    "conventions:convention_create",
    "conventions:programme_create",
    "conventions:report_batch_create",
    "tasks:task_create",
    "tasks:preference_update",
]
# (url name, the model whose first row's pk it takes)
BY_ROW = [
    ("partners:organisation_detail", Organisation),
    ("partners:organisation_update", Organisation),
    ("partners:relationship_create", Organisation),
    ("partners:contact_detail", Contact),
    ("partners:contact_update", Contact),
    ("partners:affiliation_create", Contact),
    ("partners:affiliation_update", Affiliation),
    ("purchases:purchase_update", Purchase),
    ("conventions:convention_detail", Convention),
    ("conventions:convention_update", Convention),
    ("conventions:convention_amend", Convention),
    ("conventions:party_create", Convention),
    ("conventions:document_list", Convention),
    ("conventions:programme_detail", Programme),
    ("conventions:programme_update", Programme),
    ("actions:action_create", Convention),
    ("actions:indicator_create", Convention),
    ("actions:action_detail", Action),
    ("actions:action_update", Action),
    ("actions:indicator_detail", Indicator),
    ("actions:indicator_update", Indicator),
    ("tasks:task_detail", Task),
    ("tasks:task_update", Task),
]


@pytest.fixture(scope="module")
def national(module_demo, django_db_blocker) -> None:
    """Rows added inside the demo's module transaction, rolled back with it."""
    with django_db_blocker.unblock():
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(name=f"EA {n}", name_normalized=f"ea {n}", search_text=f"ea {n}",
                             kind="ea", siret=valid_siret(30_000 + n))
                for n in range(2000)
            ]
        )  # fmt: skip
        conventions = Convention.objects.bulk_create(
            [
                Convention(reference=f"NAT-2027-{n:05}", title=f"Convention {n}",
                           title_normalized=f"convention {n}", starts_on=dt.date(2026, 1, 1))
                for n in range(2000)
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
                Action(convention=c, number="1", title="Action", title_normalized="action")
                for c in conventions
            ]
        )
        User.objects.bulk_create(
            [User(username=f"agent{n}", last_name=f"Agent {n}") for n in range(200)]
        )
        Contact.objects.bulk_create(
            [
                Contact(first_name="Camille", last_name=f"Contact {n}", name_normalized=f"contact {n}")
                for n in range(200)
            ]
        )  # fmt: skip


def urls() -> list[str]:
    found = [reverse(name) for name in LISTS]
    # A demo convention still in negotiation: its parties and plan can be edited.
    convention = (
        Convention.objects.filter(
            status="negotiation", parties__isnull=False, actions__isnull=False
        )
        .order_by("pk")
        .first()
    )
    for name, model in BY_ROW:
        # The demo's own rows: that convention, its action and indicator; a task; etc.
        rows = model.objects.order_by("pk")
        if model is Convention:
            rows = rows.filter(pk=convention.pk)
        elif model in (Action, Indicator):
            rows = rows.filter(convention=convention) or rows
        found.append(reverse(name, args=[rows.first().pk]))
    party = convention.parties.order_by("pk").first()
    found.append(reverse("conventions:party_update", args=[convention.pk, party.pk]))
    # The filters set, as the autocompletes send them.
    owner, network = User.objects.order_by("pk").first(), Organisation.objects.first()
    found.append(
        reverse("partners:organisation_list")
        + f"?owner={owner.pk}&owner_q=x&network={network.pk}&network_q=x"
    )
    # The buyer with the most purchase lines of the demo: its purchasing page.
    metropole = Organisation.objects.get(name="Métropole Aix-Marseille-Provence")
    found.append(reverse("purchases:buyer_purchases", args=[metropole.pk]))
    return found


@pytest.mark.django_db
def test_no_page_renders_a_select_of_over_150_options_or_weighs_over_150_kb(
    national, client_administrator
):
    selects, weights = {}, {}
    for url in urls():
        response = client_administrator.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        selects[url] = max((select.count("<option") for select in SELECT.findall(html)), default=0)
        weights[url] = len(response.content)
    assert max(selects.values()) <= MAX_OPTIONS, sorted(selects.items(), key=lambda s: -s[1])[:3]
    assert max(weights.values()) <= MAX_BYTES, sorted(weights.items(), key=lambda w: -w[1])[:3]

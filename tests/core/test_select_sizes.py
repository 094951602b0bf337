"""No list filter renders a <select> that grows with the data (item 8 of issue 11, lists only).

2,000 organisations, each a party to a convention with an action: the filters of
every list stay below 150 options. Fixed lists (101 departments) may stay selects.
Still to do: the forms' relation fields (journal, party, task), and the network
and owner filters, which grow with networks and users (the autocomplete).
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from actions.models import Action
from conventions.models import Convention, Party
from partners.models import Organisation
from tests.factories import valid_siret

pytestmark = pytest.mark.django_db

LISTS = [
    "partners:organisation_list",
    "partners:provider_list",
    "partners:contact_list",
    "partners:interaction_list",
    "conventions:convention_list",
    "actions:action_list",
    "tasks:task_list",
]
SELECT = re.compile(r"<select\b.*?</select>", re.DOTALL)


def test_no_list_filter_renders_a_select_of_more_than_150_options(client_coordinator):
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"EA {n}", name_normalized=f"ea {n}", search_text=f"ea {n}",
                         kind="ea", siret=valid_siret(30_000 + n))
            for n in range(2000)
        ]
    )  # fmt: skip
    conventions = Convention.objects.bulk_create(
        [
            Convention(reference=f"CONV-2026-{n:05}", title=f"Convention {n}",
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
    for name in LISTS:
        html = client_coordinator.get(reverse(name)).content.decode()
        sizes = [select.count("<option") for select in SELECT.findall(html)]
        assert sizes and max(sizes) <= 150, (name, sizes)

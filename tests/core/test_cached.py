"""Cached permissions and filter choices follow every change at once."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from partners.models import Organisation, Trade
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("partners:organisation_list")


def test_a_role_taken_away_stops_working_on_the_next_page(client_coordinator, coordinator):
    assert client_coordinator.get(LIST).status_code == 200
    coordinator.groups.clear()
    assert client_coordinator.get(LIST).status_code == 403
    coordinator.groups.add(Group.objects.get(name="Coordinateur·rice"))
    assert client_coordinator.get(LIST).status_code == 200


def test_permissions_are_read_without_a_query_once_cached(
    client_coordinator, django_assert_max_num_queries
):
    client_coordinator.get(LIST)
    with django_assert_max_num_queries(4) as captured:
        client_coordinator.get(LIST)
    assert not any("auth_permission" in q["sql"] for q in captured.captured_queries)


def test_a_new_trade_and_a_new_network_show_in_the_filters_at_once(client_coordinator):
    assert "Blanchisserie" not in client_coordinator.get(LIST).content.decode()
    Trade.objects.create(name="Blanchisserie")
    OrganisationFactory(name="Réseau Nouveau", kind=Organisation.Kind.NETWORK)
    html = client_coordinator.get(LIST).content.decode()
    assert ">Blanchisserie</option>" in html
    # The network filter is an autocomplete: the endpoint reads the table itself.
    networks = client_coordinator.get(
        reverse("core:autocomplete", args=["networks"]), {"q": "nouv"}
    )
    assert [row["label"] for row in networks.json()["results"]] == ["Réseau Nouveau"]

"""Search by trigram index on PostgreSQL, plain scan on SQLite; actions ignore accents."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

# Each search's column, as the list's query filters it (`__contains`: LIKE '%word%').
SEARCHES = {
    "organisation_search_trgm": ("partners_organisation", "search_text"),
    "contact_name_trgm": ("partners_contact", "name_normalized"),
    "contact_email_trgm": ("partners_contact", "upper((email)::text)"),
    "convention_title_trgm": ("conventions_convention", "title_normalized"),
    "convention_reference_trgm": ("conventions_convention", "upper((reference)::text)"),
    "convention_search_trgm": ("conventions_convention", "search_text"),
    "action_title_trgm": ("actions_action", "title_normalized"),
    "interaction_search_trgm": ("partners_interaction", "search_text"),
}


@pytest.mark.parametrize("index", sorted(SEARCHES))
def test_each_search_column_has_its_trigram_index_on_postgresql_only(index):
    table, column = SEARCHES[index]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
            (definition,) = cursor.fetchone()
            assert f"ON public.{table} USING gin ({column} gin_trgm_ops)" in definition
        else:
            # SQLite has no trigram index: the same queries scan the table.
            assert index not in connection.introspection.get_constraints(cursor, table)


def test_the_action_search_ignores_accents_and_case(client_coordinator):
    ActionFactory(title="Identifier les marchés réservés")
    ActionFactory(title="Former les acheteurs")
    for query in ("marches", "MARCHÉS reserves"):
        response = client_coordinator.get(reverse("actions:action_list"), {"q": query})
        titles = [a.title for a in response.context["page_obj"]]
        assert titles == ["Identifier les marchés réservés"], query

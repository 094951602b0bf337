"""Every list's page comes in its order from an index, whatever the filter: no sort of the
matching rows, which at national size is a scan of millions (bench/national.py).

The page query a request runs is planned again with sorting priced out (PostgreSQL's
`enable_sort` off): a plan that still sorts has no index giving that order.
"""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ActionFactory,
    ContactFactory,
    ConventionFactory,
    OrganisationFactory,
    TaskFactory,
)

pytestmark = [
    pytest.mark.django_db,
    # The indexes that give these orders (NULLS LAST, expressions) are PostgreSQL's, made by
    # core.migration_ops.postgresql_only; SQLite, the zero-setup default, sorts instead.
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the sort indexes are PostgreSQL's; CI runs the suite on PostgreSQL",
    ),
]

# Each list with its sorts and the filters a user picks most (bench/national.py walks them all).
PAGES = {
    "partners:organisation_list": [
        {}, {"sort": "-nom"}, {"sort": "commune"}, {"sort": "-commune"}, {"sort": "type"},
        {"sort": "-type"}, {"sort": "modification"}, {"sort": "-modification"},
        {"region": "1"}, {"department": "1"}, {"kind": "network"}, {"owner": "OWNER"},
    ],
    "partners:provider_list": [{}, {"sort": "commune"}, {"sort": "-nom"}],
    "partners:contact_list": [{}, {"email_consent": "true"}, {"email_consent": "false"}],
    "partners:interaction_list": [
        {}, {"kind": "call"}, {"author": "OWNER"}, {"du": "2026-01-01", "au": "2026-06-30"},
    ],
    "conventions:convention_list": [{}, {"sort": "title"}, {"sort": "ends_on"}, {"sort": "status"}],
    "actions:action_list": [
        {}, {"sort": "due_on"}, {"sort": "convention"}, {"sort": "status"}, {"owner": "me"},
    ],
    "tasks:task_list": [{}, {"due": "later"}],
}  # fmt: skip
# The keyset page query carries its bounded count (core/pagination.py).
PAGE_QUERY_MARK = "_keyset_total"
# An incremental sort only orders rows within groups an index already ordered: bounded.
SORT_NODE = re.compile(r"(?<!Incremental )\bSort\s+\(cost")


def _plan_sorts(sql: str) -> list[str]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql)
        return [row[0] for row in cursor.fetchall() if SORT_NODE.search(row[0])]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_sort_and_filter_reads_its_page_from_an_index(
    name, administrator, client_administrator
):
    OrganisationFactory(kind="esat", city="Lyon")
    OrganisationFactory(kind="network", city="Albi")
    ContactFactory()
    ConventionFactory()
    ActionFactory()
    TaskFactory()
    for params in PAGES[name]:
        params = {k: str(administrator.pk) if v == "OWNER" else v for k, v in params.items()}
        with CaptureQueriesContext(connection) as captured:
            assert client_administrator.get(reverse(name), params).status_code == 200
        pages = [q["sql"] for q in captured.captured_queries if PAGE_QUERY_MARK in q["sql"]]
        assert pages, (name, params)
        assert _plan_sorts(pages[0]) == [], (name, params, pages[0])

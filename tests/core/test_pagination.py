"""Keyset pagination: every row once, in order, forwards and backwards, with ties and NULLs."""

import pytest
from django.test import RequestFactory

from core.pagination import AFTER, BEFORE, encode_cursor, keyset_page
from partners.models import Department, Organisation
from tests.factories import valid_siret

pytestmark = pytest.mark.django_db

PER_PAGE = 4


@pytest.fixture
def organisations():
    """23 rows: cities tied three by three, a third without a department."""
    departments = list(Department.objects.order_by("code")[:3])
    return Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Org {n:02}", name_normalized=f"org {n:02}", kind="esat",
                city=["Arles", "Brest", "Caen", ""][n % 4], siret=valid_siret(50_000 + n),
                department=None if n % 3 == 0 else departments[n % 3],
            )
            for n in range(23)
        ]
    )  # fmt: skip


def walk(ordering, direction=AFTER, per_page=PER_PAGE, **params):
    """Every page from the first, following the next links (or, backwards, from the last)."""
    queryset = Organisation.objects.all()
    request = RequestFactory().get("/", params)
    pages = [keyset_page(request, queryset, per_page, ordering=ordering)]
    if direction == BEFORE:
        while pages[-1].has_next:
            cursor = pages[-1].next_cursor
            pages.append(keyset_page(RequestFactory().get("/", {AFTER: cursor}), queryset, per_page, ordering=ordering))  # fmt: skip
        pages = [pages[-1]]
        while pages[-1].has_previous:
            cursor = pages[-1].previous_cursor
            pages.append(keyset_page(RequestFactory().get("/", {BEFORE: cursor}), queryset, per_page, ordering=ordering))  # fmt: skip
        pages.reverse()
        return pages
    while pages[-1].has_next:
        cursor = pages[-1].next_cursor
        pages.append(keyset_page(RequestFactory().get("/", {AFTER: cursor}), queryset, per_page, ordering=ordering))  # fmt: skip
    return pages


ORDERINGS = [
    ["name_normalized"],
    ["-name_normalized"],
    ["city", "pk"],
    ["-city", "pk"],
    ["department", "name_normalized"],
    ["-department", "-pk"],
    ["department__code", "-city"],
]


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("direction", [AFTER, BEFORE])
def test_walking_the_pages_shows_every_row_once_in_order(organisations, ordering, direction):
    from django.db.models import F

    expected_order = []
    for term in ordering:
        name = term.lstrip("-")
        expression = F(name)
        expected_order.append(
            expression.desc(nulls_last=True)
            if term.startswith("-")
            else expression.asc(nulls_last=True)
        )
    if ordering[-1] in ("pk", "-pk"):
        expected_order[-1] = ordering[-1]
    else:
        # Without a pk of its own, the sort ends on the pk in its last key's direction.
        expected_order.append("-pk" if ordering[-1].startswith("-") else "pk")
    expected = list(Organisation.objects.order_by(*expected_order).values_list("pk", flat=True))
    pages = walk(ordering, direction)
    seen = [o.pk for page in pages for o in page]
    assert seen == expected
    assert len(pages) == 6  # 23 rows, 4 a page
    assert all(len(page) == PER_PAGE for page in pages[:-1])
    assert not pages[0].has_previous and not pages[-1].has_next


def test_the_count_is_bounded(organisations):
    request = RequestFactory().get("/")
    page = keyset_page(request, Organisation.objects.all(), PER_PAGE, count_limit=10)
    assert (page.count, page.count_capped) == (10, True)
    page = keyset_page(request, Organisation.objects.all(), PER_PAGE, count_limit=100)
    assert (page.count, page.count_capped) == (23, False)


def test_the_page_and_its_count_are_one_query(organisations, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        page = keyset_page(request, Organisation.objects.all(), 50)
    assert page.count == 23 and not page.has_other_pages


@pytest.mark.parametrize(
    "cursor",
    ["", "garbage!", encode_cursor(["x"]), encode_cursor(["org 01", "not a number"]), "A" * 3000],
)
def test_a_cursor_that_is_not_ours_shows_the_first_page(organisations, cursor):
    request = RequestFactory().get("/", {AFTER: cursor})
    page = keyset_page(request, Organisation.objects.all(), PER_PAGE, ordering=["name_normalized"])
    assert [o.name for o in page] == ["Org 00", "Org 01", "Org 02", "Org 03"]
    assert not page.has_previous


def test_a_page_deep_in_the_list_is_found_by_its_key_not_an_offset(
    organisations, django_assert_num_queries
):
    first = keyset_page(RequestFactory().get("/"), Organisation.objects.all(), PER_PAGE)
    request = RequestFactory().get("/", {AFTER: first.next_cursor})
    with django_assert_num_queries(1) as captured:
        page = keyset_page(request, Organisation.objects.all(), PER_PAGE)
    assert [o.name for o in page] == ["Org 04", "Org 05", "Org 06", "Org 07"]
    assert page.count == 23
    sql = captured.captured_queries[0]["sql"].upper()
    assert "OFFSET" not in sql and "LIMIT 5" in sql and "LIMIT 10001" in sql


def test_a_link_past_the_end_shows_an_empty_page_with_its_count(organisations):
    from core.pagination import encode_cursor as encode

    request = RequestFactory().get("/", {AFTER: encode(["zzz", 10**9])})
    page = keyset_page(request, Organisation.objects.all(), PER_PAGE)
    assert (len(page), page.count, page.has_previous, page.has_next) == (0, 23, True, False)


@pytest.mark.django_db
def test_a_filter_that_can_match_nothing_shows_an_empty_page(client_coordinator):
    """A search that normalises to nothing (`pk__in` an empty result) costs no query, no 500."""
    page = keyset_page(
        RequestFactory().get("/"),
        Organisation.objects.filter(pk__in=Organisation.objects.none()),
        10,
    )
    assert (list(page), page.count, page.has_next) == ([], 0, False)
    response = client_coordinator.get("/conventions/", {"party": "\U0008c507\t"})
    assert response.status_code == 200

"""Keyset (seek) pagination: page 50,000 costs what page 1 costs.

A page is found by the sort key of the row before it (`?apres=…`) or after it
(`?avant=…`), never by an OFFSET, and the count stops at `COUNT_LIMIT`
("plus de 10 000 résultats") instead of counting millions of rows. The sort
always ends on the primary key, so the key is unique and no row is skipped or
shown twice between pages. Each list's sort keys are backed by an index in its
model's `Meta.indexes`.

Queries: one for the page and its bounded count together (plus the caller's
prefetches); a second for the count only when a stale link points past the end.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest

COUNT_LIMIT = 10_000
AFTER = "apres"
BEFORE = "avant"


@dataclass(frozen=True)
class Key:
    """One column of the sort: its lookup path, direction and whether it may be NULL."""

    path: str
    descending: bool
    nullable: bool
    field: Any

    def value_of(self, obj: Model) -> Any:
        # Through the (select_related) path, then the column itself: a foreign key's id.
        for part in self.path.split("__")[:-1]:
            obj = None if obj is None else getattr(obj, part)
        return None if obj is None else getattr(obj, self.field.attname)


@dataclass
class KeysetPage:
    """What `includes/_pagination.html` and the lists' counts read."""

    object_list: list
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""
    count: int = 0
    count_capped: bool = False
    count_limit: int = COUNT_LIMIT
    keys: list[Key] = field(default_factory=list, repr=False)

    def __iter__(self) -> Iterator:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index: int) -> Any:
        return self.object_list[index]

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def sort_keys(model: type[Model], ordering: Sequence[str]) -> list[Key]:
    """The keys of `ordering` ("-due_on", "convention__reference"…), ending on the pk."""
    keys = []
    pk_descending = None
    for term in ordering:
        path = term.lstrip("-")
        if path in ("pk", "id"):
            pk_descending = term.startswith("-")
            break
        keys.append(Key(path, term.startswith("-"), *_field_of(model, path)))
    if pk_descending is None:
        # The pk follows the last key's direction: one index read backwards serves both.
        pk_descending = bool(keys) and keys[-1].descending
    keys.append(Key("pk", pk_descending, False, model._meta.pk))
    return keys


def _field_of(model: type[Model], path: str) -> tuple[bool, Any]:
    nullable = False
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist as error:
            raise ValueError(f"{model.__name__} cannot be sorted on {path}") from error
        nullable = nullable or field.null
        if field.is_relation:
            model = field.related_model
    return nullable, field


def _order_by(keys: list[Key], backwards: bool) -> list:
    terms = []
    for key in keys:
        descending = key.descending != backwards
        expression = F(key.path)
        if key.nullable:
            # NULLs come last in reading order on every database, first when read backwards.
            nulls = {"nulls_first": True} if backwards else {"nulls_last": True}
            terms.append(expression.desc(**nulls) if descending else expression.asc(**nulls))
        else:
            terms.append(expression.desc() if descending else expression.asc())
    return terms


def _beyond(keys: list[Key], values: list, backwards: bool) -> Q:
    """Rows strictly past `values` in reading order (or before them, `backwards`)."""
    key, value, rest = keys[0], values[0], keys[1:]
    if value is None:
        # NULLs sit at the end: after a NULL only NULLs; before it every non-NULL too.
        tail = Q(**{f"{key.path}__isnull": True})
        if rest:
            tail &= _beyond(rest, values[1:], backwards)
        elif not backwards:
            return Q(pk__in=[])
        if backwards:
            return Q(**{f"{key.path}__isnull": False}) | tail
        return tail
    increasing = key.descending == backwards
    strict = "gt" if increasing else "lt"
    condition = Q(**{f"{key.path}__{strict}": value})
    if key.nullable and not backwards:
        condition |= Q(**{f"{key.path}__isnull": True})
    if rest:
        condition |= Q(**{key.path: value}) & _beyond(rest, values[1:], backwards)
        # A plain range on the first column lets the index seek to the page.
        if not key.nullable:
            condition &= Q(**{f"{key.path}__{strict}e": value})
    return condition


def encode_cursor(values: list) -> str:
    data = json.dumps([None if v is None else str(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def decode_cursor(text: str, keys: list[Key]) -> list | None:
    """The cursor's values typed by their fields, or None when it is not ours."""
    if not text or len(text) > 2000:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(raw, list) or len(raw) != len(keys):
        return None
    values = []
    for key, value in zip(keys, raw, strict=True):
        if value is None:
            if not key.nullable:
                return None
            values.append(None)
            continue
        if not isinstance(value, str):
            return None
        target = key.field.target_field if key.field.is_relation else key.field
        try:
            values.append(target.to_python(value))
        except (ValidationError, ValueError, TypeError):
            return None
    return values


def keyset_page(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int,
    ordering: Sequence[str] | None = None,
    count_limit: int = COUNT_LIMIT,
) -> KeysetPage:
    """The page of `queryset` that the request's cursor points to.

    Sorted by `ordering`, or else by the queryset's own `order_by()` or its
    model's `Meta.ordering` (field names only), always ending on the pk.
    """
    if ordering is None:
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    if not all(isinstance(term, str) for term in ordering):
        raise ValueError("keyset pagination sorts on field names only")
    keys = sort_keys(queryset.model, ordering)
    after = decode_cursor(request.GET.get(AFTER, ""), keys)
    before = None if after is not None else decode_cursor(request.GET.get(BEFORE, ""), keys)
    backwards = before is not None
    rows = queryset.order_by(*_order_by(keys, backwards))
    cursor = before if backwards else after
    if cursor is not None:
        rows = rows.filter(_beyond(keys, cursor, backwards))
    # The bounded count rides along in the page's own query, a scalar subquery that
    # does not depend on the row and is evaluated once, rather than a query of its own.
    bounded = queryset.order_by().values("pk")[: count_limit + 1]
    try:
        sql, params = bounded.query.sql_with_params()
    except EmptyResultSet:
        # A filter that can match nothing (`pk__in` an empty search): no query to run.
        return KeysetPage(
            [], has_next=False, has_previous=False, count_limit=count_limit, keys=keys
        )
    rows = rows.annotate(
        _keyset_total=RawSQL(f"SELECT COUNT(*) FROM ({sql}) _keyset_bounded", params)
    )
    found = list(rows[: per_page + 1])
    more = len(found) > per_page
    found = found[:per_page]
    if backwards:
        found.reverse()
    page = KeysetPage(
        object_list=found,
        # Walking back, the page we came from follows; walking on, the one we left precedes.
        has_next=True if backwards else more,
        has_previous=more if backwards else cursor is not None,
        count_limit=count_limit,
        keys=keys,
    )
    if found:
        page.next_cursor = encode_cursor([k.value_of(found[-1]) for k in keys])
        page.previous_cursor = encode_cursor([k.value_of(found[0]) for k in keys])
    if found:
        total = found[0]._keyset_total
    elif cursor is None:
        total = 0
    else:
        # Past the end (a stale link) no row carries the count: count on its own.
        total = queryset.order_by()[: count_limit + 1].count()
    page.count = min(total, count_limit)
    page.count_capped = total > count_limit
    return page


@dataclass
class Section:
    """The first rows of a detail page's section, and how many there are in all (bounded)."""

    rows: list
    count: int
    capped: bool = False

    def __iter__(self) -> Iterator:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def has_more(self) -> bool:
        return self.count > len(self.rows)


def section(queryset: QuerySet, limit: int, count_limit: int = COUNT_LIMIT) -> Section:
    """The first `limit` rows of `queryset`; its bounded count costs a query only past them."""
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return Section(rows, len(rows))
    total = queryset.order_by()[: count_limit + 1].count()
    return Section(rows[:limit], min(total, count_limit), capped=total > count_limit)

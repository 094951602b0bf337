"""The national benchmark's data, written by PostgreSQL itself (`generate_series`).

Every row goes through `insert()`: the columns are read from the models, so a column
added by a migration gets its model default (or a typed blank) without this file
changing; the columns the pages show are given explicitly below, consistent with every
check constraint (normalised names as `core.text.normalize` writes them for ASCII text,
regions matching departments, done tasks dated…). History rows are copied from the
tables they describe, one creation row each, as django-simple-history writes them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, models
from psycopg import sql

# The national sizes; `--scale` multiplies them, `--tasks` replaces the last one.
SIZES = {
    "users": 2_000,
    "organisations": 1_000_000,
    "contacts": 3_000_000,
    "conventions": 20_000,
    "actions_per_convention": 10,
    "tasks": 10_000_000,
}
# The convention whose page shows the longest action plan.
BIG_CONVENTION_ACTIONS = 60

WORDS = ["atelier", "association", "entreprise", "regie", "cooperative", "services", "esat"]
TOWNS = ["lyon", "nantes", "lille", "rennes", "dijon", "brest", "metz", "nice", "pau", "albi"]
KINDS = ["esat", "ea", "ei", "aci", "network", "federation", "public_buyer", "private_buyer"]

_TYPE_BLANKS = {
    "CharField": "''",
    "TextField": "''",
    "EmailField": "''",
    "URLField": "''",
    "SlugField": "''",
    "BooleanField": "false",
    "DateField": "current_date",
    "DateTimeField": "now()",
    "TimeField": "'00:00'",
    "JSONField": "'{}'::jsonb",
}


def _literal(value: object) -> str:
    return sql.Literal(value).as_string(connection.connection)


def _value_of(field: models.Field, given: dict[str, str]) -> str:
    if field.column in given:
        return given[field.column]
    if field.primary_key:
        return "g"
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        # Saved yesterday: the planner's steady tick must not take the load for changes.
        return "now() - interval '1 day'"
    if field.has_default() and not callable(field.default):
        return _literal(field.get_db_prep_save(field.get_default(), connection))
    if field.null:
        return "NULL"
    return _TYPE_BLANKS.get(field.get_internal_type(), "0")


def insert(model: type[models.Model], count: int, given: dict[str, str], source: str = "") -> None:
    """INSERT … SELECT over `generate_series(1, count) AS g` (or `source`, a FROM clause)."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ", ".join(_value_of(f, given) for f in fields)
    source = source or f"generate_series(1, {count}) AS g"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({columns}) SELECT {values} FROM {source}"
        )


def history(model: type[models.Model]) -> None:
    """One creation row per row of `model`, copied from its table."""
    historical = model.history.model
    base = {f.column for f in model._meta.concrete_fields}
    given = {"history_date": "created_at", "history_type": "'+'"}
    fields = [f for f in historical._meta.concrete_fields if f.column != "history_id"]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ", ".join(
        connection.ops.quote_name(f.column)
        if f.column in base
        else given.get(f.column, "NULL" if f.null else _TYPE_BLANKS.get(f.get_internal_type(), "0"))
        for f in fields
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {historical._meta.db_table} ({columns}) "
            f"SELECT {values} FROM {model._meta.db_table}"
        )


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join(_literal(v) for v in values) + "]"


def _pick(values: list[str], expr: str = "g") -> str:
    return f"({_array(values)})[1 + ({expr}) % {len(values)}]"


def load(sizes: dict[str, int], step: Callable[[str, float], None]) -> dict[str, int]:
    """Create every row; `step(name, seconds)` after each table. Returns the row counts."""
    from actions.models import Action
    from conventions.models import Convention, Party
    from core.models import User
    from partners.models import Affiliation, Contact, Department, Organisation
    from tasks.models import Task

    counts = dict(sizes)
    users = list(
        User.objects.bulk_create(
            User(username=f"national{i}", email=f"national{i}@example.org")
            for i in range(sizes["users"])
        )
    )
    user_ids = "ARRAY[" + ",".join(str(u.pk) for u in users) + "]"
    pick_user = f"({user_ids})[1 + (g * 7) % {len(users)}]"
    departments = list(Department.objects.order_by("pk").values_list("pk", "region_id"))
    dep_ids = "ARRAY[" + ",".join(str(d) for d, _r in departments) + "]"
    reg_ids = "ARRAY[" + ",".join(str(r) for _d, r in departments) + "]"
    orgs, contacts = sizes["organisations"], sizes["contacts"]

    def timed(name: str, work: Callable[[], None]) -> None:
        started = time.perf_counter()
        work()
        step(name, time.perf_counter() - started)

    name = f"{_pick(WORDS)} || ' ' || {_pick(TOWNS, 'g / 7')} || ' ' || g"
    city = _pick(TOWNS, "g / 3")
    timed(
        "organisations",
        lambda: insert(
            Organisation,
            orgs,
            {
                "name": name,
                "name_normalized": name,
                "kind": _pick(KINDS, "g / 11"),
                "city": city,
                "postal_code": "lpad(((g * 13) % 95000 + 1000)::text, 5, '0')",
                "search_text": f"{name} || ' ' || {city}",
                "department_id": f"({dep_ids})[1 + g % {len(departments)}]",
                "region_id": f"({reg_ids})[1 + g % {len(departments)}]",
                "owner_id": pick_user,
                "status": "CASE WHEN g % 50 = 0 THEN 'archived' ELSE 'active' END",
                "archived_at": "CASE WHEN g % 50 = 0 THEN now() END",
            },
        ),
    )
    last = _pick(["martin", "bernard", "dubois", "thomas", "robert", "petit", "durand"])
    first = _pick(["camille", "louis", "lea", "hugo", "chloe", "jules", "manon"], "g / 7")
    timed(
        "contacts",
        lambda: insert(
            Contact,
            contacts,
            {
                "last_name": f"initcap({last}) || g",
                "first_name": f"initcap({first})",
                "name_normalized": f"{last} || g || ' ' || {first}",
                "email": "'contact' || g || '@example.org'",
                "owner_id": pick_user,
            },
        ),
    )
    timed(
        "affiliations",
        lambda: insert(
            Affiliation,
            contacts,
            {
                "contact_id": "g",
                "organisation_id": f"1 + (g - 1) % {orgs}",
                "role_title": "'Chargé de mission'",
                "is_primary": "true",
            },
        ),
    )
    conventions = sizes["conventions"]
    timed(
        "conventions",
        lambda: insert(
            Convention,
            conventions,
            {
                "reference": "'CONV-' || (2015 + g % 10) || '-' || lpad(g::text, 6, '0')",
                "title": "'Convention de partenariat ' || g",
                "title_normalized": "'convention de partenariat ' || g",
                "status": "CASE WHEN g % 10 = 0 THEN 'draft' ELSE 'active' END",
                "signed_on": "CASE WHEN g % 10 = 0 THEN NULL ELSE current_date - 1000 END",
                "starts_on": "current_date - 990",
                "ends_on": "current_date + (g % 900) - 100",
                "notice_deadline": "current_date + (g % 900) - 100",
                "notice_days": "0",
                "owner_id": pick_user,
                "coordinator_id": f"({user_ids})[1 + (g * 11) % {len(users)}]",
            },
        ),
    )
    timed(
        "parties",
        lambda: insert(
            Party,
            conventions * 3,
            {
                "convention_id": "1 + (g - 1) / 3",
                "organisation_id": f"1 + ((g - 1) / 3 * 3 + (g - 1) % 3) % {orgs}",
                "role": _pick(["pilot", "signatory", "partner"]),
                "order": "(g - 1) % 3",
            },
        ),
    )

    def search_text() -> None:
        # The list's search column, as `search_text_of` writes it (conventions/models/search.py).
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE conventions_convention c SET search_text = c.title_normalized || ' ' "
                "|| lower(c.reference) || coalesce((SELECT ' ' || string_agg(o.search_text, "
                "' ' ORDER BY p.\"order\", p.id) FROM conventions_party p JOIN "
                "partners_organisation o ON o.id = p.organisation_id "
                "WHERE p.convention_id = c.id), '')"
            )

    timed("conventions' search text", search_text)
    per = sizes["actions_per_convention"]
    # Convention 1 carries the long plan; the others `per` actions each.
    actions_sql = (
        f"(SELECT n AS g, CASE WHEN n <= {BIG_CONVENTION_ACTIONS} THEN 1 "
        f"ELSE 2 + (n - {BIG_CONVENTION_ACTIONS} - 1) / {per} END AS c "
        f"FROM generate_series(1, {BIG_CONVENTION_ACTIONS + (conventions - 1) * per}) AS n) AS s"
    )
    counts["actions"] = BIG_CONVENTION_ACTIONS + (conventions - 1) * per
    timed(
        "actions",
        lambda: insert(
            Action,
            0,
            {
                "id": "g",
                "convention_id": "c",
                "number": "g::text",
                "order": "g",
                "title": "'Action ' || g",
                "title_normalized": "'action ' || g",
                "status": "'planned'",
                "progress": "0",
                "due_on": "current_date + (g % 400) - 200",
                "owner_user_id": pick_user,
            },
            source=actions_sql,
        ),
    )
    tasks = sizes["tasks"]
    timed(
        "tasks",
        lambda: insert(
            Task,
            tasks,
            {
                "title": "'Relancer le partenaire ' || g",
                "assignee_id": pick_user,
                "due_on": "current_date + (g % 730) - 365",
                "status": "CASE WHEN g % 10 = 0 THEN 'done' ELSE 'open' END",
                "completed_at": "CASE WHEN g % 10 = 0 THEN now() END",
                "organisation_id": f"CASE WHEN g % 3 = 0 THEN 1 + g % {orgs} END",
                "convention_id": f"CASE WHEN g % 5 = 0 THEN 1 + g % {conventions} END",
            },
        ),
    )
    for model in (Organisation, Contact, Convention, Action, Task):
        timed(f"history of {model._meta.verbose_name_plural}", lambda m=model: history(m))
    models_ = [Organisation, Contact, Affiliation, Convention, Party, Action, Task]
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    with connection.cursor() as cursor:
        timed("analyze", lambda: cursor.execute("ANALYZE"))
    return counts

"""Every page at national size: 1M organisations, 3M contacts, 20,000 conventions, 10M tasks.

`make bench-national` (never the tests). PostgreSQL only (DATABASE_URL): builds the
database `maillage_bench_<name>` (dropped at the end unless `--keep`), fills it with
`generate_series` (bench/national_data.py), then requests, through Django's test client
in this process and signed in as an administrator, every list (page 1, a deep page, each
sort, each filter, a search), every detail page, the dashboard and each form, `--runs`
times each, and prints a Markdown table: p50, p95, queries and kB. Then the planner's
tick over the open tasks and the delivery of 10,000 reminders to a loopback SMTP server by
two senders (bench/reminders_send.py).

`--scale 0.01` runs in about a minute for development; `--tasks N` lowers the tasks only.
`--keep` then `--reuse` measures the pages again on the same data after a change (migrated,
not rebuilt), and lets `psql` EXPLAIN a page's queries in between.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import signal
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

import national_data
from django.db import connection, reset_queries
from django.test.utils import (
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.urls import reverse

SEARCH_WORDS = ("atelier lyon", "12345")
TARGET_MS, GOAL_MS, MAX_KB = 100, 50, 150
# A request still running after this is stopped; one slower than SLOW_MS is not repeated.
TIMEOUT_SECONDS, SLOW_MS = 20, 2000
# The language switcher of every page, not a filter.
NOT_FILTERS = {"language"}


class Stopped(BaseException):
    """A request ran past TIMEOUT_SECONDS."""


def _stop(signum: int, frame: object) -> None:
    raise Stopped


SELECT = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.DOTALL)
OPTION = re.compile(r'<option[^>]*value="([^"]*)"')


class Measure:
    """Times each request `runs` times; one table row per page."""

    def __init__(self, client: object, runs: int) -> None:
        self.client, self.runs, self.rows = client, runs, []

    def page(self, label: str, url: str) -> str:
        timings, queries, body, status = [], 0, b"", 0
        for _run in range(self.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                signal.alarm(TIMEOUT_SECONDS)
                try:
                    response = self.client.get(url)
                except Stopped:
                    # A form rendering a million options: its figure is "over the limit".
                    connection.close()
                    self.rows.append((label, url, *[TIMEOUT_SECONDS * 1000] * 2, 0, 0, "stopped"))
                    return ""
                finally:
                    signal.alarm(0)
                timings.append((time.perf_counter() - started) * 1000)
            queries, body, status = len(captured), response.content, response.status_code
            if timings[-1] > SLOW_MS:
                break
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        self.rows.append(
            (label, url, statistics.median(timings), p95, queries, len(body) / 1024, status)
        )
        reset_queries()
        return body.decode()

    def table(self) -> str:
        lines = [
            "| page | p50 ms | p95 ms | queries | kB | status |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for label, _url, p50, p95, queries, kb, status in self.rows:
            flag = "" if p95 <= TARGET_MS and kb <= MAX_KB and status == 200 else " ⚠"
            over = ">" if status == "stopped" else ""
            lines.append(
                f"| {label}{flag} | {over}{p50:.0f} | {over}{p95:.0f} | {queries} | {kb:.0f} "
                f"| {status} |"
            )
        return "\n".join(lines)

    def over(self) -> list[tuple]:
        return [r for r in self.rows if r[3] > TARGET_MS or r[5] > MAX_KB or r[6] != 200]


def selects(body: str) -> dict[str, list[str]]:
    """Each select of the page's filter form: its non-empty option values."""
    return {
        name: [v for v in OPTION.findall(options) if v] for name, options in SELECT.findall(body)
    }


class Spy:
    """Sees, once, the queryset and order a list pages by: a deep page's cursor from it."""

    MODULES = ("partners.views.common", "conventions.views", "actions.views", "tasks.views")

    def __init__(self) -> None:
        self.seen: tuple | None = None

    def deep_cursor(self, client: object, url: str) -> str | None:
        from core import pagination

        real = pagination.keyset_page
        modules = [sys.modules[name] for name in self.MODULES]

        def spy(request, queryset, per_page, ordering=None, count_limit=pagination.COUNT_LIMIT):
            self.seen = (queryset, ordering)
            return real(request, queryset, per_page, ordering, count_limit)

        for module in modules:
            module.keyset_page = spy
        try:
            self.seen = None
            client.get(url)
        finally:
            for module in modules:
                module.keyset_page = real
        if self.seen is None:
            return None
        queryset, ordering = self.seen
        if ordering is None:
            ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
        keys = pagination.sort_keys(queryset.model, ordering)
        order = [("-" if k.descending else "") + k.path for k in keys]
        total = queryset.order_by()[:2_000_000].count()
        # The bench alone reads by OFFSET: the row half-way down the list.
        row = queryset.order_by(*order)[total // 2 : total // 2 + 1].first()
        if row is None:
            return None
        return pagination.encode_cursor([k.value_of(row) for k in keys])


def lists(measure: Measure, client: object) -> None:
    spy = Spy()
    for label, name in (
        ("organisations", "partners:organisation_list"),
        ("prestataires", "partners:provider_list"),
        ("contacts", "partners:contact_list"),
        ("journal", "partners:interaction_list"),
        ("conventions", "conventions:convention_list"),
        ("programmes", "conventions:programme_list"),
        ("actions", "actions:action_list"),
        ("tâches", "tasks:task_list"),
        ("notifications", "tasks:notification_list"),
    ):
        url = reverse(name)
        body = measure.page(f"{label}: page 1", url)
        cursor = spy.deep_cursor(client, url)
        if cursor:
            measure.page(f"{label}: page profonde", f"{url}?{urlencode({'apres': cursor})}")
        for field, values in selects(body).items():
            if field in ("sort", "tri"):
                for value in values:
                    measure.page(f"{label}: tri {value}", f"{url}?{urlencode({field: value})}")
            elif values and field not in NOT_FILTERS:
                # The first choice and the last: a big and a small share of the rows.
                for value in dict.fromkeys((values[0], values[-1])):
                    query = urlencode({field: value})
                    measure.page(f"{label}: filtre {field}={value[:20]}", f"{url}?{query}")
        if 'name="q"' in body:
            for word in SEARCH_WORDS:
                measure.page(f"{label}: recherche « {word} »", f"{url}?{urlencode({'q': word})}")


def details_and_forms(measure: Measure) -> None:
    from actions.models import Action
    from conventions.models import Convention
    from partners.models import Contact, Organisation
    from tasks.models import Task

    measure.page("tableau de bord", reverse("core:home") if _has("core:home") else "/")
    organisation = Organisation.objects.order_by("pk")[len_half(Organisation)]
    contact = Contact.objects.order_by("pk")[len_half(Contact)]
    big = Convention.objects.get(pk=1)
    action = Action.objects.filter(convention=big).order_by("pk").first()
    task = Task.objects.filter(convention__isnull=False).order_by("pk").first()
    pages = [
        ("organisation", "partners:organisation_detail", [organisation.pk]),
        ("contact", "partners:contact_detail", [contact.pk]),
        ("convention à 60 actions", "conventions:convention_detail", [big.pk]),
        ("action", "actions:action_detail", [action.pk]),
        ("tâche", "tasks:task_detail", [task.pk]),
        ("documents d'une convention", "conventions:document_list", [big.pk]),
        ("formulaire : nouvelle organisation", "partners:organisation_create", []),
        ("formulaire : modifier l'organisation", "partners:organisation_update", [organisation.pk]),
        ("formulaire : nouveau contact", "partners:contact_create", []),
        ("formulaire : modifier le contact", "partners:contact_update", [contact.pk]),
        ("formulaire : nouvelle entrée du journal", "partners:interaction_create", []),
        ("formulaire : nouvelle convention", "conventions:convention_create", []),
        ("formulaire : modifier la convention", "conventions:convention_update", [big.pk]),
        ("formulaire : nouveau programme", "conventions:programme_create", []),
        ("formulaire : nouvelle action", "actions:action_create", [big.pk]),
        ("formulaire : modifier l'action", "actions:action_update", [action.pk]),
        ("formulaire : nouvelle tâche", "tasks:task_create", []),
        ("formulaire : modifier la tâche", "tasks:task_update", [task.pk]),
        ("formulaire : préférences", "tasks:preference_update", []),
    ]
    for label, name, args in pages:
        measure.page(label, reverse(name, args=args))


def _has(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def len_half(model: type) -> int:
    return model.objects.count() // 2


def reminders(measure_lines: list[str]) -> None:
    """The planner's tick over the open tasks, then 10,000 reminders delivered."""
    import reminders_plan as plan_bench
    import reminders_send
    from django.utils import timezone

    from tasks.models import Reminder, Task

    open_tasks = Task.objects.open().count()
    measure_lines.append(f"Open tasks: {open_tasks:,}")
    for label, seconds, created in plan_bench.ticks():
        measure_lines.append(
            f"- reminders_plan, {label}: {seconds * 1000:,.0f} ms, {created:,} new"
        )
    pending = Reminder.objects.filter(status=Reminder.Status.PENDING)
    keep = list(pending.order_by("pk").values_list("pk", flat=True)[:10_000])
    pending.exclude(pk__in=keep).update(send_after=timezone.now() + dt.timedelta(days=365))
    pending.filter(pk__in=keep).update(send_after=timezone.now() - dt.timedelta(minutes=1))
    seconds, unsent, mails = reminders_send.deliver(len(keep))
    measure_lines.append(
        f"- {len(keep):,} reminders delivered by two senders to a loopback SMTP server: "
        f"{seconds:.1f} s ({len(keep) / seconds:.0f}/s), {mails:,} mails, {unsent} left unsent"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--tasks", type=int, help="tasks to create (default 10M × scale)")
    parser.add_argument(
        "--runs", type=int, default=0, help="requests per page (default 7; 5 small)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database a --keep run left (migrated again, not rebuilt), and keep it",
    )
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/national.py mesure PostgreSQL : définissez DATABASE_URL.")
    sizes = {k: max(10, round(v * options.scale)) for k, v in national_data.SIZES.items()}
    sizes["actions_per_convention"] = national_data.SIZES["actions_per_convention"]
    if options.tasks is not None:
        sizes["tasks"] = options.tasks
    runs = options.runs or (7 if options.scale >= 0.5 else 5)
    name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "maillage_bench_" + name.removeprefix(
        "maillage_"
    )
    # The test client's host allowed; the application itself is left as it is.
    setup_test_environment()
    if options.reuse:
        from django.core.management import call_command

        connection.close()
        connection.settings_dict["NAME"] = connection.settings_dict["TEST"]["NAME"]
        call_command("migrate", verbosity=0)
        print(f"Data kept by an earlier run in {connection.settings_dict['NAME']}")
        measure_pages(runs)
        return
    started = time.perf_counter()
    old = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
    print(
        f"Database {connection.settings_dict['NAME']} migrated in {time.perf_counter() - started:.0f} s"
    )
    try:
        run(sizes, runs)
    finally:
        if not options.keep:
            teardown_databases(old, verbosity=0)
        else:
            print(f"Kept {connection.settings_dict['NAME']}: --reuse measures it again.")


def run(sizes: dict[str, int], runs: int) -> None:
    from django.contrib.auth.models import Group

    from core import roles
    from core.models import User

    started = time.perf_counter()
    counts = national_data.load(sizes, lambda n, s: print(f"  {n}: {s:.1f} s", flush=True))
    loaded = time.perf_counter() - started
    admin = User.objects.create_user("national-admin", "admin@example.org", "x")
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    print()
    print(
        "Data: "
        + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items())
        + f" (loaded in {loaded:.0f} s); {runs} requests per page"
    )
    measure_pages(runs)
    lines: list[str] = []
    reminders(lines)
    print()
    print("\n".join(lines))


def measure_pages(runs: int) -> None:
    """Every page's table, signed in as the benchmark's administrator, with the machine's
    load before and after (the same machine serves other work: figures need it)."""
    from django.test import Client

    from core.models import User

    admin = User.objects.get(username="national-admin")
    load_before = os.getloadavg()[0]
    signal.signal(signal.SIGALRM, _stop)
    client = Client()
    client.force_login(admin)
    measure = Measure(client, runs)
    # One request before timing: templates, URL patterns and the caches are warm.
    client.get(reverse("partners:organisation_list"))
    lists(measure, client)
    details_and_forms(measure)
    print()
    print(
        f"{runs} requests per page; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after"
    )
    print()
    print(measure.table())
    over = measure.over()
    print()
    print(
        f"{len(measure.rows)} pages; over {TARGET_MS} ms (p95), {MAX_KB} kB or not 200: {len(over)}"
    )
    for label, url, _p50, p95, queries, kb, status in over:
        print(f"- {label} ({url}): p95 {p95:.0f} ms, {queries} queries, {kb:.0f} kB, {status}")


if __name__ == "__main__":
    main()

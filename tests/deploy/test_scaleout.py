"""Scale-out: two hosts, each with a gunicorn server and a Celery worker, one PostgreSQL and
one Redis; a bounded load of reads and writes through a round-robin client while a batch of
reminders goes out; then host 1's web server and worker are killed with SIGKILL.

The hosts are network namespaces on a bridge (tests/deploy/hosts.py), or loopback processes
where namespaces cannot be made (the figures say which). What must hold: no request fails but
those in flight on the killed server; every reminder reaches the SMTP server, none twice
unless the killed worker may have died between the server's acceptance and its own record of
it (the last mail of an SMTP session it never closed: at-least-once, as with any SMTP
client); the surviving worker sends the rest. The figures are printed (`pytest -s` or `-rA`).

No wait has a deadline: each watches something that moves (tests/tasks/test_workers.py).
"""

from __future__ import annotations

import datetime as dt
import http.client
import re
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from core import roles
from tasks.models import Reminder, Task
from tests.conftest import restore_reference_data
from tests.deploy.balancer import Answer, RoundRobin
from tests.deploy.hosts import Network, listening
from tests.deploy.stack import health, smtp_sink
from tests.factories import UserFactory
from tests.tasks.cluster import Cluster, database_url, plan_due_now, wait_for
from tests.tasks.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the hosts share one PostgreSQL; CI runs the suite on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]

REMINDERS = 300
# Client threads, each doing ROUNDS rounds of five requests (list, create, edit form, edit, read).
CLIENTS, ROUNDS = 3, 16
# The killed worker's claimed reminders come back after this lease: short, so the test is.
CLAIM_SECONDS = 10
PASSWORD = "mot-de-passe-de-test"
VERSION = re.compile(r'name="version" value="(\d+)"')


def _web_ports(network: Network) -> list[int]:
    # Each namespace has its own ports: every host serves on the same one, like servers do.
    return [8000 if network.isolated else free_port() for _host in network.hosts]


def _service_urls(network: Network, redis_socket: Path, redis_url: str) -> tuple[str, str]:
    """(DATABASE_URL, REDIS_URL) as the hosts reach them: through the bridge's forwarders."""
    if not network.isolated:
        return database_url(), redis_url
    db = connection.settings_dict
    db_host, db_port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    gateway, port = network.forward(5432, f"TCP:{db_host}:{db_port}")
    database = database_url().replace(f"@{db_host}:{db_port}/", f"@{gateway}:{port}/")
    gateway, port = network.forward(6379, f"UNIX-CONNECT:{redis_socket}")
    return database, f"redis://{gateway}:{port}/0"


@pytest.fixture
def network():
    network = Network(2)
    network.up()
    yield network
    network.down()


@pytest.fixture
def stack(network, redis, tmp_path):
    """The mailbox and the cluster of processes, stopped (by process group) even on failure."""
    restore_reference_data()
    database, broker = _service_urls(network, redis.socket, redis.url)
    with smtp_sink(network.gateway) as mailbox:
        extra = {
            "DATABASE_URL": database,
            "EMAIL_HOST": network.gateway,
            "ALLOWED_HOSTS": ",".join({h.address for h in network.hosts}),
            "REMINDERS_CLAIM_BATCH": "10",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        cluster = Cluster(broker, mailbox, tmp_path, claim_seconds=CLAIM_SECONDS, extra_env=extra)
        try:
            yield cluster
        finally:
            cluster.stop_all()


def start(cluster: Cluster, network: Network, ports: list[int]) -> dict[str, subprocess.Popen]:
    """On each host a web server and a worker; beat (one per site) on host 2."""
    host2 = network.hosts[1]
    processes: dict[str, subprocess.Popen] = {}
    for n, (host, port) in enumerate(zip(network.hosts, ports, strict=True), 1):
        processes[f"web{n}"] = cluster.start(
            f"web{n}",
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "--bind", f"{host.address}:{port}",
             "config.wsgi"],
            on=host.prefix,
        )  # fmt: skip
        processes[f"worker{n}"] = cluster.worker(f"worker{n}", 2, on=host.prefix, wait=False)
    processes["beat"] = cluster.beat("beat", on=host2.prefix)
    for n in (1, 2):
        cluster.wait_ready(processes[f"worker{n}"])
    for n, (host, port) in enumerate(zip(network.hosts, ports, strict=True), 1):
        web = processes[f"web{n}"]
        wait_for(
            lambda host=host, port=port: (health(port, host.address) or {}).get("checks", {})
            .get("database", {}).get("ok"),
            f"web{n} answering",
            progress=lambda web=web: web.log_path.stat().st_size,
            alive=(web,),
        )  # fmt: skip
    return processes


def expect(answer: Answer, status: int) -> Answer:
    assert answer.status == status, f"HTTP {answer.status} instead of {status}"
    return answer


def load_round(balancer: RoundRobin, name: str, assignee: int) -> None:
    """A user's round: the list, a task created, its edit form, the edit, the task read back."""
    expect(balancer.request("GET", "/taches/"), 200)
    form = {
        "title": name, "description": "Charge de test", "assignee": assignee,
        "due_on": (timezone.localdate() + dt.timedelta(days=200)).isoformat(),
        "recurrence_interval": 1,
    }  # fmt: skip
    task_url = expect(balancer.request("POST", "/taches/nouvelle/", form), 302).location
    edit_form = expect(balancer.request("GET", f"{task_url}modifier/"), 200).body
    version = VERSION.search(edit_form).group(1)
    edited = {**form, "title": f"{name} (modifiée)", "version": version}
    expect(balancer.request("POST", f"{task_url}modifier/", edited), 302)
    assert f"{name} (modifiée)" in expect(balancer.request("GET", task_url), 200).body


def load(balancer: RoundRobin, client: int, assignee: int) -> int:
    """ROUNDS rounds; a round cut by a dead server is dropped, the next goes on. Rounds done."""
    done = 0
    for n in range(ROUNDS):
        try:
            load_round(balancer, f"Charge {client}-{n}", assignee)
        except (OSError, http.client.HTTPException):
            continue
        done += 1
    return done


def test_two_hosts_lose_a_web_server_and_a_worker_under_load_and_lose_nothing(stack, network):
    cluster, mailbox = stack, stack.mailbox
    started_at = time.monotonic()
    ports = _web_ports(network)
    processes = start(cluster, network, ports)
    up_at = time.monotonic()
    host1, host2 = network.hosts
    backends = [(host.address, port) for host, port in zip(network.hosts, ports, strict=True)]
    killed_backend = f"{host1.address}:{ports[0]}"
    user = UserFactory(username="charge", role=roles.COORDINATOR)
    # The servers run production's settings: the password is hashed as they expect it.
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    balancer = RoundRobin(backends)
    balancer.login(user.username, PASSWORD)
    balancer.reset()
    total_requests = CLIENTS * ROUNDS * 5

    with ThreadPoolExecutor(CLIENTS) as pool:
        rounds = [pool.submit(load, balancer, c, user.pk) for c in range(CLIENTS)]
        wait_for(
            lambda: len(balancer.outcomes) >= total_requests // 6,
            "the load under way",
            progress=lambda: len(balancer.outcomes),
        )
        plan_due_now(REMINDERS, "scaleout")
        # Enough jobs for every pool process of both workers; beat sends more every second.
        cluster.send("tasks.reminders_send", 4)
        senders = {host1.address, host2.address} if network.isolated else {"127.0.0.1"}
        # Until both hosts have mailed, or the batch is over (and the assertion says why).
        wait_for(
            lambda: (
                mailbox.count() >= REMINDERS // 4
                and senders <= set(mailbox.peers)
                or mailbox.count() >= REMINDERS
            ),
            "both workers mailing",
            progress=mailbox.count,
            alive=tuple(processes.values()),
        )
        assert senders <= set(mailbox.peers), "one worker did all the mailing"
        kill_started = time.monotonic()
        Cluster.kill(processes["web1"])
        Cluster.kill(processes["worker1"])
        # Killed once its port refuses: until its last process is gone it may still accept.
        wait_for(lambda: not listening(host1.address, ports[0]), "web1's port closed")
        killed_at = time.monotonic()
        sent_at_kill, requests_at_kill = mailbox.count(), len(balancer.outcomes)
        rounds_done = sum(future.result() for future in rounds)

    survivor = processes["worker2"]
    wait_for(
        lambda: not Reminder.objects.filter(status=Reminder.Status.PENDING).exists(),
        "every reminder sent",
        progress=mailbox.count,
        alive=(survivor, processes["beat"]),
    )
    cluster.settle()
    settled_at = time.monotonic()

    outcomes = list(balancer.outcomes)
    failed = [o for o in outcomes if not o.ok]
    in_flight = [o for o in failed if o.backend == killed_backend and o.started < killed_at]
    carried = Counter(mailbox.reminder_ids())
    expected = set(Reminder.objects.values_list("pk", flat=True))
    lost = expected - set(carried)
    doubled = {pk for pk, n in carried.items() if n > 1}
    unconfirmed = mailbox.unconfirmed()
    may_double = set(mailbox.reminder_ids(unconfirmed))
    served = Counter(o.backend for o in outcomes if o.ok)
    figures = {
        "hosts": "netns" if network.isolated else "loopback",
        "requests_served": len(outcomes) - len(failed),
        "served_by_killed_server": served[killed_backend],
        "requests_failed": len(failed),
        "failed_in_flight_at_kill": len(in_flight),
        "requests_at_kill": requests_at_kill,
        "reminders": REMINDERS,
        "reminders_sent": len(carried),
        "reminders_lost": len(lost),
        "reminders_doubled": len(doubled),
        "doubled_not_in_flight": len(doubled - may_double),
        "mails_in_flight_at_kill": len(unconfirmed),
        "mails_before_kill": sent_at_kill,
        "mails_after_kill": mailbox.count() - sent_at_kill,
        "kill_ms": round((killed_at - kill_started) * 1000),
        "start_s": round(up_at - started_at, 1),
        "load_until_kill_s": round(kill_started - up_at, 1),
        "recover_s": round(settled_at - killed_at, 1),
    }
    print("\n[scaleout] " + " ".join(f"{k}={v}" for k, v in figures.items()))
    if not network.isolated:
        print(f"[scaleout] loopback processes, namespaces refused: {network.why_loopback}")

    # Killed mid-way: both the load and the batch had work left.
    assert requests_at_kill < total_requests and sent_at_kill < REMINDERS
    # No failure but the requests the killed server had taken when it died.
    assert failed == in_flight, [(o.backend, o.path, o.status, o.error) for o in failed]
    assert len(in_flight) <= CLIENTS
    assert rounds_done >= CLIENTS * ROUNDS - len(in_flight)
    # Every write that was answered is in the database (an unanswered one may be too).
    edited = Task.objects.filter(title__endswith="(modifiée)").count()
    assert rounds_done <= edited <= rounds_done + len(in_flight)
    # Every reminder once; a second copy only of a mail the killed worker never saw accepted.
    assert not lost
    assert doubled <= may_double
    assert len(unconfirmed) <= 2  # the killed worker's two pool processes
    assert Reminder.objects.exclude(status=Reminder.Status.SENT).count() == 0
    if network.isolated:
        # The surviving worker finished the batch: every mail after the kill came from host 2.
        after = range(sent_at_kill, mailbox.count())
        assert {mailbox.peers[i] for i in after if i not in unconfirmed} <= {host2.address}
        assert {mailbox.peers[i] for i in unconfirmed} <= {host1.address}

"""Test hosts for the deployment tests: network namespaces on one bridge, as separate machines
on a LAN would be, or plain processes on loopback where namespaces cannot be made.

Each host is a namespace (`ip netns`) with one veth on a bridge in the root namespace, at
10.200.N.k/24, the bridge at 10.200.N.1. PostgreSQL and Redis listen on loopback in the root
namespace, out of the hosts' reach: a `socat` forwarder on the bridge address stands for the
LAN address of each server. The SMTP sink listens on the bridge address itself, so each mail
says which host sent it.

Without root, where `ip netns add` is refused (an unprivileged container), without socat, or
with TEST_HOSTS=loopback in the environment, the hosts are processes of this machine on
loopback ports, which still proves the processes share nothing
but PostgreSQL and Redis. Everything made here is removed by `down()`, by name and by pid.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
from dataclasses import dataclass, field

from tests.tasks.cluster import wait_for


@dataclass
class Host:
    """One machine of the test LAN: the prefix that runs a command on it, and its address."""

    name: str
    address: str
    prefix: list[str] = field(default_factory=list)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


def _subnets_in_use() -> set[int]:
    shown = subprocess.run(["ip", "-o", "-4", "addr"], check=True, capture_output=True, text=True)
    return {int(word.split(".")[2]) for word in shown.stdout.split() if word.startswith("10.200.")}


def listening(address: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((address, port), timeout=1):
        return True
    return False


class Network:
    """`count` hosts, their bridge and the forwarders to the root namespace's services."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.token = secrets.token_hex(2)
        self.bridge = f"mlbr{self.token}"
        self.hosts: list[Host] = []
        self.namespaces: list[str] = []
        self.forwarders: list[subprocess.Popen] = []
        self.gateway = "127.0.0.1"
        self.why_loopback = ""

    @property
    def isolated(self) -> bool:
        return bool(self.namespaces)

    def up(self) -> None:
        try:
            self._namespaces_up()
        except (OSError, subprocess.CalledProcessError) as error:
            # Namespaces need root and CAP_SYS_ADMIN: without them, loopback processes.
            self.down()
            self.why_loopback = getattr(error, "stderr", "") or str(error)
            self.gateway = "127.0.0.1"
            self.hosts = [Host(f"host{k}", "127.0.0.1") for k in range(1, self.count + 1)]

    def _namespaces_up(self) -> None:
        if os.environ.get("TEST_HOSTS") == "loopback":
            raise OSError("TEST_HOSTS=loopback")
        if os.geteuid() != 0:
            raise OSError("ip netns needs root")
        if not shutil.which("socat"):
            raise OSError("socat is not installed (make system-deps)")
        free = sorted(set(range(1, 255)) - _subnets_in_use())
        subnet = f"10.200.{secrets.choice(free)}"
        _ip("link", "add", self.bridge, "type", "bridge")
        _ip("addr", "add", f"{subnet}.1/24", "dev", self.bridge)
        _ip("link", "set", self.bridge, "up")
        self.gateway = f"{subnet}.1"
        for k in range(1, self.count + 1):
            namespace, outside, inside = f"maillage-{self.token}-{k}", f"mlh{self.token}{k}", "eth0"
            _ip("netns", "add", namespace)
            self.namespaces.append(namespace)
            _ip("link", "add", outside, "type", "veth", "peer", "name", inside, "netns", namespace)
            _ip("link", "set", outside, "master", self.bridge, "up")
            address = f"{subnet}.{k + 1}"
            _ip("-n", namespace, "addr", "add", f"{address}/24", "dev", inside)
            _ip("-n", namespace, "link", "set", inside, "up")
            _ip("-n", namespace, "link", "set", "lo", "up")
            self.hosts.append(Host(f"host{k}", address, ["ip", "netns", "exec", namespace]))

    def forward(self, port: int, target: str) -> tuple[str, int]:
        """Where the hosts reach `target` (socat's address: TCP:127.0.0.1:5432, UNIX-CONNECT:…).

        Namespaced hosts only: on loopback they use the service directly."""
        assert self.isolated, "loopback hosts need no forwarder"
        listen = f"TCP-LISTEN:{port},bind={self.gateway},reuseaddr,fork"
        forwarder = subprocess.Popen(
            ["socat", listen, target],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.forwarders.append(forwarder)
        wait_for(
            lambda: listening(self.gateway, port), f"forwarder to {target}", alive=(forwarder,)
        )
        return self.gateway, port

    def down(self) -> None:
        """Stop the forwarders, remove the namespaces and the bridge (their veths go with them).

        The processes started on the hosts must be stopped first: a namespace lives on while
        one of its processes does."""
        for forwarder in self.forwarders:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(forwarder.pid, signal.SIGKILL)
            forwarder.wait()
        self.forwarders.clear()
        for namespace in self.namespaces:
            subprocess.run(["ip", "netns", "del", namespace], check=False, capture_output=True)
        self.namespaces.clear()
        subprocess.run(["ip", "link", "del", self.bridge], check=False, capture_output=True)

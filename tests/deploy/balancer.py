"""A round-robin client in front of several web servers, as a small load balancer does.

Each request goes to the next backend still in rotation. A backend that refuses the
connection is taken out, and the request goes to the next one: nothing reached the dead
server, so even a POST is safe to send elsewhere. A request sent and never answered (the
server died under it) is a failed request, and takes its backend out too. Each request is
kept as an `Outcome`, so a test can tell which ones were in flight when a server died.

One session (cookies and CSRF token) is shared by every request: Maillage keeps sessions in
PostgreSQL, so any web server serves a user logged in through another.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie


@dataclass
class Outcome:
    backend: str
    method: str
    path: str
    started: float
    ended: float
    status: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and 200 <= self.status < 400


@dataclass
class Answer:
    status: int
    location: str
    body: str


class RoundRobin:
    def __init__(self, backends: list[tuple[str, int]], *, timeout: float = 60) -> None:
        self.live = [f"{host}:{port}" for host, port in backends]
        self.timeout = timeout
        self.turn = itertools.count()
        self.lock = threading.Lock()
        self.cookies: dict[str, str] = {}
        self.outcomes: list[Outcome] = []

    def _next(self) -> str:
        with self.lock:
            if not self.live:
                raise ConnectionError("no web server left in rotation")
            return self.live[next(self.turn) % len(self.live)]

    def _take_out(self, backend: str) -> None:
        with self.lock:
            if backend in self.live:
                self.live.remove(backend)

    def request(self, method: str, path: str, form: dict[str, object] | None = None) -> Answer:
        """The answer of the first backend that takes the connection; raises if none does,
        or if the one that took it never answers (recorded as a failed request)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.csrf()})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        while True:
            backend = self._next()
            host, port = backend.rsplit(":", 1)
            connection = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
            try:
                connection.connect()
            except OSError:
                # Refused: the request never left, send it to the next server.
                self._take_out(backend)
                connection.close()
                continue
            return self._exchange(connection, backend, method, path, body, headers)

    def _exchange(
        self, connection: http.client.HTTPConnection, backend: str, method: str, path: str,
        body: str | None, headers: dict[str, str],
    ) -> Answer:  # fmt: skip
        outcome = Outcome(backend, method, path, started=time.monotonic(), ended=0)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            outcome.error = f"{type(error).__name__}: {error}"
            self._take_out(backend)
            raise
        else:
            outcome.status = response.status
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            return Answer(response.status, response.headers.get("Location", ""), text)
        finally:
            outcome.ended = time.monotonic()
            connection.close()
            with self.lock:
                self.outcomes.append(outcome)

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            cookie = SimpleCookie()
            cookie.load(header)
            with self.lock:
                self.cookies.update({name: morsel.value for name, morsel in cookie.items()})

    def csrf(self) -> str:
        # The cookie holds the unmasked secret, which Django accepts as the form's token.
        return self.cookies.get("csrftoken", "")

    def login(self, username: str, password: str) -> None:
        self.request("GET", "/connexion/")
        answer = self.request("POST", "/connexion/", {"username": username, "password": password})
        assert answer.status == 302, f"login refused ({answer.status})"
        assert "sessionid" in self.cookies

    def reset(self) -> None:
        """Forget the requests made so far (the login), so figures count the load alone."""
        with self.lock:
            self.outcomes.clear()

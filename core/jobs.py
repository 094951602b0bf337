"""What every long job with a progress bar shares: its row, its live progress, its page.

A job row (a concrete subclass of `ProgressJob`) says what was asked, by whom, how far
it has gone (`done` of `total`) and how it ended. A job that works inside one long
transaction (an all-or-nothing import) cannot make its progress visible through the
row: nobody else sees the row change before the commit. It reports through
`progress_set()` instead, to the "jobs" cache every process shares (Redis, or files
without it), and `ProgressJob.live_done` reads it back. The page polls the job's
partial every second with htmx (`includes/_job_progress.html`) and stops once the job
has ended. Jobs are queued by name after commit, so services never import `jobs.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.core.cache import caches
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

# How often (in rows) a job reports its progress: often enough for a bar that moves,
# rarely enough to cost nothing next to the work.
PROGRESS_EVERY = 1_000
# A progress entry outlives any job (CELERY_TASK_TIME_LIMIT) and then goes away by itself.
PROGRESS_TIMEOUT = 3_600


class ProgressJob(TimeStampedModel):
    """A unit of long work a user asked for, with how far it has gone."""

    # The statuses in which the job's progress lives in the cache, not in `done`.
    LIVE_STATUSES: tuple[str, ...] = ()

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    total = models.PositiveIntegerField(_("lignes à traiter"), default=0)
    done = models.PositiveIntegerField(_("lignes traitées"), default=0)
    error = models.CharField(_("erreur"), max_length=250, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")),
                name="%(app_label)s_%(class)s_done_within_total",
                violation_error_message=_("Un travail ne peut traiter plus de lignes que prévu."),
            ),
        ]

    @property
    def progress_key(self) -> str:
        return f"{self._meta.label_lower}:{self.pk}"

    @property
    def live_done(self) -> int:
        if self.status in self.LIVE_STATUSES:
            live = caches["jobs"].get(self.progress_key)
            if live is not None:
                return min(int(live), self.total)
        return self.done

    @property
    def percent(self) -> int:
        return 100 * self.live_done // self.total if self.total else 0


def progress_set(job: ProgressJob, done: int) -> None:
    """Report `done` rows of `job` where every process sees it, even inside a transaction."""
    caches["jobs"].set(job.progress_key, done, PROGRESS_TIMEOUT)


def progress_clear(job: ProgressJob) -> None:
    caches["jobs"].delete(job.progress_key)


def progress_reporter(job: ProgressJob, *, live: bool) -> Callable[[int], None]:
    """A callback `(done)`: to the cache when `live` (inside a transaction), else to the row."""
    if live:
        return lambda done: progress_set(job, done)
    model = type(job)
    return lambda done: model.objects.filter(pk=job.pk).update(done=min(done, job.total))


def job_queue(name: str, job_id: int) -> None:
    """Queue the job `name` for `job_id` once the current transaction commits."""
    transaction.on_commit(lambda: current_app.send_task(name, args=[job_id]))

"""Imports and exports as jobs: start one, run its steps, let the user come back to it.

An import is two jobs. The check (`import_check_run`) reads the file and reports every
bad row, writing nothing; the user reads the report and confirms. The write
(`import_write_run`) checks the file again (the database may have moved since) and
writes every row or none (`partners/import_writer.py`). An export (`export_run`)
writes the filtered list to a file the user downloads from the job's page.

Each step claims its job by a guarded status change, so a message delivered twice
runs it once; the write's final status is set in the write's own transaction.
Jobs are queued by name after commit (`core.jobs.job_queue`): `partners/jobs.py`
imports this module, not the other way round.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import job_queue, progress_clear, progress_reporter, progress_set
from core.models import User
from partners import exports, import_tables, import_writer, importers
from partners.import_kinds import Column, registry
from partners.models import DataJob

logger = logging.getLogger(__name__)

# What a job's page lists of a check, at most: the counts are always whole.
SHOWN_ERRORS = 500
SHOWN_SKIPPED = 200
SHOWN_COLUMNS = 100
# The preview of a valid file: its first rows to be created, in their main columns (the
# required ones first), each value cut to a readable width.
SHOWN_PREVIEW_ROWS = 20
SHOWN_PREVIEW_COLUMNS = 6
SHOWN_PREVIEW_WIDTH = 80
CHECK_JOB = "partners.jobs.import_check"
WRITE_JOB = "partners.jobs.import_write"
EXPORT_JOB = "partners.jobs.export_build"
Status = DataJob.Status


def _reference(prefix: str) -> str:
    return f"{prefix}-{timezone.localtime():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def _queue(name: str, job: DataJob) -> None:
    job_queue(name, job.pk)


@transaction.atomic
def import_start(
    *, by: User, kind: str, upload: UploadedFile, options: dict | None = None
) -> DataJob:
    """Keep the file aside and queue its check; nothing is written until confirmed.

    `kind` is a registered import kind (partners/import_kinds.py); `options` what its
    check needs beside the file (JSON), kept on the job for the write's second check.
    """
    registry.get(kind)
    reference = _reference("IMP")
    extension = upload.name.lower().rsplit(".", 1)[-1]
    job = DataJob(
        operation=DataJob.Operation.IMPORT, subject=kind, reference=reference,
        source_name=upload.name[:255], requested_by=by, options=options or {},
    )  # fmt: skip
    job.source.save(f"{reference}.{extension}", upload, save=False)
    job.save()
    _queue(CHECK_JOB, job)
    return job


def _claim(job_id: int, statuses: tuple[str, ...], to: str) -> DataJob | None:
    """The job, now in status `to`, or None when it is gone or another run has it."""
    claimed = DataJob.objects.filter(pk=job_id, status__in=statuses).update(
        status=to, done=0, updated_at=timezone.now()
    )
    return DataJob.objects.select_related("requested_by").get(pk=job_id) if claimed else None


def _save(job: DataJob, **changes: object) -> None:
    for name, value in changes.items():
        setattr(job, name, value)
    job.save(update_fields=[*changes, "updated_at"])


def _check(job: DataJob, *, live: bool) -> importers.ImportReport | None:
    """Read and check the job's file, reporting progress; None when it cannot be read."""
    kind = registry.get(job.subject)
    with job.source.open("rb") as handle:
        content = handle.read()
    try:
        headers, rows = import_tables.read_headed_table(job.source.name, content, kind.columns)
    except import_tables.ImportFileError as error:
        _save(job, status=Status.INVALID, summary={"file_error": str(error), "error_count": 1})
        return None
    _save(job, total=len(rows), summary={**job.summary, "stage": "check"})
    report = kind.check(rows, progress_reporter(job, live=live), job.options)
    mapping = import_tables.column_mapping(headers, kind.columns)
    summary = {
        # How each column of the file was read, shown with the report.
        "mapping": mapping[:SHOWN_COLUMNS],
        "preview": _preview(kind.columns, mapping, rows, report),
        "pending": len(report.pending),
        "skipped": len(report.skipped),
        "skipped_rows": report.skipped[:SHOWN_SKIPPED],
        "error_count": len(report.errors),
        "errors": [[e.row, e.column, e.message] for e in report.errors[:SHOWN_ERRORS]],
        "rows": report.total,
    }
    if not report.is_valid:
        _save(job, status=Status.INVALID, done=job.total, summary=summary)
        return None
    job.summary = summary
    return report


def _preview(
    columns: tuple[Column, ...],
    mapping: list[tuple[str, str]],
    rows: list[dict[str, str]],
    report: importers.ImportReport,
) -> dict:
    """The first rows the import will create, as the file writes them, under the file's own
    headers: what the user reads before confirming."""
    headers = {column: header for header, column in mapping if column}
    present = [column for column in columns if column.name in headers]
    main = sorted(present, key=lambda column: not column.required)[:SHOWN_PREVIEW_COLUMNS]
    shown = [column.name for column in present if column in main]
    return {
        "headers": [headers[name] for name in shown],
        # A pending row's number is its line in the file, the headers being line 1.
        "rows": [
            [pending.row, [_cut(rows[pending.row - 2].get(name)) for name in shown]]
            for pending in report.pending[:SHOWN_PREVIEW_ROWS]
        ],
    }


def _cut(value: object) -> str:
    return str(value or "")[:SHOWN_PREVIEW_WIDTH]


def import_check_run(*, job_id: int) -> DataJob | None:
    """The dry run of one uploaded file: a report of every row, nothing written."""
    job = _claim(job_id, (Status.PENDING,), Status.CHECKING)
    if job is None:
        return None
    try:
        if _check(job, live=False) is not None:
            _save(job, status=Status.CHECKED, done=job.total, summary=job.summary)
    except Exception as error:
        logger.exception("Vérification de l'import %s en échec", job.reference)
        _save(job, status=Status.FAILED, error=str(error)[:250])
        raise
    return job


def import_confirm(*, job: DataJob, by: User) -> DataJob:
    """Queue the write of a checked file."""
    with transaction.atomic():
        updated = DataJob.objects.filter(pk=job.pk, status=Status.CHECKED).update(
            status=Status.WRITE_QUEUED, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("Cet import n'attend plus de confirmation."))
        _queue(WRITE_JOB, job)
    job.refresh_from_db()
    return job


def import_write_run(*, job_id: int) -> DataJob | None:
    """Check the file again, then write every row or none, the progress in the cache."""
    # WRITING too: a worker that died mid-write left nothing written; this delivery redoes it.
    job = _claim(job_id, (Status.WRITE_QUEUED, Status.WRITING), Status.WRITING)
    if job is None:
        return None
    progress_set(job, 0)
    try:
        report = _check(job, live=True)
        if report is None:
            return job
        _save(job, total=len(report.pending), summary={**job.summary, "stage": "write"})
        progress_set(job, 0)
        return _write(job, report)
    except (ValidationError, IntegrityError) as error:
        logger.warning("Import %s refusé à l'écriture : %s", job.reference, error)
        message = _("Le fichier n'a pas pu être importé : rien n'a été enregistré.")
        _save(job, status=Status.FAILED, error=message)
        return job
    except Exception as error:
        logger.exception("Écriture de l'import %s en échec", job.reference)
        _save(job, status=Status.FAILED, error=str(error)[:250])
        raise
    finally:
        progress_clear(job)


def _write(job: DataJob, report: importers.ImportReport) -> DataJob:
    started = time.perf_counter()
    with transaction.atomic():
        # Held to the commit: a second delivery waits here, then finds the import done.
        locked = DataJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.WRITING:
            return locked
        count = import_writer.import_commit(
            report=report, by=job.requested_by, reference=job.reference,
            progress=progress_reporter(job, live=True),
        )  # fmt: skip
        seconds = round(time.perf_counter() - started, 2)
        summary = {**job.summary, "created": count, "write_seconds": seconds}
        _save(job, status=Status.DONE, done=count, summary=summary)
        source = job.source.name
        transaction.on_commit(lambda: job.source.storage.delete(source))
    return job


@transaction.atomic
def export_start(*, by: User, subject: str, fmt: str, query: str) -> DataJob:
    """Queue the export of a list filtered by `query` (the list's query string)."""
    job = DataJob.objects.create(
        operation=DataJob.Operation.EXPORT, subject=subject, reference=_reference("EXP"),
        file_format=fmt, query=query[:2000], requested_by=by,
    )  # fmt: skip
    _queue(EXPORT_JOB, job)
    return job


def export_run(*, job_id: int) -> DataJob | None:
    """Write the filtered list to a file, counting rows as they go."""
    job = _claim(job_id, (Status.PENDING, Status.EXPORTING), Status.EXPORTING)
    if job is None:
        return None
    # The list as its requester saw it ("mine" is theirs), not as a worker would.
    queryset = exports.export_queryset(job.subject, QueryDict(job.query), job.requested_by)
    _save(job, total=queryset.count())
    name, header, rows = exports.export_table(job.subject, queryset)
    folder = Path(settings.MEDIA_ROOT) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryFile(dir=folder) as stream:
            count = exports.write_table(
                job.file_format, name, header, rows, stream, progress_reporter(job, live=False)
            )
            stream.seek(0)
            filename = exports.export_filename(job.file_format, name)
            job.result.save(f"{job.reference}-{filename}", File(stream), save=False)
        # Rows added while the file was written are in it: the count follows the file.
        _save(job, status=Status.DONE, total=max(count, job.total), done=count, result=job.result)
    except Exception as error:
        logger.exception("Export %s en échec", job.reference)
        _save(job, status=Status.FAILED, error=str(error)[:250])
        raise
    return job

"""The restore drill: back up the demo, destroy it, restore it into a fresh database.

Everything runs as `manage.py` in processes of their own, as an operator would, on the
suite's kind of database: on PostgreSQL, databases this test creates (``test_drill_…``)
and drops, and no other; on SQLite, files under the test's temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.databases import migrated_copy, url_of

ROOT = Path(__file__).resolve().parents[2]

# Counts every table and lists every document, through Django, whatever the database.
INVENTORY = """
import json
from django.db import connection
from conventions.models import Document
tables = sorted(connection.introspection.table_names())
with connection.cursor() as cursor:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
documents = sorted([d.file.name, d.checksum] for d in Document.objects.all())
print(json.dumps({"counts": counts, "documents": documents}))
"""

# Some documents to back up: the demo has none until someone generates them.
DOCUMENTS = """
from conventions.documents import document_generate
from conventions.models import Convention
for convention in Convention.objects.order_by("pk")[:3]:
    for kind in ("convention", "committee_report"):
        document_generate(convention=convention, kind=kind, by=None)
"""


MARKER_TABLE = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE drill_marker (id integer)")
"""


class Databases:
    """Databases for the drill: created here, dropped here, only those."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.token, self.created = folder, secrets.token_hex(4), []
        self.settings = connection.settings_dict
        self.vendor = connection.vendor

    def _admin(self) -> psycopg.Connection:
        s = self.settings
        return psycopg.connect(
            dbname="postgres",
            user=s["USER"],
            password=s["PASSWORD"] or None,
            host=s["HOST"] or None,
            port=s["PORT"] or None,
            autocommit=True,
        )

    def create(self, role: str) -> str:
        """A new empty database; its DATABASE_URL."""
        if self.vendor == "sqlite":
            path = self.folder / f"{role}.sqlite3"
            assert not path.exists()
            self.created.append(path)
            return f"sqlite:///{path}"
        name = f"test_drill_{self.token}_{role}"
        with self._admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        s = self.settings
        password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
        return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{name}"

    def migrated(self, role: str) -> str:
        """A database with the whole schema: on PostgreSQL a copy of the migrated test
        database (a second instead of a minute of migrations), on SQLite migrated here."""
        if self.vendor == "sqlite":
            url = self.create(role)
            manage("migrate", "--noinput", database_url=url, media=self.folder, folder=self.folder)
            return url
        name = migrated_copy(f"drill_{self.token}_{role}")
        self.created.append(name)
        return url_of(name)

    def destroy(self, url: str) -> None:
        if self.vendor == "sqlite":
            path = Path(url.removeprefix("sqlite:///"))
            assert path in self.created
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink()
            return
        name = url.rsplit("/", 1)[1]
        assert name in self.created and name.startswith("test_drill_")
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def destroy_all(self) -> None:
        for created in self.created:
            if self.vendor == "sqlite":
                continue
            with self._admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


@pytest.fixture
def databases(tmp_path) -> Iterator[Databases]:
    made = Databases(tmp_path)
    yield made
    made.destroy_all()


def manage(*args: str, database_url: str, media: Path, folder: Path) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "tests-only-not-a-secret",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "MAILLAGE_VAR_DIR": str(folder / "var"),
        "LOG_LEVEL": "WARNING",
    }
    # No broker is needed: what the demo queues goes to a filesystem broker in the tmp folder.
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"manage.py {args[0]}: {result.stderr[-3000:]}"
    return result.stdout


def manage_fails(*args: str, database_url: str, media: Path, folder: Path) -> str:
    try:
        manage(*args, database_url=database_url, media=media, folder=folder)
    except AssertionError as error:
        return str(error)
    raise AssertionError(f"manage.py {args[0]} should have refused")


def sha256_of_files(media: Path, documents: list[list[str]]) -> dict[str, str]:
    return {name: hashlib.sha256((media / name).read_bytes()).hexdigest() for name, _ in documents}


# Transactional: the test database is copied, so no transaction of the test may hold it.
@pytest.mark.django_db(transaction=True)
def test_the_demo_backed_up_destroyed_and_restored_has_every_row_and_document(databases, tmp_path):
    source, media = databases.migrated("source"), tmp_path / "media-source"
    run = {"media": media, "folder": tmp_path}
    manage("demo", database_url=source, **run)
    manage("shell", "--no-imports", "-c", DOCUMENTS, database_url=source, **run)
    before = json.loads(
        manage("shell", "--no-imports", "-c", INVENTORY, database_url=source, **run)
    )
    assert len(before["documents"]) == 6
    assert before["counts"]["partners_organisation"] > 0
    files_before = sha256_of_files(media, before["documents"])
    assert files_before == dict(map(tuple, before["documents"]))

    out = manage("backup", "--to", str(tmp_path / "backups"), database_url=source, **run)
    backup = Path(out.strip().splitlines()[-1])
    manifest = json.loads((backup / "manifest.json").read_text())
    assert set(manifest["media"]) == set(files_before)

    # The disaster: the database and the files are gone.
    databases.destroy(source)
    shutil.rmtree(media)

    target, restored_media = databases.create("target"), tmp_path / "media-target"
    run = {"media": restored_media, "folder": tmp_path}
    manage("restore", str(backup), database_url=target, **run)
    after = json.loads(manage("shell", "--no-imports", "-c", INVENTORY, database_url=target, **run))

    assert after["counts"] == before["counts"]
    assert after["documents"] == before["documents"]
    assert sha256_of_files(restored_media, after["documents"]) == files_before


@pytest.mark.django_db
def test_a_tampered_backup_or_a_database_in_use_is_refused_before_anything_is_written(
    databases, tmp_path
):
    source, media = databases.create("source"), tmp_path / "media-source"
    run = {"media": media, "folder": tmp_path}
    # One table is enough to be a database in use (no need to migrate the whole schema).
    manage("shell", "--no-imports", "-c", MARKER_TABLE, database_url=source, **run)
    (media / "conventions" / "1").mkdir(parents=True)
    (media / "conventions" / "1" / "scan.pdf").write_bytes(b"%PDF-1.4 scan")
    out = manage("backup", "--to", str(tmp_path / "backups"), database_url=source, **run)
    backup = Path(out.strip().splitlines()[-1])

    # Into the database it came from: not empty, refused.
    refused = manage_fails("restore", str(backup), database_url=source, **run)
    assert "n'est pas vide" in refused

    # One byte changed in the files' archive: refused, the fresh database left empty.
    archive = backup / "media.tar"
    content = bytearray(archive.read_bytes())
    content[content.index(b"scan")] ^= 1
    archive.write_bytes(bytes(content))
    target = databases.create("target")
    run = {"media": tmp_path / "media-target", "folder": tmp_path}
    refused = manage_fails("restore", str(backup), database_url=target, **run)
    assert "media.tar ne correspond pas à son empreinte SHA-256" in refused
    tables = "from django.db import connection; print(connection.introspection.table_names())"
    assert manage("shell", "--no-imports", "-c", tables, database_url=target, **run).strip() == "[]"
    assert not any((tmp_path / "media-target").iterdir())

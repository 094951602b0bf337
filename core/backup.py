"""Back up and restore the database and the media files, with a manifest of SHA-256 sums.

A backup is one folder, ``maillage-<UTC time>/``:

- ``database.pgdump`` (``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite's
  online backup), whichever the configured database is;
- ``media.tar``, every file under MEDIA_ROOT (documents, signed scans);
- ``manifest.json``: the SHA-256 of both archives and of every media file, with their sizes;
- ``SHA256SUMS``, the archives' sums again for ``sha256sum -c`` without Python.

A restore checks every sum before it touches anything, goes only into an empty database and
an empty media folder (create them fresh: a restore never drops what is there), then checks
each restored media file against the manifest. No password is ever put on a command line:
``pg_dump`` and ``pg_restore`` get it through ``PGPASSWORD``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore refused, with the reason in French for the operator."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _database() -> dict[str, Any]:
    return settings.DATABASES["default"]


def _is_sqlite() -> bool:
    return _database()["ENGINE"].endswith("sqlite3")


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    db = _database()
    args = [program, "--no-owner", "--no-privileges"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{args[0]} a échoué : {result.stderr.strip()[-2000:]}")


def _media_files(root: Path) -> dict[str, dict[str, Any]]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): {"sha256": sha256_of(path), "size": path.stat().st_size}
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup_create(*, into: Path) -> Path:
    """Write a new backup folder under `into`; its path."""
    moment = dt.datetime.now(dt.UTC)
    folder = Path(into) / f"maillage-{moment:%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True, exist_ok=False)
    if _is_sqlite():
        database_file = folder / "database.sqlite3"
        source = sqlite3.connect(_database()["NAME"])
        target = sqlite3.connect(database_file)
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        database_file = folder / "database.pgdump"
        args, env = _pg_command("pg_dump")
        _run([*args, "--format=custom", f"--file={database_file}", _database()["NAME"]], env)

    media_root = Path(settings.MEDIA_ROOT)
    media = _media_files(media_root)
    media_file = folder / "media.tar"
    with tarfile.open(media_file, "w") as archive:
        for name in media:
            archive.add(media_root / name, arcname=name, recursive=False)

    archives = {
        path.name: {"sha256": sha256_of(path), "size": path.stat().st_size}
        for path in (database_file, media_file)
    }
    manifest = {
        "format": FORMAT,
        "created_at": moment.isoformat(),
        "database": {"vendor": connection.vendor, "file": database_file.name},
        "archives": archives,
        "media": media,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    (folder / "SHA256SUMS").write_text(
        "".join(f"{entry['sha256']}  {name}\n" for name, entry in archives.items())
    )
    return folder


def backup_verify(folder: Path) -> dict[str, Any]:
    """The manifest, once every archive matches its SHA-256; BackupError otherwise."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"Manifeste illisible dans {folder} : {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')!r}.")
    for name, entry in manifest["archives"].items():
        path = folder / name
        if not path.is_file() or sha256_of(path) != entry["sha256"]:
            raise BackupError(
                f"{name} ne correspond pas à son empreinte SHA-256 : sauvegarde altérée."
            )
    return manifest


def backup_restore(*, folder: Path) -> dict[str, int]:
    """Restore a verified backup into the (empty) configured database and media folder."""
    folder = Path(folder)
    manifest = backup_verify(folder)
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(
            f"Sauvegarde {manifest['database']['vendor']}, base configurée {connection.vendor}."
        )
    if connection.introspection.table_names():
        raise BackupError(
            "La base de destination n'est pas vide : créez une base neuve pour la restauration."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"Le dossier des fichiers {media_root} n'est pas vide.")

    database_file = folder / manifest["database"]["file"]
    if _is_sqlite():
        connection.close()
        shutil.copyfile(database_file, _database()["NAME"])
    else:
        connection.close()
        args, env = _pg_command("pg_restore")
        _run(
            [*args, "--exit-on-error", "--single-transaction",
             f"--dbname={_database()['NAME']}", str(database_file)],
            env,
        )  # fmt: skip

    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar") as archive:
        # "data": no absolute paths, no links out of the folder, no devices.
        archive.extractall(media_root, filter="data")
    restored = _media_files(media_root)
    expected = {name: entry["sha256"] for name, entry in manifest["media"].items()}
    found = {name: entry["sha256"] for name, entry in restored.items()}
    if found != expected:
        wrong = sorted(set(expected.items()) ^ set(found.items()))[:5]
        raise BackupError(f"Fichiers restaurés différents du manifeste : {wrong}")
    return {"media_files": len(restored), "tables": len(connection.introspection.table_names())}

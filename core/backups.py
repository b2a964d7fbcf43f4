"""Backups of what a site cannot rebuild: its database and its uploaded media.

A backup is one folder: the database (pg_dump's custom format for PostgreSQL, SQLite's
online backup for SQLite), ``media.tar.gz`` with every uploaded file (from MEDIA_ROOT or
the bucket of MEDIA_STORAGE_URL, through the storage API), and
``manifest.json`` saying what is in it. Both are taken while the site keeps running.
Restoring puts the database back as it was in the backup and the media files back in
place (files uploaded since the backup are left where they are), and retires every cached
page.
"""

import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

from core.caching import retire_everything

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


def _database():
    connection = connections["default"]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection


def _run(command, env=None):
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed. Install PostgreSQL's client programs "
            "(apt-get install postgresql-client), of the server's major version or newer."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _postgres_command(program, connection):
    """``program`` with the connection's server and user, and the environment it needs."""
    parameters = connection.settings_dict
    command = [program]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if parameters.get(key):
            command += [option, str(parameters[key])]
    env = {**os.environ}
    if parameters.get("PASSWORD"):
        env["PGPASSWORD"] = parameters["PASSWORD"]
    return command, env


def _dump_database(connection, path):
    if connection.vendor == "postgresql":
        command, env = _postgres_command("pg_dump", connection)
        _run(
            [*command, "--format=custom", "--no-owner", "--no-privileges", "--file", str(path),
             connection.settings_dict["NAME"]],
            env,
        )  # fmt: skip
    else:
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        copy.close()


def _restore_database(connection, path):
    if connection.vendor == "postgresql":
        connections.close_all()
        command, env = _postgres_command("pg_restore", connection)
        _run(
            [*command, "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", "--dbname",
             connection.settings_dict["NAME"], str(path)],
            env,
        )  # fmt: skip
    else:
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()


def _stored_files(storage, folder=""):
    """Every file in ``storage`` (a folder on disk or a bucket), by name, in order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for sub in sorted(folders):
        yield from _stored_files(storage, posixpath.join(folder, sub))


def _media_members(archive):
    """The backup's media files with the names they go back under; refuses the archive
    when one would land outside the media (an absolute path, a "..")."""
    members = []
    for member in archive.getmembers():
        if not member.isfile():
            continue
        name = posixpath.normpath(member.name)
        if name.startswith(("/", "../")) or name == "..":
            raise BackupError(
                f"The backup's media has a file outside the media ({member.name}): it was "
                "not made by the backup command. Nothing was restored."
            )
        members.append((member, name))
    return members


def _put_back(archive, member, name):
    """Store ``member`` under ``name``, replacing what is there."""
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, File(archive.extractfile(member), name=name))
    if stored != name:
        raise BackupError(f"{name} could not be put back under its own name ({stored}).")


def create_backup(parent):
    """Write a new backup folder inside ``parent``; return its path and manifest.

    The folder appears only when the backup is complete: a failed one leaves nothing.
    """
    connection = _database()
    created = timezone.now()
    parent = Path(parent)
    folder = parent / f"backup-{created:%Y%m%d-%H%M%S}"
    if folder.exists():
        raise BackupError(f"{folder} already exists: wait a second and run the backup again.")
    partial = parent / f".{folder.name}.partial"
    partial.mkdir(parents=True, exist_ok=False)
    try:
        database_file = DATABASE_FILES[connection.vendor]
        _dump_database(connection, partial / database_file)
        media_files = 0
        with tarfile.open(partial / MEDIA_ARCHIVE, "w:gz") as archive:
            for name in _stored_files(default_storage):
                with default_storage.open(name) as stored:
                    data = stored.read()
                member = tarfile.TarInfo(name)
                member.size, member.mtime = len(data), int(created.timestamp())
                archive.addfile(member, io.BytesIO(data))
                media_files += 1
        manifest = {
            "created": created.isoformat(),
            "database": connection.vendor,
            "database_file": database_file,
            "media_archive": MEDIA_ARCHIVE,
            "media_files": media_files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return folder, manifest


def read_manifest(folder):
    """The manifest of the backup in ``folder``, checked against this site's database."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        database_file = folder / manifest["database_file"]
        media_archive = folder / manifest["media_archive"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(
            f"{folder} is not a backup made by the backup command ({error})."
        ) from error
    for path in (database_file, media_archive):
        if not path.is_file():
            raise BackupError(f"The backup is incomplete: {path} is missing.")
    vendor = _database().vendor
    if manifest["database"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['database']} database and this site uses {vendor}: "
            f"restore it into a {manifest['database']} database (DATABASE_URL)."
        )
    return manifest


def restore_backup(folder):
    """Put the database and media files of the backup in ``folder`` back; return its manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    with tarfile.open(folder / manifest["media_archive"], "r:gz") as archive:
        members = _media_members(archive)
        _restore_database(_database(), folder / manifest["database_file"])
        for member, name in members:
            _put_back(archive, member, name)
    # Pages cached before the restore show what the restore took away.
    retire_everything()
    return manifest

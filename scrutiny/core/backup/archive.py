"""Making a backup: one gzipped tar archive holding the database and every stored file, and
last its manifest of checksums (docs/backup.md).

The database is dumped first, then the files are copied. Stored files are only ever added
under new names, never changed or deleted in place, so every file the dump refers to is
still in the storage when the files are copied; a file added meanwhile is copied too and is
simply not referred to. The manifest lists any referred-to file the storage lacks."""

import datetime
import io
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import connection

from scrutiny.core.backup.checksums import Checksum, ChecksummingReader
from scrutiny.core.backup.database import dump_database, vendor_module
from scrutiny.core.backup.destinations import private_file, refuse_unless_private_place
from scrutiny.core.backup.errors import BackupRefused
from scrutiny.core.backup.manifest import FILES_FOLDER, MANIFEST_NAME, Manifest
from scrutiny.core.backup.provenance import app_version
from scrutiny.core.backup.stored_files import open_stored, stored_file_names

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")


@dataclass(frozen=True)
class BackupMade:
    path: Path
    manifest: Manifest


def backup_create(destination: Path) -> BackupMade:
    """Write a backup to `destination`: a file name ending .tar.gz, or a folder to write a
    newly named archive in. Nothing is left behind if it fails."""
    vendor = vendor_module()
    created_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    target = _archive_path(destination, created_at)
    refuse_unless_private_place(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)  # left by a backup that was killed
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".scrutiny-backup-") as work:
            dump = Path(work) / "database"
            snapshot = dump_database(dump)
            with private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                members = {}
                with dump.open("rb") as stream:
                    members[vendor.MEMBER] = _add(tar, vendor.MEMBER, stream, created_at)
                for name in stored_file_names():
                    try:
                        stream = open_stored(name)
                    except FileNotFoundError:  # gone since listed: never a referred-to file
                        continue
                    with stream:
                        members[FILES_FOLDER + name] = _add(
                            tar, FILES_FOLDER + name, stream, created_at
                        )
                manifest = Manifest(
                    created_at=created_at.isoformat(),
                    app_version=app_version(),
                    vendor=connection.vendor,
                    database_member=vendor.MEMBER,
                    database_format=vendor.FORMAT,
                    migrations=snapshot.migrations,
                    members=members,
                )
                manifest.missing_files = sorted(
                    snapshot.referenced_files - manifest.stored_files.keys()
                )
                data = manifest.to_json()
                _add(tar, MANIFEST_NAME, io.BytesIO(data), created_at)
                raw.flush()
                os.fsync(raw.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupMade(target, manifest)


def _archive_path(destination: Path, created_at: datetime.datetime) -> Path:
    if destination.name.endswith(ARCHIVE_SUFFIXES):
        if destination.exists():
            raise BackupRefused(f"{destination} already exists; nothing was written.")
        return destination
    if destination.exists() and not destination.is_dir():
        raise BackupRefused(
            f"{destination} is a file; give a folder, or a new file name ending .tar.gz."
        )
    return destination / f"scrutiny-backup-{created_at:%Y%m%dT%H%M%SZ}.tar.gz"


def _add(tar: tarfile.TarFile, name: str, stream: IO[bytes], when) -> Checksum:
    info = tarfile.TarInfo(name)
    info.size = _size(stream)
    info.mtime = int(when.timestamp())
    info.mode = 0o600
    reader = ChecksummingReader(stream)
    tar.addfile(info, reader)
    return reader.checksum


def _size(stream: IO[bytes]) -> int:
    size = getattr(stream, "size", None)  # Django's File, from any storage
    if size is None:
        size = stream.seek(0, os.SEEK_END)
        stream.seek(0)
    return size

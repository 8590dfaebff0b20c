"""Putting a backup back (docs/backup.md). The whole archive is unpacked and checked against
its manifest before anything is touched: a damaged archive, another database vendor's, one
made by a newer version, or a target that already holds a record (unless replacing it is
asked for) is refused with nothing changed. Then the files are written, and last the
database, so the restored database never refers to a file not yet back."""

import logging
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection

from scrutiny.core.backup.checksums import Checksum, checksum_of
from scrutiny.core.backup.database import restore_database, tables_holding_rows
from scrutiny.core.backup.errors import BackupRefused
from scrutiny.core.backup.manifest import DATABASE_FOLDER, FILES_FOLDER, MANIFEST_NAME, Manifest
from scrutiny.core.backup.provenance import known_migrations
from scrutiny.core.backup.stored_files import (
    files_counted,
    open_stored,
    store_as,
    stored_file_names,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    files_written: int
    files_unchanged: int
    files_left: list[str]  # in the storage before, not in the backup: left in place
    migrations_to_apply: list[str]  # this code's migrations the backup had not reached


def backup_restore(archive: Path, *, replace: bool = False) -> Restored:
    """Restore `archive` into the configured database and storage. Unless `replace`, the
    target must hold no record and no stored file."""
    with tempfile.TemporaryDirectory(prefix="scrutiny-restore-") as work:
        try:
            manifest, unpacked = backup_unpack(archive, Path(work))
            _refuse_unless_restorable(manifest)
            present = set(stored_file_names())
            if not replace:
                _refuse_unless_empty(present)
        except BackupRefused as refusal:
            raise BackupRefused(f"{refusal} Nothing was restored.") from None
        written = unchanged = 0
        for name, checksum in manifest.stored_files.items():
            if name in present and _stored_checksum(name) == checksum:
                unchanged += 1
                continue
            try:
                with unpacked[FILES_FOLDER + name].open("rb") as content:
                    store_as(name, content)
            except OSError as error:
                raise BackupRefused(
                    f"The storage refused {name} ({error}). The database is as it was; "
                    f"{written} of the backup's files were written before it."
                ) from None
            written += 1
        try:
            restore_database(unpacked[manifest.database_member])
        except BackupRefused as refusal:
            raise BackupRefused(
                f"{refusal} The database is as it was; the backup's files were written to the "
                "storage (the database refers to none it did not have)."
            ) from None
    ContentType.objects.clear_cache()
    for alias in settings.CACHES:  # pages built from the record as it was
        caches[alias].clear()
    logger.warning("Restored the backup made at %s from %s", manifest.created_at, archive)
    return Restored(
        manifest=manifest,
        files_written=written,
        files_unchanged=unchanged,
        files_left=sorted(present - manifest.stored_files.keys()),
        migrations_to_apply=sorted(known_migrations() - set(manifest.migrations)),
    )


def backup_unpack(archive: Path, work: Path) -> tuple[Manifest, dict[str, Path]]:
    """Unpack `archive` into `work`, checking every member against the manifest; returns
    the manifest and where each member was unpacked. Refused if anything is amiss."""
    if not archive.is_file():
        raise BackupRefused(f"There is no backup at {archive}.")
    unpacked: dict[str, Path] = {}
    checksums: dict[str, Checksum] = {}
    try:
        with tarfile.open(archive, "r:*") as tar:
            for number, member in enumerate(tar):
                _refuse_unless_ours(member, unpacked)
                unpacked[member.name] = work / str(number)  # never a path the archive names
                with tar.extractfile(member) as source, unpacked[member.name].open("wb") as out:
                    checksums[member.name] = checksum_of(source, copy_to=out)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupRefused(
            f"The archive {archive} is damaged or not a backup ({error})."
        ) from None
    if MANIFEST_NAME not in unpacked:
        raise BackupRefused(
            f"The archive {archive} has no manifest: it is incomplete or not a backup."
        )
    manifest = Manifest.from_json(unpacked.pop(MANIFEST_NAME).read_bytes())
    del checksums[MANIFEST_NAME]
    _refuse_unless_as_listed(manifest, checksums)
    return manifest, unpacked


def _refuse_unless_ours(member: tarfile.TarInfo, seen: dict) -> None:
    path = PurePosixPath(member.name)
    expected = member.name == MANIFEST_NAME or member.name.startswith(
        (DATABASE_FOLDER, FILES_FOLDER)
    )
    if not member.isfile() or path.is_absolute() or ".." in path.parts or not expected:
        raise BackupRefused(f"The archive holds {member.name!r}, which no backup holds.")
    if member.name in seen:
        raise BackupRefused(f"The archive holds {member.name} twice.")


def _refuse_unless_as_listed(manifest: Manifest, checksums: dict[str, Checksum]) -> None:
    problems = [f"{name} is missing" for name in sorted(manifest.members.keys() - checksums.keys())]
    problems += [
        f"{name} is not listed in the manifest"
        for name in sorted(checksums.keys() - manifest.members.keys())
    ]
    problems += [
        f"{name} does not match its checksum"
        for name in sorted(manifest.members.keys() & checksums.keys())
        if manifest.members[name] != checksums[name]
    ]
    if manifest.database_member not in checksums:
        problems.append(f"its database ({manifest.database_member}) is missing")
    if problems:
        more = f"; and {len(problems) - 5} more" if problems[5:] else ""
        shown = "; ".join(problems[:5]) + more
        raise BackupRefused(f"The archive is damaged: {shown}.")


def _refuse_unless_restorable(manifest: Manifest) -> None:
    if manifest.vendor != connection.vendor:
        raise BackupRefused(
            f"This is a backup of a {manifest.vendor} database; the configured database is "
            f"{connection.vendor}. Restore it into a {manifest.vendor} database."
        )
    newer = sorted(set(manifest.migrations) - known_migrations())
    if newer:
        raise BackupRefused(
            f"This backup was made by a newer version of Scrutiny Tracker "
            f"({manifest.app_version}): its database has migrations this version lacks "
            f"({', '.join(newer)}). Install that version or a later one, then restore."
        )


def _refuse_unless_empty(present: set[str]) -> None:
    tables = tables_holding_rows()
    if tables or present:
        held = []
        if tables:
            held.append(f"rows in {', '.join(tables[:5])}" + (" and more" if tables[5:] else ""))
        if present:
            held.append(files_counted(len(present)))
        raise BackupRefused(
            f"The database and storage are not empty ({'; '.join(held)}). Restore into an "
            "empty database and storage, or give --yes to replace what is there."
        )


def _stored_checksum(name: str) -> Checksum:
    with open_stored(name) as stream:
        return checksum_of(stream)

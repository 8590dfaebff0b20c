"""The PostgreSQL database: pg_dump in its custom format, put back by pg_restore through
psql in one transaction (a failure leaves the database as it was).

The dump reads a snapshot exported by a transaction of our own, and the same transaction
reads which files the database refers to, so the list is exactly the dump's."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db import connection
from django.db.backends.postgresql.client import DatabaseClient

from scrutiny.core.backup.errors import BackupRefused
from scrutiny.core.backup.snapshot import Snapshot, read_snapshot

MEMBER = "database/postgresql.dump"
FORMAT = "pg_dump custom format"
# The dump as SQL that drops what it makes before making it, owned by whoever restores it.
RESTORE_OPTIONS = ["--clean", "--if-exists", "--no-owner", "--no-privileges"]
# Every file given runs in one transaction, stopping at the first error.
PSQL_OPTIONS = [
    "--no-psqlrc",
    "--quiet",
    "--output=/dev/null",
    "--single-transaction",
    "--set=ON_ERROR_STOP=1",
]


def dump(path: Path) -> Snapshot:
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            _run(["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={path}"])
            snapshot = read_snapshot(cursor, connection.ops.quote_name)
            cursor.execute("COMMIT")
        return snapshot
    finally:
        raw.close()


def restore(path: Path) -> None:
    """Replace the database by the dump at `path`: every table it has now is dropped and the
    dump's are made, in one transaction."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    connection.close()  # holds no lock on what is dropped
    with tempfile.TemporaryDirectory(prefix="scrutiny-restore-") as work:
        drop = Path(work) / "drop.sql"
        quote = connection.ops.quote_name
        drop.write_text("".join(f"DROP TABLE IF EXISTS {quote(t)} CASCADE;\n" for t in tables))
        script = Path(work) / "restore.sql"
        _run(["pg_restore", *RESTORE_OPTIONS, f"--file={script}", str(path)])
        _run(["psql", *PSQL_OPTIONS, f"--file={drop}", f"--file={script}"])


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupRefused(
            f"{command[0]} is not installed: install PostgreSQL's client programs "
            "(Debian: apt install postgresql-client)."
        )
    result = subprocess.run(command, env=_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupRefused(f"{command[0]} failed: {result.stderr.strip()}")


def _environment() -> dict[str, str]:
    """The configured database for PostgreSQL's programs, as libpq's variables (so no
    password is ever on a command line)."""
    settings_dict = connection.settings_dict
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(env or {})}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env

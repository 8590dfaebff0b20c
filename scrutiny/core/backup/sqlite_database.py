"""The SQLite database: a consistent copy taken by SQLite's online backup API while the site
runs (one step, under a read lock, so writers wait rather than tear the copy), and put back
by the same API into the open database, so every process sees the restored file."""

import sqlite3
from pathlib import Path

from django.db import connection

from scrutiny.core.backup.errors import BackupRefused
from scrutiny.core.backup.snapshot import Snapshot, read_snapshot

MEMBER = "database/sqlite.sqlite3"
FORMAT = "SQLite database file"


def dump(path: Path) -> Snapshot:
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        # One self-contained file, whatever journal the live database keeps (WAL or not).
        copy.execute("PRAGMA journal_mode=DELETE")
        return read_snapshot(copy.cursor(), connection.ops.quote_name)
    finally:
        copy.close()


def restore(path: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as error:  # raised before a page is written
        raise BackupRefused(f"SQLite could not read the backup's database ({error}).") from None
    finally:
        source.close()

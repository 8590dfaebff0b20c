"""What a backup reads from the database's own snapshot, in the same snapshot as the dump:
the stored files it refers to and the migrations it has applied."""

from dataclasses import dataclass

from scrutiny.core.backup.provenance import applied_migrations
from scrutiny.core.backup.stored_files import referenced_file_names


@dataclass(frozen=True)
class Snapshot:
    referenced_files: frozenset[str]
    migrations: list[str]


def read_snapshot(cursor, quote_name) -> Snapshot:
    return Snapshot(
        referenced_files=frozenset(referenced_file_names(cursor, quote_name)),
        migrations=applied_migrations(cursor),
    )

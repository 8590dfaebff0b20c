"""The configured database, whichever vendor it is: a consistent dump, putting a dump back,
and whether it holds anything a restore would overwrite."""

from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.db import connection

from scrutiny.core.backup import postgresql_database, sqlite_database
from scrutiny.core.backup.errors import BackupRefused
from scrutiny.core.backup.snapshot import Snapshot

VENDORS: dict[str, ModuleType] = {"postgresql": postgresql_database, "sqlite": sqlite_database}

# What `migrate` itself writes into a new database: Django's content types and permissions,
# and the rows the project's data migrations install (the roles and the status vocabulary).
# A database holding nothing else holds no record (tests/backup/test_backup_refusals.py).
FILLED_BY_MIGRATE = frozenset(
    {"contenttypes.contenttype", "auth.permission", "auth.group", "reviews.status"}
)


def vendor_module() -> ModuleType:
    try:
        return VENDORS[connection.vendor]
    except KeyError:
        raise BackupRefused(
            f"Backups are made of PostgreSQL and SQLite databases, not {connection.vendor}."
        ) from None


def dump_database(path: Path) -> Snapshot:
    return vendor_module().dump(path)


def restore_database(path: Path) -> None:
    if connection.in_atomic_block:
        raise BackupRefused("A restore cannot run inside a database transaction.")
    vendor_module().restore(path)
    connection.close()  # the next query reads the restored database afresh


def tables_holding_rows() -> list[str]:
    """The models' tables that hold rows, other than those `migrate` fills. Other tables
    hold nothing of their own: an index's internal tables (SQLite's full-text search
    keeps its settings in them from the start) follow the models' rows."""
    models = apps.get_models(include_auto_created=True)
    tables = {model._meta.db_table for model in models}
    filled = {
        model._meta.db_table for model in models if model._meta.label_lower in FILLED_BY_MIGRATE
    }
    quote = connection.ops.quote_name
    holding = []
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        for table in sorted((present & tables) - filled):
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 (quoted)
            if cursor.fetchone():
                holding.append(table)
    return holding

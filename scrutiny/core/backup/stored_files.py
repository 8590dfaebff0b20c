"""The stored files (documents, evidence) as the default storage holds them, on the local
filesystem or in object storage alike: every name it holds, the names the database refers
to, and writing a file back under exactly its own name."""

from collections.abc import Iterator
from typing import IO

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

from scrutiny.core.backup.errors import BackupRefused


def stored_file_names() -> list[str]:
    """Every file in the default storage, by its storage name, sorted."""
    return sorted(_walk(""))


def _walk(folder: str) -> Iterator[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # a filesystem storage whose folder was never made
        return
    prefix = f"{folder}/" if folder else ""
    for name in files:
        yield prefix + name
    for sub in folders:
        yield from _walk(prefix + sub)


def file_columns() -> list[tuple[str, str]]:
    """(table, column) of every file field of every installed model."""
    return sorted(
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    )


def referenced_file_names(cursor, quote_name) -> set[str]:
    """The storage names the database refers to, read through `cursor` (any DB-API
    cursor: the snapshot a dump was taken from, or a copied SQLite file)."""
    names = set()
    for table, column in file_columns():
        column_sql = quote_name(column)
        cursor.execute(
            f"SELECT {column_sql} FROM {quote_name(table)} "  # noqa: S608 (names quoted, from the models)
            f"WHERE {column_sql} IS NOT NULL AND {column_sql} <> ''"
        )
        names.update(row[0] for row in cursor.fetchall())
    return names


def open_stored(name: str) -> IO[bytes]:
    return default_storage.open(name, "rb")


def store_as(name: str, content: IO[bytes]) -> None:
    """Write `content` to the storage under exactly `name`, replacing a file of that name
    (a storage otherwise saves under a new name beside it)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, File(content, name=name))
    if saved != name:
        raise BackupRefused(f"The storage saved {name} as {saved}; restore it by hand.")


def files_counted(count: int) -> str:
    """ "1 stored file", "3 stored files"."""
    return f"{count} stored file{'' if count == 1 else 's'}"

"""The whole record, restricted parts included, as JSON plus its files, in the layout
docs/export.md describes, for the council's own systems to read. A command writes it, never
a URL: it holds exempt and confidential information.

Every model's rows are read in one transaction (one snapshot, so the files agree with each
other), then the stored files are copied: as for a backup, stored files are never changed
or deleted in place, so every file the rows refer to is still there."""

import datetime
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from scrutiny.core.backup.checksums import checksum_of
from scrutiny.core.backup.destinations import private_folder, refuse_unless_private_place
from scrutiny.core.backup.provenance import app_version
from scrutiny.core.backup.snapshot import read_snapshot
from scrutiny.core.backup.stored_files import open_stored, stored_file_names

FORMAT = "scrutiny-tracker-record-export"
SCHEMA_VERSION = 1
BATCH = 2000  # rows read and written at a time

# What is not the record, and so not exported (docs/export.md says why for each).
LEFT_OUT = {
    "sessions.session": "sign-in sessions: secrets, not the record",
    "django_tasks_database.dbtaskresult": "the background worker's queue",
    "axes.accessattempt": "failed sign-ins (addresses of people signing in)",
    "axes.accessattemptexpiration": "failed sign-ins (addresses of people signing in)",
    "axes.accessfailurelog": "failed sign-ins (addresses of people signing in)",
    "axes.accesslog": "sign-ins (addresses of people signing in)",
    "core.recordversion": "the page cache's counters",
    "auth.user.password": "password hashes are credentials: set passwords anew",
}


@dataclass(frozen=True)
class Exported:
    folder: Path
    counts: dict[str, int]  # model label -> rows
    files: int
    missing_files: list[str]


def record_export(folder: Path) -> Exported:
    """Write the whole record to `folder`, a new or empty folder."""
    refuse_unless_private_place(folder)
    private_folder(folder)
    (folder / "data").mkdir()
    (folder / "files").mkdir()
    created_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    with _one_snapshot() as cursor:
        snapshot = read_snapshot(cursor, connection.ops.quote_name)
        tables = [_write_model(model, folder) for model in exported_models()]
    files = []
    for name in stored_file_names():
        try:
            stream = open_stored(name)
        except FileNotFoundError:  # gone since listed: never a file the record refers to
            continue
        target = folder / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with stream, target.open("wb") as out:
            files.append({"path": f"files/{name}", **checksum_of(stream, copy_to=out).as_json()})
    missing = sorted(snapshot.referenced_files - {f["path"].removeprefix("files/") for f in files})
    manifest = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "created_at": created_at.isoformat(),
        "app_version": app_version(),
        "database_vendor": connection.vendor,
        "migrations": snapshot.migrations,
        "models": tables,
        "files": files,
        "missing_files": missing,
        "left_out": LEFT_OUT,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return Exported(
        folder=folder,
        counts={table["model"]: table["count"] for table in tables},
        files=len(files),
        missing_files=missing,
    )


def exported_models() -> list[type[models.Model]]:
    """Every model of the record, by label; many-to-many links go with their model."""
    return sorted(
        (m for m in apps.get_models() if m._meta.label_lower not in LEFT_OUT),
        key=lambda m: m._meta.label_lower,
    )


@contextmanager
def _one_snapshot() -> Iterator:
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost and connection.vendor == "postgresql":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield cursor


def _write_model(model: type[models.Model], folder: Path) -> dict:
    label = model._meta.label_lower
    fields = [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f"{label}.{f.name}" not in LEFT_OUT and not f.primary_key
    ]
    rows = model._base_manager.order_by("pk")
    count = rows.count()
    header = json.dumps(
        {
            "schema_version": SCHEMA_VERSION,
            "model": label,
            "table": model._meta.db_table,
            "primary_key": model._meta.pk.name,
            "fields": {f.name: _describe(f) for f in fields},
            "count": count,
        }
    )
    path = folder / "data" / f"{label}.json"
    names = [f.name for f in fields]
    with path.open("w") as out:
        out.write(header[:-1] + ', "records": [')  # the header object, left open for the rows
        separator = "\n"
        for batch in _batches(rows.iterator(chunk_size=BATCH), BATCH):
            for record in serializers.serialize("python", batch, fields=names):
                out.write(separator + json.dumps(record, cls=ExactJSONEncoder))
                separator = ",\n"
        out.write("\n]}\n")
    with path.open("rb") as written:
        checksum = checksum_of(written)
    return {"model": label, "file": f"data/{label}.json", "count": count, **checksum.as_json()}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it rounds to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _batches(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _describe(field: models.Field) -> dict:
    """What another system needs to read a field's values."""
    description = {"type": field.get_internal_type(), "null": field.null}
    if field.is_relation:
        description["to"] = field.related_model._meta.label_lower
        description["many"] = field.many_to_many
    if field.choices:
        description["choices"] = [value for value, _ in field.flatchoices]
    if isinstance(field, models.FileField):
        description["file"] = "the stored file is files/<value>"
    return description
